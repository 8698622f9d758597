"""Exports: documents and events as JSON Lines, CSV or Parquet."""
from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from entente.errors import UsageError
from entente.io.store import Store
from entente.records import event_to_dict
from entente.types import Actor, Event

FORMATS = ("jsonl", "csv", "parquet")


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, out: Path | None) -> bytes | None:
    """Write rows to out in the format; with no out, return the bytes (text formats only)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose {', '.join(FORMATS)})")
    rows = list(rows)
    if fmt == "parquet":
        if out is None:
            raise UsageError("Parquet is binary: give an output file with -o")
        write_parquet(rows, out)
        return None
    data = (to_jsonl(rows) if fmt == "jsonl" else to_csv(rows)).encode("utf-8")
    if out is None:
        return data
    out.write_bytes(data)
    return None


def to_jsonl(rows: list[dict[str, Any]]) -> str:
    """One JSON object a line."""
    return "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows)


def flat(value: Any) -> Any:
    """A CSV cell: nested values as JSON, None as empty."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else value


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV with a header; nested fields JSON-encoded."""
    buffer = io.StringIO()
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: flat(row.get(k)) for k in columns})
    return buffer.getvalue()


def write_parquet(rows: list[dict[str, Any]], out: Path) -> None:
    """Parquet with nested fields as JSON strings (portable to every reader)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(dict.fromkeys(key for row in rows for key in row))
    table = pa.table({c: [parquet_cell(row.get(c)) for row in rows] for c in columns})
    pq.write_table(table, out)


def parquet_cell(value: Any) -> Any:
    """Nested values as JSON text, dates as ISO text."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value.isoformat() if hasattr(value, "isoformat") else value


DOCUMENT_FIELDS = ("doc_id", "publication_date", "title", "outlet", "language", "url", "text")


def document_rows(store: Store) -> list[dict[str, Any]]:
    """Stored documents as rows of the documents schema."""
    return [{k: parquet_cell(row[k]) if k == "publication_date" else row[k] for k in DOCUMENT_FIELDS}
            for row in store.documents()]


def event_rows(store: Store) -> list[dict[str, Any]]:
    """Stored events as rows of the events schema."""
    return [event_to_dict(e) for e in store.events()]


@cache
def cameo_codes() -> dict[str, dict[str, Any]]:
    """The PLOVER-to-CAMEO mapping of data/cameo.toml."""
    return tomllib.loads(resources.files("entente.data").joinpath("cameo.toml").read_text("utf-8"))["codes"]


def cameo_for(event: Event) -> dict[str, Any]:
    """The CAMEO code of an event: by type and mode, else by type."""
    codes = cameo_codes()
    return codes.get(f"{event.event_type}/{event.mode}") or codes.get(event.event_type) or \
        {"code": "", "quad": None, "goldstein": None, "label": ""}


def sides(event: Event) -> tuple[Actor | None, Actor | None]:
    """Source and target actors: by role where the type has them, else in order."""
    by_role = {a.role: a for a in event.participants if a.role}
    if "provider" in by_role and "recipient" in by_role:
        return by_role["provider"], by_role["recipient"]
    first = event.participants[0] if event.participants else None
    second = next((a for a in event.participants[1:] if a.country != (first.country if first else None)),
                  event.participants[1] if len(event.participants) > 1 else None)
    return first, second


def plover_rows(events: list[Event]) -> list[dict[str, Any]]:
    """Events in a POLECAT/PLOVER-style layout: actor, recipient, type, mode, context, sources."""
    rows = []
    for event in events:
        actor, recipient = sides(event)
        rows.append({
            "event_id": event.event_id, "event_date": event.date.isoformat() if event.date else None,
            "event_date_range": [d.isoformat() for d in event.date_range] if event.date_range else None,
            "event_type": event.event_type, "event_mode": event.mode,
            "event_text": event.sources[0].evidence if event.sources else "",
            "actor": actor_dict(actor), "recipient": actor_dict(recipient),
            "other_participants": [actor_dict(a) for a in event.participants if a not in (actor, recipient)],
            "location": {"name": event.location.name, "country": event.location.country} if event.location else None,
            "agreements": [{"name": a.name, "status": a.status} for a in event.agreements],
            "topics": list(event.topics), "source_ids": sorted({s.doc_id for s in event.sources}),
        })
    return rows


def actor_dict(actor: Actor | None) -> dict[str, Any] | None:
    """An actor in the PLOVER layout."""
    if actor is None:
        return None
    return {"actor_name": actor.name, "actor_country": actor.country, "actor_office": actor.office,
            "actor_role": actor.role}


def cameo_actor_code(actor: Actor | None) -> str:
    """A CAMEO actor code: the country and GOV for an office holder or a government."""
    if actor is None or not actor.country:
        return ""
    return actor.country + "GOV"


def gdelt_rows(events: list[Event]) -> list[dict[str, Any]]:
    """Events as a GDELT 2.0-style event table (one row per event, CAMEO codes)."""
    rows = []
    for number, event in enumerate(events, 1):
        day = event.date or (event.date_range[0] if event.date_range else None)
        cameo = cameo_for(event)
        actor, target = sides(event)
        docs = sorted({s.doc_id for s in event.sources})
        rows.append({
            "GLOBALEVENTID": number, "EntenteEventID": event.event_id,
            "SQLDATE": day.strftime("%Y%m%d") if day else "", "MonthYear": day.strftime("%Y%m") if day else "",
            "Year": day.year if day else "", "DateIsSpan": event.date is None,
            "Actor1Code": cameo_actor_code(actor), "Actor1Name": (actor.name or actor.country) if actor else "",
            "Actor1CountryCode": actor.country if actor else "",
            "Actor2Code": cameo_actor_code(target), "Actor2Name": (target.name or target.country) if target else "",
            "Actor2CountryCode": target.country if target else "",
            "IsRootEvent": 1, "EventCode": cameo["code"], "EventBaseCode": cameo["code"][:3],
            "EventRootCode": cameo["code"][:2], "QuadClass": cameo["quad"], "GoldsteinScale": cameo["goldstein"],
            "NumMentions": len(event.sources), "NumSources": len(docs), "NumArticles": len(docs),
            "ActionGeo_FullName": event.location.name if event.location else "",
            "ActionGeo_CountryCode": event.location.country if event.location and event.location.country else "",
            "SOURCEURL": docs[0] if docs else "",
        })
    return rows


def field_format(events: list[Event], fmt: str) -> bytes:
    """Events for the field's tools: 'plover' (JSON array) or 'gdelt' (tab-separated table)."""
    if fmt == "plover":
        return json.dumps(plover_rows(events), indent=1, ensure_ascii=False).encode("utf-8")
    rows = gdelt_rows(events)
    buffer = io.StringIO()
    columns = list(rows[0]) if rows else ["GLOBALEVENTID"]
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
