"""What every benchmark here shares: where things are, a copy of the project to edit, a
timed run of a command, and the `--runs` option."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PAPER = ROOT / "issues" / "tangyin"
SAMPLE = SAMPLE_PAPER / "2021-06-15"
LAYOUT = Path(sys.executable).with_name("layout")


def copy_project(folder: Path) -> Path:
    """The sample paper copied under `folder`; the sample issue in it."""
    shutil.copytree(SAMPLE_PAPER, folder / "issues" / SAMPLE_PAPER.name)
    return folder / "issues" / SAMPLE_PAPER.name / SAMPLE.name


def timed(command: list[str], **options: object) -> float:
    """Seconds `command` takes in a fresh process (its output is kept out of the way)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **options)
    return time.perf_counter() - start


def runs_option(doc: str, default: int = 5) -> argparse.Namespace:
    """The command line of a benchmark that repeats its measurements `--runs` times."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=default)
    return parser.parse_args()
