"""Plain-dict forms of the records: the export schemas and the store's JSON columns."""
from __future__ import annotations

from datetime import date
from typing import Any

from entente.types import Actor, Agreement, Article, Event, Mention, Place, Source


def iso(day: date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return day.isoformat() if day else None


def to_date(value: str | date | None) -> date | None:
    """A date from YYYY-MM-DD (or a date), or None."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def span_to_list(span: tuple[date, date] | None) -> list[str] | None:
    """A date span as a two-item list of ISO dates."""
    return [span[0].isoformat(), span[1].isoformat()] if span else None


def span_from_list(value: list[str] | None) -> tuple[date, date] | None:
    """A date span from a two-item list, or None."""
    if not value or len(value) != 2 or not value[0] or not value[1]:
        return None
    return (date.fromisoformat(value[0]), date.fromisoformat(value[1]))


def actor_to_dict(actor: Actor) -> dict[str, Any]:
    """An actor as in the event schema."""
    return {"name": actor.name, "country": actor.country, "office": actor.office, "role": actor.role,
            "office_source": actor.office_source}


def actor_from_dict(row: dict[str, Any]) -> Actor:
    """An actor from its schema dict."""
    return Actor(row.get("name"), row.get("country"), row.get("office"), row.get("role"), row.get("office_source"))


def place_to_dict(place: Place | None) -> dict[str, Any] | None:
    """A place as in the event schema."""
    return {"name": place.name, "country": place.country} if place else None


def place_from_dict(row: dict[str, Any] | None) -> Place | None:
    """A place from its schema dict."""
    return Place(row["name"], row.get("country")) if row and row.get("name") else None


def source_to_dict(source: Source) -> dict[str, Any]:
    """A source as in the event schema."""
    return {"doc_id": source.doc_id, "evidence": source.evidence, "start": source.start, "end": source.end}


def source_from_dict(row: dict[str, Any]) -> Source:
    """A source from its schema dict."""
    return Source(row["doc_id"], row.get("evidence") or "", int(row.get("start") or 0), int(row.get("end") or 0))


def agreement_to_dict(agreement: Agreement) -> dict[str, Any]:
    """An agreement as in the event schema."""
    return {"name": agreement.name, "status": agreement.status}


def event_to_dict(event: Event) -> dict[str, Any]:
    """An event as one line of the events export (../schema/event.schema.json)."""
    return {
        "event_id": event.event_id,
        "event_type": event.event_type,
        "mode": event.mode,
        "date": iso(event.date),
        "date_range": span_to_list(event.date_range),
        "date_source": event.date_source,
        "date_precision": event.date_precision,
        "location": place_to_dict(event.location),
        "participants": [actor_to_dict(a) for a in event.participants],
        "agreements": [agreement_to_dict(a) for a in event.agreements],
        "topics": list(event.topics),
        "sources": [source_to_dict(s) for s in event.sources],
        "alternatives": event.alternatives,
    }


def event_from_dict(row: dict[str, Any]) -> Event:
    """An event from its export dict."""
    return Event(
        event_id=row["event_id"], event_type=row["event_type"], mode=row.get("mode"),
        date=to_date(row.get("date")), date_range=span_from_list(row.get("date_range")),
        location=place_from_dict(row.get("location")),
        participants=tuple(actor_from_dict(a) for a in row.get("participants") or []),
        agreements=tuple(Agreement(a["name"], a["status"]) for a in row.get("agreements") or []),
        topics=tuple(row.get("topics") or []),
        sources=tuple(source_from_dict(s) for s in row.get("sources") or []),
        alternatives=row.get("alternatives") or {},
        mention_ids=tuple(row.get("mention_ids") or []),
        date_source=row.get("date_source"), date_precision=row.get("date_precision"),
    )


def mention_to_dict(mention: Mention) -> dict[str, Any]:
    """A mention as a dict (the store's and the Spark job's row form)."""
    return {
        "mention_id": mention.mention_id,
        "event_type": mention.event_type,
        "mode": mention.mode,
        "date": iso(mention.date),
        "date_range": span_to_list(mention.date_range),
        "date_source": mention.date_source,
        "date_precision": mention.date_precision,
        "location": place_to_dict(mention.location),
        "participants": [actor_to_dict(a) for a in mention.participants],
        "agreements": [agreement_to_dict(a) for a in mention.agreements],
        "topics": list(mention.topics),
        "source": source_to_dict(mention.source) if mention.source else None,
        "publication_date": iso(mention.publication_date),
    }


def mention_from_dict(row: dict[str, Any]) -> Mention:
    """A mention from its dict form."""
    return Mention(
        mention_id=row["mention_id"], event_type=row["event_type"], mode=row.get("mode"),
        date=to_date(row.get("date")), date_range=span_from_list(row.get("date_range")),
        location=place_from_dict(row.get("location")),
        participants=tuple(actor_from_dict(a) for a in row.get("participants") or []),
        agreements=tuple(Agreement(a["name"], a["status"]) for a in row.get("agreements") or []),
        topics=tuple(row.get("topics") or []),
        source=source_from_dict(row["source"]) if row.get("source") else None,
        publication_date=to_date(row.get("publication_date")),
        date_source=row.get("date_source"), date_precision=row.get("date_precision"),
    )


def document_to_dict(article: Article) -> dict[str, Any]:
    """An article as one line of the documents export (../schema/document.schema.json)."""
    return {
        "doc_id": article.doc_id,
        "publication_date": iso(article.publication_date),
        "title": article.title,
        "outlet": article.outlet,
        "language": article.language,
        "url": article.url,
        "text": article.text,
    }


def when(event: Event) -> str:
    """The day, or the span, of an event: '2024-05-06', '2024-05-01 to 2024-05-31', 'date unknown'."""
    if event.date:
        return event.date.isoformat()
    if event.date_range:
        return f"{event.date_range[0].isoformat()} to {event.date_range[1].isoformat()}"
    return "date unknown"
