"""Named errors. Each message names the input (file, line or record) and the cause."""
from __future__ import annotations


class EntenteError(Exception):
    """Base of every error Entente reports to a user."""


class IngestError(EntenteError):
    """An input could not be read. Fields: origin (file, file:line or file#record), reason."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ExtractionError(EntenteError):
    """A stage failed on one article. Fields: doc_id, reason."""

    def __init__(self, doc_id: str, reason: str) -> None:
        super().__init__(f"{doc_id}: {reason}")
        self.doc_id = doc_id
        self.reason = reason


class StoreError(EntenteError):
    """The store could not be opened, read or written."""


class StoreLocked(StoreError):
    """Another process held the store's lock for longer than we could wait."""


class UsageError(EntenteError):
    """A command was called with arguments that cannot work (unknown country, bad format)."""
