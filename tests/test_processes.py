"""`entente ingest --processes N`: worker processes give the same store as one process."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES


def entente(*args: str) -> str:
    """Run the real command line and return its standard output."""
    done = subprocess.run([sys.executable, "-m", "entente.cli", *args], capture_output=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def stored(corpus: Path, db: Path, processes: int) -> tuple[str, str, str]:
    """The ingest summary and the exported documents and events of a fresh store."""
    summary = entente("ingest", str(corpus), "--db", str(db), "--processes", str(processes), "--batch-size", "8")
    events, documents = db.with_suffix(".events.jsonl"), db.with_suffix(".documents.jsonl")
    entente("export", "events", "--db", str(db), "-o", str(events))
    entente("export", "documents", "--db", str(db), "-o", str(documents))
    return summary.replace(str(db), "DB"), events.read_text(), documents.read_text()


def test_two_processes_store_what_one_process_stores(tmp_path: Path) -> None:
    corpus = FIXTURES / "eval" / "corpus"
    one = stored(corpus, tmp_path / "one.duckdb", 1)
    two = stored(corpus, tmp_path / "two.duckdb", 2)
    assert one[1].count("\n") > 10  # the corpus yields events, so equality means something
    assert two == one


def test_processes_must_be_positive(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "entente.cli", "ingest", str(FIXTURES / "eval" / "corpus"),
                           "--db", str(tmp_path / "x.duckdb"), "--processes", "0"], capture_output=True, check=False)
    assert done.returncode == 2
    assert b"processes" in done.stderr
