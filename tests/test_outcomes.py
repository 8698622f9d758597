"""Outcomes: what one sentence says was signed, agreed or proposed, as (status, name) pairs.

Every sentence here is written for this table; none comes from a real article.
"""
from __future__ import annotations

import pytest

from entente.stages.outcomes import agreements_in, itemised, topics_of, unique_agreements
from entente.types import Agreement

YEAR = 2025

CASES = [
    # signed: the name stops before place, day, purpose and signatories
    ("Peru and Ecuador signed a memorandum of understanding on fisheries in Quito on Friday, aiming to curb "
     "illegal catches along their maritime border.",
     [("signed", "memorandum of understanding on fisheries")]),
    ("The two ministers signed a border cooperation agreement at the presidential palace after two hours of talks.",
     [("signed", "border cooperation agreement")]),
    ("Norway and Iceland signed a memorandum of understanding on search and rescue and agreed to convene their "
     "joint coast guard committee before the end of the year, according to a statement from Oslo.",
     [("signed", "memorandum of understanding on search and rescue"),
      ("agreed", "convene their joint coast guard committee before the end of the year")]),
    ("The leaders witnessed the signing of six cooperation documents in education, energy and customs.",
     [("signed", "six cooperation documents in education, energy and customs")]),
    ("The ministers signed a protocol on double taxation and an agreement on the mutual protection of investments.",
     [("signed", "protocol on double taxation"), ("signed", "agreement on the mutual protection of investments")]),
    ("Ghana and Togo on Tuesday signed an accord on cross-border electricity trade, which will let Accra sell "
     "surplus power to Lome.",
     [("signed", "accord on cross-border electricity trade")]),
    ("They also signed 12 agreements, including on tourism, health and digital payments.",
     [("signed", "12 agreements on tourism, health and digital payments")]),
    ("The envoys exchanged notes on a loan for the upgrade of the northern railway.",
     [("signed", "exchange of notes on a loan for the upgrade of the northern railway")]),
    ("A memorandum of understanding on wildlife protection was signed by the two environment ministers.",
     [("signed", "memorandum of understanding on wildlife protection")]),
    ("Business leaders signed several deals with Kenyan firms on tea and coffee processing.",
     [("signed", "several deals on tea and coffee processing")]),
    # agreed: concise verb phrases, one per 'and to', no asides or attributions
    ("The foreign ministers agreed to reopen the consulate in Mazar and to resume direct flights, a spokesman said.",
     [("agreed", "reopen the consulate in Mazar"), ("agreed", "resume direct flights")]),
    ("The presidents agreed on 14 March to begin talks on a free trade agreement, as both economies slow.",
     [("agreed", "begin talks on a free trade agreement")]),
    ("Kaya agreed with her Austrian counterpart during talks in Vienna on Monday to set up a migration task force.",
     [("agreed", "set up a migration task force")]),
    ("Both sides agreed on the importance of a two-state solution and on the need for more aid to Gaza.",
     [("agreed", "importance of a two-state solution"), ("agreed", "need for more aid to Gaza")]),
    ("It was agreed that the joint commission would meet in Dakar in the autumn.",
     [("agreed", "the joint commission would meet in Dakar in the autumn")]),
    ("The two sides agreed to create a working group on water sharing that will report within six months.",
     [("agreed", "create a working group on water sharing")]),
    # proposed
    ("Silva proposed a joint fund for Amazon research during the meeting.",
     [("proposed", "joint fund for Amazon research")]),
    # negatives: setting, not a name; background; ahead; negated; standing positions
    ("The ministers agreed on Wednesday at a meeting in Montevideo.", []),
    ("The agreement was signed in Tallinn on Saturday by the two defence ministers.", []),
    ("They welcomed progress on the fisheries agreement signed earlier in the year.", []),
    ("The talks build on accords the two countries signed in 2009 and 2014.", []),
    ("Chile and Bolivia first signed a transit treaty in 1904.", []),
    ("The two countries had signed agreements on energy and mining during previous visits.", []),
    ("Ms Ortega said the two governments had signed a customs agreement at the border post.",
     [("signed", "customs agreement")]),
    ("He recalled the last decade, during which the two states had signed treaties on fishing and trade.", []),
    ("The ministers will sign a visa waiver agreement in June.", []),
    ("The leaders are expected to agree to a new trade road map.", []),
    ("We will not always agree, but we will keep talking, the minister said.", []),
    ("Mr Okafor said Abuja remained committed to its policy of non-alignment.", []),
    ("The proposed pipeline would cross three provinces.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_outcomes_of_a_sentence(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(a.status, a.name) for a in agreements_in(sentence, YEAR)] == expected


def test_a_signing_in_the_articles_year_is_kept_and_one_years_before_is_not() -> None:
    sentence = "The ministers signed a customs agreement in March 2024."
    assert [a.name for a in agreements_in(sentence, 2024)] == ["customs agreement"]
    assert agreements_in(sentence, 2025) == []


def test_counted_agreements_are_itemised_from_the_next_sentence() -> None:
    counted = Agreement("four agreements", "signed")
    following = " The agreements cover health, tourism and customs."
    assert [a.name for a in itemised(counted, following)] == [
        "agreement on health", "agreement on tourism", "agreement on customs"]
    assert itemised(counted, " The ministers then held a press conference.") == [counted]


def test_repeats_and_partial_names_are_removed_and_a_signing_outranks_an_agreement() -> None:
    found = (Agreement("Memorandum of understanding on fisheries", "agreed"),
             Agreement("memorandum of understanding on fisheries", "signed"),
             Agreement("memorandum of understanding", "signed"),
             Agreement("resume direct flights", "agreed"))
    assert unique_agreements(found) == (Agreement("memorandum of understanding on fisheries", "signed"),
                                        Agreement("resume direct flights", "agreed"))


def test_topics_come_from_the_data_table() -> None:
    assert set(topics_of("They agreed to expand trade and cooperate on vaccines.")) >= {"trade", "vaccines"}
    assert topics_of("The two leaders shook hands.") == ()
