"""Readers: files, folders, JSON Lines, WARC and stdin in; RawDoc records (or errors) out.

Readers yield an IngestError in place of what they could not read, so that one bad file or
line never stops the rest of a batch. Files are read one at a time, and JSON Lines and WARC
files record by record, so a file of any size streams through; a single article (a file, a
line, a record) over `limit` bytes is refused with an error naming it, never read whole.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from entente.errors import IngestError
from entente.types import RawDoc

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES
STDIN = "-"
DEFAULT_LIMIT = 5_000_000
# What warcio raises on a damaged archive besides its own errors (found by fuzzing: a cut header
# gives AttributeError on a missing target URI).
WARC_DAMAGE = (EOFError, OSError, zlib.error, gzip.BadGzipFile, ValueError, LookupError, AttributeError, TypeError)

ReadResult = RawDoc | IngestError
# Control bytes and characters other than tab, line feed, form feed and carriage return. A page with a
# few stray ones (a real news page had 22 NULs in 194 KB) is text; past BINARY_SHARE it is not.
CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])
CONTROL_TABLE = dict.fromkeys(CONTROL_BYTES)
CONTROL_CHARS = re.compile("[" + re.escape(CONTROL_BYTES.decode("ascii")) + "]")
BINARY_SHARE = 0.02
BINARY_SAMPLE = 1 << 20


def full_suffix(path: Path) -> str:
    """'.warc.gz' for 'a.warc.gz', else the last suffix, lower-cased."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def file_doc_id(path: Path, root: Path | None = None) -> str:
    """The id of an article read from a file: its path relative to the folder ingested (the file's own
    folder when the file was named), without its suffix: 'a/index.html' under 'site/' is 'a/index'."""
    relative = path.relative_to(root) if root is not None else Path(path.name)
    name = relative.as_posix()
    return name[:len(name) - len(full_suffix(path))] or name


def expand_paths(paths: Iterable[str]) -> Iterator[tuple[str | Path, str | None]]:
    """Files named and files found (recursively, sorted) in folders named, each with the id of its
    article (None for '-', which stays as is)."""
    for name in paths:
        if name == STDIN:
            yield STDIN, None
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and full_suffix(p) in SUPPORTED)
            yield from ((p, file_doc_id(p, path)) for p in found)
        else:
            yield path, file_doc_id(path)


def read_inputs(paths: Iterable[str], stdin: bytes | None = None, limit: int = DEFAULT_LIMIT) -> Iterator[ReadResult]:
    """Every RawDoc (or IngestError) from the given paths, folders and '-' for stdin (or its bytes)."""
    for item, doc_id in expand_paths(paths):
        if item == STDIN:
            yield from read_stdin(stdin if stdin is not None else sys.stdin.buffer.read(), limit)
        else:
            yield from read_file(Path(item), limit, doc_id)


def too_large(size: int, limit: int, what: str) -> str:
    """The reason given for an input over the size limit."""
    return (f"{what} is {size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit for one article "
            "(split it, or raise --max-article-bytes / ENTENTE_MAX_ARTICLE_BYTES)")


def read_file(path: Path, limit: int = DEFAULT_LIMIT, doc_id: str | None = None) -> Iterator[ReadResult]:
    """The RawDocs of one file, by its suffix (an article file's id is doc_id, by default its name
    without the suffix)."""
    origin = str(path)
    suffix = full_suffix(path)
    try:
        if not path.is_file():
            yield IngestError(origin, "no such file" if not path.exists() else "not a regular file")
            return
        if suffix not in SUPPORTED:
            yield IngestError(origin, f"unsupported file type '{suffix or path.name}' "
                              f"(expected one of {', '.join(sorted(SUPPORTED))})")
            return
        with path.open("rb") as stream:
            yield from read_stream(stream, path, suffix, limit, doc_id or file_doc_id(path))
    except OSError as exc:
        yield IngestError(origin, f"cannot read: {exc.strerror or exc}")


def read_stream(stream: BinaryIO, path: Path, suffix: str, limit: int, doc_id: str) -> Iterator[ReadResult]:
    """The RawDocs of one open file: containers record by record, an article whole (its id doc_id)."""
    origin, size = str(path), path.stat().st_size
    if size == 0:
        yield IngestError(origin, "empty file")
    elif suffix in WARC_SUFFIXES:
        yield from read_warc_stream(stream, origin, limit, size)
    elif suffix in JSONL_SUFFIXES:
        yield from read_jsonl(stream, origin, limit)
    elif size > limit:
        yield IngestError(origin, too_large(size, limit, "the file"))
    else:
        text = decode(stream.read(), origin)
        kind = "html" if suffix in HTML_SUFFIXES else "text"
        yield text if isinstance(text, IngestError) else RawDoc(doc_id=doc_id, origin=origin, kind=kind, body=text)


def read_stdin(data: bytes, limit: int = DEFAULT_LIMIT) -> Iterator[ReadResult]:
    """Stdin holds JSON Lines, a WARC, HTML or plain text: told apart by the first bytes."""
    origin = "<stdin>"
    if data[:4] == b"WARC" or data[:2] == b"\x1f\x8b":
        yield from read_warc(data, origin, limit)
        return
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        yield from read_jsonl(io.BytesIO(data), origin, limit)
        return
    if len(data) > limit:
        yield IngestError(origin, too_large(len(data), limit, "the input"))
        return
    text = decode(data, origin)
    if isinstance(text, IngestError):
        yield text
        return
    head_text = text.lstrip()[:200].lower()
    kind = "html" if head_text.startswith(("<!doctype html", "<html", "<head", "<body", "<article")) else "text"
    doc_id = "stdin-" + hashlib.sha256(data).hexdigest()[:12]
    yield RawDoc(doc_id=doc_id, origin=origin, kind=kind, body=text)


def decode(data: bytes, origin: str) -> str | IngestError:
    """Bytes to text: BOMs honoured, UTF-8 first, then the best detected charset; stray control
    characters (NUL and the like) removed; never empty."""
    text = decode_any(data, origin)
    if isinstance(text, IngestError):
        return text
    if not text.replace("\ufeff", "").strip():
        return IngestError(origin, "empty file")
    text = strip_controls(text)
    if not text.replace("\ufeff", "").strip():
        return IngestError(origin, "no text (only control characters)")
    return text


def strip_controls(text: str) -> str:
    """Text without the control characters text never holds (all but tab, line feed, form feed, carriage return)."""
    return text.translate(CONTROL_TABLE) if CONTROL_CHARS.search(text) else text


def mostly_binary(data: bytes) -> bool:
    """True when more than BINARY_SHARE of the bytes are control bytes: not text with a few stray ones."""
    sample = data[:BINARY_SAMPLE]
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    return controls > BINARY_SHARE * len(sample)


def decode_any(data: bytes, origin: str) -> str | IngestError:
    """Bytes to text by BOM, UTF-8 or the best detected charset."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return IngestError(origin, f"undecodable UTF-16 ({exc.reason} at byte {exc.start})")
    data = data.removeprefix(b"\xef\xbb\xbf")
    if mostly_binary(data):
        return IngestError(origin, "binary content (mostly control bytes such as NUL), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in {"utf_8", "ascii"}:
        return IngestError(origin, f"undecodable: not UTF-8 ({utf8_error}) and no other charset fits")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return IngestError(origin, f"undecodable: not UTF-8 ({utf8_error}) nor {best.encoding}")


def read_jsonl(stream: BinaryIO, origin: str, limit: int = DEFAULT_LIMIT) -> Iterator[ReadResult]:
    """One RawDoc per JSON line, read line by line; a bad line becomes an error naming its line number."""
    head = stream.read(2)
    stream.seek(0)
    if head in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: rare for JSON Lines, decoded whole (within the limit)
        yield from read_utf16_jsonl(stream.read(limit + 1), origin, limit)
        return
    for number, line in enumerate(lines_within(stream, limit), 1):
        where = f"{origin}:{number}"
        if line is None:
            yield IngestError(where, f"line over the {limit / 1e6:g} MB limit for one article")
        elif line.strip():
            text = decode(line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line, where)
            yield text if isinstance(text, IngestError) else jsonl_record(text, where)


def read_utf16_jsonl(data: bytes, origin: str, limit: int) -> Iterator[ReadResult]:
    """JSON Lines written in UTF-16 (with a byte-order mark)."""
    if len(data) > limit:
        yield IngestError(origin, f"UTF-16 JSON Lines over {limit / 1e6:g} MB: convert it to UTF-8 to stream it")
        return
    text = decode(data, origin)
    if isinstance(text, IngestError):
        yield text
        return
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield jsonl_record(line, f"{origin}:{number}")


def lines_within(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of a binary stream; None in place of a line over limit bytes (skipped, never held whole)."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
            pass
        yield None


def jsonl_record(line: str, origin: str) -> ReadResult:
    """A RawDoc from one JSON Lines record with id, url, title, published and text or html."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        at = "" if exc.msg.endswith(" at") else " at"  # 'Unterminated string starting at' ends with it
        return IngestError(origin, f"not valid JSON ({exc.msg}{at} column {exc.colno})")
    if not isinstance(record, dict):
        return IngestError(origin, "a JSON Lines record must be an object")
    doc_id, body = record.get("id"), record.get("text") or record.get("html")
    if not isinstance(doc_id, str | int) or str(doc_id).strip() == "":
        return IngestError(origin, "missing field 'id'")
    if not isinstance(body, str) or not body.strip():
        return IngestError(origin, "missing field 'text' or 'html'")
    kind = "text" if record.get("text") else "html"
    return RawDoc(doc_id=str(doc_id), origin=origin, kind=kind, body=body,
                  url=str_or_none(record.get("url")), title=str_or_none(record.get("title")),
                  published=str_or_none(record.get("published")))


def str_or_none(value: object) -> str | None:
    """The value as a stripped string, or None when absent or empty."""
    return str(value).strip() or None if value is not None else None


def warc_doc_id(target_uri: str) -> str:
    """A stable id for a WARC record: a hash of its target URI."""
    return "warc-" + hashlib.sha256(target_uri.encode("utf-8")).hexdigest()[:16]


def brief(exc: Exception) -> str:
    """The first line of an exception's message, printable and at most 80 characters."""
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    first = first.split(", first line:")[0]  # warcio appends the archive's raw first bytes
    printable = "".join(c for c in first if c.isprintable())
    return printable[:77] + "..." if len(printable) > 80 else printable


def read_warc(data: bytes, origin: str, limit: int = DEFAULT_LIMIT) -> Iterator[ReadResult]:
    """One RawDoc per HTML response record of a WARC held in memory."""
    return read_warc_stream(io.BytesIO(data), origin, limit, len(data))


def read_warc_stream(stream: BinaryIO, origin: str, limit: int, size: int) -> Iterator[ReadResult]:
    """One RawDoc per HTML response record, read record by record; a truncated archive ends with an error."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    if not stream.read(65536).strip():
        yield IngestError(origin, "empty file")
        return
    stream.seek(0)
    number = 0
    records = ArchiveIterator(stream)
    records.INC_RECORD = ""  # warcio writes this warning to stderr itself: counted and reported below instead
    logging.getLogger("warcio").setLevel(logging.ERROR)  # its warnings print raw URIs from the input to stderr
    try:
        for number, record in enumerate(records, 1):
            if record.rec_headers.get_header("Content-Length") is None:
                yield IngestError(f"{origin}#{number}", "truncated WARC record (its header ends early)")
                return
            doc = warc_record(record, f"{origin}#{number}", limit)
            while record.raw_stream.read(1 << 20):  # the rest of the record, in bounded reads
                pass
            if getattr(record.raw_stream, "limit", 0):
                yield IngestError(f"{origin}#{number}", "truncated WARC record (shorter than its Content-Length)")
                return
            if doc is not None:
                yield doc
    except (*WARC_DAMAGE, ArchiveLoadFailed, StatusAndHeadersParserException) as exc:
        yield IngestError(f"{origin}#{number + 1}", f"truncated or malformed WARC ({brief(exc)})")
        return
    if records.offset < size and trailing_data(stream, records.offset):
        yield IngestError(f"{origin}#{number + 1}", "truncated WARC (the archive ends inside a record)")
    elif records.err_count:
        yield IngestError(origin, f"damaged WARC: {records.err_count} record(s) not followed by a blank line "
                                  "(a wrong Content-Length?); the records read were kept")


def trailing_data(stream: BinaryIO, offset: int) -> bool:
    """True when something other than blank lines follows offset (a record cut short)."""
    stream.seek(offset)
    return bool(stream.read(65536).strip(b"\r\n"))


def warc_record(record: object, origin: str, limit: int = DEFAULT_LIMIT) -> ReadResult | None:
    """A RawDoc for an HTML response record; None for any other record."""
    if record.rec_type != "response" or record.http_headers is None:  # type: ignore[attr-defined]
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    if "html" not in content_type.lower():
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""  # type: ignore[attr-defined]
    payload = record.content_stream().read(limit + 1)  # type: ignore[attr-defined]
    if len(payload) > limit:
        return IngestError(origin, f"record over the {limit / 1e6:g} MB limit for one article")
    text = decode(payload, origin)
    if isinstance(text, IngestError):
        return text
    return RawDoc(doc_id=warc_doc_id(uri or origin), origin=origin, kind="html", body=text,
                  url=uri or None)
