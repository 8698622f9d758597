"""Annotation: the one spaCy pass shared by the extraction stages."""
from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from entente.errors import EntenteError


@cache
def load_nlp(model: str) -> Language:
    """The spaCy pipeline of an installed model package (loaded once per process)."""
    try:
        module = importlib.import_module(model)
    except ImportError as exc:
        raise EntenteError(f"spaCy model package '{model}' is not installed (run 'make setup')") from exc
    return module.load(exclude=["lemmatizer"])


def annotate(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """One spaCy Doc per text, through nlp.pipe."""
    return nlp.pipe(texts, batch_size=batch_size)
