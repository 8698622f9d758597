"""Exports: documents and events as JSON Lines, CSV or Parquet; events also in the layouts of the
field: GDELT 2.0 (the 61 tab-separated columns of its event files), PLOVER (JSON Lines) and POLECAT
(tab-separated). The codes and tables they need are data: data/cameo.toml, data/plover.toml, data/geo.toml."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from entente.errors import UsageError
from entente.io.store import Store
from entente.records import event_to_dict
from entente.stages.gazetteer import country_by_iso3, lookup_country
from entente.types import Actor, Event, Place, Source
from entente.views.cells import neutralise_cell

FORMATS = ("jsonl", "csv", "parquet")
CODER = f"Entente {metadata.version('entente')}"


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
    """A CSV cell: nested values as JSON, None as empty, text a spreadsheet would run as a formula
    neutralised (views/cells.py)."""
    if isinstance(value, dict | list | tuple):
        return neutralise_cell(json.dumps(value, ensure_ascii=False, default=str))
    if isinstance(value, str):
        return neutralise_cell(value)
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


def cameo_codes() -> dict[str, dict[str, Any]]:
    """The PLOVER-to-CAMEO mapping of data/cameo.toml."""
    return data_file("cameo.toml")["codes"]


def cameo_for(event: Event) -> dict[str, Any]:
    """The CAMEO code of an event: by type and mode, else by type."""
    codes = cameo_codes()
    return codes.get(f"{event.event_type}/{event.mode}") or codes.get(event.event_type) or \
        {"code": "", "quad": None, "goldstein": None, "label": ""}


@cache
def data_file(name: str) -> dict[str, Any]:
    """A TOML file of entente.data, loaded once."""
    return tomllib.loads(resources.files("entente.data").joinpath(name).read_text("utf-8"))


def plover_data() -> dict[str, Any]:
    """The PLOVER tables of data/plover.toml: types, modes, contexts, sectors, remote modes."""
    return data_file("plover.toml")


@cache
def sector_patterns() -> list[tuple[re.Pattern[str], str]]:
    """The office patterns of data/plover.toml with the sector each gives."""
    return [(re.compile(row["pattern"], re.I), row["sector"]) for row in plover_data()["sectors"]]


def sector_of(actor: Actor) -> str | None:
    """The sector (GOV, MIL, LEG, ...) of a person by office; None for a collective actor or no office."""
    if not actor.office:
        return None
    return next((sector for pattern, sector in sector_patterns() if pattern.search(actor.office)), None)


# -- the reports of the events: what the store knows of each source document ---------------------
@dataclass(frozen=True)
class Report:
    """A source document as the field formats cite it. Fields: doc_id, url, title, outlet, language,
    published (publication date), added (when it was stored, UTC), lead_end (offset where its first
    paragraph ends)."""

    doc_id: str
    url: str | None
    title: str | None
    outlet: str | None
    language: str | None
    published: date | None
    added: datetime | None
    lead_end: int


REPORTS_SQL = ("SELECT doc_id, url, title, outlet, language, publication_date AS published, ingested_at AS added, "
               "coalesce(nullif(strpos(text, chr(10)), 0) - 1, length(text)) AS lead_end "
               "FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))")


def reports(store: Store, events: list[Event]) -> dict[str, Report]:
    """The stored documents the events cite, by doc_id."""
    ids = sorted({s.doc_id for e in events for s in e.sources})
    return {row["doc_id"]: Report(**row) for row in store.arrow(REPORTS_SQL, [ids]).to_pylist()}


def first_report(event: Event, docs: dict[str, Report]) -> tuple[Source | None, Report | None]:
    """The source of an event that was published first (then stored first, then by id), with its document."""
    def order(source: Source) -> tuple[date, datetime, str]:
        doc = docs.get(source.doc_id)
        published = doc.published if doc and doc.published else date.max
        return (published, doc.added if doc and doc.added else datetime.max, source.doc_id)

    source = min(event.sources, key=order, default=None)
    return source, docs.get(source.doc_id) if source else None


# -- places: names resolved to codes and coordinates ---------------------------------------------
@dataclass(frozen=True)
class Spot:
    """A place as the field formats write it. Fields: name, country (ISO alpha-3), kind ('country',
    'city', or None when the name is not in data/geo.toml), lat, lon, geonameid, feature (GeoNames code)."""

    name: str
    country: str | None
    kind: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None


def country_row(iso3: str | None) -> dict[str, Any]:
    """The row of data/geo.toml for a country (empty when unknown)."""
    return data_file("geo.toml")["countries"].get(iso3 or "", {})


def country_spot(iso3: str | None) -> Spot | None:
    """A country as a place, at its centroid."""
    row, known = country_row(iso3), country_by_iso3(iso3) if iso3 else None
    if not row or known is None:
        return None
    return Spot(known.name, iso3, "country", row.get("lat"), row.get("lon"), row.get("geonameid"), "PCLI")


def resolve(place: Place | None) -> Spot | None:
    """A place's codes and coordinates: a country at its centroid, a city of data/geo.toml at its own."""
    if place is None:
        return None
    if place.country and lookup_country(place.name) == place.country:
        return country_spot(place.country)
    row = data_file("geo.toml")["places"].get(f"{place.country}/{place.name}")
    if row is None:
        return Spot(place.name, place.country)
    return Spot(place.name, place.country, "city", row["lat"], row["lon"], row["geonameid"], row["feature"])


def country_name(iso3: str | None) -> str | None:
    """The common English name of a country code, or None."""
    known = country_by_iso3(iso3) if iso3 else None
    return known.name if known else None


def full_name(spot: Spot) -> str:
    """'Hanoi, Vietnam' for a city, 'Vietnam' for a country."""
    country = country_name(spot.country)
    return spot.name if spot.kind == "country" or not country else f"{spot.name}, {country}"


# -- who acted on whom -----------------------------------------------------------------------------
def plover_sides(event: Event) -> tuple[list[Actor], list[Actor]]:
    """Source and recipient actors: by role; a visit's host (the country of the place) receives it;
    a meeting with no host is all source (PLOVER manual); else the first actor's country is the source."""
    given = [a for a in event.participants if a.role in ("provider", "source")]
    taken = [a for a in event.participants if a.role in ("recipient", "target")]
    if given or taken:
        rest = [a for a in event.participants if a not in given and a not in taken]
        return given + [a for a in rest if a.country not in {t.country for t in taken}], \
            taken + [a for a in rest if a.country in {t.country for t in taken}]
    host = event.location.country if event.location else None
    if event.event_type == "CONSULT":
        visitors = [a for a in event.participants if a.country != host]
        if event.mode == "visit" and host and len(visitors) < len(event.participants):
            return visitors, [a for a in event.participants if a.country == host]
        return list(event.participants), []
    first = event.participants[0].country if event.participants else None
    return [a for a in event.participants if a.country == first], [a for a in event.participants if a.country != first]


def dyad(event: Event) -> tuple[Actor | None, Actor | None]:
    """GDELT's Actor1 and Actor2: the first source and recipient, else the first source and the next of
    another known country."""
    source, recipient = plover_sides(event)
    first = source[0] if source else None
    if recipient or not first:
        return first, recipient[0] if recipient else None
    others = [a for a in source[1:] if a.country and a.country != first.country]
    return first, others[0] if others else (source[1] if len(source) > 1 else None)


# -- GDELT 2.0 ------------------------------------------------------------------------------------
ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                "Type1Code", "Type2Code", "Type3Code")
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
                 *(f"Actor1{f}" for f in ACTOR_FIELDS), *(f"Actor2{f}" for f in ACTOR_FIELDS),
                 "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                 "NumMentions", "NumSources", "NumArticles", "AvgTone",
                 *(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in GEO_FIELDS),
                 "DATEADDED", "SOURCEURL")


def gdelt_id(event_id: str) -> int:
    """A stable GLOBALEVENTID: the first 15 hex digits of the SHA-256 of the event id, as an integer."""
    return int(hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:15], 16)


def gdelt_dates(event: Event) -> dict[str, Any]:
    """SQLDATE and its other forms for the event's day; for a span, only the month or year it lies within."""
    day = event.date
    if day:
        fraction = round(day.year + ((day.month - 1) * 30 + day.day) / 365, 4)
        return {"SQLDATE": day.strftime("%Y%m%d"), "MonthYear": day.strftime("%Y%m"), "Year": day.year,
                "FractionDate": fraction}
    lo, hi = event.date_range or (None, None)
    same_year = bool(lo and hi and lo.year == hi.year)
    return {"MonthYear": lo.strftime("%Y%m") if same_year and lo.month == hi.month else None,  # type: ignore[union-attr]
            "Year": lo.year if same_year else None}  # type: ignore[union-attr]


def cameo_country(iso3: str | None) -> str | None:
    """The CAMEO country code of an ISO alpha-3 code (CAMEO's own where it differs); None if not a country."""
    row = country_row(iso3)
    return row.get("cameo", iso3) if row else None


def gdelt_actor(prefix: str, actor: Actor | None) -> dict[str, Any]:
    """Actor1* or Actor2*: CAMEO code (country and role), name, country, role."""
    if actor is None:
        return {}
    country, sector = cameo_country(actor.country), sector_of(actor)
    name = actor.name or country_name(actor.country)
    return {f"{prefix}Code": f"{country or ''}{sector or ''}" or None, f"{prefix}Name": name.upper() if name else None,
            f"{prefix}CountryCode": country, f"{prefix}Type1Code": sector}


def gdelt_geo(prefix: str, spot: Spot | None) -> dict[str, Any]:
    """Actor1Geo_*, Actor2Geo_* or ActionGeo_*: resolution type, name, FIPS codes, coordinates."""
    if spot is None:
        return {}
    fips = country_row(spot.country).get("fips")
    kind = {"country": 1, "city": 3 if spot.country == "USA" else 4}.get(spot.kind or "")
    return {f"{prefix}Type": kind, f"{prefix}FullName": full_name(spot), f"{prefix}CountryCode": fips,
            f"{prefix}ADM1Code": fips if kind == 1 else None, f"{prefix}Lat": spot.lat, f"{prefix}Long": spot.lon,
            f"{prefix}FeatureID": fips if kind == 1 else None}


def actor_spot(event: Event, actor: Actor | None, action: Spot | None) -> Spot | None:
    """Where an actor was: in its own country for a call, else at the event's place."""
    if actor is None:
        return None
    return country_spot(actor.country) if event.mode in plover_data()["remote_modes"] else action


def date_added(event: Event, docs: dict[str, Report]) -> str | None:
    """DATEADDED: when the event's first source was stored, on GDELT's 15-minute clock (UTC)."""
    added = [docs[s.doc_id].added for s in event.sources if s.doc_id in docs and docs[s.doc_id].added]
    if not added:
        return None
    first = min(added)  # type: ignore[type-var]
    return first.replace(minute=first.minute - first.minute % 15, second=0, microsecond=0).strftime("%Y%m%d%H%M%S")


def gdelt_row(event: Event, docs: dict[str, Report]) -> dict[str, Any]:
    """One event as a GDELT 2.0 event record (columns Entente cannot know left out, hence empty)."""
    actor1, actor2 = dyad(event)
    cameo, action = cameo_for(event), resolve(event.location)
    source, report = first_report(event, docs)
    doc_ids = {s.doc_id for s in event.sources}
    return {
        "GLOBALEVENTID": gdelt_id(event.event_id), **gdelt_dates(event),
        **gdelt_actor("Actor1", actor1), **gdelt_actor("Actor2", actor2),
        "IsRootEvent": int(bool(source and report and source.start < report.lead_end)),
        "EventCode": cameo["code"], "EventBaseCode": cameo["code"][:3], "EventRootCode": cameo["code"][:2],
        "QuadClass": cameo["quad"], "GoldsteinScale": cameo["goldstein"], "NumMentions": len(event.sources),
        "NumSources": len({docs[d].outlet if d in docs and docs[d].outlet else d for d in doc_ids}),
        "NumArticles": len(doc_ids),
        **gdelt_geo("Actor1Geo_", actor_spot(event, actor1, action)),
        **gdelt_geo("Actor2Geo_", actor_spot(event, actor2, action)), **gdelt_geo("ActionGeo_", action),
        "DATEADDED": date_added(event, docs),
        "SOURCEURL": (report.url if report and report.url else source.doc_id) if source else None,
    }


def tsv_cell(value: Any) -> str:
    """A tab-separated cell: None empty, tabs and line breaks as spaces (GDELT's files never quote),
    text a spreadsheet would run as a formula neutralised (views/cells.py)."""
    if value is None:
        return ""
    text = " ".join(str(value).split("\t")).replace("\r", " ").replace("\n", " ")
    return neutralise_cell(text) if isinstance(value, str) else text


def to_gdelt(events: list[Event], docs: dict[str, Report]) -> bytes:
    """The GDELT 2.0 event file: 61 tab-separated columns in the codebook's order, no header."""
    rows = (gdelt_row(e, docs) for e in events)
    return "".join("\t".join(tsv_cell(row.get(c)) for c in GDELT_COLUMNS) + "\n" for row in rows).encode("utf-8")


def gdelt_name(events: list[Event], docs: dict[str, Report]) -> str:
    """GDELT's file name for the batch: the latest DATEADDED, as in YYYYMMDDHHMMSS.export.CSV."""
    stamps = [s for e in events if (s := date_added(e, docs))]
    if stamps:
        return f"{max(stamps)}.export.CSV"
    now = datetime.now(UTC)
    return f"{now.replace(minute=now.minute - now.minute % 15):%Y%m%d%H%M00}.export.CSV"


# -- PLOVER (JSON Lines) ---------------------------------------------------------------------------
def plover_actor(actor: Actor) -> dict[str, Any]:
    """An actor object of the PLOVER manual: code, sector, actor_text, office."""
    return {"code": actor.country, "sector": sector_of(actor), "actor_text": actor.name or country_name(actor.country),
            "office": actor.office}


def plover_modes(event: Event, spot: Spot | None) -> list[str]:
    """The PLOVER mode: Entente's mode translated, or 'third-party' for a meeting in no participant's country."""
    mode = plover_data()["modes"].get(f"{event.event_type}/{event.mode}")
    if mode:
        return [mode]
    countries = {a.country for a in event.participants if a.country}
    third = event.event_type == "CONSULT" and spot and spot.country and countries and spot.country not in countries
    return ["third-party"] if third else []


def contexts(event: Event) -> list[str]:
    """The PLOVER contexts of the event's topics, each once."""
    table = plover_data()["contexts"]
    return list(dict.fromkeys(table[t] for t in event.topics if t in table))


def event_loc(spot: Spot | None) -> dict[str, Any] | None:
    """The PLOVER location object (GeoNames field names): name, coordinates, feature, country codes."""
    if spot is None:
        return None
    feature_class = {"PCLI": "A"}.get(spot.feature or "", "P" if spot.feature else None)
    return {"name": spot.name, "geonameid": spot.geonameid, "latitude": spot.lat, "longitude": spot.lon,
            "feature_class": feature_class, "feature_code": spot.feature,
            "country_code": country_row(spot.country).get("iso2"), "cc3": spot.country}


def cite_info(source: Source, docs: dict[str, Report]) -> dict[str, Any]:
    """The PLOVER citation object of one source."""
    doc = docs.get(source.doc_id)
    return {"citation": source.doc_id, "url": doc and doc.url, "title": doc and doc.title,
            "publication": doc and doc.outlet, "language": doc and doc.language,
            "published": doc.published.isoformat() if doc and doc.published else None, "coder": CODER}


def plover_record(event: Event, docs: dict[str, Report]) -> dict[str, Any]:
    """One event in the PLOVER layout: id, date/enddate, actors, event, mode, context, location, texts, citations."""
    source, recipient = plover_sides(event)
    spot = resolve(event.location)
    first, _ = first_report(event, docs)
    lo, hi = event.date_range or (None, None)
    kind = plover_data()["types"].get(event.event_type, {})
    return {
        "id": event.event_id, "date": (event.date or lo).isoformat() if event.date or lo else None,
        "enddate": hi.isoformat() if hi and not event.date else None,
        "source": [plover_actor(a) for a in source], "recipient": [plover_actor(a) for a in recipient],
        "event": [event.event_type], "mode": plover_modes(event, spot), "context": contexts(event),
        "quad_code": kind.get("quad"), "event_scale": kind.get("intensity"), "event_loc": event_loc(spot),
        "event_text": [s.evidence for s in event.sources if s.evidence],
        "text_info": {"start": first.start, "end": first.end} if first else None,
        "cite_info": cite_info(first, docs) if first else None,
        "sources": [{"text_info": {"start": s.start, "end": s.end}, "cite_info": cite_info(s, docs)}
                    for s in event.sources],
        "agreements": [{"name": a.name, "status": a.status} for a in event.agreements],
        "coder": CODER,
    }


# -- POLECAT (tab-separated, with a header) ---------------------------------------------------------
POLECAT_COLUMNS = ("Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
                   "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
                   "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW",
                   "Primary Recipient Sector", "Recipient Sectors", "Recipient Title", "Recipient Name Raw",
                   "Wikipedia Recipient ID", "Placename", "City", "District", "Province", "Country", "Latitude",
                   "Longitude", "GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date",
                   "Story People", "Story Organizations", "Story Locations", "Language", "Version")


def joined(values: Iterable[str | None]) -> str | None:
    """Several values in one cell, separated by semicolons (None when there are none)."""
    kept = [v for v in values if v]
    return ";".join(kept) or None


def polecat_side(prefix: str, actors: list[Actor]) -> dict[str, Any]:
    """The Actor* or Recipient* columns of a list of actors."""
    names = [a.name or country_name(a.country) for a in actors]
    sectors = [sector_of(a) for a in actors]
    return {f"{prefix} Name": joined(names), f"{prefix} Country": joined(a.country for a in actors),
            f"Primary {prefix} Sector": next((s for s in sectors if s), None),
            f"{prefix} Sectors": joined(dict.fromkeys(s for s in sectors if s)),
            f"{prefix} Title": joined(a.office for a in actors), f"{prefix} Name Raw": joined(names)}


def polecat_row(event: Event, docs: dict[str, Report]) -> dict[str, Any]:
    """One event as a POLECAT row (its date empty where Entente knows only a span)."""
    record = plover_record(event, docs)
    source, recipient = plover_sides(event)
    spot, (_, report) = resolve(event.location), first_report(event, docs)
    return {
        "Event ID": event.event_id, "Event Date": event.date.isoformat() if event.date else None,
        "Event Type": event.event_type, "Event Mode": joined(record["mode"]), "Intensity": record["event_scale"],
        "Quad Code": record["quad_code"], "Contexts": joined(record["context"]),
        **polecat_side("Actor", source), **polecat_side("Recipient", recipient),
        "Placename": full_name(spot) if spot else None, "City": spot.name if spot and spot.kind == "city" else None,
        "Country": country_name(spot.country) if spot else None, "Latitude": spot and spot.lat,
        "Longitude": spot and spot.lon, "GeoNames ID": spot and spot.geonameid, "Raw Placename": spot and spot.name,
        "Feature Type": spot and spot.feature, "Source": report and report.outlet,
        "Publication Date": report.published.isoformat() if report and report.published else None,
        "Story People": joined(a.name for a in event.participants), "Story Locations": spot and spot.name,
        "Language": report and report.language, "Version": CODER,
    }


def to_polecat(events: list[Event], docs: dict[str, Report]) -> bytes:
    """POLECAT's tab-separated layout: a header row, then one row per event."""
    lines = ["\t".join(POLECAT_COLUMNS)] + ["\t".join(tsv_cell(row.get(c)) for c in POLECAT_COLUMNS)
                                            for row in (polecat_row(e, docs) for e in events)]
    return "".join(line + "\n" for line in lines).encode("utf-8")


# -- the export command ------------------------------------------------------------------------------
FIELD_FORMATS = ("plover", "polecat", "gdelt")


@dataclass(frozen=True)
class Written:
    """What an export wrote. Fields: count (records), path (the file written; None for stdout),
    data (the bytes, when there is no file)."""

    count: int
    path: Path | None
    data: bytes | None = None


def field_format(events: list[Event], docs: dict[str, Report], fmt: str) -> bytes:
    """Events in a layout of the field: 'plover' (JSON Lines), 'polecat' or 'gdelt' (tab-separated)."""
    if fmt == "plover":
        return to_jsonl([plover_record(e, docs) for e in events]).encode("utf-8")
    return to_polecat(events, docs) if fmt == "polecat" else to_gdelt(events, docs)


def export(store: Store, table: str, fmt: str, out: Path | None) -> Written:
    """Export documents or events to out (a file; for gdelt also a folder, given GDELT's file name), or as bytes."""
    if fmt not in FIELD_FORMATS:
        rows = document_rows(store) if table == "documents" else event_rows(store)
        return Written(len(rows), out, write_rows(rows, fmt, out))
    if table != "events":
        raise UsageError(f"--format {fmt} is for events")
    events = store.events()
    docs = reports(store, events)
    data = field_format(events, docs, fmt)
    if out is None:
        return Written(len(events), None, data)
    path = out / gdelt_name(events, docs) if fmt == "gdelt" and out.is_dir() else out
    path.write_bytes(data)
    return Written(len(events), path)
