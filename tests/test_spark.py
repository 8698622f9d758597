"""The Spark job on local[2] yields what the single-machine `entente ingest` yields on the same input."""
from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from entente.config import Settings
from entente.errors import EntenteError
from entente.io.store import Store
from entente.pipeline import prepare
from entente.spark import SparkReport, import_output, run, session
from entente.types import RawDoc
from entente.views.exports import document_rows, event_rows

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

CORPUS = Path(__file__).resolve().parent / "fixtures" / "merge" / "corpus"


def spark_or_skip() -> None:
    """Skip when Java or pyspark is missing, except under CI=true where that fails."""
    missing = [what for what, ok in (("java", shutil.which("java")), ("pyspark", importlib.util.find_spec("pyspark")))
               if not ok]
    if not missing:
        return
    message = f"{' and '.join(missing)} missing: run 'make system setup' (Java from apt, pyspark from the spark extra)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    """One local[2] Spark session for the whole file (starting one costs 10-20 s)."""
    spark_or_skip()
    active = session("local[2]")
    yield active
    active.stop()


def entente(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line."""
    return subprocess.run([sys.executable, "-m", "entente.cli", *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200"}, check=False)


def contents(db: Path) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The events and documents of a store, as `entente export` writes them."""
    with Store.open(db, read_only=True) as store:
        return event_rows(store), document_rows(store)


def write_jsonl(path: Path, articles: list[Path], bad_lines: bool = False) -> Path:
    """Fixture articles as JSON Lines (one article a line), optionally with three lines that fail:
    broken JSON, a line over the 5 MB limit, a text longer than the language model takes."""
    lines = [json.dumps({"id": p.stem, "text": p.read_text("utf-8")}) for p in articles]
    if bad_lines:
        lines.insert(3, '{"id": "broken", "text": ')
        lines.insert(5, json.dumps({"id": "huge", "text": "Ministers met. " * 400_000}))
        lines.insert(7, json.dumps({"id": "long", "text": "Ministers met. " * 80_000}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_warc(path: Path, articles: list[Path]) -> Path:
    """Fixture articles as HTML responses in a gzipped WARC, with a non-HTML record among them."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number, article in enumerate(articles):
            head, *paragraphs = article.read_text("utf-8").strip().split("\n\n")
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            page = f"<html><head><title>{head}</title></head><body><article>{body}</article></body></html>"
            kind = "text/html; charset=utf-8" if number != 2 else "application/json"
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://news.example.org/{article.stem}", "response",
                                               payload=io.BytesIO(page.encode("utf-8")), http_headers=headers)
            writer.write_record(record)
    return path


@dataclass(frozen=True)
class Runs:
    """One Spark run over JSON Lines and one over a WARC, with their inputs. Fields: folder, jsonl,
    warc (inputs), jsonl_report, warc_report (what the runs wrote under folder/jsonl-out, folder/warc-out)."""

    folder: Path
    jsonl: Path
    warc: Path
    jsonl_report: SparkReport
    warc_report: SparkReport


@pytest.fixture(scope="module")
def runs(spark: SparkSession, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """The merge fixture corpus split in two: most as JSON Lines, the rest (and a few again) as a WARC."""
    folder = tmp_path_factory.mktemp("spark")
    articles = sorted(CORPUS.glob("*.txt"))
    jsonl = write_jsonl(folder / "feed.jsonl", articles[:15], bad_lines=True)
    warc = write_warc(folder / "crawl.warc.gz", articles[12:])
    jsonl_report = run(spark, [str(jsonl)], str(folder / "jsonl-out"), Settings())
    warc_report = run(spark, [str(folder / "*.warc.gz")], str(folder / "warc-out"), Settings())
    return Runs(folder, jsonl, warc, jsonl_report, warc_report)


def test_jsonl_on_spark_gives_the_events_and_documents_of_ingest(runs: Runs, tmp_path: Path) -> None:
    assert (runs.jsonl_report.documents, runs.jsonl_report.errors) == (15, 3)
    reasons = sorted(problem.split("): ", 1)[1] for problem in runs.jsonl_report.failed)
    assert all("feed.jsonl (" in problem for problem in runs.jsonl_report.failed)
    assert reasons[0].startswith("line over the 5 MB limit") and reasons[1].startswith("not valid JSON")
    assert "longer than the language model takes" in reasons[2]
    imported = entente("import", str(runs.folder / "jsonl-out"), "--db", str(tmp_path / "spark.duckdb"))
    assert imported.returncode == 0, imported.stderr
    assert "15 documents" in imported.stdout and "as merged by Spark" in imported.stdout
    ingested = entente("ingest", str(runs.jsonl), "--db", str(tmp_path / "single.duckdb"))
    assert ingested.returncode == 1 and "3 failed" in ingested.stdout
    events, documents = contents(tmp_path / "spark.duckdb")
    assert len(events) >= 8 and any(len(e["sources"]) > 1 for e in events)
    assert (events, documents) == contents(tmp_path / "single.duckdb")


def test_warc_on_spark_imported_beside_the_jsonl_run_gives_the_store_of_one_ingest(runs: Runs, tmp_path: Path) -> None:
    assert (runs.warc_report.documents, runs.warc_report.errors) == (8, 0)
    store = tmp_path / "spark.duckdb"
    settings = Settings(db=store)
    assert not import_output(runs.folder / "jsonl-out", settings).merged
    report = import_output(runs.folder / "warc-out", settings)
    assert (report.documents, report.merged) == (8, True)
    with Store.open(store, read_only=True) as opened:
        before = opened.content_fingerprint()
    import_output(runs.folder / "warc-out", settings)
    with Store.open(store, read_only=True) as opened:
        assert opened.content_fingerprint() == before
    single = tmp_path / "single.duckdb"
    assert entente("ingest", str(runs.jsonl), str(runs.warc), "--db", str(single)).returncode == 1
    events, documents = contents(store)
    assert len(documents) == 23 and any(d["doc_id"].startswith("warc-") for d in documents)
    assert (events, documents) == contents(single)


@pytest.mark.parametrize(("inputs", "expected"), [
    (["missing/*.jsonl"], r"missing/\*\.jsonl: no such file"),
    (["gone.warc.gz"], r"gone\.warc\.gz: no such file"),
    (["notes.txt"], "give --format jsonl or --format warc"),
])
def test_unusable_inputs_are_named(spark: SparkSession, tmp_path: Path, inputs: list[str], expected: str) -> None:
    with pytest.raises(EntenteError, match=expected):
        run(spark, [str(tmp_path / name) for name in inputs], str(tmp_path / "out"), Settings())
    assert not (tmp_path / "out" / "events").exists()


def test_an_existing_output_is_kept_unless_overwrite_is_given(spark: SparkSession, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "one.jsonl", sorted(CORPUS.glob("*.txt"))[:1])
    (tmp_path / "out" / "documents").mkdir(parents=True)
    with pytest.raises(EntenteError, match="the output folder exists"):
        run(spark, [str(source)], str(tmp_path / "out"), Settings())
    assert run(spark, [str(source)], str(tmp_path / "out"), Settings(), overwrite=True).documents == 1


def test_import_refuses_an_unfinished_run_and_leaves_the_store_alone(tmp_path: Path) -> None:
    for table in ("documents", "mentions", "events"):
        (tmp_path / "out" / table).mkdir(parents=True)
    store = tmp_path / "kept.duckdb"
    with Store.open(store) as opened:
        opened.write_batch([prepare(RawDoc("kept", "kept.txt", "text", "Ministers met in Accra on Monday."))], {})
    result = entente("import", str(tmp_path / "out"), "--db", str(store))
    assert result.returncode == 2
    assert f"{tmp_path / 'out' / 'documents'}: not the output of a finished" in result.stderr.replace("\n", "")
    with Store.open(store, read_only=True) as opened:
        assert [d["doc_id"] for d in opened.documents()] == ["kept"]
