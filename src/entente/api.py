"""The Python API: events from texts with no store (`process`), and a store file read from notebooks
and scripts (`Store`). The README's "Python API" section shows both."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from entente import pipeline
from entente.config import from_env
from entente.errors import IngestError, UsageError
from entente.io import store as stored
from entente.io.readers import jsonl_record
from entente.records import to_date
from entente.stages.annotate import load_nlp
from entente.stages.merge import merge_mentions
from entente.types import Event, RawDoc
from entente.views.timeline import country_code

if TYPE_CHECKING:
    import pandas
    import pyarrow
    from spacy.language import Language

Article = str | RawDoc | Mapping[str, Any]


@cache
def model(name: str) -> Language:
    """The spaCy pipeline of a model package, loaded once per process."""
    return load_nlp(name)


def raw_doc(item: Article, number: int) -> RawDoc:
    """A RawDoc from a text ('text-N'), a RawDoc, or a dict with the JSON Lines fields (id, url, title,
    published, text or html)."""
    if isinstance(item, RawDoc):
        return item
    if isinstance(item, str):
        return RawDoc(doc_id=f"text-{number}", origin=f"text {number}", kind="text", body=item)
    record = jsonl_record(json.dumps(dict(item), default=str), f"article {number}")
    if isinstance(record, IngestError):
        raise record
    return record


def process(articles: Article | Iterable[Article], model_name: str | None = None) -> list[Event]:
    """Events from texts or articles, merged across them as `entente ingest` merges, with no store."""
    items = [articles] if isinstance(articles, str | RawDoc | Mapping) else list(articles)
    raws = [raw_doc(item, number) for number, item in enumerate(items, 1)]
    if not raws:
        return []
    found = pipeline.process_batch(raws, model(model_name or from_env().model))
    return merge_mentions([m for _, mentions in found for m in mentions])


class Store:
    """A store file read from Python. Each call opens it read-only for its own duration, so that
    `entente ingest` can write it between calls; `path` (ENTENTE_DB or ./entente.duckdb by default) is
    taken relative to the working directory of the moment the Store is made."""

    def __init__(self, path: str | Path | None = None, wait: float = 10.0) -> None:
        self.path = Path(path or from_env().db).expanduser().resolve()
        self.wait = wait

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def open(self) -> stored.Store:
        """The store opened read-only (a context manager), waiting up to `wait` s while an ingest writes."""
        return stored.Store.open(self.path, read_only=True, wait=self.wait)

    def events(self, country: str | None = None, pair: tuple[str, str] | None = None, *,
               event_type: str | None = None, mode: str | None = None,
               since: date | str | None = None, until: date | str | None = None) -> list[Event]:
        """Stored events in date order: of a country or a pair (names, demonyms or ISO codes), a type, a mode,
        a date window (dates or 'YYYY-MM-DD')."""
        codes = tuple(country_code(c) for c in ([country] if country else list(pair or ())))
        with self.open() as store:
            return store.find_events(codes, event_type, mode, to_date(since), to_date(until))

    def event(self, event_id: str) -> Event | None:
        """One stored event, or None."""
        with self.open() as store:
            return store.event(event_id)

    def tables(self) -> list[str]:
        """The names of the store's tables and views (README "SQL")."""
        with self.open() as store:
            return store.relations()

    def sql(self, query: str, params: list[Any] | None = None) -> pyarrow.Table:
        """The result of a SQL query (parameters as ?) as an Arrow table."""
        with self.open() as store:
            return store.arrow(query, params)

    def to_arrow(self, table: str = "events") -> pyarrow.Table:
        """A whole table or view as an Arrow table."""
        if table not in self.tables():
            raise UsageError(f"{self.path}: no table or view '{table}' (there are {', '.join(self.tables())})")
        return self.sql(f'SELECT * FROM "{table}"')

    def to_pandas(self, table: str = "events") -> pandas.DataFrame:
        """A whole table or view as a pandas DataFrame (pandas must be installed)."""
        try:
            import pandas  # noqa: F401  (pyarrow's to_pandas needs it)
        except ImportError as exc:
            raise UsageError("Store.to_pandas needs pandas: pip install pandas (or use to_arrow)") from exc
        return self.to_arrow(table).to_pandas()

    def ingest(self, paths: Iterable[str | Path]) -> pipeline.IngestReport:
        """Read, process and store files or folders into this store, as `entente ingest` does."""
        return pipeline.ingest([str(p) for p in paths], from_env().with_(db=self.path))
