"""The office-holder table: coverage, consistency, and what it tells about people named in news."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from importlib import resources
from itertools import pairwise

import pytest

from entente.stages.actors import Cast, Person
from entente.stages.resolve import cast_with_countries, holder, holders, lookup, lookup_undated, resolve_actor
from entente.types import Actor

OFFICES = {"head_of_state", "head_of_government", "foreign_minister"}
COLLEGIAL_HEADS_OF_STATE = {"SMR"}  # two Captains Regent at once, changed every six months (README)


def un_members() -> list[str]:
    text = resources.files("entente.data").joinpath("un_members.txt").read_text("utf-8")
    return [code for line in text.splitlines() if not line.startswith("#") for code in line.split()]


def test_every_un_member_state_has_its_offices() -> None:
    members = un_members()
    assert len(set(members)) == 193
    offices = defaultdict(set)
    for term in holders().terms:
        offices[term.country].add(term.office)
    missing = {c: OFFICES - offices[c] for c in members if OFFICES - offices[c]}
    assert missing == {c: {"head_of_state"} for c in COLLEGIAL_HEADS_OF_STATE}


def test_terms_of_one_office_never_overlap() -> None:
    terms = defaultdict(list)
    for term in holders().terms:
        terms[(term.country, term.office)].append(term)
    for key, held in terms.items():
        held.sort(key=lambda t: t.start)
        for before, after in pairwise(held):
            assert before.end is not None and before.end <= after.start, (key, before.name, after.name)


def test_every_term_names_its_source_and_reads_forward() -> None:
    for term in holders().terms:
        assert term.source, term
        assert term.end is None or term.start <= term.end, term


@pytest.mark.parametrize(("name", "day", "country", "canonical"), [
    ("Modi", date(2025, 4, 5), "IND", "Narendra Modi"),
    ("Sadyr Zhaparov", date(2025, 3, 13), "KGZ", "Sadyr Japarov"),
    ("Recep Tayyip Erdoğan", date(2024, 9, 24), "TUR", "Recep Tayyip Erdogan"),
    ("Balakrishnan", date(2021, 6, 21), "SGP", "Vivian Balakrishnan"),
    ("Lopez Obrador", date(2024, 4, 5), "MEX", "Andres Manuel Lopez Obrador"),
])
def test_a_name_resolves_to_the_holder_on_that_day(name: str, day: date, country: str, canonical: str) -> None:
    term = lookup(name, day)
    assert term is not None and term.country == country
    assert term.name.replace("ğ", "g").replace("é", "e").replace("ó", "o") == canonical


def test_no_holder_outside_the_term() -> None:
    assert lookup("Jacinda Ardern", date(2024, 6, 1)) is None
    assert lookup("Jacinda Ardern", date(2020, 6, 1)).country == "NZL"


def test_the_text_office_is_kept_and_the_country_filled() -> None:
    actor = resolve_actor(Actor("Mr Luxon", None, "Prime Minister of New Zealand"), date(2025, 6, 20))
    assert (actor.name, actor.country, actor.office) == ("Christopher Luxon", "NZL", "Prime Minister of New Zealand")
    assert actor.office_source == "text"
    from_table = resolve_actor(Actor("Luxon", None, None), date(2025, 6, 20))
    assert (from_table.office, from_table.office_source) == ("Prime Minister", "knowledge")
    assert resolve_actor(Actor("Nobody Known", None, None), date(2025, 6, 20)).country is None


def test_a_known_person_takes_the_tables_name_for_a_part_and_keeps_another_order_or_a_fuller_one() -> None:
    reordered = resolve_actor(Actor("Kishida Fumio", None, None), date(2023, 11, 27))
    assert (reordered.name, reordered.country) == ("Kishida Fumio", "JPN")  # family name first, as the text wrote
    fuller = resolve_actor(Actor("Claudia Sheinbaum Pardo", None, None), date(2025, 2, 3))
    assert (fuller.name, fuller.country) == ("Claudia Sheinbaum Pardo", "MEX")
    completed = resolve_actor(Actor("Sudani", None, None), date(2023, 7, 20))
    assert (completed.name, completed.country) == ("Mohammed Shia al-Sudani", "IRQ")


@pytest.mark.parametrize(("country", "title", "day", "name"), [
    ("IRQ", "Iraq's prime minister", date(2023, 7, 20), "Mohammed Shia al-Sudani"),
    ("USA", "the US Secretary of State", date(2018, 5, 22), "Mike Pompeo"),
    ("CHN", "Chinese Premier", date(2024, 3, 1), "Li Qiang"),
    ("DEU", "the German chancellor", date(2023, 5, 1), "Olaf Scholz"),
    ("FRA", "the French president", date(2020, 1, 1), "Emmanuel Macron"),
])
def test_an_office_named_by_its_title_has_one_holder_that_day(country: str, title: str, day: date,
                                                               name: str) -> None:
    term = holder(country, title, day)
    assert term is not None and term.name == name


@pytest.mark.parametrize("title", ["the former prime minister", "Deputy Prime Minister", "the vice president",
                                   "Minister of State for Foreign Affairs", "the foreign ministry"])
def test_titles_that_are_not_the_office_holder_give_no_one(title: str) -> None:
    assert holder("GBR", title, date(2024, 1, 29)) is None


def test_people_the_text_gives_no_country_take_the_tables_before_parties_are_read() -> None:
    cast = Cast({"José Manuel Albares": Person("José Manuel Albares", None, "Minister for Foreign Affairs"),
                 "Ana Ruiz": Person("Ana Ruiz", None, None),
                 "Nasser Bourita": Person("Nasser Bourita", "MAR", None)}, ())
    countries = {n: p.country for n, p in cast_with_countries(cast, date(2025, 10, 22)).persons.items()}
    assert countries == {"José Manuel Albares": "ESP", "Ana Ruiz": None, "Nasser Bourita": "MAR"}
    assert cast_with_countries(cast, date(2019, 1, 1)).persons["José Manuel Albares"].country is None
    undated = {n: p.country for n, p in cast_with_countries(cast, None).persons.items()}
    assert undated == countries  # no day: the one holder the table knows by the full name


def test_an_undated_lookup_needs_a_full_name() -> None:
    assert lookup_undated("José Manuel Albares").country == "ESP"
    assert lookup_undated("Albares") is None
    assert lookup_undated("Ana Ruiz") is None


def test_the_table_finds_the_people_it_knows_in_a_text_without_their_titles() -> None:
    from entente.stages.resolve import table_names_in
    text = ("Prime Minister Fumio Kishida, President Joko Widodo and the leader of Kazakhstan "
            "Kassym-Jomart Tokayev spoke. Senior General Min Aung Hlaing stayed away. Jane Unknown Person too.")
    found = [name for _, _, name in table_names_in(text)]
    assert found == ["Fumio Kishida", "Joko Widodo", "Kassym-Jomart Tokayev", "Min Aung Hlaing"]
    assert all(text[start:end] == name for start, end, name in table_names_in(text))
