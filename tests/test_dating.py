"""How each date was found and how precise it is: the dating stage on sentences of our own writing, the
merge of the sources of one event, and the fields in the store and the exports of an ingested feed."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from conftest import ingest_feed
from entente.io.store import Store
from entente.stages.dating import date_mentions, date_precision
from entente.stages.merge import merge_mentions
from entente.types import Actor, Article, Mention, Source

ENTENTE = str(Path(sys.executable).parent / "entente")
WED = date(2024, 5, 22)  # a Wednesday: the publication day of most cases
d = date


def article(text: str, published: date | None = WED) -> Article:
    """An article of one text."""
    return Article("doc", "doc.txt", text, None, published, None, "en", None, "hash", text)


def mention_of(evidence: str, day: date | None, span: tuple[date, date] | None = None,
               mention_id: str = "doc:0") -> Mention:
    """A meeting mention with this evidence and date."""
    people = (Actor("Bui Thanh Son", "VNM"), Actor("Vivian Balakrishnan", "SGP"))
    return Mention(mention_id, "CONSULT", "meeting", day, span, None, people,
                   source=Source(mention_id.split(":")[0], evidence, 0, len(evidence)), publication_date=WED)


def dated(text: str, evidence: str, day: date | None, span: tuple[date, date] | None = None,
          published: date | None = WED) -> Mention:
    """The mention of an evidence sentence of an article, as the dating stage leaves it."""
    (found,) = date_mentions([mention_of(evidence, day, span)], article(text, published))
    return found


@pytest.mark.parametrize(("evidence", "day", "span", "source"), [
    ("The two ministers met in Hanoi on 20 May.", d(2024, 5, 20), None, "stated"),
    ("The two ministers signed the deal on March 4, 2024.", d(2024, 3, 4), None, "stated"),
    ("The two ministers met in Hanoi on Monday.", d(2024, 5, 20), None, "relative"),
    ("The two ministers spoke by phone yesterday.", d(2024, 5, 21), None, "relative"),
    ("The two ministers met last week in Hanoi.", None, (d(2024, 5, 13), d(2024, 5, 19)), "relative"),
    ("The two ministers met on Monday (20 May) in Hanoi.", d(2024, 5, 20), None, "stated"),
    ("The two ministers held talks in March 2024.", None, (d(2024, 3, 1), d(2024, 3, 31)), "stated"),
    ("HANOI, May 20 (VNA) - The two ministers held talks on trade.", d(2024, 5, 20), None, "dateline"),
    ("The two ministers held talks on trade in Hanoi.", WED, None, "inferred"),
    ("The two ministers held talks on trade in Hanoi.", d(2024, 5, 20), None, "inferred"),
    ("The two ministers, who first met on 2 May, held talks again.", d(2024, 5, 20), None, "inferred"),
    ("The two ministers held talks on trade in Hanoi.", None, None, None),
], ids=["day-month", "month-day-year", "weekday", "yesterday", "last-week", "weekday-and-date", "month-year",
        "dateline", "publication-day", "neighbour", "other-date", "no-date"])
def test_date_source_of_one_sentence(evidence: str, day: date | None, span: tuple[date, date] | None,
                                     source: str | None) -> None:
    assert dated(evidence, evidence, day, span).date_source == source


def test_the_opening_dateline_dates_a_later_sentence() -> None:
    text = ("HANOI, May 20 (VNA) - Vietnam and Singapore pledged closer ties.\n\n"
            "The two ministers held talks on trade and energy.")
    evidence = "The two ministers held talks on trade and energy."
    assert dated(text, evidence, d(2024, 5, 20)).date_source == "dateline"
    assert dated(text, evidence, d(2024, 5, 21)).date_source == "inferred"


def test_a_weekday_counts_from_the_full_dateline_without_a_publication_day() -> None:
    text = "Riyadh, May 13, 2024, SPA -- The two ministers met on Sunday in Riyadh."
    assert dated(text, text, d(2024, 5, 12), published=None).date_source == "relative"


@pytest.mark.parametrize(("day", "span", "precision"), [
    (d(2024, 5, 20), None, "day"),
    (None, (d(2024, 6, 3), d(2024, 6, 5)), "span"),
    (None, (d(2024, 5, 2), d(2024, 6, 1)), "span"),
    (None, (d(2024, 3, 1), d(2024, 3, 31)), "month"),
    (None, (d(2024, 2, 1), d(2024, 2, 29)), "month"),
    (None, (d(2024, 1, 1), d(2024, 12, 31)), "year"),
    (None, (d(2024, 3, 1), d(2024, 4, 15)), "year"),
    (None, (d(2021, 3, 1), d(2024, 5, 22)), "year"),
    (None, None, None),
], ids=["day", "span", "span-31-days", "month", "february", "year", "longer-than-a-month", "since", "none"])
def test_date_precision(day: date | None, span: tuple[date, date] | None, precision: str | None) -> None:
    assert date_precision(day, span) == precision
    if day or span:
        assert dated("They met.", "They met.", day, span).date_precision == precision


def test_an_event_takes_the_most_precise_source_of_the_reports_that_give_its_date() -> None:
    inferred = dated("They met in Hanoi.", "They met in Hanoi.", d(2024, 5, 20))
    stated = dated("They met on 20 May.", "They met on 20 May.", d(2024, 5, 20))
    relative = dated("They met on Monday.", "They met on Monday.", d(2024, 5, 20))
    other = dated("They met on 19 May.", "They met on 19 May.", d(2024, 5, 19))
    reports = [(inferred, "a"), (relative, "b"), (stated, "c"), (other, "d"), (inferred, "e")]
    mentions = [replace(m, mention_id=f"{doc}:0", mode="visit", source=replace(m.source, doc_id=doc))
                for m, doc in reports]  # a visit's reports a day apart are one event
    (event,) = merge_mentions(mentions[:2] + mentions[3:])
    assert (event.date, event.date_source, event.date_precision) == (d(2024, 5, 20), "relative", "day")
    (event,) = merge_mentions(mentions)
    assert (event.date, event.date_source, event.date_precision) == (d(2024, 5, 20), "stated", "day")
    (event,) = merge_mentions([mentions[0]])
    assert (event.date_source, event.date_precision) == ("inferred", "day")


def test_a_span_takes_the_source_of_the_reports_whose_span_holds_it() -> None:
    week = dated("They met last week.", "They met last week.", None, (d(2024, 5, 13), d(2024, 5, 19)))
    days = dated("They met on 14-16 May.", "They met on 14-16 May.", None, (d(2024, 5, 14), d(2024, 5, 16)))
    (event,) = merge_mentions([replace(week, mention_id="a:0"), replace(days, mention_id="b:0")])
    assert (event.date_range, event.date_source, event.date_precision) == (
        (d(2024, 5, 14), d(2024, 5, 16)), "stated", "span")


FEED = [
    {"id": "stated", "published": "2024-05-22", "title": "Ministers meet in Hanoi",
     "text": "Vietnamese Foreign Minister Bui Thanh Son held talks with Singapore Foreign Minister Vivian "
             "Balakrishnan in Hanoi on 20 May.\n\nThe two ministers discussed trade and energy."},
    {"id": "relative", "published": "2024-05-22", "title": "Leaders speak by phone",
     "text": "Vietnamese Prime Minister Pham Minh Chinh held a phone call with Thai Prime Minister Srettha Thavisin "
             "on Monday.\n\nThey discussed regional issues and investment."},
    {"id": "inferred", "published": "2024-05-22", "title": "Ministers hold talks in Jakarta",
     "text": "Indonesian Foreign Minister Retno Marsudi held talks with Australian Foreign Minister Penny Wong in "
             "Jakarta.\n\nThe two ministers discussed maritime security and trade."},
    {"id": "month", "published": "2024-05-22", "title": "Talks in Tokyo",
     "text": "Philippine Foreign Secretary Enrique Manalo held talks with Japanese Foreign Minister Yoko Kamikawa "
             "in Tokyo in April 2024.\n\nThe two ministers discussed maritime security."},
]


@pytest.fixture(scope="module")
def feed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding FEED, ingested by the real command."""
    return ingest_feed(tmp_path_factory.mktemp("dating"), FEED)


def exported(db: Path, fmt: str) -> str:
    """The events of a store exported by the real command."""
    done = subprocess.run([ENTENTE, "export", "events", "--db", str(db), "--format", fmt],
                          check=True, capture_output=True, text=True, timeout=300)
    return done.stdout


def test_exports_say_how_each_date_was_found(feed_db: Path) -> None:
    rows = [json.loads(line) for line in exported(feed_db, "jsonl").splitlines()]
    found = {row["sources"][0]["doc_id"]: (row["date"], row["date_range"], row["date_source"], row["date_precision"])
             for row in rows}
    assert found == {
        "stated": ("2024-05-20", None, "stated", "day"),
        "relative": ("2024-05-20", None, "relative", "day"),
        "inferred": ("2024-05-22", None, "inferred", "day"),
        "month": (None, ["2024-04-01", "2024-04-30"], "stated", "month"),
    }
    table = list(csv.DictReader(io.StringIO(exported(feed_db, "csv"))))
    assert sorted((r["date_source"], r["date_precision"]) for r in table) == sorted(v[2:] for v in found.values())
    with Store.open(feed_db, read_only=True) as store:
        columns = store.db.execute("SELECT date_source, date_precision FROM events").fetchall()
    assert sorted(columns) == sorted(v[2:] for v in found.values())


def test_a_store_written_before_the_columns_opens_and_gains_them(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as old:
        old.execute("CREATE TABLE events (event_id VARCHAR PRIMARY KEY, event_type VARCHAR NOT NULL, mode VARCHAR, "
                    "date DATE, date_lo DATE, date_hi DATE, countries VARCHAR[], payload VARCHAR NOT NULL)")
        old.execute("INSERT INTO events VALUES ('ev-1', 'CONSULT', NULL, DATE '2024-05-20', NULL, NULL, ['VNM'], "
                    "'{\"event_id\": \"ev-1\", \"event_type\": \"CONSULT\", \"date\": \"2024-05-20\"}')")
    with Store.open(path) as store:
        (event,) = store.events()
        assert (event.date, event.date_source) == (d(2024, 5, 20), None)
        assert store.db.execute("SELECT date_source, date_precision FROM events").fetchall() == [(None, None)]
