"""Timelines and summaries of the relationship between two countries (a dyad)."""
from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import pycountry

from entente.errors import UsageError
from entente.records import event_to_dict, when
from entente.stages.actors import fold
from entente.stages.gazetteer import country_by_iso3, lookup_country
from entente.types import Actor, Event

# Rank of an encounter by the highest office present (higher is more senior).
LEVELS = [
    (re.compile(r"\b(?:king|queen|emperor|emir|sultan|president|state president|general secretary)\b", re.I),
     5, "head of state"),
    (re.compile(r"\b(?:prime minister|chancellor|premier|taoiseach)\b", re.I), 4, "head of government"),
    (re.compile(r"\b(?:deputy prime minister|vice president|vice premier|state councillor)\b", re.I), 3,
     "deputy head of government"),
    (re.compile(r"\b(?:foreign|external affairs|secretary of state|foreign secretary)\b", re.I), 2, "foreign minister"),
    (re.compile(r"\b(?:minister|secretary)\b", re.I), 1, "minister"),
]


def country_code(text: str) -> str:
    """ISO 3166-1 alpha-3 for a country name, demonym or ISO code; a UsageError otherwise."""
    code = lookup_country(text)
    if code:
        return code
    found = pycountry.countries.get(alpha_3=text.upper()) or pycountry.countries.get(alpha_2=text.upper())
    if found is None:
        raise UsageError(f"unknown country '{text}' (give a name such as 'Vietnam' or an ISO code such as VNM)")
    return str(found.alpha_3)


def country_name(code: str | None) -> str:
    """The common English name of a country code."""
    if not code:
        return "?"
    country = country_by_iso3(code)
    return country.name if country else code


def level_of(actor: Actor) -> tuple[int, str]:
    """The seniority of one participant's office."""
    office = actor.office or ""
    senior = [(rank, label) for pattern, rank, label in LEVELS if pattern.search(office)]
    if re.search(r"\bdeputy\b|\bvice\b", office, re.I):
        senior = [(r, lbl) for r, lbl in senior if r != 4 and r != 5] or senior
    if heads_an_organisation(office):
        senior = [(r, lbl) for r, lbl in senior if r < 4] or [(1, "head of an organisation")]
    return max(senior, default=(0, "official"))


def heads_an_organisation(office: str) -> bool:
    """True for 'President of the Fatherland Front': a president or chair of something not a state."""
    found = re.match(r"\s*(?:president|chair(?:man|woman|person)?|head)\s+of\s+(?:the\s+)?(.+)", office, re.I)
    if not found:
        return False
    body = found.group(1)
    return not lookup_country(body) and not re.match(r"(?:republic|kingdom|state|government|union)\b", body, re.I)


def top_level(event: Event) -> tuple[int, str]:
    """The most senior office present at an event (breaks ties between encounters of one level)."""
    return max((level_of(a) for a in event.participants), default=(0, "official"))


def encounter_level(event: Event) -> tuple[int, str]:
    """An encounter is as high as its lower-ranked side: summit needs both leaders."""
    by_country: dict[str | None, tuple[int, str]] = {}
    for actor in event.participants:
        by_country[actor.country] = max(by_country.get(actor.country, (0, "official")), level_of(actor))
    return min(by_country.values(), default=(0, "official"))


def level_label(event: Event) -> str:
    """The level of an encounter: 'foreign minister', or 'head of state with foreign minister'."""
    low, top = encounter_level(event), top_level(event)
    return low[1] if low[0] == top[0] else f"{top[1]} with {low[1]}"


def sort_day(event: Event) -> date:
    """The day used to order events."""
    return event.date or (event.date_range[0] if event.date_range else date.max)


def who(actor: Actor) -> str:
    """A participant as a reader wants it: name, office, country."""
    if actor.name:
        office = f", {actor.office}" if actor.office else ""
        return f"{actor.name} ({country_name(actor.country)}{office})"
    role = f" ({actor.role})" if actor.role else ""
    return f"{country_name(actor.country)}{role}"


@dataclass(frozen=True)
class Dyad:
    """A pair of countries. Fields: a, b (ISO3 codes)."""

    a: str
    b: str

    @property
    def title(self) -> str:
        """'Vietnam – Singapore'."""
        return f"{country_name(self.a)} – {country_name(self.b)}"


def dyad_of(a: str, b: str) -> Dyad:
    """A dyad from two country names or codes; a UsageError for one country twice (the CLI, /events?pair=
    and /dyads refuse it alike)."""
    dyad = Dyad(country_code(a), country_code(b))
    if dyad.a == dyad.b:
        raise UsageError(SAME_COUNTRY.format(name=country_name(dyad.a)))
    return dyad


SAME_COUNTRY = "a pair is two different countries ({name} was given twice)"


def dyad_events(events: list[Event], dyad: Dyad) -> list[Event]:
    """The events with participants of both countries, in date order."""
    def has_both(event: Event) -> bool:
        countries = {a.country for a in event.participants}
        return dyad.a in countries and dyad.b in countries
    return sorted((e for e in events if has_both(e)), key=lambda e: (sort_day(e), e.event_id))


def source_names(event: Event, outlets: dict[str, str] | None) -> str:
    """The sources of an event: their number, and each document with its outlet where known."""
    docs = sorted({s.doc_id for s in event.sources})
    named = [f"{d} ({outlets[d]})" if outlets and outlets.get(d) else d for d in docs]
    return f"sources ({len(docs)}): {', '.join(named)}"


def event_lines(event: Event, outlets: dict[str, str] | None = None) -> list[str]:
    """The facts of one event as short lines (no markup)."""
    kind = event.event_type + (f" / {event.mode}" if event.mode else "")
    lines = [f"{when(event)}  {kind}" + (f"  at {event.location.name}" if event.location else "")]
    lines.append("participants: " + "; ".join(who(a) for a in event.participants))
    for agreement in event.agreements:
        lines.append(f"{agreement.status}: {agreement.name}")
    lines.append(source_names(event, outlets))
    return lines


def render_text(dyad: Dyad, events: list[Event], outlets: dict[str, str] | None = None) -> str:
    """The timeline as plain text."""
    out = [f"{dyad.title}: {len(events)} events", ""]
    for event in events:
        first, *rest = event_lines(event, outlets)
        out.append(first)
        out += [f"    {line}" for line in rest]
        out.append("")
    return "\n".join(out)


# Characters that make Markdown (CommonMark and GitHub's tables and strikethrough) markup anywhere in a
# line, and those that do at its start (a list item, a heading underline): backslash-escaped.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
MARKDOWN_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def markdown_text(text: str) -> str:
    """Text as Markdown shows it literally, on one line: HTML escaped as entities (no tag or script
    passes), and the punctuation that would make markup backslash-escaped."""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))
    return MARKDOWN_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", escaped)


def render_markdown(dyad: Dyad, events: list[Event], outlets: dict[str, str] | None = None) -> str:
    """The timeline as Markdown (text from articles escaped: it never becomes markup or HTML)."""
    out = [f"# {markdown_text(dyad.title)}", "", f"{len(events)} events.", ""]
    for event in events:
        first, *rest = (markdown_text(line) for line in event_lines(event, outlets))
        out.append(f"## {first}")
        out += [f"- {line}" for line in rest]
        out.append("")
    return "\n".join(out)


def render_html(dyad: Dyad, events: list[Event], outlets: dict[str, str] | None = None) -> str:
    """The timeline as a self-contained HTML page (all text escaped)."""
    items = []
    for event in events:
        first, *rest = (html.escape(line) for line in event_lines(event, outlets))
        evidence = "".join(f"<blockquote>{html.escape(s.evidence)} <cite>{html.escape(s.doc_id)}</cite></blockquote>"
                           for s in event.sources)
        items.append(f"<li><h2>{first}</h2><ul>{''.join(f'<li>{x}</li>' for x in rest)}</ul>{evidence}</li>")
    title = html.escape(dyad.title)
    return (f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{title}</title>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:auto;padding:1rem}"
            "blockquote{color:#444;border-left:3px solid #ccc;margin:.5rem 0;padding-left:.5rem}</style>"
            f"<h1>{title}</h1><p>{len(events)} events</p><ol>{''.join(items)}</ol></html>")


def render_json(dyad: Dyad, events: list[Event], outlets: dict[str, str] | None = None) -> str:
    """The timeline as JSON (each source with its outlet where known)."""
    rows = []
    for event in events:
        row = event_to_dict(event)
        for source in row["sources"]:
            source["outlet"] = (outlets or {}).get(source["doc_id"])
        rows.append(row)
    return json.dumps({"dyad": [dyad.a, dyad.b], "title": dyad.title, "events": rows}, indent=2, ensure_ascii=False)


RENDERERS = {"text": render_text, "markdown": render_markdown, "html": render_html, "json": render_json}


def render(dyad: Dyad, events: list[Event], fmt: str, outlets: dict[str, str] | None = None) -> str:
    """The timeline in one of the formats (sources named with their outlets where given)."""
    if fmt not in RENDERERS:
        raise UsageError(f"unknown format '{fmt}' (choose {', '.join(RENDERERS)})")
    return RENDERERS[fmt](dyad, events, outlets)


# -- summary ---------------------------------------------------------------------------------
def commitments(events: list[Event]) -> list[dict[str, Any]]:
    """Agreements and commitments over time: one entry per commitment, with its history."""
    by_key: dict[str, dict[str, Any]] = {}
    for event in events:
        for agreement in event.agreements:
            key = commitment_key(agreement.name)
            entry = next((v for k, v in by_key.items() if similar(k, key)), None)
            if entry is None:
                entry = by_key.setdefault(key, {"name": agreement.name, "history": []})
            entry["history"].append({"date": when(event), "status": agreement.status, "event_id": event.event_id})
    for entry in by_key.values():
        entry["status"] = entry["history"][-1]["status"]
    return list(by_key.values())


def commitment_key(name: str) -> str:
    """The content words of an agreement's name."""
    stop = {"the", "a", "an", "of", "on", "to", "and", "for", "in", "with", "between", "two", "countries", "both"}
    return " ".join(w for w in re.findall(r"[a-z0-9]+", fold(name)) if w not in stop)


def similar(a: str, b: str) -> bool:
    """True when two commitment keys share most of their words."""
    wa, wb = set(a.split()), set(b.split())
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.7


def summarize(dyad: Dyad, events: list[Event]) -> dict[str, Any]:
    """Counts by type and year, the highest encounter, commitments and a cited summary per event."""
    by_type = Counter(e.event_type for e in events)
    by_year: dict[str, Counter[str]] = defaultdict(Counter)
    for event in events:
        by_year[str(sort_day(event).year) if sort_day(event) != date.max else "unknown"][event.event_type] += 1
    highest = max(events, key=lambda e: (encounter_level(e)[0], top_level(e)[0]), default=None)
    return {
        "dyad": [dyad.a, dyad.b], "title": dyad.title, "events": len(events),
        "by_type": dict(by_type), "by_year": {y: dict(c) for y, c in sorted(by_year.items())},
        "highest_level": {"level": level_label(highest), "event_id": highest.event_id, "date": when(highest),
                          "participants": [who(a) for a in highest.participants]} if highest else None,
        "commitments": commitments(events),
        "event_summaries": [event_summary(e) for e in events],
    }


def event_summary(event: Event) -> dict[str, Any]:
    """An extractive summary of an event: one evidence passage per source (repeats left out), each cited."""
    seen: set[str] = set()
    sentences = []
    for source in event.sources:
        if source.evidence and source.evidence not in seen:
            seen.add(source.evidence)
            sentences.append({"text": source.evidence, "doc_id": source.doc_id,
                              "start": source.start, "end": source.end})
    return {"event_id": event.event_id, "date": when(event),
            "summary": " ".join(s["text"] for s in sentences[:3]), "sentences": sentences[:3],
            "citations": [{"doc_id": s.doc_id, "start": s.start, "end": s.end} for s in event.sources]}


def render_summary_text(summary: dict[str, Any]) -> str:
    """A dyad summary as plain text."""
    out = [f"{summary['title']}: {summary['events']} events"]
    out.append("by type: " + ", ".join(f"{k} {v}" for k, v in sorted(summary["by_type"].items())))
    out += [f"  {year}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
            for year, counts in summary["by_year"].items()]
    if summary["highest_level"]:
        h = summary["highest_level"]
        out.append(f"highest level: {h['level']} ({h['date']}, {h['event_id']}): {'; '.join(h['participants'])}")
    out.append("commitments:")
    for c in summary["commitments"]:
        history = "; ".join(f"{h['date']} {h['status']}" for h in c["history"])
        out.append(f"  - {c['name']} [{c['status']}] ({history})")
    out.append("events:")
    for s in summary["event_summaries"]:
        out.append(f"  {s['date']} ({s['event_id']}):")
        out += [f"    {x['text']} [{x['doc_id']}:{x['start']}-{x['end']}]" for x in s["sentences"]]
    return "\n".join(out)
