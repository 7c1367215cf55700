"""The desk's question while a frame is dragged: how would every article fit there?

Sets the sample issue once in this process (as the desk's server holds it), composes every
article at every span beforehand (`compose_every_span`, timed apart), then times
`refit` for frames moved (same span: only the flows are redone) and resized (another span:
the composition comes from the cache), against setting the whole issue from the
composition cache in a fresh process, which is what answering would cost without the
issue held in memory.

    .venv/bin/python bench/refit.py [--runs N]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness import copy_project, runs_option, timed

from layout.manifest.check import check_issue
from layout.pages.refit import compose_every_span, refit
from layout.typeset.setter import setter_for


def query_times(issue_dir: Path, runs: int) -> tuple[float, list[float], list[float]]:
    issue, _resources, lock = check_issue(issue_dir)
    setter = setter_for(issue.paper, lock)
    start = time.perf_counter()
    compose_every_span(issue, setter)
    warming = time.perf_counter() - start
    moves, resizes = [], []
    for _ in range(runs):
        for page in issue.pages:
            for n, module in enumerate(page.modules):
                place = module.frame.place
                lower = place.model_copy(update={"lines": max(place.lines - 1, 1)})
                narrower = place.model_copy(update={"span": max(place.span - 1, 1)})
                for changed, times in ((lower, moves), (narrower, resizes)):
                    start = time.perf_counter()
                    refit(issue, setter, page.number, n, changed)
                    times.append(time.perf_counter() - start)
    return warming, moves, resizes


def main() -> None:
    runs = runs_option(__doc__).runs
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LAYOUT_CACHE_DIR"] = str(Path(tmp) / "cache")  # composed from scratch
        issue_dir = copy_project(Path(tmp))
        warming, moves, resizes = query_times(issue_dir, runs)
        fresh = timed([sys.executable, "-c", "import sys; from pathlib import Path; "
                       "from layout.pages.engine import set_issue; set_issue(Path(sys.argv[1]))",
                       str(issue_dir)])
    move, resize = statistics.median(moves) * 1000, statistics.median(resizes) * 1000
    print(f"composing every article at every span, once (empty cache): {warming:.2f} s")
    print(f"refit after a move (median of {len(moves)}):   {move:5.1f} ms "
          f"(slowest {max(moves) * 1000:.1f} ms)")
    print(f"refit after a resize (median of {len(resizes)}): {resize:5.1f} ms "
          f"(slowest {max(resizes) * 1000:.1f} ms)")
    print(f"setting the issue in a fresh process instead: {fresh * 1000:.0f} ms "
          f"(ratio move / fresh {move / (fresh * 1000):.3f})")


if __name__ == "__main__":
    main()
