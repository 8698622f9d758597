"""Resolve: a named person's country, office and canonical name on the event day, from what the
office-holder table (data/officeholders/*.jsonl) knows, as a prior to what the text says.

The table lists, for every UN member state, its heads of state and government and foreign ministers
since 2000 (and some defence ministers and heads of international bodies), each term with its dates,
the name's variants and a source. A person named in full (or by a listed variant, or by a spelling
within a few letters of one) matches the holders whose term covers the day; a surname alone matches
when exactly one holder in office that day bears it. A match gives the holder's canonical name and
country, and the title of the office where the text gave none.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from entente.types import Actor, Mention

SLACK = timedelta(days=31)  # terms' days are sometimes known only to the month
FUZZY_RATIO = 90  # rapidfuzz token ratio above which two spellings of a full name are one
HONORIFICS = re.compile(r"\b(?:mr|mrs|ms|dr|prof|sir|dame|h\.?e|sheikh|shaikh|king|queen|emir|prince|president|"
                        r"prime minister|minister|general)\b\.?", re.I)


@dataclass(frozen=True, slots=True)
class Term:
    """One person's term in one office. Fields: country (ISO3 or body id), office (head_of_state,
    head_of_government, foreign_minister, defence_minister, org_head), title, name, start, end (None
    while in office), source."""

    country: str
    office: str
    title: str
    name: str
    start: date
    end: date | None
    source: str

    def covers(self, day: date) -> bool:
        """True when the person held the office on that day (give or take the slack of the dates)."""
        return self.start - SLACK <= day and (self.end is None or day <= self.end + SLACK)


@dataclass(frozen=True)
class Holders:
    """The table, indexed. Fields: terms, by_name (normalised full name or variant -> terms), by_word
    (each word of a name -> terms)."""

    terms: tuple[Term, ...]
    by_name: dict[str, tuple[Term, ...]]
    by_word: dict[str, tuple[Term, ...]]


def normalise(name: str) -> str:
    """A name without accents, titles, punctuation or case."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z ]+", " ", HONORIFICS.sub(" ", plain)).split())


@cache
def holders() -> Holders:
    """The office-holder table, loaded once."""
    folder = resources.files("entente.data").joinpath("officeholders")
    terms, by_name, by_word = [], defaultdict(list), defaultdict(list)
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".jsonl"):
            continue
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            term = Term(row["country"], row["office"], row["title"], row["name"], date.fromisoformat(row["start"]),
                        date.fromisoformat(row["end"]) if row.get("end") else None, row.get("source", ""))
            terms.append(term)
            for name in {normalise(n) for n in [row["name"], *row.get("variants", [])]} - {""}:
                by_name[name].append(term)
                for word in name.split():
                    if len(word) > 2 and term not in by_word[word]:
                        by_word[word].append(term)
    return Holders(tuple(terms), {k: tuple(v) for k, v in by_name.items()}, {k: tuple(v) for k, v in by_word.items()})


def one_person(terms: list[Term]) -> Term | None:
    """The term to report when the matches are one person (their highest office), else None."""
    if not terms or len({(t.name, t.country) for t in terms}) > 1:
        return None
    order = ["head_of_state", "head_of_government", "foreign_minister", "defence_minister", "org_head"]
    return min(terms, key=lambda t: order.index(t.office) if t.office in order else len(order))


def lookup(name: str, day: date) -> Term | None:
    """The term of the person a name means on a day, or None when the table cannot tell."""
    table, key = holders(), normalise(name)
    if not key:
        return None
    exact = [t for t in table.by_name.get(key, ()) if t.covers(day)]
    if exact:
        return one_person(exact)
    words = key.split()
    if len(words) == 1:
        return one_person([t for t in table.by_word.get(key, ()) if t.covers(day)])
    active = {n: [t for t in ts if t.covers(day)] for w in words for n, ts in table.by_name.items()
              if w in n.split()} if len(words) > 1 else {}
    active = {n: ts for n, ts in active.items() if ts}
    best = process.extractOne(key, list(active), scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_RATIO)
    return one_person(active[best[0]]) if best else None


def resolve_actor(actor: Actor, day: date | None) -> Actor:
    """A named participant with the table's canonical name and country, and its title where the text
    gave no office; unchanged when the table does not know them on that day."""
    if not actor.name or day is None:
        return actor
    term = lookup(actor.name, day)
    if term is None or len(term.country) != 3:
        return actor
    return replace(actor, name=term.name, country=term.country, office=actor.office or term.title)


def event_day(mention: Mention) -> date | None:
    """The day a mention's people are looked up on: its day, else its span's first day or the publication day."""
    return mention.date or (mention.date_range[0] if mention.date_range else mention.publication_date)


def resolve_mentions(mentions: list[Mention]) -> list[Mention]:
    """Mentions whose named participants are resolved against the office-holder table."""
    resolved = []
    for mention in mentions:
        day = event_day(mention)
        actors = tuple(resolve_actor(a, day) for a in mention.participants)
        if len({(a.name, a.country) for a in actors}) < len(actors) or len({a.country for a in actors}) < 2:
            actors = mention.participants  # the table would merge two sides into one: keep the text's
        resolved.append(replace(mention, participants=actors))
    return resolved
