"""Actor knowledge across the corpus: each person with country, aliases and offices over time.

People are told apart by name and country: one name seen with two countries gives two records,
each flagged with the conflict, never one silently merged record. Aliases are the spellings the
mentions used and the forms the evidence sentences show ('Mr Son', 'Dr Balakrishnan').
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from entente.io.store import Store
from entente.stages.actors import fold
from entente.stages.merge import name_tokens, names_match
from entente.types import Actor, Event, Mention

# Words that stand before a surname in running text ('Minister Son', 'Deputy PM Minh', 'Dr. Ragab').
TITLE = (r"(?:(?:Mr|Mrs|Ms|Dr|Prof|H\.?E\.?|Minister|Deputy PM|PM|FM|EAM|President|Secretary|Chancellor|"
         r"Premier|Foreign Minister|Foreign Secretary|External Affairs Minister|Prime Minister|Ambassador|"
         r"His Excellency|Her Excellency)"
         r"\.?\s+)?")


SOURCE_WORDS = {"text": "the text", "knowledge": "the office-holder table"}


@dataclass
class OfficeSpell:
    """One office a person was seen holding. Fields: office, first, last (dates seen), events, source
    ('text' when an article gave it, 'knowledge' when only the office-holder table did)."""

    office: str
    first: date
    last: date
    events: list[str] = field(default_factory=list)
    source: str | None = None


@dataclass
class PersonRecord:
    """A person across the corpus. Fields: name (fullest spelling), countries seen (one, or none
    known), aliases, offices (spells in time order), conflict (why the record is doubtful, or None),
    event_ids (the events they took part in)."""

    name: str
    countries: list[str]
    aliases: list[str]
    offices: list[OfficeSpell]
    conflict: str | None = None
    event_ids: list[str] = field(default_factory=list)

    @property
    def person_id(self) -> str:
        """A stable id from the folded name (and the country, where one name has several)."""
        base = "-".join(name_tokens(self.name)) or fold(self.name)
        return f"{base}-{self.countries[0].lower()}" if self.conflict and self.countries else base

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready data."""
        return {"id": self.person_id, "name": self.name,
                "country": self.countries[0] if len(self.countries) == 1 else None,
                "countries": self.countries, "aliases": self.aliases, "conflict": self.conflict,
                "offices": [{"office": o.office, "first_seen": o.first.isoformat(), "last_seen": o.last.isoformat(),
                             "events": o.events, "source": o.source} for o in self.offices]}


def event_day(event: Event) -> date | None:
    """The day an event is dated by (the start of its span when no day is known)."""
    return event.date or (event.date_range[0] if event.date_range else None)


def event_days(event: Event) -> tuple[date, date] | None:
    """The first and last day an event may have been on."""
    return (event.date, event.date) if event.date else event.date_range


class PeopleIndex:
    """Person records looked up by surname, so that building them stays linear in the corpus."""

    def __init__(self) -> None:
        self.records: list[PersonRecord] = []
        self.by_word: dict[str, list[PersonRecord]] = defaultdict(list)

    def find(self, actor: Actor) -> PersonRecord | None:
        """The record of the same name and a compatible country, or None."""
        tokens = name_tokens(actor.name or "")
        candidates = self.by_word.get(tokens[-1], []) + self.by_word.get(tokens[0], []) if tokens else []
        for record in candidates:
            if names_match(record.name, actor.name or "") and same_country(record, actor.country):
                return record
        return None

    def add(self, actor: Actor) -> PersonRecord:
        """A new record for an actor."""
        record = PersonRecord(actor.name or "", [actor.country] if actor.country else [], [actor.name or ""], [])
        self.records.append(record)
        self.index(record)
        return record

    def index(self, record: PersonRecord) -> None:
        """File a record under the first and last words of its (possibly grown) name."""
        tokens = name_tokens(record.name)
        for word in {tokens[0], tokens[-1]} if tokens else ():
            if record not in self.by_word[word]:
                self.by_word[word].append(record)


def same_country(record: PersonRecord, country: str | None) -> bool:
    """True when an actor of this country can be the record's person."""
    return not country or not record.countries or country in record.countries


def build_people(events: list[Event], mentions: list[Mention] | None = None) -> list[PersonRecord]:
    """Person records from the merged events (and the spellings the mentions used)."""
    index = PeopleIndex()
    for event in sorted(events, key=lambda e: (event_day(e) or date.max, e.event_id)):
        days = event_days(event)
        for actor in event.participants:
            if actor.name and days is not None:
                record = index.find(actor) or index.add(actor)
                add_sighting(record, actor, days, event.event_id)
                index.index(record)
                record.aliases += evidence_aliases(record.name, event)
    add_spellings(index, mentions or [])
    flag_conflicts(index.records)
    for record in index.records:
        record.aliases = sorted(set(record.aliases), key=lambda a: (a != record.name, a))
    return sorted(index.records, key=lambda r: (fold(r.name), r.countries))


def find_people(store: Store, name: str | None = None) -> list[PersonRecord]:
    """The people of a store (those with `name` in a name or alias), with the aliases their articles show."""
    events = store.events()
    people = build_people(events, store.mentions())
    if name:
        people = [p for p in people if any(fold(name) in fold(alias) for alias in p.aliases)]
    theirs = {event_id for p in people for event_id in p.event_ids}
    cited = sorted({s.doc_id for e in events if e.event_id in theirs for s in e.sources})
    add_text_aliases(people, events, {d["doc_id"]: d["text"] for d in store.documents(cited)})
    return people


PeopleSources = tuple[list[Event], list[Mention], dict[str, str]]


def people_sources(store: Store) -> PeopleSources:
    """What the people of a store are computed from: its events, mentions and the texts events cite."""
    events = store.events()
    cited = sorted({s.doc_id for e in events for s in e.sources})
    return events, store.mentions(), {d["doc_id"]: d["text"] for d in store.documents(cited)}


def compute_people(events: list[Event], mentions: list[Mention], texts: dict[str, str]) -> list[PersonRecord]:
    """Every person of a corpus with the aliases their articles show (computed at ingest, then stored)."""
    people = build_people(events, mentions)
    add_text_aliases(people, events, texts)
    return people


def slug(name: str) -> str:
    """A person id from a name (honorifics and punctuation dropped), as PersonRecord.person_id makes it."""
    return "-".join(name_tokens(name)) or fold(name)


def person_row(record: PersonRecord) -> dict[str, Any]:
    """A person as the store keeps it: id, countries, folded names to search, the ids a lookup may use."""
    return {"person_id": record.person_id, "countries": record.countries,
            "search": "\n".join(fold(a) for a in [record.name, *record.aliases]),
            "keys": sorted({record.person_id, *(slug(a) for a in record.aliases)}),
            "payload": json.dumps(record.to_dict() | {"event_ids": record.event_ids}, ensure_ascii=False)}


def record_from_dict(data: dict[str, Any]) -> PersonRecord:
    """A stored person record."""
    offices = [OfficeSpell(o["office"], date.fromisoformat(o["first_seen"]), date.fromisoformat(o["last_seen"]),
                           list(o["events"]), o.get("source")) for o in data["offices"]]
    return PersonRecord(data["name"], list(data["countries"]), list(data["aliases"]), offices, data["conflict"],
                        list(data.get("event_ids", [])))


def stored_people(store: Store, name: str | None = None, country: str | None = None) -> list[PersonRecord]:
    """The people computed at the last ingest (those with `name` in a name or alias, of `country`)."""
    rows = store.find_people(fold(name) if name else None, country)
    return [record_from_dict(json.loads(payload)) for payload in rows]


def people_of(store: Store, name: str | None = None) -> list[PersonRecord]:
    """The stored people when they are those of the store's present content, else computed now
    (a store last written by an older version, or whose last ingest stopped before storing them)."""
    if store.people_fingerprint() == store.content_fingerprint():
        return stored_people(store, name)
    return find_people(store, name)


def stored_person(store: Store, key: str) -> list[PersonRecord]:
    """The stored people whose id, or an alias's id, is key."""
    return [record_from_dict(json.loads(payload)) for payload in store.people_by_key(key)]


def add_spellings(index: PeopleIndex, mentions: list[Mention]) -> None:
    """Add the spellings mentions used to the records they name."""
    for m in mentions:
        for actor in m.participants:
            if actor.name:
                record = index.find(actor)
                if record is not None:
                    record.aliases.append(actor.name)


def evidence_aliases(name: str, event: Event) -> list[str]:
    """Forms of a name the event's evidence shows: a surname, alone or after a title."""
    return aliases_in(name, [s.evidence for s in event.sources])


def aliases_in(name: str, texts: Iterable[str]) -> list[str]:
    """Forms of a name that texts show: its last words, alone or after a title ('Mr Son', 'EAM Ravindran')."""
    words = name.split()
    forms = [re.escape(" ".join(words[i:])) for i in range(len(words))]
    pattern = re.compile(r"(?<![\w-])" + TITLE + "(?:" + "|".join(forms) + r")(?![\w-])")
    found = {m.group(0) for text in texts for m in pattern.finditer(text)
             if not m.group(0).endswith(name) and not inside_longer_name(text, m.start())}
    return sorted(found)


def add_text_aliases(records: list[PersonRecord], events: list[Event], texts: dict[str, str]) -> None:
    """Add the forms of each person's name that the full texts of their events' articles show."""
    docs_of = {e.event_id: {s.doc_id for s in e.sources} for e in events}
    for record in records:
        docs = {d for event_id in record.event_ids for d in docs_of.get(event_id, ())}
        shown = [texts[d] for d in sorted(docs) if d in texts]
        spellings = [a for a in record.aliases if len(a.split()) > 1 and names_match(a, record.name)]
        found = {form for spelling in {record.name, *spellings} for form in aliases_in(spelling, shown)}
        record.aliases = sorted(set(record.aliases) | found, key=lambda a: (a != record.name, a))


def inside_longer_name(text: str, start: int) -> bool:
    """True when the word before `start` is a capitalised word (the match is the end of another name)."""
    before = text[:start].split()
    return bool(before) and before[-1][:1].isupper() and before[-1][-1:].isalnum()


def flag_conflicts(records: list[PersonRecord]) -> None:
    """Flag records that share a name but not a country (they are kept apart)."""
    by_name: dict[tuple[str, ...], list[PersonRecord]] = defaultdict(list)
    for record in records:
        by_name[name_tokens(record.name)].append(record)
    for same in by_name.values():
        countries = sorted({c for r in same for c in r.countries})
        if len(countries) > 1:
            for record in same:
                record.conflict = f"one name seen with {len(countries)} countries: {', '.join(countries)}"


def add_sighting(record: PersonRecord, actor: Actor, days: tuple[date, date], event_id: str) -> None:
    """Note one appearance of a person in an event (on a day, or within a span)."""
    name = actor.name or ""
    if len(name_tokens(name)) > len(name_tokens(record.name)):
        record.name = name
    record.aliases.append(name)
    record.event_ids.append(event_id)
    if actor.country and actor.country not in record.countries:
        record.countries.append(actor.country)
    if not actor.office:
        return
    spell = next((o for o in record.offices if o.office == actor.office), None)
    if spell is None:
        record.offices.append(OfficeSpell(actor.office, days[0], days[1], [event_id], actor.office_source))
    else:
        spell.first, spell.last = min(spell.first, days[0]), max(spell.last, days[1])
        spell.events.append(event_id)
        spell.source = "text" if "text" in (spell.source, actor.office_source) else spell.source or actor.office_source
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
        out += [f"    {o.office}: {o.first.isoformat()} to {o.last.isoformat()} ({len(o.events)} events"
                f"{', from ' + SOURCE_WORDS[o.source] if o.source else ''})" for o in r.offices]
    return "\n".join(out) if out else "no people found"
