"""The command line: parse, build Settings, call the library, turn EntenteError into a message."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from entente.config import DEFAULT_DB, Settings, from_env
from entente.errors import EntenteError
from entente.io.store import Store
from entente.pipeline import IngestReport, ingest
from entente.records import event_to_dict
from entente.views.exports import write_rows

app = typer.Typer(
    help="Entente: diplomatic news in, evidence-linked event data out.\n\n"
         "Typical use: 'entente ingest articles/' then 'entente export events -o events.jsonl'.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True)
out = Console()

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.", envvar="ENTENTE_DB")]


class Table(str, Enum):
    """What to export."""

    documents = "documents"
    events = "events"


class Format(str, Enum):
    """Export formats."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def settings_for(db: Path, **changes: object) -> Settings:
    """Settings from the environment with command-line options on top."""
    return from_env().with_(db=db, **changes)


def fail(exc: EntenteError) -> typer.Exit:
    """Print an error as one line and return the exit to raise."""
    err.print(f"[red]error:[/red] {exc}", highlight=False)
    return typer.Exit(2)


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt .html .htm .jsonl .warc .warc.gz), "
                                               "folders (read recursively) or '-' for stdin.")],
    db: DbOption = DEFAULT_DB,
    batch_size: Annotated[int, typer.Option(help="Articles per store transaction.")] = 64,
) -> None:
    """Read articles, clean them, extract events and store everything (idempotent, resumable)."""
    settings = settings_for(db, batch_size=batch_size)
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                      TextColumn("{task.fields[counts]}"), TimeElapsedColumn(),
                      console=err, transient=True) as bar:
            task = bar.add_task("ingesting", total=None, counts="")

            def show(origin: str, report: IngestReport) -> None:
                done = report.new + report.updated + report.unchanged + len(report.failed)
                bar.update(task, description=f"ingesting {Path(origin).name[:40]}",
                           counts=f"{done} read, {report.mentions} mentions")

            report = ingest(paths, settings, progress=show, stdin=stdin)
    except EntenteError as exc:
        raise fail(exc) from exc
    for problem in report.failed:
        err.print(f"[red]failed:[/red] {problem}", highlight=False)
    out.print(f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
              f"{len(report.failed)} failed; {report.mentions} mentions read, "
              f"{report.events} events in {settings.db}", highlight=False)
    if report.failed:
        raise typer.Exit(1)


@app.command("export")
def export_command(
    table: Annotated[Table, typer.Argument(help="What to export: documents or events.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file (default: stdout).")] = None,
) -> None:
    """Export stored documents or events (rows as in the JSON schemas)."""
    try:
        with Store.open(db, read_only=True) as store:
            if table is Table.documents:
                rows = [dict(row, publication_date=row["publication_date"] and row["publication_date"].isoformat())
                        for row in store.documents()]
            else:
                rows = [event_to_dict(e) for e in store.events()]
        data = write_rows(rows, fmt.value, output)
    except EntenteError as exc:
        raise fail(exc) from exc
    if data is not None:
        sys.stdout.buffer.write(data)
    else:
        err.print(f"{len(rows)} {table.value} written to {output}", highlight=False)


def main() -> None:
    """Entry point of the `entente` command."""
    app()


if __name__ == "__main__":
    main()
