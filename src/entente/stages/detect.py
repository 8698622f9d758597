"""Detect: which sentences report an event between states, of which PLOVER types and in which mode.

A trained classifier (TF-IDF word and character n-grams, one logistic regression per type and one
for the mode), fitted by `make train` on the team's own sentences (models/train/*.jsonl) and
shipped as models/event_types.joblib. No wording list: what it knows, it learned from examples.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import joblib
import numpy

from entente.errors import EntenteError

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODES = ("phone", "video", "visit", "sidelines", "meeting", "statement")
THRESHOLD = 0.3  # chosen on the real-news dev split: 0.3 / 0.35 / 0.5 gave F1 0.397 / 0.377 / 0.353
SECOND_THRESHOLD = 0.2
DIGITS = re.compile(r"\d")
SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form the classifier reads: lower case, digits as 0, one space between words."""
    return SPACES.sub(" ", DIGITS.sub("0", text.lower())).strip()


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

    def probabilities(self, sentences: list[str]) -> numpy.ndarray:
        """One row per sentence, one column per type of EVENT_TYPES."""
        if not sentences:
            return numpy.zeros((0, len(EVENT_TYPES)))
        return self.types.predict_proba(self.vectoriser.transform([normalise(s) for s in sentences]))

    def features(self, sentences: list[str]) -> Any:
        """The feature matrix of sentences (one row each), for probability_of."""
        return self.vectoriser.transform([normalise(s) for s in sentences])

    def probability_of(self, features: Any, event_type: str) -> numpy.ndarray:
        """One type's probabilities for a feature matrix (its own regression only: the others are not run)."""
        return self.types.estimators_[EVENT_TYPES.index(event_type)].predict_proba(features)[:, 1]

    def detect(self, sentences: list[str]) -> list[Detection]:
        """One Detection per sentence."""
        if not sentences:
            return []
        matrix = self.vectoriser.transform([normalise(s) for s in sentences])
        probs = self.types.predict_proba(matrix)
        found = [[(EVENT_TYPES[j], float(row[j])) for j in numpy.argsort(-row)
                  if row[j] >= THRESHOLD or (row[j] >= SECOND_THRESHOLD and row.max() >= THRESHOLD)]
                 for row in probs]
        rows = [i for i, f in enumerate(found) if f]
        modes = dict(zip(rows, self.modes.predict(matrix[rows]), strict=True)) if rows else {}
        return [Detection(tuple(f), str(modes[i]) if i in modes else None) for i, f in enumerate(found)]


@cache
def load_detector() -> Detector:
    """The shipped detector (models/event_types.joblib), loaded once per process."""
    path = resources.files("entente.models").joinpath("event_types.joblib")
    if not path.is_file():
        raise EntenteError(f"{path}: the event model is missing (run 'make train')")
    with path.open("rb") as handle:
        return joblib.load(handle)
