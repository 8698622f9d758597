"""Resolve: a named person's country, office and canonical name on the event day, from what the
office-holder table (data/officeholders/*.jsonl) knows, as a prior to what the text says.

The table lists, for every UN member state, its heads of state and government and foreign ministers
since 2000 (and some defence ministers and heads of international bodies), each term with its dates,
the name's variants and a source. A person named in full (or by a listed variant, or by a spelling
within a few letters of one) matches the holders whose term covers the day; a surname alone, or part
of a full name ('Lopez Obrador'), matches when exactly one holder in office that day bears it. A
match gives the holder's country, the title of the office where the text gave none, and the
canonical name where the text gave only part of one.
"""
from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from entente.stages.actors import Cast
from entente.types import Actor, Mention

SLACK = timedelta(days=31)  # terms' days are sometimes known only to the month
FUZZY_RATIO = 90  # rapidfuzz token ratio above which two spellings of a full name are one
NOT_THE_HOLDER = re.compile(r"\b(?:former|ex|deputy|vice|late|then|future|next|incoming|"
                            r"junior|shadow|opposition|minister of state)\b", re.I)
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
    (each word of a name -> terms), by_country (country -> terms), names_by_word (each word of a name ->
    the names of by_name holding it, in table order)."""

    terms: tuple[Term, ...]
    by_name: dict[str, tuple[Term, ...]]
    by_word: dict[str, tuple[Term, ...]]
    by_country: dict[str, tuple[Term, ...]]
    names_by_word: dict[str, tuple[str, ...]]


def normalise(name: str) -> str:
    """A name without accents, titles, punctuation or case."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z ]+", " ", HONORIFICS.sub(" ", plain)).split())


@lru_cache(maxsize=65536)  # the words of news repeat: each is normalised once
def normalised_word(word: str) -> str:
    """normalise() of one word."""
    return normalise(word)


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
    by_country = defaultdict(list)
    for term in terms:
        by_country[term.country].append(term)
    names_by_word = defaultdict(list)
    for name in by_name:
        for word in dict.fromkeys(name.split()):
            names_by_word[word].append(name)
    return Holders(tuple(terms), *({k: tuple(v) for k, v in index.items()}
                                   for index in (by_name, by_word, by_country, names_by_word)))


NAME_WORD = re.compile(r"[^\W\d_](?:[\w'’-]|\.(?=\w))*")  # 'Kassym-Jomart', not the full stop after a name
LONGEST_NAME = 6  # words


def table_names_in(text: str) -> list[tuple[int, int, str]]:
    """Where the text names, in full, a person the office-holder table knows (two words or more, first
    and last capitalised, without the titles before it): people the tagger may miss ('the leader of Kazakhstan
    Kassym-Jomart Tokayev', tagged as one organisation)."""
    words = list(NAME_WORD.finditer(text))
    plain = [normalised_word(w.group()) for w in words]  # '' for a title ('President', 'Dr.')
    by_name = holders().by_name

    def known(first: int, last: int) -> bool:
        if not (words[first].group()[0].isupper() and words[last - 1].group()[0].isupper()):
            return False
        if any(not plain[k] for k in range(first, last)):
            return False  # a title inside
        if any(words[k].end() + 1 != words[k + 1].start() for k in range(first, last - 1)):
            return False  # a comma or line break inside
        return " ".join(plain[first:last]) in by_name

    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        if not words[i].group()[0].isupper() or not plain[i]:  # no name opens here: spare the windows
            i += 1
            continue
        end = next((j for j in range(min(len(words), i + LONGEST_NAME), i + 1, -1) if known(i, j)), None)
        if end is None:
            i += 1
            continue
        first = max(k for k in range(i, end - 1) if known(k, end))  # 'Senior General Min Aung Hlaing': the name
        start, stop = words[first].start(), words[end - 1].end()
        found.append((start, stop, text[start:stop]))
        i = end
    return found


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
    active = {n: [t for t in table.by_name[n] if t.covers(day)] for w in words for n in table.names_by_word.get(w, ())}
    active = {n: ts for n, ts in active.items() if ts}
    best = process.extractOne(key, list(active), scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_RATIO)
    if best:
        return one_person(active[best[0]])
    shortened = [t for n, ts in active.items() if set(words) <= set(n.split()) for t in ts]  # 'Lopez Obrador'
    return one_person(shortened)


def lookup_undated(name: str) -> Term | None:
    """The term of the person a full name (two words or more) or a listed variant means, whatever
    the day, when the table knows one person by it; for articles that print no date."""
    key = normalise(name)
    return one_person(list(holders().by_name.get(key, ()))) if len(key.split()) >= 2 else None


def holder(country: str, title: str, day: date) -> Term | None:
    """The one person who held an office of a country on a day, the office named by how news writes
    it ('prime minister', 'foreign minister', 'president'), or None when the table cannot tell."""
    kind = office_kind(title)
    if kind is None:
        return None
    office, word = kind
    terms = [t for t in holders().by_country.get(country, ())
             if t.office in office and (not word or word in t.title.lower())]
    held = [t for t in terms if t.start <= day and (t.end is None or day <= t.end)]
    return one_person(held or [t for t in terms if t.covers(day)])


@cache
def office_kinds() -> tuple[tuple[re.Pattern[str], tuple[str, ...], str], ...]:
    """How news writes each office of the table (data/officeholders/offices.toml), compiled."""
    raw = tomllib.loads(resources.files("entente.data").joinpath("officeholders", "offices.toml").read_text("utf-8"))
    return tuple((re.compile(rf"\b(?:{k['pattern']})s?\b", re.I), tuple(k["offices"]), k.get("title_word", ""))
                 for k in raw["kinds"])


def office_kind(title: str) -> tuple[tuple[str, ...], str] | None:
    """The table's offices (and the word their title must hold) a title names, if it names one."""
    if NOT_THE_HOLDER.search(title):
        return None
    return next(((offices, word) for pattern, offices, word in office_kinds() if pattern.search(title)), None)


def same_person(full: str, named: str) -> bool:
    """True when a name the text gives is the full name or its surname ('Sudani' for
    'Mohammed Shia al-Sudani')."""
    words, given = normalise(full).split(), normalise(named).split()
    return bool(given) and (given == words or given[-1] == words[-1])


def resolve_actor(actor: Actor, day: date | None) -> Actor:
    """A named participant with the table's country, its title where the text gave no office (its
    office_source then 'knowledge', else 'text'), and the table's name where the text gave a part of it
    ('Sudani'); a full name keeps the text's spelling and order ('Kishida Fumio'), as annotators write it
    (merge still takes two spellings or orders of one holder for one person)."""
    if actor.office and not actor.office_source:
        actor = replace(actor, office_source="text")
    if not actor.name or day is None:
        return actor
    term = lookup(actor.name, day)
    if term is None or len(term.country) != 3:
        return actor
    name = term.name if is_part(actor.name) else actor.name
    return replace(actor, name=name, country=term.country, office=actor.office or term.title,
                   office_source=actor.office_source or "knowledge")


def is_part(named: str) -> bool:
    """True when a name the text gives is one word ('Sudani'), a part of the table's full name."""
    return len(normalise(named).split()) < 2


def cast_with_countries(cast: Cast, day: date | None) -> Cast:
    """The article's people, those the text gives no country taking the one the table gives them on
    the day (the publication day; with none, the one person the table knows by the full name), so that
    parties can be read for them."""
    persons = dict(cast.persons)
    for key, person in cast.persons.items():
        if person.country is not None:
            continue
        term = lookup(person.name, day) if day else lookup_undated(person.name)
        if term and len(term.country) == 3:
            persons[key] = replace(person, country=term.country)
    return replace(cast, persons=persons)


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
