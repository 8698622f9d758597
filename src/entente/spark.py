"""The Spark job: the single-machine pipeline, partition by partition, on a cluster.

`run` reads JSON Lines (split by line) or WARC files (one task per file) from paths or globs on
any Hadoop filesystem and keeps one version of each doc_id; runs `pipeline.process_isolated`
(`process_batch`, an article that fails reported alone) in mapPartitions with the spaCy model
loaded once per partition; completes countries corpus-wide and merges mentions block by block
on `merge.block_key` with the same `merge_mentions`; writes Parquet shaped like the store's
tables: OUTPUT/documents, OUTPUT/mentions, OUTPUT/events and OUTPUT/errors. `import_output`
loads that into a DuckDB store. pyspark is imported only where needed: import runs without it.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from entente.config import Settings
from entente.errors import EntenteError, IngestError, UsageError
from entente.io.readers import DEFAULT_LIMIT, JSONL_SUFFIXES, WARC_SUFFIXES, jsonl_record, read_warc
from entente.io.store import DOCUMENT_COLUMNS, event_row
from entente.pipeline import IngestReport, batched, content_hash, open_writer, process_isolated, settle
from entente.records import mention_from_dict, mention_to_dict
from entente.stages.annotate import load_nlp
from entente.stages.merge import block_key, merge_mentions, name_countries, with_countries
from entente.types import Article, Mention, RawDoc

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

TABLES = ("documents", "mentions", "events", "errors")
FORMATS = {"jsonl": JSONL_SUFFIXES, "warc": WARC_SUFFIXES}
ERRORS_SHOWN = 20
# One processed input: a document with its mentions (as JSON), or an error.
PROCESSED_DDL = (
    "doc_id STRING, origin STRING, content_hash STRING, raw STRING, url STRING, title STRING, "
    "publication_date DATE, outlet STRING, language STRING, text STRING, mentions ARRAY<STRING>, error STRING")
EVENTS_DDL = ("event_id STRING, event_type STRING, mode STRING, date DATE, date_lo DATE, date_hi DATE, "
              "date_source STRING, date_precision STRING, countries ARRAY<STRING>, payload STRING, "
              "mention_ids ARRAY<STRING>")


@dataclass
class SparkReport:
    """What a Spark run wrote. Fields: documents, mentions, events (row counts), errors (count),
    failed (the first few error messages), output (the output folder)."""

    output: str
    documents: int = 0
    mentions: int = 0
    events: int = 0
    errors: int = 0
    failed: list[str] = field(default_factory=list)


def input_format(paths: list[str], fmt: str | None) -> str:
    """'jsonl' or 'warc': as given, or told by the suffix of every path."""
    if fmt:
        if fmt not in FORMATS:
            raise UsageError(f"unknown input format '{fmt}' (choose {', '.join(FORMATS)})")
        return fmt
    found = {name for p in paths for name, suffixes in FORMATS.items()
             if p.lower().rstrip("*").endswith(tuple(suffixes))}
    if len(found) != 1:
        raise UsageError(f"{' '.join(paths)}: cannot tell JSON Lines from WARC by the names; "
                         "give --format jsonl or --format warc")
    return found.pop()


def jsonl_line(line: str, path: str) -> RawDoc | IngestError | None:
    """The RawDoc of one JSON Lines line read by Spark (None for a blank line), its origin naming file and id."""
    if not line.strip():
        return None
    where = f"{path} (line {line.strip()[:40]!r})"
    if len(line.encode("utf-8", "surrogatepass")) > DEFAULT_LIMIT:
        return IngestError(where, f"line over the {DEFAULT_LIMIT / 1e6:g} MB limit for one article")
    found = jsonl_record(line, path)
    if isinstance(found, IngestError):
        return IngestError(where, found.reason)
    return replace(found, origin=f"{path} (id {found.doc_id})")  # Spark cannot tell line numbers


@dataclass(frozen=True)
class Failed:
    """An input that could not be read, in a form Spark can ship (IngestError does not pickle).
    Fields: origin, reason."""

    origin: str
    reason: str


def read_raw(spark: SparkSession, paths: list[str], fmt: str) -> RDD[RawDoc | Failed]:
    """Every RawDoc (or Failed) of the inputs: JSON Lines split by line, WARC file by file."""
    if fmt == "jsonl":
        lines = spark.read.text(paths).select("value", "_metadata.file_path")
        found = lines.rdd.map(lambda row: jsonl_line(row[0], row[1])).filter(lambda item: item is not None)
    else:
        found = spark.sparkContext.binaryFiles(",".join(paths)).flatMap(lambda pair: read_warc(pair[1], pair[0]))
    return found.map(lambda item: Failed(item.origin, item.reason) if isinstance(item, IngestError) else item)


def keyed(item: RawDoc | Failed) -> tuple[tuple[str, str], RawDoc | Failed]:
    """Documents keyed by doc_id (one version kept), errors by what they say."""
    if isinstance(item, Failed):
        return ("error", f"{item.origin}: {item.reason}"), item
    return ("doc", item.doc_id), item


def later(a: RawDoc | Failed, b: RawDoc | Failed) -> RawDoc | Failed:
    """Of two versions of one doc_id, the one from the later origin (a deterministic pick)."""
    if isinstance(a, Failed) or isinstance(b, Failed):
        return a
    return max(a, b, key=lambda raw: (raw.origin, content_hash(raw)))


def document_row(article: Article, mentions: list[Mention]) -> tuple[Any, ...]:
    """The processed row of one article: its document columns and its mentions as JSON."""
    values = (article.doc_id, article.origin, article.content_hash, article.raw, article.url, article.title,
              article.publication_date, article.outlet, article.language, article.text)
    return (*values, [json.dumps(mention_to_dict(m)) for m in mentions], None)


def error_row(error: Failed) -> tuple[Any, ...]:
    """The processed row of an input that could not be read."""
    return (None, error.origin, *[None] * 8, [], error.reason)


def process_partition(items: Iterable[RawDoc | Failed], settings: Settings) -> Iterator[tuple[Any, ...]]:
    """The per-article pipeline over one partition, the model loaded once (cached per worker);
    an article a stage fails on is reported alone, as ingest does."""
    nlp = None
    for chunk in batched(items, settings.batch_size):
        yield from (error_row(e) for e in chunk if isinstance(e, Failed))
        raws = [raw for raw in chunk if isinstance(raw, RawDoc)]
        if raws:
            nlp = nlp or load_nlp(settings.model)
            results, failed = process_isolated(raws, nlp, settings)
            yield from (error_row(Failed(e.origin, e.reason)) for e in failed)
            yield from (document_row(article, mentions) for article, mentions in results)


def merge_block(block: Iterable[Mention], known: dict[tuple[str, ...], str]) -> list[tuple[Any, ...]]:
    """The event rows of one block of mentions, merged in mention_id order as the store does."""
    ordered = sorted(block, key=lambda m: m.mention_id)
    return [(*event_row(e), list(e.mention_ids)) for e in merge_mentions(ordered, known=known)]


def process(spark: SparkSession, paths: list[str], fmt: str, settings: Settings,
            partitions: int | None) -> DataFrame:
    """Processed rows (documents with their mentions, and errors) of the inputs."""
    raws = read_raw(spark, paths, fmt).map(keyed)
    unique = raws.reduceByKey(later, numPartitions=partitions or spark.sparkContext.defaultParallelism).values()
    one_core = settings.with_(processes=1)  # a Spark task is one core: no worker pool inside it
    rows = unique.mapPartitions(lambda items: process_partition(items, one_core))
    return spark.createDataFrame(rows, PROCESSED_DDL)


def corpus_countries(mentions: RDD[Mention]) -> dict[tuple[str, ...], str]:
    """`merge.country_map` with Spark: the one country each name is given across the corpus."""
    pairs = mentions.mapPartitions(name_countries).distinct().groupByKey()
    return dict(pairs.filter(lambda kv: len(kv[1]) == 1).mapValues(lambda found: next(iter(found))).collect())


def events_of(spark: SparkSession, mentions: DataFrame) -> DataFrame:
    """Events merged with Spark: countries completed corpus-wide, mentions grouped by the merge's
    blocking key, each block merged by `merge_mentions` (blocks never share an event)."""
    parsed = mentions.rdd.map(lambda row: mention_from_dict(json.loads(row.payload)))
    known = spark.sparkContext.broadcast(corpus_countries(parsed))
    blocks = parsed.map(lambda m: with_countries(m, known.value)).keyBy(block_key).groupByKey()
    return spark.createDataFrame(blocks.flatMap(lambda kv: merge_block(kv[1], known.value)), EVENTS_DDL)


def write_outputs(spark: SparkSession, processed: DataFrame, output: str, mode: str) -> SparkReport:
    """Write documents, mentions, events and errors as Parquet folders under output."""
    from pyspark.sql import functions as F

    documents = processed.where("error IS NULL").select(*DOCUMENT_COLUMNS)
    mentions = (processed.where("error IS NULL")
                .select("doc_id", F.explode("mentions").alias("payload"))
                .select(F.get_json_object("payload", "$.mention_id").alias("mention_id"), "doc_id", "payload"))
    errors = processed.where("error IS NOT NULL").select("origin", F.col("error").alias("reason"))
    tables = {"documents": documents, "mentions": mentions, "errors": errors}
    for name, frame in tables.items():
        frame.write.mode(mode).parquet(f"{output}/{name}")
    saved = spark.read.parquet(f"{output}/mentions")
    events_of(spark, saved).write.mode(mode).parquet(f"{output}/events")
    counts = {name: spark.read.parquet(f"{output}/{name}").count() for name in TABLES}
    failed = [f"{r.origin}: {r.reason}" for r in spark.read.parquet(f"{output}/errors").limit(ERRORS_SHOWN).collect()]
    return SparkReport(output, counts["documents"], counts["mentions"], counts["events"], counts["errors"], failed)


def session(master: str | None) -> SparkSession:
    """The Spark session: spark-submit's, or a local one (workers on this Python) when not submitted."""
    from pyspark.sql import SparkSession

    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    master = master or (None if submitted else "local[*]")
    builder = SparkSession.builder.appName("entente")
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def matches(spark: SparkSession, pattern: str) -> int:
    """How many files or folders a path or glob names, on its Hadoop filesystem."""
    jvm, conf = spark.sparkContext._jvm, spark.sparkContext._jsc.hadoopConfiguration()  # type: ignore[attr-defined]
    path = jvm.org.apache.hadoop.fs.Path(pattern)
    return len(path.getFileSystem(conf).globStatus(path) or [])


def check_paths(spark: SparkSession, paths: list[str], output: str, overwrite: bool) -> None:
    """Before any work: every input names something, and the output is new unless overwriting."""
    for pattern in paths:
        if not matches(spark, pattern):
            raise IngestError(pattern, "no such file (nothing matches)")
    if not overwrite and matches(spark, output):
        raise UsageError(f"{output}: the output folder exists (give --overwrite to replace it)")


def run(spark: SparkSession, paths: list[str], output: str, settings: Settings, fmt: str | None = None,
        partitions: int | None = None, overwrite: bool = False) -> SparkReport:
    """Process the inputs on Spark and write the Parquet output; input problems become EntenteErrors."""
    from py4j.protocol import Py4JJavaError
    from pyspark import StorageLevel
    from pyspark.errors import AnalysisException

    fmt = input_format(paths, fmt)
    check_paths(spark, paths, output, overwrite)
    try:
        processed = process(spark, paths, fmt, settings, partitions).persist(StorageLevel.MEMORY_AND_DISK)
        try:
            return write_outputs(spark, processed, output, "overwrite" if overwrite else "errorifexists")
        finally:
            processed.unpersist()
    except AnalysisException as exc:
        raise EntenteError(f"{' '.join(paths)} -> {output}: {exc.getMessage().splitlines()[0]}") from exc
    except Py4JJavaError as exc:
        if "InvalidInputException" in str(exc.java_exception.getClass().getName()):
            raise IngestError(" ".join(paths), str(exc.java_exception.getMessage())) from exc
        raise


@dataclass
class ImportReport:
    """What an import did. Fields: documents, mentions (rows loaded), events (in the store after it),
    merged (True when the store's own merge ran because it held other documents too)."""

    documents: int
    mentions: int
    events: int
    merged: bool


def import_output(output: Path, settings: Settings) -> ImportReport:
    """Load a Spark run's Parquet into the store (one transaction), then merge if other documents are stored."""
    with open_writer(settings) as store:
        documents, mentions, merged = store.import_parquet(output)
    report = IngestReport()
    settle(settings, report)
    return ImportReport(documents, mentions, report.events, merged)


def main() -> None:
    """`python -m entente.spark INPUT... OUTPUT [options]`: the same as `entente spark` (also under spark-submit)."""
    from entente.cli import app

    app(["spark", *sys.argv[1:]])


if __name__ == "__main__":
    main()
