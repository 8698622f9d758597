"""The store: one DuckDB file holding raw input, clean articles, mentions and merged events.

The only module that imports duckdb. Transaction boundaries:
- `write_batch`: one transaction per batch of articles (documents, their mentions, and the
  'merge pending' mark, a fresh token); a crash mid-batch leaves none of that batch.
- `replace_events`: one transaction that swaps the whole merged event set and clears the mark,
  only if the mark still holds the token the merge started from (no batch came in between).
A run killed between the two leaves the mark set; the next run merges first.
DuckDB lets one process write a file, or many read it: writers open the store for one
transaction and close it, and `open` waits up to `wait` seconds while another process holds it.
"""
from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow

from entente.errors import StoreError, StoreLocked
from entente.records import event_from_dict, event_to_dict, mention_from_dict, mention_to_dict, to_date
from entente.types import Article, Event, Mention

DOCUMENT_COLUMNS = ("doc_id", "origin", "content_hash", "raw", "url", "title", "publication_date",
                    "outlet", "language", "text")
EVENT_COLUMNS = ("event_id", "event_type", "mode", "date", "date_lo", "date_hi", "date_source", "date_precision",
                 "countries", "payload")


class Store:
    """A DuckDB-backed store. Open with `Store.open(path)`; use as a context manager."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path, read_only: bool = False, wait: float = 0.0) -> Store:
        """Open (creating if needed) the store at path, waiting up to `wait` s while another process holds it."""
        if read_only and not Path(path).exists():
            raise StoreError(f"{path}: no such store (run 'entente ingest' first)")
        deadline = time.monotonic() + wait
        while True:
            try:
                connection = duckdb.connect(str(path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(f"{path}: cannot open the store ({exc})") from exc
                if time.monotonic() >= deadline:
                    raise StoreLocked(f"{path}: the store is locked by another process ({exc})") from exc
                time.sleep(random.uniform(0.005, 0.05))  # jitter: waiting writers do not retry in step
            except duckdb.Error as exc:
                raise StoreError(f"{path}: cannot open the store ({exc})") from exc
        store = cls(connection, Path(path))
        if not read_only:
            rename_event_sources(connection)
            connection.execute(resources.files("entente.io").joinpath("schema.sql").read_text("utf-8"))
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    # -- documents -------------------------------------------------------------------------
    def content_hashes(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Stored content hash of each of the given documents that is stored."""
        ids = list(doc_ids)
        if not ids:
            return {}
        rows = self.db.execute(
            "SELECT doc_id, content_hash FROM documents WHERE doc_id IN (SELECT unnest(?))", [ids]).fetchall()
        return dict(rows)

    def write_batch(self, articles: list[Article], mentions: dict[str, list[Mention]]) -> None:
        """Store articles (replacing earlier versions) and their mentions, in one transaction."""
        if not articles:
            return
        now = datetime.now(UTC).replace(tzinfo=None)
        ids = [a.doc_id for a in articles]
        doc_rows = [(a.doc_id, a.origin, a.content_hash, a.raw, a.url, a.title, a.publication_date,
                     a.outlet, a.language, a.text, now) for a in articles]
        mention_rows = [(m.mention_id, doc_id, json.dumps(mention_to_dict(m)))
                        for doc_id, found in mentions.items() for m in found]
        try:
            self.db.begin()
            self.db.execute("DELETE FROM mentions WHERE doc_id IN (SELECT unnest(?))", [ids])
            self.db.execute("DELETE FROM documents WHERE doc_id IN (SELECT unnest(?))", [ids])
            self.insert("documents", (*DOCUMENT_COLUMNS, "ingested_at"), doc_rows)
            self.insert("mentions", ("mention_id", "doc_id", "payload"), mention_rows)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('merge_pending', ?)", [uuid.uuid4().hex])
            self.db.commit()
        except duckdb.Error as exc:
            self.db.rollback()
            raise StoreError(f"{self.path}: batch not stored ({exc})") from exc

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """Insert rows in bulk through an Arrow table (many times faster than row by row)."""
        if not rows:
            return
        incoming = pyarrow.table({c: pyarrow.array(values)
                                  for c, values in zip(columns, zip(*rows, strict=True), strict=True)})
        names = ", ".join(f'"{c}"' for c in columns)
        self.db.register("incoming", incoming)
        try:
            self.db.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming")
        finally:
            self.db.unregister("incoming")

    def documents(self, doc_ids: list[str] | None = None) -> Iterator[dict[str, Any]]:
        """Stored documents as dicts (all columns but the raw input), in doc_id order."""
        columns = [c for c in DOCUMENT_COLUMNS if c != "raw"]
        query = f"SELECT {', '.join(columns)} FROM documents"
        params: list[Any] = []
        if doc_ids is not None:
            query += " WHERE doc_id IN (SELECT unnest(?))"
            params.append(doc_ids)
        cursor = self.db.execute(query + " ORDER BY doc_id", params)
        while rows := cursor.fetchmany(1000):
            for row in rows:
                yield dict(zip(columns, row, strict=True))

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One stored document with its raw input, or None."""
        cursor = self.db.execute(
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE doc_id = ?", [doc_id])
        row = cursor.fetchone()
        return dict(zip(DOCUMENT_COLUMNS, row, strict=True)) if row else None

    def count(self, table: str) -> int:
        """Number of rows in one of the store's tables."""
        if table not in {"documents", "mentions", "events"}:
            raise StoreError(f"no table {table!r}")
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    # -- plain SQL, for the Python API and the exports -------------------------------------
    def arrow(self, query: str, params: list[Any] | None = None) -> pyarrow.Table:
        """The result of one SQL query (parameters as ?) as an Arrow table."""
        try:
            return self.db.sql(query, params=params).to_arrow_table()
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: query failed ({exc})") from exc

    def relations(self) -> list[str]:
        """The names of the store's tables and views, in name order."""
        rows = self.db.execute("SELECT table_name FROM information_schema.tables "
                               "WHERE table_schema = 'main' ORDER BY table_name").fetchall()
        return [name for (name,) in rows]

    # -- mentions and events ---------------------------------------------------------------
    def mentions(self) -> list[Mention]:
        """Every stored mention, in mention_id order."""
        rows = self.db.execute("SELECT payload FROM mentions ORDER BY mention_id").fetchall()
        return [mention_from_dict(json.loads(payload)) for (payload,) in rows]

    def merge_pending(self) -> bool:
        """True when mentions changed since the last merge."""
        return self.pending_token() is not None

    def pending_token(self) -> str | None:
        """The token of the last change to the mentions not yet merged, or None when all are merged."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'merge_pending'").fetchone()
        return row[0] if row and row[0] != "no" else None

    def event_ids_by_mention(self) -> dict[str, str]:
        """The event each mention belonged to at the last merge."""
        return dict(self.db.execute("SELECT mention_id, event_id FROM event_mentions").fetchall())

    def replace_events(self, events: list[Event], token: str | None = None) -> bool:
        """Swap in a new merged event set and clear the pending mark, in one transaction.

        With a token (from `pending_token` before merging), nothing is written and False is
        returned when mentions changed since: the events would be stale."""
        event_rows = [event_row(e) for e in events]
        source_rows = [(e.event_id, m, m.rsplit(":", 1)[0]) for e in events for m in e.mention_ids]
        try:
            self.db.begin()
            if token is not None and self.pending_token() != token:
                self.db.rollback()
                return False
            self.db.execute("DELETE FROM event_mentions")
            self.db.execute("DELETE FROM events")
            self.insert("events", EVENT_COLUMNS, event_rows)
            self.insert("event_mentions", ("event_id", "mention_id", "doc_id"), source_rows)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('merge_pending', 'no')")
            self.db.commit()
        except duckdb.Error as exc:
            self.db.rollback()
            raise StoreError(f"{self.path}: events not stored ({exc})") from exc
        return True

    def events(self, country: str | None = None, pair: tuple[str, str] | None = None,
               since: date | None = None, until: date | None = None) -> list[Event]:
        """Stored events in date order, optionally for one country, a pair, or a date window."""
        return self.find_events(tuple([country] if country else pair or ()), since=since, until=until)

    def event(self, event_id: str) -> Event | None:
        """One stored event, or None."""
        row = self.db.execute("SELECT payload FROM events WHERE event_id = ?", [event_id]).fetchone()
        return event_from_dict(json.loads(row[0])) if row else None

    # -- reads for the HTTP API and the search index ---------------------------------------
    def find_events(self, countries: tuple[str, ...] = (), event_type: str | None = None, mode: str | None = None,
                    since: date | None = None, until: date | None = None) -> list[Event]:
        """Stored events in date order with all the given countries, of a type and mode, in a date window."""
        query = "SELECT payload FROM events WHERE 1 = 1"
        params: list[Any] = []
        if countries:
            query += " AND list_has_all(countries, ?::VARCHAR[])"
            params.append(list(countries))
        for column, value in (("upper(event_type)", event_type), ("lower(mode)", mode)):
            if value:
                query += f" AND {column} = ?"
                params.append(value.upper() if column.startswith("upper") else value.lower())
        if since:
            query += " AND coalesce(date_hi, date) >= ?"
            params.append(since)
        if until:
            query += " AND coalesce(date_lo, date) <= ?"
            params.append(until)
        query += " ORDER BY coalesce(date, date_lo) NULLS LAST, event_id"
        return [event_from_dict(json.loads(p)) for (p,) in self.db.execute(query, params).fetchall()]

    def document_events(self, doc_id: str) -> list[Event]:
        """The events that cite a document, in date order."""
        rows = self.db.execute(
            "SELECT payload FROM events WHERE event_id IN (SELECT event_id FROM event_sources WHERE doc_id = ?) "
            "ORDER BY coalesce(date, date_lo) NULLS LAST, event_id", [doc_id]).fetchall()
        return [event_from_dict(json.loads(p)) for (p,) in rows]

    def countries_seen(self) -> list[tuple[str, int]]:
        """Each country code found among event participants, with its number of events."""
        return [(code, n) for code, n in self.db.execute(
            "SELECT c, count(*) FROM (SELECT unnest(countries) AS c FROM events) GROUP BY c ORDER BY c").fetchall()]

    def content_fingerprint(self) -> str:
        """A hash of every stored document version and event: it changes whenever the content does."""
        row = self.db.execute(
            "SELECT (SELECT md5(coalesce(string_agg(doc_id || ':' || content_hash, ',' ORDER BY doc_id), '')) "
            "FROM documents) || (SELECT md5(coalesce(string_agg(event_id || ':' || md5(payload), ',' "
            "ORDER BY event_id), '')) FROM events)").fetchone()
        return str(row[0])

    # -- the Spark job's output ------------------------------------------------------------
    def import_parquet(self, folder: Path) -> tuple[int, int, bool]:
        """Load a Spark run's documents, mentions and events (Parquet folders) in one transaction.

        Stored documents with the same ids are replaced. When the store holds no other documents,
        the run's events become the store's; otherwise a merge is marked pending (the caller
        merges). Returns (documents, mentions, merge pending)."""
        files = {name: spark_files(folder, name) for name in ("documents", "mentions", "events")}
        docs = "SELECT doc_id FROM read_parquet($documents)"

        def sql(query: str) -> duckdb.DuckDBPyConnection:
            return self.db.execute(query, {name: value for name, value in files.items() if f"${name}" in query})

        try:
            self.db.begin()
            sql(f"DELETE FROM mentions WHERE doc_id IN ({docs})")
            sql(f"DELETE FROM documents WHERE doc_id IN ({docs})")
            sql(f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}, ingested_at) SELECT "
                f"{', '.join(DOCUMENT_COLUMNS)}, now()::TIMESTAMP FROM read_parquet($documents)")
            sql("INSERT INTO mentions SELECT mention_id, doc_id, payload FROM read_parquet($mentions)")
            pending = sql(f"SELECT count(*) > 0 FROM documents WHERE doc_id NOT IN ({docs})").fetchone()[0]
            if not pending:
                sql("DELETE FROM event_mentions")
                sql("DELETE FROM events")
                sql("INSERT INTO events BY NAME SELECT * EXCLUDE (mention_ids) FROM read_parquet($events)")
                sql("INSERT INTO event_mentions SELECT event_id, m, regexp_replace(m, ':[^:]*$', '') "
                    "FROM (SELECT event_id, unnest(mention_ids) AS m FROM read_parquet($events))")
            sql(f"INSERT OR REPLACE INTO meta VALUES ('merge_pending', '{uuid.uuid4().hex if pending else 'no'}')")
            counts = [sql(f"SELECT count(*) FROM read_parquet(${t})").fetchone()[0] for t in ("documents", "mentions")]
            self.db.commit()
        except duckdb.Error as exc:
            self.db.rollback()
            raise StoreError(f"{folder}: Spark output not imported ({exc})") from exc
        return counts[0], counts[1], bool(pending)

    # -- people, computed at ingest (views/actors.py) and read by /actors and `entente actors` --------
    def has_table(self, name: str) -> bool:
        """True when the store has this table (a store written by an older version may not)."""
        row = self.db.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchone()
        return bool(row and row[0])

    def people_fingerprint(self) -> str | None:
        """The content fingerprint the stored people were computed from (None: never computed)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'people_fingerprint'").fetchone()
        return row[0] if row and self.has_table("people") else None

    def replace_people(self, rows: list[dict[str, Any]], fingerprint: str) -> None:
        """Swap in the people computed from the content with this fingerprint, in one transaction."""
        columns = ("position", "person_id", "countries", "search", "keys", "payload")
        table = [(n, r["person_id"], r["countries"], r["search"], r["keys"], r["payload"]) for n, r in enumerate(rows)]
        try:
            self.db.begin()
            self.db.execute("DELETE FROM people")
            self.insert("people", columns, table)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('people_fingerprint', ?)", [fingerprint])
            self.db.commit()
        except duckdb.Error as exc:
            self.db.rollback()
            raise StoreError(f"{self.path}: people not stored ({exc})") from exc

    def find_people(self, needle: str | None = None, country: str | None = None) -> list[str]:
        """Stored people (JSON) whose folded names hold needle, of a country, in name order."""
        if not self.has_table("people"):
            return []
        query, params = "SELECT payload FROM people WHERE 1 = 1", []
        if needle:
            query += " AND contains(search, ?)"
            params.append(needle)
        if country:
            query += " AND list_contains(countries, ?)"
            params.append(country)
        return [p for (p,) in self.db.execute(query + " ORDER BY position", params).fetchall()]

    def people_by_key(self, key: str) -> list[str]:
        """Stored people (JSON) whose id, or an alias's id, is key: the exact id first."""
        if not self.has_table("people"):
            return []
        rows = self.db.execute("SELECT payload FROM people WHERE list_contains(keys, ?) "
                               "ORDER BY person_id <> ?, position", [key, key]).fetchall()
        return [p for (p,) in rows]

    def events_by_id(self, event_ids: list[str]) -> list[Event]:
        """The stored events with these ids, in date order."""
        rows = self.db.execute(
            "SELECT payload FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[])) "
            "ORDER BY coalesce(date, date_lo) NULLS LAST, event_id", [event_ids]).fetchall()
        return [event_from_dict(json.loads(p)) for (p,) in rows]

    def interrupt(self) -> None:
        """Stop the query running on this connection (called from another thread: a time budget ran out)."""
        self.db.interrupt()


def rename_event_sources(connection: duckdb.DuckDBPyConnection) -> None:
    """Rename the table a store of an older version calls event_sources (now a view) to event_mentions."""
    row = connection.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'event_sources'").fetchone()
    if row and row[0]:
        connection.execute("ALTER TABLE event_sources RENAME TO event_mentions")


def spark_files(folder: Path, table: str) -> list[str]:
    """The Parquet files of one table of a finished Spark run (its _SUCCESS marker written)."""
    home = Path(folder) / table
    if not (home / "_SUCCESS").is_file():
        raise StoreError(f"{home}: not the output of a finished 'entente spark' run (no _SUCCESS file)")
    return [str(p) for p in sorted(home.glob("*.parquet"))]


def event_row(event: Event) -> tuple[Any, ...]:
    """The events table row of an event."""
    payload = event_to_dict(event) | {"mention_ids": list(event.mention_ids)}
    countries = sorted({a.country for a in event.participants if a.country})
    lo, hi = event.date_range or (None, None)
    return (event.event_id, event.event_type, event.mode, event.date, to_date(lo), to_date(hi),
            event.date_source, event.date_precision, countries, json.dumps(payload))
