"""Merging: mentions of one real event in many articles become one Event citing every source.

Mentions are blocked by event type and country pair and compared only within a sliding date
window inside a block, so the cost grows with the number of mentions, not its square. Two
mentions match when their people are the same (full name, initial and surname, or surname
alone) and their dates agree (equal days, a day inside a span, overlapping spans). Clusters keep
the event id they had at the last merge, so ids are stable as more articles arrive.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz

from entente.stages.actors import fold, same_person
from entente.types import Actor, Agreement, Event, Mention, Place, Source

WINDOW = timedelta(days=10)
UNDATED_WINDOW = timedelta(days=7)
MODE_RANK = {"phone": 5, "video": 4, "sidelines": 3, "visit": 2, "meeting": 1}


def names_match(a: str, b: str) -> bool:
    """True when two spellings name one person ('S. Jaishankar', 'Subrahmanyam Jaishankar')."""
    if same_person(a, b) or same_person(b, a):
        return True
    fa, fb = fold(a), fold(b)
    return fuzz.ratio(fa, fb) >= 92 or (fa.split()[-1] == fb.split()[-1] and (len(fa.split()) == 1 or len(fb.split()) == 1))


def parties_match(a: Mention, b: Mention) -> bool:
    """True when two mentions have the same parties (people by name, collectives by country)."""
    if len(a.participants) != len(b.participants):
        return False
    unmatched = list(b.participants)
    for actor in a.participants:
        partner = next((o for o in unmatched if actor_match(actor, o)), None)
        if partner is None:
            return False
        unmatched.remove(partner)
    return True


def actor_match(a: Actor, b: Actor) -> bool:
    """True when two actors are one: same person, or the same collective country."""
    if a.name and b.name:
        return names_match(a.name, b.name) and (not a.country or not b.country or a.country == b.country)
    return not a.name and not b.name and a.country == b.country and a.role == b.role


def first_day(m: Mention) -> date | None:
    """The earliest day a mention may be on."""
    return m.date or (m.date_range[0] if m.date_range else None) or m.publication_date


def last_day(m: Mention) -> date | None:
    """The latest day a mention may be on."""
    return m.date or (m.date_range[1] if m.date_range else None) or m.publication_date


def dates_match(a: Mention, b: Mention) -> bool:
    """True when the dates of two mentions can be one day."""
    if a.date and b.date:
        return a.date == b.date
    lo_a, hi_a, lo_b, hi_b = first_day(a), last_day(a), first_day(b), last_day(b)
    if None in (lo_a, hi_a, lo_b, hi_b):
        pa, pb = a.publication_date, b.publication_date
        return bool(pa and pb and abs(pa - pb) <= UNDATED_WINDOW)
    return lo_a <= hi_b and lo_b <= hi_a  # type: ignore[operator]


def block_key(m: Mention) -> tuple[str, tuple[str, ...]]:
    """Mentions are only compared within one event type and one set of countries."""
    return (m.event_type, tuple(sorted({a.country or "?" for a in m.participants})))


class UnionFind:
    """Disjoint sets over indices."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        """The root of i's set."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        """Join the sets of i and j."""
        self.parent[self.find(i)] = self.find(j)


def cluster(mentions: list[Mention]) -> list[list[int]]:
    """Groups of mention indices that report one event."""
    sets = UnionFind(len(mentions))
    blocks: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        blocks[block_key(m)].append(i)
    for members in blocks.values():
        members.sort(key=lambda i: first_day(mentions[i]) or date.min)
        for pos, i in enumerate(members):
            start = first_day(mentions[i]) or date.min
            for j in members[pos + 1:]:
                if (first_day(mentions[j]) or date.min) - start > WINDOW:
                    break
                if parties_match(mentions[i], mentions[j]) and dates_match(mentions[i], mentions[j]):
                    sets.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        groups[sets.find(i)].append(i)
    return list(groups.values())


def merge_mentions(mentions: list[Mention], previous: dict[str, str] | None = None) -> list[Event]:
    """Events from all mentions, keeping the ids of the last merge where clusters persist."""
    previous = previous or {}
    events: list[Event] = []
    used: set[str] = set()
    for group in sorted(cluster(mentions), key=lambda g: min(mentions[i].mention_id for i in g)):
        members = sorted((mentions[i] for i in group), key=lambda m: m.mention_id)
        event_id = stable_id(members, previous, used)
        used.add(event_id)
        events.append(build_event(event_id, members))
    return sorted(events, key=lambda e: (e.date or (e.date_range[0] if e.date_range else date.max), e.event_id))


def stable_id(members: list[Mention], previous: dict[str, str], used: set[str]) -> str:
    """The id most members had before, or a new one from the first mention's id."""
    votes = Counter(previous[m.mention_id] for m in members if m.mention_id in previous)
    for event_id, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if event_id not in used:
            return event_id
    return "ev-" + hashlib.sha256(members[0].mention_id.encode()).hexdigest()[:16]


def majority(values: Iterable[object]) -> tuple[object | None, list[object]]:
    """The most common non-empty value (first seen wins ties) and the others seen."""
    seen = [v for v in values if v not in (None, "")]
    if not seen:
        return None, []
    counts = Counter(seen)
    best = max(counts, key=lambda v: (counts[v], -seen.index(v)))
    return best, [v for v in counts if v != best]


@dataclass(frozen=True)
class Settled:
    """Attributes settled by the sources. Fields: day, span, mode, place, alternatives."""

    day: date | None
    span: tuple[date, date] | None
    mode: str | None
    place: Place | None
    alternatives: dict[str, list[str]]


def settle(members: list[Mention]) -> Settled:
    """Date, mode and place by the agreeing sources; the rest kept as alternatives."""
    day, other_days = majority(m.date for m in members)
    spans = [m.date_range for m in members if m.date_range]
    span = None if day else (max(s[0] for s in spans), min(s[1] for s in spans)) if spans else None
    if span and span[0] > span[1]:
        span = min(spans, key=lambda s: s[1] - s[0])
    mode = settle_mode(members)
    place, other_places = settle_place(members)
    alternatives = {"date": [str(d) for d in other_days],
                    "mode": sorted({m.mode for m in members if m.mode and m.mode != mode}),
                    "location": [p.name for p in other_places]}
    return Settled(day, span, mode, place, {k: v for k, v in alternatives.items() if v})  # type: ignore[arg-type]


def settle_mode(members: list[Mention]) -> str | None:
    """The mode most sources give; a tie goes to the more specific mode."""
    counts = Counter(m.mode for m in members if m.mode)
    if not counts:
        return None
    return max(counts, key=lambda mode: (counts[mode], MODE_RANK.get(mode, 0)))


def settle_place(members: list[Mention]) -> tuple[Place | None, list[Place]]:
    """The place most sources give, a city preferred over its own country."""
    places = [m.location for m in members if m.location]
    if not places:
        return None, []
    cities = [p for p in places if not is_country_name(p)]
    best, others = majority(cities or places)
    return best, [p for p in dict.fromkeys(places) if p != best and not (is_country_name(p) and p.country == best.country)]  # type: ignore[union-attr,misc]


def is_country_name(place: Place) -> bool:
    """True when the place is a whole country rather than a city."""
    from entente.stages.gazetteer import lookup_country

    return lookup_country(place.name) is not None


def merge_participants(members: list[Mention]) -> tuple[Actor, ...]:
    """One actor per party: the fullest name, the office and country most sources give."""
    groups: list[list[Actor]] = []
    for m in members:
        for actor in m.participants:
            group = next((g for g in groups if actor_match(g[0], actor)), None)
            if group is None:
                groups.append([actor])
            else:
                group.append(actor)
    return tuple(merged_actor(group) for group in groups)


def merged_actor(group: list[Actor]) -> Actor:
    """One actor from several spellings of it."""
    names = [a.name for a in group if a.name]
    name = max(names, key=lambda n: (len(n.split()), len(n))) if names else None
    office, _ = majority(a.office for a in group)
    country, _ = majority(a.country for a in group)
    role, _ = majority(a.role for a in group)
    return Actor(name, country, office, role)  # type: ignore[arg-type]


def merge_agreements(members: list[Mention]) -> tuple[Agreement, ...]:
    """Agreements of all sources, one per name (a signing outranks an agreement)."""
    rank = {"signed": 3, "implemented": 2, "agreed": 1, "proposed": 0}
    best: dict[str, Agreement] = {}
    for m in members:
        for agreement in m.agreements:
            key = " ".join(fold(agreement.name).split()[:12])
            if key not in best or rank[agreement.status] > rank[best[key].status]:
                best[key] = agreement
    return tuple(best.values())


def build_event(event_id: str, members: list[Mention]) -> Event:
    """The Event of a cluster of mentions."""
    settled = settle(members)
    sources = tuple(m.source for m in members if m.source) or (Source(members[0].mention_id.rsplit(":", 1)[0], "", 0, 0),)
    event_type, _ = majority(m.event_type for m in members)
    return Event(
        event_id=event_id, event_type=str(event_type), mode=settled.mode, date=settled.day,
        date_range=settled.span, location=settled.place, participants=merge_participants(members),
        agreements=merge_agreements(members),
        topics=tuple(dict.fromkeys(t for m in members for t in m.topics)),
        sources=sources, alternatives=settled.alternatives,
        mention_ids=tuple(m.mention_id for m in members))
