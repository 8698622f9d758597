"""Build examples/corpus/crawl.warc.gz from the HTML pages in examples/warc_src/.

Usage (from the repository root): .venv/bin/python examples/make_warc.py

Each examples/warc_src/*.html page (sorted by name) becomes one HTTP response record whose
target URI is the page's <link rel="canonical">. The archive also holds a warcinfo record first
and one request record (for the first page), as a crawler would write. Dates and record ids are
fixed, so running the script twice writes the same bytes.
"""
from __future__ import annotations

import argparse
import uuid
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "warc_src"
OUTPUT = HERE / "corpus" / "crawl.warc.gz"
CRAWL_START = datetime(2024, 9, 13, 6, 0, 0, tzinfo=UTC)
USER_AGENT = "entente-demo-crawler/0.1 (+https://www.example.org/entente)"
ID_NAMESPACE = uuid.UUID("6f1c2d3e-4b5a-4c6d-8e7f-90a1b2c3d4e5")


class CanonicalFinder(HTMLParser):
    """Finds the href of <link rel="canonical">."""

    def __init__(self) -> None:
        super().__init__()
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and (values.get("rel") or "").lower() == "canonical" and self.href is None:
            self.href = values.get("href")


def canonical_url(html: str, path: Path) -> str:
    """The page's canonical URL; a page without one is an error."""
    finder = CanonicalFinder()
    finder.feed(html)
    if not finder.href:
        raise SystemExit(f"{path}: no <link rel=\"canonical\" href=...> to use as the target URI")
    return finder.href


def record_id(*parts: str) -> str:
    """A stable WARC-Record-ID made from the given parts."""
    return f"<urn:uuid:{uuid.uuid5(ID_NAMESPACE, '|'.join(parts))}>"


def warc_date(offset_seconds: int) -> str:
    """A WARC-Date a fixed number of seconds after the crawl start."""
    return (CRAWL_START + timedelta(seconds=offset_seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(offset_seconds: int) -> str:
    """The same instant as an HTTP Date header."""
    return (CRAWL_START + timedelta(seconds=offset_seconds)).strftime("%a, %d %b %Y %H:%M:%S GMT")


def write_warc(sources: list[Path], output: Path) -> None:
    """Write the warcinfo, request and response records for the given HTML files."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        info = writer.create_warcinfo_record(output.name, {
            "software": "warcio (examples/make_warc.py)",
            "format": "WARC File Format 1.1",
            "description": "Entente demo crawl: two invented news pages about diplomacy",
            "robots": "obey",
        })
        info.rec_headers.replace_header("WARC-Date", warc_date(0))
        info.rec_headers.replace_header("WARC-Record-ID", record_id("warcinfo", output.name))
        writer.write_record(info)
        for number, path in enumerate(sources):
            html = path.read_text("utf-8")
            uri = canonical_url(html, path)
            offset = 10 * (number + 1)
            response_id = record_id("response", uri)
            if number == 0:
                parts = urlsplit(uri)
                request_headers = StatusAndHeaders(f"GET {parts.path or '/'} HTTP/1.1", [
                    ("Host", parts.netloc),
                    ("User-Agent", USER_AGENT),
                    ("Accept", "text/html,application/xhtml+xml"),
                    ("Accept-Language", "en"),
                ], is_http_request=True)
                request = writer.create_warc_record(uri, "request", http_headers=request_headers,
                                                    warc_headers_dict={
                                                        "WARC-Date": warc_date(offset),
                                                        "WARC-Record-ID": record_id("request", uri),
                                                        "WARC-Concurrent-To": response_id,
                                                    })
                writer.write_record(request)
            body = html.encode("utf-8")
            response_headers = StatusAndHeaders("200 OK", [
                ("Date", http_date(offset)),
                ("Server", "nginx"),
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
            ], protocol="HTTP/1.1")
            response = writer.create_warc_record(uri, "response", payload=BytesIO(body),
                                                 http_headers=response_headers,
                                                 warc_headers_dict={
                                                     "WARC-Date": warc_date(offset),
                                                     "WARC-Record-ID": response_id,
                                                     "WARC-IP-Address": "192.0.2.10",
                                                 })
            writer.write_record(response)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=SOURCE_DIR, help="folder of .html pages (default: %(default)s)")
    parser.add_argument("-o", "--out", type=Path, default=OUTPUT, help="WARC file to write (default: %(default)s)")
    args = parser.parse_args()
    sources = sorted(args.src.glob("*.html"))
    if not sources:
        raise SystemExit(f"no .html files in {args.src}")
    write_warc(sources, args.out)
    print(f"wrote {args.out} ({len(sources)} responses)")


if __name__ == "__main__":
    main()
