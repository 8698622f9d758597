"""Cross-document merging: one real event reported by many outlets becomes one Event."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import FIXTURES
from entente.stages.merge import complete_countries, interval, merge_mentions, names_match, sweep
from entente.types import Actor, Mention, Place, Source

D = date(2024, 3, 14)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("S. Jaishankar", "Subrahmanyam Jaishankar", True),
    ("Jaishankar", "S. Jaishankar", True),
    ("Dr. Hossam Ragab", "Hossam El-Din Ragab", True),
    ("Turki Al-Otaibi", "Turki bin Fahad Al-Otaibi", True),
    ("Özkan", "Murat Ozkan", True),
    ("Bùi Thanh Sơn", "Bui Thanh Son", True),
    ("Son", "Bui Thanh Son", True),
    ("Zhao", "Zhao Ming", True),
    ("Benítez Mora", "Rodrigo Benítez Mora", True),
    ("Paulo Monteiro", "Pedro Monteiro", False),
    ("Karim Fawzy Mansour", "Hossam El-Din Ragab", False),
    ("Thornton", "Wulandari", False),
    ("Kishida Fumio", "Fumio Kishida", True),
], ids=lambda v: str(v))
def test_spellings_of_one_name(a: str, b: str, same: bool) -> None:
    assert names_match(a, b) is same
    assert names_match(b, a) is same


def mention(doc: str, *people: tuple[str, str | None], day: date | None = D, span: tuple[date, date] | None = None,
            place: str | None = None, published: date | None = D + timedelta(days=1), kind: str = "CONSULT",
            mode: str | None = "visit", n: int = 0) -> Mention:
    """A mention of doc with named people (name, country)."""
    return Mention(f"{doc}:{n}", kind, mode, day, span, Place(place) if place else None,
                   tuple(Actor(name, country) for name, country in people), source=Source(doc, "evidence", 0, 8),
                   publication_date=published)


IND, JPN = ("Subramanian Ravindran", "IND"), ("Takeshi Morimoto", "JPN")
GRC, TUR = ("Giorgos Papadakis", "GRC"), ("Murat Özkan", "TUR")

MERGE_CASES = {
    "full name, initial and surname": (
        [mention("a", IND, JPN), mention("b", ("S. Ravindran", "IND"), ("Morimoto", "JPN")),
         mention("c", ("Ravindran", "IND"), JPN)], [{"a", "b", "c"}]),
    "a day, a span and an undated report": (
        [mention("a", IND, JPN), mention("b", IND, JPN, day=None, span=(D - timedelta(days=1), D)),
         mention("c", IND, JPN, day=None, published=D + timedelta(days=2))], [{"a", "b", "c"}]),
    "a city in one, only the country in another": (
        [mention("a", IND, JPN, place="New Delhi"), mention("b", IND, JPN, place="India")], [{"a", "b"}]),
    "a country left out is taken from the corpus": (
        [mention("a", IND, JPN), mention("b", ("Ravindran", None), ("Morimoto", None))], [{"a", "b"}]),
    "two meetings in one article, each reported elsewhere": (
        [mention("blog", ("Rebecca Thornton", "AUS"), ("Zhao Ming", "CHN"), day=D, mode="sidelines"),
         mention("blog", ("Thornton", "AUS"), ("Ratna Wulandari", "IDN"), day=D - timedelta(days=1), n=1),
         mention("wire", ("Rebecca Thornton", "AUS"), ("Zhao", "CHN"), day=D),
         mention("release", ("Rebecca Thornton", "AUS"), ("Wulandari", "IDN"), day=D - timedelta(days=1))],
        [{"blog", "wire"}, {"blog", "release"}]),
    "the talks and the signing of one visit, a day apart": (
        [mention("talks", IND, JPN), mention("signing", IND, JPN, day=D + timedelta(days=1))], [{"talks", "signing"}]),
    "phone calls on consecutive days": (
        [mention("a", IND, JPN, mode="phone"), mention("b", IND, JPN, mode="phone", day=D + timedelta(days=1))],
        [{"a"}, {"b"}]),
    "one report names who acted for a country, another only the country": (
        [mention("a", ("Murat Özkan", "TUR"), (None, "GRC"), kind="ACCUSE"),
         mention("b", (None, "TUR"), (None, "GRC"), kind="ACCUSE")], [{"a", "b"}]),
    "a report with no date at all joins the one event of its people": (
        [mention("a", GRC, TUR), mention("b", GRC, TUR, day=None, published=None)], [{"a", "b"}]),
    "and stays alone when its people met twice": (
        [mention("a", GRC, TUR), mention("b", GRC, TUR, day=D + timedelta(days=95)),
         mention("c", GRC, TUR, day=None, published=None)], [{"a"}, {"b"}, {"c"}]),
    "the same ministers three months apart": (
        [mention("a", GRC, TUR), mention("b", GRC, TUR, day=D + timedelta(days=95))], [{"a"}, {"b"}]),
    "the same countries, other ministers": (
        [mention("a", ("Karim Fawzy Mansour", "EGY"), ("Majed Al-Qahtani", "SAU")),
         mention("b", ("Hossam Ragab", "EGY"), ("Turki Al-Otaibi", "SAU"))], [{"a"}, {"b"}]),
    "one name, two countries": (
        [mention("a", ("Ana Silva", "PRT"), JPN), mention("b", ("Ana Silva", "BRA"), JPN)], [{"a"}, {"b"}]),
    "the same people, another type of event": (
        [mention("a", IND, JPN), mention("b", IND, JPN, kind="AID")], [{"a"}, {"b"}]),
    "a vague span is no reason to merge": (
        [mention("a", GRC, TUR), mention("b", GRC, TUR, day=None, span=(D - timedelta(days=60), D + timedelta(days=60)),
                                          published=D + timedelta(days=60))], [{"a"}, {"b"}]),
}


@pytest.mark.parametrize("name", list(MERGE_CASES))
def test_mentions_merge_into_events(name: str) -> None:
    mentions, expected = MERGE_CASES[name]
    events = merge_mentions(mentions)
    got = sorted(sorted({s.doc_id for s in e.sources}) for e in events)
    assert got == sorted(sorted(group) for group in expected)


def test_conflicts_are_settled_by_agreeing_sources_and_kept_as_alternatives() -> None:
    events = merge_mentions([
        mention("a", IND, JPN, place="New Delhi", mode="visit"),
        mention("b", IND, JPN, place="New Delhi", mode="meeting"),
        mention("c", IND, JPN, place="Mumbai", mode="visit"),
        mention("d", ("S. Ravindran", None), ("Morimoto", "JPN"), place="India", mode="visit")])
    assert len(events) == 1
    event = events[0]
    assert event.location == Place("New Delhi") and event.mode == "visit" and event.date == D
    assert event.alternatives == {"mode": ["meeting"], "location": ["Mumbai"]}
    assert {a.name for a in event.participants} == {"Subramanian Ravindran", "Takeshi Morimoto"}
    assert {a.country for a in event.participants} == {"IND", "JPN"}


def test_event_ids_stay_when_more_reports_arrive() -> None:
    first = merge_mentions([mention("a", IND, JPN), mention("x", GRC, TUR)])
    previous = {m: e.event_id for e in first for m in e.mention_ids}
    later = merge_mentions([mention("0-early", ("Ravindran", "IND"), ("Morimoto", "JPN")),
                            mention("a", IND, JPN), mention("x", GRC, TUR)], previous)
    assert {e.event_id for e in later} == {e.event_id for e in first}
    assert max(len(e.sources) for e in later) == 2


def test_a_split_event_keeps_its_id_on_one_part_and_no_id_is_reused() -> None:
    first = merge_mentions([mention("a", IND, JPN), mention("b", IND, JPN)])
    previous = {m: first[0].event_id for m in first[0].mention_ids}
    split = merge_mentions([mention("a", IND, JPN), mention("b", IND, JPN, day=D + timedelta(days=30))], previous)
    assert [e.event_id == first[0].event_id for e in split] == [True, False]
    claimed = {"vanished:0": split[1].event_id}  # the id 'b' would be given belonged to another event
    again = merge_mentions([mention("b", IND, JPN, day=D + timedelta(days=30))], claimed)
    assert again[0].event_id not in {split[1].event_id, first[0].event_id}


def test_complete_countries_leaves_ambiguous_names_alone() -> None:
    done = complete_countries([mention("a", ("Ana Silva", "PRT"), JPN), mention("b", ("Ana Silva", "BRA"), JPN),
                               mention("c", ("Silva", None), ("Morimoto", None))])
    assert [a.country for a in done[2].participants] == [None, "JPN"]


def test_a_meeting_of_people_no_report_gives_a_country_is_no_event() -> None:
    nobody = mention("a", ("Tomas Brandt", None), ("Sami Yusuf", None))
    assert merge_mentions([nobody]) == []
    named_elsewhere = mention("b", ("Tomas Brandt", "DEU"), JPN)
    [event] = [e for e in merge_mentions([nobody, named_elsewhere]) if "a" in {s.doc_id for s in e.sources}]
    assert {a.country for a in event.participants} == {"DEU", None}


def test_a_report_dated_only_by_a_month_joins_no_event_outside_it() -> None:
    month = (date(2025, 7, 1), date(2025, 7, 31))
    july = mention("a", GRC, TUR, day=None, span=month, published=None)
    earlier = mention("b", GRC, TUR, day=date(2023, 12, 27), published=date(2023, 12, 28))
    assert len(merge_mentions([july, earlier])) == 2
    within = mention("c", GRC, TUR, day=date(2025, 7, 14), published=date(2025, 7, 15))
    assert len(merge_mentions([july, within])) == 1


def test_the_sweep_compares_only_overlapping_dates() -> None:
    days = [mention(f"d{i}", IND, JPN, day=D + timedelta(days=3 * i)) for i in range(500)]
    spans = [interval(m) for m in days]
    assert list(sweep(list(range(500)), spans)) == []
    same_day = [mention(f"s{i}", IND, JPN) for i in range(5)]
    assert len(list(sweep(list(range(5)), [interval(m) for m in same_day]))) == 10


def run(*args: str) -> str:
    """Run the real command line and return its standard output."""
    done = subprocess.run([sys.executable, "-m", "entente.cli", *args], capture_output=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def test_ingesting_more_articles_later_keeps_event_ids(tmp_path: Path) -> None:
    corpus = FIXTURES / "merge" / "corpus"
    early, late = tmp_path / "early", tmp_path / "late"
    early.mkdir()
    late.mkdir()
    for path in sorted(corpus.glob("*.txt")):
        shutil.copy(path, early if path.name[:3] in {"201", "211", "213"} else late)
    db = tmp_path / "store.duckdb"
    run("ingest", str(early), "--db", str(db))
    before = {e["event_id"]: e for e in map(json.loads, run("export", "events", "--db", str(db)).splitlines())}
    run("ingest", str(late), "--db", str(db))
    after = {e["event_id"]: e for e in map(json.loads, run("export", "events", "--db", str(db)).splitlines())}
    assert set(before) <= set(after)
    grown = [i for i in before if len({s["doc_id"] for s in after[i]["sources"]}) > len(before[i]["sources"])]
    assert len(grown) >= 2, "later reports of the same meetings joined the events already stored"


def test_a_country_merged_with_the_person_who_acted_for_it_is_that_person() -> None:
    events = merge_mentions([mention("a", (None, "TUR"), (None, "GRC"), kind="ACCUSE"),
                             mention("b", ("Murat Özkan", "TUR"), (None, "GRC"), kind="ACCUSE")])
    assert len(events) == 1
    assert sorted((a.name or "", a.country) for a in events[0].participants) == [("", "GRC"), ("Murat Özkan", "TUR")]


def test_a_day_inferred_from_publication_merges_with_the_day_another_report_states() -> None:
    stated = replace(mention("wire", GRC, TUR, kind="ACCUSE", mode=None), date_source="stated")
    inferred = replace(mention("paper", GRC, TUR, kind="ACCUSE", mode=None, day=D + timedelta(days=1)),
                       date_source="inferred")
    events = merge_mentions([inferred, stated])
    assert len(events) == 1 and events[0].date == D
    apart = replace(inferred, date=D + timedelta(days=5), publication_date=D + timedelta(days=5))
    assert len(merge_mentions([apart, stated])) == 2


def test_two_spellings_the_office_holder_table_takes_for_one_person_are_one() -> None:
    day = date(2024, 1, 12)
    events = merge_mentions([mention("a", ("Rishi Sunak", "GBR"), ("Volodymyr Zelenskyy", "UKR"), day=day),
                             mention("b", ("Rishi Sunak", "GBR"), ("Vladimir Zelensky", "UKR"), day=day)])
    assert len(events) == 1 and len(events[0].participants) == 2


def test_undated_reports_name_one_person_by_the_day_their_fellow_reports_give() -> None:
    day = date(2025, 3, 13)
    rahmon = ("Emomali Rahmon", "TJK")
    events = merge_mentions([mention("a", ("Sadyr Zhparov", "KGZ"), rahmon, day=day, published=day),
                             mention("b", ("Sadyr Japarov", "KGZ"), rahmon, day=day, published=None),
                             mention("c", ("Sadyr Japarov", "KGZ"), rahmon, day=None, published=None)])
    assert len(events) == 1
    assert {a.name for a in events[0].participants} == {"Sadyr Japarov", "Emomali Rahmon"}  # most reports' spelling
