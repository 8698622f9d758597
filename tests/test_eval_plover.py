"""The PLOVER gold-standard scorer (eval/plover/score_gsr.py) on records of our own writing."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).parent.parent / "eval" / "plover" / "score_gsr.py"
spec = importlib.util.spec_from_file_location("score_gsr", SCRIPT)
score_gsr = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score_gsr)

RECORDS = [
    {"id": "R-1", "event": "DISAPPROVE", "source": ["KEN"], "target": ["UGA"], "text": "Kenya condemned Uganda."},
    {"id": "R-2", "event": "AGREE", "source": ["KEN", "TZA"], "target": [], "text": "Kenya and Tanzania agreed."},
    {"id": "R-1", "event": "AGREE", "source": ["KEN"], "target": ["UGA"], "text": "A repeated id."},
    {"id": "R-3", "event": "FIGHT", "source": ["---"], "target": ["UGA"], "text": "Rebels attacked a Ugandan post."},
]


def test_records_are_renamed_to_the_final_types_and_a_repeated_id_counts_once(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    records = score_gsr.load_records(path)
    assert [(r, rec["event"]) for r, rec in records.items()] == [("R-1", "ACCUSE"), ("R-2", "AGREE"),
                                                                 ("R-3", "ASSAULT")]
    assert [r for r, rec in records.items() if score_gsr.between_states(rec)] == ["R-1"]


def test_the_report_counts_recall_per_record_and_precision_per_emitted_type(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    records = score_gsr.load_records(path)
    found = {"R-1": {"ACCUSE", "SANCTION"}, "R-3": {"CONSULT"}}
    lines = score_gsr.report(records, found, "all")
    row = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert row["ACCUSE"] == ["1", "1.00", "1", "1.00"]
    assert row["AGREE"] == ["1", "0.00", "0", "-"]
    assert row["SANCTION"] == ["0", "-", "1", "0.00"]
    assert row["all"] == ["3", "0.333", "3", "0.33"]
    assert score_gsr.cooperative_on_conflict(records, found).endswith("1 of 2")
