"""Merging: mentions of one real event in many articles become one Event citing every source.

1. People whose country an article left out get the country other articles give the same name
   (`complete_countries`), so that every mention can be blocked by its country set.
2. Mentions are blocked by event type and country set, and inside a block compared only with
   those whose date interval overlaps theirs (a sweep in date order), so the cost grows with the
   number of mentions, not its square. Two mentions match when their people are the same
   ('S. Jaishankar', 'Jaishankar', 'Subrahmanyam Jaishankar') and their dates can be one day
   (equal days, a day inside a span, an undated report published within a week). A report with no
   date at all (nor a publication date) joins the one event of its block its people match, if one.
3. Each cluster becomes one Event: attributes settled by the agreeing sources, the rest kept as
   alternatives (the date's source is the most precise among the sources giving the date);
   clusters keep the event id they had at the last merge, so ids are stable.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from rapidfuzz import fuzz

from entente.stages.actors import fold
from entente.stages.dating import SOURCE_RANK, date_precision
from entente.stages.resolve import lookup
from entente.types import Actor, Agreement, DateSource, Event, Mention, Place, Source

UNDATED_WINDOW = timedelta(days=7)  # an undated report is about the week before it was published
MAX_SPAN = timedelta(days=14)
INFERRED_SLACK = timedelta(days=3)
VISIT_SLACK = timedelta(days=1)  # a longer span says little: the report is treated as undated
SAME_NAME_RATIO = 92  # rapidfuzz ratio above which two spellings are one name (typos, transliteration)
MODE_RANK = {"phone": 5, "video": 4, "sidelines": 3, "visit": 2, "meeting": 1}
HONORIFICS = frozenset(("mr", "mrs", "ms", "dr", "prof", "sir", "he", "his", "her", "excellency", "hon", "honourable"))
BlockKey = tuple[str, tuple[str, ...], tuple[str, ...]]  # type, countries, acting countries


@lru_cache(maxsize=200_000)
def name_tokens(name: str) -> tuple[str, ...]:
    """The words of a name, folded to ASCII, without honorifics ('Dr. Hossam El-Din Ragab')."""
    return tuple(w for w in re.findall(r"[a-z]+", fold(name)) if w not in HONORIFICS)


def initial_of(short: str, full: str) -> bool:
    """True when two given-name words agree ('s' and 'subrahmanyam', or equal)."""
    return short == full or (len(short) == 1 and full.startswith(short)) or (len(full) == 1 and short.startswith(full))


def tokens_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when two folded names can be one person."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    if short == long or short == long[-len(short):]:
        return True  # 'Ravindran', 'Al Otaibi' of 'Turki bin Fahad Al Otaibi'
    if len(short) == 1:
        return short[0] == long[0]  # a surname written first ('Zhao' of 'Zhao Ming')
    if short[-1] == long[-1] and initial_of(short[0], long[0]):
        return True  # 'S Ravindran', 'Paulo Monteiro', 'Hossam Ragab'
    return (short == long[:len(short)] or fuzz.ratio(" ".join(a), " ".join(b)) >= SAME_NAME_RATIO
            or fuzz.token_sort_ratio(" ".join(a), " ".join(b)) >= SAME_NAME_RATIO)  # 'Kishida Fumio


def names_match(a: str, b: str) -> bool:
    """True when two spellings name one person ('S. Jaishankar', 'Subrahmanyam Jaishankar')."""
    return tokens_match(name_tokens(a), name_tokens(b))


def actor_match(a: Actor, b: Actor, day: date | None = None) -> bool:
    """True when two actors are one: the same person (two spellings, or two names the office-holder
    table gives one holder on the day: 'Vladimir Zelensky', 'Volodymyr Zelenskyy'), or the same country
    in the same role, one report naming who acted for it and another only the country."""
    if a.name and b.name:
        same = names_match(a.name, b.name) or (day is not None and same_holder(a.name, b.name, day))
        return same and (not a.country or not b.country or a.country == b.country)
    return bool(a.country) and a.country == b.country and a.role == b.role


@lru_cache(maxsize=50_000)
def same_holder(a: str, b: str, day: date) -> bool:
    """True when the office-holder table takes two names for one holder on the day."""
    first = lookup(a, day)
    return first is not None and first == lookup(b, day)


def parties_match(a: Mention, b: Mention) -> bool:
    """True when two mentions have the same parties (people by name, collectives by country)."""
    if len(a.participants) != len(b.participants):
        return False
    unmatched = list(b.participants)
    for actor in a.participants:
        partner = next((o for o in unmatched if actor_match(actor, o, a.date or a.publication_date)), None)
        if partner is None:
            return False
        unmatched.remove(partner)
    return True


# -- countries -------------------------------------------------------------------------------
def name_countries(mentions: Iterable[Mention]) -> Iterator[tuple[tuple[str, ...], str]]:
    """(name, country) for every person given a country: by the full name and by the surname."""
    for m in mentions:
        for actor in m.participants:
            tokens = name_tokens(actor.name) if actor.name and actor.country else ()
            if tokens:
                yield tokens, actor.country  # type: ignore[misc]
                yield tokens[-1:], actor.country  # type: ignore[misc]


def country_map(mentions: Iterable[Mention]) -> dict[tuple[str, ...], str]:
    """The one country each name (full and surname) is given across the corpus; ambiguous names left out."""
    seen: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for tokens, country in name_countries(mentions):
        seen[tokens].add(country)
    return {tokens: next(iter(found)) for tokens, found in seen.items() if len(found) == 1}


def with_countries(mention: Mention, known: dict[tuple[str, ...], str]) -> Mention:
    """The mention with each person's missing country filled from the corpus, where it is unambiguous."""
    if all(a.country or not a.name for a in mention.participants):
        return mention
    filled = tuple(replace(a, country=known_country(a.name, known)) if a.name and not a.country else a
                   for a in mention.participants)
    return replace(mention, participants=filled)


def known_country(name: str, known: dict[tuple[str, ...], str]) -> str | None:
    """The corpus's country for a name: by the full name, else by the surname."""
    tokens = name_tokens(name)
    return known.get(tokens) or known.get(tokens[-1:]) if tokens else None


def complete_countries(mentions: list[Mention]) -> list[Mention]:
    """Mentions with people's missing countries filled in from the rest of the corpus."""
    known = country_map(mentions)
    return [with_countries(m, known) for m in mentions]


# -- dates and blocks ------------------------------------------------------------------------
def interval(m: Mention) -> tuple[date, date] | None:
    """The days a mention's event can be on: its day (a visit's day and the days either side: the
    talks and the signing of one visit may fall on consecutive days; an inferred day and the days
    before it: a report read on publication may be a day or two late), its span, or the week before
    publication."""
    if m.date and m.date_source == "inferred":
        return m.date - INFERRED_SLACK, m.date
    if m.date:
        return (m.date - VISIT_SLACK, m.date + VISIT_SLACK) if m.mode == "visit" else (m.date, m.date)
    if m.date_range and m.date_range[1] - m.date_range[0] <= MAX_SPAN:
        return m.date_range
    if m.publication_date:
        return m.publication_date - UNDATED_WINDOW, m.publication_date
    return None


def dates_match(a: Mention, b: Mention) -> bool:
    """True when the dates of two mentions can be one day (or two days of one visit)."""
    if a.date and b.date and not (a.mode == b.mode == "visit") and "inferred" not in (a.date_source, b.date_source):
        return a.date == b.date
    ia, ib = interval(a), interval(b)
    return bool(ia and ib and ia[0] <= ib[1] and ib[0] <= ia[1])


def within_range(days: tuple[date, date], wide: tuple[date, date] | None) -> bool:
    """True when an event's days meet a wide span a mention gives ('a July meeting'), or it gives none."""
    return wide is None or (days[0] <= wide[1] and wide[0] <= days[1])


def block_key(m: Mention) -> BlockKey:
    """Mentions are only compared within one event type and one set of countries, and, for a directed
    act, one acting side: A's strike on B and B's strike on A the same day are two events."""
    acting = tuple(sorted({a.country or "?" for a in m.participants if a.role == "source"}))
    return (m.event_type, tuple(sorted({a.country or "?" for a in m.participants})), acting)


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


def sweep(members: list[int], spans: list[tuple[date, date] | None]) -> Iterable[tuple[int, int]]:
    """Pairs of members whose date intervals overlap: a sweep in order of first day."""
    dated = sorted((i for i in members if spans[i] is not None), key=lambda i: spans[i][0])  # type: ignore[index]
    active: list[int] = []
    for i in dated:
        first = spans[i][0]  # type: ignore[index]
        active = [j for j in active if spans[j][1] >= first]  # type: ignore[index]
        yield from ((j, i) for j in active)
        active.append(i)


def cluster(mentions: list[Mention]) -> list[list[int]]:
    """Groups of mention indices that report one event."""
    sets = UnionFind(len(mentions))
    blocks: dict[BlockKey, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        blocks[block_key(m)].append(i)
    spans = [interval(m) for m in mentions]
    for members in blocks.values():
        for i, j in sweep(members, spans):
            if dates_match(mentions[i], mentions[j]) and parties_match(mentions[i], mentions[j]):
                sets.union(i, j)
        for i in (i for i in members if spans[i] is None):  # no day: the one event it can be, within its span if any
            events = {sets.find(j) for j in members if spans[j] is not None and parties_match(mentions[i], mentions[j])
                      and within_range(spans[j], mentions[i].date_range)}
            if len(events) == 1:
                sets.union(i, events.pop())
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        groups[sets.find(i)].append(i)
    return list(groups.values())


def merge_mentions(mentions: list[Mention], previous: dict[str, str] | None = None,
                   known: dict[tuple[str, ...], str] | None = None) -> list[Event]:
    """Events from all mentions, keeping the ids of the last merge where clusters persist; a mention whose
    people have no known country, even with the rest of the corpus's help, is no event between states.

    `known` is the corpus's `country_map` when the mentions are one block of a larger corpus (Spark)."""
    previous = previous or {}
    completed = complete_countries(mentions) if known is None else [with_countries(m, known) for m in mentions]
    completed = [m for m in completed if any(a.country for a in m.participants)]  # no one of a known country
    events: list[Event] = []
    used: set[str] = set()
    claimed = set(previous.values())
    for group in sorted(cluster(completed), key=lambda g: min(completed[i].mention_id for i in g)):
        members = sorted((completed[i] for i in group), key=lambda m: m.mention_id)
        event_id = stable_id(members, previous, used, claimed)
        used.add(event_id)
        events.append(build_event(event_id, members))
    return sorted(events, key=lambda e: (e.date or (e.date_range[0] if e.date_range else date.max), e.event_id))


def stable_id(members: list[Mention], previous: dict[str, str], used: set[str], claimed: set[str]) -> str:
    """The id most members had before, or a new one from the first mention's id (none of the
    `claimed` ids of the last merge)."""
    votes = Counter(previous[m.mention_id] for m in members if m.mention_id in previous)
    for event_id, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if event_id not in used:
            return event_id
    seed = members[0].mention_id
    new_id = "ev-" + hashlib.sha256(seed.encode()).hexdigest()[:16]
    while new_id in used or new_id in claimed:  # never take an id another cluster may claim
        seed += "+"
        new_id = "ev-" + hashlib.sha256(seed.encode()).hexdigest()[:16]
    return new_id


# -- settling attributes ---------------------------------------------------------------------
def majority(values: Iterable[object]) -> tuple[object | None, list[object]]:
    """The most common non-empty value (first seen wins ties) and the others seen."""
    counts: dict[object, int] = {}
    for value in values:
        if value is not None and value != "":
            counts[value] = counts.get(value, 0) + 1
    if not counts:
        return None, []
    best = max(counts, key=counts.__getitem__)  # the first of the most common, in order seen
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
    founded = [m for m in members if m.date and m.date_source != "inferred"]  # a day the text gives wins
    day, other_days = majority(m.date for m in founded or members)
    other_days = [*other_days, *(d for d in {m.date for m in members} - {day, *other_days} if d)]
    span = None if day else settle_span([m.date_range for m in members if m.date_range])
    mode = settle_mode(members)
    place, other_places = settle_place(members)
    alternatives = {"date": [str(d) for d in other_days],
                    "mode": sorted({m.mode for m in members if m.mode and m.mode != mode}),
                    "location": [p.name for p in other_places]}
    return Settled(day, span, mode, place, {k: v for k, v in alternatives.items() if v})  # type: ignore[arg-type]


def settle_span(spans: list[tuple[date, date]]) -> tuple[date, date] | None:
    """The span all sources allow (their intersection), else the narrowest one."""
    if not spans:
        return None
    low, high = max(s[0] for s in spans), min(s[1] for s in spans)
    return (low, high) if low <= high else min(spans, key=lambda s: s[1] - s[0])


def settle_date_source(members: list[Mention], day: date | None, span: tuple[date, date] | None) -> DateSource | None:
    """How the settled date was found: the most precise source among the members that give it."""
    agreeing = [m.date_source for m in members if m.date_source and gives_date(m, day, span)]
    return min(agreeing, key=SOURCE_RANK.index, default=None)


def gives_date(m: Mention, day: date | None, span: tuple[date, date] | None) -> bool:
    """True when a mention gives the settled date: its day is the day, or its span holds the span."""
    if day:
        return m.date == day
    return bool(span and m.date_range and m.date_range[0] <= span[0] and span[1] <= m.date_range[1])


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
    cities = [p for p in places if not is_country_name(p.name)]
    best, _ = majority(cities or places)
    assert isinstance(best, Place)
    others = [p for p in dict.fromkeys(places) if p != best]
    return best, [p for p in others if not (is_country_name(p.name) and p.country == best.country)]


@lru_cache(maxsize=50_000)
def is_country_name(name: str) -> bool:
    """True when a place name is a whole country rather than a city."""
    from entente.stages.gazetteer import lookup_country

    return lookup_country(name) is not None


def merge_participants(members: list[Mention]) -> tuple[Actor, ...]:
    """One actor per party: the fullest name, the office and country most sources give (a report
    without a day of its own names people as of the day its fellow reports give)."""
    fallback = next((m.date or m.publication_date for m in members if m.date or m.publication_date), None)
    groups: list[list[Actor]] = []
    for m in members:
        for actor in m.participants:
            day = m.date or m.publication_date or fallback
            group = next((g for g in groups if actor_match(g[0], actor, day)), None)
            if group is None:
                groups.append([actor])
            else:
                group.append(actor)
    return tuple(merged_actor(group) for group in groups)


def merged_actor(group: list[Actor]) -> Actor:
    """One actor from several spellings of it."""
    if len(group) == 1:
        return group[0]
    names = [a.name for a in group if a.name]
    longest = max((len(name_tokens(n)) for n in names), default=0)
    name, _ = majority(n for n in names if len(name_tokens(n)) == longest)  # the spelling most reports give
    office, _ = majority(a.office for a in group)
    country, _ = majority(a.country for a in group)
    role, _ = majority(a.role for a in group)
    sources = {a.office_source for a in group if a.office == office}
    office_source = "text" if "text" in sources else next(iter(sources - {None}), None)
    return Actor(name, country, office, role, office_source)  # type: ignore[arg-type]


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
    if len(members) == 1:
        return single_event(event_id, members[0])
    settled = settle(members)
    sources = tuple(m.source for m in members if m.source) or (
        Source(members[0].mention_id.rsplit(":", 1)[0], "", 0, 0),)
    event_type, _ = majority(m.event_type for m in members)
    return Event(
        event_id=event_id, event_type=str(event_type), mode=settled.mode, date=settled.day,
        date_range=settled.span, location=settled.place, participants=merge_participants(members),
        agreements=merge_agreements(members),
        topics=tuple(dict.fromkeys(t for m in members for t in m.topics)),
        sources=sources, alternatives=settled.alternatives,
        mention_ids=tuple(m.mention_id for m in members),
        date_source=settle_date_source(members, settled.day, settled.span),
        date_precision=date_precision(settled.day, settled.span))


def single_event(event_id: str, m: Mention) -> Event:
    """The Event of a mention no other article reported (the common case, kept fast)."""
    source = m.source or Source(m.mention_id.rsplit(":", 1)[0], "", 0, 0)
    span = None if m.date else m.date_range
    return Event(event_id=event_id, event_type=m.event_type, mode=m.mode, date=m.date,
                 date_range=span, location=m.location, participants=m.participants,
                 agreements=merge_agreements([m]), topics=m.topics,
                 sources=(source,), alternatives={}, mention_ids=(m.mention_id,),
                 date_source=m.date_source, date_precision=date_precision(m.date, span))
