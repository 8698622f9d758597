"""The HTTP API and the web page: a FastAPI app over the store, read-only unless a token is set.

Every request opens the store read-only for its own duration and closes it, so another process
(`entente ingest`, which holds DuckDB's write lock one batch at a time) can write between
requests. A request that finds the file locked retries with backoff for `lock_wait` seconds and
only then answers 503. POST /documents (token required) runs the normal pipeline in this process;
a readers-writer lock keeps this process's read-only and read-write connections apart (DuckDB
refuses both at once on one file). No endpoint opens a path the client names: static files are a
fixed set found at start-up.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from entente.errors import EntenteError, StoreError, UsageError
from entente.io import search as fulltext
from entente.io.store import Store
from entente.pipeline import IngestReport, ingest_raw
from entente.stages.actors import fold
from entente.stages.merge import name_tokens
from entente.types import Actor, Event, RawDoc
from entente.views.actors import PersonRecord, find_people
from entente.views.timeline import Dyad, country_code, country_name, dyad_events, summarize, when
from entente.web.models import (
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
LOCK_WAIT = 5.0
BUSY = "the store is being written by another process (an ingest); try again shortly"
BEARER = HTTPBearer(auto_error=False, description="The server's ENTENTE_TOKEN, needed for writes.")
T = TypeVar("T")


class ReadWriteLock:
    """Many readers or one writer at a time, within this process; a waiting writer goes first."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writers = 0
        self._writing = False

    @contextmanager
    def reading(self, timeout: float) -> Iterator[None]:
        """Hold the lock as one of many readers; a 503 after timeout seconds behind a writer."""
        with self._cond:
            if not self._cond.wait_for(lambda: not self._writing and not self._writers, timeout):
                raise HTTPException(503, "the store is busy with an upload being written; try again shortly",
                                    headers={"Retry-After": "5"})
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the lock alone."""
        with self._cond:
            self._writers += 1
            self._cond.wait_for(lambda: not self._writing and not self._readers)
            self._writers -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


def create_app(settings: Settings, lock_wait: float = LOCK_WAIT) -> FastAPI:
    """The FastAPI app serving the store named in settings (writes need settings.token).

    lock_wait: how long a request retries while another process holds the store's write lock.
    """
    app = FastAPI(title="Entente", version="0.1.0", docs_url=None, redoc_url=None, description=(
        "Diplomatic events with their evidence. Read-only unless the server has a token; then "
        "POST /documents needs the header 'Authorization: Bearer <token>'. Errors are {\"error\": \"...\"}; "
        "503 means the store is being written by another process (retry after the Retry-After header)."))
    app.state.settings = settings
    app.state.lock = ReadWriteLock()
    app.state.lock_wait = lock_wait
    add_error_handlers(app, settings)
    add_security_headers(app)
    add_event_routes(app)
    add_people_and_dyad_routes(app)
    add_document_routes(app, settings)
    add_page_routes(app)
    return app


def is_locked(exc: StoreError) -> bool:
    """True when the store could not be opened because another process holds its lock."""
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


def retry_locked(action: Callable[[], T], wait: float) -> T:
    """action(), tried again with backoff while the store is locked by another process, for up to wait seconds."""
    deadline, delay = time.monotonic() + wait, 0.02
    while True:
        try:
            return action()
        except StoreError as exc:
            if not is_locked(exc) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def open_store(request: Request) -> Iterator[Store]:
    """The store, opened read-only for one request (and closed after it)."""
    state = request.app.state
    with state.lock.reading(state.lock_wait):
        store = retry_locked(lambda: Store.open(state.settings.db, read_only=True), state.lock_wait)
        with store:
            yield store


StoreDep = Annotated[Store, Depends(open_store)]


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
        return error(503, store_message(exc, settings), {"Retry-After": "5"})

    @app.exception_handler(EntenteError)
    async def failed(_: Request, exc: EntenteError) -> JSONResponse:
        return error(500, scrub(str(exc), settings))

    @app.exception_handler(Exception)
    async def crashed(_: Request, exc: Exception) -> JSONResponse:
        return error(500, f"internal error ({type(exc).__name__}); see the server's log")


def describe(problem: dict[str, Any]) -> str:
    """One validation problem: where and what."""
    where = ".".join(str(p) for p in problem.get("loc", ()) if p != "body")
    return f"{where}: {problem.get('msg', 'invalid')}" if where else str(problem.get("msg", "invalid"))


def scrub(text: str, settings: Settings) -> str:
    """A message without the server's store path in it."""
    return text.replace(f"{settings.db}: ", "").replace(str(settings.db.resolve()), "<store>").replace(
        str(settings.db), "<store>")


def store_message(exc: StoreError, settings: Settings) -> str:
    """A store error without the server's file path; a lock held by another process said plainly."""
    return BUSY if is_locked(exc) else f"store unavailable: {scrub(str(exc), settings)}"


def add_security_headers(app: FastAPI) -> None:
    """A strict Content-Security-Policy and friends on every response."""
    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


# -- events ----------------------------------------------------------------------------------
def slug(name: str) -> str:
    """A person id from a name, as PersonRecord.person_id makes it (honorifics and punctuation dropped)."""
    return "-".join(name_tokens(name)) or fold(name)


def actor_out(actor: Actor) -> ActorOut:
    """A participant for the API."""
    return ActorOut(name=actor.name, country=actor.country, country_name=country_name(actor.country)
                    if actor.country else None, office=actor.office, role=actor.role,
                    person_id=slug(actor.name) if actor.name else None)


def event_out(event: Event, docs: dict[str, dict[str, Any]]) -> EventOut:
    """An event for the API, its sources with their documents' titles."""
    place = event.location
    return EventOut(
        event_id=event.event_id, event_type=event.event_type, mode=event.mode, date=event.date,
        date_range=list(event.date_range) if event.date_range else None, when=when(event),
        location=PlaceOut(name=place.name, country=place.country,
                          country_name=country_name(place.country) if place.country else None) if place else None,
        participants=[actor_out(a) for a in event.participants],
        agreements=[AgreementOut(name=a.name, status=a.status) for a in event.agreements],
        topics=list(event.topics),
        sources=[SourceOut(doc_id=s.doc_id, evidence=s.evidence, start=s.start, end=s.end,
                           **{k: docs.get(s.doc_id, {}).get(k) for k in ("title", "outlet", "publication_date", "url")})
                 for s in event.sources],
        alternatives=event.alternatives)


def events_out(store: Store, events: list[Event]) -> list[EventOut]:
    """Events for the API, with one query for their sources' documents."""
    ids = sorted({s.doc_id for e in events for s in e.sources})
    docs = {d["doc_id"]: d for d in store.documents(ids)} if ids else {}
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
        return tuple(country_code(n) for n in names)
    return (country_code(country),) if country else ()


def add_event_routes(app: FastAPI) -> None:
    """GET /events, /events/{id}, /countries."""
    @app.get("/events", response_model=EventPage, responses=ERRORS, tags=["events"])
    def list_events(
        store: StoreDep,
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
        events = store.find_events(countries_of(country, pair), event_type, mode, since, until)
        if actor:
            events = [e for e in events if has_actor(e, fold(actor.strip()))]
        if text:
            events = [e for e in events if mentions_text(e, fold(text.strip()))]
        page = events[offset:offset + limit]
        return EventPage(total=len(events), limit=limit, offset=offset, events=events_out(store, page))

    @app.get("/events/{event_id:path}", response_model=EventOut, responses=ERRORS, tags=["events"])
    def get_event(event_id: str, store: StoreDep) -> EventOut:
        """One event with every source's evidence and offsets."""
        event = store.event(event_id)
        if event is None:
            raise HTTPException(404, f"no event '{event_id}'")
        return events_out(store, [event])[0]

    @app.get("/countries", response_model=list[CountryOut], responses=ERRORS, tags=["events"])
    def list_countries(store: StoreDep) -> list[CountryOut]:
        """Countries seen among participants, with their number of events, by name."""
        found = [CountryOut(code=code, name=country_name(code), events=n) for code, n in store.countries_seen()]
        return sorted(found, key=lambda c: c.name)


# -- people and dyads -------------------------------------------------------------------------
def person_summary(record: PersonRecord) -> dict[str, Any]:
    """A person record as the API's fields."""
    return {"id": record.person_id, "name": record.name, "countries": record.countries,
            "aliases": record.aliases, "conflict": record.conflict,
            "offices": [OfficeOut(office=o.office, first_seen=o.first, last_seen=o.last, events=o.events)
                        for o in record.offices]}


def find_person(people: list[PersonRecord], person_id: str, country: str | None) -> PersonRecord | None:
    """The person with this id, or else one with an alias whose id it is (of this country when given:
    one name seen with two countries makes two records)."""
    exact = next((p for p in people if p.person_id == person_id), None)
    named = [p for p in people if any(slug(a) == person_id for a in p.aliases)]
    return exact or next((p for p in named if country in p.countries), None) or next(iter(named), None)


def dyad_of(a: str, b: str) -> Dyad:
    """A dyad from two country names or codes; a UsageError for one country twice."""
    dyad = Dyad(country_code(a), country_code(b))
    if dyad.a == dyad.b:
        raise UsageError("a dyad is two different countries")
    return dyad


def add_people_and_dyad_routes(app: FastAPI) -> None:
    """GET /actors, /actors/{id}, /dyads/{a}/{b}/timeline, /dyads/{a}/{b}/summary."""
    @app.get("/actors", response_model=list[PersonSummary], responses=ERRORS, tags=["actors"])
    def list_actors(
        store: StoreDep,
        q: Annotated[str | None, Query(description="Part of a name or alias (accents ignored).")] = None,
        country: Annotated[str | None, Query(description="Only people of this country.")] = None,
    ) -> list[PersonSummary]:
        """People across the corpus with their offices over time."""
        people = find_people(store, q.strip() if q else None)
        if country:
            code = country_code(country)
            people = [p for p in people if code in p.countries]
        return [PersonSummary(**person_summary(p)) for p in people]

    @app.get("/actors/{person_id}", response_model=PersonOut, responses=ERRORS, tags=["actors"])
    def get_actor(
        person_id: str, store: StoreDep,
        country: Annotated[str | None, Query(description="The person's country, where one name has two.")] = None,
    ) -> PersonOut:
        """One person: offices over time and the events they took part in."""
        person = find_person(find_people(store), person_id, country_code(country) if country else None)
        if person is None:
            raise HTTPException(404, f"no actor '{person_id}'")
        theirs = [e for e in store.events() if e.event_id in set(person.event_ids)]
        return PersonOut(**person_summary(person), events=events_out(store, theirs))

    @app.get("/dyads/{a}/{b}/timeline", response_model=TimelineOut, responses=ERRORS, tags=["dyads"])
    def dyad_timeline(a: str, b: str, store: StoreDep) -> TimelineOut:
        """The events between two countries in date order."""
        dyad = dyad_of(a, b)
        events = dyad_events(store.find_events((dyad.a, dyad.b)), dyad)
        return TimelineOut(dyad=[dyad.a, dyad.b], title=dyad.title, events=events_out(store, events))

    @app.get("/dyads/{a}/{b}/summary", response_model=SummaryOut, responses=ERRORS, tags=["dyads"])
    def dyad_summary(a: str, b: str, store: StoreDep) -> SummaryOut:
        """Counts by type and year, the highest-level encounter, commitments and cited summaries."""
        dyad = dyad_of(a, b)
        return SummaryOut(**summarize(dyad, dyad_events(store.find_events((dyad.a, dyad.b)), dyad)))


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
    """A posted article as the pipeline's input."""
    kind = "text" if article.text is not None else "html"
    return RawDoc(doc_id=article.id.strip(), origin=f"POST /documents[{number}]", kind=kind,
                  body=article.text if article.text is not None else article.html or "",
                  url=article.url, title=article.title, published=article.published)


def add_document_routes(app: FastAPI, settings: Settings) -> None:
    """GET /documents/{id}, /search; POST /documents."""
    @app.get("/documents/{doc_id:path}", response_model=DocumentOut, responses=ERRORS, tags=["documents"])
    def get_document(doc_id: str, store: StoreDep) -> DocumentOut:
        """A stored article (clean text) and the evidence of each event it reports."""
        row = store.document(doc_id)
        if row is None:
            raise HTTPException(404, f"no document '{doc_id}'")
        evidence = [EvidenceOut(event_id=e.event_id, evidence=s.evidence, start=s.start, end=s.end)
                    for e in store.document_events(doc_id) for s in e.sources if s.doc_id == doc_id]
        return DocumentOut(**{k: row[k] for k in ("doc_id", "title", "url", "outlet", "language",
                                                  "publication_date", "text")}, evidence=evidence)

    @app.get("/search", response_model=SearchOut, responses=ERRORS, tags=["search"])
    def search(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=500, description="Words; \"a phrase\"; title:word.")],
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> SearchOut:
        """Full-text search over article titles and texts and event evidence, with highlighted snippets."""
        if not store.merge_pending():  # settled but the index is behind (lost, or a crash before it was built)
            fulltext.update_index(settings.db, store)
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
        state = request.app.state
        report = await run_in_threadpool(write_articles, raws, settings, state.lock, state.lock_wait)
        return IngestOut(new=report.new, updated=report.updated, unchanged=report.unchanged,
                         failed=[str(f) for f in report.failed], mentions=report.mentions, events=report.events)


def write_articles(raws: list[RawDoc], settings: Settings, lock: ReadWriteLock, wait: float) -> IngestReport:
    """Ingest posted articles through the pipeline, alone among this process's store users.

    Retried whole while another process holds the store's lock: ingest is idempotent.
    """
    with lock.writing():
        return retry_locked(lambda: ingest_raw(raws, settings), wait)


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
