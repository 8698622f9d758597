"""Tests for the events stage: modes, places, days, negatives, event types and evidence offsets.

Each case is a short invented article run through the real spaCy model and `extract_mentions`.
"""
from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from entente.config import Settings
from entente.stages.annotate import load_nlp
from entente.stages.events import extract_mentions
from entente.types import Article, Mention

TUE = date(2023, 11, 14)  # a Tuesday: the publication day of most cases


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The configured spaCy pipeline, loaded once for this module."""
    return load_nlp(Settings().model)


def mentions(nlp: Language, text: str, published: date | None = TUE) -> list[Mention]:
    """The mentions the events stage reads from one article."""
    article = Article(doc_id="case", origin="case", text=text, title=None, publication_date=published, outlet=None,
                      language="en", url=None, content_hash="", raw=text)
    return extract_mentions(article, nlp(text))


def people(mention: Mention) -> set[str | None]:
    """The participants' names."""
    return {p.name for p in mention.participants}


# --- modes and places: (text, mode, place) ------------------------------------------------------

MODE_CASES = [
    pytest.param("German Foreign Minister Katrin Vogler and French Foreign Minister Julien Marchand discussed "
                 "Ukraine in a telephone conversation on Monday.", "phone", None, id="phone-nominal"),
    pytest.param("Secretary of State Rachel Coleman spoke on Monday with Indian External Affairs Minister Suresh "
                 "Venkatesh.", "phone", None, id="spoke-with-no-venue"),
    pytest.param("SINGAPORE - Prime Minister Lawrence Tan and his Malaysian counterpart Hashim Abdul Karim held a "
                 "video call on Monday (Nov 13), during which they agreed to build a rail link.", "video", None,
                 id="video-not-dateline"),
    pytest.param("Japanese Foreign Minister Kenji Morimoto held talks with Australian Foreign Minister Sarah "
                 "Whitfield in Canberra on Monday.", "visit", "Canberra", id="visit-by-place"),
    pytest.param("Greek Foreign Minister Nikos Stavridis met his Turkish counterpart Mehmet Ali Karaca on Monday on "
                 "the sidelines of the United Nations General Assembly in New York.", "sidelines", "New York",
                 id="sidelines"),
    pytest.param("Armenian Foreign Minister Aram Sargsyan and Azerbaijani Foreign Minister Elnur Mammadli met in "
                 "Almaty on Monday, in talks hosted by Kazakhstan.", "meeting", "Almaty", id="third-country"),
    pytest.param("Turkish President Mustafa Aydin met his Azerbaijani counterpart Ilham Rzayev on Monday in "
                 "Kazakhstan's capital Astana.", "meeting", "Astana", id="country-s-capital"),
    pytest.param("Polish President Jan Kowalczyk and Ukrainian President Oleksandr Marchenko met Monday in the "
                 "eastern Polish city of Lublin.", "visit", "Lublin", id="city-of-unknown-city"),
    pytest.param("President Joseph Njoroge of Kenya on Monday hosted Tanzanian President Halima Mwakyusa at State "
                 "House, Nairobi.", "visit", "Nairobi", id="venue-comma-city"),
]


@pytest.mark.parametrize(("text", "mode", "place"), MODE_CASES)
def test_mode_and_place(nlp: Language, text: str, mode: str, place: str | None) -> None:
    [mention] = mentions(nlp, text)
    assert mention.event_type == "CONSULT"
    assert (mention.mode, mention.location.name if mention.location else None) == (mode, place)
    assert mention.date == date(2023, 11, 13)


def test_embassy_seat_is_not_the_place(nlp: Language) -> None:
    text = ("The Government of Japan on Monday provided emergency relief goods to the Philippines, according to "
            "a statement from the Japanese Embassy in Manila.")
    [mention] = mentions(nlp, text)
    assert mention.location is None


# --- days: (text, published, day, span) ---------------------------------------------------------

DAY_CASES = [
    pytest.param("Secretary of State Daniel Whitaker met Chinese Foreign Minister Wang Lei on the 8th on the "
                 "sidelines of the forum.", date(2023, 7, 9), date(2023, 7, 8), None, id="the-8th"),
    pytest.param("SEOUL, Nov. 14 -- Foreign Minister Park Ji-hoon held phone talks with his Japanese counterpart "
                 "Kenji Morimoto on the 12th.", TUE, date(2023, 11, 12), None, id="dateline-date-is-filing-day"),
    pytest.param("Indonesian Defence Minister Bambang Wicaksono and Australia's Defence Minister Michael Hartley "
                 "signed a defence pact in Canberra yesterday.", TUE, date(2023, 11, 13), None, id="yesterday"),
    pytest.param("Ghana's Foreign Minister Kwabena Darko was in Abuja last week for talks with Nigerian Foreign "
                 "Minister Yusuf Bello.", TUE, None, (date(2023, 11, 6), date(2023, 11, 12)), id="last-week"),
    pytest.param("Kenyan President Joseph Njoroge held talks with Ethiopian Prime Minister Abebe Tesfaye in Addis "
                 "Ababa during his three-day state visit which began on Sunday.", date(2024, 3, 20), None,
                 (date(2024, 3, 17), date(2024, 3, 19)), id="n-day-visit-began-on"),
    pytest.param("Uruguayan Foreign Minister Francisco Bustamante and his Paraguayan counterpart Lourdes Benitez "
                 "met in Montevideo last Friday.", date(2023, 8, 14), date(2023, 8, 11), None, id="last-friday"),
    pytest.param("TOKYO, Nov 14 (Reuters) - Japanese Foreign Minister Kenji Morimoto said on Tuesday he had agreed "
                 "with Chinese Foreign Minister Zhao Minghui during talks in Beijing on Saturday to resume talks.",
                 TUE, date(2023, 11, 11), None, id="said-on-is-not-the-event-day"),
    pytest.param("Prime Minister Lawrence Tan of Singapore and Malaysian Prime Minister Hashim Karim held a video call "
                 "on Monday. The two leaders agreed to build a rail link, said the Ministry of Foreign Affairs (MFA) "
                 "on Tuesday.", TUE, date(2023, 11, 13), None, id="said-by-an-institution-on"),
    pytest.param("Zhao, who arrived in Jakarta on Sunday, called on Indonesian President Hendra Prasetyo at the palace "
                 "on Monday. Chinese Foreign Minister Zhao Minghui is on a tour.", TUE, date(2023, 11, 13), None,
                 id="date-in-an-aside"),
    pytest.param("Ghana's Foreign Minister, Kwabena Darko, held a bilateral meeting on the margins of the UN General "
                 "Assembly in New York on Monday with his counterpart from Norway, Ingrid Dahl.", TUE,
                 date(2023, 11, 13), None, id="with-far-after-the-trigger"),
    pytest.param("Foreign Minister Lim Wei Jie of Singapore met Vietnamese Foreign Minister Le Quang Vinh, who is in "
                 "Singapore for an official visit from 13 to 15 November 2023, today.", TUE, TUE, None,
                 id="day-before-visit-span"),
    pytest.param("US Secretary of State Margaret Ellison spoke by phone with Indian External Affairs Minister "
                 "Arvind Raghunathan on March 4. The Quad summit will be held later in 2025.", None,
                 date(2025, 3, 4), None, id="year-inferred-without-publication-date"),
]


@pytest.mark.parametrize(("text", "published", "day", "span"), DAY_CASES)
def test_event_day_not_publication_day(nlp: Language, text: str, published: date | None, day: date | None,
                                       span: tuple[date, date] | None) -> None:
    [mention] = mentions(nlp, text, published)
    assert (mention.date, mention.date_range) == (day, span)


def test_meetings_of_a_visit_without_their_own_day_get_the_visit_span(nlp: Language) -> None:
    text = ("Turkish Foreign Minister Mehmet Ali Karaca paid an official visit to Jordan from June 20-22. "
            "During the visit, Karaca was received by King Faisal bin Zeid in Amman. "
            "On Saturday, Karaca held talks with Jordanian Foreign Minister Nasser Obeidat in Amman.")
    found = {frozenset(people(m)): (m.date, m.date_range) for m in mentions(nlp, text, date(2025, 6, 23))}
    assert found == {
        frozenset({"Mehmet Ali Karaca", "Faisal bin Zeid"}): (None, (date(2025, 6, 20), date(2025, 6, 22))),
        frozenset({"Mehmet Ali Karaca", "Nasser Obeidat"}): (date(2025, 6, 21), None),
    }


def test_a_visit_whose_end_a_day_gives_ends_on_that_day(nlp: Language) -> None:
    text = ("Kenyan President Amani Waweru left Kampala at noon on June 24, wrapping up a three-day state visit to "
            "Uganda. During the visit, Waweru held talks with Ugandan President Okello Mugisha.")
    found = {frozenset(people(m)): (m.date, m.date_range) for m in mentions(nlp, text, date(2025, 6, 25))}
    assert found[frozenset({"Amani Waweru", "Okello Mugisha"})] == (None, (date(2025, 6, 22), date(2025, 6, 24)))


def test_a_later_sentence_about_the_talks_narrows_the_day(nlp: Language) -> None:
    text = ("Armenian Foreign Minister Aram Sargsyan and Azerbaijani Foreign Minister Elnur Mammadli met in Almaty "
            "last week. The talks, held on May 10-11 at a guesthouse, made progress.")
    [mention] = mentions(nlp, text, date(2024, 5, 14))
    assert mention.date_range == (date(2024, 5, 10), date(2024, 5, 11))


# --- not events ---------------------------------------------------------------------------------

NEGATIVE_CASES = [
    pytest.param("Kenyan President Amani Waweru and Ugandan President Okello Mugisha had been set to mediate the "
                 "talks along with Tanzanian President Asha Juma.", id="plan-told-in-the-past"),
    pytest.param("Japanese Foreign Minister Kenji Morimoto will meet Australian Foreign Minister Sarah Whitfield in "
                 "Canberra next week.", id="future-will"),
    pytest.param("Vogler and Marchand are due to meet in Paris next week. German Foreign Minister Katrin Vogler "
                 "and French Foreign Minister Julien Marchand are expected to sign a paper.", id="future-due-to"),
    pytest.param("Japanese Prime Minister Shinji Okabe is scheduled to meet Vietnamese Prime Minister Pham Van Long "
                 "in Hanoi on Nov. 20.", id="future-scheduled"),
    pytest.param("Japanese Foreign Minister Kenji Morimoto met Australian Foreign Minister Sarah Whitfield in "
                 "Canberra in March 2019.", id="background-years-before"),
    pytest.param("In January, Qatari Prime Minister Hamad Al Thani hosted Iranian Foreign Minister Reza Mousavi "
                 "in Doha.", id="background-months-before"),
    pytest.param("Kenyan President Joseph Njoroge met Kenyan Cabinet Secretary Grace Mwangi at State House on "
                 "Monday.", id="domestic"),
    pytest.param("An in-person meeting between the two ministers could take place in the coming months.",
                 id="no-named-parties"),
    pytest.param("He said Peruvian Foreign Minister Ernesto Villacorta would go to Santiago for talks with Chilean "
                 "Foreign Minister Tomas Undurraga later this month.", id="only-future-dates"),
    pytest.param("Peruvian Foreign Minister Mariana Quispe had met Chilean Foreign Minister Tomas Undurraga in "
                 "Arica in October to defuse tensions.", id="past-perfect-recall"),
    pytest.param("Peruvian President Rosa Huaman on Monday swore in Ernesto Villacorta as foreign minister. "
                 "Villacorta met President Huaman and Prime Minister Luis Cardenas at the palace on Monday.",
                 id="appointee-meets-own-government"),
]


@pytest.mark.parametrize("text", NEGATIVE_CASES)
def test_not_an_event(nlp: Language, text: str) -> None:
    assert mentions(nlp, text) == []


def test_background_signing_is_not_an_outcome(nlp: Language) -> None:
    text = ("Japanese Foreign Minister Kenji Morimoto met Australian Foreign Minister Sarah Whitfield in Canberra "
            "on Monday. The talks build on agreements the two countries signed in 2010 and 2016.")
    [mention] = mentions(nlp, text)
    assert mention.agreements == ()


# --- other event types --------------------------------------------------------------------------

def test_aid_has_provider_and_recipient(nlp: Language) -> None:
    text = "The Government of Japan on Monday provided emergency relief goods to the Philippines after a typhoon."
    [mention] = mentions(nlp, text)
    assert mention.event_type == "AID" and mention.mode == "humanitarian"
    assert [(p.country, p.role) for p in mention.participants] == [("JPN", "provider"), ("PHL", "recipient")]
    assert mention.date == date(2023, 11, 13)


def test_a_running_aid_total_is_not_an_event(nlp: Language) -> None:
    text = "The Czech Republic has provided Ukraine with more than 70 military aid packages since February 2022."
    assert mentions(nlp, text) == []


def test_an_organisation_official_has_no_country(nlp: Language) -> None:
    text = ("UN Secretary-General Tomas Ferreira met Iranian Foreign Minister Reza Mousavi at UN Headquarters in "
            "New York on Monday. He spoke about Afghanistan and Afghanistan's neighbours.")
    [mention] = mentions(nlp, text)
    assert {(p.name, p.country) for p in mention.participants} == {("Tomas Ferreira", None), ("Reza Mousavi", "IRN")}


def test_future_aid_is_not_an_event(nlp: Language) -> None:
    assert mentions(nlp, "Japan will send a second shipment of relief goods to the Philippines next week.") == []


@pytest.mark.parametrize(("text", "kind", "countries", "roles"), [
    pytest.param("The governments of Chile and Peru agreed on Monday, through an exchange of notes, to set up joint "
                 "border controls.", "AGREE", ["CHL", "PER"], [None, None], id="agree"),
    pytest.param("Ghana on Monday declared its support for Nigeria's bid for a seat on the Security Council.",
                 "SUPPORT", ["GHA", "NGA"], ["source", "target"], id="support"),
])
def test_collective_actors(nlp: Language, text: str, kind: str, countries: list[str], roles: list[str | None]) -> None:
    [mention] = mentions(nlp, text)
    assert mention.event_type == kind
    assert [(p.name, p.country, p.role) for p in mention.participants] == [
        (None, c, r) for c, r in zip(countries, roles, strict=True)]


def test_separate_meetings_with_two_leaders_are_two_events(nlp: Language) -> None:
    text = ("VIENTIANE - Prime Minister Ahmad Faiz Rahman held separate bilateral meetings with Thai Prime Minister "
            "Somchai Wongsakul and Indonesian President Hendra Prasetyo on the sidelines of the ASEAN Summit on "
            "Monday. Malaysian officials said the meetings went well.")
    found = sorted(sorted(people(m)) for m in mentions(nlp, text))  # type: ignore[type-var]
    assert found == [["Ahmad Faiz Rahman", "Hendra Prasetyo"], ["Ahmad Faiz Rahman", "Somchai Wongsakul"]]


def test_meetings_with_two_leaders_told_without_a_subject_are_the_earlier_sentences_persons(nlp: Language) -> None:
    text = ("ACCRA - President Kwame Asante received Togolese President Komla Agbeko at Jubilee House on Monday. "
            "Bilateral meetings with Beninese President Rodrigue Houngbo and Ivorian President Yao Kouame took "
            "place as well.")
    found = sorted(sorted(people(m)) for m in mentions(nlp, text))  # type: ignore[type-var]
    assert found == [["Komla Agbeko", "Kwame Asante"], ["Kwame Asante", "Rodrigue Houngbo"],
                     ["Kwame Asante", "Yao Kouame"]]


def test_he_after_an_opening_adverb_is_the_person_the_sentence_before_opens_with(nlp: Language) -> None:
    text = ("DAKAR - Ethiopian State Minister Tesfaye Bekele arrived in Dakar on Monday for the ministerial forum. "
            "Accordingly, he met Senegalese Foreign Minister Awa Ndiaye and Gambian Foreign Minister Lamin Jallow.")
    found = sorted(sorted(people(m)) for m in mentions(nlp, text))  # type: ignore[type-var]
    assert found == [["Awa Ndiaye", "Tesfaye Bekele"], ["Lamin Jallow", "Tesfaye Bekele"]]


def test_a_business_figure_meeting_a_minister_is_not_diplomacy(nlp: Language) -> None:
    text = "Arcadia Semiconductors chief executive Daniel Kwok met Singapore's Prime Minister Lawrence Tan on Monday."
    assert mentions(nlp, text) == []


def test_three_leaders_in_one_sentence_are_one_meeting(nlp: Language) -> None:
    text = ("Rwandan President Emmanuel Kagabo and Congolese President Jean-Pierre Mbuyi met in Luanda on Monday in "
            "talks hosted by Angolan President Manuel Domingos.")
    [mention] = mentions(nlp, text)
    assert people(mention) == {"Emmanuel Kagabo", "Jean-Pierre Mbuyi", "Manuel Domingos"}


def test_the_subject_of_a_second_verb_is_the_sentence_subject(nlp: Language) -> None:
    text = ("Indian External Affairs Minister Suresh Venkatesh paid an official visit to Singapore on 12-13 November "
            "2023. During the visit, EAM called on Prime Minister Lawrence Tan and held talks with Minister for "
            "Foreign Affairs Lim Wei Jie.")
    found = {frozenset(people(m)): {p.name: p.country for p in m.participants} for m in mentions(nlp, text)}
    with_pm, with_fm = frozenset({"Suresh Venkatesh", "Lawrence Tan"}), frozenset({"Suresh Venkatesh", "Lim Wei Jie"})
    assert set(found) == {with_pm, with_fm}
    assert found[with_fm]["Lim Wei Jie"] == "SGP"  # the visit's hosts


def test_the_two_presidents_are_the_two_of_the_article(nlp: Language) -> None:
    text = ("At the invitation of President Joseph Njoroge of Kenya, President Luiz Couto of Brazil paid a state visit "
            "to Kenya from 9 to 11 November 2023. The two Presidents held official talks at State House, Nairobi, on "
            "10 November 2023.")
    [mention] = mentions(nlp, text)
    assert people(mention) == {"Joseph Njoroge", "Luiz Couto"}
    assert (mention.date, mention.location.name if mention.location else None) == (date(2023, 11, 10), "Nairobi")


def test_she_after_a_quotation_is_not_the_speaker(nlp: Language) -> None:
    text = ("Indian Prime Minister Rakesh Chaturvedi and his Bangladeshi counterpart Farida Rahman held talks in New "
            "Delhi on Monday. Rahman, who arrived on Sunday, was welcomed at the palace. \"Bangladesh is our "
            "largest partner,\" Chaturvedi said. She also called on Indian President Meera Sharma on Monday.")
    found = {frozenset(people(m)) for m in mentions(nlp, text)}
    assert found == {frozenset({"Rakesh Chaturvedi", "Farida Rahman"}), frozenset({"Farida Rahman", "Meera Sharma"})}


def test_here_is_the_dateline_city_even_on_a_line_of_its_own(nlp: Language) -> None:
    text = ("New Delhi, November 13\n\nIndian Prime Minister Rakesh Chaturvedi held talks with Bangladeshi Prime "
            "Minister Farida Rahman at Hyderabad House here on Monday.")
    [mention] = mentions(nlp, text)
    assert mention.location is not None and mention.location.name == "New Delhi"


def test_signings_belong_to_the_meeting(nlp: Language) -> None:
    text = ("Chinese Foreign Minister Wang Lei held talks with Kenya's Foreign Minister Grace Mwangi in Nairobi on "
            "Monday. After the talks, the two signed an agreement on economic and technical cooperation.")
    [mention] = mentions(nlp, text)
    assert [(a.status, a.name) for a in mention.agreements] == [
        ("signed", "agreement on economic and technical cooperation")]


@pytest.mark.parametrize(("text", "place"), [
    ("Nairobi, Daily Ledger—Kenya recalled its envoy.", "Nairobi"),
    ("NAIROBI—Kenya recalled its envoy.", "NAIROBI"),
    ("Kenya—Uganda talks opened on Monday.", None),  # two states joined by a dash open no dateline
])
def test_a_dateline_may_end_in_a_dash_no_space_follows(text: str, place: str | None) -> None:
    from entente.stages.events import dateline_match
    found = dateline_match(text)
    assert (found["place"].strip() if found else None) == place


def test_an_agency_credit_in_a_dateline_is_no_participant(nlp: Language) -> None:
    text = ("LIMA (Andes Wire) - Peruvian President Rosa Quispe and Bolivian President Marco Choque held a virtual "
            "meeting on Monday. During the videoconference, the two leaders agreed to open a border crossing.")
    [mention] = mentions(nlp, text)
    assert people(mention) == {"Rosa Quispe", "Marco Choque"} and mention.date == date(2023, 11, 13)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("OSLO - Denmark will provide 50 million kroner in humanitarian assistance to Yemen, Minister for "
                 "Development Lars Holm announced on Monday.", date(2023, 11, 13), id="announced-pledge"),
    pytest.param("Denmark will provide 50 million kroner in humanitarian assistance to Yemen next year.", None,
                 id="plan-alone"),
])
def test_an_announced_aid_pledge_is_aid_on_the_announcement_day(nlp: Language, text: str,
                                                                  expected: date | None) -> None:
    aid = [m for m in mentions(nlp, text) if m.event_type == "AID"]
    assert [(m.date, [p.country for p in m.participants]) for m in aid] == (
        [(expected, ["DNK", "YEM"])] if expected else [])


# --- evidence -----------------------------------------------------------------------------------

EVIDENCE_TEXTS = [case.values[0] for case in MODE_CASES + DAY_CASES] + [
    "Intro paragraph.\n\n   Japanese Foreign Minister Kenji Morimoto met Australian Foreign Minister Sarah "
    "Whitfield in Canberra on Monday.\n\nThe two agreed to meet again.",
]


@pytest.mark.parametrize("text", EVIDENCE_TEXTS)
def test_evidence_is_the_text_at_its_offsets(nlp: Language, text: str) -> None:
    found = mentions(nlp, text, None if "2025" in text else TUE)
    assert found
    for mention in found:
        assert mention.source is not None
        assert mention.source.evidence == text[mention.source.start:mention.source.end]
        assert mention.source.evidence.strip() == mention.source.evidence


def test_the_next_day_follows_the_meeting_before(nlp: Language) -> None:
    text = ("Turkish Foreign Minister Selim Aydin held talks with Kazakh Foreign Minister Daniyar Seitkali in Ankara "
            "on Sunday. On the following day, Seitkali met Turkish President Kerem Yalcin.")
    found = {frozenset(people(m)): m.date for m in mentions(nlp, text)}
    assert found == {frozenset({"Selim Aydin", "Daniyar Seitkali"}): date(2023, 11, 12),
                     frozenset({"Daniyar Seitkali", "Kerem Yalcin"}): date(2023, 11, 13)}


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("ISLAMABAD: Foreign Minister Kamal Qureshi and his Uzbek counterpart Jasur Tursunov on Monday agreed "
                 "to expand trade.", ("Islamabad", "visit"), id="colon-dateline"),
    pytest.param("Havana, Nov 14 (Caribe Wire) The Cuban Foreign Minister, Ernesto Valdés Ruiz, received on Monday at "
                 "the ministry's headquarters the Namibian Foreign Minister, Ndapewa Shilongo.", ("Havana", "visit"),
                 id="credit-dateline-and-far-object"),
    pytest.param("President Samuel Mugisha of Uganda on Monday hosted his South Sudanese counterpart Gabriel Deng Akol "
                 "at State House Entebbe.", ("Entebbe", "visit"), id="building-then-city"),
])
def test_datelines_and_venues_give_the_place(nlp: Language, text: str, expected: tuple[str, str]) -> None:
    [mention] = mentions(nlp, text)
    assert (mention.location.name if mention.location else None, mention.mode) == expected
    assert mention.date == date(2023, 11, 13)


def test_a_shipment_received_by_two_officials_is_no_meeting(nlp: Language) -> None:
    text = ("The UAE on Monday sent a plane carrying 100 tonnes of medical aid to Lebanon. On arrival, the shipment "
            "was received by UAE Ambassador Rashid Al Mansoori and Lebanese Health Minister Firas Haddad.")
    assert [m.event_type for m in mentions(nlp, text)] == ["AID"]


def test_a_visit_arrival_day_and_length_date_a_later_call_on(nlp: Language) -> None:
    text = ("ISLAMABAD: Foreign Minister Kamal Qureshi and his Uzbek counterpart Jasur Tursunov held talks on "
            "Tuesday, where the visiting minister arrived on Monday on a two-day official visit. Mr Tursunov also "
            "called on Prime Minister Shahid Mahmood.")
    found = {frozenset(people(m)): (m.date, m.date_range) for m in mentions(nlp, text)}
    assert found == {frozenset({"Kamal Qureshi", "Jasur Tursunov"}): (TUE, None),
                     frozenset({"Jasur Tursunov", "Shahid Mahmood"}): (None, (date(2023, 11, 13), TUE))}


def test_a_visit_in_a_background_year_gives_no_destination(nlp: Language) -> None:
    text = ("German Foreign Minister Friederike Lang arrived in the Mongolian capital, Ulaanbaatar, on Monday. On "
            "Tuesday, Lang held talks with her Mongolian counterpart Batbold Ganzorig. The two countries agreed on a "
            "partnership in 2021 during a visit to Berlin by Mongolia's prime minister.")
    [mention] = mentions(nlp, text)
    assert (mention.date, mention.location.name if mention.location else None) == (TUE, "Ulaanbaatar")


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Astana, 13 November 2023 – Minister of Foreign Affairs of the Republic of Kazakhstan Yerlan "
                 "Sarsenov held talks with Minister of Foreign Affairs of the Republic of Korea Park Jin-woo, who is "
                 "in Kazakhstan on an official visit.", (date(2023, 11, 13), "Astana"), id="day-first-dateline"),
    pytest.param("NEW DELHI November 14, 2023 00:15 IST\nExternal Affairs Minister Arvind Raghunathan on Monday held "
                 "talks with his Maldivian counterpart Ahmed Shiyam, who is on a visit to India.",
                 (date(2023, 11, 13), "New Delhi"), id="dateline-line-with-time"),
    pytest.param("President Kemal Aksoy on Monday hosted Hungarian Prime Minister Gábor Szalai at the Presidential "
                 "Complex in the capital Ankara. The two signed an accord during Aksoy's visit to Budapest in 2021.",
                 (date(2023, 11, 13), "Ankara"), id="capital-without-comma"),
    pytest.param("Foreign Minister Claire Whitlam has met her Chinese counterpart Wang Zhenyu in Beijing. Senator "
                 "Whitlam and Mr Wang spoke for two hours at the Diaoyutai State Guesthouse on Monday night.",
                 (date(2023, 11, 13), "Beijing"), id="spoke-at-a-venue-is-no-call"),
])
def test_readout_and_feature_forms_give_day_and_place(nlp: Language, text: str,
                                                      expected: tuple[date, str]) -> None:
    [mention] = mentions(nlp, text)
    assert (mention.date, mention.location.name if mention.location else None) == expected


@pytest.mark.parametrize("text", [
    pytest.param("Astana, 13 November 2023 – Kazakh Foreign Minister Yerlan Sarsenov held talks with Korean Foreign "
                 "Minister Park Jin-woo. On the same day, the Korean Minister was received by the Prime Minister of "
                 "the Republic of Kazakhstan Askar Zhakenov.", id="on-the-same-day"),
    pytest.param("President Kemal Aksoy on Monday hosted Hungarian Prime Minister Gábor Szalai in Ankara. Szalai "
                 "later met with Parliament Speaker Numan Kaya.", id="later-met"),
])
def test_a_second_meeting_takes_the_day_of_the_first(nlp: Language, text: str) -> None:
    assert [m.date for m in mentions(nlp, text)] == [date(2023, 11, 13)] * 2


def test_a_live_blog_entry_is_of_its_day_and_dateline(nlp: Language) -> None:
    text = ("SINGAPORE – Follow our live coverage of the Shangri-La Dialogue.\n3.10pm: US Defence Secretary Mark "
            "Ridley met Chinese Defence Minister Liu Haitao for an hour on the sidelines of the dialogue.")
    [mention] = mentions(nlp, text)
    assert (mention.date, mention.mode, mention.location.name if mention.location else None) == (
        TUE, "sidelines", "Singapore")


def test_a_tour_meeting_in_another_country_is_with_that_country(nlp: Language) -> None:
    text = ("Chinese Premier Zhou Wenhai held talks with Australian Prime Minister Andrew Kerr in Canberra on Monday. "
            "Zhou arrived in Australia on Saturday. Before that, he spent three days in New Zealand, where he met "
            "Prime Minister Chris Whitmore in Wellington on Thursday.")
    whitmore = next(m for m in mentions(nlp, text) if "Chris Whitmore" in people(m))
    assert [p.country for p in whitmore.participants if p.name == "Chris Whitmore"] == ["NZL"]
    assert (whitmore.location.name if whitmore.location else None, whitmore.mode) == ("Wellington", "visit")


def test_a_meeting_with_the_own_legislature_before_a_trip_is_domestic(nlp: Language) -> None:
    text = ("VIENTIANE – Philippine President Ramon Villareal met Vietnamese Prime Minister Tran Van Duc on the "
            "sidelines of the ASEAN Summit on Monday. Before leaving Manila on Sunday, Villareal met with Senate "
            "President Jose Manalo and House Speaker Carlo Reyes.")
    assert [people(m) for m in mentions(nlp, text)] == [{"Ramon Villareal", "Tran Van Duc"}]


def test_a_handover_under_grant_aid_is_aid(nlp: Language) -> None:
    text = ("The Government of Japan on Monday handed over 50 ambulances to the Government of Ghana under its grant "
            "aid programme at a ceremony in Accra.")
    [aid] = mentions(nlp, text)
    assert (aid.event_type, [p.country for p in aid.participants], aid.date) == (
        "AID", ["JPN", "GHA"], date(2023, 11, 13))


def test_a_pluperfect_recalls_a_summit_meeting_as_background(nlp: Language) -> None:
    text = ("President William Otieno hosted Somali President Abdi Hassan Warsame at State House, Nairobi, on Monday. "
            "The two leaders had met in Addis Ababa last month on the sidelines of an IGAD summit.")
    assert [(m.mode, m.date) for m in mentions(nlp, text)] == [("visit", date(2023, 11, 13))]


def test_a_one_day_visit_dates_a_meeting_during_it(nlp: Language) -> None:
    text = ("TEHRAN – Iranian Foreign Minister Abbas Rahimi travelled to Yerevan on Monday, where he held talks with "
            "his Armenian counterpart Armen Hakobyan. Rahimi also met Armenian Prime Minister Nikol Sargsyan during "
            "the one-day visit. The next meeting of the platform is to be held in Baku later this year.")
    found = {frozenset(people(m)): (m.date, m.location.name if m.location else None) for m in mentions(nlp, text)}
    assert found[frozenset({"Abbas Rahimi", "Nikol Sargsyan"})] == (date(2023, 11, 13), "Yerevan")


def test_a_person_in_the_opening_phrase_is_not_a_side(nlp: Language) -> None:
    text = ("A week before the swearing-in of Ghanaian President Kofi Mensah, Kenyan Foreign Minister Amani Waweru "
            "discussed trade with his colleagues in Nairobi on Monday.")
    assert all("Kofi Mensah" not in people(m) for m in mentions(nlp, text))


def test_hosts_with_no_named_guest_are_no_meeting(nlp: Language) -> None:
    text = ("Kenyan President Amani Waweru, Foreign Minister Okello Mugisha and envoy Ruth Njeri hosted the signing "
            "ceremony in Nairobi on Monday.")
    assert mentions(nlp, text) == []


def test_the_speaker_of_a_passive_signing_is_no_party(nlp: Language) -> None:
    text = ("Information Minister Ruth Njeri of Kenya spoke to reporters in Nairobi on Tuesday. He said the accord was "
            "signed by Kenyan President Amani Waweru and Ugandan President Okello Mugisha on Monday morning.")
    assert all("Ruth Njeri" not in people(m) for m in mentions(nlp, text))


@pytest.mark.parametrize(("top", "published", "anchor"), [
    ("ACCRA, March 4 (GNA) -- The two presidents met this morning.", date(2022, 3, 5), date(2022, 3, 4)),
    ("Headline\n\nACCRA, March 4 (GNA) -- The two presidents met this morning.", date(2022, 3, 5), date(2022, 3, 4)),
    ("ACCRA, March 4 (GNA) -- The two presidents met this morning.", date(2022, 3, 4), date(2022, 3, 4)),
    ("ACCRA, Feb 2 (GNA) -- The two presidents met this morning.", date(2022, 3, 5), date(2022, 3, 5)),
    ("The two presidents met this morning in Accra.", date(2022, 3, 5), date(2022, 3, 5)),
])
def test_relative_days_count_from_the_day_a_wire_story_was_filed(top: str, published: date, anchor: date) -> None:
    from entente.stages.events import anchor_day
    article = Article("a", "a.txt", top, None, published, None, "en", None, "", "")
    assert anchor_day(article) == anchor
