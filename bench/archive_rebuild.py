"""Archive rebuild throughput: pages per minute with one worker and with several.

Makes a synthetic archive of the sample paper, rebuilds it from scratch with `--jobs 1`
and then `--jobs N` (each with an empty cache and output folder, in a fresh process as
an archivist would run it), and prints pages per minute and the speed-up of N workers
over one. On a 2-core machine a speed-up of 1.7x or more is what to expect.

A worker's start (Python, WeasyPrint, the fonts, the word list: some 2 s) is paid once
per worker and per 40 issues (archive/rebuild.py: ISSUES_PER_WORKER); an archive has
hundreds or thousands of issues. The default, 40 issues, is a worker's life: a smaller
run mostly measures the start (with 12 issues, two workers build 6 each).

    .venv/bin/python bench/archive_rebuild.py [--issues 40] [--jobs 2] [--variant archive]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

from harness import LAYOUT, ROOT, timed


def rebuild(root: Path, out: Path, cache: Path, jobs: int, variant: str) -> float:
    """Seconds to rebuild every issue under `root`."""
    env = {**os.environ, "LAYOUT_CACHE_DIR": str(cache)}
    command = [str(LAYOUT), "archive", "rebuild", str(root), "--out", str(out),
               "--jobs", str(jobs), "--variant", variant]
    return timed(command, env=env, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--variant", default="archive")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root = work / "archive"
        subprocess.run([str(LAYOUT), "archive", "synthesize", str(root), "--issues",
                        str(args.issues)], check=True, capture_output=True, cwd=ROOT)
        pages = 2 * args.issues  # the sample paper has two pages
        timings = {jobs: rebuild(root, work / f"out-{jobs}", work / f"cache-{jobs}", jobs,
                                 args.variant)
                   for jobs in (1, args.jobs)}
    for jobs, seconds in timings.items():
        print(f"--jobs {jobs}: {args.issues} issues, {pages} pages in {seconds:.1f} s "
              f"= {pages / seconds * 60:.1f} pages/minute")
    print(f"speed-up of {args.jobs} workers over 1: {timings[1] / timings[args.jobs]:.2f}x "
          f"({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
