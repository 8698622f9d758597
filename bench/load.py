"""Load test of a real `entente serve` on loopback: concurrent clients on every read route.

    .venv/bin/python bench/load.py                        # 50 clients for 30 s over the sample corpus
    .venv/bin/python bench/load.py --db my.duckdb --clients 20 --seconds 10
    .venv/bin/python bench/load.py --ingest more/         # 8 clients for as long as `entente ingest more/` writes
    .venv/bin/python bench/load.py --store-articles 5000 --ingest-articles 500   # issue 14's run

Works on a copy of the store (from --db, from --store-articles generated articles of bench/corpus.py,
or from examples/corpus/); never writes the store given. Starts `entente serve` on 127.0.0.1 (never
any other address), runs one client alone for a baseline, then N clients at once, each cycling
through the read routes (events and their filters, one event, countries, documents, actors and one
actor, dyad timeline and summary, search, the page).

With --ingest (or --ingest-articles), it first times the ingest alone into another copy of the
store, then runs the clients for as long as the same ingest runs into the served store, and prints
the ingest's slowdown, the reads' latencies (p50, p99, max) and whether the loaded ingest stored
everything the ingest alone did. Exits 1 when a request failed other than a 503 (a read that waited
past its budget), or the loaded ingest failed or stored something else.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]
MAX_CLIENTS, MAX_SECONDS, MAX_INGEST_SECONDS = 200, 300, 7200


@dataclass
class Tally:
    """What a run saw. Fields: latencies (s, of answered requests), busy (503 answers), errors (one line
    each, other failures), seconds."""

    latencies: list[float] = field(default_factory=list)
    busy: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self, label: str) -> str:
        """One line of figures."""
        ms = sorted(x * 1000 for x in self.latencies) or [0.0]
        return (f"{label}: {len(self.latencies)} requests in {self.seconds:.1f} s = "
                f"{len(self.latencies) / max(self.seconds, 1e-9):.0f} req/s; p50 {statistics.median(ms):.1f} ms, "
                f"p99 {percentile(ms, 0.99):.1f} ms, max {ms[-1]:.1f} ms; {len(self.errors)} errors")


def percentile(ordered: list[float], share: float) -> float:
    """The value below which share of the ordered values lie."""
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def entente(*args: str) -> list[str]:
    """The command line of the entente CLI in this interpreter."""
    return [sys.executable, "-m", "entente.cli", *args]


def environment() -> dict[str, str]:
    """This environment without Entente's variables (the runs set what they need on the command line)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ENTENTE_")}


def free_port() -> int:
    """A TCP port free on loopback just now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`entente serve` on loopback, returned once it answers."""
    with log.open("wb") as sink:
        process = subprocess.Popen(entente("serve", "--db", str(db), "--host", HOST, "--port", str(port)),
                                   stdout=sink, stderr=subprocess.STDOUT, env=environment())
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"entente serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"http://{HOST}:{port}/openapi.json", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    sys.exit(f"entente serve did not answer in 90 s:\n{log.read_text()}")


def paths_to_request(base: str) -> list[str]:
    """Every read route, with ids, names and countries taken from the store itself."""
    with httpx.Client(base_url=base, timeout=60) as client:
        events = client.get("/events", params={"limit": 50}).json()["events"]
        countries = [c["code"] for c in client.get("/countries").json()]
        people = client.get("/actors").json()
    paths = ["/events?limit=20", "/countries", "/search?q=minister", "/", "/actors"]
    for event in events[:5]:
        paths.append(f"/events/{quote(event['event_id'])}")
        paths += [f"/documents/{quote(s['doc_id'])}" for s in event.get("sources", [])[:1]]
    for person in people[:3]:
        paths += [f"/actors/{quote(person['id'])}", f"/actors?q={quote(person['name'].split()[-1])}"]
    if len(countries) >= 2:
        a, b = countries[:2]
        paths += [f"/events?country={a}", f"/events?pair={a},{b}", f"/dyads/{a}/{b}/timeline",
                  f"/dyads/{a}/{b}/summary"]
    return paths


async def client_loop(base: str, paths: list[str], offset: int, going: Callable[[], bool], tally: Tally) -> None:
    """One client: requests one after another while going() holds."""
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        number = offset
        while going():
            path = paths[number % len(paths)]
            number += 1
            started = time.monotonic()
            try:
                response = await client.get(path)
            except httpx.HTTPError as exc:
                tally.errors.append(f"{path}: {type(exc).__name__}: {exc}")
                continue
            if response.status_code == 200:
                tally.latencies.append(time.monotonic() - started)
            elif response.status_code == 503:
                tally.busy += 1
            else:
                tally.errors.append(f"{path}: {response.status_code} {response.text[:200]}")


async def load(base: str, paths: list[str], clients: int, going: Callable[[], bool]) -> Tally:
    """clients concurrent clients while going() holds."""
    tally = Tally()
    started = time.monotonic()
    await asyncio.gather(*(client_loop(base, paths, n, going, tally) for n in range(clients)))
    tally.seconds = time.monotonic() - started
    return tally


def for_seconds(seconds: float) -> Callable[[], bool]:
    """A condition that holds for seconds from now."""
    until = time.monotonic() + seconds
    return lambda: time.monotonic() < until


def ingest(source: Path, db: Path) -> subprocess.Popen[str]:
    """`entente ingest source --db db`, started."""
    return subprocess.Popen(entente("ingest", str(source), "--db", str(db)), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=environment())


def generated(path: Path, count: int, seed: int, prefix: str) -> Path:
    """count generated articles of bench/corpus.py as JSON Lines, their ids prefixed."""
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    with path.open("w", encoding="utf-8") as out:
        for record in corpus.articles(count, seed):
            out.write(json.dumps(record | {"id": prefix + record["id"]}, ensure_ascii=False) + "\n")
    return path


def build_store(folder: Path, articles: int) -> Path:
    """A store holding the sample corpus, or `articles` generated articles."""
    db = folder / "load.duckdb"
    source = generated(folder / "store.jsonl", articles, 6, "") if articles else ROOT / "examples" / "corpus"
    started = time.monotonic()
    subprocess.run(entente("ingest", str(source), "--db", str(db)), check=True, stdout=subprocess.DEVNULL,
                   env=environment())
    print(f"store built from {articles or 'the sample'} articles in {time.monotonic() - started:.0f} s")
    return db


def copy_store(db: Path, to: Path) -> Path:
    """A copy of a store file and its search index."""
    shutil.copyfile(db, to)
    if Path(f"{db}.search").is_dir():
        shutil.copytree(f"{db}.search", f"{to}.search")
    return to


def counts(db: Path) -> str:
    """Documents, events and people of a store, and its content fingerprint."""
    from entente.io.store import Store

    with Store.open(db, read_only=True) as store:
        return (f"{store.count('documents')} documents, {store.count('events')} events, "
                f"{len(store.find_people())} people (content {store.content_fingerprint()[:12]})")


def timed_ingest(source: Path, db: Path) -> tuple[float, int, str]:
    """Seconds, exit code and last words of an ingest with nothing else running."""
    started = time.monotonic()
    process = ingest(source, db)
    out, _ = process.communicate(timeout=MAX_INGEST_SECONDS)
    return time.monotonic() - started, process.returncode, " ".join(out.split())[-200:]


def report_ingest(alone: tuple[float, int, str], loaded: tuple[float, int, str], stores: tuple[Path, Path]) -> bool:
    """Print the ingest's figures under load against alone; True when it stored the same as alone."""
    print(f"ingest alone: {alone[0]:.1f} s, exit {alone[1]}: {alone[2]}")
    print(f"ingest under load: {loaded[0]:.1f} s, exit {loaded[1]}: {loaded[2]}")
    print(f"ingest slowdown under load: {loaded[0] / alone[0]:.2f}x")
    same = counts(stores[0]) == counts(stores[1])
    print(f"stored after the ingest alone: {counts(stores[0])}")
    print(f"stored after the ingest under load: {counts(stores[1])} ({'the same' if same else 'DIFFERENT'})")
    return same and loaded[1] == 0


def options() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an existing store (copied; default: one built for the run)")
    parser.add_argument("--store-articles", type=int, default=0, help="build the store from this many generated "
                        "articles (default: the sample corpus)")
    parser.add_argument("--clients", type=int, help=f"concurrent clients (at most {MAX_CLIENTS}; default 50, "
                        "8 with --ingest)")
    parser.add_argument("--seconds", type=float, default=30, help=f"length of the loaded run without --ingest "
                        f"(at most {MAX_SECONDS})")
    parser.add_argument("--ingest", type=Path, help="ingest this path into the store during the loaded run")
    parser.add_argument("--ingest-articles", type=int, default=0, help="ingest this many new generated articles "
                        "during the loaded run")
    args = parser.parse_args()
    args.clients = args.clients or (8 if args.ingest or args.ingest_articles else 50)
    if not (1 <= args.clients <= MAX_CLIENTS and 1 <= args.seconds <= MAX_SECONDS):
        parser.error(f"--clients must be 1-{MAX_CLIENTS} and --seconds 1-{MAX_SECONDS}")
    return args


def main() -> int:
    """Run the load test; 1 when a request failed (other than 503) or the loaded ingest went wrong."""
    args = options()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        db = copy_store(args.db, home / "served.duckdb") if args.db else build_store(home, args.store_articles)
        source = args.ingest or (generated(home / "more.jsonl", args.ingest_articles, 14, "more-")
                                 if args.ingest_articles else None)
        alone = timed_ingest(source, copy_store(db, home / "alone.duckdb")) if source else None
        port = free_port()
        server = start_server(db, port, home / "serve.log")
        base = f"http://{HOST}:{port}"
        try:
            paths = paths_to_request(base)
            baseline = asyncio.run(load(base, paths, 1, for_seconds(min(5.0, args.seconds))))
            started = time.monotonic()
            writer = ingest(source, db) if source else None
            going = (lambda: writer.poll() is None) if writer else for_seconds(args.seconds)
            loaded = asyncio.run(load(base, paths, args.clients, going))
            if writer is not None:
                out, _ = writer.communicate(timeout=MAX_INGEST_SECONDS)
                under_load = (time.monotonic() - started, writer.returncode, " ".join(out.split())[-200:])
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"{len(paths)} routes cycled: {', '.join(paths)}")
        print(baseline.line("1 client (baseline)"))
        print(loaded.line(f"{args.clients} clients" + (" during the ingest" if writer else "")))
        print(f"answered 503 (a read past its time budget): {baseline.busy + loaded.busy}")
        ok = report_ingest(alone, under_load, (home / "alone.duckdb", db)) if alone and writer else True
        for error in (baseline.errors + loaded.errors)[:20]:
            print("error:", error)
    return 1 if baseline.errors or loaded.errors or not ok else 0


if __name__ == "__main__":
    sys.exit(main())
