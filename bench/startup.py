"""How fast the command starts: `layout --help` and `layout check` against `python -c pass`.

Median of --runs whole-process runs each, all in one run, as ratios against the bare
interpreter's start:

    .venv/bin/python bench/startup.py [--runs 5]
"""

from __future__ import annotations

import statistics
import sys

from harness import LAYOUT, SAMPLE, runs_option, timed


def median(command: list[str], runs: int) -> float:
    return statistics.median(timed(command) for _ in range(runs))


def main() -> None:
    args = runs_option(__doc__)
    bare = median([sys.executable, "-c", "pass"], args.runs)
    print(f"python -c pass: {bare:.3f} s")
    for name, command in (("layout --help", [str(LAYOUT), "--help"]),
                          ("layout check", [str(LAYOUT), "check", str(SAMPLE)])):
        seconds = median(command, args.runs)
        print(f"{name}: {seconds:.3f} s (x{seconds / bare:.1f} the bare interpreter)")


if __name__ == "__main__":
    main()
