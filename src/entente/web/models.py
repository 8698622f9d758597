"""The HTTP API's request and response models (they make its OpenAPI schema)."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from entente.types import DatePrecision, DateSource


class ErrorOut(BaseModel):
    """Every error: a message saying what went wrong."""

    error: str


class PlaceOut(BaseModel):
    """Where an event happened."""

    name: str
    country: str | None
    country_name: str | None


class ActorOut(BaseModel):
    """A participant: a named person (with person_id for /actors/{id}) or a country's collective."""

    name: str | None
    country: str | None
    country_name: str | None
    office: str | None
    office_source: str | None = None
    role: str | None
    person_id: str | None


class AgreementOut(BaseModel):
    """Something signed, agreed, proposed or implemented."""

    name: str
    status: str


class SourceOut(BaseModel):
    """One article reporting an event: its evidence sentence and offsets into the article's text."""

    doc_id: str
    evidence: str
    start: int
    end: int
    title: str | None = None
    outlet: str | None = None
    publication_date: dt.date | None = None
    url: str | None = None


class EventOut(BaseModel):
    """A real-world event merged from every article that reports it."""

    event_id: str
    event_type: str
    mode: str | None
    date: dt.date | None
    date_range: list[dt.date] | None
    date_source: DateSource | None = None
    date_precision: DatePrecision | None = None
    when: str
    location: PlaceOut | None
    participants: list[ActorOut]
    agreements: list[AgreementOut]
    topics: list[str]
    sources: list[SourceOut]
    alternatives: dict[str, list[str]]


class EventPage(BaseModel):
    """One page of events: total matches, the paging asked for, the events."""

    total: int
    limit: int
    offset: int
    events: list[EventOut]


class OfficeOut(BaseModel):
    """One office a person was seen holding, with the first and last dates seen and where it came
    from ('text', or 'knowledge': the office-holder table)."""

    office: str
    first_seen: dt.date
    last_seen: dt.date
    events: list[str]
    source: str | None = None


class PersonSummary(BaseModel):
    """A person across the corpus."""

    id: str
    name: str
    countries: list[str]
    aliases: list[str]
    conflict: str | None
    offices: list[OfficeOut]


class PersonOut(PersonSummary):
    """A person with the events they took part in."""

    events: list[EventOut]


class CountryOut(BaseModel):
    """A country seen among event participants."""

    code: str
    name: str
    events: int


class TimelineOut(BaseModel):
    """The events between two countries in date order."""

    dyad: list[str]
    title: str
    events: list[EventOut]


class LevelOut(BaseModel):
    """The highest-level encounter of a dyad."""

    level: str
    event_id: str
    date: str


class HistoryOut(BaseModel):
    """One step of a commitment's history."""

    date: str
    status: str
    event_id: str


class CommitmentOut(BaseModel):
    """An agreement or commitment followed over time."""

    name: str
    status: str
    history: list[HistoryOut]


class CitationOut(BaseModel):
    """Where in a document an event's evidence is."""

    doc_id: str
    start: int
    end: int


class EventSummaryOut(BaseModel):
    """An extractive, cited summary of one event."""

    event_id: str
    date: str
    summary: str
    citations: list[CitationOut]


class SummaryOut(BaseModel):
    """A dyad in numbers: counts by type and year, highest encounter, commitments, event summaries."""

    dyad: list[str]
    title: str
    events: int
    by_type: dict[str, int]
    by_year: dict[str, dict[str, int]]
    highest_level: LevelOut | None
    commitments: list[CommitmentOut]
    event_summaries: list[EventSummaryOut]


class EvidenceOut(BaseModel):
    """An event a document reports, with the evidence's offsets in the document's text."""

    event_id: str
    evidence: str
    start: int
    end: int


class DocumentOut(BaseModel):
    """A stored article: clean text and metadata, and the events it reports."""

    doc_id: str
    title: str | None
    url: str | None
    outlet: str | None
    language: str | None
    publication_date: dt.date | None
    text: str
    evidence: list[EvidenceOut]


class HitOut(BaseModel):
    """A search hit. snippet is HTML: escaped text with <b> around the matched words."""

    kind: Literal["document", "event"]
    doc_id: str
    event_id: str | None
    title: str
    snippet: str
    score: float


class SearchOut(BaseModel):
    """Search results, best first."""

    query: str
    total: int
    hits: list[HitOut]


# An uploaded article's id: 1 to 200 letters, marks and digits of any script and the ASCII punctuation a
# URL may hold unescaped; no spaces, no control characters (so never blank, never padded).
ID_PATTERN = r"^[\p{L}\p{M}\p{N}!#$%&'()*+,\-./:;=?@\[\]_~]{1,200}$"
ID_RULE = ("1 to 200 characters: letters, marks and digits of any script and ! # $ % & ' ( ) * + , - . / : ; = ? @ "
           "[ ] _ ~ (no spaces or control characters)")


class ArticleIn(BaseModel):
    """One posted article: id, optional url, title and published date, and text or html."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN, description=f"The article's id: {ID_RULE}.")
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(default=None, max_length=100)
    text: str | None = None
    html: str | None = None

    @model_validator(mode="after")
    def one_body(self) -> ArticleIn:
        """Exactly one of text and html, not blank."""
        bodies = [b for b in (self.text, self.html) if b is not None]
        if len(bodies) != 1 or not bodies[0].strip():
            raise ValueError("give exactly one of 'text' or 'html', not empty")
        return self


class IngestOut(BaseModel):
    """What a POST /documents did."""

    new: int
    updated: int
    unchanged: int
    failed: list[str]
    mentions: int
    events: int
