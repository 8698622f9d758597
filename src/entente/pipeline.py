"""The pipeline: the one place where the order of the stages is written.

`prepare` (clean + metadata) and `extract` (actors, dates, events on a spaCy Doc) are pure;
`process_batch` runs them over a batch with one nlp.pipe pass; `ingest` connects readers,
the stages and the store, and is used by the CLI, the HTTP API and the benchmarks alike.
"""
from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from multiprocessing import get_context
from multiprocessing.pool import Pool

from spacy.language import Language
from spacy.tokens import Doc, Span

from entente.config import Settings
from entente.errors import IngestError
from entente.io import gate
from entente.io.readers import read_inputs
from entente.io.search import update_index
from entente.io.store import Store
from entente.stages import metadata
from entente.stages.actors import Cast, find_cast
from entente.stages.annotate import annotate, load_nlp, load_parser, parse
from entente.stages.assemble import Candidate, assemble, parse_text, settle_days, uncovered_types
from entente.stages.clean import clean_html, clean_text
from entente.stages.dates import infer_year
from entente.stages.dating import date_mentions
from entente.stages.detect import load_detector
from entente.stages.events import extract_mentions
from entente.stages.merge import merge_mentions
from entente.stages.parties import state_in
from entente.stages.places import place_mentions
from entente.stages.resolve import cast_with_countries, resolve_mentions, table_names_in
from entente.types import Article, Mention, RawDoc
from entente.views.actors import compute_people, people_sources, person_row


def content_hash(raw: RawDoc) -> str:
    """A hash of everything the input said about one article."""
    parts = [raw.kind, raw.body, raw.url or "", raw.title or "", raw.published or ""]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def prepare(raw: RawDoc) -> Article:
    """Clean one raw article and read its metadata."""
    if raw.kind == "html":
        cleaned = clean_html(raw.body)
        page_date = metadata.date_from_html(raw.body)
    else:
        cleaned = clean_text(raw.body)
        page_date = None
    url = raw.url or cleaned.url or metadata.source_url(list(cleaned.meta_lines))
    published = (metadata.date_from_field(raw.published) or page_date
                 or metadata.date_from_lines(cleaned.meta_lines) or metadata.date_from_url(url)
                 or metadata.date_from_lead(cleaned.text) or metadata.date_from_wire_dateline(cleaned.text, raw.body))
    return Article(
        doc_id=raw.doc_id, origin=raw.origin, text=cleaned.text, title=raw.title or cleaned.title,
        publication_date=published, outlet=cleaned.site_name or metadata.outlet_from_url(url),
        language=metadata.language(cleaned.text), url=url, content_hash=content_hash(raw), raw=raw.body)


def extract(article: Article, doc: Doc, parser: Language) -> list[Mention]:
    """The event mentions of one annotated article (none for an article not in English): those the
    meeting rules read, then those of the sentences the detector types, with parties from the parse."""
    if article.language not in (None, "en"):
        return []
    cast = cast_with_countries(find_cast(article.text, doc, table_names_in(article.text)), article.publication_date)
    sentences = [s for s in doc.sents if s.text.strip()]
    year = article.publication_date.year if article.publication_date else infer_year(article.text)
    mentions = settle_days(extract_mentions(article, doc, cast), sentences, article, year)
    detector = load_detector()
    sided = [s for s in sentences if names_a_side(s, cast)]
    typed = [(s, d, uncovered_types(s, d, mentions))
             for s, d in zip(sided, detector.detect([s.text for s in sided]), strict=True)]
    typed = [t for t in typed if t[2]]
    parses = parse(parser, [parse_text(s)[0] for s, _, _ in typed])
    candidates = [Candidate(s, d, p, types) for (s, d, types), p in zip(typed, parses, strict=True)]
    found = resolve_mentions(assemble(article, candidates, sentences, cast, detector, mentions, year))
    return place_mentions(date_mentions(found, article), article)


SIDE_WORDS = re.compile(r"\b(?:he|she|it|they|its|their|his|her|both|two|each|other|leaders|ministers|presidents|"
                        r"counterparts|delegations|sides|envoys)\b", re.I)


def names_a_side(sentence: Span, cast: Cast) -> bool:
    """True when a sentence names someone who can be a side: a state (by name, people or capital), a person
    of the article, or one a pronoun or 'both', 'the two' points back to; a sentence naming none cannot give
    two sides of different countries, so it is not parsed."""
    return bool(cast.refs_between(sentence.start_char, sentence.end_char) or SIDE_WORDS.search(sentence.text)
                or state_in(sentence))


def process_batch(raws: list[RawDoc], nlp: Language, batch_size: int = 32) -> list[tuple[Article, list[Mention]]]:
    """Articles and their mentions for a batch of raw documents, with one nlp.pipe pass."""
    articles = [prepare(raw) for raw in raws]
    docs = annotate(nlp, (a.text for a in articles), batch_size)
    parser = load_parser(nlp.meta["entente_model"])
    return [(article, extract(article, doc, parser)) for article, doc in zip(articles, docs, strict=True)]


def chunks(raws: list[RawDoc], batch_size: int) -> list[list[RawDoc]]:
    """A batch cut in chunks for the workers: one nlp.pipe batch each, as large batches are the
    fastest (the next batch is queued behind them, so no worker waits for another)."""
    return [raws[i:i + batch_size] for i in range(0, len(raws), batch_size)]


@cache
def worker_pool(model: str, processes: int) -> Pool | None:
    """A pool of worker processes that each load the model once (None for one process); kept for reuse."""
    if processes <= 1:
        return None
    return get_context("spawn").Pool(processes, initializer=start_worker, initargs=(model,))


WORKER: dict[str, Language] = {}  # the model of a worker process, loaded by start_worker


def start_worker(model: str) -> None:
    """Load the model once in a new worker process."""
    WORKER["nlp"] = warm_up(model)


WARM_UP = RawDoc("warm-up", "warm-up", "html", "<html><body><p>LIMA, 3 May 2021 - The foreign minister of Peru, "
                 "Ana Rojas, met her Chilean counterpart in Lima on Monday to sign a trade deal.</p></body></html>")


def warm_up(model: str) -> Language:
    """The model, with everything the stages load on first use (language identifier, rule patterns)
    loaded too by processing a small article of our own: once per process, before the work starts."""
    nlp = load_nlp(model)
    process_batch([WARM_UP], nlp)
    return nlp


def work(task: tuple[list[RawDoc], int]) -> list[tuple[Article, list[Mention]]]:
    """A worker's share of a batch, with the model its process loaded."""
    raws, batch_size = task
    return process_batch(raws, WORKER["nlp"], batch_size)


@dataclass
class IngestReport:
    """What an ingest run did. Fields: new, updated, unchanged (document counts), failed
    (errors naming file and reason), events (merged events in the store after the run)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[IngestError] = field(default_factory=list)
    events: int = 0
    mentions: int = 0


Progress = Callable[[str, IngestReport], None]


def batched(items: Iterable[RawDoc | IngestError], size: int) -> Iterator[list[RawDoc | IngestError]]:
    """Items in lists of at most size."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ingest(paths: Iterable[str], settings: Settings, progress: Progress | None = None,
           stdin: bytes | None = None) -> IngestReport:
    """Read, process and store articles, then merge mentions into events."""
    return ingest_items(read_inputs(paths, stdin=stdin, limit=settings.max_article_bytes), settings, progress)


def ingest_raw(raws: list[RawDoc], settings: Settings) -> IngestReport:
    """Process and store articles given in memory (the HTTP API's uploads), then merge: as `ingest`."""
    return ingest_items(raws, settings)


def first_of_each_id(items: Iterable[RawDoc | IngestError]) -> Iterator[RawDoc | IngestError]:
    """The items of a run, an article whose id was read already in it reported instead of stored
    (one would silently replace the other)."""
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, RawDoc) and item.doc_id in seen:
            yield IngestError(item.origin, f"not stored: its id '{item.doc_id}' is also the id of "
                                           f"{seen[item.doc_id]}, read earlier in this run")
            continue
        if isinstance(item, RawDoc):
            seen[item.doc_id] = item.origin
        yield item


def ingest_items(items: Iterable[RawDoc | IngestError], settings: Settings,
                 progress: Progress | None = None) -> IngestReport:
    """Process and store read articles batch by batch, then settle.

    The store is open only while a batch is written (one transaction) or the events are
    swapped in, never during NLP, so other processes can read it in between. With worker
    processes, batch n+1 is processed while batch n is written."""
    report = IngestReport()
    nlp = load_nlp(settings.model)
    with open_writer(settings):
        pass  # create the store (and its tables) before the first read
    pending: Batch | None = None
    for chunk in batched(first_of_each_id(items), settings.batch_size):
        batch = start_batch(chunk, nlp, settings, pending)
        if pending:
            finish_batch(pending, settings, report, progress)
        pending = batch
    if pending:
        finish_batch(pending, settings, report, progress)
    settle(settings, report)
    return report


@contextmanager
def open_writer(settings: Settings) -> Iterator[Store]:
    """The store opened for one write, through its gate: readers that come after wait, and those
    already in (each within its time budget) are waited for, up to settings.lock_wait seconds."""
    with gate.writing(settings.db, settings.lock_wait), Store.open(settings.db, wait=settings.lock_wait) as store:
        yield store


@contextmanager
def open_reader(settings: Settings) -> Iterator[Store]:
    """The store opened read-only once no writer holds its gate, waiting up to settings.lock_wait seconds."""
    deadline = time.monotonic() + settings.lock_wait
    with gate.reading(settings.db, deadline), \
            Store.open(settings.db, read_only=True, wait=gate.remaining(deadline)) as store:
        yield store


def settle(settings: Settings, report: IngestReport, attempts: int = 3) -> None:
    """After the batches: merge mentions into events if needed, count them, bring the search index in step.

    The merge runs with the store closed; its result is stored only if no batch came in meanwhile
    (else it is merged again, and after `attempts` left pending for the writer of that batch)."""
    for _ in range(attempts):
        with open_reader(settings) as store:
            token = store.pending_token()
            if token is None:
                break
            mentions, previous = store.mentions(), store.event_ids_by_mention()
        events = merge_mentions(mentions, previous)
        with open_writer(settings) as store:
            if store.replace_events(events, token):
                break
    with open_reader(settings) as store:
        report.events = store.count("events")
        update_index(settings.db, store)
    refresh_people(settings)


def refresh_people(settings: Settings) -> None:
    """Compute the people of the store (names, aliases, offices over time) and store them, when its
    content changed since they were last computed: /actors and `entente actors` only read them.
    They are computed with the store closed and written in one short transaction."""
    with open_reader(settings) as store:
        fingerprint = store.content_fingerprint()
        if store.people_fingerprint() == fingerprint:
            return
        sources = people_sources(store)
    rows = [person_row(p) for p in compute_people(*sources)]
    with open_writer(settings) as store:
        store.replace_people(rows, fingerprint)


Outcome = tuple[list[tuple[Article, list[Mention]]], list[IngestError]]
NO_TEXT = "no article text found (nothing in it reads as the body of an article); not stored"


@dataclass
class Batch:
    """One batch on its way: its input, the hashes stored before it, the hashes of the articles sent
    to processing, and its outcome once processed."""

    chunk: list[RawDoc | IngestError]
    stored: dict[str, str]
    submitted: dict[str, str]
    wait: Callable[[], Outcome]
    done: Outcome | None = None

    def outcome(self) -> Outcome:
        """Articles with their mentions, and failures (processed or waited for once)."""
        if self.done is None:
            self.done = self.wait()
        return self.done


def start_batch(chunk: list[RawDoc | IngestError], nlp: Language, settings: Settings,
                previous: Batch | None) -> Batch:
    """Read what is stored of a batch's articles and start processing the fresh ones.

    The previous batch, sent to processing but not yet written, counts as stored (not waited for,
    so that the workers go on with this batch while the previous one is finished)."""
    latest = {raw.doc_id: raw for raw in chunk if isinstance(raw, RawDoc)}
    with open_reader(settings) as store:
        stored = store.content_hashes(latest)
    if previous:
        stored |= {doc_id: digest for doc_id, digest in previous.submitted.items() if doc_id in latest}
    hashes = {doc_id: content_hash(raw) for doc_id, raw in latest.items()}
    fresh = {doc_id: digest for doc_id, digest in hashes.items() if stored.get(doc_id) != digest}
    return Batch(chunk, stored, fresh, submit([latest[doc_id] for doc_id in fresh], nlp, settings))


def finish_batch(batch: Batch, settings: Settings, report: IngestReport, progress: Progress | None) -> None:
    """Store a processed batch in one transaction and count it; unchanged documents were skipped."""
    results, failed = batch.outcome()
    failed += [IngestError(a.origin, NO_TEXT) for a, _ in results if not a.text.strip()]
    results = [(a, m) for a, m in results if a.text.strip()]
    with open_writer(settings) as store:
        store.write_batch([a for a, _ in results], {a.doc_id: m for a, m in results})
    latest = {raw.doc_id for raw in batch.chunk if isinstance(raw, RawDoc)}
    report.failed += [item for item in batch.chunk if isinstance(item, IngestError)] + failed
    report.unchanged += len(latest) - len(results) - len(failed)
    report.updated += sum(a.doc_id in batch.stored for a, _ in results)
    report.new += sum(a.doc_id not in batch.stored for a, _ in results)
    report.mentions += sum(len(m) for _, m in results)
    if progress:
        progress(batch.chunk[-1].origin, report)


def process_isolated(raws: list[RawDoc], nlp: Language, settings: Settings) -> Outcome:
    """`process_batch`, with an article the model cannot take, or one a stage fails on, reported alone."""
    return submit(raws, nlp, settings)()


def submit(raws: list[RawDoc], nlp: Language, settings: Settings) -> Callable[[], Outcome]:
    """Start `process_isolated` on the worker pool, if any; the function returned waits for its outcome
    (without a pool, it does the work when called)."""
    failed = [IngestError(raw.origin, f"text of {len(raw.body):,} characters is longer than the language "
                          f"model takes ({nlp.max_length:,})") for raw in raws if too_long(raw, nlp)]
    raws = [raw for raw in raws if not too_long(raw, nlp)]
    pool = worker_pool(settings.model, settings.processes)
    if pool is None or len(raws) <= 1:
        return lambda: isolated(lambda: process_batch(raws, nlp, settings.nlp_batch_size), raws, nlp, settings, failed)
    handle = pool.map_async(work, [(chunk, settings.nlp_batch_size) for chunk in chunks(raws, settings.nlp_batch_size)])
    return lambda: isolated(lambda: [pair for part in handle.get() for pair in part], raws, nlp, settings, failed)


def isolated(run: Callable[[], list[tuple[Article, list[Mention]]]], raws: list[RawDoc], nlp: Language,
             settings: Settings, failed: list[IngestError]) -> Outcome:
    """The outcome of `run`, or if some article broke a stage, of each article alone (that one reported)."""
    try:
        return run(), failed
    except Exception:
        results: list[tuple[Article, list[Mention]]] = []
        for raw in raws:
            try:
                results += process_batch([raw], nlp, settings.nlp_batch_size)
            except Exception as exc:  # reported as that article's failure
                failed.append(IngestError(raw.origin, failure_reason(exc, nlp)))
        return results, failed


def failure_reason(exc: Exception, nlp: Language) -> str:
    """Why a stage failed on an article, on one line (spaCy's length error said plainly)."""
    if "[E088]" in str(exc):
        return f"its clean text is longer than the language model takes ({nlp.max_length:,} characters)"
    return " ".join(f"not processed: {type(exc).__name__}: {exc}".split())[:500]


def too_long(raw: RawDoc, nlp: Language) -> bool:
    """True for plain text longer than spaCy takes (caught before cleaning, for a clear message)."""
    return raw.kind == "text" and len(raw.body) > nlp.max_length
