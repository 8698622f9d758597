"""Entente: diplomatic news in, evidence-linked event data out.

Public API (README "Python API"): `process` (texts or articles in, merged events out, no store;
`extract` is the same function), `Store` (a store file: events, SQL, Arrow and pandas), `ingest`
(files in, store filled), `process_batch` (raw docs to articles and mentions), `prepare` (clean and
date one raw doc) and `Settings`. Imported lazily so that light modules (errors, records) load
without spaCy.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["Settings", "Store", "extract", "ingest", "prepare", "process", "process_batch"]
_HOMES = {"Settings": ("entente.config", "Settings"), "Store": ("entente.api", "Store"),
          "process": ("entente.api", "process"), "extract": ("entente.api", "process"),
          "ingest": ("entente.pipeline", "ingest"), "prepare": ("entente.pipeline", "prepare"),
          "process_batch": ("entente.pipeline", "process_batch")}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        module, attribute = _HOMES[name]
        return getattr(import_module(module), attribute)
    raise AttributeError(f"module 'entente' has no attribute {name!r}")
