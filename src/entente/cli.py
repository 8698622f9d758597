"""The command line: parse, build Settings, call the library, turn EntenteError into a message."""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from entente.config import DEFAULT_DB, Settings, from_env
from entente.errors import EntenteError
from entente.io.store import Store
from entente.pipeline import IngestReport, ingest
from entente.views.actors import people_of, render_people
from entente.views.evaluate import evaluate
from entente.views.exports import document_rows, event_rows, export
from entente.views.timeline import dyad_events, dyad_of, render, render_summary_text, summarize

app = typer.Typer(
    help="Entente: diplomatic news in, evidence-linked event data out.\n\n"
         "Typical use: 'entente ingest articles/' then 'entente export events -o events.jsonl'.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
# Nothing printed is read as Rich markup or emoji codes (text from inputs, arguments and errors would be),
# and lines are never wrapped (a message stays one line when piped).
err = Console(stderr=True, markup=False, emoji=False, highlight=False, soft_wrap=True)
out = Console(markup=False, emoji=False, highlight=False, soft_wrap=True)
# Characters a terminal acts on or that break a line: C0 and C1 controls, line and paragraph
# separators, bidirectional overrides, and lone surrogates (undecodable bytes of a file name).
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.", envvar="ENTENTE_DB")]


class Table(StrEnum):
    """What to export."""

    documents = "documents"
    events = "events"


class Format(StrEnum):
    """Export formats: plover (PLOVER JSON Lines), polecat (POLECAT TSV) and gdelt (GDELT 2.0 event file) are
    for events."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"
    polecat = "polecat"
    gdelt = "gdelt"


class View(StrEnum):
    """Timeline formats."""

    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


def shown(text: object) -> str:
    """Text as one terminal line: control characters (newlines, escapes, bidi overrides) written as escapes."""
    def escape(found: re.Match[str]) -> str:
        char = found.group()
        return ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
    return CONTROL.sub(escape, str(text))


def labelled(label: str, text: object) -> Text:
    """'label: text', the label in red, the text shown as it is (never read as markup)."""
    return Text.assemble((label, "red"), " ", shown(text))


def settings_for(db: Path | None, **changes: object) -> Settings:
    """Settings from the environment with command-line options on top (a bad value exits with its error)."""
    try:
        return from_env().with_(db=db, **changes)
    except EntenteError as exc:
        raise fail(exc) from exc


def fail(exc: EntenteError) -> typer.Exit:
    """Print an error as one line and return the exit to raise."""
    err.print(labelled("error:", exc))
    return typer.Exit(2)


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt .html .htm .jsonl .warc .warc.gz), "
                                               "folders (read recursively) or '-' for stdin.")],
    db: DbOption = DEFAULT_DB,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Articles per store transaction [default: 64; "
                                                   "ENTENTE_BATCH_SIZE].", show_default=False)] = None,
    processes: Annotated[int | None, typer.Option(min=1, help="Worker processes for cleaning, NLP and extraction "
                                                  "[default: 1; ENTENTE_PROCESSES].", show_default=False)] = None,
    max_article_bytes: Annotated[int | None, typer.Option(min=1, help="Largest input of one article (a file, a JSON "
                                                          "line, a WARC record) [default: 5000000; "
                                                          "ENTENTE_MAX_ARTICLE_BYTES].", show_default=False)] = None,
    lock_wait: Annotated[float | None, typer.Option(min=0, help="Seconds to wait while another process holds the "
                                                    "store [default: 60; ENTENTE_LOCK_WAIT].",
                                                    show_default=False)] = None,
) -> None:
    """Read articles, clean them, extract events and store everything (idempotent, resumable)."""
    settings = settings_for(db, batch_size=batch_size, processes=processes, max_article_bytes=max_article_bytes,
                            lock_wait=lock_wait)
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(),
                      TextColumn("{task.fields[counts]}", markup=False), TimeElapsedColumn(),
                      console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("ingesting", total=None, counts="")

            def show(origin: str, report: IngestReport) -> None:
                done = report.new + report.updated + report.unchanged + len(report.failed)
                bar.update(task, description=f"ingesting {shown(Path(origin).name[:40])}",
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
        err.print(labelled("failed:", problem))
    out.print(shown(summary))
    if failed:
        raise typer.Exit(1)


@app.command("export")
def export_command(
    table: Annotated[Table, typer.Argument(help="What to export: documents or events.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file, or for gdelt a folder "
                                                "(GDELT's file name is given); default: stdout.")] = None,
) -> None:
    """Export stored documents or events (rows as in the JSON schemas; plover, polecat and gdelt for events)."""
    try:
        with Store.open(db, read_only=True) as store:
            written = export(store, table.value, fmt.value, output)
    except EntenteError as exc:
        raise fail(exc) from exc
    if written.data is not None:
        sys.stdout.buffer.write(written.data)
    where = f"to {shown(written.path)}" if written.path else "to stdout"
    err.print(f"{written.count} {table.value} written {where}")


BRIEF = ("gold_documents", "gold_events", "extracted_events", "matched", "precision", "recall", "f1", "date_accuracy",
         "country_accuracy", "merge_accuracy", "events_per_100_documents")


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Gold folder with events.jsonl and documents.jsonl.")],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    brief: Annotated[bool, typer.Option("--brief", help="Print the main event figures on one line.")] = False,
    present_only: Annotated[bool, typer.Option(
        "--present-only", help="Score only the gold documents the store holds (texts that could not be fetched "
                               "again are left out), and the gold events they report.")] = False,
) -> None:
    """Score the stored events and documents against a gold folder (the shared scorer's metrics)."""
    try:
        with Store.open(db, read_only=True) as store:
            result = evaluate(gold, event_rows(store), document_rows(store), present_only)
    except EntenteError as exc:
        raise fail(exc) from exc
    if as_json:
        out.print_json(data=result)
        return
    if brief:
        figures = {**result["events"], "gold_documents": result.get("documents", {}).get("gold_documents")}
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
        dyad = dyad_of(a, b)
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
        dyad = dyad_of(a, b)
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
            people = people_of(store, name)
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

    settings = settings_for(None)
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
    out.print(shown(f"{report.documents} documents, {report.mentions} mentions imported; "
                    f"{report.events} events in {db} ({how})"))


@app.command("serve")
def serve_command(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    allowed_host: Annotated[list[str] | None, typer.Option(
        help="A further name the server answers to in the Host header (repeat for more; ENTENTE_ALLOWED_HOSTS, "
             "comma-separated). The address it listens on, and localhost on loopback, always are.")] = None,
    read_budget: Annotated[float | None, typer.Option(min=0.1, help="Seconds a request may wait for and read the "
                                                      "store before it answers 503 [default: 5; "
                                                      "ENTENTE_READ_BUDGET].", show_default=False)] = None,
    max_body_bytes: Annotated[int | None, typer.Option(min=1, help="Largest upload body [default: 5000000; "
                                                       "ENTENTE_MAX_BODY_BYTES].", show_default=False)] = None,
) -> None:
    """Serve the HTTP API and the web timeline (read-only unless ENTENTE_TOKEN is set)."""
    import uvicorn

    from entente.web.api import create_app

    settings = settings_for(db, host=host, read_budget=read_budget, max_body_bytes=max_body_bytes,
                            allowed_hosts=tuple(allowed_host) if allowed_host else None)
    mode = "writes need the ENTENTE_TOKEN bearer token" if settings.token else "read-only"
    err.print(shown(f"serving {settings.db} at http://{host}:{port}/ ({mode}); Ctrl-C stops"))
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def main() -> None:
    """Entry point of the `entente` command."""
    app()


if __name__ == "__main__":
    main()
