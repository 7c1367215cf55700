"""What Chinese composition costs: the sample built with and without it, in one run.

Copies the project's fonts lock and the sample paper into a temporary workspace twice,
once as it is and once with `[typesetting] compose = false` (paragraphs handed to
WeasyPrint as plain text), builds each in a fresh process several times and prints the
median times and their ratio.

    .venv/bin/python bench/typesetting_cost.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = Path(sys.executable).with_name("layout")


def workspace(folder: Path, compose: bool) -> Path:
    shutil.copytree(ROOT / "fonts", folder / "fonts")
    shutil.copytree(ROOT / "assets", folder / "assets")
    shutil.copytree(ROOT / "issues" / "tangyin", folder / "issues" / "tangyin")
    if not compose:
        paper = folder / "issues" / "tangyin" / "paper.toml"
        paper.write_text(paper.read_text(encoding="utf-8") + "\n[typesetting]\ncompose = false\n",
                         encoding="utf-8")
    return folder / "issues" / "tangyin" / "2021-06-15"


def timed(issue: Path, out: Path) -> float:
    start = time.perf_counter()
    # Plain text does not jump from page to page: the proof mode marks what it leaves over.
    subprocess.run([str(LAYOUT), "build", str(issue), "--out", str(out), "--allow-overflow"],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        composed = workspace(Path(tmp) / "composed", compose=True)
        plain = workspace(Path(tmp) / "plain", compose=False)
        timed(composed, Path(tmp) / "warm")  # fills the OS file cache with the fonts
        with_stage = [timed(composed, Path(tmp) / "a") for _ in range(runs)]
        without = [timed(plain, Path(tmp) / "b") for _ in range(runs)]
    a, b = statistics.median(with_stage), statistics.median(without)
    print(f"build with Chinese composition (median of {runs}): {a:6.2f} s")
    print(f"build with plain text set by WeasyPrint:          {b:6.2f} s")
    print(f"ratio with / without:                             {a / b:6.2f}")


if __name__ == "__main__":
    main()
