"""Date expressions in English news text, resolved against the article's publication day.

News reports events that already happened, so an expression without a year or a direction
resolves backwards from the anchor (the publication day); ``future=True`` (the governing verb
is future) resolves it forwards. A grammar of regex alternatives (compiled at import), each
with a small resolver, is tried only around cores found in one fast pass (see `_cores`).
Pure: no IO, no global mutable state, never raises.

Decisions where English is ambiguous: '26/10/2025' and '05/06/2021' are day first (month
first only when the second number exceeds 12); 'last Monday' is strictly before the anchor,
'next Monday' strictly after it; a year-less date up to 30 days after the anchor stays in the
anchor's year and is marked `future`; spans crossing New Year get the later year at the end.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from types import MappingProxyType

__all__ = ["DateRef", "find_dates", "infer_year"]


@dataclass(frozen=True)
class DateRef:
    """A date expression found in text.

    Fields: start, end (char offsets into the text given), text, day (resolved day or None),
    span ((first, last) days, or None), future (True when the expression points forward from
    the anchor: intrinsically, as in 'next week', 'tomorrow', 'later this year', or because
    the day or span it resolved to begins after the anchor), relative (True when it names no
    month and only the anchor places it: a weekday, 'yesterday', 'last week', 'the 8th', 'two
    days ago').
    """

    start: int
    end: int
    text: str
    day: date | None
    span: tuple[date, date] | None
    future: bool = False
    relative: bool = False


# --- vocabulary -------------------------------------------------------------------------

_MONTH_NUMBERS: Mapping[str, int] = MappingProxyType({
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
})
_WEEKDAY_NUMBERS: Mapping[str, int] = MappingProxyType({
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
})
_COUNT_WORDS: Mapping[str, int] = MappingProxyType({
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
})
_PAST_TOLERANCE_DAYS = 30  # a year-less date up to this far after the anchor keeps its year
_BACKWARD_MODIFIERS = frozenset({"last", "past", "this past"})
_FORWARD_MODIFIERS = frozenset({"coming", "this coming"})
_AHEAD_MODIFIERS = _FORWARD_MODIFIERS | {"next"}


# --- regex building blocks (months and weekdays are title case: 'may' is a verb) --------

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?!\w)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!\w)"
# what a month named before a noun may date ('a July meeting'), not a name ('the May government')
_EVENT_NOUN = (r"(?:meetings?|summits?|talks|visits?|calls?|agreements?|accords?|deals?|attacks?|strikes?"
               r"|sessions?)\b")
_SINCE = r"(?i:since|(?:began|begun|started|commenced|kicked\s+off)(?:\s+on)?)\s+"


def _day(name: str) -> str:
    """A day of the month, '4' or '4th'."""
    return rf"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?(?!\w)"


def _day_of(name: str) -> str:
    """A day of the month before a month name: '4', '4th', '4th of'."""
    return rf"(?P<{name}>[0-3]?\d)(?:(?:st|nd|rd|th)(?:\s+of)?)?(?!\w)"


def _year(name: str) -> str:
    """A four-digit year 1900-2099."""
    return rf"(?P<{name}>(?:19|20)\d\d)(?!\d)"


def _tail_year(name: str) -> str:
    """An optional year after a day: ', 2021'."""
    return rf"(?:,?\s+{_year(name)})?"


def _range_link(between: str) -> str:
    """A dash, 'to' or 'until'; 'and' only after 'between'."""
    return (
        rf"(?:\s*[-\u2013\u2014]\s*"
        rf"|\s+(?({between})(?:and|to)|(?:to|until|till|through|thru))\s+)"
    )


# --- relative resolvers (anchor -> (day, span)) -----------------------------------------

_Resolved = tuple[date | None, tuple[date, date] | None]


def _days_from(offset: int) -> Callable[[date], _Resolved]:
    """A resolver for the day `offset` days from the anchor."""
    return lambda anchor: (anchor + timedelta(days=offset), None)


def _unplaced(anchor: date) -> _Resolved:
    """Forward-looking with no definite time."""
    return None, None


def _monday(day: date) -> date:
    """Monday of the week containing day."""
    return day - timedelta(days=day.weekday())


def _add_months(year: int, month: int, shift: int) -> tuple[int, int]:
    """(year, month) shifted by `shift` months."""
    index = year * 12 + month - 1 + shift
    return index // 12, index % 12 + 1


def _month_span(year: int, month: int) -> tuple[date, date]:
    """First and last day of a calendar month."""
    next_year, next_month = _add_months(year, month, 1)
    return date(year, month, 1), date(next_year, next_month, 1) - timedelta(days=1)


def _this_week(anchor: date) -> _Resolved:
    return None, (_monday(anchor), anchor)


def _last_week(anchor: date) -> _Resolved:
    monday = _monday(anchor) - timedelta(days=7)
    return None, (monday, monday + timedelta(days=6))


def _last_weekend(anchor: date) -> _Resolved:
    saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7 or 7)
    return None, (saturday, min(saturday + timedelta(days=1), anchor))


def _later_this_week(anchor: date) -> _Resolved:
    sunday = _monday(anchor) + timedelta(days=6)
    return None, ((anchor + timedelta(days=1), sunday) if anchor < sunday else None)


def _next_week(anchor: date) -> _Resolved:
    monday = _monday(anchor) + timedelta(days=7)
    return None, (monday, monday + timedelta(days=6))


def _this_month(anchor: date) -> _Resolved:
    return None, (anchor.replace(day=1), anchor)


def _last_month(anchor: date) -> _Resolved:
    return None, _month_span(*_add_months(anchor.year, anchor.month, -1))


def _later_this_month(anchor: date) -> _Resolved:
    last = _month_span(anchor.year, anchor.month)[1]
    return None, ((anchor + timedelta(days=1), last) if anchor < last else None)


def _next_month(anchor: date) -> _Resolved:
    return None, _month_span(*_add_months(anchor.year, anchor.month, 1))


def _this_year(anchor: date) -> _Resolved:
    return None, (date(anchor.year, 1, 1), anchor)


def _last_year(anchor: date) -> _Resolved:
    return None, (date(anchor.year - 1, 1, 1), date(anchor.year - 1, 12, 31))


def _later_this_year(anchor: date) -> _Resolved:
    last = date(anchor.year, 12, 31)
    return None, ((anchor + timedelta(days=1), last) if anchor < last else None)


def _next_year(anchor: date) -> _Resolved:
    return None, (date(anchor.year + 1, 1, 1), date(anchor.year + 1, 12, 31))


def _relative_phrases() -> dict[str, tuple[Callable[[date], _Resolved], bool]]:
    """Relative phrases: resolver from the anchor, and whether the phrase points forward."""
    past = {
        "today": _days_from(0), "this morning": _days_from(0), "this afternoon": _days_from(0),
        "this evening": _days_from(0), "tonight": _days_from(0), "earlier today": _days_from(0),
        "yesterday": _days_from(-1), "last night": _days_from(-1),
        "the day before yesterday": _days_from(-2),
        "this week": _this_week, "earlier this week": _this_week, "last week": _last_week,
        "the previous week": _last_week, "the previous month": _last_month,
        "last weekend": _last_weekend, "over the weekend": _last_weekend,
        "this month": _this_month, "earlier this month": _this_month, "last month": _last_month,
        "earlier this year": _this_year, "last year": _last_year,
    }
    ahead = {
        "later today": _days_from(0), "tomorrow": _days_from(1),
        "the day after tomorrow": _days_from(2),
        "later this week": _later_this_week, "next week": _next_week,
        "later this month": _later_this_month, "next month": _next_month,
        "later this year": _later_this_year, "next year": _next_year,
        "in the coming days": _unplaced, "in the coming weeks": _unplaced,
        "in the coming months": _unplaced, "the coming days": _unplaced,
        "the coming weeks": _unplaced, "the coming months": _unplaced,
        "in the days ahead": _unplaced, "in the weeks ahead": _unplaced,
        "in the months ahead": _unplaced, "in the near future": _unplaced,
    }
    table = {phrase: (resolve, False) for phrase, resolve in past.items()}
    table.update({phrase: (resolve, True) for phrase, resolve in ahead.items()})
    return table


_RELATIVE: Mapping[str, tuple[Callable[[date], _Resolved], bool]] = MappingProxyType(
    _relative_phrases()
)
_RELATIVE_RE = "|".join(
    phrase.replace(" ", r"\s+") for phrase in sorted(_RELATIVE, key=len, reverse=True)
)

# --- the grammar: one alternative per expression shape, tried in this order -------------

_ALTERNATIVES: tuple[tuple[str, str], ...] = (
    # '26/10/2025', '26.10.2025', '2021-06-23' (also glued to a word: 'VietnamPlus26/10/2025')
    ("num", r"(?<![\d/.\-])(?:(?P<num_iy>\d{4})-(?P<num_im>\d\d?)-(?P<num_id>\d\d?)"
            r"|(?P<num_a>\d\d?)(?P<num_sep>[/.\-])(?P<num_b>\d\d?)(?P=num_sep)"
            r"(?P<num_y>\d{4}))(?!\d)"),
    # 'June 20-23', 'June 30-July 2', 'between June 20 and 23', 'June 20 to June 23, 2021'
    ("smd", rf"(?P<smd_btw>[Bb]etween\s+)?(?P<smd_m1>{_MONTH})\s+{_day('smd_d1')}"
            rf"{_tail_year('smd_y1')}{_range_link('smd_btw')}(?:(?P<smd_m2>{_MONTH})\s+)?"
            rf"{_day('smd_d2')}{_tail_year('smd_y')}"),
    # '20-23 June', 'from 30 June to 2 July', 'between 20 and 23 June 2021'
    ("sdm", rf"(?P<sdm_btw>[Bb]etween\s+)?(?:[Tt]he\s+)?{_day_of('sdm_d1')}"
            rf"(?:\s+(?P<sdm_m1>{_MONTH}){_tail_year('sdm_y1')})?{_range_link('sdm_btw')}"
            rf"(?:the\s+)?{_day_of('sdm_d2')}\s+(?P<sdm_m2>{_MONTH}){_tail_year('sdm_y')}"),
    # 'March 4', 'Mar. 4, 2021', 'Monday, June 21', 'since June 20', 'began on June 20'
    ("md", rf"(?P<md_pre>{_SINCE})?(?:{_WEEKDAY},?\s+)?(?P<md_m>{_MONTH})\s+{_day('md_d')}"
           rf"{_tail_year('md_y')}"),
    # '4 March', '4 March 2021', 'the 4th of March'
    ("dm", rf"(?P<dm_pre>{_SINCE})?(?:{_WEEKDAY},?\s+)?(?:[Tt]he\s+)?{_day_of('dm_d')}"
           rf"\s+(?P<dm_m>{_MONTH}){_tail_year('dm_y')}"),
    # 'March 2021', 'since March 2021'
    ("my", rf"(?P<my_pre>{_SINCE})?(?P<my_m>{_MONTH}),?\s+{_year('my_y')}"),
    # 'in March', 'in early March', 'in mid-June 2021'; 'a July meeting', 'the March talks'
    ("inm", rf"(?:(?i:in)\s+(?P<inm_q>(?i:early\s+|late\s+|mid(?:-|\s+)))?(?P<inm_m>{_MONTH})"
            rf"{_tail_year('inm_y')}(?!,?\s*\d)|(?i:an?|the)\s+(?P<inm_m2>{_MONTH})(?=\s+{_EVENT_NOUN}))"),
    # 'the 8th', 'the 8th of this month'
    ("nth", rf"[Tt]he\s+(?P<nth_d>[0-3]?\d)(?:st|nd|rd|th)(?!\w)(?!\s+(?:of\s+)?{_MONTH})"
            r"(?:\s+of\s+(?P<nth_rel>this|last|the)\s+month)?"),
    # 'Monday', 'last Monday', 'next Monday', 'since Sunday', 'which began on Sunday'
    ("wd", rf"(?P<wd_pre>{_SINCE})?(?P<wd_mod>(?i:this\s+past|this\s+coming|last|past|this"
           rf"|next|coming)\s+)?(?<!Black )(?<!Cyber )(?<!Good )(?<!Bloody )(?<!Super )"
           rf"(?P<wd_w>{_WEEKDAY})"),
    # 'yesterday', 'last week', 'later this year', ...
    ("rel", rf"(?P<rel_p>(?i:{_RELATIVE_RE}))(?!\w)"),
    # 'two days ago', 'a week ago'
    ("ago", r"(?P<ago_n>\d{1,3}|(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten))"
            r"\s+(?P<ago_u>(?i:days?|weeks?))\s+(?i:ago)(?!\w)"),
)
_DATE_RE = re.compile(
    f"(?P<num>{_ALTERNATIVES[0][1]})|\\b(?:"
    + "|".join(f"(?P<{name}>{body})" for name, body in _ALTERNATIVES[1:])
    + ")"
)

# Finding expressions fast. Trying the grammar above at every word costs ~3 us a word, so the
# text is first scanned for *cores*, words every expression contains: a month or weekday name
# or a digit (one regex pass; all its branches begin with a capital or a digit, so `re` skips
# in C to the next capital or digit), or a relative noun ('week', 'day', ... found with
# str.find). The grammar is then tried only where an expression around a core can begin: at
# the lead words just before it ('since last', 'in the coming'), at the start of its own
# token ('to' of 'today', 'mid-' of 'mid-March'), or at the core itself.


def _first_char_trie(branches: list[str], tail: str) -> str:
    """An alternation grouped by first character, so each branch starts with a literal."""
    groups: dict[str, list[str]] = {}
    for branch in branches:
        groups.setdefault(branch[0], []).append(branch[1:])
    return "|".join(
        f"{first}(?:{'|'.join(sorted(rests, key=len, reverse=True))}){tail}"
        for first, rests in groups.items()
    )


_MONTH_WORDS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sept", "Sep", "Oct", "Nov", "Dec",
)
_WEEKDAY_WORDS = tuple(name.capitalize() for name in _WEEKDAY_NUMBERS)
_DIGIT_TAIL = (  # what may follow a number that begins a date
    r"(?:st|nd|rd|th)?(?:\s+of)?\s+[A-Z]|(?:st|nd|rd|th)(?!\w)|\s*[-\u2013\u2014/.]\s*(?:the\s+)?\d"
    r"|\s+(?:to|and|until|till|through|thru)\s+(?:the\s+)?\d|\s+(?:days?|weeks?)\s+ago"
)
_CORE_RE = re.compile(
    _first_char_trie([*_MONTH_WORDS, *_WEEKDAY_WORDS], r"(?![a-z])")
    + "|" + _first_char_trie(list("0123456789"), rf"\d*+(?={_DIGIT_TAIL})")
)
_NOUN_CORES = (
    "day", "night", "morrow", "week", "month", "year", "morning", "noon", "evening", "future",
)
_STARTERS = frozenset({  # words an expression may begin with, before its core
    "since", "between", "began", "begun", "started", "commenced", "kicked", "last", "this",
    "next", "past", "coming", "in", "the", "earlier", "later", "over", "a", "an", "previous",
    *_COUNT_WORDS,
})
_LEADS = _STARTERS | {  # ... and words that may stand between those and the core
    "on", "off", "early", "mid", "mid-", "late", "near", "day", "days", "weeks", "months",
    "before", "after",
}
_OWN_PREFIXES = frozenset({"to", "yester", "after", "mid-"})  # glued to a core: 'to|day'
_WORD_AT_END = re.compile(r"[A-Za-z]+-?$")
_LOOKBACK_CHARS = 48
_LOOKBACK_WORDS = 4

_ON_BEFORE = re.compile(r"(?<!\w)[Oo]n\s+$")
_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?)\]\"'\u2019\u2014\u2013-]|$)")
_FUNCTION_WORD = re.compile(
    r"\s+(?:and|at|in|on|when|with|during|after|before|as|to|for|from|but|or)(?!\w)"
)


# --- plumbing ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Ctx:
    """What every resolver needs: the text, anchor, fallback year and verb direction."""

    text: str
    anchor: date | None
    year: int | None
    future: bool


@dataclass(frozen=True)
class _Hit:
    """One regex match, read through the group prefix of the alternative that matched."""

    match: re.Match[str]
    alt: str

    def get(self, key: str) -> str | None:
        """The named sub-group of this alternative."""
        return self.match.group(f"{self.alt}_{key}")

    def number(self, key: str) -> int:
        """The named sub-group as an integer (0 when it did not take part)."""
        return int(self.get(key) or 0)

    def begin(self, key: str) -> int:
        """Start offset of a sub-group of this alternative."""
        return self.match.start(f"{self.alt}_{key}")

    @property
    def bounds(self) -> tuple[int, int]:
        """Start and end of the whole match."""
        return self.match.span()


def _ref(
    ctx: _Ctx, start: int, end: int, day: date | None = None,
    span: tuple[date, date] | None = None, future: bool = False,
) -> DateRef:
    """Build a DateRef; it points forward if told so or if it begins after the anchor."""
    first = day if day is not None else (span[0] if span is not None else None)
    ahead = ctx.anchor is not None and first is not None and first > ctx.anchor
    return DateRef(start, end, ctx.text[start:end], day, span, future or ahead)


def _safe_date(year: int, month: int, day: int) -> date | None:
    """date(year, month, day), or None for an invalid calendar day."""
    if not (1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        return date(year, month, day)
    except ValueError:  # day past the month's end ('February 30')
        return None


def _plausible(month: int, day: int) -> bool:
    """Whether month/day exists in some year (a leap year is the most permissive)."""
    return _safe_date(2000, month, day) is not None


def _month_no(name: str | None) -> int:
    """Month number of a month name or abbreviation."""
    return _MONTH_NUMBERS[(name or "")[:3].lower()]


def _year_for(ctx: _Ctx, month: int, day: int, forward: bool) -> int | None:
    """Year of a year-less month/day: forward = next on or after the anchor; else the
    anchor's year unless that lands over 30 days after the anchor (then the year before)."""
    anchor = ctx.anchor
    if anchor is None:
        return ctx.year
    if forward:
        return anchor.year + ((month, day) < (anchor.month, anchor.day))
    ahead = (date(anchor.year, month, min(day, 28)) - anchor).days + max(day - 28, 0)
    return anchor.year - (ahead > _PAST_TOLERANCE_DAYS)


def _since(ctx: _Ctx, start: int, end: int, first: date) -> DateRef:
    """'since X' / 'began on X': the span from X to the anchor."""
    anchor = ctx.anchor
    if anchor is None or first > anchor:
        return _ref(ctx, start, end)
    return _ref(ctx, start, end, span=(first, anchor))


# --- resolvers, one per alternative -----------------------------------------------------

def _on_month_day(hit: _Hit, ctx: _Ctx) -> DateRef | None:
    """'March 4', '4 March 2021', 'since June 20'."""
    month, number = _month_no(hit.get("m")), hit.number("d")
    if not _plausible(month, number):
        return None
    since = hit.get("pre") is not None
    raw_year = hit.get("y")
    year = int(raw_year) if raw_year else _year_for(ctx, month, number, ctx.future and not since)
    if year is None:
        return _ref(ctx, *hit.bounds)
    day = _safe_date(year, month, number)
    if day is None:
        return None
    return _since(ctx, *hit.bounds, day) if since else _ref(ctx, *hit.bounds, day=day)


def _on_span(hit: _Hit, ctx: _Ctx) -> DateRef | None:
    """'June 20-23', '30 June to 2 July', 'between June 20 and 23, 2021'."""
    m1, m2 = _month_no(hit.get("m1") or hit.get("m2")), _month_no(hit.get("m2") or hit.get("m1"))
    d1, d2 = hit.number("d1"), hit.number("d2")
    if not (_plausible(m1, d1) and _plausible(m2, d2)):
        return None
    years = _span_years(hit, ctx, (m1, d1), m2 < m1)
    if years is None:
        return _ref(ctx, *hit.bounds)
    first, last = _safe_date(years[0], m1, d1), _safe_date(years[1], m2, d2)
    if first is None or last is None or last < first:
        return None
    return _ref(ctx, *hit.bounds, span=(first, last))


def _span_years(
    hit: _Hit, ctx: _Ctx, first: tuple[int, int], wraps: bool
) -> tuple[int, int] | None:
    """Years of a span's ends; `wraps` when it crosses New Year ('December 30-January 2')."""
    raw_first, raw_last = hit.get("y1"), hit.get("y")
    if raw_last:
        last = int(raw_last)
        return (int(raw_first) if raw_first else last - wraps), last
    start = int(raw_first) if raw_first else _year_for(ctx, *first, ctx.future)
    return None if start is None else (start, start + wraps)


def _on_numeric(hit: _Hit, ctx: _Ctx) -> DateRef | None:
    """'2021-06-23', '26/10/2025', '26.10.2025' (day first unless only month-first works)."""
    if hit.get("iy"):
        year, month, number = hit.number("iy"), hit.number("im"), hit.number("id")
    else:
        first, second, year = hit.number("a"), hit.number("b"), hit.number("y")
        number, month = (second, first) if first <= 12 < second else (first, second)
    day = _safe_date(year, month, number)
    return None if day is None else _ref(ctx, *hit.bounds, day=day)


def _on_month_year(hit: _Hit, ctx: _Ctx) -> DateRef | None:
    """'March 2021' (the month as a span), 'since March 2021'."""
    first, last = _month_span(hit.number("y"), _month_no(hit.get("m")))
    if hit.get("pre") is not None:
        return _since(ctx, *hit.bounds, first)
    return _ref(ctx, *hit.bounds, span=(first, last))


def _on_in_month(hit: _Hit, ctx: _Ctx) -> DateRef | None:
    """'in March', 'in early March 2021', 'a July meeting': the month (or its third) as a span."""
    if hit.get("m2"):  # 'a July meeting': the month named as the encounter's
        month, raw_year, start = _month_no(hit.get("m2")), None, hit.begin("m2")
    else:
        month, raw_year = _month_no(hit.get("m")), hit.get("y")
        start = hit.begin("q") if hit.get("q") else hit.begin("m")
    end = hit.bounds[1]
    year = int(raw_year) if raw_year else _year_for(ctx, month, 1, ctx.future)
    if year is None:
        return _ref(ctx, start, end)
    first, last = _month_span(year, month)
    return _ref(ctx, start, end, span=_month_part(first, last, hit.get("q")))


def _month_part(first: date, last: date, qualifier: str | None) -> tuple[date, date]:
    """The part of a month named by 'early' (1-10), 'mid' (11-20) or 'late' (21-end)."""
    word = (qualifier or "").strip().lower()
    if word == "early":
        return first, first.replace(day=10)
    if word.startswith("mid"):
        return first.replace(day=11), first.replace(day=20)
    if word == "late":
        return first.replace(day=21), last
    return first, last


def _on_nth(hit: _Hit, ctx: _Ctx) -> DateRef | None:
    """'on the 8th': the 8th of the anchor's month, or of the month before if still ahead."""
    number, rel = hit.number("d"), hit.get("rel")
    if not 1 <= number <= 31 or (rel is None and not _nth_is_date(ctx.text, *hit.bounds)):
        return None
    anchor = ctx.anchor
    if anchor is None:
        return _ref(ctx, *hit.bounds)
    shift = _nth_shift(anchor, number, rel, ctx.future)
    year, month = _add_months(anchor.year, anchor.month, shift)
    day = _safe_date(year, month, number)
    return None if day is None else _ref(ctx, *hit.bounds, day=day)


def _nth_shift(anchor: date, number: int, rel: str | None, forward: bool) -> int:
    """Months between the anchor's month and the month of 'the Nth'."""
    if rel in ("this", "last"):
        return -1 if rel == "last" else 0
    if forward:
        return int(number < anchor.day)
    return -int(number > anchor.day)


def _nth_is_date(text: str, start: int, end: int) -> bool:
    """'the 8th' is a day when a clause ends after it, or after 'on' before a function word."""
    if _CLAUSE_END.match(text, end):
        return True
    after_on = _ON_BEFORE.search(text, max(0, start - 8), start)
    return bool(after_on and _FUNCTION_WORD.match(text, end))


def _on_weekday(hit: _Hit, ctx: _Ctx) -> DateRef | None:
    """'Monday', 'last Monday', 'next Monday', 'since Sunday', 'which began on Sunday'."""
    modifier = " ".join((hit.get("mod") or "").lower().split())
    since = hit.get("pre") is not None
    anchor = ctx.anchor
    if anchor is None:
        return _ref(ctx, *hit.bounds, future=modifier in _AHEAD_MODIFIERS)
    weekday = _WEEKDAY_NUMBERS[(hit.get("w") or "").lower()]
    day = _weekday_day(anchor, weekday, modifier, ctx.future and not since)
    return _since(ctx, *hit.bounds, day) if since else _ref(ctx, *hit.bounds, day=day)


def _weekday_day(anchor: date, weekday: int, modifier: str, forward: bool) -> date:
    """The weekday meant: 'last' strictly before, 'next' strictly after, plain or 'this' on or
    before the anchor (on or after when the verb is future)."""
    if modifier in _BACKWARD_MODIFIERS:
        return anchor - timedelta(days=(anchor.weekday() - weekday) % 7 or 7)
    if modifier == "next":
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    if modifier in _FORWARD_MODIFIERS or forward:
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _on_relative(hit: _Hit, ctx: _Ctx) -> DateRef | None:
    """'yesterday', 'last week', 'later this year', ..."""
    entry = _RELATIVE.get(" ".join((hit.get("p") or "").lower().split()))
    if entry is None:  # matched only through Unicode case folding ('thiſ week')
        return None
    resolve, forward = entry
    if ctx.anchor is None:
        return _ref(ctx, *hit.bounds, future=forward)
    day, span = resolve(ctx.anchor)
    return _ref(ctx, *hit.bounds, day=day, span=span, future=forward)


def _on_ago(hit: _Hit, ctx: _Ctx) -> DateRef | None:
    """'two days ago', 'a week ago'."""
    raw = (hit.get("n") or "").lower()
    count = int(raw) if raw.isdigit() else _COUNT_WORDS.get(raw, 0)
    if count == 0:
        return None
    unit = 7 if (hit.get("u") or "").lower().startswith("week") else 1
    day = None if ctx.anchor is None else ctx.anchor - timedelta(days=count * unit)
    return _ref(ctx, *hit.bounds, day=day)


_RESOLVERS: Mapping[str, Callable[[_Hit, _Ctx], DateRef | None]] = MappingProxyType({
    "smd": _on_span, "sdm": _on_span, "num": _on_numeric, "md": _on_month_day,
    "dm": _on_month_day, "my": _on_month_year, "inm": _on_in_month, "nth": _on_nth,
    "wd": _on_weekday, "rel": _on_relative, "ago": _on_ago,
})
_RELATIVE_ALTERNATIVES = frozenset({"nth", "wd", "rel", "ago"})  # placed by the anchor alone


def _resolve(match: re.Match[str], ctx: _Ctx) -> DateRef | None:
    """Resolve one match with the resolver of the alternative that produced it."""
    alt = match.lastgroup or ""
    try:
        ref = _RESOLVERS[alt](_Hit(match, alt), ctx)
    except (OverflowError, ValueError):  # anchor at the calendar's edge (year 1 or 9999)
        return None
    return replace(ref, relative=True) if ref is not None and alt in _RELATIVE_ALTERNATIVES else ref


def weekdays_named(text: str) -> frozenset[int]:
    """The weekdays a text names (Monday is 0): a day told by its weekday is only a day that falls on it."""
    return frozenset(_WEEKDAY_NUMBERS[m.group(0).lower()] for m in re.finditer(_WEEKDAY, text))


def find_dates(
    text: str, anchor: date | None, year: int | None = None, future: bool = False
) -> list[DateRef]:
    """All date expressions in text, in order, resolved against anchor (publication day)."""
    ctx = _Ctx(text, anchor, year, future)
    refs: list[DateRef] = []
    end = 0
    for core, noun in _cores(text):
        match = _match_around(text, core, noun, end) if core >= end else None
        if match is None:
            continue
        end = match.end()
        ref = _resolve(match, ctx)
        if ref is not None:
            refs.append(ref)
    return refs


def _cores(text: str) -> list[tuple[int, bool]]:
    """Offsets of cores in order, each with True for a relative noun ('week', 'day')."""
    found = [(match.start(), False) for match in _CORE_RE.finditer(text)]
    for noun in _NOUN_CORES:
        at = text.find(noun)
        while at >= 0:
            found.append((at, True))
            at = text.find(noun, at + len(noun))
    return sorted(found)


def _match_around(text: str, core: int, noun: bool, floor: int) -> re.Match[str] | None:
    """The first grammar match that begins at a possible start and covers the core."""
    for start in _starts(text, core, noun, floor):
        match = _DATE_RE.match(text, start)
        if match is not None and match.end() > core:
            return match
    return None


def _starts(text: str, core: int, noun: bool, floor: int) -> list[int]:
    """Where an expression around the core may begin (not before floor), earliest first:
    lead words before it, its own token's start, the core itself (not for a noun)."""
    low = max(floor, core - _LOOKBACK_CHARS)
    tokens = text[low:core].split()
    starts = [] if noun else [core]
    pos = core
    if tokens and not text[core - 1].isspace():  # the core's token began earlier ('today')
        own = tokens.pop()
        pos -= len(own)
        word = _word_at_end(own)
        if word.lower() not in _OWN_PREFIXES:
            return starts
        starts.append(core - len(word))
        if word != own:
            return starts
    for token in reversed(tokens[-_LOOKBACK_WORDS:]):
        word = _word_at_end(token)
        if word.lower() not in _LEADS:
            break
        pos = text.rfind(token, low, pos)
        if word.lower() in _STARTERS:
            starts.append(pos + len(token) - len(word))
        if word != token:  # punctuation before the word ends the run of leads ('(since')
            break
    return starts[::-1]


def _word_at_end(token: str) -> str:
    """The word a token ends with: 'to' of ',to', 'the' of 'Mar.the', 'mid-' of '(mid-'."""
    match = _WORD_AT_END.search(token)
    return match.group() if match else ""


# --- year inference ---------------------------------------------------------------------

_YEAR_MENTION = re.compile(  # starts with a digit, so `re` skips in C to the next 1 or 2
    r"(?P<y>19[5-9]\d|20\d\d|2100)(?<![\w$\u20ac\u00a3]....)(?<!\d,....)(?!\w)"
    r"(?:\s*[-\u2013/]\s*(?P<y2>(?:19|20)\d\d|\d\d)(?![\w\-]))?"
    r"(?P<after>\s+(?:Agenda|Vision|[Tt]argets?|[Gg]oals?|[Dd]eadline))?"
)
_CUE_BEFORE = re.compile(
    r"(?<!\w)(?P<cue>(?i:by|until|till|to|through|towards?|before|vision|agenda|for))\s+$"
)
_FUTURE_BEFORE = re.compile(r"\b(?:will|shall|(?:is|are)\s+(?:(?:set|due|scheduled|expected|planned)\s+)?to\s+be"
                            r"|(?:is|are)\s+(?:set|due|scheduled|expected)\s+to|plans?\s+to|aims?\s+to)\b")
_FORWARD_CUES = frozenset({"by", "until", "till", "to", "through", "toward", "towards",
                           "before", "vision", "agenda"})


def infer_year(text: str, anchor: date | None = None) -> int | None:
    """The year the article's events most likely happened in, when it prints no date.

    The anchor's year when there is an anchor. Otherwise the four-digit years 1950-2100 in
    the text count, a range by its first year ('2021-23' -> 2021); years in forward-looking
    phrases ('by 2030', 'until 2035', 'to 2045', 'Vision 2045', 'the 2030 Agenda', 'for
    2026-2030') are set aside. The answer is the latest year that counts; if only
    forward-looking years were found, the earliest of them; None when there are no years. A
    year-less date given with its weekday that falls on another weekday in that year moves the
    answer to the nearest year where it fits.
    """
    if anchor is not None:
        return anchor.year
    current: list[int] = []
    ahead: list[int] = []
    for match in _YEAR_MENTION.finditer(text):
        (ahead if _is_forward(text, match) else current).append(int(match.group("y")))
    guess = max(current) if current else min(ahead) if ahead else None
    return _weekday_year(text, guess, current + ahead)


_WEEKDAY_DATE = re.compile(
    rf"(?P<w>{_WEEKDAY}),?\s+(?:(?P<m1>{_MONTH})\s+{_day('d1')}|(?:the\s+)?{_day_of('d2')}\s+(?P<m2>{_MONTH}))"
    r"(?!,?\s+\d)"
)


# a year-less dateline whose lede tells the day by its weekday: 'BISHKEK. March 13 (Interfax) - ... reported
# on Thursday' (the wire's day is the weekday the lede names)
_LEDE_WEEKDAY = re.compile(
    rf"^\W*[A-Z][\w.'’ -]{{1,40}}?[.,]\s+(?P<m>{_MONTH})\s+{_day('d')}(?!,?\s+\d)[^.!?\n]{{0,300}}?"
    rf"\b(?:on|this|last)\s+(?P<w>{_WEEKDAY})", re.M)
_YEARS_AROUND = 6  # a day and month fall on each weekday within this many years of any year


def _weekday_year(text: str, guess: int | None, years: list[int]) -> int | None:
    """The guessed year, unless the text's year-less dates with a weekday ('Tuesday, 14 March', or a
    dateline's day its lede names by weekday) fall on other weekdays in it: then the year nearest the
    guess where they fit (the later one of two as near)."""
    dated = [(_WEEKDAY_NUMBERS[m["w"].lower()], _month_no(m["m1"] or m["m2"]), int(m["d1"] or m["d2"]))
             for m in _WEEKDAY_DATE.finditer(text)]
    if lede := _LEDE_WEEKDAY.search(text[:600]):
        dated.append((_WEEKDAY_NUMBERS[lede["w"].lower()], _month_no(lede["m"]), int(lede["d"])))
    dated = [(w, month, day) for w, month, day in dated if _plausible(month, day)]

    def fits(year: int) -> bool:
        return all((found := _safe_date(year, month, day)) is not None and found.weekday() == w
                   for w, month, day in dated)

    if guess is None or not dated or fits(guess):
        return guess
    near = sorted({y + shift for y in years for shift in range(-_YEARS_AROUND, _YEARS_AROUND + 1)},
                  key=lambda y: (abs(y - guess), -y))
    return next((year for year in near if fits(year)), guess)


def _is_forward(text: str, match: re.Match[str]) -> bool:
    """Whether a year mention looks ahead ('by 2030', 'Vision 2045', 'for 2026-2030', 'will
    host the next round in 2026')."""
    before = _CUE_BEFORE.search(text, max(0, match.start() - 12), match.start())
    cue = before.group("cue").lower() if before else ""
    if match.group("after") or cue in _FORWARD_CUES:
        return True
    sentence_start = max(text.rfind(end, 0, match.start()) for end in (". ", "\n", "? ", "! ")) + 1
    if _FUTURE_BEFORE.search(text, sentence_start, match.start()):
        return True
    return cue == "for" and match.group("y2") is not None
