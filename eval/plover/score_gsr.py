"""Score a run on the PLOVER gold-standard records: python eval/plover/score_gsr.py RECORDS.jsonl

RECORDS.jsonl holds one record per line, {"id", "event", "source", "target", "text"}, converted from
openeventdata/PLOVER's PLOVER_GSR_CAMEO.txt (see README.md): the texts are not committed. Each record's
sentence is ingested as a document of its own into a temporary store; the report gives, per type,
the records of that type that get an event of it (recall) and the events of that type that fall on
records of it (precision, counted once per record), over all records and over those between two
states, and how many conflict records get a cooperative event.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

from entente.errors import UsageError
from entente.views.evaluate import load_jsonl

# PLOVER 0.5 types of the records that the final PLOVER list (ours) names otherwise
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "DIPLOMACY": "SUPPORT"}
NOT_A_STATE = {"IGO", "NGO", "MNC", "UNK", "---", ""}


def load_records(path: Path) -> dict[str, dict]:
    """The records by id (the published file repeats some: the first one counts), types renamed."""
    records: dict[str, dict] = {}
    for row in load_jsonl(path):
        records.setdefault(row["id"], {**row, "event": RENAMED.get(row["event"], row["event"])})
    return records


def between_states(record: dict) -> bool:
    """True when the record's source and target are states, and not the same ones."""
    source = {c for c in record.get("source") or () if c not in NOT_A_STATE}
    target = {c for c in record.get("target") or () if c not in NOT_A_STATE}
    return bool(source) and bool(target) and source != target


def emitted_types(records: dict[str, dict], workdir: Path) -> dict[str, set[str]]:
    """The event types the pipeline emits for each record, its sentence ingested as one document."""
    docs, db, events = workdir / "docs", workdir / "gsr.duckdb", workdir / "events.jsonl"
    docs.mkdir()
    with (docs / "gsr.jsonl").open("w", encoding="utf-8") as out:
        for rid, record in records.items():
            out.write(json.dumps({"id": rid, "url": None, "title": None, "published": None,
                                  "text": record["text"]}) + "\n")
    entente = [sys.executable, "-m", "entente.cli"]
    subprocess.run([*entente, "ingest", str(docs), "--db", str(db)], check=True, capture_output=True)
    subprocess.run([*entente, "export", "events", "--db", str(db), "-o", str(events)], check=True,
                   capture_output=True)
    found: dict[str, set[str]] = defaultdict(set)
    for event in load_jsonl(events):
        for source in event["sources"]:
            found[source["doc_id"]].add(event["event_type"])
    return found


def report(records: dict[str, dict], found: dict[str, set[str]], title: str) -> list[str]:
    """Per-type recall and precision lines for a set of records."""
    gold, hit, emitted, right = Counter(), Counter(), Counter(), Counter()
    for rid, record in records.items():
        gold[record["event"]] += 1
        hit[record["event"]] += record["event"] in found.get(rid, ())
        for kind in found.get(rid, ()):
            emitted[kind] += 1
            right[kind] += kind == record["event"]
    lines = [f"{title}: {len(records)} records, {sum(1 for r in records if found.get(r))} with an event",
             f"  {'type':<10} {'records':>7} {'recall':>7} {'emitted':>8} {'precision':>9}"]
    for kind in sorted(set(gold) | set(emitted)):
        recall = f"{hit[kind] / gold[kind]:.2f}" if gold[kind] else "-"
        precision = f"{right[kind] / emitted[kind]:.2f}" if emitted[kind] else "-"
        lines.append(f"  {kind:<10} {gold[kind]:>7} {recall:>7} {emitted[kind]:>8} {precision:>9}")
    total, got = sum(gold.values()), sum(emitted.values())
    lines.append(f"  {'all':<10} {total:>7} {sum(hit.values()) / max(total, 1):>7.3f} {got:>8} "
                 f"{(sum(right.values()) / got if got else 0):>9.2f}")
    return lines


def cooperative_on_conflict(records: dict[str, dict], found: dict[str, set[str]]) -> str:
    """How many conflict records (QuadClass 3 and 4) get a cooperative event (QuadClass 1 and 2)."""
    quads = tomllib.loads(resources.files("entente.data").joinpath("plover.toml").read_text("utf-8"))["types"]
    conflict = [r for r, record in records.items() if quads[record["event"]]["quad"] >= 3]
    crossed = [r for r in conflict if any(quads[k]["quad"] <= 2 for k in found.get(r, ()))]
    return f"conflict records with a cooperative event: {len(crossed)} of {len(conflict)}"


def main(argv: list[str] | None = None) -> int:
    """Ingest the records, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=Path, help="the records as JSON Lines (see README.md)")
    args = parser.parse_args(argv)
    try:
        records = load_records(args.records)
    except UsageError as exc:
        sys.exit(f"{exc} (see eval/plover/README.md)")
    with tempfile.TemporaryDirectory() as workdir:
        found = emitted_types(records, Path(workdir))
    states = {r: record for r, record in records.items() if between_states(record)}
    print("\n".join([*report(records, found, "all records"), *report(states, found, "between two states"),
                     cooperative_on_conflict(records, found)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
