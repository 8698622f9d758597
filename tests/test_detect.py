"""The event detector: its training set, its shipped model, and what it says of sentences it never saw.

The sentences below are our own, written for this test in the styles of real outlets; none is in
the training set (a test checks that), so they show what the model learned, not what it memorised.
"""
from __future__ import annotations

import json
from collections import Counter

import numpy
import pytest

from entente.models.training import TRAIN_DIR, fit, load_examples
from entente.stages.detect import EVENT_TYPES, MODES, THRESHOLD, load_detector

UNSEEN = [
    ("Ghana's foreign ministry on Monday accused Togo of harbouring armed men behind the Bawku attacks.", "ACCUSE"),
    ("TALLINN (Reuters) - Estonia ordered two Russian diplomats to leave the country within a week.", "SANCTION"),
    ("Islamabad summoned the Afghan envoy on Thursday to demand action against militants crossing the border.",
     "REQUEST"),
    ("Thousands marched on the Danish embassy in Rabat on Friday, burning flags and chanting slogans.", "PROTEST"),
    ("Peru's coast guard boarded and seized two Chinese squid-fishing vessels off its coast, officials said.",
     "COERCE"),
    ("Norway pledged 40 million crowns in emergency food aid to Sudan, the foreign ministry said on Tuesday.", "AID"),
    ("Uzbek President Shavkat Mirziyoyev spoke by phone on Wednesday with Turkmen leader Serdar Berdimuhamedov.",
     "CONSULT"),
    ("Chile and Argentina signed an accord on Tuesday to share data on glacier melt along their border.", "AGREE"),
    ("The Serbian army shelled positions near the village overnight, killing three, local officials said.",
     "ASSAULT"),
    ("Armenia rejected as groundless Baku's claims that its troops had fired across the line on Sunday.", "REJECT"),
]
NONE = [
    "Brazil beat Argentina 2-1 in Sao Paulo on Tuesday to go top of the qualifying table.",
    "Shares in the Korean chipmaker rose 4% after it announced a new plant in Arizona.",
    "The chef, who trained in Lyon, will open his third restaurant in Singapore next spring.",
    "The foreign ministers are due to meet in Geneva next month to prepare the summit.",
]


def test_the_training_set_covers_every_type_and_the_none_class() -> None:
    examples = load_examples()
    counts = Counter(t for e in examples for t in e.types)
    assert len(examples) >= 3000
    assert set(counts) == set(EVENT_TYPES)
    assert min(counts.values()) >= 100, counts
    assert sum(not e.types for e in examples) >= 100
    assert {e.mode for e in examples if e.mode} <= set(MODES)


def test_the_training_set_is_written_in_several_outlets_voices() -> None:
    files = sorted(TRAIN_DIR.glob("*.jsonl"))
    assert len(files) >= 10
    texts = [json.loads(line)["text"] for f in files for line in f.read_text("utf-8").splitlines() if line.strip()]
    assert len(texts) == len(set(texts)), "a training sentence is written twice"


def test_the_sentences_of_this_test_are_not_in_the_training_set() -> None:
    texts = {e.text for e in load_examples()}
    assert not texts & ({s for s, _ in UNSEEN} | set(NONE))


def test_unseen_sentences_get_their_type() -> None:
    found = load_detector().detect([s for s, _ in UNSEEN])
    right = [want in got.names for (_, want), got in zip(UNSEEN, found, strict=True)]
    assert sum(right) >= 8, [(s, g.types) for (s, _), g in zip(UNSEEN, found, strict=True)]


def test_sentences_reporting_no_act_between_states_get_no_type() -> None:
    found = load_detector().detect(NONE)
    assert sum(bool(f.types) for f in found) <= 1, [(s, f.types) for s, f in zip(NONE, found, strict=True)]


def test_a_call_gets_the_phone_mode() -> None:
    assert load_detector().detect([UNSEEN[6][0]])[0].mode == "phone"


@pytest.mark.parametrize("sentences", [[], ["", "   "]])
def test_empty_input_gives_nothing(sentences: list[str]) -> None:
    assert all(not d.types for d in load_detector().detect(sentences))


def test_the_shipped_model_is_the_one_make_train_builds_from_the_committed_set() -> None:
    fresh = fit(load_examples())
    sentences = [s for s, _ in UNSEEN] + NONE
    assert numpy.allclose(fresh.probabilities(sentences), load_detector().probabilities(sentences), atol=1e-4)


def test_a_second_type_needs_less_once_the_sentence_reports_an_act() -> None:
    from entente.stages.detect import COOPERATIVE_THRESHOLD, COOPERATIVE_TYPES, SECOND_THRESHOLD, THRESHOLD
    detector = load_detector()
    sentences = [s for s, _ in UNSEEN] + NONE
    probabilities = detector.typed(sentences, detector.probabilities(sentences))
    for row, found in zip(probabilities, detector.detect(sentences), strict=True):
        floor = SECOND_THRESHOLD if row.max() >= THRESHOLD else THRESHOLD
        floors = [max(floor, COOPERATIVE_THRESHOLD) if t in COOPERATIVE_TYPES else floor for t in EVENT_TYPES]
        assert set(found.names) == {EVENT_TYPES[j] for j in range(len(EVENT_TYPES)) if row[j] >= floors[j]}


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_a_cooperative_type_needs_firmer_evidence_than_the_others(event_type: str) -> None:
    from entente.stages.detect import COOPERATIVE_THRESHOLD, COOPERATIVE_TYPES, reaches
    between = (THRESHOLD + COOPERATIVE_THRESHOLD) / 2
    row = numpy.zeros(len(EVENT_TYPES))
    row[EVENT_TYPES.index(event_type)] = between
    assert reaches(event_type, between, row) == (event_type not in COOPERATIVE_TYPES)
    assert reaches(event_type, COOPERATIVE_THRESHOLD, row)


def test_the_encoder_alone_types_unseen_sentences() -> None:
    typer = load_detector().typer
    rows = typer.probabilities([s for s, _ in UNSEEN])
    right = [EVENT_TYPES[int(numpy.argmax(row))] == want for row, (_, want) in zip(rows, UNSEEN, strict=True)]
    assert sum(right) >= 8, [(s, EVENT_TYPES[int(numpy.argmax(r))]) for (s, _), r in zip(UNSEEN, rows, strict=True)]
    assert typer.probabilities(NONE).max() < 0.5


def test_the_encoder_reads_only_what_the_linear_model_finds_some_act_in() -> None:
    from entente.stages.detect import TYPER_GATE, TYPER_SHARE
    detector = load_detector()
    sentences = [UNSEEN[0][0], "Tickets for the concert sold out within an hour.", UNSEEN[3][0]]
    linear = detector.probabilities(sentences)
    blended = detector.typed(sentences, linear)
    for row, mixed in zip(linear, blended, strict=True):
        if row.max() < TYPER_GATE:
            assert numpy.allclose(mixed, (1 - TYPER_SHARE) * row)
        else:
            assert not numpy.allclose(mixed, (1 - TYPER_SHARE) * row)
    assert linear[1].max() < TYPER_GATE <= linear[0].max()


def test_the_shipped_models_are_small() -> None:
    from entente.stages.detect import shipped
    names = ("event_types.joblib", "event_typer.onnx", "typer_tokenizer.json")
    size = sum(shipped(name).stat().st_size for name in names)
    assert size <= 30 * 2**20


def test_which_states_act_does_not_change_what_the_act_is() -> None:
    detector = load_detector()
    sentences = ["Ghana cut diplomatic ties with Togo on Tuesday, the Ghanaian government said.",
                 "Fiji cut diplomatic ties with Tonga on Tuesday, the Fijian government said.",
                 "Peru cut diplomatic ties with Venezuela on Tuesday, the Peruvian government said."]
    first, *others = detector.probabilities(sentences)
    assert EVENT_TYPES[int(numpy.argmax(first))] == "SANCTION"
    for row in others:
        assert numpy.array_equal(row, first)


def test_a_sentence_of_several_clauses_is_split_where_they_join() -> None:
    from entente.stages.detect import clauses
    assert clauses("Ghana froze the permits of Togolese traders, recalled its envoy and asked Lome to explain.") == [
        "Ghana froze the permits of Togolese traders, recalled its envoy", "asked Lome to explain."]
    assert clauses("Ghana protested; Togo denied it all, and the two envoys met on Monday.") == [
        "Togo denied it all", "the two envoys met on Monday."]
    assert clauses("Ghana and Togo signed a deal.") == ["Ghana and Togo signed a deal."]
    assert clauses("Benin blamed Niger for the raid on its border post, but Niamey denied responsibility.") == [
        "Benin blamed Niger for the raid on its border post", "Niamey denied responsibility."]  # three words: an act


def test_a_type_only_one_clause_reports_is_read_from_that_clause() -> None:
    from entente.stages.detect import CLAUSE_THRESHOLD, clauses
    detector = load_detector()
    sentences = ["The minister spoke at length about regional trade, tourism and the new rail link, while Ghana "
                 "expelled three Togolese diplomats.",
                 "Nairobi thanked Kampala for its help with the floods, praised the joint patrols on the lake, and "
                 "expelled two Ugandan diplomats accused of spying."]
    found = detector.detect(sentences)
    assert any(d.clauses for d in found)
    for sentence, detection, whole in zip(sentences, found, detector.probabilities(sentences), strict=True):
        for kind, clause in detection.clauses:
            j = EVENT_TYPES.index(kind)
            assert clause in clauses(sentence) and whole[j] < THRESHOLD
            figure = detector.probabilities([clause])[0, j]
            assert figure >= CLAUSE_THRESHOLD and dict(detection.types)[kind] == pytest.approx(figure)


def test_a_clause_type_is_scored_on_its_clause() -> None:
    from entente.stages.assemble import candidate_scorers
    detector = load_detector()
    clause = "The minister spoke at length about regional trade"
    text = clause + ", while Ghana expelled three Togolese diplomats."
    def cut(word: str) -> tuple[int, int]:
        return text.index(word), text.index(word) + len(word)

    score = candidate_scorers(detector, {"CONSULT": clause})("CONSULT")
    whole, spoke, expelled = score(text, [cut("spoke"), cut("expelled")])
    expected = detector.probabilities([clause, clause.replace("spoke", "")])[:, EVENT_TYPES.index("CONSULT")]
    assert (whole, spoke) == pytest.approx(list(expected), abs=1e-12)
    assert expelled == whole  # a word outside the clause does not count for its type
