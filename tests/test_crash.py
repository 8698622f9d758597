"""Crash safety: a real `entente ingest` killed with SIGKILL at random moments, resumed each time,
ends exactly as an uninterrupted run: every article stored once, no half-written batch or event."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from entente.io.store import Store

ARTICLES = 2000
KILLS = 20
SEED = int(os.environ.get("CRASH_SEED", "20261123"))
PENDING: list[bool] = []  # after each run: was a merge left pending (killed between writing and merging)?
NATIONS = [("Kenya", "Kenyan", "Nairobi"), ("Peru", "Peruvian", "Lima"), ("Norway", "Norwegian", "Oslo"),
           ("Vietnam", "Vietnamese", "Hanoi"), ("Ghana", "Ghanaian", "Accra"), ("Poland", "Polish", "Warsaw"),
           ("Chile", "Chilean", "Santiago"), ("Egypt", "Egyptian", "Cairo"), ("Japan", "Japanese", "Tokyo"),
           ("Brazil", "Brazilian", "Brasilia"), ("Canada", "Canadian", "Ottawa"), ("Fiji", "Fijian", "Suva")]
PEOPLE = ["Amara Osei", "Lena Novak", "Tomas Ruiz", "Mai Tran", "Erik Dahl", "Nadia Farouk", "Jonas Berg",
          "Rosa Quispe", "Kenji Mori", "Ana Costa", "Claire Roy", "Jone Nalatu"]
MONTHS = ["March", "April", "May", "June", "July"]


def article(rnd: random.Random, number: int) -> tuple[str, str]:
    """A short article of my own template (title, text): a meeting, a call, or no event at all."""
    (a, a_dem, _), (b, b_dem, b_city) = rnd.sample(NATIONS, 2)
    p, q = rnd.sample(PEOPLE, 2)
    when = f"{rnd.randint(1, 28)} {rnd.choice(MONTHS)} {rnd.choice([2023, 2024])}"
    kind = number % 5
    if kind == 4:
        title, body = f"{a} port traffic rises", (f"Container traffic through {a}'s main port rose by a fifth this "
                                                  "quarter, the harbour authority said in its report on Monday.")
    elif kind == 3:
        title, body = f"{a} and {b} leaders speak by phone", (
            f"{a_dem} President {p} spoke by phone with {b_dem} President {q} on Thursday about fisheries "
            "and shipping, the presidency said in a statement.")
    else:
        title, body = f"{a} and {b} talk trade", (
            f"{a_dem} Foreign Minister {p} met {b_dem} counterpart {q} in {b_city} on Tuesday to discuss "
            "trade, fisheries and regional security, officials said after the two-hour meeting.")
    return title, (f"World | Politics\nPublished: {when}\n\n{title}\n\n{body}\n\nThe ministers agreed to keep "
                   f"in close touch, officials added.\n\nRelated news\nStorm closes roads in the north\n")


def write_corpus(folder: Path) -> list[str]:
    """ARTICLES articles: most as .txt files, a fifth as one JSON Lines file; their ids."""
    rnd = random.Random(SEED)
    folder.mkdir()
    ids, lines = [], []
    for number in range(ARTICLES):
        title, text = article(rnd, number)
        doc_id = f"a{number:05d}"
        ids.append(doc_id)
        if number % 5 == 0:
            lines.append(json.dumps({"id": doc_id, "title": title, "text": text}))
        else:
            (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def command(corpus: Path, db: Path) -> list[str]:
    """The real ingest command line."""
    return [sys.executable, "-m", "entente.cli", "ingest", str(corpus), "--db", str(db), "--batch-size", "32"]


def ingest(corpus: Path, db: Path) -> float:
    """One uninterrupted ingest; its duration."""
    started = time.monotonic()
    done = subprocess.run(command(corpus, db), capture_output=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return time.monotonic() - started


def export(db: Path, table: str) -> list[dict]:
    """The rows of a real `entente export` (jsonl), without the ingest time."""
    done = subprocess.run([sys.executable, "-m", "entente.cli", "export", table, "--db", str(db)],
                          capture_output=True, timeout=300, check=True)
    rows = [json.loads(line) for line in done.stdout.decode().splitlines()]
    return [{k: v for k, v in row.items() if k != "ingested_at"} for row in rows]


def mentions_by_doc(db: Path) -> dict[str, set[str]]:
    """doc_id -> its stored mention ids, for every stored document."""
    with Store.open(db, read_only=True) as store:
        found: dict[str, set[str]] = {d: set() for (d,) in store.db.execute("SELECT doc_id FROM documents").fetchall()}
        for mention_id, doc_id in store.db.execute("SELECT mention_id, doc_id FROM mentions").fetchall():
            assert doc_id in found, f"mention {mention_id} of a document that is not stored"
            found[doc_id].add(mention_id)
    return found


def check_events(db: Path) -> None:
    """Every event whole: a payload that parses, sources that exist, source rows matching the payload;
    with no merge pending, every mention in an event."""
    with Store.open(db, read_only=True) as store:
        pending = store.merge_pending()
        mentions = {m for (m,) in store.db.execute("SELECT mention_id FROM mentions").fetchall()}
        sources: dict[str, set[str]] = {}
        for event_id, mention_id in store.db.execute("SELECT event_id, mention_id FROM event_sources").fetchall():
            sources.setdefault(event_id, set()).add(mention_id)
        rows = store.db.execute("SELECT event_id, event_type, payload FROM events").fetchall()
    assert {event_id for event_id, _, _ in rows} == set(sources)
    for event_id, event_type, payload in rows:
        event = json.loads(payload)
        assert event_type and event["event_type"] == event_type and event["participants"]
        assert set(event["mention_ids"]) == sources[event_id]
        assert pending or sources[event_id] <= mentions
    assert pending or set().union(*sources.values()) == mentions, "a stored mention belongs to no event"


def kill_at_random(corpus: Path, db: Path, kills: int, longest: float, rnd: random.Random,
                   allowed: list[dict[str, set[str]]]) -> list[int]:
    """Start ingest and SIGKILL it after a random time, `kills` times; after each, every stored document
    has exactly the mentions of one allowed version and every event is whole. Documents stored after each run.
    A run killed before it stored anything new makes the next wait longer: `longest` comes from one timed run,
    and a machine busier than it was then starts each run more slowly."""
    done, counts, cap = 0, [], 2 * longest
    for _ in range(5 * kills):
        if done == kills:
            break
        process = subprocess.Popen(command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            process.wait(timeout=rnd.uniform(0.2, longest))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            done += 1
        if not db.exists():
            continue
        stored = mentions_by_doc(db)
        if counts and len(stored) == counts[-1] < ARTICLES:
            longest = min(1.25 * longest, cap)
        counts.append(len(stored))
        assert all(any(stored[d] == version[d] for version in allowed) for d in stored), "a half-written batch"
        check_events(db)
        with Store.open(db, read_only=True) as store:
            PENDING.append(store.merge_pending())
    assert done == kills
    return counts


def revise(corpus: Path, every: int) -> None:
    """Change the meeting day of every so many .txt articles (their events move)."""
    for path in sorted(corpus.glob("*.txt"))[::every]:
        path.write_text(path.read_text(encoding="utf-8").replace("on Tuesday", "on Wednesday"), encoding="utf-8")


def test_ingest_killed_at_random_moments_resumes_to_the_uninterrupted_result(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    ids = write_corpus(corpus)
    reference, crashed = tmp_path / "reference.duckdb", tmp_path / "crashed.duckdb"
    full = ingest(corpus, reference)
    startup = ingest(corpus, reference)  # nothing left to do: the cost of starting and settling
    expected = mentions_by_doc(reference)
    assert sorted(expected) == ids and sum(map(len, expected.values())) > ARTICLES // 2
    rnd = random.Random(SEED)

    # 1. the first ingest, killed at moments spread over it (it rarely finishes early)
    first_kills = KILLS - KILLS // 4
    counts = kill_at_random(corpus, crashed, first_kills, startup + 1.2 * (full - startup) / first_kills, rnd,
                            [expected])
    assert len({c for c in counts if 0 < c < ARTICLES}) >= first_kills // 4, counts
    ingest(corpus, crashed)
    assert sorted(mentions_by_doc(crashed).items()) == sorted(expected.items())

    # 2. a revision of 40 articles, killed anywhere in its run: writing, merging, indexing
    revise(corpus, every=40)
    update = ingest(corpus, reference)
    revised = mentions_by_doc(reference)
    counts += kill_at_random(corpus, crashed, KILLS // 4, 1.1 * update, rnd, [expected, revised])
    print(f"{KILLS} kills survived; documents stored after each run: {counts}; merge left pending after "
          f"{sum(PENDING)} of {len(PENDING)} runs")
    ingest(corpus, crashed)
    assert sorted(mentions_by_doc(crashed).items()) == sorted(revised.items())
    check_events(crashed)
    for table in ("documents", "events"):
        assert export(crashed, table) == export(reference, table)
