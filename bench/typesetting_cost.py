"""What Chinese composition costs: the sample built with and without it, in one run.

Copies the project's fonts lock and the sample paper into a temporary workspace twice,
once as it is and once with `[typesetting] compose = false` (paragraphs handed to
WeasyPrint as plain text), both with their photos across their modules; builds each in a
fresh process several times and prints the median times and their ratio.

    .venv/bin/python bench/typesetting_cost.py [--runs N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from harness import LAYOUT, ROOT, copy_project, runs_option, timed

sys.path.insert(0, str(ROOT))
from tests.conftest import photos_across, plain  # noqa: E402


def workspace(folder: Path, compose: bool) -> Path:
    issue = copy_project(folder)
    paper = folder / "issues" / "tangyin"
    # Plain columns cannot go around a photo beside the text: both builds have the photos
    # across their modules, so that they are of one layout.
    if compose:
        photos_across(paper)
    else:
        plain(paper)
    return issue


def build_seconds(issue: Path, out: Path) -> float:
    # Plain text does not jump from page to page: the proof mode marks what it leaves over.
    return timed([str(LAYOUT), "build", str(issue), "--out", str(out), "--allow-overflow"])


def main() -> None:
    runs = runs_option(__doc__).runs
    with tempfile.TemporaryDirectory() as tmp:
        composed = workspace(Path(tmp) / "composed", compose=True)
        plain = workspace(Path(tmp) / "plain", compose=False)
        build_seconds(composed, Path(tmp) / "warm")  # fills the OS file cache with the fonts
        with_stage = [build_seconds(composed, Path(tmp) / "a") for _ in range(runs)]
        without = [build_seconds(plain, Path(tmp) / "b") for _ in range(runs)]
    a, b = statistics.median(with_stage), statistics.median(without)
    print(f"build with Chinese composition (median of {runs}): {a:6.2f} s")
    print(f"build with plain text set by WeasyPrint:          {b:6.2f} s")
    print(f"ratio with / without:                             {a / b:6.2f}")


if __name__ == "__main__":
    main()
