"""Readers: every input form, and every kind of bad input reported with file and reason."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from entente.errors import IngestError
from entente.io.readers import read_file, read_inputs, read_stdin, warc_doc_id
from entente.types import RawDoc

ARTICLE = "Foreign ministers met in Canberra on Monday to discuss trade and regional security.\n"
PAGE = "<html><head><title>Talks</title></head><body><p>" + ARTICLE + "</p></body></html>"


def make_warc(records: list[tuple[str, str]], compress: bool = True) -> bytes:
    """A WARC with a warcinfo record and one HTML response record per (uri, html)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    for uri, html in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    return buffer.getvalue()


def docs_and_errors(results: list[RawDoc | IngestError]) -> tuple[list[RawDoc], list[IngestError]]:
    """Split reader results."""
    return ([r for r in results if isinstance(r, RawDoc)], [r for r in results if isinstance(r, IngestError)])


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("a.txt", ARTICLE.encode(), "text"),
    ("b.html", PAGE.encode(), "html"),
    ("c.htm", PAGE.encode(), "html"),
    ("d.txt", ("\ufeff" + ARTICLE).encode("utf-8"), "text"),
    ("e.txt", ARTICLE.encode("utf-16"), "text"),
    ("f.txt", "Le ministre a rencontré son homologue à Genève, déclare-t-on.".encode("cp1252"), "text"),
], ids=["txt", "html", "htm", "utf8-bom", "utf16-bom", "cp1252"])
def test_single_files_become_one_doc_named_after_the_file(tmp_path: Path, name: str, content: bytes, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    docs, errors = docs_and_errors(list(read_file(path)))
    assert errors == []
    assert [(d.doc_id, d.kind) for d in docs] == [(Path(name).stem, kind)]
    assert "minist" in docs[0].body


def test_jsonl_fields_and_bad_lines_reported_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "url": "https://x.example/2024/01/02/a", "title": "T", "published": "2024-01-02",
                    "text": ARTICLE}),
        "{not json",
        json.dumps({"id": "a3", "html": PAGE}),
        json.dumps({"url": "https://x.example/no-id", "text": ARTICLE}),
        json.dumps({"id": "a5"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    docs, errors = docs_and_errors(list(read_file(path)))
    assert [(d.doc_id, d.kind, d.published) for d in docs] == [("a1", "text", "2024-01-02"), ("a3", "html", None)]
    assert [e.origin for e in errors] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert "not valid JSON" in errors[0].reason and "'id'" in errors[1].reason and "'text'" in errors[2].reason


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_warc_html_responses_keyed_by_target_uri(tmp_path: Path, compress: bool) -> None:
    uri = "https://news.example/2024/03/05/talks"
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(make_warc([(uri, PAGE), ("https://news.example/b", PAGE)], compress))
    docs, errors = docs_and_errors(list(read_file(path)))
    assert errors == []
    assert [d.doc_id for d in docs] == [warc_doc_id(uri), warc_doc_id("https://news.example/b")]
    assert docs[0].url == uri and docs[0].kind == "html"


def test_truncated_warc_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    data = make_warc([("https://n.example/a", PAGE), ("https://n.example/b", PAGE * 50)])
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 300])
    docs, errors = docs_and_errors(list(read_file(path)))
    assert [d.url for d in docs] == ["https://n.example/a"]
    assert len(errors) == 1 and errors[0].origin.startswith(str(path)) and "truncated" in errors[0].reason


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("bad.txt", bytes(range(128, 256)) * 3, "undecodable"),
    ("bad.gz.warc.gz", gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n")[:12], "truncated"),
    ("odd.pdf", b"%PDF-1.4", "unsupported"),
], ids=["empty", "blank", "binary", "undecodable", "truncated-gzip", "unsupported"])
def test_bad_files_give_one_error_naming_file_and_reason(tmp_path: Path, name: str, content: bytes,
                                                         reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    results = list(read_file(path))
    assert len(results) == 1 and isinstance(results[0], IngestError)
    assert results[0].origin.startswith(str(path)) and reason in results[0].reason


def test_folders_are_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text(ARTICLE)
    (tmp_path / "sub" / "a.html").write_text(PAGE)
    (tmp_path / "notes.md").write_text("ignored")
    docs, errors = docs_and_errors(list(read_inputs([str(tmp_path)])))
    assert errors == [] and [d.doc_id for d in docs] == ["b", "sub/a"]  # ids are paths relative to the folder ingested


@pytest.mark.parametrize(("data", "kind", "count"), [
    (ARTICLE.encode(), "text", 1),
    (PAGE.encode(), "html", 1),
    ("\n".join(json.dumps({"id": f"s{n}", "text": ARTICLE}) for n in (1, 2)).encode(), "text", 2),
], ids=["text", "html", "jsonl"])
def test_stdin_forms_are_told_apart(data: bytes, kind: str, count: int) -> None:
    docs, errors = docs_and_errors(list(read_stdin(data)))
    assert errors == [] and len(docs) == count and docs[0].kind == kind


def test_stdin_doc_id_is_stable_for_the_same_content() -> None:
    first = next(iter(read_stdin(ARTICLE.encode())))
    again = next(iter(read_stdin(ARTICLE.encode())))
    assert isinstance(first, RawDoc) and isinstance(again, RawDoc) and first.doc_id == again.doc_id


@pytest.mark.parametrize(("name", "content", "origin", "reason"), [
    ("big.txt", ARTICLE.encode() * 30, "big.txt", "over the 0.001 MB limit"),
    ("big.jsonl", (json.dumps({"id": "ok", "text": ARTICLE}) + "\n" + json.dumps({"id": "big", "text": ARTICLE * 30})
                   + "\n" + json.dumps({"id": "ok2", "text": ARTICLE})).encode(), "big.jsonl:2", "line over"),
    ("big.warc", make_warc([("https://n.example/big", PAGE * 30), ("https://n.example/ok", PAGE)], compress=False),
     "big.warc#2", "record over"),
], ids=["file", "jsonl-line", "warc-record"])
def test_one_article_over_the_limit_is_refused_and_the_rest_read(tmp_path: Path, name: str, content: bytes,
                                                                 origin: str, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    docs, errors = docs_and_errors(list(read_file(path, limit=1000)))
    assert [e.origin for e in errors] == [str(tmp_path / origin)] and reason in errors[0].reason
    assert len(docs) == {"big.txt": 0, "big.jsonl": 2, "big.warc": 1}[name]


def test_a_warc_cut_inside_a_record_header_is_reported() -> None:
    data = make_warc([("https://n.example/a", PAGE), ("https://n.example/b", PAGE)], compress=False)
    cut = data[: data.rindex(b"WARC-Target-URI")]
    docs, errors = docs_and_errors(list(read_stdin(cut)))
    assert len(docs) == 1 and [e.origin for e in errors] == ["<stdin>#3"] and "truncated" in errors[0].reason
