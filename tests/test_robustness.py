"""Bad and odd input end to end: every case is reported or stored, and nothing stored is lost or changed.
Also: a real `entente serve` answers correctly while a real `entente ingest` writes the same store.

Big inputs are generated in tmp_path by the test itself, never committed."""
from __future__ import annotations

import gzip
import json
import os
import re
import socket
import subprocess
import sys
import threading
import tracemalloc
import uuid
from pathlib import Path

import httpx
import pytest

from entente.config import Settings
from entente.errors import IngestError
from entente.io.readers import read_file
from entente.io.search import index_home
from entente.io.store import Store
from entente.pipeline import IngestReport, ingest
from entente.types import RawDoc
from live import start_server
from test_readers import PAGE, make_warc

MB = 1_000_000
ARTICLE = "\n".join([
    "World | Diplomacy", "Published: 3 April 2024", "", "Peru and Norway agree on fisheries research", "",
    "Peruvian Foreign Minister Rosa Quispe met her Norwegian counterpart Erik Dahl in Lima on Tuesday, and the two "
    "signed a memorandum of understanding on joint fisheries research.", "",
    "Ms Quispe said the research vessels would sail from Callao next year.", ""])
FRENCH = "\n".join([
    "Monde | Diplomatie", "Publié le 3 avril 2024", "",
    "Le Pérou et la Norvège s'accordent sur la recherche halieutique", "",
    "La ministre péruvienne des Affaires étrangères, Rosa Quispe, a rencontré mardi à Lima son homologue norvégien "
    "Erik Dahl, et les deux ont signé un protocole d'accord sur la recherche halieutique conjointe.", "",
    "Selon Mme Quispe, les navires de recherche partiront de Callao l'année prochaine.", ""])


def run(paths: list[Path], db: Path, **changes: object) -> IngestReport:
    """Ingest in this process, as the CLI does."""
    return ingest([str(p) for p in paths], Settings(db=db).with_(**changes))


def snapshot(db: Path) -> dict[str, tuple]:
    """Every stored document's hash and text, and the store's fingerprint."""
    with Store.open(db, read_only=True) as store:
        rows = {d["doc_id"]: (d["content_hash"], d["text"], d["language"]) for d in store.documents()}
        rows["*"] = (store.content_fingerprint(), store.count("mentions"), store.count("events"))
    return rows


@pytest.fixture
def stored(tmp_path: Path, db: Path) -> dict[str, tuple]:
    """A store holding one good article; its snapshot."""
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "pe-no.txt").write_text(ARTICLE, encoding="utf-8")
    report = run([tmp_path / "good"], db)
    assert (report.new, report.failed, report.events) == (1, [], 1)
    return snapshot(db)


def failures(report: IngestReport) -> dict[str, str]:
    """origin -> reason of every failure."""
    return {e.origin: e.reason for e in report.failed}


def write(path: Path, content: bytes) -> Path:
    """Write a file; its path."""
    path.write_bytes(content)
    return path


def big_file(path: Path, size: int, line: bytes) -> Path:
    """A file of about size bytes made of one line repeated (written in blocks: no big buffer)."""
    block = line * max(1, (1 << 20) // len(line))
    with path.open("wb") as out:
        for _ in range(size // len(block) + 1):
            out.write(block)
    return path


def test_100_mb_text_file_is_refused_without_reading_it(tmp_path: Path, db: Path, stored: dict) -> None:
    huge = big_file(tmp_path / "huge.txt", 100 * MB, b"Ministers met again today in the capital city.\n")
    small = write(tmp_path / "small.txt", ARTICLE.replace("Peru", "Chile").encode())
    report = run([huge, small], db)
    [(origin, reason)] = failures(report).items()
    assert origin == str(huge) and reason.startswith("the file is 10") and "MB, over the 5 MB limit" in reason
    assert report.new == 1 and snapshot(db)["pe-no"] == stored["pe-no"]


def test_100_mb_json_lines_stream_in_bounded_memory(tmp_path: Path) -> None:
    record = json.dumps({"id": "x", "text": ARTICLE * 4}).encode() + b"\n"
    huge = big_file(tmp_path / "huge.jsonl", 100 * MB, record)
    tracemalloc.start()
    try:
        count = sum(isinstance(item, RawDoc) for item in read_file(huge))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == huge.stat().st_size // len(record)
    assert peak < 20 * MB, f"reading a 100 MB JSON Lines file peaked at {peak / MB:.0f} MB"


def test_100_mb_warc_record_is_refused_and_the_next_record_read(tmp_path: Path) -> None:
    body = "<html><body><p>" + "Ministers met again today. " * (100 * MB // 27) + "</p></body></html>"
    data = make_warc([("https://n.example/huge", body), ("https://n.example/2024/04/03/talks", PAGE)], compress=False)
    results = list(read_file(write(tmp_path / "crawl.warc", data)))
    assert [type(r) for r in results] == [IngestError, RawDoc]
    assert results[0].origin == f"{tmp_path / 'crawl.warc'}#2" and "over the 5 MB limit" in results[0].reason
    assert results[1].url == "https://n.example/2024/04/03/talks"


def test_single_10_mb_line_refused_in_a_file_and_in_json_lines(tmp_path: Path, db: Path, stored: dict) -> None:
    line = "Ministers met again. " * (10 * MB // 21)
    one_line = write(tmp_path / "line.txt", line.encode())
    feed = write(tmp_path / "feed.jsonl", "\n".join([
        json.dumps({"id": "j1", "text": ARTICLE.replace("Peru", "Ghana")}),
        json.dumps({"id": "j2", "text": line}),
        json.dumps({"id": "j3", "text": ARTICLE.replace("Peru", "Kenya")})]).encode())
    report = run([one_line, feed], db)
    assert set(failures(report)) == {str(one_line), f"{feed}:2"}
    assert "over the 5 MB limit" in failures(report)[f"{feed}:2"]
    after = snapshot(db)
    assert report.new == 2 and {"j1", "j3"} <= set(after) and after["pe-no"] == stored["pe-no"]


def test_text_over_the_model_limit_is_refused_by_name(tmp_path: Path, db: Path) -> None:
    line = write(tmp_path / "line.txt", ("Ministers met again. " * (10 * MB // 21)).encode())
    report = run([line], db, max_article_bytes=20 * MB)
    assert list(failures(report)) == [str(line)] and "longer than the language model takes" in report.failed[0].reason


@pytest.mark.parametrize(("name", "content", "found"), [
    ("utf16le.txt", ARTICLE.encode("utf-16"), "Quispe"),
    ("utf16be.txt", b"\xfe\xff" + ARTICLE.encode("utf-16-be"), "Quispe"),
    ("cp1252.txt", ARTICLE.replace("Ms Quispe said", "“Ms Quispe” said – in Perú –").encode("cp1252"), "“Ms Quispe”"),
    ("utf16.jsonl", json.dumps({"id": "u16", "text": ARTICLE}).encode("utf-16"), "Quispe"),
    ("bad-utf8.txt", ARTICLE.replace("Callao", "Callao\udcc3(").encode("utf-8", "surrogateescape"), "Callao"),
], ids=["utf16-le-bom", "utf16-be-bom", "windows-1252", "utf16-jsonl", "invalid-utf8"])
def test_other_encodings_are_decoded(tmp_path: Path, db: Path, name: str, content: bytes, found: str) -> None:
    report = run([write(tmp_path / name, content)], db)
    assert report.failed == [] and report.new == 1
    with Store.open(db, read_only=True) as store:
        [document] = store.documents()
    assert found in document["text"] and document["publication_date"].isoformat() == "2024-04-03"


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.txt", b"", "empty file"),
    ("bom-only.html", b"\xef\xbb\xbf  \n", "empty file"),
    ("no-charset.txt", bytes(range(128, 256)) * 3, "undecodable"),
    ("nul.txt", b"Ministers met.\x00\x00 binary", "binary"),
    ("cut.txt.warc.gz", gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n" * 40)[:30], "truncated"),
], ids=["empty", "bom-only", "no-charset", "nul", "truncated-gzip"])
def test_unreadable_files_are_reported_and_the_store_kept(tmp_path: Path, db: Path, stored: dict, name: str,
                                                          content: bytes, reason: str) -> None:
    bad = write(tmp_path / name, content)
    report = run([bad, tmp_path / "good"], db)
    assert len(report.failed) == 1 and report.failed[0].origin.startswith(str(bad))
    assert reason in report.failed[0].reason and report.unchanged == 1
    assert snapshot(db) == stored


def test_truncated_warc_keeps_earlier_records(tmp_path: Path, db: Path, stored: dict) -> None:
    pages = [(f"https://n.example/2024/04/0{i}/talks", PAGE.replace("Canberra", city))
             for i, city in enumerate(["Lima", "Oslo", "Accra"], 1)]
    for name, compress in (("cut.warc.gz", True), ("cut.warc", False)):
        data = make_warc(pages, compress)
        report = run([write(tmp_path / name, data[: len(data) - 200])], db)
        assert report.new + report.unchanged == 2 and [e.origin for e in report.failed] == [f"{tmp_path / name}#4"]
    after = snapshot(db)
    assert len(after) == 1 + 1 + 2 and after["pe-no"] == stored["pe-no"]  # '*' holds the fingerprint


def test_json_lines_bad_lines_reported_by_number_good_lines_stored(tmp_path: Path, db: Path, stored: dict) -> None:
    lines = [json.dumps({"id": "k1", "text": ARTICLE.replace("Peru", "Kenya")}), "{broken", "[1, 2]",
             json.dumps({"id": "pe-no", "text": ""}), "", json.dumps({"id": "k2", "html": PAGE}),
             json.dumps({"text": ARTICLE}), b"\xff\xfe\xfd".decode("latin-1")]
    feed = write(tmp_path / "feed.jsonl", "\n".join(lines).encode("utf-8"))
    report = run([feed], db)
    assert sorted(failures(report)) == sorted(f"{feed}:{n}" for n in (2, 3, 4, 7, 8))
    after = snapshot(db)
    assert report.new == 2 and {"k1", "k2"} <= set(after) and after["pe-no"] == stored["pe-no"]


@pytest.mark.parametrize(("name", "page"), [
    ("deep.html", "<html><body>" + "<div><span>" * 20_000 + "<p>Ministers met in Lima.</p>" + "</span></div>" * 20_000),
    ("unclosed.html", "<html><body><p>Peruvian Foreign Minister Rosa Quispe met <b>Erik Dahl <i>in Lima <table><tr>"
                      "<td>on Tuesday.<p><p><div></span></html></body><script>var a = '<p>'"),
    ("garbage.html", "<<<>>><!-- <![CDATA[ ]]> <?xml?> </html></html><iframe>" * 100),
], ids=["nested-20000", "unclosed", "garbage"])
def test_malformed_html_is_stored_or_reported(tmp_path: Path, db: Path, stored: dict, name: str, page: str) -> None:
    report = run([write(tmp_path / name, page.encode())], db)
    assert report.new + len(report.failed) == 1
    assert all(e.origin == str(tmp_path / name) for e in report.failed)
    assert snapshot(db)["pe-no"] == stored["pe-no"]


def test_article_in_another_language_is_stored_flagged_and_has_no_events(tmp_path: Path, db: Path) -> None:
    report = run([write(tmp_path / "pe-no-fr.txt", FRENCH.encode())], db)
    assert report.new == 1 and report.failed == [] and report.mentions == 0
    with Store.open(db, read_only=True) as store:
        [document] = store.documents()
        assert document["language"] == "fr" and "Quispe" in document["text"]
        assert store.count("mentions") == 0 and store.count("events") == 0


# -- concurrent use --------------------------------------------------------------------------

def corpus(folder: Path, count: int, start: int = 0) -> list[str]:
    """count short articles of my own as .txt files; their ids."""
    folder.mkdir(exist_ok=True)
    cities = [("Lima", "Peruvian"), ("Oslo", "Norwegian"), ("Accra", "Ghanaian"), ("Nairobi", "Kenyan")]
    ids = []
    for number in range(start, start + count):
        city, demonym = cities[number % len(cities)]
        text = ARTICLE.replace("Lima", city).replace("3 April", f"{number % 28 + 1} May").replace(
            "Norwegian counterpart Erik Dahl", f"{demonym} counterpart Jonas Berg{number}")
        (folder / f"c{number:04d}.txt").write_text(text, encoding="utf-8")
        ids.append(f"c{number:04d}")
    return ids


def test_the_unfinished_index_build_of_a_killed_process_is_removed_at_the_next_build(tmp_path: Path, db: Path,
                                                                                   stored: dict) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()  # a process that has exited: its build was cut short
    home = index_home(db)
    host = socket.gethostname()
    killed, running, elsewhere = (home / f"{uuid.uuid4().hex}.{who}.building"
                                  for who in (f"{host}.{gone}", f"{host}.{os.getpid()}", f"other-host.{gone}"))
    for folder in (killed, running, elsewhere):
        folder.mkdir()
        (folder / "meta.json").write_text("{}", "utf-8")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "pe-no-2.txt").write_text(ARTICLE.replace("Tuesday", "Friday, 5 April"), "utf-8")
    assert run([tmp_path / "more"], db).new == 1  # content changed: the index is built again
    assert not killed.exists()
    assert running.exists() and elsewhere.exists()  # in progress here, or on a machine we cannot see


def test_api_answers_while_an_ingest_writes(tmp_path: Path, db: Path) -> None:
    first = corpus(tmp_path / "first", 40)
    assert run([tmp_path / "first"], db).new == 40
    later = corpus(tmp_path / "later", 400, start=40)
    server = start_server(db, tmp_path / "serve.log")
    seen: set[str] = set()
    missing: set[str] = set()
    answered: list[int] = []
    problems: list[str] = []
    stop = threading.Event()

    def poll(worker: int) -> None:
        with server.client() as client:
            number = 0
            while not stop.is_set():
                number += 1
                doc_id = later[(number * 7 + worker * 13) % len(later)]
                try:
                    check(client.get(f"/documents/{doc_id}"), doc_id)
                    check(client.get("/events", params={"limit": 5}), None)
                    check(client.get(f"/documents/{first[number % len(first)]}"), "first")
                except httpx.HTTPError as exc:
                    problems.append(f"{type(exc).__name__}: {exc}")
            answered.append(number * 3)

    def check(response: httpx.Response, doc_id: str | None) -> None:
        if response.status_code == 200 and doc_id not in (None, "first"):
            seen.add(doc_id)
        elif response.status_code == 404 and doc_id not in (None, "first") and doc_id not in seen:
            missing.add(doc_id)
        elif response.status_code != 200:
            problems.append(f"{response.request.url}: {response.status_code} {response.text[:200]}")

    try:
        writer = subprocess.Popen([sys.executable, "-m", "entente.cli", "ingest", str(tmp_path / "later"), "--db",
                                   str(db), "--batch-size", "16"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        pollers = [threading.Thread(target=poll, args=(n,)) for n in range(4)]
        for thread in pollers:
            thread.start()
        out, err = writer.communicate(timeout=600)
        stop.set()
        for thread in pollers:
            thread.join(timeout=60)
        with server.client() as client:
            total = client.get("/events", params={"limit": 1}).json()["total"]
            last = client.get(f"/documents/{later[-1]}")
    finally:
        stop.set()
        server.stop()
    assert writer.returncode == 0, err.decode()[-2000:]
    assert b"400 new" in out and problems == []
    assert seen & missing, "the API never saw a document arrive between two batches"
    print(f"{sum(answered)} requests answered while 400 articles were ingested; {len(seen & missing)} documents "
          "seen to arrive")
    with Store.open(db, read_only=True) as store:
        assert last.status_code == 200 and total == store.count("events") > 0 and store.count("documents") == 440


def test_load_benchmark_runs_briefly_and_reports_its_figures() -> None:
    done = subprocess.run([sys.executable, str(Path(__file__).parents[1] / "bench" / "load.py"), "--clients", "5",
                           "--seconds", "2"], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    for label in ("1 client (baseline)", "5 clients"):
        assert re.search(rf"^{re.escape(label)}: \d+ requests in [\d.]+ s = \d+ req/s; p50 [\d.]+ ms, p99 [\d.]+ ms, "
                         r"max [\d.]+ ms; 0 errors$", done.stdout, re.M), done.stdout
