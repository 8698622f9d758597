"""Merging (placeholder until the merger lands)."""
from __future__ import annotations

from entente.types import Event, Mention


def merge_mentions(mentions: list[Mention], previous: dict[str, str]) -> list[Event]:
    """Events from mentions."""
    return []
