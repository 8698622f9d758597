"""Entente: diplomatic news in, evidence-linked event data out.

Public API: `ingest` (files in, store filled), `process_batch` (raw docs to articles and
mentions), `prepare` (clean and date one raw doc), `Store` and `Settings`. Imported lazily so
that light modules (errors, records) load without spaCy.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["Settings", "Store", "ingest", "prepare", "process_batch"]
_HOMES = {"Settings": "entente.config", "Store": "entente.io.store", "ingest": "entente.pipeline",
          "prepare": "entente.pipeline", "process_batch": "entente.pipeline"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'entente' has no attribute {name!r}")
