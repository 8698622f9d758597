"""Parties from the dependency parse, on the real spaCy model, for sentences of our own writing."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from entente.config import DEFAULT_MODEL
from entente.stages.actors import Cast, Person, Ref
from entente.stages.annotate import load_parser
from entente.stages.assemble import type_scorer
from entente.stages.detect import EVENT_TYPES, THRESHOLD, load_detector
from entente.stages.parties import find_parties
from entente.types import Actor

NO_CAST = Cast({}, ())


def mentions_of(text: str, published: str) -> list:
    """The mentions the whole pipeline reads from one article of ours, published on that day."""
    from entente.pipeline import process_batch
    from entente.stages.annotate import load_nlp
    from entente.types import RawDoc
    [(_, found)] = process_batch([RawDoc("k", "k.txt", "text", f" date {published} \n\n{text}")],
                                 load_nlp(DEFAULT_MODEL))
    return found

CASES = [  # sentence, type, source countries, target countries
    ("China accused the Philippines on Tuesday of ramming a supply boat near the shoal.", "ACCUSE", {"CHN"}, {"PHL"}),
    ("The Philippines was accused by China of ramming a supply boat.", "ACCUSE", {"CHN"}, {"PHL"}),
    ("Beijing imposed sanctions on three US defence firms over arms sales to Taiwan.", "SANCTION", {"CHN"}, {"USA"}),
    ("Japan's foreign ministry summoned the Chinese ambassador on Wednesday.", "REQUEST", {"JPN"}, {"CHN"}),
    ("Kenya demanded that Kampala withdraw its troops from the island, Kenyan government spokesman Isaac Mwaura said.",
     "REQUEST", {"KEN"}, {"UGA"}),
    ("Moscow said it was expelling a Moldovan diplomat in retaliation.", "SANCTION", {"RUS"}, {"MDA"}),
    ("An Israeli air strike hit Iranian air defence sites overnight, Tehran said.", "ASSAULT", {"ISR"}, {"IRN"}),
    ("Indian and Chinese troops completed their pullback from the two friction points.", "RETREAT", {"IND"},
     {"CHN"}),
    ("The accord was signed by Kenyan President Amani Waweru and Ugandan President Okello Mugisha on Monday.",
     "AGREE", {"KEN"}, {"UGA"}),
    ("Iran's Revolutionary Guards seized a U.K.-flagged tanker in the strait on Friday.", "COERCE", {"IRN"}, {"GBR"}),
    ("On Monday the Kenyan ambassador was summoned to the Ugandan foreign ministry.", "REQUEST", {"UGA"}, {"KEN"}),
    ("Amani Waweru, the chief of staff of the Kenyan army, and Okello Mugisha, the commander of Uganda's land forces, "
     "signed a border security accord on Friday.", "AGREE", {"KEN"}, {"UGA"}),
    # an accusation told as speech: the speaker accuses the doer of the act told, not its object
    ("Uganda said Kenyan forces had violated Ugandan airspace twice this week.", "ACCUSE", {"UGA"}, {"KEN"}),
    ("Kenya's incursions violated Ugandan sovereignty and amounted to aggression, according to the Ugandan foreign "
     "minister.", "ACCUSE", {"UGA"}, {"KEN"}),
    ("The Ugandan ministry voiced alarm over the border clashes, alleging that Kenyan troops had shelled Ugandan "
     "villages.", "ACCUSE", {"UGA"}, {"KEN"}),
    ("Uganda said Kenya's decision to invite the rebel commander to a summit that Nairobi is hosting this week was "
     "a grave and hostile act.", "ACCUSE", {"UGA"}, {"KEN"}),  # the blamed deed deep in the clause said
    # what a naming verb calls its object, read as a clause by the parser; a phrasal 'called in'; a ministry
    # telling its own state's act
    ("Kenya declared two Ugandan diplomats persona non grata on Tuesday.", "SANCTION", {"KEN"}, {"UGA"}),
    ("Kenya branded Uganda an aggressor state on Tuesday.", "ACCUSE", {"KEN"}, {"UGA"}),
    ("Kenya called in the Ugandan ambassador and lodged a complaint, Nairobi's foreign ministry said on Sunday.",
     "REQUEST", {"KEN"}, {"UGA"}),
    # two states named together act together on a third, unless the act is one they can do to each other
    ("Kenya and Tanzania imposed sanctions on Burundi on Monday.", "SANCTION", {"KEN", "TZA"}, {"BDI"}),
    ("Kenya and Uganda expelled each other's diplomats on Monday.", "SANCTION", {"KEN"}, {"UGA"}),
    ("Uganda on Monday condemned Kenya's decision to cut diplomatic ties as hasty.", "SANCTION", {"KEN"}, {"UGA"}),
    # the troops of a withdrawal are the side that withdraws, whoever announces it
    ("Kenya on Thursday announced a full withdrawal of Ugandan troops from its territory.", "RETREAT", {"UGA"},
     {"KEN"}),
    ("Kenya called off talks with Uganda on Monday in protest.", "SANCTION", {"KEN"}, {"UGA"}),
    # a noun's 'from' or 'by' names who does the act ('answered a summons from the ministry')
    ("The Ugandan envoy answered a summons from the Kenyan foreign ministry on Monday.", "REQUEST", {"KEN"}, {"UGA"}),
    ("The air strike by Kenya on Ugandan border posts drew condemnation on Monday.", "ASSAULT", {"KEN"}, {"UGA"}),
    # a demonym's plural names the state's people, who stand for it as a side
    ("Kenyan aircraft killed four Ugandans in an air strike on a border village on Monday.", "ASSAULT", {"KEN"},
     {"UGA"}),
    # a noun of intent governs an act only through its own clause ('plans to visit'), not as the act's object
    ("Kenya’s military has increased operational readiness along the eastern Kenyan border with Uganda, reports "
     "said.", "MOBILIZE", {"KEN"}, {"UGA"}),
    # an apposition describes the state it follows and names no side
    ("Kenya, a close ally of Tanzania, deployed troops to the border with Uganda on Friday.", "MOBILIZE", {"KEN"},
     {"UGA"}),
    # a 'who' is the person its clause is about
    ("Tanzania cited remarks by the Ugandan envoy Okello Mugisha, who was summoned by Kenya on Saturday.", "REQUEST",
     {"KEN"}, {"UGA"}),
    # the Taliban have governed Afghanistan since 2021: their forces and officials act for it
    ("Taliban forces opened fire on Iranian border guards on Saturday.", "ASSAULT", {"AFG"}, {"IRN"}),
    # the first word of the act gives no two sides; a later one does
    ("The Kenyan ambassador was summoned in Kampala on Monday, and Kenya called in the Ugandan envoy hours later.",
     "REQUEST", {"KEN"}, {"UGA"}),
    # the act a verb's object names is aimed at its own 'to' or 'against' X; a pluperfect told under a
    # verb of saying is the act reported, not something from before
    ("The Kenyan foreign ministry said on Monday it had ordered the recall of its envoys to Uganda and Tanzania.",
     "SANCTION", {"KEN"}, {"UGA", "TZA"}),
    # goods 'from X' name the state a tariff on them is aimed at
    ("Tanzania on Monday slapped a 25 per cent duty on steel imports from Kenya and Uganda.", "SANCTION",
     {"TZA"}, {"KEN", "UGA"}),
    # a state's commands and forces act for it ('the Kenya Defence Force', 'the United States Central Command')
    ("The Kenya Defence Force shelled positions held by the Ugandan army near the border on Tuesday.", "ASSAULT",
     {"KEN"}, {"UGA"}),
    # what an adverbial clause tells is its own subject's act, not the word of the main clause's speaker
    ("Kenya declared the Ugandan envoy persona non grata on Friday after the Ugandan president accused Kenya of "
     "arming rebels.", "ACCUSE", {"UGA"}, {"KEN"}),
]


@pytest.fixture(scope="module")
def parser():
    return load_parser(DEFAULT_MODEL)


@pytest.mark.parametrize(("sentence", "kind", "source", "target"), CASES)
def test_parties_and_direction_come_from_the_parse(parser, sentence: str, kind: str, source: set[str],
                                                   target: set[str]) -> None:
    found = find_parties(parser(sentence), 0, kind, type_scorer(load_detector(), kind), NO_CAST)
    assert found is not None, sentence
    assert {a.country for a in found.source} == source
    assert {a.country for a in found.target} == target


@pytest.mark.parametrize(("sentence", "kind"), [
    ("China will impose sanctions on the firms next month.", "SANCTION"),
    ("Japan did not summon the Chinese ambassador.", "REQUEST"),
    ("The meeting between the Serbian and Kosovo leaders was cancelled on Sunday.", "CONSULT"),
    ("Mexico beat the United States 1-0, with few chances against the U.S. goalie.", "PROTEST"),
    ("Indonesian business leaders signed several agreements with Australian firms on Monday.", "AGREE"),
    ("Crowds gathered after a Kenyan refugee threatened to burn a Ugandan flag in Kampala.", "THREATEN"),
    ("Both Kenya and Uganda strongly condemned the missile launch on Sunday.", "ASSAULT"),  # one side, not two
    ("The Korean minister travelled on to Hanoi to visit a clinic funded by Korean aid.", "AID"),
    ("Both sides pledged to work together and support Vietnam's bid for the council seat.", "SUPPORT"),
    ("Kenya praised Uganda for its humanitarian aid to flood victims.", "AID"),
    ("Kenya and Tanzania pledged to work together and support Uganda in chairing the bloc next year.", "SUPPORT"),
    ("Britain committed $12 million, and Kenya pledged $13 million on Sunday.", "AID"),  # two givers
    ("Kenya called in the Ugandan ambassador and lodged a complaint on Monday.", "SANCTION"),  # a summons
    ("Kenya accused Uganda of deploying troops along the border.", "MOBILIZE"),
    ("The corridor will link Kenya with the port while fully respecting Uganda's sovereignty.", "SUPPORT"),
    ("A statement by the Kenyan foreign ministry said the minister had stressed fair market access for Ugandan "
     "exporters.", "ACCUSE"),  # who speaks, not who acts
    ("The call came amid alarm over threats by Kenya to impose tariffs of 25 per cent on all imports from Uganda.",
     "SANCTION"),  # only threatened
    ("The treaty, which Uganda had criticised, was signed by Kenya and Tanzania.", "ACCUSE"),  # told as before
])
def test_no_parties_for_acts_not_done_or_not_between_states(parser, sentence: str, kind: str) -> None:
    assert find_parties(parser(sentence), 0, kind, type_scorer(load_detector(), kind), NO_CAST) is None


@pytest.mark.parametrize("sentence, holder, country, target, day", [
    ("Iraq's prime minister ordered the expulsion of the Swedish ambassador on Thursday.",
     "Mohammed Shia al-Sudani", "IRQ", "SWE", date(2023, 7, 20)),
    ("Lithuania's Minister for Foreign Affairs announced the expulsion of the Russian ambassador on Monday.",
     "Gabrielius Landsbergis", "LTU", "RUS", date(2022, 4, 4)),
])
def test_an_office_named_by_title_is_its_holder_when_the_article_names_them(parser, sentence: str, holder: str,
                                                                           country: str, target: str,
                                                                           day: date) -> None:
    named = Cast({holder: Person(holder, country, None)}, ())
    for cast, acting in [(named, (holder, country)), (NO_CAST, (None, country))]:
        found = find_parties(parser(sentence), 0, "SANCTION", type_scorer(load_detector(), "SANCTION"), cast, day=day)
        assert found is not None
        assert [(a.name, a.country) for a in found.source] == [acting]
        assert {a.country for a in found.target} == {target}


def test_the_holders_of_offices_named_in_the_plural_are_the_parties(parser) -> None:
    sentence = "The foreign ministers of India and China agreed on Monday to restore patrolling along the border."
    cast = Cast({name: Person(name, None, None) for name in ("Subrahmanyam Jaishankar", "Wang Yi")}, ())
    found = find_parties(parser(sentence), 0, "AGREE", type_scorer(load_detector(), "AGREE"), cast,
                         day=date(2024, 10, 21))
    assert found is not None
    assert {(a.name, a.country) for a in found.source + found.target} == {("S. Jaishankar", "IND"), ("Wang Yi", "CHN")}


def test_the_two_ministers_are_the_articles_two_office_holders(parser) -> None:
    cast = Cast({"Ana Duarte": Person("Ana Duarte", "PRT", "Foreign Minister"),
                 "Kofi Mensah": Person("Kofi Mensah", "GHA", "Foreign Minister")}, ())
    sentence = "The two ministers signed a memorandum on consular cooperation on Tuesday."
    found = find_parties(parser(sentence), 0, "AGREE", type_scorer(load_detector(), "AGREE"), cast, ("PRT", "GHA"))
    assert found is not None
    assert {a.name for a in found.source + found.target} == {"Ana Duarte", "Kofi Mensah"}


def test_a_meeting_whose_other_side_the_parse_misses_takes_the_other_person_named(parser) -> None:
    sentence = "Okello arrived in Nairobi on Sunday, where he was welcomed at the airport by Waweru."
    cast = Cast({"Okello Mugisha": Person("Okello Mugisha", "UGA", "President"),
                 "Amani Waweru": Person("Amani Waweru", "KEN", "President")},
                (Ref(0, 6, "Okello Mugisha"), Ref(sentence.index("Waweru"), len(sentence) - 1, "Amani Waweru")))
    found = find_parties(parser(sentence), 0, "CONSULT", type_scorer(load_detector(), "CONSULT"), cast)
    assert found is not None
    assert {a.name for a in found.source + found.target} == {"Okello Mugisha", "Amani Waweru"}


def test_the_person_who_announces_a_states_act_is_its_source(parser) -> None:
    sentence = ("Foreign Minister Amani Waweru announced on Tuesday that Kenya was cutting diplomatic relations "
                "with Uganda.")
    cast = Cast({"Amani Waweru": Person("Amani Waweru", "KEN", "Foreign Minister")},
                (Ref(sentence.index("Amani"), sentence.index(" announced"), "Amani Waweru"),))
    found = find_parties(parser(sentence), 0, "SANCTION", type_scorer(load_detector(), "SANCTION"), cast)
    assert found is not None
    assert [(a.name, a.country) for a in found.source] == [("Amani Waweru", "KEN")]
    assert [(a.name, a.country) for a in found.target] == [(None, "UGA")]


@pytest.mark.parametrize("sentence, kind, source", [
    ("Ghana has rejected the Togolese allegations, with foreign ministry spokesman Kofi Mensah saying they were "
     "part of a plot against the country.", "REJECT", ("Kofi Mensah", "GHA")),
    ("Peru on Monday accused Bolivia of harbouring the smugglers, with Interior Minister Rosa Quispe telling "
     "reporters that the border had been left open.", "ACCUSE", ("Rosa Quispe", "PER")),
    ("Ghana has rejected the Togolese allegations, with Togolese officials saying they would not back down.",
     "REJECT", (None, "GHA")),
])
def test_the_person_who_voices_a_states_act_in_its_with_phrase_is_its_source(parser, sentence: str, kind: str,
                                                                              source: tuple) -> None:
    found = find_parties(parser(sentence), 0, kind, type_scorer(load_detector(), kind), NO_CAST)
    assert found is not None
    assert [(a.name, a.country) for a in found.source] == [source]


def test_a_named_envoy_acts_for_the_state_their_phrase_names(parser) -> None:
    sentence = "Japan's foreign ministry summoned the Chinese ambassador to Japan, Li Wenbo, on Wednesday."
    found = find_parties(parser(sentence), 0, "REQUEST", type_scorer(load_detector(), "REQUEST"), NO_CAST)
    assert found is not None
    assert [(a.name, a.country, a.office) for a in found.target] == [("Li Wenbo", "CHN", "Ambassador")]


def test_a_country_in_a_clause_after_of_is_no_party(parser) -> None:
    sentence = ("Spain held talks with France on Wednesday with the aim of continuing to work together for peace "
                "in Ukraine.")
    found = find_parties(parser(sentence), 0, "CONSULT", type_scorer(load_detector(), "CONSULT"), NO_CAST)
    assert found is not None
    assert {a.country for a in found.source + found.target} == {"ESP", "FRA"}


def test_a_meeting_absorbs_what_was_agreed_there_but_not_another_meeting() -> None:
    from entente.stages.assemble import absorbed
    from entente.types import Mention

    def act(kind: str, *people: tuple[str | None, str]) -> Mention:
        return Mention("m", kind, None, None, None, None, tuple(Actor(n, c, None) for n, c in people))

    meeting = act("CONSULT", ("Ana Ruiz", "ESP"), ("Karim Said", "MAR"))
    assert absorbed(act("AGREE", ("Ana Ruiz", "ESP"), (None, "MAR")), [meeting])
    assert absorbed(act("CONSULT", (None, "ESP"), (None, "MAR")), [meeting])
    assert not absorbed(act("CONSULT", ("Ana Ruiz", "ESP"), ("Jean Morel", "FRA")), [meeting])
    assert absorbed(act("CONSULT", ("Ana Ruiz", "ESP"), (None, "MAR"), (None, "MYS")), [meeting])


def test_what_was_discussed_is_no_party(parser) -> None:
    sentence = ("Egypt's foreign minister met his Omani counterpart and discussed the war in Yemen, and the crisis "
                "in Sudan.")
    found = find_parties(parser(sentence), 0, "CONSULT", type_scorer(load_detector(), "CONSULT"), NO_CAST)
    assert found is None or {a.country for a in found.source + found.target} <= {"EGY", "OMN"}
    sentence = "The Egyptian foreign minister discussed the situation in Yemen and the crisis in Sudan on Monday."
    found = find_parties(parser(sentence), 0, "CONSULT", type_scorer(load_detector(), "CONSULT"), NO_CAST)
    assert found is None


@pytest.mark.parametrize(("text", "background"), [
    ("Last year, Ghana also imposed a ban on the vessels.", True),
    ("Two years ago the countries cut ties.", True),
    ("Ghana imposed a ban on the vessels on Monday.", False),
    ("Ties have been frozen since March 2019.", True),
])
def test_an_act_told_as_long_past_is_background_even_without_a_publication_date(text: str, background: bool) -> None:
    from entente.stages.assemble import is_background
    assert is_background(text, None, 2024) is background


def test_the_two_ministers_are_the_two_named_last(parser) -> None:
    text = "Ana Duarte met Kofi Mensah, then Jean Morel. The two ministers signed a memorandum on Tuesday."
    people = {"Ana Duarte": ("PRT", 0), "Kofi Mensah": ("GHA", text.index("Kofi")),
              "Jean Morel": ("FRA", text.index("Jean"))}
    cast = Cast({n: Person(n, c, "Foreign Minister") for n, (c, _) in people.items()},
                tuple(Ref(at, at + len(n), n) for n, (_, at) in people.items()))
    start = text.index("The two")
    found = find_parties(parser(text[start:]), start, "AGREE", type_scorer(load_detector(), "AGREE"), cast,
                         ("PRT", "GHA"))
    assert found is not None
    assert {a.name for a in found.source + found.target} == {"Kofi Mensah", "Jean Morel"}


def test_the_scorers_of_one_candidate_share_its_features_and_give_the_same_figures() -> None:
    from entente.stages.assemble import candidate_scorers
    detector = load_detector()
    text = "China accused the Philippines of ramming a boat."
    cuts = [(text.index(w), text.index(w) + len(w)) for w in ("accused", "ramming")]
    texts = [text, "China  the Philippines of ramming a boat.", "China accused the Philippines of  a boat."]
    scorer = candidate_scorers(detector)
    for kind in ("ACCUSE", "COERCE", "ACCUSE"):
        expected = detector.probabilities(texts)[:, EVENT_TYPES.index(kind)]
        assert scorer(kind)(text, cuts) == pytest.approx(expected, abs=1e-12)
        assert type_scorer(detector, kind)(text, cuts) == pytest.approx(expected, abs=1e-12)
    assert scorer("ACCUSE")(text, []) == pytest.approx(type_scorer(detector, "ACCUSE")(text, []))


@pytest.mark.parametrize("text", [
    "Kenya's envoys were expelled (again) on 3 May, the U.K.-flagged ship's crew said.",
    "İstanbul  hosted   talks: Türkiye and Greece signed 12 deals",
])
def test_the_probabilities_of_a_sentence_without_each_word_are_those_of_the_shorter_texts(text: str) -> None:
    detector = load_detector()
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]+", text)]
    cuts = [*words, (words[0][0], words[2][1]), (words[1][0] + 1, words[1][1] - 1)]  # across spaces, inside a word
    expected = detector.probabilities([text] + [text[:a] + text[b:] for a, b in cuts])
    assert abs(detector.probabilities_without(text, cuts) - expected).max() < 1e-12


def test_an_official_who_acts_keeps_the_act_when_a_spokesman_reports_it(parser) -> None:
    sentence = ("Foreign Minister Amani Waweru summoned the Ugandan ambassador on Monday over the border post, "
                "a ministry spokesman said.")
    cast = Cast({"Amani Waweru": Person("Amani Waweru", "KEN", "Foreign Minister")},
                (Ref(sentence.index("Amani"), sentence.index(" summoned"), "Amani Waweru"),))
    found = find_parties(parser(sentence), 0, "REQUEST", type_scorer(load_detector(), "REQUEST"), cast)
    assert found is not None
    assert [(a.name, a.country) for a in found.source] == [("Amani Waweru", "KEN")]
    assert {a.country for a in found.target} == {"UGA"}


def test_an_envoy_named_after_the_host_country_is_the_person(parser) -> None:
    from spacy.tokens import Doc

    from entente.stages.parties import phrase
    # the parse the model gives 'summoned India Ambassador to Kenya Rajiv Menon' in some sentences
    words = ["Waweru", "summoned", "India", "Ambassador", "to", "Kenya", "Rajiv", "Menon", "."]
    heads = [1, 1, 3, 1, 3, 7, 7, 4, 1]
    deps = ["nsubj", "ROOT", "compound", "dobj", "prep", "compound", "compound", "pobj", "punct"]
    pos = ["PROPN", "VERB", "PROPN", "PROPN", "ADP", "PROPN", "PROPN", "PROPN", "PUNCT"]
    doc = Doc(parser.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert phrase(doc[3]).text == "India Ambassador to Kenya Rajiv Menon"
    words[5:8] = ["the", "Kenyan", "capital"]
    pos[5:8] = ["DET", "PROPN", "NOUN"]
    doc = Doc(parser.vocab, words=words, heads=heads, deps=["nsubj", "ROOT", "compound", "dobj", "prep", "det",
                                                            "amod", "pobj", "punct"], pos=pos)
    assert phrase(doc[3]).text == "India Ambassador"  # no name after the place: the host is no part of the envoy


def test_a_second_act_of_a_sentence_takes_the_sides_of_the_first_when_its_word_gives_none(parser) -> None:
    sentence = "Kenya summoned Uganda's ambassador and handed over a protest note over the border post."
    parse = parser(sentence)
    scorer = type_scorer(load_detector(), "ACCUSE")
    summons = find_parties(parse, 0, "REQUEST", type_scorer(load_detector(), "REQUEST"), NO_CAST)
    assert summons is not None
    alone = find_parties(parse, 0, "ACCUSE", scorer, NO_CAST)
    shared = find_parties(parse, 0, "ACCUSE", scorer, NO_CAST, shared=summons)
    assert shared is not None and shared.directed
    assert {a.country for a in shared.source} == {"KEN"} and {a.country for a in shared.target} == {"UGA"}
    assert alone is None or alone.source == shared.source


def test_forces_withdrawn_are_their_states_act(parser) -> None:
    sentence = "The Kenyan troops were withdrawn from Uganda on Friday in line with the timetable."
    found = find_parties(parser(sentence), 0, "RETREAT", type_scorer(load_detector(), "RETREAT"), NO_CAST)
    assert found is not None
    assert {a.country for a in found.source} == {"KEN"} and {a.country for a in found.target} == {"UGA"}


def test_a_quoted_today_is_the_day_the_words_were_spoken() -> None:
    from entente.stages.assemble import sentence_day
    published = date(2022, 3, 10)  # a Thursday
    quoted = '"We are closing our embassy from today," the minister said on Wednesday.'
    assert sentence_day(quoted, published, 2022) == date(2022, 3, 9)
    assert sentence_day("The minister said today that the embassy was closing.", published, 2022) == published


def test_a_datelines_day_is_the_filing_day_not_the_acts() -> None:
    from entente.stages.assemble import sentence_day
    filed = "HARARE, May 31 (Wire) -- The Zimbabwean foreign ministry on Tuesday summoned the Zambian envoy."
    assert sentence_day(filed, date(2023, 5, 31), 2023) == date(2023, 5, 30)  # the Tuesday before the Wednesday
    alone = "HARARE, May 31 (Wire) -- The Zimbabwean foreign ministry summoned the Zambian envoy."
    assert sentence_day(alone, date(2023, 6, 2), 2023) == date(2023, 5, 31)


def test_a_group_of_states_acts_through_the_members_it_names(parser) -> None:
    sentence = "Several Arab states, including Oman and Kuwait, condemned the Iranian raid on the island."
    found = find_parties(parser(sentence), 0, "ACCUSE", type_scorer(load_detector(), "ACCUSE"), NO_CAST)
    assert found is not None
    assert {a.country for a in found.source} == {"OMN", "KWT"} and [a.country for a in found.target] == ["IRN"]


def test_two_states_that_condemn_an_unnamed_deed_condemn_the_articles_other_state(parser) -> None:
    sentence = "Both Kenya and Tanzania strongly condemned the raid."
    scorer = type_scorer(load_detector(), "ACCUSE")
    found = find_parties(parser(sentence), 0, "ACCUSE", scorer, NO_CAST, dyad=("SOM", "KEN"))
    assert found is not None
    assert {a.country for a in found.source} == {"KEN", "TZA"} and [a.country for a in found.target] == ["SOM"]
    assert find_parties(parser(sentence), 0, "ACCUSE", scorer, NO_CAST, dyad=("UGA", "SOM")) is None  # neither acts


def test_a_seat_of_government_stands_for_its_state(parser) -> None:
    sentence = "The Kremlin on Tuesday accused Estonia of staging a provocation in the Baltic Sea."
    found = find_parties(parser(sentence), 0, "ACCUSE", type_scorer(load_detector(), "ACCUSE"), NO_CAST)
    assert found is not None
    assert [a.country for a in found.source] == ["RUS"] and [a.country for a in found.target] == ["EST"]


def test_an_event_noun_that_is_the_subject_of_a_future_verb_is_not_done(parser) -> None:
    from entente.stages.parties import is_unreal
    doc = parser("The meeting between the two presidents will take place in Accra next week.")
    assert is_unreal(next(t for t in doc if t.text == "meeting"))
    doc = parser("The meeting between the two presidents took place in Accra on Monday.")
    assert not is_unreal(next(t for t in doc if t.text == "meeting"))


def cast_of(text: str, people: dict[str, tuple[str, str]]) -> Cast:
    """A cast of the people named in text (name: country, office), each referred to where it first appears."""
    return Cast({n: Person(n, c, o) for n, (c, o) in people.items()},
                tuple(sorted((Ref(text.index(n), text.index(n) + len(n), n) for n in people), key=lambda r: r.start)))


@pytest.mark.parametrize(("sentence", "kind", "made"), [
    ("Kenya announced on Monday that it would provide $50 million in food aid to Somalia.", "AID", True),
    ("Kenya may provide food aid to Somalia next year.", "AID", False),
    ("Kenya warned on Tuesday that it would close the border with Uganda if the raids continued.", "THREATEN", True),
    ("Kenya will close the border with Uganda next week.", "SANCTION", False),
    ("Kenya's foreign ministry said on Tuesday it will expel two Ugandan diplomats.", "SANCTION", True),
])
def test_a_pledge_or_threat_told_in_the_past_is_made(parser, sentence: str, kind: str, made: bool) -> None:
    found = find_parties(parser(sentence), 0, kind, type_scorer(load_detector(), kind), NO_CAST)
    assert (found is not None) is made, sentence


def test_he_or_she_is_the_person_named_last_before(parser) -> None:
    text = "Foreign Minister Amani Waweru met reporters in Nairobi. She accused Uganda of arming the raiders."
    cast = cast_of(text, {"Amani Waweru": ("KEN", "Foreign Minister")})
    start = text.index("She")
    found = find_parties(parser(text[start:]), start, "ACCUSE", type_scorer(load_detector(), "ACCUSE"), cast)
    assert found is not None
    assert [(a.name, a.country) for a in found.source] == [("Amani Waweru", "KEN")]
    far = "Foreign Minister Amani Waweru met reporters in Nairobi. " + "The talks went on. " * 30
    cast = cast_of(far, {"Amani Waweru": ("KEN", "Foreign Minister")})
    found = find_parties(parser("She accused Uganda of arming the raiders."), len(far), "ACCUSE",
                         type_scorer(load_detector(), "ACCUSE"), cast)
    assert found is None or all(a.name is None for a in found.source)


def test_a_reading_that_names_the_acting_person_gives_its_sides_to_the_act_read_before() -> None:
    text = ("NAIROBI, March 4 - Kenyan President Amani Waweru announced on Monday that the country would provide "
            "$40 million in food aid to Somalia.\n\nThe aid will be delivered over three months.")
    found = mentions_of(text, "2024-03-05")
    aid = [m for m in found if m.event_type == "AID"]
    assert len(aid) == 1
    assert {(a.name, a.country) for a in aid[0].participants} == {("Amani Waweru", "KEN"), (None, "SOM")}


def test_a_directed_act_on_two_countries_is_two_acts_and_a_meeting_stays_whole() -> None:
    from entente.stages.assemble import dyads
    minister, kenya = Actor("Amani Waweru", "KEN", "Foreign Minister", "source"), Actor(None, "KEN", None, "source")
    uganda, tanzania = Actor(None, "UGA", None, "target"), Actor(None, "TZA", None, "target")
    assert dyads((minister, uganda, tanzania)) == [(minister, uganda), (minister, tanzania)]
    assert dyads((minister, kenya, uganda)) == [(minister, kenya, uganda)]
    meeting = (Actor("Amani Waweru", "KEN", None), Actor(None, "UGA", None), Actor(None, "TZA", None))
    assert dyads(meeting) == [meeting]
    police = Actor(None, "KEN", "Police", "source")
    assert dyads((police, Actor(None, "KEN", None, "target"), uganda)) == [(police, uganda)]


@pytest.mark.parametrize("sentence", [
    "Waweru also met with President Asha Juma of Tanzania and President Okello Mugisha of Uganda on Monday.",
    "Waweru also met presidents Asha Juma (Tanzania) and Okello Mugisha (Uganda) on Monday.",
])
def test_a_meeting_with_people_of_several_countries_is_one_meeting_with_each(parser, sentence: str) -> None:
    from entente.stages.assemble import actors_of, one_by_one
    people = [("Amani Waweru", "KEN", "Waweru"), ("Asha Juma", "TZA", "Asha Juma"), ("Okello Mugisha", "UGA",
                                                                                   "Okello Mugisha")]
    cast = Cast({name: Person(name, country, "President") for name, country, _ in people},
                tuple(Ref(sentence.index(said), sentence.index(said) + len(said), name) for name, _, said in people))
    found = find_parties(parser(sentence), 0, "CONSULT", type_scorer(load_detector(), "CONSULT"), cast)
    assert found is not None
    assert [{a.country for a in actors_of(part)} for part in one_by_one(found)] == [{"KEN", "TZA"}, {"KEN", "UGA"}]
    sentence = "Kenya, Tanzania and Uganda held a trilateral meeting in Arusha on Monday."
    found = find_parties(parser(sentence), 0, "CONSULT", type_scorer(load_detector(), "CONSULT"), NO_CAST)
    assert found is not None and len(one_by_one(found)) == 1


def test_a_weak_second_type_that_does_not_rest_on_its_word_is_not_read(parser) -> None:
    from entente.stages.assemble import rests_on, weak_second
    from entente.stages.detect import Detection
    detector = load_detector()
    sentence = ("Kenya's ambassador, recalled from Kampala last month over the border row, sat in on the talks with "
                "the Ugandan president on Monday.")
    probability = dict(zip(EVENT_TYPES, detector.probabilities([sentence])[0], strict=True))
    detection = Detection((("CONSULT", probability["CONSULT"]), ("SANCTION", probability["SANCTION"])), "meeting")
    assert probability["SANCTION"] >= THRESHOLD and weak_second("SANCTION", detection)
    sat = next(t for t in parser(sentence) if t.text == "sat")
    assert not rests_on(sat, type_scorer(detector, "SANCTION"))  # 'ambassador' and 'recalled' carry it
    expelled = next(t for t in parser("Kenya expelled Uganda's envoy on Monday.") if t.text == "expelled")
    assert rests_on(expelled, type_scorer(detector, "SANCTION"))
    assert not weak_second("CONSULT", detection)


def test_a_speaker_of_no_known_country_leaves_the_act_to_its_own_subject(parser) -> None:
    sentence = 'He added that Kenya would "respond to the aggression by all means necessary" and protect civilians.'
    found = find_parties(parser(sentence), 0, "THREATEN", type_scorer(load_detector(), "THREATEN"), NO_CAST,
                         ("KEN", "UGA"))
    assert found is not None
    assert ([a.country for a in found.source], [a.country for a in found.target]) == (["KEN"], ["UGA"])


@pytest.mark.parametrize(("text", "span"), [
    ("Last week, Kenya decided to expel a Ugandan diplomat.", (date(2022, 4, 18), date(2022, 4, 24))),
    ("Kenya expelled eight Ugandan diplomats earlier this month.", (date(2022, 4, 1), date(2022, 4, 26))),
    ("Kenya expelled eight Ugandan diplomats on Monday.", None),
    ("The troops left a day after last week's accord was signed.", None),
    ("Kenya will expel the diplomats next week.", None),
])
def test_a_sentence_that_gives_a_span_and_no_day_dates_its_act_by_the_span(text: str, span: object) -> None:
    from entente.stages.assemble import sentence_span
    found = sentence_span(text, date(2022, 4, 27), 2022)
    assert (found[1] if found else None) == span


def test_an_act_takes_the_day_of_its_own_clause_when_its_sentence_gives_two(parser) -> None:
    from entente.stages.assemble import clause_day
    parse = parser("Kenya said on Wednesday that Ugandan troops shelled a border post on Tuesday.")
    word = {t.text: t for t in parse}
    published = date(2021, 6, 24)
    assert clause_day(word["shelled"], parse, published, 2021) == date(2021, 6, 22)
    assert clause_day(word["said"], parse, published, 2021) == date(2021, 6, 23)
    one = parser("Ugandan troops shelled a border post on Tuesday.")
    assert clause_day(one[2], one, published, 2021) is None  # one day only: the sentence's day serves
    # a day that names a thing in the clause ('the raid of June 3') is not the act's day
    named = parser("Kenya announced Wednesday that it was cutting ties with Uganda over the border raid of June 3.")
    assert clause_day(next(t for t in named if t.text == "cutting"), named, published, 2021) is None


def test_an_act_whose_word_tells_only_its_purpose_rests_on_the_deed_done(parser) -> None:
    from entente.stages.parties import choose_triggers, deed_of
    sentence = parser("Kenyan police raided the Ugandan embassy on Friday to seize documents.")
    score = type_scorer(load_detector(), "COERCE")
    assert deed_of(choose_triggers(sentence, score)[0], score).text == "raided"
    found = find_parties(sentence, 0, "COERCE", score, NO_CAST)
    assert found is not None and found.trigger == "raided"
    assert ({a.country for a in found.source}, {a.country for a in found.target}) == ({"KEN"}, {"UGA"})


@pytest.mark.parametrize(("text", "word", "below"), [
    ("Kenya accused Uganda of arming rebels whose drones carried out strikes since Sunday.", "accused", True),
    ("Last week, Kenya decided to expel a Ugandan diplomat.", "expel", False),
    ("Kenya expelled eight Ugandan diplomats earlier this month.", "expelled", False),
])
def test_a_span_told_in_a_clause_the_act_governs_does_not_date_the_act(parser, text: str, word: str,
                                                                        below: bool) -> None:
    from entente.stages.assemble import sentence_span, span_below
    parse = parser(text)
    trigger = next(t for t in parse if t.text == word)
    ref, _ = sentence_span(parse.text, date(2022, 4, 27), 2022)
    assert span_below(trigger, parse, ref.start, ref.end) is below


def test_a_hyphenated_word_names_a_state_only_when_it_makes_the_thing_the_states() -> None:
    from entente.stages.parties import compound_state
    assert compound_state("U.K.-flagged") == "GBR"
    assert compound_state("Saudi-led") == "SAU"
    assert compound_state("Russian-made") is None
    assert compound_state("well-led") is None


def test_a_demonym_before_country_or_nation_describes_a_country_named_before() -> None:
    from spacy.lang.en import English

    from entente.stages.parties import states_named
    blank = English()
    assert states_named(blank("the withdrawal of French troops from the Central African country")[0:11]) == ["FRA"]
    assert states_named(blank("troops from the Central African Republic")[0:6]) == ["CAF"]


def test_a_warning_is_the_threat_when_no_other_word_carries_it(parser) -> None:
    sentence = parser("Kenyan President Amani Waweru warned Kenya would impose sanctions if its envoys were blocked.")
    found = find_parties(sentence, 0, "THREATEN", type_scorer(load_detector(), "THREATEN"), NO_CAST, ("KEN", "UGA"))
    assert found is not None and found.trigger == "warned"
    assert ({a.country for a in found.source}, {a.country for a in found.target}) == ({"KEN"}, {"UGA"})


def test_a_deed_named_as_what_is_praised_or_blamed_is_no_act_of_its_own(parser) -> None:
    from entente.stages.parties import is_judged
    praised = parser("Kenya praised Uganda for its humanitarian aid to flood victims.")
    assert is_judged(next(t for t in praised if t.text == "aid"))
    assert not is_judged(next(t for t in praised if t.text == "praised"))
    given = parser("Uganda sent humanitarian aid to flood victims in Kenya.")
    assert not is_judged(next(t for t in given if t.text == "aid"))


def test_a_capital_the_tagger_takes_for_a_body_still_names_its_state() -> None:
    from spacy.lang.en import English
    from spacy.tokens import Span

    from entente.stages.parties import states_named
    blank = English()
    capital = blank("Later Budapest announced the expulsion")
    capital.ents = [Span(capital, 1, 2, label="ORG")]
    assert states_named(capital[0:5]) == ["HUN"]
    company = blank("Minth Mexico opened a plant")
    company.ents = [Span(company, 0, 2, label="ORG")]
    assert states_named(company[0:5]) == []


def test_when_the_likeliest_word_is_no_act_done_the_next_verb_is_the_act(parser) -> None:
    sentence = ("Earlier, Ecuador's foreign ministry announced that Quito was recalling its diplomats from Peru and "
                "demanded that Lima recall its diplomats from Ecuador.")
    found = find_parties(parser(sentence), 0, "SANCTION", type_scorer(load_detector(), "SANCTION"), NO_CAST)
    assert found is not None
    assert {a.country for a in found.source} == {"ECU"}
    assert {a.country for a in found.target} == {"PER"}
    assert found.trigger == "recalling"


def test_an_act_told_without_a_day_takes_the_day_of_the_sentence_before_or_of_the_reports_lede(parser) -> None:
    from entente.stages.assemble import event_day
    from entente.types import Article
    text = ("Kenya expels Ugandan diplomats. Kenya expelled two Ugandan diplomats on Thursday. "
            "The ministry gave no reason. On March 3 Uganda had closed a border post at Busia. "
            "Kenya also recalled its ambassador from Kampala.")
    article = Article(doc_id="t", origin="t", text=text, title=None, publication_date=date(2024, 5, 10),
                      outlet=None, language="en", url=None, content_hash="t", raw=text)
    sentences = list(parser(text).sents)
    assert event_day(4, sentences, article, 2024) == date(2024, 5, 9)  # the lede's Thursday, not March 3
    assert event_day(3, sentences, article, 2024) == date(2024, 3, 3)
    text = ("Kenya and Uganda settle row. The Kenyan president began a visit to Kampala on Thursday. He toured a "
            "market. The two presidents endorsed the border deal in Kampala on May 3. They also discussed trade "
            "during their meeting.")
    article = replace(article, text=text, raw=text)
    assert event_day(4, list(parser(text).sents), article, 2024) == date(2024, 5, 3)  # the sentence before's
    text = ("Kenya hosts Ugandan leader. The Ugandan president arrived in Nairobi. He was last in Kenya on December 9, "
            "2020. He was received by his host at the airport.")
    article = replace(article, text=text, raw=text)
    assert event_day(3, list(parser(text).sents), article, 2024) == date(2024, 5, 10)  # never a background day
    undated = Article(doc_id="u", origin="u", text="A met B.", title=None, publication_date=date(2024, 5, 10),
                      outlet=None, language="en", url=None, content_hash="u", raw="A met B.")
    assert event_day(0, list(parser("A met B.").sents), undated, 2024) == date(2024, 5, 10)


def test_an_it_that_acts_is_the_state_its_sentence_or_the_one_before_names_first(parser) -> None:
    from entente.stages.parties import leading_states
    first = "Kenya rejected the Ugandan account of the clash at the border."
    second = "It said it rejected the Ugandan statements on Monday."
    states = leading_states([(0, first), (len(first) + 1, second)])
    found = find_parties(parser(second), len(first) + 1, "REJECT", type_scorer(load_detector(), "REJECT"), NO_CAST,
                         states=states)
    assert found is not None
    assert ({a.country for a in found.source}, {a.country for a in found.target}) == ({"KEN"}, {"UGA"})
    assert find_parties(parser(second), len(first) + 1, "REJECT", type_scorer(load_detector(), "REJECT"),
                        NO_CAST) is None


def test_a_hostile_deed_another_state_tells_is_its_accusation_of_the_doer(parser) -> None:
    from entente.stages.parties import read_parties
    told = "Ugandan officials said Kenyan troops shelled a border post at Busia on Monday."
    reading = read_parties(parser(told), 0, "ASSAULT", type_scorer(load_detector(), "ASSAULT"), NO_CAST)
    assert reading.parties is not None and {a.country for a in reading.parties.source} == {"KEN"}
    assert reading.accusation is not None
    assert ({a.country for a in reading.accusation.source}, {a.country for a in reading.accusation.target}) == (
        {"UGA"}, {"KEN"})
    plain = "Kenyan troops shelled a border post at Busia in Uganda on Monday."
    untold = read_parties(parser(plain), 0, "ASSAULT", type_scorer(load_detector(), "ASSAULT"), NO_CAST)
    assert untold.accusation is None


def test_he_or_she_is_the_person_the_sentence_before_names_first(parser) -> None:
    from entente.stages.parties import read_parties
    text = ("Ugandan envoy Okello Mugisha met the Kenyan opposition leader Amani Waweru in Nairobi. He accused Kenya "
            "of arming the raiders.")
    cast = cast_of(text, {"Okello Mugisha": ("UGA", "Ambassador"), "Amani Waweru": ("KEN", "Opposition Leader")})
    start = text.index("He ")
    reading = read_parties(parser(text[start:]), start, "ACCUSE", type_scorer(load_detector(), "ACCUSE"), cast,
                           starts=(0, start))
    assert reading.parties is not None
    assert [(a.name, a.country) for a in reading.parties.source] == [("Okello Mugisha", "UGA")]
    assert {a.country for a in reading.parties.target} == {"KEN"}


def test_a_missions_own_state_is_the_one_named_before_it_not_the_city_it_is_in(parser) -> None:
    sentence = "Hours later, angry protesters stormed the Kenyan embassy in Kampala and set fire to its gate."
    found = find_parties(parser(sentence), 0, "PROTEST", type_scorer(load_detector(), "PROTEST"), NO_CAST,
                         ("KEN", "UGA"))
    assert found is not None
    assert ({a.country for a in found.source}, {a.country for a in found.target}) == ({"UGA"}, {"KEN"})


def test_an_envoy_expelled_stands_for_their_state_but_one_summoned_is_named(parser) -> None:
    cast = Cast({"Okello Mugisha": Person("Okello Mugisha", "UGA", "Ambassador")}, ())
    for sentence, kind, named in [
            ("Kenya expelled the Ugandan ambassador, Okello Mugisha, on Monday.", "SANCTION", None),
            ("Kenya summoned the Ugandan ambassador, Okello Mugisha, on Monday.", "REQUEST", "Okello Mugisha")]:
        parse = parser(sentence)
        refs = tuple(Ref(m.start(), m.end(), "Okello Mugisha") for m in re.finditer("Okello Mugisha", sentence))
        found = find_parties(parse, 0, kind, type_scorer(load_detector(), kind), replace(cast, refs=refs))
        assert found is not None, sentence
        assert [(a.name, a.country) for a in found.target] == [(named, "UGA")], sentence


def test_a_name_the_parser_splits_from_its_title_is_still_the_titles_holder(parser) -> None:
    sentence = "The accord was signed by Japanese PM Fumio Kishida and Philippine President Ferdinand Marcos in Manila."
    people = {"Fumio Kishida": Person("Fumio Kishida", "JPN", "Prime Minister"),
              "Ferdinand Marcos": Person("Ferdinand Marcos", "PHL", "President")}
    refs = tuple(Ref(m.start(), m.end(), name) for name in people for m in re.finditer(name, sentence))
    found = find_parties(parser(sentence), 0, "AGREE", type_scorer(load_detector(), "AGREE"), Cast(people, refs))
    assert found is not None
    assert {(a.name, a.country) for a in found.source + found.target} == {("Fumio Kishida", "JPN"),
                                                                          ("Ferdinand Marcos", "PHL")}


def test_whom_a_phrase_of_time_names_is_no_side(parser) -> None:
    sentence = ("Two days after the inauguration of Kenyan President Amani Waweru, the Ugandan minister discussed "
                "border security with his colleagues from Rwanda and Burundi in Kigali.")
    cast = Cast({"Amani Waweru": Person("Amani Waweru", "KEN", "President")},
                (Ref(sentence.index("Amani"), sentence.index("Amani") + len("Amani Waweru"), "Amani Waweru"),))
    found = find_parties(parser(sentence), 0, "CONSULT", type_scorer(load_detector(), "CONSULT"), cast)
    assert found is None or "KEN" not in {a.country for a in found.source + found.target}


def test_colleagues_from_a_country_act_for_it(parser) -> None:
    sentence = "On Monday the Ugandan minister met his colleagues from Rwanda and Burundi in Kigali."
    found = find_parties(parser(sentence), 0, "CONSULT", type_scorer(load_detector(), "CONSULT"), NO_CAST)
    assert found is not None
    assert {a.country for a in found.source + found.target} == {"UGA", "RWA", "BDI"}


def test_encounters_told_as_repeated_are_no_dated_event() -> None:
    from entente.stages.assemble import is_background
    published = date(2023, 12, 27)
    assert is_background("The two leaders have met on several occasions for talks in Brussels.", published, 2023)
    assert is_background("Kenyan and Ugandan officials have met many times since the clashes.", published, 2023)
    assert not is_background("The two leaders met on Tuesday for talks in Brussels.", published, 2023)
    assert is_background("Lusaka has repeatedly denied arming the rebels, claims Harare has long made.", published,
                         2023)
    assert not is_background("Lusaka on Tuesday repeatedly denied arming the rebels.", published, 2023)


def test_a_summons_is_its_own_request_even_when_the_envoy_then_meets_the_minister() -> None:
    text = ("NAIROBI, March 4 - Kenyan Foreign Minister Amani Waweru summoned Ugandan Ambassador Okello Mugisha on "
            "Monday over the border shooting and handed over a protest note.\n\nWaweru conveyed Kenya's position on "
            "the border to Mugisha during a meeting held at the Ministry of Foreign Affairs.")
    found = mentions_of(text, "2024-03-05")
    assert "REQUEST" in {m.event_type for m in found}


def test_a_person_named_inside_a_quotation_is_no_he_of_the_report(parser) -> None:
    from entente.stages.actors import find_cast
    from entente.stages.parties import Known, antecedent
    text = ("Tanzania's Home Affairs Minister Neema Mollel spoke on Friday. \u201cWe will not accept a neighbour "
            "like Kenyan President Otieno Waweru,\u201d the minister added. He said more.")
    cast = find_cast(text, None)
    assert [r.quoted for r in cast.refs if r.name == "Otieno Waweru"] == [True]
    start = text.index("He said")
    he = parser(text[start:])[0]
    starts = (0, text.index("\u201cWe"), start)
    assert [a.name for a in antecedent(he, Known(start, cast, (), None, (), starts))] == ["Neema Mollel"]


def test_a_deed_told_under_the_speakers_verb_is_the_speakers_accusation(parser) -> None:
    from entente.stages.parties import Known, told_as_blame
    sentence = "Mollel said Kenya \u201charbours militias that attack Tanzanians\u201d."
    cast = Cast({"Neema Mollel": Person("Neema Mollel", "TZA", "Home Affairs Minister")},
                (Ref(0, len("Mollel"), "Neema Mollel"),))
    doc = parser(sentence)
    known = Known(0, cast, (), None)
    attack = next(t for t in doc if t.text == "attack")
    told = told_as_blame(attack, [], known)
    assert told is not None
    assert [(a.name, a.country) for a in told.source] == [("Neema Mollel", "TZA")]
    assert [a.country for a in told.target] == ["KEN"]
    said = next(t for t in doc if t.text == "said")
    assert told_as_blame(said, [], known) is None  # the saying is no deed told


def test_a_speaker_the_article_gives_no_country_speaks_for_the_state_their_words_name(parser) -> None:
    sentence = "In a televised address, Halima Njoroge said Kenya was recalling its ambassador from Uganda."
    cast = Cast({"Halima Njoroge": Person("Halima Njoroge", None, None)},
                (Ref(sentence.index("Halima"), sentence.index(" said"), "Halima Njoroge"),))
    found = find_parties(parser(sentence), 0, "SANCTION", type_scorer(load_detector(), "SANCTION"), cast)
    assert found is not None
    assert [(a.name, a.country) for a in found.source] == [("Halima Njoroge", "KEN")]
    quoting = "Halima Njoroge said: \u201cKenya is recalling its ambassador from Uganda.\u201d"
    cast = Cast(cast.persons, (Ref(0, len("Halima Njoroge"), "Halima Njoroge"),))
    found = find_parties(parser(quoting), 0, "SANCTION", type_scorer(load_detector(), "SANCTION"), cast)
    assert found is None or [a.name for a in found.source] == [None]  # she quotes another's words


def test_only_sentences_that_name_a_possible_side_are_parsed(parser) -> None:
    from entente.pipeline import names_a_side
    text = ("Ruto met Museveni in Nairobi on Monday. The leaders discussed the oil pipeline. Prices rose sharply "
            "in the markets. Uganda's exports grew. It also agreed to extend the deal.")
    doc = parser(text)
    cast = Cast({"William Ruto": Person("William Ruto", "KEN", "President")}, (Ref(0, 4, "William Ruto"),))
    assert [names_a_side(s, cast) for s in doc.sents] == [True, True, False, True, True]


def test_an_official_of_no_stated_country_who_summons_an_envoy_is_of_the_other_side(parser) -> None:
    sentence = "First Vice Foreign Minister Min-jun Seo called in Chinese Ambassador Wang Lei on Friday."
    cast = Cast({"Min-jun Seo": Person("Min-jun Seo", None, "First Vice Minister for Foreign Affairs"),
                 "Wang Lei": Person("Wang Lei", "CHN", "Ambassador")},
                (Ref(sentence.index("Min-jun"), sentence.index(" called"), "Min-jun Seo"),
                 Ref(sentence.index("Wang"), sentence.index(" on Friday"), "Wang Lei")))
    found = find_parties(parser(sentence), 0, "REQUEST", type_scorer(load_detector(), "REQUEST"), cast,
                         ("KOR", "CHN"))
    assert found is not None
    assert [(a.name, a.country) for a in found.source] == [("Min-jun Seo", "KOR")]
    assert [(a.name, a.country) for a in found.target] == [("Wang Lei", "CHN")]


def test_a_month_abbreviation_is_no_office_holders_name(parser) -> None:
    sentence = "Kenya summoned Uganda's ambassador to Nairobi on Jan. 12, a diplomatic source said."
    found = find_parties(parser(sentence), 0, "REQUEST", type_scorer(load_detector(), "REQUEST"), NO_CAST,
                         day=date(2023, 1, 12))  # a day on which the table knows a foreign minister named Jan
    assert found is not None
    assert [(a.name, a.country) for a in found.target] == [(None, "UGA")]


@pytest.mark.parametrize("document", ["the Vienna Convention on Diplomatic Relations", "the Geneva Conventions",
                                      "the Minsk agreements"])
def test_a_place_in_the_name_of_a_document_is_no_side(parser, document: str) -> None:
    sentence = f"Kenya on Monday expelled two diplomats, citing {document}."
    found = find_parties(parser(sentence), 0, "SANCTION", type_scorer(load_detector(), "SANCTION"), NO_CAST)
    assert found is None or not {a.country for a in found.target} & {"AUT", "CHE", "BLR"}


def test_an_act_told_on_a_weekday_takes_no_other_sentences_day_that_falls_on_another(parser) -> None:
    from entente.stages.assemble import event_day
    from entente.types import Article
    text = ("Troops leave Kenya. Ugandan troops arrived in Kenya on January 6, 2022. The unrest broke out on "
            "January 2. The Kenyan president announced on Wednesday that the mission had ended.")
    article = Article(doc_id="t", origin="t", text=text, title=None, publication_date=None,
                      outlet=None, language="en", url=None, content_hash="t", raw=text)
    sentences = list(parser(text).sents)
    assert event_day(3, sentences, article, 2022) is None  # 2 and 6 January 2022 were a Sunday and a Thursday
    text = text.replace("on Wednesday", "on Sunday")
    assert event_day(3, list(parser(text).sents), replace(article, text=text, raw=text), 2022) == date(2022, 1, 2)


def test_a_hostile_deed_told_without_its_doer_was_done_to_the_reporters_state(parser) -> None:
    from entente.stages.parties import read_parties
    told = ("Two border guards suffered minor injuries that were likely caused by the laser beam, the Ugandan "
            "foreign minister said on Monday.")
    reading = read_parties(parser(told), 0, "ASSAULT", type_scorer(load_detector(), "ASSAULT"), NO_CAST,
                           dyad=("KEN", "UGA"))
    assert reading.parties is not None, told
    assert ({a.country for a in reading.parties.source}, {a.country for a in reading.parties.target}) == (
        {"KEN"}, {"UGA"})  # not the minister attacking Kenya


@pytest.mark.parametrize("sentence", [
    "Kenya on Monday declared Uganda's President Okello Mugisha persona non grata over his remarks.",
    "The Kenyan parliament declared Ugandan President Okello Mugisha persona non grata on Monday.",
])
def test_whom_a_naming_verb_declares_persona_non_grata_is_the_target(parser, sentence: str) -> None:
    found = find_parties(parser(sentence), 0, "SANCTION", type_scorer(load_detector(), "SANCTION"), NO_CAST)
    assert found is not None, sentence
    assert ({a.country for a in found.source}, {a.country for a in found.target}) == ({"KEN"}, {"UGA"})


@pytest.mark.parametrize(("text", "day"), [
    ("Over the weekend, Kenya said that a 25% tax on Ugandan goods would take effect on Tuesday.", None),
    ("Kenya on Saturday ordered tariffs on Ugandan goods that will take effect on Tuesday.", date(2025, 2, 1)),
    ("Kenya said on Tuesday that it would expel the Ugandan envoy.", date(2025, 1, 28)),
])
def test_a_day_its_clause_tells_as_ahead_does_not_date_the_act(text: str, day: date | None) -> None:
    from entente.stages.assemble import sentence_day, sentence_span
    assert sentence_day(text, date(2025, 2, 3), 2025) == day
    if day is None:  # the weekend the sentence gives dates it instead
        assert sentence_span(text, date(2025, 2, 3), 2025)[1] == (date(2025, 2, 1), date(2025, 2, 2))


def test_a_peoples_plural_names_a_side_but_not_the_articles_countries() -> None:
    from entente.stages.events import ranked_countries
    from entente.stages.gazetteer import lookup_country
    assert [lookup_country(w) for w in ("Ugandans", "Afghans", "Filipinos", "Chinese")] == ["UGA", "AFG", "PHL", "CHN"]
    assert "UGA" not in ranked_countries("Kenya and Tanzania met; they spoke of the Ugandans living in Kenya.", None)


def test_a_hyphened_prefix_leaves_the_act_to_its_word(parser) -> None:
    from entente.stages.parties import choose_triggers
    told = ("The joint commission was co-chaired in Nairobi by Kenya's foreign minister Amani Waweru and Uganda's "
            "foreign minister Okello Mugisha.")
    score = type_scorer(load_detector(), "CONSULT")
    assert [t.text for t in choose_triggers(parser(told), score)][:1] == ["chaired"]  # was 'co', which has no sides


def test_a_signing_the_rules_read_alone_is_folded_into_the_meeting_of_its_day() -> None:
    from entente.stages.assemble import fold_signings
    from entente.types import Agreement, Mention
    day, sides = date(2023, 12, 5), (Actor(None, "KEN"), Actor(None, "UGA"))
    signing = Mention("a:0", "AGREE", None, day, None, None, sides, (Agreement("visa accord", "signed"),))
    meeting = Mention("a:1", "CONSULT", "visit", day, None, None, (Actor("Amani Waweru", "KEN"),
                                                                     Actor("Okello Mugisha", "UGA")))
    folded = fold_signings([signing], [meeting])
    assert [m.event_type for m in folded] == ["CONSULT"]
    assert folded[0].agreements == signing.agreements
    another_day = replace(meeting, date=date(2023, 12, 6))
    assert [m.event_type for m in fold_signings([signing], [another_day])] == ["AGREE", "CONSULT"]


def test_an_official_of_no_known_country_is_the_reporters_or_the_sides_state(parser) -> None:
    from entente.stages.parties import side_officials
    told = "The Kenyan Foreign Ministry said on Friday that Vice Minister Amani Waweru had summoned Uganda's envoy."
    found = find_parties(parser(told), 0, "REQUEST", type_scorer(load_detector(), "REQUEST"), NO_CAST)
    assert found is not None
    assert [(a.name, a.country) for a in found.source] == [("Amani Waweru", "KEN")]  # not the ministry
    official, state = Actor("Amani Waweru", None, "Vice Minister"), Actor(None, "KEN")
    assert side_officials([official, state]) == [replace(official, country="KEN")]
    assert side_officials([official, state, Actor(None, "UGA")]) == [state, Actor(None, "UGA")]  # whose is unknown


def test_a_country_talked_about_is_not_one_of_the_articles_two() -> None:
    from entente.stages.assemble import article_dyad
    from entente.types import Article
    text = ("Kenya summoned the Ugandan envoy over remarks about Somalia. The remarks on Somalia angered Nairobi, "
            "and talks over Somalia were suspended. Kenya said Uganda must retract the remarks about Somalia.")
    article = Article("a", "a.txt", text, "Kenya summons Ugandan envoy over remarks about Somalia", date(2025, 1, 2),
                      None, "en", None, "h", text)
    assert set(article_dyad(article, [])) == {"KEN", "UGA"}


def test_a_later_reading_that_names_the_acting_person_and_an_earlier_day_dates_the_act() -> None:
    text = ("Kenya summoned the Ugandan ambassador over the border remarks, Nairobi said on Friday.\n\n"
            "Foreign Minister Amani Waweru of Kenya summoned Ugandan Ambassador Okello Mugisha on Thursday, according "
            "to a statement.")
    found = mentions_of(text, "2025-11-14")
    summons = [m for m in found if m.event_type == "REQUEST"]
    assert len(summons) == 1
    assert ("Amani Waweru", "KEN") in {(a.name, a.country) for a in summons[0].participants}
    assert summons[0].date == date(2025, 11, 13)  # Thursday's, not the day Nairobi said it


def test_a_protest_lodged_at_a_summons_is_made_to_the_envoy_summoned() -> None:
    text = ("Kenya's Deputy Foreign Minister Amani Waweru summoned Ugandan Ambassador Okello Mugisha on Thursday and "
            "lodged a strong protest over the remarks of Uganda's army chief.")
    found = mentions_of(text, "2025-11-14")
    people = {m.event_type: {(a.name, a.country) for a in m.participants} for m in found}
    assert people.get("ACCUSE") == {("Amani Waweru", "KEN"), ("Okello Mugisha", "UGA")}
    assert people.get("REQUEST") == people["ACCUSE"]


def test_a_deed_told_in_a_quotation_is_an_accusation_by_the_one_quoted() -> None:
    text = ("Kenyan Foreign Minister Amani Waweru addressed parliament in Nairobi on Tuesday.\n\n"
            "\"Uganda has violated our airspace three times this month, which is a flagrant breach of our sovereignty. "
            "But this incursion is brazen,\" said Foreign Minister Amani Waweru.")
    accusations = [m for m in mentions_of(text, "2025-11-11") if m.event_type == "ACCUSE"]
    assert accusations, "no accusation read"
    assert {(a.name, a.country, a.role) for a in accusations[0].participants} == {
        ("Amani Waweru", "KEN", "source"), (None, "UGA", "target")}


def test_a_states_official_name_and_a_dateline_naming_its_country() -> None:
    from entente.stages.events import dateline_match
    assert dateline_match("NAIROBI, Kenya: Talks opened.")["place"] == "NAIROBI"
    assert dateline_match("Kenya said talks opened.") is None
    assert dateline_match("Nairobi [Kenya], May 3 (ANI): Talks opened.")["place"] == "Nairobi"
    assert dateline_match("Nairobi [Kenya], May 3: Talks opened.")["place"] == "Nairobi"
    text = "DOHA, Qatar: Pakistan and the Islamic Emirate of Afghanistan held talks in Doha on Sunday."
    meetings = [m for m in mentions_of(text, "2025-10-20") if m.event_type == "CONSULT"]
    assert [{a.country for a in m.participants} for m in meetings] == [{"PAK", "AFG"}]  # the venue is no side


def test_a_named_body_acted_on_is_not_the_other_state_of_the_article(parser) -> None:
    told = "The relief agency UNRWA is accused by the Kenyan government of collaborating with militants."
    score = type_scorer(load_detector(), "ACCUSE")
    assert find_parties(parser(told), 0, "ACCUSE", score, NO_CAST, dyad=("KEN", "UGA")) is None
    pronoun = parser("The Kenyan government accused it of collaborating with militants.")
    found = find_parties(pronoun, 0, "ACCUSE", score, NO_CAST, dyad=("KEN", "UGA"))
    assert found is not None and {a.country for a in found.target} == {"UGA"}  # 'it': the article's other state


def test_a_verb_joined_to_a_dated_one_takes_its_day(parser) -> None:
    from entente.stages.assemble import clause_day
    parse = parser("Ottawa's foreign ministry said on Friday that Deputy Minister Ruth Abel on Thursday summoned "
                   "Mexico's ambassador and demanded an explanation.")
    demanded = next(t for t in parse if t.text == "demanded")
    assert clause_day(demanded, parse, date(2024, 3, 8), 2024) == date(2024, 3, 7)


def test_an_act_told_later_without_a_day_of_its_own_is_of_the_encounter_its_people_had() -> None:
    text = ("OTTAWA - Canada recalled its ambassador to Mexico on Friday, the foreign ministry said.\n\n"
            "Deputy Foreign Minister Ruth Abel summoned Mexican Ambassador Diego Ferraz on Thursday.\n\n"
            "Canada fears for its citizens held at the border.\n\n"
            "Ferraz told Abel that Mexico rejected the claims about the detentions.")
    found = mentions_of(text, "2024-03-08")
    days = {m.event_type: m.date for m in found}
    assert days.get("REQUEST") == date(2024, 3, 7)
    assert days.get("REJECT") == date(2024, 3, 7)  # said at the summons, not on the day the lede's report gives


def test_a_counterpart_named_by_country_alone_is_the_one_person_of_that_country_the_article_names() -> None:
    text = ("MINSK - Lithuanian President Ruta Balsys took a call on Saturday.\n\n"
            "Speaking to his Lithuanian counterpart, Russian President Ivan Sorokin apologised for the downing "
            "of the airliner.\n\nPolish Foreign Minister Ewa Nowak met her Czech counterpart on Monday in Warsaw.")
    found = {m.event_type: m for m in mentions_of(text, "2024-12-28")}
    assert {(a.name, a.country) for a in found["CONCEDE"].participants} == {
        ("Ivan Sorokin", "RUS"), ("Ruta Balsys", "LTU")}
    # a counterpart the article does not name stays the state
    assert {(a.name, a.country) for a in found["CONSULT"].participants} == {("Ewa Nowak", "POL"), (None, "CZE")}


def test_a_participle_that_describes_a_noun_is_no_act(parser) -> None:
    from entente.stages.parties import choose_triggers
    sentence = parser("Sudan's army-backed government on Tuesday accused Chad of arming rebel militias.")
    triggers = [t.text for t in choose_triggers(sentence, type_scorer(load_detector(), "SUPPORT"))]
    assert "backed" not in triggers


def test_a_speaker_of_no_known_country_who_tells_of_a_hostile_deed_is_not_its_doer(parser) -> None:
    said = "Andres Villanueva said Chinese forces seized two Philippine navy boats on Monday."
    cast = cast_of(said, {"Andres Villanueva": (None, "Chief of Staff")})
    found = find_parties(parser(said), 0, "COERCE", type_scorer(load_detector(), "COERCE"), cast)
    assert found is not None and [(a.name, a.country) for a in found.source] == [(None, "CHN")]
