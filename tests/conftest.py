"""Shared fixtures: paths to the shared gold, a temporary store."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
