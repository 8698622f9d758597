"""The store's plain SQL views, and every query of the README's "SQL" section run on a real store."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

import entente
from conftest import ROOT, ingest_feed

ENTENTE = str(Path(sys.executable).parent / "entente")
SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## SQL", 1)[1].split("\n## ", 1)[0]
QUERIES = re.findall(r"```sql\n(.*?)```", SECTION, re.S)
ARTICLES = [
    {"id": "hanoi-2023", "url": "https://news.example.org/2023/08/29/singapore-pm-hanoi", "title": "Lee in Hanoi",
     "published": "2023-08-29",
     "text": "Vietnamese Prime Minister Pham Minh Chinh welcomed Singapore Prime Minister Lee Hsien Loong in Hanoi "
             "on Monday, 28 August 2023.\n\nThe two prime ministers signed a memorandum of understanding on the "
             "digital economy."},
    {"id": "hanoi-2023-wire", "url": "https://wire.example.com/asia/lee-hanoi", "title": "Singapore PM in Vietnam",
     "published": "2023-08-30",
     "text": "Singapore Prime Minister Lee Hsien Loong held talks with Vietnamese Prime Minister Pham Minh Chinh in "
             "Hanoi on 28 August 2023 on trade and investment."},
    {"id": "call-2024", "url": "https://wire.example.com/2024/05/02/call", "title": "Leaders speak by phone",
     "published": "2024-05-02",
     "text": "Vietnamese Prime Minister Pham Minh Chinh held a phone call with Singapore Prime Minister Lee Hsien "
             "Loong on Wednesday.\n\nThey discussed regional issues."},
    {"id": "jakarta-2024", "url": "https://news.example.org/2024/07/10/jakarta", "title": "Ministers meet in Jakarta",
     "published": "2024-07-10",
     "text": "Indonesian Foreign Minister Retno Marsudi met Vietnamese Foreign Minister Bui Thanh Son in Jakarta on "
             "Tuesday, 9 July 2024.\n\nThe two ministers discussed maritime cooperation, trade and the situation in "
             "Myanmar, and agreed to hold the next meeting of their joint commission in Hanoi next year."},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding our articles, ingested by the real command."""
    return ingest_feed(tmp_path_factory.mktemp("sql"), ARTICLES)


def test_the_readme_has_the_worked_queries() -> None:
    assert len(QUERIES) >= 8 and "list_has_all(countries, ['VNM', 'SGP'])" in QUERIES[0]


@pytest.mark.parametrize("query", QUERIES, ids=[f"query{n}" for n in range(len(QUERIES))])
def test_every_readme_query_runs_and_finds_rows(db: Path, query: str) -> None:
    result = entente.Store(db).sql(query)
    assert result.num_rows > 0, query


def test_dyad_by_year_and_type_is_one_group_by(db: Path) -> None:
    store = entente.Store(db)
    rows = store.sql(QUERIES[0]).to_pylist()
    expected = Counter(((e.date or e.date_range[0]).year, e.event_type) for e in store.events(pair=("VNM", "SGP")))
    assert {(r["year"], r["event_type"]): r["events"] for r in rows} == dict(expected)
    assert {r["year"] for r in rows} == {2023, 2024}


def test_views_hold_what_the_events_hold(db: Path) -> None:
    store = entente.Store(db)
    events = {e.event_id: e for e in store.events()}
    participants = store.to_arrow("event_participants").to_pylist()
    assert sorted((p["event_id"], p["position"], p["name"], p["country"], p["office"]) for p in participants) == sorted(
        (e.event_id, n, a.name, a.country, a.office) for e in events.values() for n, a in enumerate(e.participants, 1))
    agreements = store.to_arrow("event_agreements").to_pylist()
    assert sorted((a["event_id"], a["name"], a["status"]) for a in agreements) == sorted(
        (e.event_id, a.name, a.status) for e in events.values() for a in e.agreements)
    assert any(a["status"] == "signed" for a in agreements)
    places = store.to_arrow("event_places").to_pylist()
    assert sorted((p["event_id"], p["name"], p["country"]) for p in places) == sorted(
        (e.event_id, e.location.name, e.location.country) for e in events.values() if e.location)
    sources = store.to_arrow("event_sources").to_pylist()
    assert sorted((s["event_id"], s["doc_id"], s["evidence"], s["evidence_start"]) for s in sources) == sorted(
        (e.event_id, s.doc_id, s.evidence, s.start) for e in events.values() for s in e.sources)
    urls = {a["id"]: a["url"] for a in ARTICLES}
    assert all(s["url"] == urls[s["doc_id"]] for s in sources)
    assert max(Counter(s["event_id"] for s in sources).values()) == 2  # the visit of 2023, reported twice


def test_every_table_and_view_is_documented(db: Path) -> None:
    names = entente.Store(db).tables()
    assert {"event_participants", "event_sources", "event_agreements", "event_places", "event_mentions"} <= set(names)
    for name in names:
        assert f"`{name}`" in SECTION, f"{name} is not in the README's SQL section"


def test_a_store_of_an_older_version_gains_the_views_at_its_next_ingest(db: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    old.write_bytes(db.read_bytes())
    with duckdb.connect(str(old)) as con:  # as the previous version left it: a table event_sources, no views
        for view in ("event_participants", "event_sources", "event_agreements", "event_places"):
            con.execute(f"DROP VIEW {view}")
        con.execute("ALTER TABLE event_mentions RENAME TO event_sources")
        before = con.execute("SELECT count(*) FROM event_sources").fetchone()[0]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    done = subprocess.run([ENTENTE, "ingest", str(feed), "--db", str(old)], check=True, capture_output=True, text=True)
    assert f"{len(ARTICLES)} unchanged" in done.stdout
    with duckdb.connect(str(old), read_only=True) as con:
        kinds = dict(con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall())
        assert kinds["event_mentions"] == "BASE TABLE" and kinds["event_sources"] == "VIEW"
        assert con.execute("SELECT count(*) FROM event_mentions").fetchone()[0] == before
        assert con.execute("SELECT count(*) FROM event_sources").fetchone()[0] == before
