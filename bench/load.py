"""Load test of a real `entente serve` on loopback: concurrent clients for a bounded time.

    .venv/bin/python bench/load.py                      # 50 clients for 30 s over the sample corpus
    .venv/bin/python bench/load.py --db my.duckdb --clients 20 --seconds 10
    .venv/bin/python bench/load.py --ingest more/       # the same while `entente ingest more/` writes

Builds a store from examples/corpus/ unless --db is given, starts `entente serve` on 127.0.0.1
(never any other address), runs one client alone for a baseline, then N clients at once, each
cycling through the read endpoints (events list and filters, one event, countries, documents,
dyad timeline and summary, search, the page). Prints requests per second, p50, p99 and max latency
and every error; exits 1 when any request failed (transport error or status other than 200).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]
MAX_CLIENTS, MAX_SECONDS = 200, 300


@dataclass
class Tally:
    """What a run saw. Fields: latencies (s, of answered requests), errors (one line each), seconds."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self, label: str) -> str:
        """One line of figures."""
        ms = sorted(x * 1000 for x in self.latencies) or [0.0]
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        return (f"{label}: {len(self.latencies)} requests in {self.seconds:.1f} s = "
                f"{len(self.latencies) / self.seconds:.0f} req/s; p50 {statistics.median(ms):.1f} ms, "
                f"p99 {p99:.1f} ms, max {ms[-1]:.1f} ms; {len(self.errors)} errors")


def entente(*args: str) -> list[str]:
    """The command line of the entente CLI in this interpreter."""
    return [sys.executable, "-m", "entente.cli", *args]


def free_port() -> int:
    """A TCP port free on loopback just now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`entente serve` on loopback, returned once it answers."""
    env = {k: v for k, v in os.environ.items() if k != "ENTENTE_TOKEN"}
    with log.open("wb") as sink:
        process = subprocess.Popen(entente("serve", "--db", str(db), "--host", HOST, "--port", str(port)),
                                   stdout=sink, stderr=subprocess.STDOUT, env=env)
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
    """The read endpoints to cycle through, with ids and countries taken from the store itself."""
    with httpx.Client(base_url=base, timeout=60) as client:
        events = client.get("/events", params={"limit": 50}).json()["events"]
        countries = [c["code"] for c in client.get("/countries").json()]
    paths = ["/events?limit=20", "/countries", "/search?q=minister", "/"]
    for event in events[:5]:
        paths.append(f"/events/{event['event_id']}")
        paths += [f"/documents/{s['doc_id']}" for s in event.get("sources", [])[:1]]
    if len(countries) >= 2:
        a, b = countries[:2]
        paths += [f"/events?country={a}", f"/dyads/{a}/{b}/timeline", f"/dyads/{a}/{b}/summary"]
    return paths


async def client_loop(base: str, paths: list[str], offset: int, until: float, tally: Tally) -> None:
    """One client: requests one after another until the time is up."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        number = offset
        while time.monotonic() < until:
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
            else:
                tally.errors.append(f"{path}: {response.status_code} {response.text[:200]}")


async def load(base: str, paths: list[str], clients: int, seconds: float) -> Tally:
    """clients concurrent clients for seconds."""
    tally = Tally()
    started = time.monotonic()
    await asyncio.gather(*(client_loop(base, paths, n, started + seconds, tally) for n in range(clients)))
    tally.seconds = time.monotonic() - started
    return tally


def build_store(folder: Path) -> Path:
    """A store holding the sample corpus."""
    db = folder / "load.duckdb"
    subprocess.run(entente("ingest", str(ROOT / "examples" / "corpus"), "--db", str(db)), check=True,
                   stdout=subprocess.DEVNULL)
    return db


def main() -> int:
    """Run the load test; 1 when any request failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an existing store (default: one built from examples/corpus)")
    parser.add_argument("--clients", type=int, default=50, help=f"concurrent clients (at most {MAX_CLIENTS})")
    parser.add_argument("--seconds", type=float, default=30, help=f"length of the loaded run (at most {MAX_SECONDS})")
    parser.add_argument("--ingest", type=Path, help="ingest this path into the store during the loaded run")
    args = parser.parse_args()
    if not (1 <= args.clients <= MAX_CLIENTS and 1 <= args.seconds <= MAX_SECONDS):
        parser.error(f"--clients must be 1-{MAX_CLIENTS} and --seconds 1-{MAX_SECONDS}")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_store(Path(tmp))
        port = free_port()
        server = start_server(db, port, Path(tmp) / "serve.log")
        base = f"http://{HOST}:{port}"
        try:
            paths = paths_to_request(base)
            baseline = asyncio.run(load(base, paths, 1, min(5.0, args.seconds)))
            writer = (subprocess.Popen(entente("ingest", str(args.ingest), "--db", str(db)), stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT) if args.ingest else None)
            loaded = asyncio.run(load(base, paths, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"{len(paths)} endpoints cycled: {', '.join(paths)}")
        print(baseline.line("1 client (baseline)"))
        print(loaded.line(f"{args.clients} clients"))
        print(f"p50 under load / baseline p50: "
              f"{statistics.median(loaded.latencies or [0]) / statistics.median(baseline.latencies or [1]):.1f}x")
        if writer is not None:
            started = time.monotonic()
            out, _ = writer.communicate(timeout=3600)
            print(f"ingest during the run: exit {writer.returncode} ({time.monotonic() - started:.0f} s after the "
                  f"load ended): {' '.join(out.decode().split())[-300:]}")
        for error in (baseline.errors + loaded.errors)[:20]:
            print("error:", error)
    return 1 if baseline.errors or loaded.errors else 0


if __name__ == "__main__":
    sys.exit(main())
