"""The committed real-news gold (eval/real): no text, story or event is in two splits."""
from __future__ import annotations

import json
from pathlib import Path

REAL = Path(__file__).parent.parent / "eval" / "real"
SPLITS = ("dev", "test", "offtopic")


def rows(split: str, name: str) -> list[dict]:
    return [json.loads(x) for x in (REAL / split / f"{name}.jsonl").read_text("utf-8").splitlines() if x.strip()]


def test_no_article_url_or_story_is_in_two_splits() -> None:
    urls, stories = {}, {}
    for split in SPLITS:
        for article in rows(split, "articles"):
            assert urls.setdefault(article["url"], split) == split, article["doc"]
            story = (article.get("batch"), article.get("story") or article["doc"])
            assert stories.setdefault(story, split) == split, article["doc"]


def test_every_gold_event_is_reported_in_articles_of_its_own_split() -> None:
    for split in SPLITS:
        docs = {a["doc"] for a in rows(split, "articles")}
        for event in rows(split, "events"):
            assert set(event["reported_in"]) <= docs, event["id"]


def test_a_test_story_whose_errors_were_looked_at_is_in_dev() -> None:
    moved = [line.split("#")[0].strip() for line in (REAL / "moved_to_dev.txt").read_text("utf-8").splitlines()]
    dev = {f"{a['batch']}:{a['story']}" for a in rows("dev", "articles")}
    test = {f"{a['batch']}:{a['story']}" for a in rows("test", "articles")}
    for story in filter(None, moved):
        assert story in dev and story not in test, story


def test_committed_gold_quotes_no_article_text() -> None:
    """Cleaning strings (keep_contains, drop_contains) would be words of the articles: the real-news gold
    commits annotations only (eval/real/README.md), and cleaning is measured on our own fixtures."""
    folders = [*SPLITS, *(p.relative_to(REAL) for p in sorted((REAL / "batches").iterdir()) if p.is_dir())]
    for folder in folders:
        for document in rows(str(folder), "documents"):
            assert not document.get("keep_contains") and not document.get("drop_contains"), (folder, document["doc"])
