"""Full-text search: a tantivy index over article text and event evidence, kept beside the store.

The index lives in the folder '<store file>.search/': one sub-folder per build and a file
'current' naming the live one. A build is written under a temporary name, renamed when complete
and only then named in 'current' (replaced atomically), so a reader never sees half an index.
`update_index` rebuilds when the store's content fingerprint differs from the one 'current'
records; the previous build is kept for readers still holding it, older ones are removed, and
so are the unfinished builds of processes that were killed mid-build.
"""
from __future__ import annotations

import html
import json
import os
import shutil
import socket
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import tantivy

from entente.errors import StoreError
from entente.io.store import Store
from entente.records import when
from entente.types import Event

SCHEMA_VERSION = 2
FOLDED = "entente_folded"
SNIPPET_CHARS = 220
BUILDING = ".building"
_build_lock = threading.Lock()


@dataclass(frozen=True)
class Hit:
    """One search result. Fields: kind ('document' or 'event'), doc_id, event_id (events only),
    title, snippet (HTML: escaped text with <b> around the matched words), score."""

    kind: str
    doc_id: str
    event_id: str | None
    title: str
    snippet: str
    score: float


def index_home(db_path: Path) -> Path:
    """The folder holding the search index of a store file."""
    return Path(f"{db_path}.search")


def schema() -> tantivy.Schema:
    """The index schema: ids as raw strings, title and body folded (case and accents) and stemmed."""
    builder = tantivy.SchemaBuilder()
    for name in ("kind", "doc_id", "event_id"):
        builder.add_text_field(name, stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name=FOLDED)
    builder.add_text_field("body", stored=True, tokenizer_name=FOLDED)
    return builder.build()


def open_index(folder: Path) -> tantivy.Index:
    """Open (or create) the index in a folder, with the folding analyzer registered."""
    index = tantivy.Index(schema(), path=str(folder), reuse=True)
    analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(60))
                .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())
                .filter(tantivy.Filter.stemmer("english")).build())
    index.register_tokenizer(FOLDED, analyzer)
    return index


def read_marker(home: Path) -> dict[str, str]:
    """What 'current' says: the live build's folder and the fingerprint it was built from."""
    try:
        marker = json.loads((home / "current").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return marker if isinstance(marker, dict) else {}


def fingerprint(store: Store) -> str:
    """The store's content fingerprint, tied to this index's schema version."""
    return f"v{SCHEMA_VERSION}:{store.content_fingerprint()}"


def is_current(db_path: Path, store: Store) -> bool:
    """True when the index reflects the store's present content."""
    marker = read_marker(index_home(db_path))
    build = marker.get("build")
    return bool(build) and marker.get("fingerprint") == fingerprint(store) and (index_home(db_path) / build).is_dir()


def update_index(db_path: Path, store: Store) -> bool:
    """Rebuild the index when the store's content changed since the last build; True when rebuilt."""
    with _build_lock:
        if is_current(db_path, store):
            return False
        home = index_home(db_path)
        previous = read_marker(home).get("build")
        try:
            build = build_index(home, store)
            write_marker(home, {"build": build, "fingerprint": fingerprint(store)})
        except (OSError, ValueError) as exc:
            raise StoreError(f"{home}: search index not built ({exc})") from exc
        prune(home, keep={build, previous})
        return True


def build_index(home: Path, store: Store) -> str:
    """Index every document and event of the store into a new build folder; its name."""
    name = uuid.uuid4().hex
    staging = home / f"{name}.{socket.gethostname()}.{os.getpid()}{BUILDING}"  # the builder, for `prune`
    staging.mkdir(parents=True)
    index = open_index(staging)
    writer = index.writer(50_000_000, 1)
    for row in store.documents():
        writer.add_document(tantivy.Document(kind="document", doc_id=row["doc_id"], event_id="",
                                             title=row["title"] or row["doc_id"], body=row["text"] or ""))
    for event in store.events():
        writer.add_document(event_document(event))
    writer.commit()
    writer.wait_merging_threads()
    os.replace(staging, home / name)
    return name


def event_document(event: Event) -> tantivy.Document:
    """The index entry of an event: its evidence sentences, titled by date, type and participants."""
    evidence = list(dict.fromkeys(s.evidence for s in event.sources if s.evidence))
    names = ", ".join(a.name or a.country or "?" for a in event.participants)
    title = f"{when(event)} {event.event_type}" + (f" / {event.mode}" if event.mode else "") + f": {names}"
    return tantivy.Document(kind="event", doc_id=event.sources[0].doc_id if event.sources else "",
                            event_id=event.event_id, title=title, body=" … ".join(evidence))


def write_marker(home: Path, marker: dict[str, str]) -> None:
    """Name the live build, atomically."""
    temporary = home / f"current.{uuid.uuid4().hex}.tmp"
    temporary.write_text(json.dumps(marker), "utf-8")
    os.replace(temporary, home / "current")


def prune(home: Path, keep: set[str | None]) -> None:
    """Remove finished builds other than those kept and the live one, and the unfinished builds of
    processes of this machine that are gone (killed mid-build); builds in progress are left alone."""
    keep = keep | {read_marker(home).get("build")}  # another process may have named its build meanwhile
    for folder in home.iterdir():
        building = folder.name.endswith(BUILDING)
        if folder.is_dir() and (abandoned(folder.name) if building else folder.name not in keep):
            shutil.rmtree(folder, ignore_errors=True)


def abandoned(staging: str) -> bool:
    """True for the build folder ('<name>.<host>.<pid>.building') of a process of this machine that is gone."""
    parts = staging.removesuffix(BUILDING).split(".", 1)
    host, _, pid = parts[-1].rpartition(".")
    if len(parts) != 2 or host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, though another user's
        return False
    return False


def search(db_path: Path, text: str, limit: int = 20) -> tuple[int, list[Hit]]:
    """The number of matches and the best hits for a query (tantivy syntax, parsed leniently)."""
    marker = read_marker(index_home(db_path))
    if not marker.get("build"):
        return 0, []
    try:
        index = open_index(index_home(db_path) / marker["build"])
    except (OSError, ValueError) as exc:
        raise StoreError(f"{index_home(db_path)}: cannot open the search index ({exc})") from exc
    index.reload()
    searcher = index.searcher()
    query, _errors = index.parse_query_lenient(text, ["title", "body"])
    result = searcher.search(query, limit)
    bodies = tantivy.SnippetGenerator.create(searcher, query, index.schema, "body")
    bodies.set_max_num_chars(SNIPPET_CHARS)
    hits = []
    for score, address in result.hits:
        doc = searcher.doc(address)
        first = {key: values[0] if values else "" for key, values in doc.to_dict().items()}
        snippet = (snippet_html(bodies.snippet_from_doc(doc), first["body"])
                   or html.escape(" ".join(first["body"][:SNIPPET_CHARS].split())))
        hits.append(Hit(first["kind"], first["doc_id"], first["event_id"] or None, first["title"], snippet, score))
    return result.count if result.count is not None else len(hits), hits


def snippet_html(snippet: tantivy.Snippet, body: str) -> str:
    """A snippet as HTML: every character escaped, the matched words in <b>, some text before them."""
    text = body.encode("utf-8")
    start, end = snippet.fragment_range().start, snippet.fragment_range().end
    if start >= end:
        return ""
    lead = max(0, min(start, (SNIPPET_CHARS - (end - start)) // 2 + 20))
    begin = start - lead
    while 0 < begin < start and (text[begin] & 0xC0 == 0x80 or text[begin - 1:begin] not in b" \n"):
        begin += 1
    out, at = ["…" if begin > 0 else ""], begin
    for span in sorted(snippet.highlighted(), key=lambda r: r.start):
        hit_start, hit_end = start + span.start, start + span.end
        if hit_start < at:
            continue
        out.append(html.escape(text[at:hit_start].decode("utf-8", "replace")))
        out.append("<b>" + html.escape(text[hit_start:hit_end].decode("utf-8", "replace")) + "</b>")
        at = hit_end
    out.append(html.escape(text[at:end].decode("utf-8", "replace")) + ("…" if end < len(text) else ""))
    return " ".join("".join(out).split())
