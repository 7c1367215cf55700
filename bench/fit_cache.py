"""Re-fitting after an edit: what the composition cache saves, measured in one run.

Copies the sample into a temporary workspace with an empty cache, then times fitting the
issue (framing, composing and flowing every article, as `layout fit` does, imports not
counted) in fresh processes: with the cache empty, and again after appending a sentence
to one article, when the other articles come from the cache. Prints both and their ratio.

    .venv/bin/python bench/fit_cache.py [--runs N]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import copy_project, runs_option

TIMED_FIT = """
import sys, time
from pathlib import Path
from layout.pages.engine import set_issue
start = time.perf_counter()
set_issue(Path(sys.argv[1]))
print(time.perf_counter() - start)
"""


def fit_seconds(issue: Path, cache: Path) -> float:
    env = os.environ | {"LAYOUT_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", TIMED_FIT, str(issue)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return float(out)


def main() -> None:
    runs = runs_option(__doc__).runs
    cold, edited = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(runs):
            root = Path(tmp) / f"run{n}"
            issue = copy_project(root)
            cache = root / "cache"
            cold.append(fit_seconds(issue, cache))
            article = issue / "articles" / "zhujianju-xuanjiang.md"
            text = article.read_text(encoding="utf-8").rstrip()
            article.write_text(text + "宣讲活动还将继续。\n", encoding="utf-8")
            edited.append(fit_seconds(issue, cache))
    a, b = statistics.median(cold), statistics.median(edited)
    print(f"fit, cache empty (median of {runs}):          {a:6.3f} s")
    print(f"re-fit after editing one article (median):    {b:6.3f} s")
    print(f"ratio re-fit / first fit:                     {b / a:6.2f}")


if __name__ == "__main__":
    main()
