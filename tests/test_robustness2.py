"""Robustness, round 2 (issue 14): readers never starve the writer, nothing is dropped silently, no
markup or formula injection, settings and ids validated, one answer for one country twice, the Host
header checked. Real components throughout: `entente` in subprocesses, a real uvicorn server on
loopback, the real DuckDB file and the real spaCy model."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import ROOT
from entente.config import Settings
from entente.errors import IngestError, StoreLocked
from entente.io import gate
from entente.io.readers import jsonl_record, read_warc
from entente.io.store import Store
from entente.pipeline import IngestReport, ingest, open_writer
from entente.views.actors import find_people, stored_people
from entente.views.cells import neutralise_cell
from entente.views.timeline import Dyad, markdown_text, render_markdown
from entente.web.api import Watchdog
from live import TOKEN, Server, free_port, wait_until_up
from test_readers import make_warc

ARTICLE = "\n".join([
    "World | Diplomacy", "Published: 3 April 2024", "", "Peru and Norway agree on fisheries research", "",
    "Peruvian Foreign Minister Rosa Quispe met her Norwegian counterpart Erik Dahl in Lima on Tuesday, and the two "
    "signed a memorandum of understanding on joint fisheries research.", "",
    "Ms Quispe said the research vessels would sail from Callao next year.", ""])
PARAGRAPHS = ("<p>Peruvian Foreign Minister Rosa Quispe met her Norwegian counterpart Erik Dahl in Lima on Tuesday, "
              "and the two signed a memorandum of understanding on joint fisheries research.</p>"
              "<p>Ms Quispe said the research vessels would sail from Callao next year.</p>")


def page(body: str, title: str = "Peru and Norway agree on fisheries research") -> str:
    """An HTML news page around a body."""
    return (f"<!doctype html><html><head><title>{title}</title><meta property='article:published_time' "
            f"content='2024-04-03'></head><body><article><h1>{title}</h1>{body}</article></body></html>")


def entente(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the real CLI, its output piped (not a terminal)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ENTENTE_")} | (env or {})
    return subprocess.run([sys.executable, "-m", "entente.cli", *args], capture_output=True, text=True,
                          env=environment, timeout=timeout)


def start(db: Path, log: Path, *options: str, env: dict[str, str] | None = None) -> Server:
    """`entente serve` on a free loopback port with extra options, returned once it answers."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ENTENTE_")} | (env or {})
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "entente.cli", "serve", "--db", str(db), "--host",
                                    "127.0.0.1", "--port", str(port), *options],
                                   stdout=sink, stderr=subprocess.STDOUT, env=environment)
    server = Server(f"http://127.0.0.1:{port}", db, (env or {}).get("ENTENTE_TOKEN"), log, process)
    wait_until_up(server)
    return server


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the sample corpus."""
    db = tmp_path_factory.mktemp("small") / "small.duckdb"
    report = ingest([str(ROOT / "examples" / "corpus")], Settings(db=db))
    assert report.new > 5 and not report.failed
    return db


@pytest.fixture(scope="module")
def server(small_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A read-only server over the sample corpus with a 1 s read budget and one more allowed host name."""
    running = start(small_store, tmp_path_factory.mktemp("log") / "serve.log", "--read-budget", "1",
                    "--allowed-host", "entente.example")
    yield running
    running.stop()


# -- 1. no request holds up a write for more than a bounded time -----------------------------------
# A process whose four threads read the store one after another, 0.3 s each, staggered: the store
# is never without a reader (as a server under load), through the gate or not.
READERS = """
import sys, threading, time
from pathlib import Path
from entente.errors import IngestError, StoreLocked
from entente.io import gate
from entente.io.readers import jsonl_record, read_warc
from entente.io.store import Store
db, through_gate, until = Path(sys.argv[1]), sys.argv[2] == "gate", time.monotonic() + float(sys.argv[3])
def hold():
    with Store.open(db, read_only=True, wait=5):
        time.sleep(0.3)
def read():
    while time.monotonic() < until:
        try:
            if through_gate:
                with gate.reading(db, time.monotonic() + 5):
                    hold()
            else:
                hold()
        except StoreLocked:
            time.sleep(0.01)
threads = [threading.Thread(target=read) for _ in range(4)]
for thread in threads:
    thread.start()
    time.sleep(0.075)
print("reading", flush=True)
for thread in threads:
    thread.join()
"""


def readers(db: Path, through_gate: bool) -> subprocess.Popen[str]:
    """The reader process, returned once its readers overlap."""
    process = subprocess.Popen([sys.executable, "-c", READERS, str(db), "gate" if through_gate else "bare", "5"],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "reading"
    return process


def test_a_writer_gets_past_readers_that_overlap_for_ever(small_store: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(small_store.read_bytes())
    process = readers(db, through_gate=False)
    try:  # what 842ecc1's writer did: wait for a moment with no reader, which never comes
        with pytest.raises(StoreLocked), Store.open(db, wait=2):
            pass
    finally:
        process.wait(timeout=30)
    process = readers(db, through_gate=True)
    try:
        started = time.monotonic()
        with open_writer(Settings(db=db, lock_wait=5)) as store:
            waited = time.monotonic() - started
            store.db.execute("INSERT OR REPLACE INTO meta VALUES ('probe', 'written')")
    finally:
        process.wait(timeout=30)
    assert waited < 1.5, f"the writer waited {waited:.1f} s behind readers of 0.3 s"


def test_a_request_answers_503_with_retry_after_past_its_budget(server: Server) -> None:
    with server.client() as client:
        assert client.get("/countries").status_code == 200
        with gate.writing(server.db, wait=5):  # a writer holds the store, as `entente ingest` does
            started = time.monotonic()
            response = client.get("/countries")
            took = time.monotonic() - started
        assert response.status_code == 503 and response.headers["retry-after"] == "5"
        assert "try again" in response.json()["error"] and 0.9 < took < 3
        assert client.get("/countries").status_code == 200


def test_a_query_past_the_budget_is_interrupted(small_store: Path) -> None:
    with Store.open(small_store, read_only=True) as store, Watchdog(store, time.monotonic() + 0.3) as watchdog:
        started = time.monotonic()
        with pytest.raises(Exception, match=r"(?i)interrupt"):
            store.db.execute("SELECT count(*) FROM range(1000000000000) a").fetchall()
        assert watchdog.expired and time.monotonic() - started < 3


def test_people_are_computed_at_ingest_and_actors_reads_them(small_store: Path, server: Server) -> None:
    with Store.open(small_store, read_only=True) as store:
        assert store.people_fingerprint() == store.content_fingerprint()
        stored = [p.to_dict() for p in stored_people(store)]
        computed = [p.to_dict() for p in find_people(store)]
    assert stored == computed and len(stored) > 5
    with server.client() as client:
        listed = client.get("/actors").json()
        assert [p["id"] for p in listed] == [p["id"] for p in stored]
        one = client.get(f"/actors/{listed[0]['id']}").json()
        assert one["name"] == listed[0]["name"] and one["events"]
        assert client.get("/actors", params={"q": listed[0]["name"].split()[-1].lower()}).json()


def test_an_upload_holds_the_store_only_to_write(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    articles = list(corpus.articles(100, seed=14))
    running = start(tmp_path / "up.duckdb", tmp_path / "serve.log", env={"ENTENTE_TOKEN": TOKEN})
    statuses: list[int] = []
    waits: list[float] = []
    done = threading.Event()

    def read_while_uploading() -> None:
        with running.client() as client:
            while not done.is_set():
                started = time.monotonic()
                statuses.append(client.get("/countries").status_code)
                waits.append(time.monotonic() - started)
                time.sleep(0.05)

    try:
        with running.client() as client:
            assert client.post("/documents", json=articles[:1], headers={"Authorization": f"Bearer {TOKEN}"}
                               ).status_code == 200
            reader = threading.Thread(target=read_while_uploading)
            reader.start()
            started = time.monotonic()
            answer = client.post("/documents", json=articles[1:], headers={"Authorization": f"Bearer {TOKEN}"})
            took = time.monotonic() - started
            done.set()
            reader.join()
    finally:
        running.stop()
    assert answer.status_code == 200 and answer.json()["new"] == len(articles) - 1
    assert took > 2, f"the upload took {took:.1f} s: too short to show reads going on during its NLP"
    assert len(statuses) > 10 and set(statuses) == {200}, f"reads during the upload: {sorted(set(statuses))}"
    assert max(waits) < 1.5, f"a read waited {max(waits):.1f} s behind the upload (of {took:.1f} s)"


# -- 2. nothing dropped silently ----------------------------------------------------------------
def run(paths: list[Path], db: Path, **changes: object) -> IngestReport:
    """Ingest in this process, as the CLI does."""
    return ingest([str(p) for p in paths], Settings(db=db).with_(**changes))


def stored_ids(db: Path) -> list[str]:
    """The stored documents' ids."""
    with Store.open(db, read_only=True) as store:
        return [d["doc_id"] for d in store.documents()]


def test_same_named_files_in_different_folders_are_different_documents(tmp_path: Path, db: Path) -> None:
    for n, folder in enumerate("abc"):
        (tmp_path / "site" / folder).mkdir(parents=True)
        body = PARAGRAPHS.replace("Tuesday", ["Monday", "Tuesday", "Wednesday"][n])
        (tmp_path / "site" / folder / "index.html").write_text(page(body), encoding="utf-8")
    first = run([tmp_path / "site"], db, batch_size=1)
    assert (first.new, first.failed) == (3, []) and stored_ids(db) == ["a/index", "b/index", "c/index"]
    again = run([tmp_path / "site"], db, batch_size=1)
    assert (again.new, again.updated, again.unchanged, again.failed) == (0, 0, 3, [])


def test_two_files_of_one_id_in_one_run_are_reported(tmp_path: Path, db: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "talks.html").write_text(page(PARAGRAPHS), encoding="utf-8")
    (tmp_path / "in" / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    for _ in range(2):
        report = run([tmp_path / "in"], db, batch_size=1)
        [failure] = report.failed
        assert failure.origin == str(tmp_path / "in" / "talks.txt")
        assert "talks.html" in failure.reason and "'talks'" in failure.reason and "not stored" in failure.reason
    assert report.unchanged == 1 and stored_ids(db) == ["talks"]


def test_an_article_that_cleans_to_nothing_is_reported(tmp_path: Path, db: Path) -> None:
    empty = tmp_path / "menu.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a> | <a href='/w'>World</a></nav>"
                     "<script>var x = 1;</script></body></html>", encoding="utf-8")
    report = run([empty], db)
    [failure] = report.failed
    assert failure.origin == str(empty) and "no article text found" in failure.reason
    assert report.new == 0 and stored_ids(db) == []


@pytest.mark.parametrize("depth", [300, 5000])
def test_html_of_any_depth_yields_its_text(tmp_path: Path, db: Path, depth: int) -> None:
    deep = tmp_path / "deep.html"
    deep.write_text(page("<div>" * depth + PARAGRAPHS + "</div>" * depth), encoding="utf-8")
    report = run([deep], db)
    assert (report.new, report.failed, report.events) == (1, [], 1)
    with Store.open(db, read_only=True) as store:
        assert "Rosa Quispe met her Norwegian counterpart" in next(store.documents())["text"]


def test_stray_nul_bytes_are_cleaned_not_refused(tmp_path: Path, db: Path) -> None:
    filler = "".join(f"<p>Other news item number {n} about the weather in the region.</p>" for n in range(2500))
    data = page(PARAGRAPHS + f"<aside>{filler}</aside>").encode()
    spots = range(1000, len(data), len(data) // 22)
    damaged = bytearray(data)
    for at in spots:
        damaged[at:at] = b"\x00"
    (tmp_path / "nul.html").write_bytes(bytes(damaged))
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 200)
    report = run([tmp_path / "nul.html", tmp_path / "binary.html"], db)
    assert len(damaged) > 150_000 and damaged.count(0) == 22
    assert report.new == 1 and [f.origin for f in report.failed] == [str(tmp_path / "binary.html")]
    assert "binary" in report.failed[0].reason
    with Store.open(db, read_only=True) as store:
        text = next(store.documents())["text"]
    assert "Rosa Quispe" in text and "\x00" not in text


# -- 3. the CLI never reads text as markup; control characters escaped; one line per error ---------
def test_names_with_markup_and_control_characters_are_printed_as_they_are(tmp_path: Path) -> None:
    folder = tmp_path / "in[/x]"  # a folder 'x]' in a folder 'in[': the path holds '[/x]'
    folder.mkdir(parents=True)
    (folder / "pe-no.txt").write_text(ARTICLE, encoding="utf-8")
    for name in ("[blink]x.txt", "forged\nfailed: other.txt", "esc\x1b[31mred.txt"):
        (folder / name).write_bytes(b"")
    db = tmp_path / "store[/x].duckdb"
    db.parent.mkdir()
    result = entente("ingest", str(folder), "--db", str(db))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith("failed: ") for line in lines), lines
    assert f"failed: {folder}/[blink]x.txt: empty file" in lines
    assert f"failed: {folder}/forged\\nfailed: other.txt: empty file" in lines
    assert f"failed: {folder}/esc\\x1b[31mred.txt: empty file" in lines
    assert result.stdout.strip().endswith(f"events in {db}") and "1 new" in result.stdout


def test_errors_are_one_line_when_piped_and_never_markup(small_store: Path) -> None:
    result = entente("timeline", "[/x]", "Vietnam", "--db", str(small_store))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "[/x]" in line
    long_name = "Atlantis" + "-and-a-very-long-country-name" * 5
    result = entente("summary", long_name, "Vietnam", "--db", str(small_store))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1 and long_name in result.stderr


def test_an_article_too_long_for_the_model_is_one_line(tmp_path: Path) -> None:
    long_page = tmp_path / "long.html"
    long_page.write_text(page("".join(f"<p>Paragraph {n} of a very long report on fisheries research and the "
                                      f"talks in Lima, with many details on the vessels.</p>" for n in range(9000))),
                         encoding="utf-8")
    result = entente("ingest", str(long_page), "--db", str(tmp_path / "s.duckdb"))
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line == f"failed: {long_page}: its clean text is longer than the language model takes (1,000,000 characters)"


def test_a_damaged_warc_is_reported_and_nothing_reaches_the_terminal_raw(capfd: pytest.CaptureFixture[str]) -> None:
    data = make_warc([("https://n.example/a b\x1b[31m", page(PARAGRAPHS)), ("https://n.example/c", page(PARAGRAPHS))],
                     compress=False)
    cut = data.replace(b"Content-Length: 1", b"Content-Length: 0", 1)  # the warcinfo record's length, shortened
    results = list(read_warc(cut, "c.warc"))
    errors = [r for r in results if isinstance(r, IngestError)]
    assert [e.origin for e in errors] == ["c.warc"] and "damaged WARC" in errors[0].reason
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(("line", "reason"), [
    ('{"id": "x', "not valid JSON (Unterminated string starting at column 8)"),
    ("{", "not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
], ids=["unterminated", "property"])
def test_json_errors_read_as_sentences(line: str, reason: str) -> None:
    error = jsonl_record(line, "f.jsonl:1")
    assert isinstance(error, IngestError) and error.reason == reason and " at at " not in str(error)


# -- 4. settings: every one a message names can be set; bad numbers refused --------------------------
@pytest.mark.parametrize(("args", "env", "expected"), [
    (["--batch-size", "0"], {}, "Invalid value for '--batch-size'"),
    (["--batch-size", "-1"], {}, "Invalid value for '--batch-size'"),
    (["--max-article-bytes", "0"], {}, "Invalid value for '--max-article-bytes'"),
    ([], {"ENTENTE_BATCH_SIZE": "0"}, "--batch-size / ENTENTE_BATCH_SIZE must be a number of at least 1"),
    ([], {"ENTENTE_LOCK_WAIT": "soon"}, "ENTENTE_LOCK_WAIT='soon' is not a number"),
], ids=["zero", "negative", "zero-bytes", "env-zero", "env-word"])
def test_bad_numbers_are_refused_with_a_clear_error(tmp_path: Path, args: list[str], env: dict[str, str],
                                                     expected: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = entente("ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.duckdb"), *args, env=env)
    assert result.returncode == 2 and expected in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "s.duckdb").exists()


def test_the_size_limit_a_message_names_can_be_set(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    refused = entente("ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.duckdb"),
                      env={"ENTENTE_MAX_ARTICLE_BYTES": "100"})
    assert refused.returncode == 1 and "raise --max-article-bytes / ENTENTE_MAX_ARTICLE_BYTES" in refused.stderr
    taken = entente("ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.duckdb"),
                    "--max-article-bytes", "100000", env={"ENTENTE_MAX_ARTICLE_BYTES": "100"})
    assert taken.returncode == 0 and "1 new" in taken.stdout


# -- 5. ids and the token ------------------------------------------------------------------------
def test_upload_ids_are_validated_never_altered(tmp_path: Path) -> None:
    running = start(tmp_path / "ids.duckdb", tmp_path / "serve.log", env={"ENTENTE_TOKEN": TOKEN})
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        with running.client() as client:
            assert client.post("/documents", json=[{"id": "a", "text": ARTICLE}], headers=auth).status_code == 200
            for bad in ("  ", " a ", "a b", "", "x" * 201, "a\u202eb"):
                answer = client.post("/documents", json=[{"id": bad, "text": ARTICLE.replace("Peru", "Chile")}],
                                     headers=auth)
                assert answer.status_code == 422 and "an id is 1 to 200 characters" in answer.json()["error"], bad
            assert client.get("/documents/a").json()["text"].startswith("Peruvian")
            good = "bench/2024-04-03:Bùi_Sơn~1"
            assert client.post("/documents", json=[{"id": good, "text": ARTICLE}], headers=auth).json()["new"] == 1
            assert client.get(f"/documents/{good}").json()["doc_id"] == good
    finally:
        running.stop()


@pytest.mark.parametrize("token", ["secret ", " secret", "secret\n", "   "])
def test_a_token_with_surrounding_whitespace_is_refused_at_start_up(tmp_path: Path, token: str) -> None:
    result = entente("serve", "--db", str(tmp_path / "s.duckdb"), "--port", str(free_port()),
                     env={"ENTENTE_TOKEN": token}, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ENTENTE_TOKEN is blank or has leading or trailing whitespace")


# -- 6. markdown and spreadsheet cells --------------------------------------------------------------
def test_markdown_timeline_escapes_html_and_markup(small_store: Path) -> None:
    assert markdown_text("<script>alert(1)</script> [x](javascript:y) *b*") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:y) \\*b\\*")
    with Store.open(small_store, read_only=True) as store:
        event = store.events()[0]
    evil = replace(event.participants[0], name="<script>x()</script>")
    shown = render_markdown(Dyad("VNM", "SGP"), [replace(event, participants=(evil,))])
    assert "<script>" not in shown and "&lt;script&gt;x()&lt;/script&gt;" in shown


@pytest.mark.parametrize(("cell", "safe"), [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"), ("+1+2", "'+1+2"), ("-A1", "'-A1"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-7.5", "-7.5"), ("+3", "+3"),
    ("Hanoi", "Hanoi"), ("", ""), ("a=b", "a=b"),
])
def test_cells_a_spreadsheet_would_run_are_neutralised(cell: str, safe: str) -> None:
    assert neutralise_cell(cell) == safe


# -- 7. one country twice -----------------------------------------------------------------------------
def test_one_country_twice_is_refused_alike_everywhere(small_store: Path, server: Server) -> None:
    message = "a pair is two different countries (Indonesia was given twice)"
    result = entente("timeline", "Indonesia", "IDN", "--db", str(small_store))
    assert result.returncode == 2 and result.stderr.strip() == f"error: {message}"
    with server.client() as client:
        for path in ("/events?pair=IDN,Indonesia", "/dyads/IDN/IDN/timeline", "/dyads/Indonesia/IDN/summary"):
            answer = client.get(path)
            assert (answer.status_code, answer.json()) == (400, {"error": message}), path


# -- 8. the Host header -------------------------------------------------------------------------------
@pytest.mark.parametrize(("host", "status"), [
    ("evil.example", 400), ("evil.example:8000", 400), ("127.0.0.1.evil.example", 400),
    ("127.0.0.1", 200), ("localhost", 200), ("entente.example", 200), ("ENTENTE.example.", 200),
])
def test_the_host_header_must_name_the_server(server: Server, host: str, status: int) -> None:
    port = server.url.rsplit(":", 1)[1]
    with server.client() as client:
        answer = client.get("/countries", headers={"Host": f"{host}:{port}" if ":" not in host else host})
    assert answer.status_code == status
    if status == 400:
        assert "not this server" in answer.json()["error"]


def test_the_page_is_refused_to_a_rebinding_host(server: Server) -> None:
    with server.client() as client:
        assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
        assert client.get("/").status_code == 200


def test_json_errors_of_the_host_check_are_json(server: Server) -> None:
    with server.client() as client:
        answer = client.get("/events", headers={"Host": "x.example"})
    assert answer.headers["content-type"].startswith("application/json") and json.loads(answer.text)["error"]


def test_a_store_in_a_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Nothing happened here today.", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "entente.cli", "ingest", str(article), "--db",
                           str(tmp_path / "missing" / "s.duckdb")], capture_output=True, timeout=300, check=False)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr.decode() and "missing" in done.stderr.decode()
