"""Gazetteer: countries (names, aliases, demonyms, capitals, cities) and organisations.

Loaded once from data/countries.jsonl and data/organisations.jsonl; every lookup is pure.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Country:
    """A country. Fields: iso3, name (common English name), aliases, demonyms, capital, cities, seats (the
    seats of its government that stand for it: 'the Kremlin', 'the State Department')."""

    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    cities: tuple[str, ...]
    seats: tuple[str, ...]


@dataclass(frozen=True)
class Tables:
    """Lookup tables. Fields: countries (by ISO3), names/demonyms/places/organisations by key."""

    countries: dict[str, Country]
    country_keys: dict[str, str]
    place_keys: dict[str, tuple[str, str]]
    organisation_keys: dict[str, str]
    kinds: dict[str, tuple[str, str]]


def key(text: str) -> str:
    """A lookup key: case-folded, without a leading 'the' or a trailing possessive."""
    text = POSSESSIVE.sub("", " ".join(text.split()).strip(" ,.;:"))
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    return text.casefold()


def read_jsonl(name: str) -> list[dict]:
    """Rows of a data file."""
    text = resources.files("entente.data").joinpath(name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def read_lines(name: str) -> list[str]:
    """The lines of a data file that are neither blank nor comments."""
    text = resources.files("entente.data").joinpath(name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def tables() -> Tables:
    """The gazetteer, loaded once."""
    countries = {r["iso3"]: Country(r["iso3"], r["name"], tuple(r["aliases"]), tuple(r["demonyms"]), r["capital"],
                                    tuple(r["cities"]), tuple(r["seats"])) for r in read_jsonl("countries.jsonl")}
    country_keys: dict[str, str] = {}
    place_keys: dict[str, tuple[str, str]] = {}
    kinds: dict[str, tuple[str, str]] = {name: ("region", "") for name in read_lines("regions.txt")}
    for c in countries.values():
        for name in (c.name, *c.aliases):
            country_keys.setdefault(key(name), c.iso3)
            place_keys.setdefault(key(name), (c.name, c.iso3))
            kinds.setdefault(name, ("country", c.iso3))
        for demonym in c.demonyms:
            country_keys.setdefault(key(demonym), c.iso3)
            kinds.setdefault(demonym, ("demonym", c.iso3))
        for people in {people_of(d) for d in c.demonyms} - set(c.demonyms):  # a side, not the article's topic
            country_keys.setdefault(key(people), c.iso3)
            kinds.setdefault(people, ("people", c.iso3))
        for seat in c.seats:  # a side, never a place
            country_keys.setdefault(key(seat), c.iso3)
            kinds.setdefault(seat, ("seat", c.iso3))
        for city, kind in [(c.capital, "capital")] * bool(c.capital) + [(x, "city") for x in c.cities]:
            place_keys.setdefault(key(city), (city, c.iso3))  # type: ignore[arg-type]
            kinds.setdefault(city, (kind, c.iso3))  # type: ignore[index]
    organisations: dict[str, str] = {}
    for org in read_jsonl("organisations.jsonl"):
        for name in (org["name"], *org["aliases"]):
            organisations.setdefault(key(name), org["id"])
            kinds.setdefault(name, ("organisation", org["id"]))
    return Tables(countries, country_keys, place_keys, organisations, kinds)


def people_of(demonym: str) -> str:
    """The plural that names a country's people ('Iraqi' -> 'Iraqis', 'Afghan' -> 'Afghans', 'Filipino' ->
    'Filipinos'); a demonym in -ese, -ch or -sh is its own plural ('the Chinese', 'the French')."""
    return demonym + "s" if demonym.endswith(("an", "i", "o")) else demonym


def country_by_iso3(code: str) -> Country | None:
    """The country with an ISO 3166-1 alpha-3 code."""
    return tables().countries.get(code.upper())


def lookup_country(text: str) -> str | None:
    """ISO3 for a country name, alias or demonym ('Singaporean' -> 'SGP'); None otherwise."""
    return tables().country_keys.get(key(text)) if text else None


def lookup_place(text: str) -> tuple[str, str] | None:
    """(canonical name, ISO3) for a capital, a listed city or a country name."""
    return tables().place_keys.get(key(text)) if text else None


def lookup_organisation(text: str) -> str | None:
    """The id of an international organisation named by text."""
    return tables().organisation_keys.get(key(text)) if text else None


def alternation(names: list[str]) -> str:
    """A regex matching any of the names, the longest where several fit, case-sensitive.

    Written as a prefix tree ('Niger(?:ia(?:n)?)?'), which matches exactly what 'Nigerian|Nigeria|Niger'
    matches: the names fitting at one position lie on one path and deeper is tried first. Python's
    engine tries a flat alternation name by name at every position; the tree is 10-20x faster.
    """
    tree: dict[str, dict] = {}
    for name in set(names):
        node = tree
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return tree_pattern(tree)


def tree_pattern(node: dict[str, dict]) -> str:
    """The regex of a prefix tree node ('' marks the end of a name)."""
    options = [re.escape(char) + tree_pattern(child) for char, child in sorted(node.items()) if char]
    if not options:
        return ""
    body = options[0] if len(options) == 1 and "" not in node else "(?:" + "|".join(options) + ")"
    return body + "?" if "" in node else body


@cache
def country_alternation() -> str:
    """Regex alternation of every country name, alias and demonym (for office phrases)."""
    return alternation([n for n, (kind, _) in tables().kinds.items() if kind in {"country", "demonym"}])


def posting_alternation() -> str:
    """Regex alternation of every country name, alias and capital: where an envoy is posted ('ambassador to
    Baku')."""
    return alternation([n for n, (kind, _) in tables().kinds.items() if kind in {"country", "capital"}])


@cache
def places_pattern() -> re.Pattern[str]:
    """One regex for every country, demonym, capital, city and organisation name in running text
    (not a currency's name: 'US$1.7 billion', 'two billion US dollars', 'Hong Kong dollars')."""
    return re.compile(rf"(?<![\w-])(?:{alternation(list(tables().kinds))})(?![\w$-])(?!\s+dollars?\b)")


def find_places(text: str) -> list[tuple[int, int, str, str, str]]:
    """(start, end, text, kind, ISO3 or organisation id) of each name in text, leftmost-longest."""
    kinds = tables().kinds
    return [(m.start(), m.end(), m.group(0), *kinds[m.group(0)]) for m in places_pattern().finditer(text)]
