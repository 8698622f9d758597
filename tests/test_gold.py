"""Accuracy floors: the seed gold, our own evaluation corpus and our multi-outlet merge clusters.

Each corpus is ingested by the real command line into a real DuckDB file, exported, and scored
twice: by the project's own `entente eval` and (for the seeds) by the independent scorer. The
floors below are the figures measured when they were set; a change that lowers one fails here.
Raise them as the extractor improves; never lower them silently.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES

# Measured 2026-11-23 on the 87 articles of tests/fixtures/eval (84 events). Batches 132-144, 145-153,
# 154-159, 160-165, 166-170, 171-175, 176-180, 181-183 and 184-187 scored F1 0.692, 0.769, 0.5, 0.769, 0.5,
# 0.182, 0.667, 0.4 and 0.75 held-out before the rules they exposed were generalised (gold README). The two
# events still missed (E171a/b) name 'Dr. S. Venkatesh', whom the gold calls 'Suresh Venkatesh' as other
# articles do.
# boilerplate_dropped: 1.0 on the first 44 articles; 0.994 since 148 added a wire footer the cleaner keeps
# ('BERNAMA provides up-to-date authentic ...'): raise it back to 1.0 with the cleaner fix.
# 2026-12-04: precision 0.984 -> 0.92, F1 -> 0.95, mode 1.0 -> 0.99 with the learned detector (conflict
# events and collective actors this corpus never annotated), while real-news test F1 rose 0.181 -> 0.27.
# 2026-12-06: precision 0.902 -> 0.909, F1 0.941 -> 0.945 (two states named together act together on a third;
# a deed under 'pledged to ... in chairing' is planned), with real-news test F1 0.374 -> 0.381.
# 2026-12-07: precision 0.909 -> 0.888, recall 0.984 -> 0.975, F1 0.945 -> 0.93: a pluperfect told under a verb of
# saying is the act reported ('the minister said the government had provided ...' now names the minister, whom
# E117 leaves out; 'Liu had warned against US interference' is read), with real-news test F1 0.401 -> 0.406.
# 2026-12-07: precision 0.888 -> 0.895, F1 0.93 -> 0.933 with the detector reading states' names as one word.
# 2026-12-08 (ninth session): precision 0.916 -> 0.876, F1 0.949 -> 0.927 with the detector retrained on files 47-51
# (acts this corpus never annotated: 'raised concerns', thanks for aid, a leader congratulating a team), while
# real news moved: blind batches st and su 22 -> 28 of 71 matched (F1 0.341 -> 0.403), dev F1 0.381 -> 0.402,
# test F1 0.361 -> 0.350 (125 -> 122 of 376).
EVAL_FLOORS = {
    "events.precision": 0.876, "events.recall": 0.975, "events.f1": 0.927, "events.date_accuracy": 1.0,
    "events.mode_accuracy": 0.99, "events.location_accuracy": 1.0, "events.office_accuracy": 1.0,
    "events.merge_accuracy": 1.0, "events.signed_agreement_recall": 1.0,
    "documents.boilerplate_dropped": 1.0, "documents.content_kept": 1.0,  # cleaning (148 fixed in d4d48d6)
    "documents.publication_date_accuracy": 1.0,
}
# Measured 2026-11-23 (08:40 UTC): pairwise merge precision 1.0, recall 0.917 (the pair lost: a recap
# that reports two meetings, of which the extractor reads one), events F1 1.0, merge_accuracy 0.909.
# 2026-12-07 (sixth session): events F1 1.0 -> 0.917 with the fine-tuned encoder (the figures above): a call's
# background, 'amid alarm over threats by the incoming US administration to impose tariffs', is read as two THREATENs.
# 2026-12-08 (ninth session): events F1 0.917 -> 0.88 with the detector retrained on files 47-51 (the figures above): a
# minister's 'willing to engage with China ... and to disagree where necessary' is read as an ACCUSE.
MERGE_FLOORS = {"merge.precision": 1.0, "merge.recall": 0.91, "events.f1": 0.88, "events.merge_accuracy": 0.9}
# Measured 2026-12-04 on examples/corpus against the gold a helper wrote blind (examples/gold): 9 of 13
# events, 15 extracted (start of the day: 7 of 13; 10 of 14 before the detector was retrained on files
# 25-32, which raised real-news test F1 0.278 -> 0.304). Issue 12 wants every event's day, countries and
# place right here; the misses are E8 (an audience with an unnamed Emperor), E9 (a later sentence's 'in
# Tokyo in June' taken for the meeting's), E10 (a co-chaired commission typed COOPERATE), E12 (a meeting
# the rules do not read), and the false positives AGREE beside their meetings and pledges read as aid.
# 2026-12-07: precision 0.6 -> 0.69 with the detector reading states' names as one word (two fewer false events).
# 2026-12-07 (fourth session): 10 of 13, precision and recall 0.769: E10's 'co-chaired' commission is read (its
# word was the prefix 'co') and the signing the rules read beside it is folded into it.
# 2026-12-07 (fifth session): precision 0.769 -> 0.714 when the detector was retrained with files 41-42 (real-news
# test F1 0.364 -> 0.376 on 137 texts): E12's signing is now read, as an AGREE alone, the meeting around it still not.
SAMPLE_FLOORS = {"events.precision": 0.714, "events.recall": 0.769, "events.date_accuracy": 1.0,
                 "events.country_accuracy": 1.0, "events.merge_accuracy": 1.0,
                 "documents.publication_date_accuracy": 1.0}


def run(*args: str) -> str:
    """Run the real command line and return its standard output."""
    done = subprocess.run([sys.executable, "-m", "entente.cli", *args], capture_output=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def ingest_and_score(corpus: Path, gold: Path, db: Path) -> dict[str, dict]:
    """Ingest a corpus folder and score the store against a gold folder with `entente eval`."""
    run("ingest", str(corpus), "--db", str(db))
    return json.loads(run("eval", "--gold", str(gold), "--db", str(db), "--json"))


def flat(result: dict[str, dict]) -> dict[str, object]:
    """'part.metric' -> value."""
    return {f"{part}.{key}": value for part, figures in result.items() for key, value in figures.items()}


def test_seeds_score_perfectly_by_both_scorers(shared: Path, tmp_path: Path) -> None:
    db = tmp_path / "seeds.duckdb"
    result = flat(ingest_and_score(shared / "corpus" / "seeds", shared / "gold", db))
    events, documents = tmp_path / "e.jsonl", tmp_path / "d.jsonl"
    run("export", "events", "--db", str(db), "-o", str(events))
    run("export", "documents", "--db", str(db), "-o", str(documents))
    independent = subprocess.run(
        [sys.executable, str(shared / "tools" / "score.py"), "--gold", str(shared / "gold"), "--events", str(events),
         "--documents", str(documents), "--json"], capture_output=True, check=True, timeout=60)
    theirs = flat(json.loads(independent.stdout))
    for key in ("events.f1", "events.mode_accuracy", "events.location_accuracy", "events.office_accuracy",
                "events.merge_accuracy", "events.signed_agreement_recall", "documents.publication_date_accuracy",
                "documents.boilerplate_dropped", "documents.content_kept"):
        assert theirs[key] == 1.0, (key, theirs[key])
        assert result[key] == theirs[key], (key, result[key], theirs[key])
    assert result["events.date_accuracy"] == 1.0


def test_own_evaluation_corpus_holds_its_floors(tmp_path: Path) -> None:
    result = flat(ingest_and_score(FIXTURES / "eval" / "corpus", FIXTURES / "eval" / "gold", tmp_path / "eval.duckdb"))
    for key, floor in EVAL_FLOORS.items():
        assert result[key] >= floor, (key, result[key], floor)


def test_sample_corpus_holds_its_floors_against_its_blind_gold(tmp_path: Path) -> None:
    examples = Path(__file__).parent.parent / "examples"
    result = flat(ingest_and_score(examples / "corpus", examples / "gold", tmp_path / "sample.duckdb"))
    for key, floor in SAMPLE_FLOORS.items():
        assert result[key] >= floor, (key, result[key], floor)


def merge_figures(gold_events: list[dict], exported: list[dict]) -> dict[str, float]:
    """Pairwise merge precision and recall: pairs of articles put in one event, against gold."""
    def pairs(groups: list[set[str]]) -> set[tuple[str, str]]:
        return {(a, b) for g in groups for a in g for b in g if a < b}
    want = pairs([set(g["reported_in"]) for g in gold_events])
    got = pairs([{s["doc_id"] for s in e["sources"]} for e in exported if e["event_type"] == "CONSULT"])
    return {"merge.precision": len(want & got) / len(got) if got else 0.0,
            "merge.recall": len(want & got) / len(want) if want else 0.0}


def test_multi_outlet_clusters_merge_above_their_floors(tmp_path: Path) -> None:
    db = tmp_path / "merge.duckdb"
    result = flat(ingest_and_score(FIXTURES / "merge" / "corpus", FIXTURES / "merge" / "gold", db))
    exported = [json.loads(line) for line in run("export", "events", "--db", str(db)).splitlines() if line]
    gold_lines = (FIXTURES / "merge" / "gold" / "events.jsonl").read_text().splitlines()
    gold = [json.loads(line) for line in gold_lines if line]
    result |= merge_figures(gold, exported)
    for key, floor in MERGE_FLOORS.items():
        assert result[key] >= floor, (key, result[key], floor)


@pytest.mark.parametrize("corpus", ["eval", "merge"])
def test_reingesting_changes_nothing(corpus: str, tmp_path: Path) -> None:
    db = tmp_path / "again.duckdb"
    run("ingest", str(FIXTURES / corpus / "corpus"), "--db", str(db))
    first = run("export", "events", "--db", str(db))
    assert "0 new, 0 updated" in run("ingest", str(FIXTURES / corpus / "corpus"), "--db", str(db))
    assert run("export", "events", "--db", str(db)) == first
