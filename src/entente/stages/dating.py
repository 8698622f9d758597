"""Dating: how each mention's settled date was found, and how precise it is.

The evidence is read again with the date finder (stages/dates.py), against the anchor the
extraction used. The date is `dateline` when an expression of the evidence's dateline gives it
('TOKYO, March 16 (Yonhap) -'), `stated` when another expression naming its month or year does
('on 20 May', 'March 4, 2024'), `relative` when a weekday or a relative word does ('on Monday',
'yesterday', 'last week'); else `dateline` when the article's opening dateline gives it, and
`inferred` otherwise (the day the report's lede gives, else the publication day).
An expression gives the date when its first day is the date's (or its span's) first day.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from entente.stages.dates import DateRef, find_dates, infer_year
from entente.stages.events import anchor_day, dateline_match
from entente.types import Article, DatePrecision, DateSource, Mention

SOURCE_RANK: tuple[DateSource, ...] = ("stated", "dateline", "relative", "inferred")  # most precise first
SPAN_DAYS = 31  # the longest range that is a span; a longer one, no calendar month, is told to the year


def date_mentions(mentions: list[Mention], article: Article) -> list[Mention]:
    """The mentions of one article with the source and precision of their dates."""
    anchor = anchor_day(article)
    year = anchor.year if anchor else infer_year(article.text)
    opening = dateline_day(article.text, anchor, year)
    return [replace(m, date_source=date_source(m, anchor, year, opening),
                    date_precision=date_precision(m.date, m.date_range)) for m in mentions]


def date_source(mention: Mention, anchor: date | None, year: int | None,
                opening: date | None = None) -> DateSource | None:
    """How a mention's date was found (None without a date); opening: the article's dateline day."""
    first = first_day(mention.date, mention.date_range)
    if first is None:
        return None
    evidence = mention.source.evidence if mention.source else ""
    dateline = dateline_match(evidence)
    found = [ref_source(r, dateline.end() if dateline else 0)
             for r in find_dates(evidence, anchor, year) if first_day(r.day, r.span) == first]
    if not found and first == opening:
        return "dateline"
    return min(found, key=SOURCE_RANK.index, default="inferred")


def ref_source(ref: DateRef, dateline_end: int) -> DateSource:
    """What one date expression of the evidence is: in its dateline, relative, or stated."""
    if ref.start < dateline_end:
        return "dateline"
    return "relative" if ref.relative else "stated"


def dateline_day(text: str, anchor: date | None, year: int | None) -> date | None:
    """The day the dateline opening an article gives ('TOKYO, March 16 (Yonhap) -'), or None."""
    found = dateline_match(text.lstrip())
    return next((r.day for r in find_dates(found.group(0), anchor, year) if r.day), None) if found else None


def first_day(day: date | None, span: tuple[date, date] | None) -> date | None:
    """The day, or the first day of the span."""
    return day or (span[0] if span else None)


def date_precision(day: date | None, span: tuple[date, date] | None) -> DatePrecision | None:
    """How precise a date is: one day, a span of up to 31 days, a calendar month, or a year (any
    longer range: a calendar year, 'since March 2021'); None without a date."""
    if day is not None:
        return "day"
    if span is None:
        return None
    first, last = span
    if first.day == 1 and (first.year, first.month) == (last.year, last.month) and (last + timedelta(days=1)).day == 1:
        return "month"
    return "span" if (last - first).days < SPAN_DAYS else "year"
