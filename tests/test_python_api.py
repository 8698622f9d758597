"""The Python API used the way the README shows it: `entente.process` and `entente.Store`."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import entente
from conftest import ROOT
from entente.errors import UsageError
from entente.io.store import Store as RawStore
from entente.types import Event, RawDoc

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_python() -> str:
    """The Python block of the README's "Python API" section."""
    section = README.split("## Python API", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)[0]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The README's example run as written, in a folder holding examples/corpus."""
    home = tmp_path_factory.mktemp("api")
    (home / "examples").mkdir()
    (home / "examples" / "corpus").symlink_to(ROOT / "examples" / "corpus")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(home)
        patch.delenv("ENTENTE_DB", raising=False)
        namespace: dict[str, Any] = {}
        exec(compile(readme_python(), "README.md", "exec"), namespace)
    namespace["home"] = home
    return namespace


def test_process_merges_two_reports_of_one_call(example: dict[str, Any]) -> None:
    events: list[Event] = example["events"]
    assert len(events) == 1
    (call,) = events
    assert (call.event_type, call.mode, call.date.isoformat()) == ("CONSULT", "phone", "2024-05-01")
    assert {a.country for a in call.participants} == {"VNM", "SGP"}
    assert sorted(s.doc_id for s in call.sources) == ["text-1", "wire-1"]


def test_store_reads_what_the_readme_ingested(example: dict[str, Any]) -> None:
    store, home = example["store"], example["home"]
    assert store.path == (home / "entente.duckdb").resolve() and store.path.is_file()
    documents = store.sql("SELECT count(*) AS n FROM documents").to_pylist()[0]["n"]
    assert example["report"].new == documents > 0 and not example["report"].failed
    everything = entente.Store(home / "entente.duckdb").events()
    assert example["report"].events == len(everything) > 0
    assert example["indonesia"] and all("IDN" in {a.country for a in e.participants} for e in example["indonesia"])
    assert len(example["indonesia"]) < len(everything)
    for visit in example["visits"]:
        assert visit.event_type == "CONSULT" and {"IDN", "AUS"} <= {a.country for a in visit.participants}
        assert (visit.date or visit.date_range[0]).year >= 2023
    assert example["participants"].num_rows == sum(len(e.participants) for e in everything)
    counts = {row["event_type"]: row["n"] for row in example["by_type"].to_pylist()}
    assert sum(counts.values()) == len(everything) and counts == {
        t: sum(e.event_type == t for e in everything) for t in counts}


def test_each_call_leaves_the_store_closed(example: dict[str, Any]) -> None:
    store = entente.Store(example["home"] / "entente.duckdb")
    first = store.events()[0]
    assert store.event(first.event_id) == first
    count = len(store.events())
    with RawStore.open(store.path) as writer:  # a writer gets in: the calls above hold nothing open
        assert writer.count("events") == count


def test_tables_arrow_and_pandas(example: dict[str, Any]) -> None:
    store = entente.Store(example["home"] / "entente.duckdb")
    assert {"events", "documents", "event_participants", "event_sources", "event_places"} <= set(store.tables())
    arrow = store.to_arrow("event_sources")
    assert arrow.num_rows == store.sql("SELECT count(*) AS n FROM event_mentions").to_pylist()[0]["n"]
    with pytest.raises(UsageError, match="no table or view 'nope'"):
        store.to_arrow("nope")
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(UsageError, match="pip install pandas"):
            store.to_pandas("events")
        return
    frame = store.to_pandas("events")
    assert len(frame) == store.to_arrow("events").num_rows and "event_type" in frame.columns


def test_store_defaults_to_entente_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ENTENTE_DB", str(tmp_path / "elsewhere.duckdb"))
    assert entente.Store().path == (tmp_path / "elsewhere.duckdb").resolve()
    assert entente.extract is entente.process


def test_process_takes_one_text_a_rawdoc_or_nothing(example: dict[str, Any]) -> None:
    text = ("Vietnamese Prime Minister Pham Minh Chinh held a phone call with Singapore Prime Minister "
            "Lee Hsien Loong on 1 May 2024.")
    (one,) = entente.process(text)
    assert one.sources[0].doc_id == "text-1"
    (raw,) = entente.process([RawDoc("mine", "mine", "text", text)])
    assert raw.sources[0].doc_id == "mine" and raw.date == one.date
    assert entente.process([]) == []
    with pytest.raises(entente.errors.IngestError, match="missing field 'text' or 'html'"):
        entente.process([{"id": "empty"}])
