"""The desk's questions while a frame is dragged: how would every article fit there, and
which height would make an article fit?

Sets the sample issue once in this process (as the desk's server holds it), composes every
article at every span beforehand (`compose_every_span`, timed apart), then times
`refit` for frames moved (same span: only the flows are redone) and resized (another span:
the composition comes from the cache), `refit_photo` for photos made a line shorter, and
`sizes_that_fit` (the one-click fit: a binary search of frame and photo heights) for every
module, the first time (tracking auto-fit may compose the article at a tracking not yet
met) and again; against setting the whole issue from the composition cache in a fresh
process, which is what answering would cost without the issue held in memory.

    .venv/bin/python bench/refit.py [--runs N]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from harness import copy_project, runs_option, timed

from layout.manifest.check import check_issue
from layout.model import Issue
from layout.pages.refit import compose_every_span, module_at, refit, refit_photo, sizes_that_fit
from layout.typeset.setter import Setter, setter_for

Query = Callable[[Issue, Setter, int, int], object]   # (issue, setter, page, module)


def moved(issue: Issue, setter: Setter, page: int, module: int) -> object:
    place = module_at(issue, page, module).frame.place
    assert isinstance(place.lines, int)  # the sample's heights are in lines, not mm
    return refit(issue, setter, page, module,
                 place.model_copy(update={"lines": max(place.lines - 1, 1)}))


def resized(issue: Issue, setter: Setter, page: int, module: int) -> object:
    place = module_at(issue, page, module).frame.place
    return refit(issue, setter, page, module,
                 place.model_copy(update={"span": max(place.span - 1, 1)}))


def photo_resized(issue: Issue, setter: Setter, page: int, module: int) -> object | None:
    photo = module_at(issue, page, module).frame.photo
    if photo is None:
        return None
    return refit_photo(issue, setter, page, module, max(photo.lines - 1, 2), photo.span)


def times(issue: Issue, setter: Setter, query: Query, runs: int) -> list[float]:
    """Seconds `query` takes for every module of the issue, `runs` times over (modules it
    does not apply to, a photo's for one without, left out)."""
    taken = []
    for _ in range(runs):
        for page in issue.pages:
            for n, _module in enumerate(page.modules):
                start = time.perf_counter()
                if query(issue, setter, page.number, n) is not None:
                    taken.append(time.perf_counter() - start)
    return taken


def main() -> None:
    runs = runs_option(__doc__).runs
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LAYOUT_CACHE_DIR"] = str(Path(tmp) / "cache")  # composed from scratch
        issue_dir = copy_project(Path(tmp))
        issue, _resources, lock = check_issue(issue_dir)
        setter = setter_for(issue.paper, lock)
        start = time.perf_counter()
        compose_every_span(issue, setter)
        warming = time.perf_counter() - start
        measured = {"sizes_that_fit, first ask": times(issue, setter, sizes_that_fit, 1),
                    "sizes_that_fit, again": times(issue, setter, sizes_that_fit, runs),
                    "refit after a move": times(issue, setter, moved, runs),
                    "refit after a resize": times(issue, setter, resized, runs),
                    "refit_photo, a line shorter": times(issue, setter, photo_resized, runs)}
        fresh = timed([sys.executable, "-c", "import sys; from pathlib import Path; "
                       "from layout.pages.engine import set_issue; set_issue(Path(sys.argv[1]))",
                       str(issue_dir)])
    print(f"composing every article at every span, once (empty cache): {warming:.2f} s")
    for name, taken in measured.items():
        print(f"{name} (median of {len(taken)}): {statistics.median(taken) * 1000:6.1f} ms "
              f"(slowest {max(taken) * 1000:.1f} ms)")
    move = statistics.median(measured["refit after a move"])
    print(f"setting the issue in a fresh process instead: {fresh * 1000:.0f} ms "
          f"(ratio move / fresh {move / fresh:.3f})")


if __name__ == "__main__":
    main()
