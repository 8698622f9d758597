"""Views over the merged events: actors, dyad timelines, summaries and exports."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, shared_or_skip
from entente.config import Settings
from entente.errors import UsageError
from entente.io.store import Store
from entente.pipeline import ingest
from entente.types import Actor, Agreement, Event, Source
from entente.views.actors import build_people
from entente.views.evaluate import fits, load_jsonl, parties
from entente.views.exports import GDELT_COLUMNS, cameo_for, event_rows, field_format, gdelt_id, reports, write_rows
from entente.views.timeline import Dyad, commitments, country_code, dyad_events, level_label, render, summarize


def stored(corpus: Path, db: Path) -> Path:
    """A store with the corpus ingested by the real pipeline."""
    report = ingest([str(corpus)], Settings(db=db))
    assert not report.failed
    return db


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus in a store (skipped where ../shared is absent)."""
    shared = shared_or_skip()
    return stored(shared / "corpus" / "seeds", tmp_path_factory.mktemp("seeds") / "seeds.duckdb")


@pytest.fixture(scope="module")
def merge_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our multi-outlet merge corpus in a store."""
    return stored(FIXTURES / "merge" / "corpus", tmp_path_factory.mktemp("merge") / "merge.duckdb")


def seed_events(db: Path) -> list[Event]:
    """The Vietnam-Singapore events of the seed store."""
    with Store.open(db, read_only=True) as store:
        return dyad_events(store.events(), Dyad("VNM", "SGP"))


# -- countries and timelines -----------------------------------------------------------------
@pytest.mark.parametrize(("text", "code"), [
    ("Vietnam", "VNM"), ("Viet Nam", "VNM"), ("VNM", "VNM"), ("vn", "VNM"), ("Vietnamese", "VNM"),
    ("Singapore", "SGP"), ("sgp", "SGP"), ("Singaporean", "SGP"), ("South Korea", "KOR"), ("DEU", "DEU"),
])
def test_countries_by_name_demonym_or_iso_code(text: str, code: str) -> None:
    assert country_code(text) == code


def test_an_unknown_country_is_a_clear_error() -> None:
    with pytest.raises(UsageError, match="unknown country 'Atlantis'"):
        country_code("Atlantis")


def test_the_seed_timeline_is_exactly_the_gold_events(seeds_db: Path) -> None:
    events = seed_events(seeds_db)
    gold = load_jsonl(shared_or_skip() / "gold" / "events.jsonl")
    assert len(events) == len(gold) == 8
    rows = [json.loads(json.dumps(e, default=str)) for e in map(event_dict, events)]
    for g in gold:
        hits = [r for r in rows if r["event_type"] == g["type"] and parties(r) == parties(g) and fits(g, r)]
        assert len(hits) == 1, g["id"]
        assert sorted({s["doc_id"] for s in hits[0]["sources"]}) == sorted(g["reported_in"]), g["id"]
    assert [e.date or e.date_range[0] for e in events] == sorted(e.date or e.date_range[0] for e in events)


def event_dict(event: Event) -> dict[str, Any]:
    """An event as its export row."""
    from entente.records import event_to_dict

    return event_to_dict(event)


@pytest.mark.parametrize(("fmt", "count_entries"), [
    ("text", lambda out: sum(line[:4].isdigit() for line in out.splitlines())),
    ("markdown", lambda out: out.count("\n## ")),
    ("json", lambda out: len(json.loads(out)["events"])),
    ("html", lambda out: out.count("<li><h2>")),
])
def test_timeline_formats_list_every_event_with_its_sources(seeds_db: Path, fmt: str, count_entries: Any) -> None:
    events = seed_events(seeds_db)
    outlets = {s.doc_id: f"outlet-of-{s.doc_id[:3]}" for e in events for s in e.sources}
    out = render(Dyad("VNM", "SGP"), events, fmt, outlets)
    assert count_entries(out) == 8
    assert "outlet-of-001" in out and "Bui Thanh Son" in out and "Minister for Foreign Affairs" in out


def test_the_html_timeline_escapes_what_the_articles_say() -> None:
    event = Event("ev-1", "CONSULT", "visit", date(2024, 1, 2), None, None,
                  (Actor("<script>alert(1)</script>", "VNM"), Actor("A B", "SGP")), (), (),
                  (Source("d", "<b>bold</b> claim", 0, 5),))
    out = render(Dyad("VNM", "SGP"), [event], "html")
    assert "<script>" not in out and "&lt;script&gt;" in out and "<b>" not in out


def test_the_timeline_command_takes_country_names(seeds_db: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "entente.cli", "timeline", "Viet Nam", "sgp", "--db", str(seeds_db),
                           "--format", "markdown"], capture_output=True, timeout=300, check=True)
    out = done.stdout.decode()
    assert out.startswith("# Vietnam – Singapore") and out.count("\n## ") == 8


# -- summary ---------------------------------------------------------------------------------
def test_the_seed_summary_counts_ranks_and_cites(seeds_db: Path) -> None:
    events = seed_events(seeds_db)
    summary = summarize(Dyad("VNM", "SGP"), events)
    assert sum(summary["by_type"].values()) == 8
    assert sum(n for year in summary["by_year"].values() for n in year.values()) == 8
    assert set(summary["by_year"]) == {"2021", "2025"}
    assert summary["highest_level"]["level"] == "head of state with foreign minister"
    assert any("Nguyen Xuan Phuc" in p for p in summary["highest_level"]["participants"])
    with Store.open(seeds_db, read_only=True) as store:
        texts = {d["doc_id"]: d["text"] for d in store.documents()}
    cited = [s for e in summary["event_summaries"] for s in e["sentences"]]
    assert len(cited) >= 8
    assert all(texts[s["doc_id"]][s["start"]:s["end"]] == s["text"] for s in cited)


def consult(day: date, *agreements: Agreement, people: tuple[Actor, ...] = ()) -> Event:
    """A small CONSULT event between Vietnam and Singapore."""
    people = people or (Actor("Bui Thanh Son", "VNM", "Minister for Foreign Affairs"),
                        Actor("Vivian Balakrishnan", "SGP", "Minister for Foreign Affairs"))
    return Event(f"ev-{day}", "CONSULT", "visit", day, None, None, people, agreements, (),
                 (Source("d", "s", 0, 1),))


@pytest.mark.parametrize(("names", "histories"), [
    ([["a green economy partnership"], ["the Green Economy Partnership"]], [["agreed", "signed"]]),
    ([["mutual recognition of vaccine certificates"], ["a digital economy agreement"]], [["agreed"], ["signed"]]),
    ([["a working group on the recognition of vaccine certificates", "a labour mobility memorandum"], []],
     [["agreed"], ["signed"]]),
])
def test_a_commitment_mentioned_again_is_one_commitment_with_a_history(names: list[list[str]],
                                                                       histories: list[list[str]]) -> None:
    statuses = ("agreed", "signed")
    events = [consult(date(2021 + i, 6, 1), *(Agreement(n, statuses[(i + k) % 2]) for k, n in enumerate(group)))
              for i, group in enumerate(names)]
    found = commitments(events)
    assert [[h["status"] for h in c["history"]] for c in found] == histories


@pytest.mark.parametrize(("offices", "label"), [
    (("Minister for Foreign Affairs", "Minister for Foreign Affairs"), "foreign minister"),
    (("President", "Minister for Foreign Affairs"), "head of state with foreign minister"),
    (("Prime Minister", "Prime Minister"), "head of government"),
    (("Deputy Prime Minister and Minister for Foreign Affairs", "Prime Minister"),
     "head of government with deputy head of government"),
    (("President of the Vietnam Fatherland Front", "Minister for Foreign Affairs"),
     "foreign minister with head of an organisation"),
])
def test_level_of_an_encounter(offices: tuple[str, str], label: str) -> None:
    people = (Actor("A B", "VNM", offices[0]), Actor("C D", "SGP", offices[1]))
    assert level_label(consult(date(2024, 1, 1), people=people)) == label


# -- actors ----------------------------------------------------------------------------------
def test_seed_people_have_their_offices_over_time(seeds_db: Path) -> None:
    with Store.open(seeds_db, read_only=True) as store:
        people = {p.name: p for p in build_people(store.events(), store.mentions())}
    at_events = gold_event_days(shared_or_skip() / "gold" / "events.jsonl")
    for gold in load_jsonl(shared_or_skip() / "gold" / "actors.jsonl"):
        record = people[gold["name"]]
        assert record.countries == [gold["country"]] and record.conflict is None
        for office in gold["offices"]:
            for seen in (d for d in map(date.fromisoformat, office["seen"]) if (gold["name"], d) in at_events):
                held = [o.office for o in record.offices if o.first <= seen <= o.last]
                assert any(words(office["office"]) <= words(h) | {"of", "for"} for h in held), (gold["name"], seen)


def gold_event_days(path: Path) -> set[tuple[str, date]]:
    """(person, day) for every day of every gold event a person took part in (offices are only
    known where a person took part in an event; a passing mention of an office is not stored)."""
    found = set()
    for event in load_jsonl(path):
        low, high = (event["date"], event["date"]) if event["date"] else event["date_range"]
        days = [date.fromordinal(d) for d in range(date.fromisoformat(low).toordinal(),
                                                   date.fromisoformat(high).toordinal() + 1)]
        found |= {(a["name"], d) for a in event["participants"] if a.get("name") for d in days}
    return found


def words(text: str) -> set[str]:
    """Lower-case words."""
    return set(text.lower().split())


def test_one_name_in_two_countries_is_two_flagged_records() -> None:
    events = [consult(date(2024, 1, 1), people=(Actor("Ana Silva", "PRT", "Minister"), Actor("Li Wei", "CHN"))),
              consult(date(2024, 2, 1), people=(Actor("Ana Silva", "BRA", "Minister"), Actor("Li Wei", "CHN"))),
              consult(date(2024, 3, 1), people=(Actor("A. Silva", "BRA", "Senator"), Actor("Wei Li", "CHN")))]
    people = build_people(events)
    silvas = [p for p in people if p.name == "Ana Silva"]
    assert sorted(p.countries[0] for p in silvas) == ["BRA", "PRT"]
    assert all(p.conflict and "BRA" in p.conflict and "PRT" in p.conflict for p in silvas)
    brazil = next(p for p in silvas if p.countries == ["BRA"])
    assert [(o.office, o.first, o.last) for o in brazil.offices] == [
        ("Minister", date(2024, 2, 1), date(2024, 2, 1)), ("Senator", date(2024, 3, 1), date(2024, 3, 1))]
    assert "A. Silva" in brazil.aliases and len({p.person_id for p in silvas}) == 2


def test_the_actors_command_finds_a_person_by_alias(merge_db: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "entente.cli", "actors", "Ravindran", "--db", str(merge_db), "--json"],
                          capture_output=True, timeout=300, check=True)
    people = json.loads(done.stdout)
    assert [p["name"] for p in people] == ["Subramanian Ravindran"]
    assert people[0]["country"] == "IND" and {"S. Ravindran", "EAM Ravindran"} <= set(people[0]["aliases"])
    assert people[0]["offices"][0]["first_seen"] == "2024-03-14" and people[0]["offices"][0]["source"] == "text"


# -- exports ---------------------------------------------------------------------------------
def valid(value: Any, schema: dict[str, Any]) -> bool:
    """True when value fits the subset of JSON Schema the event schema uses."""
    kinds = {"string": str, "integer": int, "array": list, "object": dict, "null": type(None)}
    allowed = schema.get("type")
    if allowed and not any(isinstance(value, kinds[k]) for k in ([allowed] if isinstance(allowed, str) else allowed)):
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, dict):
        return all(k in value for k in schema.get("required", [])) and all(
            valid(value[k], sub) for k, sub in schema.get("properties", {}).items() if k in value)
    if isinstance(value, list):
        return schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)) and all(
            valid(v, schema.get("items", {})) for v in value)
    return True


def test_event_rows_follow_the_shared_schema(merge_db: Path) -> None:
    schema = json.loads((shared_or_skip() / "schema" / "event.schema.json").read_text("utf-8"))
    with Store.open(merge_db, read_only=True) as store:
        rows = event_rows(store)
    assert rows and all(valid(row, schema) for row in rows)
    assert not valid({**rows[0], "event_type": "MEET"}, schema)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "plover", "gdelt"])
def test_every_export_format_has_one_record_per_event(merge_db: Path, tmp_path: Path, fmt: str) -> None:
    with Store.open(merge_db, read_only=True) as store:
        events, rows = store.events(), event_rows(store)
        docs = reports(store, events)
    out = tmp_path / f"events.{fmt}"
    if fmt in ("plover", "gdelt"):
        out.write_bytes(field_format(events, docs, fmt))
    else:
        write_rows(rows, fmt, out)
    records = read_back(out, fmt)
    assert len(records) == len(events) > 0
    if fmt == "gdelt":
        assert sorted(int(r["GLOBALEVENTID"]) for r in records) == sorted(gdelt_id(e.event_id) for e in events)
    else:
        assert sorted(r.get("event_id") or r.get("id") for r in records) == sorted(e.event_id for e in events)


def read_back(path: Path, fmt: str) -> list[dict[str, Any]]:
    """The records of an export file."""
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    if fmt == "plover":
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    if fmt == "gdelt":
        return list(csv.DictReader(io.StringIO(path.read_text("utf-8")), fieldnames=GDELT_COLUMNS, delimiter="\t"))
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def test_gdelt_rows_carry_the_cameo_code_of_each_event(merge_db: Path) -> None:
    with Store.open(merge_db, read_only=True) as store:
        events = {gdelt_id(e.event_id): e for e in store.events()}
        docs = reports(store, list(events.values()))
    text = field_format(list(events.values()), docs, "gdelt").decode()
    rows = list(csv.DictReader(io.StringIO(text), fieldnames=GDELT_COLUMNS, delimiter="\t"))
    assert rows
    for row in rows:
        event = events[int(row["GLOBALEVENTID"])]
        assert row["EventCode"] == cameo_for(event)["code"] and row["EventRootCode"] == row["EventCode"][:2]
        assert row["NumSources"] == str(len({s.doc_id for s in event.sources}))
        assert {row["Actor1CountryCode"], row["Actor2CountryCode"]} <= {a.country for a in event.participants} | {""}


@pytest.mark.parametrize(("event_type", "mode", "code"), [
    ("CONSULT", "phone", "041"), ("CONSULT", "video", "041"), ("CONSULT", "visit", "042"),
    ("CONSULT", "sidelines", "044"), ("CONSULT", None, "040"), ("AID", "humanitarian", "073"),
    ("AID", "cash", "070"), ("AGREE", "sign", "057"), ("SUPPORT", None, "051"), ("SANCTION", None, "163"),
])
def test_plover_to_cameo(event_type: str, mode: str | None, code: str) -> None:
    event = Event("e", event_type, mode, date(2024, 1, 1), None, None, (), (), (), ())
    assert cameo_for(event)["code"] == code


def test_every_plover_type_of_the_schema_has_a_cameo_code() -> None:
    schema = json.loads((shared_or_skip() / "schema" / "event.schema.json").read_text("utf-8"))
    for event_type in schema["properties"]["event_type"]["enum"]:
        event = Event("e", event_type, None, date(2024, 1, 1), None, None, (), (), (), ())
        assert len(cameo_for(event)["code"]) == 3, event_type


def test_present_only_scores_the_gold_of_the_stored_documents_alone(tmp_path: Path) -> None:
    import json

    from entente.views.evaluate import evaluate
    people = [{"name": None, "country": "KEN", "office": None, "role": None},
              {"name": None, "country": "UGA", "office": None, "role": None}]

    def gold_event(gid: str, docs: list[str]) -> dict:
        return {"id": gid, "type": "CONSULT", "mode": None, "date": "2024-03-04", "date_range": None,
                "location": None, "participants": people, "reported_in": docs, "evidence": "",
                "outcomes": {"signed": [], "agreed": []}, "topics": []}

    rows = {"events": [gold_event("E1", ["a", "b"]), gold_event("E2", ["b"])],
            "documents": [{"doc": d, "publication_date": None, "drop_contains": [], "keep_contains": []}
                          for d in ("a", "b")]}
    for name, items in rows.items():
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(x) + "\n" for x in items))
    got = [{"event_type": "CONSULT", "date": "2024-03-04", "participants": people,
            "sources": [{"doc_id": "a", "evidence": "", "start": 0, "end": 1}]}]
    stored = [{"doc_id": "a", "publication_date": None, "text": ""}]
    whole = evaluate(tmp_path, got, stored)
    present = evaluate(tmp_path, got, stored, present_only=True)
    assert (whole["events"]["gold_events"], whole["events"]["recall"]) == (2, 0.5)
    assert (present["events"]["gold_events"], present["events"]["recall"]) == (1, 1.0)
    assert present["events"]["merge_accuracy"] == 1.0 and present["documents"]["gold_documents"] == 1
