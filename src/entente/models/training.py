"""Training of the event detector: `python -m entente.models.training` (what `make train` runs).

Reads the team's own labelled sentences (train/*.jsonl: text, types, mode, source, target),
fits the detector of stages/detect.py and writes it to event_types.joblib beside this file.
The fit is deterministic: the same training set gives the same model.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion

from entente.stages.detect import EVENT_TYPES, MODES, Detector, normalise

HERE = Path(__file__).parent
TRAIN_DIR = HERE / "train"
MODEL_PATH = HERE / "event_types.joblib"
SEED = 13


@dataclass(frozen=True)
class Example:
    """One labelled sentence. Fields: text, types (PLOVER types; empty for none), mode, origin (file:line)."""

    text: str
    types: tuple[str, ...]
    mode: str | None
    origin: str


def load_examples(folder: Path = TRAIN_DIR) -> list[Example]:
    """Every labelled sentence of the training files, checked (a bad line is an error naming file and line)."""
    examples = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            origin = f"{path.name}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{origin}: not valid JSON ({exc.msg})") from exc
            types = tuple(row.get("types") or ())
            if not isinstance(row.get("text"), str) or any(t not in EVENT_TYPES for t in types):
                raise ValueError(f"{origin}: needs a text and types among {', '.join(EVENT_TYPES)}")
            mode = row.get("mode") if types else None
            if mode is not None and mode not in MODES:
                raise ValueError(f"{origin}: unknown mode {mode!r}")
            examples.append(Example(row["text"], types, mode, origin))
    return examples


def features() -> FeatureUnion:
    """Word 1-2 grams and character 2-5 grams within words, each found in at least two sentences (one seen once
    is noise the model would learn by heart), TF-IDF weighted (sublinear)."""
    return FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"(?u)\b\w[\w'-]*\b")),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                  max_features=150_000)),
    ])


def label_matrix(examples: list[Example]) -> numpy.ndarray:
    """One column per PLOVER type, 1 where the sentence reports that type."""
    return numpy.array([[t in e.types for t in EVENT_TYPES] for e in examples], dtype=numpy.int8)


def fit(examples: list[Example]) -> Detector:
    """The detector fitted on these examples."""
    texts = [normalise(e.text) for e in examples]
    vectoriser = features()
    matrix = vectoriser.fit_transform(texts)
    types = OneVsRestClassifier(LogisticRegression(C=20.0, class_weight="balanced", max_iter=2000))
    types.fit(matrix, label_matrix(examples))
    moded = [i for i, e in enumerate(examples) if e.mode]
    modes = LogisticRegression(C=20.0, class_weight="balanced", max_iter=2000)
    modes.fit(matrix[moded], [examples[i].mode for i in moded])
    for estimator in [*types.estimators_, modes]:  # float32 weights halve the shipped file
        estimator.coef_ = estimator.coef_.astype(numpy.float32)
    return Detector(vectoriser, types, modes)


def cross_validate(examples: list[Example], folds: int = 5) -> dict[str, dict[str, float]]:
    """Per-type precision, recall and F1 of k-fold cross-validation (a check of the training set, not of
    real news: the real-news figures come from `make eval-real`)."""
    counts = {t: Counter() for t in EVENT_TYPES}
    for train_idx, test_idx in KFold(folds, shuffle=True, random_state=SEED).split(examples):
        detector = fit([examples[i] for i in train_idx])
        held = [examples[i] for i in test_idx]
        for example, found in zip(held, detector.detect([e.text for e in held]), strict=True):
            got = set(found.names)
            for t in EVENT_TYPES:
                counts[t]["tp"] += t in got and t in example.types
                counts[t]["fp"] += t in got and t not in example.types
                counts[t]["fn"] += t not in got and t in example.types
    return {t: prf(c["tp"], c["fp"], c["fn"]) for t, c in counts.items()}


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def main(argv: list[str] | None = None) -> int:
    """Train and write the shipped model; with --cv, print cross-validated figures per type first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=TRAIN_DIR, help="folder of training JSON Lines files")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    parser.add_argument("--cv", action="store_true", help="print 5-fold cross-validated figures per type")
    args = parser.parse_args(argv)
    examples = load_examples(args.train)
    per_type = Counter(t for e in examples for t in e.types)
    print(f"{len(examples)} sentences; none: {sum(not e.types for e in examples)}; "
          + ", ".join(f"{t} {per_type[t]}" for t in EVENT_TYPES))
    if args.cv:
        for t, figures in cross_validate(examples).items():
            print(f"  {t:<10} " + "  ".join(f"{k} {v:.3f}" for k, v in figures.items()))
    joblib.dump(fit(examples), args.out, compress=3)
    print(f"model written to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
