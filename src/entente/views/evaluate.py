"""Evaluation against a gold folder (events.jsonl, documents.jsonl as in ../shared/gold).

The metrics are those of the independent scorer, computed here by the project's own code:
event precision, recall and F1 (type, participant set and date must match), then over the
matched events date, mode, location, office and merge accuracy and signed-agreement recall;
for documents publication-date accuracy, boilerplate dropped and content kept.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entente.errors import UsageError

HONORIFIC_WORDS = re.compile(
    r"\b(?:mr|mrs|ms|dr|prof|h\.?e\.?|minister|president|prime|deputy|foreign|pm|fm|secretary|general|"
    r"chairman|chairwoman|king|queen|sir|dame)\b\.?", re.I)


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSON Lines file; a bad line is an error naming file and line."""
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise UsageError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
    return rows


def person_key(name: str | None) -> str | None:
    """A name without accents, titles or punctuation, for comparing participants."""
    if not name:
        return None
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = re.sub(r"[^a-z ]+", " ", HONORIFIC_WORDS.sub(" ", plain))
    return " ".join(plain.split()) or None


def parties(event: dict[str, Any]) -> frozenset[str]:
    """The participant set: people by name, collective actors by country."""
    keys = set()
    for actor in event.get("participants") or []:
        name = person_key(actor.get("name"))
        keys.add(f"person:{name}" if name else f"country:{(actor.get('country') or '').upper()}")
    return frozenset(keys)


def fits(gold: dict[str, Any], event: dict[str, Any]) -> bool:
    """True when the event's day (or span) fits the gold day or span; any day fits a gold event whose
    text gives no day at all (neither day nor span)."""
    day, span = event.get("date"), event.get("date_range")
    if gold.get("date"):
        return day == gold["date"]
    if not gold.get("date_range"):
        return True
    low, high = gold["date_range"]
    if day:
        return low <= day <= high
    return bool(span and span[0] and span[1] and low <= span[0] <= span[1] <= high)


def words(text: str) -> set[str]:
    """Words of three letters or more."""
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


@dataclass(frozen=True)
class Matching:
    """Which extracted event matched each gold event, and the unmatched extractions."""

    matched: dict[str, int]
    false_positives: list[int]


def match_events(gold: list[dict[str, Any]], got: list[dict[str, Any]]) -> Matching:
    """Greedy matching in gold order; extra events of a matched encounter are facets, not errors."""
    taken: set[int] = set()
    matched: dict[str, int] = {}
    for g in gold:
        want = parties(g)
        hit = next((i for i, e in enumerate(got) if i not in taken and e.get("event_type") == g["type"]
                    and parties(e) == want and fits(g, e)), None)
        if hit is not None:
            taken.add(hit)
            matched[g["id"]] = hit

    def key(e: dict[str, Any]) -> tuple[Any, ...]:
        return (parties(e), e.get("date"), tuple(e.get("date_range") or ()))

    facet_keys = {key(got[i]) for i in matched.values()}
    return Matching(matched, [i for i, e in enumerate(got) if i not in taken and key(e) not in facet_keys])


def share(values: list[bool]) -> float | None:
    """The fraction of true values, rounded; None for none."""
    return round(sum(values) / len(values), 3) if values else None


def office_ok(gold: dict[str, Any], event: dict[str, Any]) -> bool:
    """True when each named gold participant's office words are mostly in the extracted office."""
    have = {next(iter(parties({"participants": [a]}))): words(a.get("office") or "") for a in event["participants"]}
    for actor in gold["participants"]:
        want = words(actor.get("office") or "")
        got = have.get(next(iter(parties({"participants": [actor]}))), set())
        if actor.get("name") and want and len(want & got) / len(want) < 0.6:
            return False
    return True


def location_ok(gold: dict[str, Any], event: dict[str, Any]) -> bool:
    """True when both have no place, or the same place."""
    name = (event.get("location") or {}).get("name")
    if gold["location"] is None:
        return not name
    return name is not None and person_key(gold["location"]) == person_key(name)


def signed_recall(gold: list[dict[str, Any]], got: list[dict[str, Any]], matched: dict[str, int]) -> float | None:
    """Share of gold signed agreements found (two shared words) on their matched encounter."""
    wanted = [(g["id"], s) for g in gold for s in g["outcomes"]["signed"]]
    hits = 0
    for gold_id, signed in wanted:
        if gold_id not in matched:
            continue
        event = got[matched[gold_id]]
        names = [a["name"] for e in got if (parties(e), e.get("date")) == (parties(event), event.get("date"))
                 for a in e.get("agreements") or [] if a.get("status") == "signed"]
        hits += any(len(words(n) & words(signed)) >= 2 for n in names)
    return round(hits / len(wanted), 3) if wanted else None


def country_accuracy(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> float | None:
    """Share of the named gold participants of matched events given their gold country."""
    checks = []
    for gold, event in pairs:
        have = {person_key(a.get("name")): a.get("country") for a in event["participants"] if a.get("name")}
        checks += [have.get(person_key(a["name"])) == a.get("country") for a in gold["participants"] if a.get("name")]
    return share(checks)


def by_type(gold: list[dict[str, Any]], got: list[dict[str, Any]], matching: Matching) -> dict[str, dict[str, Any]]:
    """Per PLOVER type: gold and extracted counts, matches, false positives, precision and recall."""
    figures = {}
    for kind in sorted({g["type"] for g in gold} | {e["event_type"] for e in got}):
        tp = sum(1 for g in gold if g["type"] == kind and g["id"] in matching.matched)
        fp = sum(1 for i in matching.false_positives if got[i]["event_type"] == kind)
        n_gold = sum(1 for g in gold if g["type"] == kind)
        figures[kind] = {"gold": n_gold, "matched": tp, "false_positives": fp,
                         "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                         "recall": round(tp / n_gold, 3) if n_gold else None}
    return figures


def score_events(gold: list[dict[str, Any]], got: list[dict[str, Any]]) -> dict[str, Any]:
    """Event metrics."""
    matching = match_events(gold, got)
    tp, fp = len(matching.matched), len(matching.false_positives)
    precision = tp / (tp + fp) if got else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    pairs = [(g, got[matching.matched[g["id"]]]) for g in gold if g["id"] in matching.matched]
    return {
        "gold_events": len(gold), "extracted_events": len(got), "matched": tp, "false_positives": fp,
        "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
        "date_accuracy": share([fits(g, e) for g, e in pairs]),
        "mode_accuracy": share([(e.get("mode") or None) == g["mode"] for g, e in pairs]),
        "location_accuracy": share([location_ok(g, e) for g, e in pairs]),
        "office_accuracy": share([office_ok(g, e) for g, e in pairs]),
        "merge_accuracy": share([sorted({s["doc_id"] for s in e["sources"]}) == sorted(g["reported_in"])
                                 for g, e in pairs]),
        "signed_agreement_recall": signed_recall(gold, got, matching.matched),
        "country_accuracy": country_accuracy(pairs),
        "missed": [g["id"] for g in gold if g["id"] not in matching.matched],
        "by_type": by_type(gold, got, matching),
    }


def score_documents(gold: list[dict[str, Any]], got: list[dict[str, Any]]) -> dict[str, Any]:
    """Document metrics."""
    by_id = {d["doc_id"]: d for d in got}
    found = [g for g in gold if g["doc"] in by_id]
    dropped = [s not in (by_id[g["doc"]].get("text") or "") for g in found for s in g["drop_contains"]]
    kept = [s in (by_id[g["doc"]].get("text") or "") for g in found for s in g["keep_contains"]]
    dates = [by_id[g["doc"]].get("publication_date") == g["publication_date"] for g in found]
    return {
        "gold_documents": len(gold), "found": len(found),
        "publication_date_accuracy": round(sum(dates) / len(gold), 3) if gold else None,
        "boilerplate_dropped": share(dropped), "content_kept": share(kept),
    }


def evaluate(gold_dir: Path, events: list[dict[str, Any]], documents: list[dict[str, Any]],
             present_only: bool = False) -> dict[str, dict[str, Any]]:
    """All metrics of an export against a gold folder. Where the folder lists its documents, only
    events read from those documents count, with only their sources (a store may hold other articles).
    present_only: only the gold documents the store holds count, and the gold events they report (with
    only those reports), for a folder of texts fetched again where some could not be."""
    gold = load_jsonl(gold_dir / "events.jsonl")
    if (gold_dir / "documents.jsonl").exists():
        gold_docs = load_jsonl(gold_dir / "documents.jsonl")
        if present_only:
            gold_docs, gold = held(gold_docs, gold, {d["doc_id"] for d in documents})
        events = restrict(events, {g["doc"] for g in gold_docs})
    result = {"events": score_events(gold, events)}
    if (gold_dir / "documents.jsonl").exists():
        result["documents"] = score_documents(gold_docs, documents)
        per_100 = round(100 * len(events) / len(gold_docs), 1) if gold_docs else None
        result["events"]["events_per_100_documents"] = per_100
    return result


def restrict(events: list[dict[str, Any]], doc_ids: set[str]) -> list[dict[str, Any]]:
    """The events with a source among doc_ids, keeping only those sources."""
    kept = []
    for event in events:
        sources = [s for s in event["sources"] if s["doc_id"] in doc_ids]
        if sources:
            kept.append({**event, "sources": sources})
    return kept


def held(gold_docs: list[dict[str, Any]], gold: list[dict[str, Any]],
         stored: set[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The gold documents among the stored ones, and the gold events they report, with only those reports."""
    kept = []
    for event in gold:
        reports = [d for d in event["reported_in"] if d in stored]
        if reports:
            kept.append({**event, "reported_in": reports})
    return [d for d in gold_docs if d["doc"] in stored], kept
