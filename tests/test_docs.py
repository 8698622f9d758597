"""The README documents what a user can call: every command, setting, environment variable and route."""
from __future__ import annotations

import dataclasses
import re

import pytest
import typer

from conftest import ROOT
from entente.cli import app
from entente.config import Settings
from entente.web.api import create_app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    """The names of the CLI's commands."""
    return sorted(command.name for command in typer.main.get_command(app).commands.values())


def route_paths() -> list[str]:
    """The API's documented paths (as OpenAPI lists them)."""
    return sorted(create_app(Settings()).openapi()["paths"])


def test_the_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block


@pytest.mark.parametrize("name", command_names())
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"`entente {name}" in README, f"'entente {name}' is not documented in README.md"


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Settings)])
def test_every_setting_is_documented(field: str) -> None:
    assert re.search(rf"\b{field}\b", Settings.__doc__ or ""), f"Settings.{field} has no word in its docstring"


@pytest.mark.parametrize("variable", ["ENTENTE_DB", "ENTENTE_MODEL", "ENTENTE_TOKEN"])
def test_every_environment_variable_is_in_the_readme(variable: str) -> None:
    assert variable in README


def shape(path: str) -> str:
    """A path with every {parameter} written as {}."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def readme_paths() -> set[str]:
    """The shapes of the paths the README names in code spans ('GET /events', '/search?q=')."""
    return {shape(span.split("?")[0]) for span in re.findall(r"`(?:GET |POST )?(/[^`\s]*)`", README)}


@pytest.mark.parametrize("path", route_paths())
def test_every_route_is_in_the_readme(path: str) -> None:
    assert shape(path) in readme_paths(), f"route {path} is not documented in README.md"
