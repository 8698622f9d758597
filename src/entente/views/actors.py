"""Actor knowledge across the corpus: each person with country, aliases and offices over time."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from entente.stages.actors import fold
from entente.stages.merge import names_match
from entente.types import Event, Mention


@dataclass
class OfficeSpell:
    """One office a person was seen holding. Fields: office, first, last (dates seen), events."""

    office: str
    first: date
    last: date
    events: list[str] = field(default_factory=list)


@dataclass
class PersonRecord:
    """A person across the corpus. Fields: name (fullest spelling), countries seen, aliases,
    offices (spells in time order), conflict (a reason when the record is doubtful)."""

    name: str
    countries: list[str]
    aliases: list[str]
    offices: list[OfficeSpell]
    conflict: str | None = None

    @property
    def person_id(self) -> str:
        """A stable id from the folded name."""
        return "-".join(fold(self.name).split())

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready data."""
        return {"id": self.person_id, "name": self.name,
                "country": self.countries[0] if len(self.countries) == 1 else None,
                "countries": self.countries, "aliases": self.aliases, "conflict": self.conflict,
                "offices": [{"office": o.office, "first_seen": o.first.isoformat(), "last_seen": o.last.isoformat(),
                             "events": o.events} for o in self.offices]}


def event_day(event: Event) -> date | None:
    """The day an event is dated by (the start of its span when no day is known)."""
    return event.date or (event.date_range[0] if event.date_range else None)


def build_people(events: list[Event], mentions: list[Mention] | None = None) -> list[PersonRecord]:
    """Person records from the merged events (and the spellings the mentions used)."""
    records: list[PersonRecord] = []
    spellings = [a.name for m in mentions or [] for a in m.participants if a.name]
    for event in sorted(events, key=lambda e: (event_day(e) or date.max, e.event_id)):
        day = event_day(event)
        for actor in event.participants:
            if not actor.name or day is None:
                continue
            record = next((r for r in records if names_match(r.name, actor.name)), None)
            if record is None:
                record = PersonRecord(actor.name, [], [actor.name], [])
                records.append(record)
            add_sighting(record, actor.name, actor.country, actor.office, day, event.event_id)
    for record in records:
        record.aliases = sorted({record.name, *[s for s in spellings if names_match(s, record.name)]} | set(record.aliases))
        if len(record.countries) > 1:
            record.conflict = f"seen with {len(record.countries)} countries: {', '.join(record.countries)}"
    return sorted(records, key=lambda r: r.name)


def add_sighting(record: PersonRecord, name: str, country: str | None, office: str | None,
                 day: date, event_id: str) -> None:
    """Note one appearance of a person in an event."""
    if len(name.split()) > len(record.name.split()):
        record.name = name
    if name not in record.aliases:
        record.aliases.append(name)
    if country and country not in record.countries:
        record.countries.append(country)
    if not office:
        return
    spell = next((o for o in record.offices if o.office == office), None)
    if spell is None:
        record.offices.append(OfficeSpell(office, day, day, [event_id]))
    else:
        spell.first, spell.last = min(spell.first, day), max(spell.last, day)
        spell.events.append(event_id)
    record.offices.sort(key=lambda o: o.first)


def office_on(record: PersonRecord, day: date) -> str | None:
    """The office a person held on a day, by the nearest sighting."""
    if not record.offices:
        return None
    inside = [o for o in record.offices if o.first <= day <= o.last]
    if inside:
        return inside[-1].office
    return min(record.offices, key=lambda o: min(abs((o.first - day).days), abs((o.last - day).days))).office


def render_people(records: list[PersonRecord]) -> str:
    """Person records as plain text."""
    out = []
    for r in records:
        flag = f"  [conflict: {r.conflict}]" if r.conflict else ""
        out.append(f"{r.name} ({', '.join(r.countries) or '?'}){flag}")
        if len(r.aliases) > 1:
            out.append(f"    aliases: {', '.join(a for a in r.aliases if a != r.name)}")
        out += [f"    {o.office}: {o.first.isoformat()} to {o.last.isoformat()} ({len(o.events)} events)"
                for o in r.offices]
    return "\n".join(out)
