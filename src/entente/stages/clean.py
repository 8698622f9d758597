"""Cleaning: raw article text or HTML in, the article body (and its title) out.

Plain text is cleaned line by line: site furniture before the first line of prose, datelines,
bylines, share bars, captions and the sections of other stories at the end (found by their
heading, or, with no heading, by their topic drifting away from the headline and lede).
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from importlib import resources

from entente.stages.metadata import is_date_line, parse_date

TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
WORD = re.compile(r"[^\W\d_][\w'’.-]*")
GLUED_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+|$)", re.I)
SOURCE_LINE = re.compile(r"^\W*source\s*:\s*\S+", re.I)
SOURCE_NAME = re.compile(r"^\W*source\s*:\s*(?!https?:|www\.)([^:/]{2,60}?)\W*$", re.I)
# 'NEW DELHI (Wire) -', 'Kuala Lumpur (VNA) –', or with a date and no dash: 'Colombo, Jun 21 (PTI) The ...'
LEDE_DATELINE = re.compile(r"^((?:[A-Z][\w.'’-]*\s?){1,3},\s[^!?]{2,40}?)\s+(?:--|—|–|-)\s")
# 'Beijing, 6 November 2023 (TDI):', 'May 15, 2018 (AGENCY/SITE) —': a dated dateline ending in a credit
LEDE_CREDITED = re.compile(r"^([^()]{6,50}?)\s*\([A-Za-z][\w .&'’/-]{1,40}\)\s*(?:--|[:—–-])?\s")
# 'Abuja, Nigeria – March 27, 2025 – ', 'CAIRO – 10 September 2023: ': place closed by a dash, then the date,
# closed by a dash or a colon
LEDE_PLACE_DATE = re.compile(r"^(?:[A-Z][\w.'’-]*\s?){1,3}(?:,\s[A-Z][\w.'’ -]{1,30}?)?\s+(?:--|—|–|-)\s+"
                             r"([^!?–—]{6,30}?)(?:\s+(?:--|—|–|-)|:)\s")
CREDIT = r"\(([A-Z][\w .&'’-]{1,40})\)"
DATELINE_CREDIT = re.compile(r"^(?:[A-Z][\w .,'’-]{1,40}?\s*" + CREDIT + r"\s*[-–—]"
                             r"|[A-Z][\w .'’-]{1,30}, [A-Z][a-z]{2,8}\.? \d{1,2} " + CREDIT + r" (?=[A-Z]))")
DOMAIN = re.compile(r"\b[\w-]+\.(?:com|net|org|vn|co|uk|in|sg|au|info|news|gov|int|de|fr|jp|kr|cn|my|id|ph|th)\b", re.I)
DATE_WORD = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|january|february|"
    r"march|april|may|june|july|august|september|october|november|december|\d{1,2}(st|nd|rd|th)?)\b", re.I)
STOPWORD_TEXT = (
    "a an the and or but of in on at to for from by with as is are was were be been has have had "
    "this that these those it its their his her they he she we our you your not no will would "
    "can could also said says after before over about into than more most new two both")
STOPWORDS = frozenset(STOPWORD_TEXT.split())
PART_SEPARATOR = re.compile(r"\s[/|•·]\s")
BULLET = re.compile(r"^\s*(?:[-–•*▪]|\d{1,2}[.)])\s+")
MIN_PROSE_WORDS = 10
LEDE_LINES = 3  # body lines a dated dateline is looked for in
WRAPPED_MIN_WORDS = 3  # a shorter line without a full stop is a label or menu, not half a sentence
LONG_LINE_WORDS = 20  # a line this long is running text even with its full stop lost
LOST_STOP_WORDS = 12  # ... and so is one this long in lower case (headlines are shorter)
DRIFT_OVERLAP = 0.2
CONTINUED_PROSE_WORDS = 15  # a teaser's summary line is shorter; the article's paragraphs are longer
NAME = re.compile(r"\b[A-Z][\w'’-]+")
MIN_NEW_NAMES = 2
NEW_NAME_SHARE = 0.5
MAX_TEASER_LINES = 2
MIN_TEASERS = 2  # a teaser is a headline and a summary of a line or two
CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
CONTROLS = dict.fromkeys([*range(0, 9), 11, *range(14, 32), 127])
# markup left in text scraped as text: block elements end a line, inline ones go
BLOCK_TAG = re.compile(r"</?(?:h[1-6]|p|div|li|ul|ol|br|tr|td|blockquote|section|article|header|footer)\b"
                       r"[^<>]{0,1000}>", re.I)
INLINE_TAG = re.compile(r"</?(?:strong|b|i|em|u|span|a|small|sup|sub|font|mark)\b[^<>]{0,1000}>", re.I)


@dataclass(frozen=True)
class Cleaned:
    """The result of cleaning. Fields: text (body paragraphs joined by blank lines), title,
    meta_lines (datelines and source lines found and removed, for the metadata stage), url and
    site_name (declared by an HTML page)."""

    text: str
    title: str | None
    meta_lines: tuple[str, ...]
    url: str | None = None
    site_name: str | None = None


@dataclass(frozen=True)
class Patterns:
    """Compiled boilerplate patterns from data/boilerplate.toml."""

    end_markers: tuple[re.Pattern[str], ...]
    junk_lines: tuple[re.Pattern[str], ...]
    caption_marks: tuple[re.Pattern[str], ...]


@cache
def patterns() -> Patterns:
    """The boilerplate patterns, loaded once."""
    raw = tomllib.loads(resources.files("entente.data").joinpath("boilerplate.toml").read_text("utf-8"))
    return Patterns(*(tuple(re.compile(p, re.I) for p in raw[key])
                      for key in ("end_markers", "junk_lines", "caption_marks")))


def words(line: str) -> list[str]:
    """The words of a line."""
    return WORD.findall(line)


def is_prose(line: str) -> bool:
    """A line of running text: enough words and a sentence ending."""
    return len(words(line)) >= MIN_PROSE_WORDS and bool(TERMINAL.search(line))


def is_marker(line: str) -> bool:
    """A heading that opens a section of other stories, comments or site links ('Baca juga / Read also')."""
    if len(words(line)) > 8:
        return False
    parts = [line, *PART_SEPARATOR.split(line)]
    return any(p.search(part.strip()) for part in parts for p in patterns().end_markers)


def is_junk(line: str) -> bool:
    """Site furniture: bylines, share bars, cookie banners, copyright lines, ads."""
    return any(p.search(line) for p in patterns().junk_lines)


def is_caption(line: str) -> bool:
    """A photo or video caption (a credit in brackets or after 'Photo:')."""
    return any(p.search(line) for p in patterns().caption_marks)


def is_title_like(line: str) -> bool:
    """A headline: a short line that is neither a menu nor a site banner."""
    count = len(words(line))
    if not 3 <= count <= 25 or re.search(r"[|•›»]| [/>] |:$", line) or DOMAIN.search(line):
        return False
    return not TERMINAL.search(line) or count <= 14


def split_lines(raw: str) -> tuple[list[str], list[str]]:
    """Non-empty stripped lines, with a date glued to the start of a line split off as metadata."""
    lines: list[str] = []
    meta: list[str] = []
    for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(line.split())
        glued = GLUED_DATE.match(line)
        if glued:
            meta.append(glued.group(0).strip())
            line = line[glued.end():]
        if line:
            lines.append(line)
    return lines, meta


def unwrapped(lines: list[str]) -> list[str]:
    """Lines with a sentence a scraper hard-wrapped joined again: a line with no sentence ending whose
    next line goes on in lower case and is running text ('... summoned the envoy over a road being
    built' / 'through the pass and handed over a protest note, a spokesman said.')."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        goes_on = line[:1].islower() and not line.startswith(("http", "www."))
        if (goes_on and len(words(previous)) >= WRAPPED_MIN_WORDS and not TERMINAL.search(previous)
                and not previous.endswith(":") and (TERMINAL.search(line) or len(words(line)) >= MIN_PROSE_WORDS)):
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
    return joined


def without_controls(raw: str) -> str:
    """Text without stray control characters (NUL and the like; tab, line and page breaks kept)."""
    return raw.translate(CONTROLS) if CONTROL_CHAR.search(raw) else raw


def without_markup(raw: str) -> str:
    """Text without the HTML tags a scraper left in it ('<h4><strong>The Minister ...'): a block
    element breaks the line, an inline one is dropped; other angle brackets stay."""
    if "<" not in raw:
        return raw
    return INLINE_TAG.sub("", BLOCK_TAG.sub("\n", raw))


def clean_text(raw: str) -> Cleaned:
    """The body and title of an article given as plain text as scraped."""
    lines, meta = split_lines(without_markup(without_controls(raw)))
    lines = unwrapped(lines)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    start = next((i for i, line in enumerate(lines) if is_prose(line) and not is_removable(line, counts)), None)
    if start is None:
        return Cleaned("\n\n".join(lines), None, tuple(meta + [line for line in lines if is_date_line(line)]))
    title = find_title(lines[:start], counts)
    if title is None and is_headline_sentence(lines, start):
        title, start = lines[start], start + 1
    meta += [line for line in lines[:start] if is_date_line(line) or SOURCE_LINE.match(line)]
    body: list[str] = []
    rest = lines[start:]
    for i, line in enumerate(rest):
        if is_marker(line) and body:
            if continues(rest[i + 1:i + 2], title, body):
                continue  # a widget's heading whose links the scrape lost, inside the article
            break
        if is_date_line(line) or SOURCE_LINE.match(line):
            meta.append(line)
        elif not is_removable(line, counts) and not is_signature(line):
            body.append(line)
    body = trim_tail(body, title)
    meta += lede_dateline(body)
    return Cleaned("\n\n".join(body), title, tuple(meta), site_name=outlet_named(meta, body))


def lede_dateline(body: list[str]) -> list[str]:
    """The dateline that opens the lede when it carries a full date ('Riyadh, May 13, 2024, SPA --',
    'Beijing, 6 November 2023 (TDI):', 'Abuja, Nigeria – March 27, 2025 –')."""
    for line in body[:LEDE_LINES]:  # a standfirst may come before the lede
        for pattern in (LEDE_DATELINE, LEDE_CREDITED, LEDE_PLACE_DATE):
            found = pattern.match(line)
            if found and parse_date(found.group(1)):
                return [found.group(1)]
    return []


def outlet_named(meta: list[str], body: list[str]) -> str | None:
    """The outlet a text names: 'Source: Name' (not a URL), or the credit of a dateline 'CITY (Name) -'."""
    for line in meta:
        named = SOURCE_NAME.match(line)
        if named:
            return named.group(1).strip()
    credit = next((DATELINE_CREDIT.match(line) for line in body[:3] if DATELINE_CREDIT.match(line)), None)
    return (credit.group(1) or credit.group(2)).strip() if credit else None


def is_removable(line: str, counts: dict[str, int]) -> bool:
    """Junk, a caption, or a line printed twice (captions often are)."""
    return is_junk(line) or is_caption(line) or (counts.get(line, 0) > 1 and not is_prose(line))


def is_signature(line: str) -> bool:
    """An agency signature or stray label: a few words and no sentence ending, e.g. 'VNA'."""
    return len(words(line)) <= 3 and not TERMINAL.search(line)


def find_title(head: list[str], counts: dict[str, int]) -> str | None:
    """The headline: the last title-like line before the body that is no site banner, dateline or standfirst."""
    found = [i for i, line in enumerate(head)
             if is_title_like(line) and not is_removable(line, counts) and not is_date_line(line)]
    headlines = [i for i in found if not is_banner(head[i])] or found
    if not headlines:
        return None
    last = headlines[-1]
    if last - 1 in headlines and not TERMINAL.search(head[last - 1]) and len(words(head[last - 1])) >= 5:
        last -= 1  # a headline straight above another title-like line: that one is its standfirst
    return head[last].strip()


def is_banner(line: str) -> bool:
    """A site name or dateline rather than a headline: all capitals, or 'Name - Name'."""
    return line.isupper() or bool(re.search(r"\s[-–—]\s", line))


def is_sentence_like(line: str) -> bool:
    """A line that can end an article: a sentence that is not a capitalised label, or running text
    that lost its full stop (long, or a dozen mostly lower-case words)."""
    tokens = words(line)
    if len(tokens) >= LONG_LINE_WORDS:
        return True
    capitalised = sum(w[0].isupper() for w in tokens) / len(tokens) if tokens else 0.0
    if not TERMINAL.search(line):
        return len(tokens) >= LOST_STOP_WORDS and capitalised < 0.3 and not DOMAIN.search(line)
    return len(tokens) < 3 or capitalised < 0.7


def continues(following: list[str], title: str | None, body: list[str]) -> bool:
    """True when the line after a section heading is the article going on: long running text on the
    headline's and lede's topic, not a teaser headline or summary of another story."""
    if not following or not is_prose(following[0]) or len(words(following[0])) < CONTINUED_PROSE_WORDS:
        return False
    core = content_words(" ".join([title or "", *[line for line in body if is_prose(line)][:3]]))
    found = content_words(following[0])
    return bool(found) and len(found & core) / len(found) >= DRIFT_OVERLAP


def is_listed(body: list[str], end: int) -> bool:
    """True when body[end] is an item of a list a body sentence introduced with a colon."""
    i = end
    while i >= 0 and BULLET.match(body[i]):
        i -= 1
    return i < end and i >= 0 and body[i].rstrip().endswith(":")


def trim_tail(body: list[str], title: str | None) -> list[str]:
    """Drop what follows the article: trailing lines that are no sentences, and drifting teasers."""
    while True:
        size = len(body)
        while body and not is_sentence_like(body[-1]) and not is_listed(body, len(body) - 1):
            body = body[:-1]
        body = drop_drifting_tail(body, title)
        if len(body) == size:
            return body


def is_headline_sentence(lines: list[str], start: int) -> bool:
    """A short first sentence with no date, followed by prose, is a headline with a full stop."""
    line = lines[start]
    return (is_title_like(line) and not DATE_WORD.search(line)
            and start + 1 < len(lines) and is_prose(lines[start + 1]))


def content_words(text: str) -> set[str]:
    """Lower-cased content words (no stopwords, no short words)."""
    return {w.lower().strip(".'’") for w in words(text) if len(w) > 3 and w.lower() not in STOPWORDS}


def drop_drifting_tail(body: list[str], title: str | None) -> list[str]:
    """Drop trailing teaser blocks (a headline line and its summary) whose topic drifted away: two
    or more in a row (one such block alone is more likely the article's last subsection)."""
    core_lines = [title or "", *[line for line in body if is_prose(line)][:3]]
    core = content_words(" ".join(core_lines))
    starts = [len(body)]
    while starts[-1] > 0:
        block_start = teaser_block_start(body, starts[-1])
        if block_start is None or block_start <= 2:
            break
        if not drifts(body[block_start:starts[-1]], core, [title or "", *body[:block_start]]):
            break
        starts.append(block_start)
    return body[:starts[-1]] if len(starts) > MIN_TEASERS else body


def drifts(block: list[str], core: set[str], before: list[str]) -> bool:
    """True when a teaser block is about something else: few words of the headline and lede, or
    mostly names (places, people) the article never used."""
    found = content_words(" ".join(block))
    if found and len(found & core) / len(found) < DRIFT_OVERLAP:
        return True
    names = [name for line in block[1:] for name in inner_names(line)]
    known = {name for line in before for name in NAME.findall(line)}
    return len(names) >= MIN_NEW_NAMES and sum(n not in known for n in names) / len(names) >= NEW_NAME_SHARE


def inner_names(line: str) -> list[str]:
    """Capitalised words inside a line (not its first word, no weekdays or months)."""
    return [m.group() for m in NAME.finditer(line) if m.start() > 0 and not DATE_WORD.fullmatch(m.group())]


def teaser_block_start(body: list[str], end: int) -> int | None:
    """Start of the block ending at `end` if it is a headline line followed by prose."""
    i = end - 1
    while i >= 0 and is_prose(body[i]) and end - i <= MAX_TEASER_LINES:
        i -= 1
    if i < 0 or i == end - 1 or not is_title_like(body[i]) or TERMINAL.search(body[i]):
        return None
    return i


# lxml (libxml2) stops building the tree at about 255 levels of nesting and trafilatura then finds no
# text at all; deeper markup is flattened to this depth first (the text of the elements below kept).
MAX_DEPTH = 128
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                       "track", "wbr"})


class Flattener(HTMLParser):
    """Rewrites HTML with no element nested deeper than MAX_DEPTH: deeper tags are dropped (a block's
    edge becomes a line break) and their text kept; everything else is written back as it came."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, written) of each open element
        self.counts: Counter[str] = Counter()  # open elements by tag
        self.deepest = 0
        self.pending_break = False  # a dropped tag's edge since the last text: a line break before the next

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """An opening tag: written while shallow enough."""
        if tag in VOID_TAGS:
            self.out.append(self.get_starttag_text() or "")
            return
        written = len(self.open) < MAX_DEPTH
        self.open.append((tag, written))
        self.counts[tag] += 1
        self.deepest = max(self.deepest, len(self.open))
        self.write_tag(self.get_starttag_text() or "", written)

    def handle_endtag(self, tag: str) -> None:
        """A closing tag: closes its element (and the unclosed ones inside it)."""
        if not self.counts[tag]:
            return
        while self.open:
            name, written = self.open.pop()
            self.counts[name] -= 1
            self.write_tag(f"</{name}>", written)
            if name == tag:
                break

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A self-closing tag, written as it came."""
        self.out.append(self.get_starttag_text() or "")

    def write_tag(self, tag: str, written: bool) -> None:
        """A tag of an element shallow enough; for one too deep, a line break before the next text."""
        if written:
            self.out.append(tag)
        else:
            self.pending_break = True

    def handle_data(self, data: str) -> None:
        """Text, written as it came (after a line break where a dropped tag was)."""
        if self.pending_break and data.strip():
            self.out.append("<br>")
            self.pending_break = False
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        """'&amp;' and the like, as they came."""
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        """'&#233;' and the like, as they came."""
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        """Comments are dropped."""

    def handle_decl(self, decl: str) -> None:
        """'<!DOCTYPE html>', as it came."""
        self.out.append(f"<!{decl}>")


def flatten(html: str) -> tuple[str, int]:
    """The page with its nesting cut to MAX_DEPTH, and how deep it was."""
    flattener = Flattener()
    flattener.feed(html)
    flattener.close()
    return "".join(flattener.out), flattener.deepest


def clean_html(html: str) -> Cleaned:
    """The body and title of an HTML page, through trafilatura (markup nested too deep for it flattened)."""
    html = without_controls(html)
    cleaned = extract_html(html)
    if cleaned.text:
        return cleaned
    flat, depth = flatten(html)
    return extract_html(flat) if depth > MAX_DEPTH else cleaned


def extract_html(html: str) -> Cleaned:
    """The body and title of an HTML page, through trafilatura."""
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                                with_metadata=True, favor_precision=True)
    except (AssertionError, ValueError, TypeError):  # lxml on broken markup, e.g. '</html><iframe>'
        extracted = None
    if extracted is None:
        return Cleaned("", None, ())
    text = extracted.text or ""
    lines, meta = split_lines(text)
    counts = {line: lines.count(line) for line in set(lines)}
    title = extracted.title or None
    if title and lines and " ".join(lines[0].split()) == " ".join(title.split()):
        lines = lines[1:]  # the headline repeated as the first paragraph
    body: list[str] = []
    for line in lines:
        if is_marker(line) and body:
            break
        if not is_removable(line, counts):
            body.append(line)
    body = trim_tail(body, title)
    return Cleaned("\n\n".join(body), title, tuple(meta), extracted.url or None, extracted.sitename or None)
