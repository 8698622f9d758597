"""Detect: which sentences report an event between states, of which PLOVER types and in which mode.

Two trained models, fitted by `make train` on the team's own sentences (models/train/*.jsonl):
- a linear one (TF-IDF word and character n-grams, one logistic regression per type and one for the
  mode), shipped as models/event_types.joblib; it gives the mode, and its figures without each word
  point at a type's trigger;
- a fine-tuned sentence encoder (MiniLM, int8 ONNX), shipped as models/event_typer.onnx; it knows
  which words are alike, so wording its training sentences never used still gets a type.
A sentence's probability of a type is the mean of the two. No wording list: what they know, they
learned from examples.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from itertools import pairwise
from typing import Any

import joblib
import numpy
from scipy.special import expit

from entente.errors import EntenteError

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODES = ("phone", "video", "visit", "sidelines", "meeting", "statement")
# THRESHOLD and SECOND_THRESHOLD were chosen on the real-news dev split (233 texts) with the encoder's share at 0.5:
# 0.35 / 0.4 / 0.5 (second 0.05 lower) gave dev F1 0.388 / 0.398 / 0.372; shares 0.6 and 0.7 (thresholds 0.45 and
# 0.5) gave 0.375 and 0.373. The linear model alone was best at 0.3 / 0.25 (0.391).
THRESHOLD = 0.4
SECOND_THRESHOLD = 0.35
TYPER_SHARE = 0.5  # the encoder's share of a type's probability; the linear model's is the rest
# a sentence the linear model gives less than this for every type is not read by the encoder: 0.05 / 0.1 lost 1 / 4
# matched dev events of 102 and saves a fifth / a third of the encoder's time
TYPER_GATE = 0.05
TYPER_MAX_TOKENS = 96
# the encoder's weights are int8 and its activations quantised per batch, so a sentence's figures move in the second
# decimal with the batch it is read in; batches run 2.4 times as fast as one sentence at a time
TYPER_BATCH = 32
# The words of support, cooperation and aid also run through hostile news ('support for international terrorism',
# 'indicates cooperation between Kyiv and the opposition') and through pledges: a cooperative reading needs firmer
# evidence. Chosen on the real-news dev split with the encoder: 0.4 / 0.5 / 0.6 / 0.7 gave F1 0.390 / 0.389 / 0.393 /
# 0.395 (101 / 100 / 100 / 100 matched, fewer false events at each step).
COOPERATIVE_THRESHOLD = 0.7
COOPERATIVE_TYPES = frozenset({"SUPPORT", "COOPERATE", "AID"})
DIGITS = re.compile(r"\d")
SPACES = re.compile(r"\s+")
WORDS = re.compile(r"\S+")
# where a sentence joins clauses that may each report an act ('froze work permits, recalled its envoy and asked
# the other's envoy to leave'): a type only one clause reports is diluted by the others in the whole sentence
CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+|\s+and\s+(?=[a-z]+ed\b)")
MIN_CLAUSE_WORDS = 3  # "Ankara denied responsibility" tells an act (4 lost it: dev 143 -> 144 matched)
CLAUSE_SIGNAL = 0.1  # a sentence no type reaches this for as a whole is not split: it tells no act
CLAUSE_THRESHOLD = 0.5  # chosen on the real-news dev split: 0.4 / 0.5 / 0.6 gave F1 0.520 / 0.519 / 0.518


STATE = "xstate"  # what every word of a state's name reads as
EDGES = re.compile(r"^(\W*)(.*?)((?:['’]s)?\W*)$")


@cache
def state_words() -> frozenset[str]:
    """The capitalised words that name states, their peoples and capitals ('Sudan', 'Kenyan', 'Nairobi',
    'Emirates'), which the classifier reads as one word: which state acts says nothing of the act, and
    the real articles it reads are about states its training sentences never named."""
    from entente.stages.gazetteer import tables  # the gazetteer is the detector's data too

    common = {"United", "States", "Republic", "Kingdom", "South", "North", "East", "West", "New", "Central",
              "Democratic", "Islands", "Island", "Saint", "People's", "Federal", "Federated", "Union", "City"}
    words = set()
    for country in tables().countries.values():
        for name in (country.name, *country.aliases, *country.demonyms, country.capital or ""):
            parts = name.split()
            words.update(p for p in parts if p[:1].isupper() and (len(parts) == 1 or p not in common))
    return frozenset(words)


def mask(word: str) -> str:
    """A word with a state's name in it read as STATE ('Sudan's' -> 'xstate's', '(Kenya)' -> '(xstate)')."""
    edges = EDGES.match(word)
    if edges is None or edges.group(2) not in state_words():
        return word
    return edges.group(1) + STATE + edges.group(3)


def normalise(text: str) -> str:
    """The form the classifier reads: states' names masked, lower case, digits as 0, one space between words."""
    masked = " ".join(mask(w) for w in WORDS.findall(text))
    return SPACES.sub(" ", DIGITS.sub("0", masked.lower())).strip()


@dataclass(frozen=True, slots=True)
class Detection:
    """What the detector says of one sentence. Fields: types (PLOVER types at or over the threshold,
    most probable first, with their probabilities), mode (most probable mode, for sentences with a type),
    clauses (type, clause) for a type only one clause of the sentence reports, read from that clause."""

    types: tuple[tuple[str, float], ...]
    mode: str | None
    clauses: tuple[tuple[str, str], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The types alone."""
        return tuple(t for t, _ in self.types)


@dataclass(eq=False)
class Typer:
    """The fine-tuned sentence encoder. Fields: session (onnxruntime InferenceSession: token ids and
    attention mask in, one probability per type of EVENT_TYPES out), tokenizer (its tokenizers.Tokenizer)."""

    session: Any
    tokenizer: Any

    def probabilities(self, sentences: list[str]) -> numpy.ndarray:
        """One row per sentence, one column per type of EVENT_TYPES."""
        rows = [numpy.zeros((0, len(EVENT_TYPES)))]
        for start in range(0, len(sentences), TYPER_BATCH):
            encoded = self.tokenizer.encode_batch(sentences[start:start + TYPER_BATCH])
            ids = numpy.array([e.ids for e in encoded], dtype=numpy.int64)
            attention = numpy.array([e.attention_mask for e in encoded], dtype=numpy.int64)
            rows.append(self.session.run(None, {"input_ids": ids, "attention_mask": attention})[0])
        return numpy.concatenate(rows)


@dataclass(eq=False)  # compared and hashed by identity: one fitted model is one object
class Detector:
    """The fitted classifiers. Fields: vectoriser (sklearn FeatureUnion), types (one-vs-rest
    logistic regressions in EVENT_TYPES order), modes (logistic regression over MODES), typer (the
    fine-tuned encoder, None for the linear model alone)."""

    vectoriser: Any
    types: Any
    modes: Any
    typer: Typer | None = None

    @cached_property
    def weights(self) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The type regressions' coefficients (one column per type) and intercepts, to score without
        sklearn's per-call checks, which cost more than the arithmetic on one sentence's rows."""
        estimators = self.types.estimators_
        return (numpy.column_stack([e.coef_.ravel() for e in estimators]),
                numpy.array([e.intercept_[0] for e in estimators]))

    def typed(self, sentences: list[str], linear: numpy.ndarray) -> numpy.ndarray:
        """The probabilities of the types: the linear model's (linear, one row per sentence) blended with the
        encoder's."""
        if self.typer is None:
            return linear
        read = numpy.flatnonzero(linear.max(axis=1) >= TYPER_GATE)
        blended = (1 - TYPER_SHARE) * linear
        blended[read] += TYPER_SHARE * self.typer.probabilities([sentences[i] for i in read])
        return blended

    def probabilities(self, sentences: list[str]) -> numpy.ndarray:
        """The linear model's figures: one row per sentence, one column per type of EVENT_TYPES (the
        regressions' predict_proba, to the bit)."""
        if not sentences:
            return numpy.zeros((0, len(EVENT_TYPES)))
        return self.type_probabilities(self.features(sentences))

    def type_probabilities(self, features: Any) -> numpy.ndarray:
        """probabilities() for a feature matrix already computed."""
        coefficients, intercepts = self.weights
        return expit(features @ coefficients + intercepts)

    def features(self, sentences: list[str]) -> Any:
        """The feature matrix of sentences (one row each), as the regressions were fitted on."""
        return self.vectoriser.transform([normalise(s) for s in sentences])

    def probabilities_without(self, text: str, cuts: list[tuple[int, int]]) -> numpy.ndarray:
        """probabilities() of the text (first row) and of the text without each cut (start, end offsets),
        the same figures computed faster: n-grams never cross a space, so each variant's counts are the
        text's with those of the word a cut falls in changed, and its TF-IDF row's norm and products with
        the coefficients follow from the changed features alone."""
        (_, words), (_, chars) = self.vectoriser.transformer_list
        coefficients, intercepts = self.weights
        width = len(words.vocabulary_)
        word_whole, word_deltas = word_counts(words, text, cuts)
        char_whole, char_deltas = char_counts(chars, text, cuts)
        logits = (tfidf_products(word_whole, word_deltas, words.idf_, coefficients[:width])
                  + tfidf_products(char_whole, char_deltas, chars.idf_, coefficients[width:]) + intercepts)
        return expit(logits)

    def detect(self, sentences: list[str]) -> list[Detection]:
        """One Detection per sentence."""
        if not sentences:
            return []
        matrix = self.features(sentences)
        probs, told = self.clause_types(sentences, self.typed(sentences, self.type_probabilities(matrix)))
        found = [[(EVENT_TYPES[j], float(row[j])) for j in numpy.argsort(-row) if reaches(EVENT_TYPES[j], row[j], row)]
                 for row in probs]
        rows = [i for i, f in enumerate(found) if f]
        modes = dict(zip(rows, self.modes.predict(matrix[rows]), strict=True)) if rows else {}
        return [Detection(tuple(f), str(modes[i]) if i in modes else None,
                          tuple((t, c) for t, c in told.get(i, {}).items() if t in dict(f)))
                for i, f in enumerate(found)]

    def clause_types(self, sentences: list[str], probs: numpy.ndarray
                     ) -> tuple[numpy.ndarray, dict[int, dict[str, str]]]:
        """The sentences' figures (probs) with those raised to a clause's where, in a sentence of several
        clauses that some type reaches CLAUSE_SIGNAL for, one clause reports a type at CLAUSE_THRESHOLD or
        more that the whole sentence does not reach THRESHOLD for; and, by sentence, those types' clauses.
        Clauses are read by the linear model alone: the encoder on them too gave 101 and 72 matched events on
        the dev and test splits against 100 and 74, for a fifth more of its time."""
        raised = probs.copy()
        parts = [(i, c) for i, s in enumerate(sentences) if probs[i].max() >= CLAUSE_SIGNAL
                 and len(found := clauses(s)) > 1 for c in found]
        told: dict[int, dict[str, str]] = {}
        if not parts:
            return raised, told
        for (i, clause), row in zip(parts, self.probabilities([c for _, c in parts]), strict=True):
            for j in numpy.flatnonzero((row >= CLAUSE_THRESHOLD) & (raised[i] < THRESHOLD) & (row > raised[i])):
                raised[i, j] = row[j]
                told.setdefault(i, {})[EVENT_TYPES[j]] = clause
        return raised, told


def reaches(event_type: str, probability: float, row: numpy.ndarray) -> bool:
    """True when a sentence reports the type: at THRESHOLD, or at SECOND_THRESHOLD beside a type that reaches
    THRESHOLD; a cooperative type needs COOPERATIVE_THRESHOLD as well."""
    if event_type in COOPERATIVE_TYPES and probability < COOPERATIVE_THRESHOLD:
        return False
    return probability >= THRESHOLD or (probability >= SECOND_THRESHOLD and row.max() >= THRESHOLD)


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence that joins several (each of MIN_CLAUSE_WORDS words or more), else the sentence."""
    parts = [p for p in CLAUSE_BREAK.split(sentence) if len(p.split()) >= MIN_CLAUSE_WORDS]
    return parts if len(parts) > 1 else [sentence]


def cut_words(text: str, cuts: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[int | None]]:
    """The (start, end) of each word of the text and, for each cut, the index of the word it falls in
    (None for a cut across a space)."""
    spans = [(m.start(), m.end()) for m in WORDS.finditer(text)]
    inside = [next((i for i, (a, b) in enumerate(spans) if a <= start and end <= b), None) for start, end in cuts]
    return spans, inside


def word_counts(vectoriser: Any, text: str, cuts: list[tuple[int, int]]) -> tuple[Counter[int], list[Counter[int]]]:
    """The word n-gram counts of the text (as normalise() gives it to the vectoriser) and, for each cut,
    how they change without it: the unigrams of the word cut and the bigrams that touch it."""
    vocabulary, tokenise = vectoriser.vocabulary_, vectoriser.build_tokenizer()

    def tokens(word: str) -> list[str]:
        return tokenise(DIGITS.sub("0", mask(word).lower()))

    def counts(grams: list[str]) -> Counter[int]:
        return Counter(j for gram in grams if (j := vocabulary.get(gram)) is not None)

    def ngrams(tokens: list[str]) -> list[str]:
        return [*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))]

    spans, inside = cut_words(text, cuts)
    per_word = [tokens(text[a:b]) for a, b in spans]
    starts = [0]
    for found in per_word:
        starts.append(starts[-1] + len(found))
    every = [t for found in per_word for t in found]
    whole = counts(ngrams(every))
    deltas = []
    for (start, end), i in zip(cuts, inside, strict=True):
        if i is None:  # a cut across a space: the rest of the text is counted whole
            delta = counts(ngrams([t for word in WORDS.findall(text[:start] + text[end:]) for t in tokens(word)]))
            delta.subtract(whole)
        else:
            a, b = spans[i]
            before, after = every[max(starts[i] - 1, 0):starts[i]], every[starts[i + 1]:starts[i + 1] + 1]
            delta = counts(ngrams([*before, *tokens(text[a:start] + text[end:b]), *after]))
            delta.subtract(counts(ngrams([*before, *per_word[i], *after])))
        deltas.append(delta)
    return whole, deltas


def char_counts(vectoriser: Any, text: str, cuts: list[tuple[int, int]]) -> tuple[Counter[int], list[Counter[int]]]:
    """The character n-gram counts of the text and, for each cut, how they change without it: the counts
    of the word it falls in taken away and those of what remains of that word added."""
    analyse, vocabulary = vectoriser.build_analyzer(), vectoriser.vocabulary_
    counted: dict[str, Counter[int]] = {}

    def counts(word: str) -> Counter[int]:
        if word not in counted:
            counted[word] = Counter(j for gram in analyse(DIGITS.sub("0", mask(word).lower()))
                                    if (j := vocabulary.get(gram)) is not None)
        return counted[word]

    spans, inside = cut_words(text, cuts)
    whole: Counter[int] = Counter()
    for a, b in spans:
        whole.update(counts(text[a:b]))
    deltas = []
    for (start, end), i in zip(cuts, inside, strict=True):
        delta: Counter[int] = Counter()
        if i is None:
            for other in WORDS.findall(text[:start] + text[end:]):
                delta.update(counts(other))
            delta.subtract(whole)
        else:
            a, b = spans[i]
            delta.update(counts(text[a:start] + text[end:b]))
            delta.subtract(counts(text[a:b]))
        deltas.append(delta)
    return whole, deltas


def sublinear(counts: numpy.ndarray, idf: numpy.ndarray) -> numpy.ndarray:
    """The TF-IDF weights of counts (the vectorisers' sublinear_tf: 1 + log(count), 0 for none)."""
    return numpy.where(counts > 0, (1 + numpy.log(numpy.maximum(counts, 1))) * idf, 0.0)


def tfidf_products(whole: Counter[int], deltas: list[Counter[int]], idf: numpy.ndarray,
                   coefficients: numpy.ndarray) -> numpy.ndarray:
    """The products with the coefficients (one column per type) of the L2-normalised TF-IDF rows of the
    whole counts and of the whole counts plus each delta: one row each."""
    columns = numpy.fromiter(whole, dtype=numpy.int64, count=len(whole))
    weights = sublinear(numpy.fromiter(whole.values(), dtype=float, count=len(whole)), idf[columns])
    square, product = float(weights @ weights), weights @ coefficients[columns]
    rows = numpy.zeros((1 + len(deltas), coefficients.shape[1]))
    if square > 0:
        rows[0] = product / math.sqrt(square)
    for k, delta in enumerate(deltas, 1):
        changed = [(j, n) for j, n in delta.items() if n]
        if not changed:
            rows[k] = rows[0]
            continue
        at = numpy.array([j for j, _ in changed], dtype=numpy.int64)
        before = numpy.array([float(whole.get(j, 0)) for j, _ in changed])
        old = sublinear(before, idf[at])
        new = sublinear(before + numpy.array([float(n) for _, n in changed]), idf[at])
        changed_square = square + float(new @ new - old @ old)
        if changed_square > 1e-12:
            rows[k] = (product + (new - old) @ coefficients[at]) / math.sqrt(changed_square)
    return rows


@cache
def load_detector() -> Detector:
    """The shipped detector (models/event_types.joblib with the encoder of models/event_typer.onnx),
    loaded once per process."""
    with shipped("event_types.joblib").open("rb") as handle:
        detector = joblib.load(handle)
    detector.typer = load_typer(shipped("event_typer.onnx"), shipped("typer_tokenizer.json"))
    return detector


def shipped(name: str) -> Any:
    """The model file of that name in the package (an error naming it when it is missing)."""
    path = resources.files("entente.models").joinpath(name)
    if not path.is_file():
        raise EntenteError(f"{path}: the event model is missing (run 'make train')")
    return path


def load_typer(model: Any, vocabulary: Any) -> Typer:
    """The encoder of an ONNX file and its tokenizer's JSON file, run on one thread (the pipeline's
    parallelism is its processes)."""
    import onnxruntime
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_str(vocabulary.read_text("utf-8"))
    tokenizer.enable_truncation(TYPER_MAX_TOKENS)
    tokenizer.enable_padding()
    return Typer(session, tokenizer)
