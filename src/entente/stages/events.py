"""Event extraction (placeholder until the extractor lands)."""
from __future__ import annotations

from spacy.tokens import Doc

from entente.types import Article, Mention


def extract_mentions(article: Article, doc: Doc) -> list[Mention]:
    """The event mentions of one article."""
    return []
