"""Ingest end to end through the real CLI and the real DuckDB file: idempotent, atomic, honest."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from entente.errors import StoreLocked
from entente.io.store import Store

ARTICLE = """World | Politics | Economy
Published: 14 February 2024

Kenya and Ethiopia sign water-sharing deal

Kenyan Foreign Minister Amina Odhiambo met her Ethiopian counterpart Dawit Alemu in Nairobi on Tuesday, \
and the two signed a memorandum of understanding on sharing the waters of the Omo river.

Ms Odhiambo said the deal would protect fishing communities around Lake Turkana.

Related news
Ghana and Togo open new border post
"""


def entente(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the real command line."""
    return subprocess.run([sys.executable, "-m", "entente.cli", *args], input=stdin, capture_output=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200"}, check=False)


def stored(db: Path) -> dict[str, tuple]:
    """doc_id -> (content_hash, text) of every stored document."""
    with Store.open(db, read_only=True) as store:
        return {d["doc_id"]: (d["content_hash"], d["text"]) for d in store.documents()}


def test_ingest_twice_stores_once_then_updates_a_changed_article(tmp_path: Path, db: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "ke-et.txt").write_text(ARTICLE, encoding="utf-8")
    first = entente("ingest", str(corpus), "--db", str(db))
    assert first.returncode == 0, first.stderr.decode()
    assert b"1 new, 0 updated, 0 unchanged, 0 failed" in first.stdout
    again = entente("ingest", str(corpus), "--db", str(db))
    assert b"0 new, 0 updated, 1 unchanged" in again.stdout
    (corpus / "ke-et.txt").write_text(ARTICLE.replace("Tuesday", "Wednesday"), encoding="utf-8")
    changed = entente("ingest", str(corpus), "--db", str(db))
    assert b"0 new, 1 updated, 0 unchanged" in changed.stdout
    docs = stored(db)
    assert list(docs) == ["ke-et"] and "Wednesday" in docs["ke-et"][1]
    with Store.open(db, read_only=True) as store:
        assert store.count("events") == 1


def test_bad_files_are_reported_and_the_rest_is_stored_without_touching_old_rows(tmp_path: Path, db: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert entente("ingest", str(good), "--db", str(db)).returncode == 0
    before = stored(db)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "feed.jsonl").write_text('{"id": "j1", "text": "Ministers met."}\n{oops\n', encoding="utf-8")
    (bad / "b.txt").write_text(ARTICLE.replace("Kenya", "Uganda"), encoding="utf-8")
    result = entente("ingest", str(bad), "--db", str(db))
    errors = result.stderr.decode()
    assert result.returncode == 1
    assert f"{bad / 'empty.txt'}: empty file" in errors
    assert f"{bad / 'feed.jsonl'}:2: not valid JSON" in errors
    assert b"2 new, 0 updated, 0 unchanged, 2 failed" in result.stdout
    after = stored(db)
    assert after["a"] == before["a"] and set(after) == {"a", "b", "j1"}


def test_stdin_and_exports_in_every_format(tmp_path: Path, db: Path) -> None:
    assert entente("ingest", "-", "--db", str(db), stdin=ARTICLE.encode()).returncode == 0
    jsonl = entente("export", "documents", "--db", str(db), "--format", "jsonl")
    row = json.loads(jsonl.stdout.decode().splitlines()[0])
    assert row["publication_date"] == "2024-02-14" and row["title"] == "Kenya and Ethiopia sign water-sharing deal"
    assert "Related news" not in row["text"] and "Omo river" in row["text"]
    csv_out = entente("export", "events", "--db", str(db), "--format", "csv")
    assert csv_out.stdout.decode().splitlines()[0].startswith("event_id,event_type")
    parquet = tmp_path / "events.parquet"
    assert entente("export", "events", "--db", str(db), "--format", "parquet", "-o", str(parquet)).returncode == 0
    table = pq.read_table(parquet).to_pylist()
    assert len(table) == 1 and table[0]["event_type"] == "CONSULT"


def test_export_without_a_store_is_a_clear_error(tmp_path: Path) -> None:
    result = entente("export", "events", "--db", str(tmp_path / "missing.duckdb"))
    assert result.returncode == 2 and b"no such store" in result.stderr


@pytest.mark.parametrize("command", ["ingest", "export", "eval"])
def test_every_command_explains_itself(command: str) -> None:
    result = entente(command, "--help")
    assert result.returncode == 0 and len(result.stdout.decode().split()) > 15


def test_a_merge_is_not_stored_when_a_batch_came_in_meanwhile(tmp_path: Path, db: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "ke-et.txt").write_text(ARTICLE, encoding="utf-8")
    assert entente("ingest", str(corpus), "--db", str(db)).returncode == 0
    with Store.open(db) as store:
        [mention] = store.mentions()
        store.write_batch([], {})  # nothing to write: the mark stays as it is
        assert not store.merge_pending()
        article = next(store.documents())
        store.db.execute("INSERT OR REPLACE INTO meta VALUES ('merge_pending', 'first')")
        token = store.pending_token()
        store.db.execute("INSERT OR REPLACE INTO meta VALUES ('merge_pending', 'second')")  # a batch came in
        assert store.replace_events([], token) is False and store.count("events") == 1 and store.merge_pending()
        assert store.replace_events([], "second") is True and store.count("events") == 0
        assert not store.merge_pending() and article["doc_id"] == mention.mention_id.rsplit(":", 1)[0]


def test_opening_a_locked_store_waits_then_says_it_is_locked(db: Path) -> None:
    Store.open(db).close()
    hold = f"from entente.io.store import Store; s = Store.open({str(db)!r}); print('held', flush=True)"
    holder = subprocess.Popen([sys.executable, "-c", hold + "; import time; time.sleep(1.5)"], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        with pytest.raises(StoreLocked, match="locked by another process"):
            Store.open(db, read_only=True)
        with Store.open(db, wait=60) as store:  # the holder lets go after 1.5 s
            assert store.count("documents") == 0
    finally:
        holder.kill()
        holder.wait()


def test_two_ingests_at_once_share_the_store(tmp_path: Path, db: Path) -> None:
    folders = [tmp_path / "a", tmp_path / "b"]
    for number, folder in enumerate(folders):
        folder.mkdir()
        for day in range(1, 25):
            text = ARTICLE.replace("14 February", f"{day} March").replace("Tuesday", ["Monday", "Friday"][number])
            (folder / f"{folder.name}{day:02d}.txt").write_text(text, encoding="utf-8")
    (folders[1] / "a01.txt").write_text((folders[0] / "a01.txt").read_text(), encoding="utf-8")  # in both
    command = [sys.executable, "-m", "entente.cli", "ingest", "--db", str(db), "--batch-size", "4"]
    runs = [subprocess.Popen([*command, str(f)], stdout=subprocess.PIPE, stderr=subprocess.PIPE) for f in folders]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode()
    with Store.open(db, read_only=True) as store:
        assert store.count("documents") == 48 and not store.merge_pending()
        merged = {m for e in store.events() for m in e.mention_ids}
        assert merged == {m.mention_id for m in store.mentions()} and len(merged) == 48
