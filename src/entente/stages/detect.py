"""Detect: which sentences report an event between states, of which PLOVER types and in which mode.

A trained classifier (TF-IDF word and character n-grams, one logistic regression per type and one
for the mode), fitted by `make train` on the team's own sentences (models/train/*.jsonl) and
shipped as models/event_types.joblib. No wording list: what it knows, it learned from examples.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

import joblib
import numpy
from scipy import sparse
from scipy.special import expit

from entente.errors import EntenteError

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODES = ("phone", "video", "visit", "sidelines", "meeting", "statement")
# chosen on the real-news dev split: 0.3 / 0.35 / 0.5 gave F1 0.397 / 0.377 / 0.353; checked again with states'
# names masked: 0.25 / 0.3 / 0.35 gave 0.534 / 0.535 / 0.527
THRESHOLD = 0.3
SECOND_THRESHOLD = 0.25  # chosen on the real-news dev split with the masked model: 0.2 / 0.25 gave F1 0.519 / 0.530
DIGITS = re.compile(r"\d")
SPACES = re.compile(r"\s+")
WORDS = re.compile(r"\S+")


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
    most probable first, with their probabilities), mode (most probable mode, for sentences with a type)."""

    types: tuple[tuple[str, float], ...]
    mode: str | None

    @property
    def names(self) -> tuple[str, ...]:
        """The types alone."""
        return tuple(t for t, _ in self.types)


@dataclass(eq=False)  # compared and hashed by identity: one fitted model is one object
class Detector:
    """The fitted classifier. Fields: vectoriser (sklearn FeatureUnion), types (one-vs-rest
    logistic regressions in EVENT_TYPES order), modes (logistic regression over MODES)."""

    vectoriser: Any
    types: Any
    modes: Any

    @cached_property
    def weights(self) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The type regressions' coefficients (one column per type) and intercepts, to score without
        sklearn's per-call checks, which cost more than the arithmetic on one sentence's rows."""
        estimators = self.types.estimators_
        return (numpy.column_stack([e.coef_.ravel() for e in estimators]),
                numpy.array([e.intercept_[0] for e in estimators]))

    def probabilities(self, sentences: list[str]) -> numpy.ndarray:
        """One row per sentence, one column per type of EVENT_TYPES (the figures of the regressions'
        predict_proba, to the bit)."""
        if not sentences:
            return numpy.zeros((0, len(EVENT_TYPES)))
        return self.type_probabilities(self.features(sentences))

    def type_probabilities(self, features: Any) -> numpy.ndarray:
        """probabilities() for a feature matrix already computed."""
        coefficients, intercepts = self.weights
        return expit(features @ coefficients + intercepts)

    def features(self, sentences: list[str]) -> Any:
        """The feature matrix of sentences (one row each), for probability_of."""
        return self.vectoriser.transform([normalise(s) for s in sentences])

    def features_without(self, text: str, cuts: list[tuple[int, int]]) -> Any:
        """features() of the text (first row) and of the text without each cut (start, end offsets), the
        same figures computed faster: the character n-grams are counted per word (they never cross one),
        so only the word a cut falls in is counted again."""
        variants = [text] + [text[:start] + text[end:] for start, end in cuts]
        (_, words), (_, chars) = self.vectoriser.transformer_list
        blocks = [words.transform([normalise(v) for v in variants]), char_tfidf(chars, text, cuts)]
        return sparse.hstack(blocks).tocsr()

    def probability_of(self, features: Any, event_type: str) -> numpy.ndarray:
        """One type's probabilities for a feature matrix (its own regression only: the others are not run)."""
        coefficients, intercepts = self.weights
        j = EVENT_TYPES.index(event_type)
        return expit(features @ coefficients[:, j] + intercepts[j])

    def detect(self, sentences: list[str]) -> list[Detection]:
        """One Detection per sentence."""
        if not sentences:
            return []
        matrix = self.features(sentences)
        probs = self.type_probabilities(matrix)
        found = [[(EVENT_TYPES[j], float(row[j])) for j in numpy.argsort(-row)
                  if row[j] >= THRESHOLD or (row[j] >= SECOND_THRESHOLD and row.max() >= THRESHOLD)]
                 for row in probs]
        rows = [i for i, f in enumerate(found) if f]
        modes = dict(zip(rows, self.modes.predict(matrix[rows]), strict=True)) if rows else {}
        return [Detection(tuple(f), str(modes[i]) if i in modes else None) for i, f in enumerate(found)]


def char_tfidf(vectoriser: Any, text: str, cuts: list[tuple[int, int]]) -> Any:
    """The character n-gram TF-IDF rows of the text and of the text without each cut (see
    Detector.features_without): the text's counts, and for each cut the counts of the word it falls in
    taken away and those of what remains of that word added."""
    analyse, vocabulary = vectoriser.build_analyzer(), vectoriser.vocabulary_
    counted: dict[str, Counter[int]] = {}

    def counts(word: str) -> Counter[int]:
        if word not in counted:
            counted[word] = Counter(j for gram in analyse(DIGITS.sub("0", mask(word).lower()))
                                    if (j := vocabulary.get(gram)) is not None)
        return counted[word]

    spans = [(m.start(), m.end()) for m in WORDS.finditer(text)]
    whole: Counter[int] = Counter()
    for a, b in spans:
        whole.update(counts(text[a:b]))
    deltas = [Counter()]
    for start, end in cuts:
        word = next(((a, b) for a, b in spans if a <= start and end <= b), None)
        delta: Counter[int] = Counter()
        if word is None:  # a cut across a space: the rest of the text is counted whole
            for other in WORDS.findall(text[:start] + text[end:]):
                delta.update(counts(other))
            delta.subtract(whole)
        else:
            a, b = word
            delta.update(counts(text[a:start] + text[end:b]))
            delta.subtract(counts(text[a:b]))
        deltas.append(delta)
    # the vectoriser's own weighting of counts (sklearn pinned), so the figures are features()' to the bit
    return vectoriser._tfidf.transform(rows_of(whole, deltas, len(vocabulary)), copy=False)


def rows_of(whole: Counter[int], deltas: list[Counter[int]], width: int) -> Any:
    """A CSR matrix of counts, one row per delta: the whole counts plus the delta."""
    columns = numpy.array(sorted(whole), dtype=numpy.int32)
    counts = numpy.array([float(whole[j]) for j in columns])
    repeated = sparse.csr_matrix((numpy.tile(counts, len(deltas)), numpy.tile(columns, len(deltas)),
                                  numpy.arange(len(deltas) + 1) * len(columns)), shape=(len(deltas), width))
    indptr, indices, data = [0], [], []
    for delta in deltas:
        changed = sorted((j, n) for j, n in delta.items() if n)
        indices += [j for j, _ in changed]
        data += [float(n) for _, n in changed]
        indptr.append(len(indices))
    change = sparse.csr_matrix((numpy.array(data), numpy.array(indices, dtype=numpy.int32), numpy.array(indptr)),
                               shape=(len(deltas), width))
    total = repeated + change
    total.eliminate_zeros()
    return total


@cache
def load_detector() -> Detector:
    """The shipped detector (models/event_types.joblib), loaded once per process."""
    path = resources.files("entente.models").joinpath("event_types.joblib")
    if not path.is_file():
        raise EntenteError(f"{path}: the event model is missing (run 'make train')")
    with path.open("rb") as handle:
        return joblib.load(handle)
