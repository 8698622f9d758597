"""Typed records that flow between the pipeline stages.

All records are frozen dataclasses: stages take them in and hand new ones out,
never mutating what they were given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

RawKind = Literal["text", "html"]
AgreementStatus = Literal["signed", "agreed", "proposed", "implemented"]
DateSource = Literal["stated", "dateline", "relative", "inferred"]
DatePrecision = Literal["day", "span", "month", "year"]


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One article as a reader found it.

    Fields: doc_id (file stem, JSON Lines `id`, or hash of a WARC target URI),
    origin (where it came from, e.g. 'dir/a.txt' or 'feed.jsonl:12'), kind ('text' or
    'html'), body (decoded content), url, title and published (as the input gives them).
    """

    doc_id: str
    origin: str
    kind: RawKind
    body: str
    url: str | None = None
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned, dated article.

    Fields: doc_id, origin, text (the article body, boilerplate removed), title,
    publication_date (None when the input gives none), outlet, language, url,
    content_hash (sha256 of the raw body, for idempotent ingest), raw (the raw body).
    """

    doc_id: str
    origin: str
    text: str
    title: str | None
    publication_date: date | None
    outlet: str | None
    language: str | None
    url: str | None
    content_hash: str
    raw: str


@dataclass(frozen=True, slots=True)
class Place:
    """A named place. Fields: name, country (ISO 3166-1 alpha-3 or None)."""

    name: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A participant. Fields: name (canonical full name; None for a collective actor),
    country (ISO alpha-3), office (held on the event date), role (provider, recipient, ...),
    office_source (where the office came from: 'text', or 'knowledge' for the office-holder table)."""

    name: str | None
    country: str | None
    office: str | None = None
    role: str | None = None
    office_source: str | None = None


@dataclass(frozen=True, slots=True)
class Agreement:
    """Something signed, agreed or proposed. Fields: name, status."""

    name: str
    status: AgreementStatus


@dataclass(frozen=True, slots=True)
class Source:
    """Where an event was read. Fields: doc_id, evidence (sentences), start/end (char offsets
    into the article's clean text)."""

    doc_id: str
    evidence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """What one article says about one event.

    Fields: mention_id (doc_id + ordinal), event_type (PLOVER), mode, date, date_range,
    location, participants, agreements, topics, source (evidence with offsets),
    publication_date of the article (for merging and ordering), date_source (how the date was
    found: stated, dateline, relative, inferred; None without a date), date_precision (day,
    span, month, year; None without a date).
    """

    mention_id: str
    event_type: str
    mode: str | None
    date: date | None
    date_range: tuple[date, date] | None
    location: Place | None
    participants: tuple[Actor, ...]
    agreements: tuple[Agreement, ...] = ()
    topics: tuple[str, ...] = ()
    source: Source | None = None
    publication_date: date | None = None
    date_source: DateSource | None = None
    date_precision: DatePrecision | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A real-world happening merged from the mentions of one or more articles.

    Fields: event_id (stable: derived from its first mention), event_type, mode, date,
    date_range, location, participants, agreements, topics, sources (one per mention),
    alternatives (attribute values some sources gave that lost the vote), mention_ids,
    date_source and date_precision (as for a Mention: those of the settled date).
    """

    event_id: str
    event_type: str
    mode: str | None
    date: date | None
    date_range: tuple[date, date] | None
    location: Place | None
    participants: tuple[Actor, ...]
    agreements: tuple[Agreement, ...]
    topics: tuple[str, ...]
    sources: tuple[Source, ...]
    alternatives: dict[str, list[str]] = field(default_factory=dict, compare=False, hash=False)
    mention_ids: tuple[str, ...] = ()
    date_source: DateSource | None = None
    date_precision: DatePrecision | None = None
