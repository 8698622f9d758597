"""Metadata: publication date, outlet and language of an article.

Dates come only from what the input says (fields, HTML metadata, dateline and byline lines,
URL paths); where it says nothing the date is None, never the ingest day.
"""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import SplitResult, urlsplit

ENGLISH_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december"]
# Month names of the other languages news sites print datelines in (es, fr, pt, de, id, it).
OTHER_MONTHS = [
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "januari februari maret april mei juni juli agustus september oktober november desember",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
]
MONTHS = {name: i for row in OTHER_MONTHS for i, name in enumerate(row.split(), 1)}
MONTHS |= {"sept": 9} | {name[:3]: i for i, name in enumerate(ENGLISH_MONTHS, 1)}
MONTHS |= {name: i for i, name in enumerate(ENGLISH_MONTHS, 1)}
MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
CAPITALISED_MONTHS = {n.title() for n in ENGLISH_MONTHS} | {n[:3].title() for n in ENGLISH_MONTHS}
GLUED_MONTH = r"(?P<mon>" + "|".join(sorted(CAPITALISED_MONTHS, key=len, reverse=True)) + r")\.?"
DATE_FORMS = [
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    # a byline glued to its date by the scraper: 'By Jane DoeApr 05, 2025'
    re.compile(r"(?<=[a-z])" + GLUED_MONTH + r"\s+(?P<d>\d{1,2}),\s+(?P<y>(?:19|20)\d\d)\b"),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})([/.-])(?P<m>\d{1,2})\2(?P<y>(?:19|20)\d\d)(?!\d)"),
    # 'March 4, 2021', and an agency's 'October 6/2022'
    re.compile(r"\b" + MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+|/)(?P<y>(?:19|20)\d\d)\b", re.I),
    # '4 March 2021', '8 de noviembre de 2023', and a byline's '29.Nov.2019'
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th|er|º)?(?:\s+(?:of\s+|de\s+)?|[.-])" + MONTH
               + r"(?:,?\s+(?:de\s+)?|(?<=\.)|-)(?P<y>(?:19|20)\d\d)\b", re.I),
]
URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})(?:/|[-_]|$)")
URL_SLUG_DATE = re.compile(r"[-_](?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[-_/.]|$)")
# '/20230504/', a slug's '-20180515-story', an id opening with the day: '/stories/202412160123.html'
URL_COMPACT_DATE = re.compile(r"[/_-](?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?:[/_.-]|\d{2,12}\b|$)")
FIRST_WEB_YEAR = 1994  # an earlier 'date' in a URL is an id ('...-pact-c-19670703'), not when the page was published
# a date given as a query value: '?newsID=2018-04-28-0011', '&date=2021-03-04'
URL_QUERY_DATE = re.compile(r"=(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[-_.&]|$)")
URL_NAMED_DATE = re.compile(r"/(?P<d>\d{1,2})-" + MONTH.replace("\\.?", "") + r"-(?P<y>(?:19|20)\d\d)/", re.I)
DATE_LINE_WORDS = re.compile(
    r"^\W*(?:date|published|posted|updated|last updated|first published|publication date|"
    r"dated|on)\b\W*", re.I)
# a paper's note of the edition an article ran in ('A version of this article appears in print on May 12, 2020')
PRINT_NOTE = re.compile(r"\b(?:appear(?:s|ed)\s+in\s+(?:the\s+)?(?:print|e-?paper|newspaper)|print\s+edition)\b", re.I)
SOURCE_URL = re.compile(r"https?://[^\s<>\"')]+")
# a date an agency prints at the head of a paragraph, alone before a separator ('09 May 2023; AA: ...')
LEAD_DATE = re.compile(r"^[ \t]*(?P<date>[^\n;|–—:]{6,30}?)[ \t]*[;|–—][ \t]*\S", re.M)
LEAD_PARAGRAPHS = 3  # the paragraphs date_from_lead reads
# a wire dateline with a day and no year, anywhere near the top: 'BEIJING, June 20 (Xinhua) --'
WIRE_DATELINE = re.compile(r"^[A-Z][A-Za-z .'’/-]{1,40},\s+([A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})"
                           r"\s*\([^()]{2,40}\)\s*(?:--|[-—–:])", re.M)
DATELINE_REACH = 1500  # characters from the top a wire dateline is looked for in
MONTH_DAY = re.compile(r"^(?:" + MONTH + r"\s+(?P<d>\d{1,2})|(?P<d2>\d{1,2})\s+"
                       + MONTH.replace("mon>", "mon2>") + r")$", re.I)  # 'March 1', 'Jan. 26', '2 January'
YEAR_SLACK_DAYS = 7  # how near the dateline's day a full date on the page must be to give its year


def parse_date(text: str) -> date | None:
    """The first calendar date written in text, in any of the usual news forms."""
    found = [(m.start(), m) for form in DATE_FORMS for m in [form.search(text)] if m]
    for _, match in sorted(found, key=lambda pair: pair[0]):
        day = date_from_match(match)
        if day is not None:
            return day
    return None


def date_from_match(match: re.Match[str]) -> date | None:
    """A date from a match with y, d and m or mon groups; day first when ambiguous."""
    parts = match.groupdict()
    year, day = int(parts["y"]), int(parts["d"])
    month = MONTHS[parts["mon"].lower()] if parts.get("mon") else int(parts["m"])
    if not parts.get("mon") and month > 12 and day <= 12:
        month, day = day, month  # 'MM/DD/YYYY' written US-style, proven by a day over 12
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_from_url(url: str | None) -> date | None:
    """A date in a URL path such as /2023/05/04/, /20230504/, /14-Nov-2021/ or a slug's ...-2025-03-13-47866,
    or in its query ('?newsID=2018-04-28-0011')."""
    if not url:
        return None
    parts = url_parts(url)
    for form, where in ((URL_DATE, parts.path), (URL_COMPACT_DATE, parts.path), (URL_SLUG_DATE, parts.path),
                        (URL_NAMED_DATE, parts.path), (URL_QUERY_DATE, parts.query)):
        match = form.search(where)
        if match and (day := date_from_match(match)) and day.year >= FIRST_WEB_YEAR:
            return day
    return None


def date_from_field(value: str | None) -> date | None:
    """A date from an input field such as JSON Lines 'published' (ISO or any news form)."""
    return parse_date(value) if value else None


def is_date_line(line: str) -> bool:
    """True for a dateline or byline line: a date with little else around it."""
    stripped = line.strip()
    if len(stripped) > 120 or parse_date(stripped) is None:
        return False
    words = re.findall(r"[A-Za-z]{3,}", stripped)
    return bool(DATE_LINE_WORDS.match(stripped) or PRINT_NOTE.search(stripped)) or len(words) <= 6


def source_url(lines: list[str]) -> str | None:
    """The URL given on a 'Source: http...' line, if any."""
    for line in lines:
        if re.match(r"^\W*(?:source|originally published at|read the original)\b", line.strip(), re.I):
            match = SOURCE_URL.search(line)
            if match:
                return match.group(0)
    return None


def outlet_from_url(url: str | None) -> str | None:
    """The outlet's domain, without 'www.'."""
    if not url:
        return None
    host = url_parts(url).hostname or ""
    return host.removeprefix("www.") or None


def url_parts(url: str) -> SplitResult:
    """The parts of a URL; an unparsable one (an unclosed '[' in the host) has none."""
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


def language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid, from its first 2,000 characters), None for too
    little text."""
    sample = text[:2000]
    if len(re.findall(r"\w+", sample)) < 3:
        return None
    import py3langid

    code, _ = py3langid.classify(sample)
    return str(code)


def date_from_lines(lines: tuple[str, ...] | list[str]) -> date | None:
    """The earliest date on the datelines and byline lines the cleaner set aside: a site's date bar shows the
    day the page was fetched ('Thursday, 11 Dec 2025' above 'Last updated: April 1, 2025'), and an update
    comes after the publication."""
    return min((day for line in lines if (day := parse_date(line)) is not None), default=None)


def date_from_lead(text: str) -> date | None:
    """The date an agency prints at the head of its first paragraphs, with nothing else before the
    separator ('09 May 2023; AA: In a tit-for-tat move, ...')."""
    head = "\n".join([p for p in text.split("\n") if p.strip()][:LEAD_PARAGRAPHS])
    for match in LEAD_DATE.finditer(head):
        for form in DATE_FORMS:
            if found := form.fullmatch(match["date"].strip()):
                return date_from_match(found)
    return None


def date_from_wire_dateline(text: str, page: str) -> date | None:
    """The day a year-less wire dateline gives ('ISLAMABAD, March 1 (Xinhua) --', 'Jan. 26 (UPI) --'), in the
    year of the full date the page prints nearest to it, within a week (a photo caption's 'March 1, 2019',
    'Jan. 23, 2025'); None without both."""
    found = WIRE_DATELINE.search(text[:DATELINE_REACH])
    parts = MONTH_DAY.match(found.group(1).strip()) if found else None
    if parts is None:
        return None
    month, day = MONTHS[(parts["mon"] or parts["mon2"]).lower()], int(parts["d"] or parts["d2"])
    printed = {d for form in DATE_FORMS for m in form.finditer(page) if (d := date_from_match(m)) is not None}
    near = []
    for year in sorted({d.year for d in printed} | {d.year + 1 for d in printed if d.month == 12}):
        try:
            filed = date(year, month, day)
        except ValueError:
            continue
        near += [(abs((filed - d).days), filed) for d in printed if abs((filed - d).days) <= YEAR_SLACK_DAYS]
    return min(near)[1] if near else None


def date_from_html(html: str) -> date | None:
    """The publication date an HTML page declares (htmldate, no guessing from the page text)."""
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    return date.fromisoformat(found) if found else None
