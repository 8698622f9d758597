"""Places: where an encounter held in person took place, when its own sentence names only a country.

'Yoon held talks in Vietnam' or 'on his visit to China' places the meeting in a country; the article
usually names the city elsewhere (its dateline, 'arrived in Hanoi', 'in Chengdu on Tuesday'). A mention
placed in a country takes the first city of that country the article names as a place ('in Hanoi', not
'the Jakarta MRT'), the dateline's first.
Remote encounters, statements and meetings on a summit's sidelines (whose venue is often not the dateline's
city: a retreat in Langkawi reported from Kuala Lumpur) keep what they have.
"""
from __future__ import annotations

from dataclasses import replace

from entente.stages.events import PLACE_CUE, dateline_match
from entente.stages.gazetteer import find_places, lookup_country, lookup_place
from entente.types import Article, Mention, Place

IN_PERSON = frozenset(["visit", "meeting"])  # not a summit's sidelines: its venue is often no city named
CITY_KINDS = frozenset(["capital", "city"])


def place_mentions(mentions: list[Mention], article: Article) -> list[Mention]:
    """The mentions of one article, those held in person in a country placed in the article's city there."""
    if not any(in_a_country(m) for m in mentions):
        return mentions  # the article's cities are looked for only when a mention needs one
    dateline = dateline_match(article.text.lstrip())
    named = [dateline["place"].strip()] if dateline else []  # 'HANOI -', in capitals the gazetteer scan skips
    named += [name for start, _end, name, kind, _code in find_places(article.text)  # 'in Hanoi', not 'the Jakarta MRT'
              if kind in CITY_KINDS and PLACE_CUE.search(article.text[max(0, start - 60):start])]
    cities: dict[str, Place] = {}
    for known in filter(None, map(lookup_place, named)):
        if not lookup_country(known[0]):
            cities.setdefault(known[1], Place(*known))
    return [replace(m, location=cities.get(m.location.country, m.location)) if in_a_country(m) else m
            for m in mentions]


def in_a_country(mention: Mention) -> bool:
    """True for an encounter held in person that its sentence places only in a country."""
    return mention.mode in IN_PERSON and mention.location is not None and bool(lookup_country(mention.location.name))
