"""The command line: parse, build Settings, call the library, turn EntenteError into a message."""
from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from entente.config import DEFAULT_DB, Settings, from_env
from entente.errors import EntenteError, UsageError
from entente.io.store import Store
from entente.pipeline import IngestReport, ingest
from entente.views.actors import find_people, render_people
from entente.views.evaluate import evaluate
from entente.views.exports import document_rows, event_rows, field_format, write_rows
from entente.views.timeline import Dyad, country_code, dyad_events, render, render_summary_text, summarize

app = typer.Typer(
    help="Entente: diplomatic news in, evidence-linked event data out.\n\n"
         "Typical use: 'entente ingest articles/' then 'entente export events -o events.jsonl'.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True)
out = Console()

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.", envvar="ENTENTE_DB")]


class Table(StrEnum):
    """What to export."""

    documents = "documents"
    events = "events"


class Format(StrEnum):
    """Export formats: plover (POLECAT-style JSON) and gdelt (GDELT 2.0-style TSV) are for events."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"
    gdelt = "gdelt"


class View(StrEnum):
    """Timeline formats."""

    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


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
    processes: Annotated[int, typer.Option(min=1, help="Worker processes for cleaning, NLP and extraction.")] = 1,
) -> None:
    """Read articles, clean them, extract events and store everything (idempotent, resumable)."""
    settings = settings_for(db, batch_size=batch_size, processes=processes)
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
    summarise(report.failed, f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
                             f"{len(report.failed)} failed; {report.mentions} mentions read, "
                             f"{report.events} events in {settings.db}")


def summarise(failed: Sequence[object], summary: str) -> None:
    """Print each failure and the run's summary line; exit 1 when something failed."""
    for problem in failed:
        err.print(f"[red]failed:[/red] {problem}", highlight=False)
    out.print(summary, highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command("export")
def export_command(
    table: Annotated[Table, typer.Argument(help="What to export: documents or events.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file (default: stdout).")] = None,
) -> None:
    """Export stored documents or events (rows as in the JSON schemas; plover and gdelt for events)."""
    try:
        with Store.open(db, read_only=True) as store:
            if fmt in (Format.plover, Format.gdelt):
                if table is not Table.events:
                    raise UsageError(f"--format {fmt.value} is for events")
                data = field_format(store.events(), fmt.value)
                rows = []
            else:
                rows = document_rows(store) if table is Table.documents else event_rows(store)
                data = write_rows(rows, fmt.value, output)
        if output is not None and fmt in (Format.plover, Format.gdelt):
            output.write_bytes(data or b"")
            data = None
    except EntenteError as exc:
        raise fail(exc) from exc
    if data is not None:
        sys.stdout.buffer.write(data)
    else:
        err.print(f"{len(rows)} {table.value} written to {output}", highlight=False)


BRIEF = ("gold_events", "extracted_events", "matched", "precision", "recall", "f1", "date_accuracy",
         "country_accuracy", "merge_accuracy", "events_per_100_documents")


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Gold folder with events.jsonl and documents.jsonl.")],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    brief: Annotated[bool, typer.Option("--brief", help="Print the main event figures on one line.")] = False,
) -> None:
    """Score the stored events and documents against a gold folder (the shared scorer's metrics)."""
    try:
        with Store.open(db, read_only=True) as store:
            result = evaluate(gold, event_rows(store), document_rows(store))
    except EntenteError as exc:
        raise fail(exc) from exc
    if as_json:
        out.print_json(data=result)
        return
    if brief:
        figures = result["events"]
        print(f"{gold}: " + ", ".join(f"{k} {figures[k]}" for k in BRIEF if figures.get(k) is not None))
        return
    for part, figures in result.items():
        for key, value in figures.items():
            out.print(f"{part}.{key}: {value}", highlight=False)


@app.command("timeline")
def timeline_command(
    a: Annotated[str, typer.Argument(help="A country: name, demonym or ISO code (Vietnam, VNM).")],
    b: Annotated[str, typer.Argument(help="The other country.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[View, typer.Option("--format", "-f", help="Output format.")] = View.text,
) -> None:
    """The events between two countries in date order, with offices, places, agreements and sources."""
    try:
        dyad = Dyad(country_code(a), country_code(b))
        with Store.open(db, read_only=True) as store:
            events = dyad_events(store.events(pair=(dyad.a, dyad.b)), dyad)
            cited = sorted({s.doc_id for e in events for s in e.sources})
            outlets = {d["doc_id"]: d["outlet"] for d in store.documents(cited) if d["outlet"]}
    except EntenteError as exc:
        raise fail(exc) from exc
    sys.stdout.write(render(dyad, events, fmt.value, outlets) + "\n")


@app.command("summary")
def summary_command(
    a: Annotated[str, typer.Argument(help="A country: name, demonym or ISO code.")],
    b: Annotated[str, typer.Argument(help="The other country.")],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Counts by type and year, the highest-level encounter, commitments over time, cited summaries."""
    try:
        dyad = Dyad(country_code(a), country_code(b))
        with Store.open(db, read_only=True) as store:
            summary = summarize(dyad, dyad_events(store.events(), dyad))
    except EntenteError as exc:
        raise fail(exc) from exc
    text = json.dumps(summary, indent=2, ensure_ascii=False) if as_json else render_summary_text(summary)
    sys.stdout.write(text + "\n")


@app.command("actors")
def actors_command(
    name: Annotated[str | None, typer.Argument(help="Show only people whose name contains this.")] = None,
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """People across the corpus: country, aliases, offices with first and last dates, conflicts."""
    try:
        with Store.open(db, read_only=True) as store:
            people = find_people(store, name)
    except EntenteError as exc:
        raise fail(exc) from exc
    text = json.dumps([p.to_dict() for p in people], indent=2, ensure_ascii=False) if as_json else render_people(people)
    sys.stdout.write(text + "\n")


@app.command("spark")
def spark_command(
    inputs: Annotated[list[str], typer.Argument(help="JSON Lines or WARC files: paths, globs or Hadoop URIs "
                                                "(hdfs://, s3a://, file://).", show_default=False)],
    output: Annotated[str, typer.Argument(help="Output folder for the Parquet tables (any Hadoop URI).")],
    input_format: Annotated[str | None, typer.Option("--format", help="jsonl or warc (default: by suffix).")] = None,
    master: Annotated[str | None, typer.Option(help="Spark master (default: spark-submit's, else local[*]).")] = None,
    partitions: Annotated[int | None, typer.Option(help="Partitions for the NLP stage.")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing output folder.")] = False,
) -> None:
    """Run the pipeline on Spark and write Parquet (documents, mentions, events, errors) for 'entente import'."""
    from entente.spark import run, session

    settings = from_env()
    try:
        spark = session(master)
        try:
            report = run(spark, inputs, output, settings, input_format, partitions, overwrite)
        finally:
            spark.stop()
    except EntenteError as exc:
        raise fail(exc) from exc
    summarise(report.failed, f"{report.documents} documents, {report.mentions} mentions, {report.events} events, "
                             f"{report.errors} failed; Parquet in {report.output}")


@app.command("import")
def import_command(
    output: Annotated[Path, typer.Argument(help="Output folder of an 'entente spark' run.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Load the Parquet output of 'entente spark' into the store (one transaction, idempotent)."""
    from entente.spark import import_output

    try:
        report = import_output(output, settings_for(db))
    except EntenteError as exc:
        raise fail(exc) from exc
    how = "merged with the stored documents" if report.merged else "as merged by Spark"
    out.print(f"{report.documents} documents, {report.mentions} mentions imported; "
              f"{report.events} events in {db} ({how})", highlight=False)


@app.command("serve")
def serve_command(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API and the web timeline (read-only unless ENTENTE_TOKEN is set)."""
    import uvicorn

    from entente.web.api import create_app

    settings = settings_for(db)
    mode = "writes need the ENTENTE_TOKEN bearer token" if settings.token else "read-only"
    err.print(f"serving {settings.db} at http://{host}:{port}/ ({mode}); Ctrl-C stops", highlight=False)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def main() -> None:
    """Entry point of the `entente` command."""
    app()


if __name__ == "__main__":
    main()
