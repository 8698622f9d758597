"""Split the annotated batches (batches/<name>/) into the dev, test and offtopic gold folders.

A story (all articles reporting one main event) goes whole to one split, chosen by a hash of its
id, so the same encounter is never in both; about half the stories go to test. An article a later
batch annotated again (the same URL) goes where the first annotation went, with its whole story, so
no text is in both. A test story whose errors were looked at is listed in moved_to_dev.txt
('batch:story  # why') and goes to dev. Off-topic pages (batch rx) form their own split.
Run: python eval/real/split.py (rewrites dev/, test/, offtopic/).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

HERE = Path(__file__).parent
SPLITS = ("dev", "test", "offtopic")


def rows(path: Path) -> list[dict]:
    """The JSON lines of a file (none when it is missing)."""
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()] if path.exists() else []


def moved_to_dev() -> set[str]:
    """The test stories whose errors were looked at ('batch:story'), from moved_to_dev.txt."""
    path = HERE / "moved_to_dev.txt"
    lines = path.read_text("utf-8").splitlines() if path.exists() else []
    return {line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()}


def split_of(article: dict, batch: str, moved: set[str]) -> str:
    """dev or test by the hash of the article's story (dev for a story moved there, moved: 'batch:story');
    offtopic for the off-topic batch."""
    if batch == "rx":
        return "offtopic"
    story = f"{batch}:{article.get('story') or article['doc']}"
    if story in moved:
        return "dev"
    return "test" if hashlib.sha256(story.encode()).digest()[0] % 2 else "dev"


def story_splits(articles: list[dict], batch: str, seen: dict[str, str], moved: set[str]) -> dict[str, str]:
    """The split of each article of a batch: its story's, unless an article of the story was annotated
    in an earlier batch (seen: URL -> split), whose split the whole story then takes; moved: the stories
    moved to dev."""
    by_story: dict[str, str] = {}
    for a in articles:
        if a["url"] in seen and batch != "rx":
            by_story.setdefault(a.get("story") or a["doc"], seen[a["url"]])
    return {a["doc"]: by_story.get(a.get("story") or a["doc"], split_of(a, batch, moved)) for a in articles}


def main() -> None:
    """Write the split folders from the batches."""
    out: dict[str, dict[str, list[dict]]] = {s: {"articles": [], "documents": [], "events": []} for s in SPLITS}
    seen: dict[str, str] = {}
    moved = moved_to_dev()
    for batch_dir in sorted((HERE / "batches").iterdir()):
        articles = rows(batch_dir / "articles.jsonl")
        where = story_splits(articles, batch_dir.name, seen, moved)
        seen |= {a["url"]: where[a["doc"]] for a in articles if a["url"] not in seen}
        for a in articles:
            out[where[a["doc"]]]["articles"].append({**a, "batch": batch_dir.name})
        for d in rows(batch_dir / "documents.jsonl"):
            out[where[d["doc"]]]["documents"].append(d)
        for e in rows(batch_dir / "events.jsonl"):
            splits = {where[d] for d in e["reported_in"]}
            if len(splits) != 1:
                raise SystemExit(f"{batch_dir.name} {e['id']}: reported in articles of several splits {splits}")
            out[splits.pop()]["events"].append(e)
    for split, files in out.items():
        (HERE / split).mkdir(exist_ok=True)
        for name, items in files.items():
            text = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items)
            (HERE / split / f"{name}.jsonl").write_text(text, "utf-8")
        print(f"{split}: {len(files['articles'])} articles, {len(files['events'])} events")


if __name__ == "__main__":
    main()
