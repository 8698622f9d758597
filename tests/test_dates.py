"""Tests for the date stage: case tables per rule, then property tests."""
from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entente.stages import dates
from entente.stages.dates import DateRef, find_dates, infer_year

WED = date(2021, 6, 23)  # a Wednesday: the publication day of most cases
MAR5 = date(2021, 3, 5)  # a Friday
JAN2 = date(2021, 1, 2)  # a Saturday
OCT26 = date(2025, 10, 26)  # a Sunday
d = date


def only(text: str, anchor: date | None, year: int | None = None, future: bool = False) -> DateRef:
    """The single DateRef found in text, checked to point at its own substring."""
    refs = find_dates(text, anchor, year, future)
    assert len(refs) == 1, refs
    ref = refs[0]
    assert text[ref.start:ref.end] == ref.text
    return ref


# --- days: (text, anchor, year, future) -> (expression text, day) -----------------------

DAY_CASES = [
    pytest.param("They met on Monday in Hanoi.", WED, None, False, "Monday", d(2021, 6, 21), id="weekday-on"),
    pytest.param("Talks were held Monday.", WED, None, False, "Monday", d(2021, 6, 21), id="weekday-bare"),
    pytest.param("He arrived on Wednesday.", WED, None, False, "Wednesday", WED, id="weekday-same-day"),
    pytest.param("They spoke on Thursday.", WED, None, False, "Thursday", d(2021, 6, 17), id="weekday-last-week"),
    pytest.param("It opened last Monday.", WED, None, False, "last Monday", d(2021, 6, 21), id="weekday-last"),
    pytest.param("It opened last Wednesday.", WED, None, False, "last Wednesday", d(2021, 6, 16),
                 id="weekday-last-is-strict"),
    pytest.param("It opened this Monday.", WED, None, False, "this Monday", d(2021, 6, 21), id="weekday-this"),
    pytest.param("They met this past Sunday.", WED, None, False, "this past Sunday", d(2021, 6, 20),
                 id="weekday-this-past"),
    pytest.param("They will meet next Monday.", WED, None, False, "next Monday", d(2021, 6, 28),
                 id="weekday-next"),
    pytest.param("They will meet next Wednesday.", WED, None, False, "next Wednesday", d(2021, 6, 30),
                 id="weekday-next-is-strict"),
    pytest.param("They will meet on Friday.", WED, None, True, "Friday", d(2021, 6, 25), id="weekday-future"),
    pytest.param("They will meet on Wednesday.", WED, None, True, "Wednesday", WED, id="weekday-future-same-day"),
    pytest.param("a phone talk on March 4.", MAR5, None, False, "March 4", d(2021, 3, 4), id="month-day"),
    pytest.param("signed on March 4, 2019.", MAR5, None, False, "March 4, 2019", d(2019, 3, 4), id="month-day-year"),
    pytest.param("signed on 4 March.", MAR5, None, False, "4 March", d(2021, 3, 4), id="day-month"),
    pytest.param("signed on 4 March 2019.", MAR5, None, False, "4 March 2019", d(2019, 3, 4), id="day-month-year"),
    pytest.param("signed on Mar. 4.", MAR5, None, False, "Mar. 4", d(2021, 3, 4), id="abbrev-dot"),
    pytest.param("met on Jan 19 in Langkawi.", MAR5, None, False, "Jan 19", d(2021, 1, 19), id="abbrev"),
    pytest.param("signed on Sept. 9.", WED, None, False, "Sept. 9", d(2020, 9, 9), id="abbrev-sept"),
    pytest.param("signed on the 4th of March.", MAR5, None, False, "the 4th of March", d(2021, 3, 4),
                 id="ordinal-of-month"),
    pytest.param("met on March 4th.", MAR5, None, False, "March 4th", d(2021, 3, 4), id="month-ordinal"),
    pytest.param("On the afternoon of October 26, in Hanoi", OCT26, None, False, "October 26", OCT26,
                 id="afternoon-of"),
    pytest.param("on Monday, June 21, the two sides", WED, None, False, "Monday, June 21", d(2021, 6, 21),
                 id="weekday-and-date"),
    pytest.param("held on December 30.", JAN2, None, False, "December 30", d(2020, 12, 30),
                 id="year-before-anchor"),
    pytest.param("to be held on July 10.", WED, None, False, "July 10", d(2021, 7, 10),
                 id="within-30-days-ahead"),
    pytest.param("held on July 30.", WED, None, False, "July 30", d(2020, 7, 30), id="over-30-days-ahead"),
    pytest.param("will be held on March 1.", WED, None, True, "March 1", d(2022, 3, 1), id="future-next-year"),
    pytest.param("talks on June 21 between", None, 2021, False, "June 21", d(2021, 6, 21), id="no-anchor-year"),
    pytest.param("signed on 2021-06-23 in Hanoi", None, None, False, "2021-06-23", WED, id="iso"),
    pytest.param("VietnamPlus 26/10/2025", None, None, False, "26/10/2025", OCT26, id="slash-day-first"),
    pytest.param("Updated: 26.10.2025", None, None, False, "26.10.2025", OCT26, id="dot-day-first"),
    pytest.param("dated 05/06/2021", None, None, False, "05/06/2021", d(2021, 6, 5), id="ambiguous-day-first"),
    pytest.param("dated 06/23/2021", None, None, False, "06/23/2021", WED, id="only-month-first-fits"),
    pytest.param("VietnamPlus26/10/2025 On", None, None, False, "26/10/2025", OCT26, id="glued-to-outlet"),
    pytest.param("He spoke on the 8th.", WED, None, False, "the 8th", d(2021, 6, 8), id="nth-this-month"),
    pytest.param("He spoke on the 28th.", WED, None, False, "the 28th", d(2021, 5, 28), id="nth-last-month"),
    pytest.param("It ends on the 28th.", WED, None, True, "the 28th", d(2021, 6, 28), id="nth-future"),
    pytest.param("He spoke today.", WED, None, False, "today", WED, id="today"),
    pytest.param("Today, the minister said", WED, None, False, "Today", WED, id="today-capital"),
    pytest.param("He spoke this morning.", WED, None, False, "this morning", WED, id="this-morning"),
    pytest.param("They dine tonight.", WED, None, False, "tonight", WED, id="tonight"),
    pytest.param("He arrived yesterday.", WED, None, False, "yesterday", d(2021, 6, 22), id="yesterday"),
    pytest.param("He arrived last night.", WED, None, False, "last night", d(2021, 6, 22), id="last-night"),
    pytest.param("He arrived the day before yesterday.", WED, None, False, "the day before yesterday",
                 d(2021, 6, 21), id="day-before-yesterday"),
    pytest.param("He arrived two days ago.", WED, None, False, "two days ago", d(2021, 6, 21), id="days-ago"),
    pytest.param("He arrived a week ago.", WED, None, False, "a week ago", d(2021, 6, 16), id="week-ago"),
]


@pytest.mark.parametrize(("text", "anchor", "year", "future", "expected_text", "expected_day"), DAY_CASES)
def test_day(text: str, anchor: date | None, year: int | None, future: bool, expected_text: str,
             expected_day: date) -> None:
    ref = only(text, anchor, year, future)
    assert (ref.text, ref.day, ref.span) == (expected_text, expected_day, None)


# --- spans: (text, anchor, year, future) -> (expression text, (first, last)) ------------

SPAN_CASES = [
    pytest.param("attend the dialogue from June 20-23.", None, 2021, False, "June 20-23",
                 (d(2021, 6, 20), WED), id="from-dash"),
    pytest.param("the dialogue June 20\u201323", WED, None, False, "June 20\u201323",
                 (d(2021, 6, 20), WED), id="en-dash"),
    pytest.param("held June 20 to 23", WED, None, False, "June 20 to 23", (d(2021, 6, 20), WED), id="to"),
    pytest.param("held from June 20 to June 23", WED, None, False, "June 20 to June 23",
                 (d(2021, 6, 20), WED), id="to-month"),
    pytest.param("held 20-23 June", WED, None, False, "20-23 June", (d(2021, 6, 20), WED), id="day-first"),
    pytest.param("held between June 20 and 23", WED, None, False, "between June 20 and 23",
                 (d(2021, 6, 20), WED), id="between"),
    pytest.param("held between 20 and 23 June", WED, None, False, "between 20 and 23 June",
                 (d(2021, 6, 20), WED), id="between-day-first"),
    pytest.param("held June 30-July 2", d(2021, 7, 5), None, False, "June 30-July 2",
                 (d(2021, 6, 30), d(2021, 7, 2)), id="across-months"),
    pytest.param("held from 30 June to 2 July", d(2021, 7, 5), None, False, "30 June to 2 July",
                 (d(2021, 6, 30), d(2021, 7, 2)), id="across-months-day-first"),
    pytest.param("held December 30-January 2", d(2021, 1, 5), None, False, "December 30-January 2",
                 (d(2020, 12, 30), JAN2), id="across-new-year"),
    pytest.param("held June 20-23, 2019", WED, None, False, "June 20-23, 2019",
                 (d(2019, 6, 20), d(2019, 6, 23)), id="year-after-span"),
    pytest.param("a visit which began on Sunday.", WED, None, False, "began on Sunday",
                 (d(2021, 6, 20), WED), id="began-on-weekday"),
    pytest.param("a visit that started on Sunday.", WED, None, False, "started on Sunday",
                 (d(2021, 6, 20), WED), id="started-on-weekday"),
    pytest.param("in Hanoi since Sunday.", WED, None, False, "since Sunday", (d(2021, 6, 20), WED),
                 id="since-weekday"),
    pytest.param("in Hanoi since June 20.", WED, None, False, "since June 20", (d(2021, 6, 20), WED),
                 id="since-date"),
    pytest.param("a tour which began on June 20", WED, None, False, "began on June 20",
                 (d(2021, 6, 20), WED), id="began-on-date"),
    pytest.param("elected in March 2021", WED, None, False, "March 2021", (d(2021, 3, 1), d(2021, 3, 31)),
                 id="in-month-year"),
    pytest.param("elected March 2021", None, None, False, "March 2021", (d(2021, 3, 1), d(2021, 3, 31)),
                 id="month-year"),
    pytest.param("elected in March.", WED, None, False, "March", (d(2021, 3, 1), d(2021, 3, 31)),
                 id="in-month"),
    pytest.param("elected in early March.", WED, None, False, "early March", (d(2021, 3, 1), d(2021, 3, 10)),
                 id="in-early-month"),
    pytest.param("but a March meeting in Lome produced nothing.", WED, None, False, "March",
                 (d(2021, 3, 1), d(2021, 3, 31)), id="month-naming-an-encounter"),
    pytest.param("but a March meeting in Lome produced nothing.", None, 2025, False, "March",
                 (d(2025, 3, 1), d(2025, 3, 31)), id="month-naming-an-encounter-year-from-text"),
    pytest.param("elected in December.", WED, None, False, "December", (d(2020, 12, 1), d(2020, 12, 31)),
                 id="in-month-last-year"),
    pytest.param("talks earlier this week", WED, None, False, "earlier this week", (d(2021, 6, 21), WED),
                 id="earlier-this-week"),
    pytest.param("talks this week", WED, None, False, "this week", (d(2021, 6, 21), WED), id="this-week"),
    pytest.param("talks last week", WED, None, False, "last week", (d(2021, 6, 14), d(2021, 6, 20)),
                 id="last-week"),
    pytest.param("expelled the previous week", WED, None, False, "the previous week", (d(2021, 6, 14), d(2021, 6, 20)),
                 id="the-previous-week"),
    pytest.param("talks earlier this month", WED, None, False, "earlier this month", (d(2021, 6, 1), WED),
                 id="earlier-this-month"),
    pytest.param("talks last month", WED, None, False, "last month", (d(2021, 5, 1), d(2021, 5, 31)),
                 id="last-month"),
    pytest.param("talks last month", JAN2, None, False, "last month", (d(2020, 12, 1), d(2020, 12, 31)),
                 id="last-month-across-year"),
    pytest.param("talks over the weekend", WED, None, False, "over the weekend",
                 (d(2021, 6, 19), d(2021, 6, 20)), id="weekend"),
]


@pytest.mark.parametrize(("text", "anchor", "year", "future", "expected_text", "expected_span"), SPAN_CASES)
def test_span(text: str, anchor: date | None, year: int | None, future: bool, expected_text: str,
              expected_span: tuple[date, date]) -> None:
    ref = only(text, anchor, year, future)
    assert (ref.text, ref.day, ref.span, ref.future) == (expected_text, None, expected_span, False)


# --- forward-looking expressions -> (text, day, span) with future=True -------------------

FUTURE_CASES = [
    pytest.param("He leaves tomorrow.", "tomorrow", d(2021, 6, 24), None, id="tomorrow"),
    pytest.param("They meet next week.", "next week", None, (d(2021, 6, 28), d(2021, 7, 4)), id="next-week"),
    pytest.param("They meet next month.", "next month", None, (d(2021, 7, 1), d(2021, 7, 31)),
                 id="next-month"),
    pytest.param("a consultation later this year.", "later this year", None, (d(2021, 6, 24), d(2021, 12, 31)),
                 id="later-this-year"),
    pytest.param("talks later this month.", "later this month", None, (d(2021, 6, 24), d(2021, 6, 30)),
                 id="later-this-month"),
    pytest.param("a deal in the coming weeks.", "in the coming weeks", None, None, id="coming-weeks"),
    pytest.param("a deal in the near future.", "in the near future", None, None, id="near-future"),
    pytest.param("They meet next Monday.", "next Monday", d(2021, 6, 28), None, id="next-weekday"),
    pytest.param("a summit on July 10.", "July 10", d(2021, 7, 10), None, id="date-after-anchor"),
]


@pytest.mark.parametrize(("text", "expected_text", "expected_day", "expected_span"), FUTURE_CASES)
def test_future(text: str, expected_text: str, expected_day: date | None,
                expected_span: tuple[date, date] | None) -> None:
    ref = only(text, WED)
    assert (ref.text, ref.day, ref.span, ref.future) == (expected_text, expected_day, expected_span, True)


# --- expressions found but not resolvable: no anchor (and no year) ----------------------

UNRESOLVED_CASES = [
    pytest.param("talks on June 21", None, "June 21", False, id="month-day-no-year"),
    pytest.param("from June 20-23", None, "June 20-23", False, id="span-no-year"),
    pytest.param("met on Monday", 2021, "Monday", False, id="weekday-no-anchor"),
    pytest.param("met yesterday", 2021, "yesterday", False, id="yesterday-no-anchor"),
    pytest.param("meets tomorrow", None, "tomorrow", True, id="tomorrow-no-anchor"),
    pytest.param("since Sunday", 2021, "since Sunday", False, id="since-no-anchor"),
]


@pytest.mark.parametrize(("text", "year", "expected_text", "expected_future"), UNRESOLVED_CASES)
def test_unresolved(text: str, year: int | None, expected_text: str, expected_future: bool) -> None:
    ref = only(text, None, year)
    assert (ref.text, ref.day, ref.span, ref.future) == (expected_text, None, None, expected_future)


# --- not date expressions ---------------------------------------------------------------

NONE_CASES = [
    pytest.param("growth in 2021 was strong", id="bare-year"),
    pytest.param("the 2021-23 programme", id="year-range-short"),
    pytest.param("the 2020-21 season", id="year-range"),
    pytest.param("in 2021-2023", id="year-range-long"),
    pytest.param("on February 30", id="invalid-day"),
    pytest.param("on February 29, 2021", id="not-a-leap-year"),
    pytest.param("on 31/06/2021", id="invalid-numeric"),
    pytest.param("the 20th century", id="ordinal-noun"),
    pytest.param("the 70th anniversary", id="ordinal-anniversary"),
    pytest.param("they may 4 times", id="may-verb"),
    pytest.param("Black Friday sales", id="black-friday"),
    pytest.param("a holiday for years", id="noun-inside-words"),
    pytest.param("the Mayor spoke", id="month-prefix"),
    pytest.param("the May government fell", id="month-as-a-name"),
    pytest.param("5 percent in 2,021 cases", id="numbers"),
]


@pytest.mark.parametrize("text", NONE_CASES)
def test_not_a_date(text: str) -> None:
    assert find_dates(text, WED) == []


# --- several expressions: order and offsets ---------------------------------------------

def test_offsets_and_order() -> None:
    text = "Son met Balakrishnan on Monday (June 21); the visit, which began on Sunday, ends today."
    refs = find_dates(text, WED)
    assert [r.text for r in refs] == ["Monday", "June 21", "began on Sunday", "today"]
    assert [text[r.start:r.end] for r in refs] == [r.text for r in refs]
    assert [r.start for r in refs] == sorted(r.start for r in refs)


def test_anchor_never_default() -> None:
    refs = find_dates("The ministers met in Hanoi to discuss trade and vaccines.", WED)
    assert refs == []


# --- infer_year -------------------------------------------------------------------------

YEAR_CASES = [
    pytest.param("economic growth in 2020 and in 2021-23", None, 2021, id="range-first-year"),
    pytest.param("a programme from 2021-23", None, 2021, id="from-range"),
    pytest.param("chairing ASEAN in 2025 under the 1982 United Nations Convention", None, 2025,
                 id="latest-year"),
    pytest.param("signed in 2010, 2012 and 2016", None, 2016, id="list"),
    pytest.param("in 2021, with targets by 2030 and until 2035", None, 2021, id="by-until-ignored"),
    pytest.param("in 2022, on the road to 2045 under Vision 2045", None, 2022, id="to-vision-ignored"),
    pytest.param("plans for 2026-2030 agreed in 2025", None, 2025, id="for-range-ignored"),
    pytest.param("the 2030 Agenda discussed in 2019", None, 2019, id="agenda-after-ignored"),
    pytest.param("a roadmap for 2026-2030", None, 2026, id="only-forward-years"),
    pytest.param("no years here at all", None, None, id="none"),
    pytest.param("in 1949 and 2101", None, None, id="out-of-range"),
    pytest.param("anything, in 2010", WED, 2021, id="anchor-wins"),
    pytest.param("VietnamPlus26/10/2025", None, 2025, id="numeric-date"),
    pytest.param("Ghana will host the next round in 2024. They met in 2023.", None, 2023, id="will-ignored"),
    pytest.param("They met in 2022. The summit is due to be held in 2024.", None, 2022, id="due-to-be-ignored"),
    pytest.param("In 2021 the two sides met; more talks will follow.", None, 2021, id="will-after-the-year"),
    # 14 March was a Tuesday in 2023, not in 2024: the weekday picks the year next to the guess
    pytest.param("met on Tuesday, 14 March; ties since 1963; next talks in 2024", None, 2023, id="weekday-fits-2023"),
    pytest.param("met on Thursday, 14 March; next talks in 2024", None, 2024, id="weekday-fits-the-guess"),
    pytest.param("met on Tuesday, March 14, 2024, as in 2023", None, 2024, id="a-date-with-its-year-is-no-clue"),
    pytest.param("met on Friday, 14 March; talks in 2024", None, 2025, id="weekday-fits-the-year-after"),
    pytest.param("met on Tuesday, 14 March; talks in 2024", WED, 2021, id="anchor-still-wins"),
    # 13 March was a Thursday in 2025: a year-less dateline's day is the weekday its lede names
    pytest.param("TASHKENT. March 13 (Agency) - The two presidents signed the treaty, officials said on Thursday.\n"
                 "The border was closed after clashes in 2021.", None, 2025, id="dateline-and-lede-weekday"),
    pytest.param("Lima, Mar 29: Peru sent aid on Saturday. It did the same in the 2023 floods.", None, 2025,
                 id="dateline-colon-weekday"),
    pytest.param("Lima, Mar 29: Peru sent aid. On Saturday it did more. Floods hit in 2023.", None, 2023,
                 id="a-weekday-after-the-lede-is-no-clue"),
]


@pytest.mark.parametrize(("text", "anchor", "expected"), YEAR_CASES)
def test_infer_year(text: str, anchor: date | None, expected: int | None) -> None:
    assert infer_year(text, anchor) == expected


# --- properties -------------------------------------------------------------------------

FRAGMENTS = [
    "on", "Monday", "Sunday", "June", "July", "March", "Mar.", "December", "20", "23", "30", "2", "8th",
    "4th", "-", "\u2013", "to", "and", "between", "since", "began", "which", "the", "of", "2021", ",", ".",
    "last", "next", "this", "week", "weekend", "month", "year", "today", "yesterday", "tomorrow", "in",
    "early", "mid-", "coming", "weeks", "days", "ago", "two", "a", "26/10/2025", "2021-06-23", "earlier",
    "later", "over", "day", "before", "future", "near", "February", "29", "31", "Today", "Since", "past",
]
fragment_texts = st.lists(
    st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from([" ", " ", "", "\n", "  "])), max_size=12,
).map(lambda parts: "".join(word + sep for word, sep in parts))
texts = st.one_of(st.text(max_size=200), fragment_texts)
anchors = st.one_of(st.none(), st.dates(min_value=d(1900, 1, 1), max_value=d(2100, 12, 31)))


@settings(max_examples=300)
@given(st.text(), st.one_of(st.none(), st.dates()), st.one_of(st.none(), st.integers(-10**6, 10**6)),
       st.booleans())
def test_never_raises(text: str, anchor: date | None, year: int | None, future: bool) -> None:
    find_dates(text, anchor, year, future)
    infer_year(text, anchor)


@settings(max_examples=500)
@given(texts, anchors, st.one_of(st.none(), st.integers(1900, 2100)), st.booleans())
def test_refs_are_well_formed(text: str, anchor: date | None, year: int | None, future: bool) -> None:
    refs = find_dates(text, anchor, year, future)
    for ref in refs:
        assert 0 <= ref.start < ref.end <= len(text)
        assert text[ref.start:ref.end] == ref.text
        assert ref.day is None or ref.span is None
        assert ref.span is None or ref.span[0] <= ref.span[1]
    assert all(a.end <= b.start for a, b in pairwise(refs))


@settings(max_examples=500)
@given(fragment_texts, st.dates(min_value=d(1900, 1, 1), max_value=d(2100, 12, 31)))
def test_past_unless_marked_future(text: str, anchor: date) -> None:
    for ref in find_dates(text, anchor):
        first = ref.day or (ref.span[0] if ref.span else None)
        assert ref.future or first is None or first <= anchor


@given(st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
       st.dates(min_value=d(1900, 1, 8), max_value=d(2100, 12, 24)), st.booleans())
def test_weekday_within_a_week(weekday: str, anchor: date, future: bool) -> None:
    ref = only(f"They met on {weekday}.", anchor, future=future)
    assert ref.day is not None and ref.day.strftime("%A") == weekday
    offset = (ref.day - anchor).days
    assert 0 <= offset <= 6 if future else -6 <= offset <= 0


@given(st.dates(min_value=d(1904, 1, 1), max_value=d(2096, 12, 31)),
       st.dates(min_value=d(2001, 1, 1), max_value=d(2001, 12, 31)))
def test_yearless_date_within_the_window(anchor: date, when: date) -> None:
    ref = only(f"They met on {when.strftime('%B')} {when.day}.", anchor)
    assert ref.day is not None and (ref.day.month, ref.day.day) == (when.month, when.day)
    assert anchor - timedelta(days=366) < ref.day <= anchor + timedelta(days=30)


@given(st.text(max_size=300))
def test_infer_year_in_range(text: str) -> None:
    year = infer_year(text)
    assert year is None or 1950 <= year <= 2100


def full_scan(text: str, anchor: date | None, year: int | None, future: bool) -> list[DateRef]:
    """The grammar tried at every position: what the fast core scan must reproduce."""
    ctx = dates._Ctx(text, anchor, year, future)
    return [ref for ref in (dates._resolve(m, ctx) for m in dates._DATE_RE.finditer(text)) if ref is not None]


@settings(max_examples=1000)
@given(fragment_texts, anchors, st.booleans())
def test_core_scan_equals_full_scan(text: str, anchor: date | None, future: bool) -> None:
    assert find_dates(text, anchor, 2021, future) == full_scan(text, anchor, 2021, future)
