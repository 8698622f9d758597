"""Shared fixtures: paths to the shared gold, a temporary store."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from entente.config import Settings
from live import TOKEN, Server, start_server

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def ingest_feed(home: Path, articles: list[dict]) -> Path:
    """A store holding these articles (one JSON line each), ingested by the real command."""
    feed, db = home / "feed.jsonl", home / "store.duckdb"
    feed.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    subprocess.run([str(Path(sys.executable).parent / "entente"), "ingest", str(feed), "--db", str(db)],
                   check=True, capture_output=True)
    return db


def shared_or_skip() -> Path:
    """The ../shared folder; skip where it is absent, except under CI=true where that fails."""
    if SHARED.is_dir():
        return SHARED
    if os.environ.get("CI") == "true":
        pytest.fail(f"{SHARED} is missing: CI must have ../shared beside the checkout")
    pytest.skip(f"{SHARED} is absent: the seed corpus and gold are not available here")


@pytest.fixture
def shared() -> Path:
    """The ../shared folder (seed corpus, gold, scorer)."""
    return shared_or_skip()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A path for a fresh DuckDB store."""
    return tmp_path / "test.duckdb"


@pytest.fixture(scope="session")
def seeded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A read-only `entente serve` on loopback over a store holding the seed corpus."""
    from entente.pipeline import ingest

    seeds = shared_or_skip() / "corpus" / "seeds"
    home = tmp_path_factory.mktemp("seeded")
    ingest([str(seeds)], Settings(db=home / "seeds.duckdb"))
    server = start_server(home / "seeds.duckdb", home / "serve.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def writable_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`entente serve` on loopback with ENTENTE_TOKEN set, over a store that starts empty."""
    home = tmp_path_factory.mktemp("writable")
    server = start_server(home / "posted.duckdb", home / "serve.log", token=TOKEN)
    yield server
    server.stop()
