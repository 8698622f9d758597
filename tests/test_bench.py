"""bench/throughput.py runs end to end on a tiny corpus and prints every figure (nothing is timed here)."""
from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def test_throughput_benchmark_prints_its_lines_on_a_tiny_corpus() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "throughput.py"), "--articles", "12",
                           "--processes", "2", "--mentions", "1000,2000"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout
    assert re.search(r"^corpus: 12 articles", lines, re.M)
    assert re.search(r"^pipeline, 1 process: +[\d.]+ articles/s +\(12 articles .* 0 failed\) +peak RSS \d+ MiB",
                     lines, re.M)
    assert re.search(r"^baseline, full spaCy: +[\d.]+ articles/s +\(12 texts", lines, re.M)
    assert re.search(r"^speed-up over baseline: +[\d.]+x", lines, re.M)
    assert re.search(r"^pipeline, 2 processes: .* largest worker [1-9]\d* MiB", lines, re.M)
    assert re.search(r"^scaling 2 vs 1 process: +[\d.]+x", lines, re.M)
    assert re.search(r"^merge +1,000 mentions: .* events", lines, re.M)
    assert re.search(r"^merge +2,000 mentions: .* x[\d.]+ time for x2.00 mentions", lines, re.M)


def test_generated_corpus_is_the_same_for_a_seed_and_varied() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    first, again = list(corpus.articles(60, seed=3)), list(corpus.articles(60, seed=3))
    assert first == again
    bodies = [a.get("text") or a["html"] for a in first]
    words = [len(re.sub(r"<[^>]+>", " ", b).split()) for b in bodies]
    assert min(words) >= 300 and max(words) <= 1600  # body of 300-1,200 words plus the page around it
    assert 5 <= sum("html" in a for a in first) <= 30
    countries = {c.name for c in corpus.COUNTRIES if any(c.name in b for b in bodies)}
    assert len(countries) >= 20
    assert len(corpus.mentions(500)) == 500
