"""The HTTP API and the web page: a FastAPI app over the store, read-only unless a token is set.

A request opens the store read-only only for the queries it needs, passing the store's gate first
(io/gate.py: no reader starts while a writer waits), and has a time budget (settings.read_budget)
for waiting and reading: past it the running query is interrupted and the answer is 503 with
Retry-After. So no request can keep a writer (`entente ingest`, an upload) waiting longer than the
budget. Everything else (formatting, summaries) runs with the store closed. POST /documents
(token required) runs the pipeline in this process with the store closed and holds the store only
to write. The Host header must name the server (its address, localhost on loopback, or an
--allowed-host): a page of another site reached through DNS rebinding is refused. No endpoint
opens a path the client names: static files are a fixed set found at start-up.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from entente.config import Settings
from entente.errors import EntenteError, StoreError, StoreLocked, UsageError
from entente.io import gate
from entente.io import search as fulltext
from entente.io.store import Store
from entente.pipeline import IngestReport, ingest_raw
from entente.stages.actors import fold
from entente.types import Actor, Event, RawDoc
from entente.views.actors import PersonRecord, slug, stored_people, stored_person
from entente.views.timeline import country_code, country_name, dyad_events, dyad_of, summarize, when
from entente.web.models import (
    ID_RULE,
    ActorOut,
    AgreementOut,
    ArticleIn,
    CountryOut,
    DocumentOut,
    ErrorOut,
    EventOut,
    EventPage,
    EvidenceOut,
    HitOut,
    IngestOut,
    OfficeOut,
    PersonOut,
    PersonSummary,
    PlaceOut,
    SearchOut,
    SourceOut,
    SummaryOut,
    TimelineOut,
)

STATIC = Path(__file__).resolve().parent / "static"
ARTICLES = TypeAdapter(list[ArticleIn])
MAX_ARTICLES = 1000
# Scripts only from our own files; inline styles are allowed because vis-timeline sets them (measured: 28
# refusals per page load without 'unsafe-inline').
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (400, 404, 422, 500, 503)}
BUSY = "the store is being written by another process (an ingest) or by an upload; try again shortly"
SLOW = "the request ran past its time budget while the store is busy; try again shortly"
RETRY = {"Retry-After": "5"}
BEARER = HTTPBearer(auto_error=False, description="The server's ENTENTE_TOKEN, needed for writes.")
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
WILDCARD = {"0.0.0.0", "::", ""}
T = TypeVar("T")


def create_app(settings: Settings) -> FastAPI:
    """The FastAPI app serving the store named in settings (writes need settings.token; each request has
    settings.read_budget seconds to wait for and read the store)."""
    app = FastAPI(title="Entente", version="0.1.0", docs_url=None, redoc_url=None, description=(
        "Diplomatic events with their evidence. Read-only unless the server has a token; then "
        "POST /documents needs the header 'Authorization: Bearer <token>'. Errors are {\"error\": \"...\"}; "
        "503 means the store is being written (retry after the Retry-After header)."))
    app.state.settings = settings
    app.state.uploads = threading.Lock()  # one upload's NLP at a time (a spaCy pipeline is not thread-safe)
    add_error_handlers(app, settings)
    add_host_check(app, settings)
    add_security_headers(app)
    add_event_routes(app)
    add_people_and_dyad_routes(app)
    add_document_routes(app, settings)
    add_page_routes(app)
    return app


def is_locked(exc: StoreError) -> bool:
    """True when the store could not be opened because another process holds its lock."""
    text = str(exc)
    return isinstance(exc, StoreLocked) or "Could not set lock" in text or "Conflicting lock" in text


def retry_locked(action: Callable[[], T], deadline: float) -> T:
    """action(), tried again with backoff while the store is locked by another process, until the deadline."""
    delay = 0.02
    while True:
        try:
            return action()
        except StoreError as exc:
            if not is_locked(exc) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


class Watchdog:
    """Interrupts the query running on a store when a deadline passes (from a timer thread)."""

    def __init__(self, store: Store, deadline: float) -> None:
        self.store, self.expired, self.guard = store, False, threading.Lock()
        self.timer = threading.Timer(gate.remaining(deadline), self.fire)
        self.timer.daemon = True

    def fire(self) -> None:
        """The deadline passed: stop the running query (unless the reading is over)."""
        with self.guard:
            if self.timer is not None:
                self.expired = True
                self.store.interrupt()

    def __enter__(self) -> Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self.guard:
            self.timer.cancel()
            self.timer = None  # type: ignore[assignment]


@contextmanager
def read_store(request: Request) -> Iterator[Store]:
    """The store, opened read-only for the queries of one request within its time budget: 503 (with
    Retry-After) when a writer holds it past the budget or the queries run past it."""
    settings: Settings = request.app.state.settings
    deadline = time.monotonic() + settings.read_budget
    with gate.reading(settings.db, deadline):
        store = retry_locked(lambda: Store.open(settings.db, read_only=True), deadline)
        with store, Watchdog(store, deadline) as watchdog:
            try:
                yield store
            except HTTPException:
                raise
            except Exception as exc:
                if watchdog.expired:
                    raise HTTPException(503, SLOW, headers=RETRY) from exc
                raise
            if watchdog.expired or time.monotonic() > deadline:
                raise HTTPException(503, SLOW, headers=RETRY)


# -- errors ----------------------------------------------------------------------------------
def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON error response."""
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def add_error_handlers(app: FastAPI, settings: Settings) -> None:
    """Every error as {"error": "..."} with its status."""
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error(422, "; ".join(describe(e) for e in exc.errors()[:10]) or "invalid request")

    @app.exception_handler(UsageError)
    async def usage(_: Request, exc: UsageError) -> JSONResponse:
        return error(400, str(exc))

    @app.exception_handler(StoreError)
    async def unavailable(_: Request, exc: StoreError) -> JSONResponse:
        return error(503, store_message(exc, settings), RETRY)

    @app.exception_handler(EntenteError)
    async def failed(_: Request, exc: EntenteError) -> JSONResponse:
        return error(500, scrub(str(exc), settings))

    @app.exception_handler(Exception)
    async def crashed(_: Request, exc: Exception) -> JSONResponse:
        return error(500, f"internal error ({type(exc).__name__}); see the server's log")


def describe(problem: dict[str, Any]) -> str:
    """One validation problem: where and what (an id's rule said in words)."""
    where = ".".join(str(p) for p in problem.get("loc", ()) if p != "body")
    message = str(problem.get("msg", "invalid"))
    if problem.get("type") == "string_pattern_mismatch" and where.endswith("id"):
        message = f"an id is {ID_RULE}"
    return f"{where}: {message}" if where else message


def scrub(text: str, settings: Settings) -> str:
    """A message without the server's store path in it."""
    return text.replace(f"{settings.db}: ", "").replace(str(settings.db.resolve()), "<store>").replace(
        str(settings.db), "<store>")


def store_message(exc: StoreError, settings: Settings) -> str:
    """A store error without the server's file path; a lock held by another process said plainly."""
    return BUSY if is_locked(exc) else f"store unavailable: {scrub(str(exc), settings)}"


def host_name(header: str) -> str:
    """The name in a Host header, without its port ('[::1]:8000' -> '::1'), lower case."""
    name = header.strip().lower()
    if name.startswith("["):
        return name[1:].split("]", 1)[0]
    return name.rsplit(":", 1)[0].rstrip(".") if name.count(":") == 1 else name.rstrip(".")


def is_ip(name: str) -> bool:
    """True for an IP address literal."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(name: str, settings: Settings) -> bool:
    """True when a Host names this server: its bind address, a configured name, localhost on loopback;
    with a wildcard bind, any IP address (DNS rebinding needs a name, never an address)."""
    bound = settings.host.strip("[]").lower()
    allowed = {bound, *(h.strip().lower().rstrip(".") for h in settings.allowed_hosts)}
    if bound in LOOPBACK or bound in WILDCARD:
        allowed |= LOOPBACK
    return name in allowed or (bound in WILDCARD and is_ip(name))


def add_host_check(app: FastAPI, settings: Settings) -> None:
    """Refuse (400) a request whose Host header names another server."""
    @app.middleware("http")
    async def check_host(request: Request, call_next: Any) -> Response:
        name = host_name(request.headers.get("host", ""))
        if not host_allowed(name, settings):
            return error(400, f"the Host header names '{name[:100]}', which is not this server "
                              "(start it with --allowed-host NAME to answer to that name)")
        response: Response = await call_next(request)
        return response


def add_security_headers(app: FastAPI) -> None:
    """A strict Content-Security-Policy and friends on every response."""
    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


# -- events ----------------------------------------------------------------------------------
def actor_out(actor: Actor) -> ActorOut:
    """A participant for the API."""
    return ActorOut(name=actor.name, country=actor.country, country_name=country_name(actor.country)
                    if actor.country else None, office=actor.office, office_source=actor.office_source,
                    role=actor.role, person_id=slug(actor.name) if actor.name else None)


def event_out(event: Event, docs: dict[str, dict[str, Any]]) -> EventOut:
    """An event for the API, its sources with their documents' titles."""
    place = event.location
    return EventOut(
        event_id=event.event_id, event_type=event.event_type, mode=event.mode, date=event.date,
        date_range=list(event.date_range) if event.date_range else None, date_source=event.date_source,
        date_precision=event.date_precision, when=when(event),
        location=PlaceOut(name=place.name, country=place.country,
                          country_name=country_name(place.country) if place.country else None) if place else None,
        participants=[actor_out(a) for a in event.participants],
        agreements=[AgreementOut(name=a.name, status=a.status) for a in event.agreements],
        topics=list(event.topics),
        sources=[SourceOut(doc_id=s.doc_id, evidence=s.evidence, start=s.start, end=s.end,
                           **{k: docs.get(s.doc_id, {}).get(k) for k in ("title", "outlet", "publication_date", "url")})
                 for s in event.sources],
        alternatives=event.alternatives)


def sources_of(store: Store, events: list[Event]) -> dict[str, dict[str, Any]]:
    """The documents the events cite, by id, with one query."""
    ids = sorted({s.doc_id for e in events for s in e.sources})
    return {d["doc_id"]: d for d in store.documents(ids)} if ids else {}


def events_out(events: list[Event], docs: dict[str, dict[str, Any]]) -> list[EventOut]:
    """Events for the API, their sources with their documents' titles."""
    return [event_out(e, docs) for e in events]


def mentions_text(event: Event, needle: str) -> bool:
    """True when the folded needle is in the event's evidence, participants, place, agreements or topics."""
    parts = [s.evidence for s in event.sources] + [a.name for a in event.agreements] + list(event.topics)
    parts += [p for a in event.participants for p in (a.name, a.office) if p]
    parts += [event.location.name] if event.location else []
    return needle in fold(" \n".join(parts))


def has_actor(event: Event, needle: str) -> bool:
    """True when a participant's folded name contains the folded needle."""
    return any(a.name and needle in fold(a.name) for a in event.participants)


def countries_of(country: str | None, pair: str | None) -> tuple[str, ...]:
    """ISO codes from the country or pair parameter ('Vietnam,Singapore')."""
    if country and pair:
        raise UsageError("give either 'country' or 'pair', not both")
    if pair:
        names = [p.strip() for p in pair.split(",") if p.strip()]
        if len(names) != 2:
            raise UsageError("'pair' is two countries separated by a comma, e.g. 'Vietnam,Singapore'")
        dyad = dyad_of(*names)
        return dyad.a, dyad.b
    return (country_code(country),) if country else ()


def add_event_routes(app: FastAPI) -> None:
    """GET /events, /events/{id}, /countries."""
    @app.get("/events", response_model=EventPage, responses=ERRORS, tags=["events"])
    def list_events(
        request: Request,
        country: Annotated[str | None, Query(description="A country: name, demonym or ISO code.")] = None,
        pair: Annotated[str | None, Query(description="Two countries, comma-separated: 'Vietnam,SGP'.")] = None,
        actor: Annotated[str | None, Query(description="Part of a participant's name (accents ignored).")] = None,
        event_type: Annotated[str | None, Query(alias="type", description="PLOVER type, e.g. CONSULT.")] = None,
        mode: Annotated[str | None, Query(description="Mode, e.g. visit, phone, sidelines.")] = None,
        since: Annotated[dt.date | None, Query(description="Events on or after this day.")] = None,
        until: Annotated[dt.date | None, Query(description="Events on or before this day.")] = None,
        text: Annotated[str | None, Query(description="Words in the evidence, names, places, agreements.")] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> EventPage:
        """Events in date order, filtered and paged."""
        countries = countries_of(country, pair)
        with read_store(request) as store:
            events = store.find_events(countries, event_type, mode, since, until)
            if actor:
                events = [e for e in events if has_actor(e, fold(actor.strip()))]
            if text:
                events = [e for e in events if mentions_text(e, fold(text.strip()))]
            page = events[offset:offset + limit]
            docs = sources_of(store, page)
        return EventPage(total=len(events), limit=limit, offset=offset, events=events_out(page, docs))

    @app.get("/events/{event_id:path}", response_model=EventOut, responses=ERRORS, tags=["events"])
    def get_event(event_id: str, request: Request) -> EventOut:
        """One event with every source's evidence and offsets."""
        with read_store(request) as store:
            event = store.event(event_id)
            docs = sources_of(store, [event]) if event else {}
        if event is None:
            raise HTTPException(404, f"no event '{event_id}'")
        return event_out(event, docs)

    @app.get("/countries", response_model=list[CountryOut], responses=ERRORS, tags=["events"])
    def list_countries(request: Request) -> list[CountryOut]:
        """Countries seen among participants, with their number of events, by name."""
        with read_store(request) as store:
            seen = store.countries_seen()
        return sorted((CountryOut(code=code, name=country_name(code), events=n) for code, n in seen),
                      key=lambda c: c.name)


# -- people and dyads -------------------------------------------------------------------------
def person_summary(record: PersonRecord) -> dict[str, Any]:
    """A person record as the API's fields."""
    return {"id": record.person_id, "name": record.name, "countries": record.countries,
            "aliases": record.aliases, "conflict": record.conflict,
            "offices": [OfficeOut(office=o.office, first_seen=o.first, last_seen=o.last, events=o.events,
                                  source=o.source) for o in record.offices]}


def find_person(people: list[PersonRecord], person_id: str, country: str | None) -> PersonRecord | None:
    """The person with this id, or else one with an alias whose id it is (of this country when given:
    one name seen with two countries makes two records)."""
    exact = next((p for p in people if p.person_id == person_id), None)
    named = [p for p in people if any(slug(a) == person_id for a in p.aliases)]
    return exact or next((p for p in named if country in p.countries), None) or next(iter(named), None)


def add_people_and_dyad_routes(app: FastAPI) -> None:
    """GET /actors, /actors/{id}, /dyads/{a}/{b}/timeline, /dyads/{a}/{b}/summary."""
    @app.get("/actors", response_model=list[PersonSummary], responses=ERRORS, tags=["actors"])
    def list_actors(
        request: Request,
        q: Annotated[str | None, Query(max_length=200, description="Part of a name or alias, accents ignored.")] = None,
        country: Annotated[str | None, Query(description="Only people of this country.")] = None,
    ) -> list[PersonSummary]:
        """People across the corpus with their offices over time (computed at ingest)."""
        code = country_code(country) if country else None
        with read_store(request) as store:
            people = stored_people(store, q.strip() if q and q.strip() else None, code)
        return [PersonSummary(**person_summary(p)) for p in people]

    @app.get("/actors/{person_id}", response_model=PersonOut, responses=ERRORS, tags=["actors"])
    def get_actor(
        person_id: str, request: Request,
        country: Annotated[str | None, Query(description="The person's country, where one name has two.")] = None,
    ) -> PersonOut:
        """One person: offices over time and the events they took part in."""
        code = country_code(country) if country else None
        with read_store(request) as store:
            person = find_person(stored_person(store, person_id), person_id, code)
            theirs = store.events_by_id(person.event_ids) if person else []
            docs = sources_of(store, theirs)
        if person is None:
            raise HTTPException(404, f"no actor '{person_id}'")
        return PersonOut(**person_summary(person), events=events_out(theirs, docs))

    @app.get("/dyads/{a}/{b}/timeline", response_model=TimelineOut, responses=ERRORS, tags=["dyads"])
    def dyad_timeline(a: str, b: str, request: Request) -> TimelineOut:
        """The events between two countries in date order."""
        dyad = dyad_of(a, b)
        with read_store(request) as store:
            events = dyad_events(store.find_events((dyad.a, dyad.b)), dyad)
            docs = sources_of(store, events)
        return TimelineOut(dyad=[dyad.a, dyad.b], title=dyad.title, events=events_out(events, docs))

    @app.get("/dyads/{a}/{b}/summary", response_model=SummaryOut, responses=ERRORS, tags=["dyads"])
    def dyad_summary(a: str, b: str, request: Request) -> SummaryOut:
        """Counts by type and year, the highest-level encounter, commitments and cited summaries."""
        dyad = dyad_of(a, b)
        with read_store(request) as store:
            events = store.find_events((dyad.a, dyad.b))
        return SummaryOut(**summarize(dyad, dyad_events(events, dyad)))


# -- documents, search and uploads --------------------------------------------------------------
def check_token(settings: Settings, credentials: HTTPAuthorizationCredentials | None) -> None:
    """Writes need the server's token as 'Authorization: Bearer <token>', compared in constant time."""
    if not settings.token:
        raise HTTPException(403, "this server is read-only (start it with ENTENTE_TOKEN set to allow writes)")
    if credentials is None or not credentials.credentials.strip():
        raise HTTPException(401, "writes need the header 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    # Digests of equal length, so neither the token's content nor its length shows in the timing.
    given = hashlib.sha256(credentials.credentials.strip().encode("utf-8")).digest()
    if not hmac.compare_digest(given, hashlib.sha256(settings.token.encode("utf-8")).digest()):
        raise HTTPException(403, "wrong token")


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body; 413 as soon as it is (or says it is) longer than limit bytes."""
    too_large = HTTPException(413, f"request body larger than {limit} bytes")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def parse_articles(body: bytes) -> list[ArticleIn]:
    """Posted articles, validated (a 422 otherwise)."""
    try:
        articles = ARTICLES.validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False, include_context=False)) from exc
    if not articles or len(articles) > MAX_ARTICLES:
        raise RequestValidationError([{"loc": ("body",), "msg": f"post 1 to {MAX_ARTICLES} articles"}])
    return articles


def raw_doc(article: ArticleIn, number: int) -> RawDoc:
    """A posted article as the pipeline's input (its id as given: validated, never altered)."""
    kind = "text" if article.text is not None else "html"
    return RawDoc(doc_id=article.id, origin=f"POST /documents[{number}]", kind=kind,
                  body=article.text if article.text is not None else article.html or "",
                  url=article.url, title=article.title, published=article.published)


def add_document_routes(app: FastAPI, settings: Settings) -> None:
    """GET /documents/{id}, /search; POST /documents."""
    @app.get("/documents/{doc_id:path}", response_model=DocumentOut, responses=ERRORS, tags=["documents"])
    def get_document(doc_id: str, request: Request) -> DocumentOut:
        """A stored article (clean text) and the evidence of each event it reports."""
        with read_store(request) as store:
            row = store.document(doc_id)
            events = store.document_events(doc_id) if row else []
        if row is None:
            raise HTTPException(404, f"no document '{doc_id}'")
        evidence = [EvidenceOut(event_id=e.event_id, evidence=s.evidence, start=s.start, end=s.end)
                    for e in events for s in e.sources if s.doc_id == doc_id]
        return DocumentOut(**{k: row[k] for k in ("doc_id", "title", "url", "outlet", "language",
                                                  "publication_date", "text")}, evidence=evidence)

    @app.get("/search", response_model=SearchOut, responses=ERRORS, tags=["search"])
    def search(
        request: Request,
        q: Annotated[str, Query(min_length=1, max_length=500, description="Words; \"a phrase\"; title:word.")],
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> SearchOut:
        """Full-text search over article titles and texts and event evidence, with highlighted snippets."""
        with read_store(request) as store:
            # settled but the index is behind (lost, or a crash before it was built): read what it needs
            behind = not store.merge_pending() and not fulltext.is_current(settings.db, store)
            snapshot = Snapshot.of(store) if behind else None
        if snapshot is not None:
            fulltext.update_index(settings.db, snapshot)  # type: ignore[arg-type]
        total, hits = fulltext.search(settings.db, q, limit)
        return SearchOut(query=q, total=total, hits=[HitOut(**vars(h)) for h in hits])

    @app.post("/documents", response_model=IngestOut, tags=["documents"],
              responses={**ERRORS, 401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 413: {"model": ErrorOut}},
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                  "type": "array", "maxItems": MAX_ARTICLES, "items": ArticleIn.model_json_schema()}}}}})
    async def post_documents(
        request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)] = None,
    ) -> IngestOut:
        """Run the pipeline on posted articles (a JSON list of {id, url?, title?, published?, text|html}); token."""
        check_token(settings, credentials)
        articles = parse_articles(await read_limited(request, settings.max_body_bytes))
        raws = [raw_doc(a, n) for n, a in enumerate(articles)]
        report = await run_in_threadpool(write_articles, raws, settings, request.app.state.uploads)
        return IngestOut(new=report.new, updated=report.updated, unchanged=report.unchanged,
                         failed=[str(f) for f in report.failed], mentions=report.mentions, events=report.events)


def write_articles(raws: list[RawDoc], settings: Settings, uploads: threading.Lock) -> IngestReport:
    """Ingest posted articles through the pipeline, one upload at a time. Cleaning and NLP run with
    the store closed; the pipeline holds the store (through its gate) only to write a batch or swap
    in the merged events, so reads go on meanwhile."""
    with uploads:
        return ingest_raw(raws, settings)


@dataclass
class Snapshot:
    """What the search index is built from, read at once so that it is built with the store closed.
    Fields: rows (documents), found (events), fingerprint (the store's content fingerprint)."""

    rows: list[dict[str, Any]]
    found: list[Event]
    fingerprint: str

    @classmethod
    def of(cls, store: Store) -> Snapshot:
        """The store's documents, events and fingerprint."""
        return cls(list(store.documents()), store.events(), store.content_fingerprint())

    def documents(self) -> Iterator[dict[str, Any]]:
        """The documents, as Store.documents gives them."""
        return iter(self.rows)

    def events(self) -> list[Event]:
        """The events, as Store.events gives them."""
        return self.found

    def content_fingerprint(self) -> str:
        """The fingerprint, as Store.content_fingerprint gives it."""
        return self.fingerprint


# -- the page ---------------------------------------------------------------------------------
def static_files() -> dict[str, Path]:
    """The fixed set of files the page may load, by their path under /static/."""
    if not STATIC.is_dir():
        return {}
    files = (p for p in STATIC.rglob("*") if p.is_file() and not p.name.startswith("."))
    return {p.relative_to(STATIC).as_posix(): p for p in files}


def add_page_routes(app: FastAPI) -> None:
    """GET / (the page) and GET /static/{name} (its scripts and styles, from a fixed list)."""
    files = static_files()

    @app.get("/", response_class=FileResponse, tags=["page"])
    def page() -> FileResponse:
        """The web page (HTML): timelines, events with their sources, articles, search, actors."""
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/static/{name:path}", response_class=FileResponse, responses={404: {"model": ErrorOut}}, tags=["page"])
    def asset(name: str) -> FileResponse:
        """One of the page's scripts or styles, from the fixed set shipped with Entente."""
        if name not in files:
            raise HTTPException(404, f"no file '{name}'")
        return FileResponse(files[name], headers={"Cache-Control": "no-cache"})
