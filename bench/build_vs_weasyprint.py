"""How much the pipeline costs on top of WeasyPrint, measured in one run.

Times `layout build` of the sample issue (validation, font check, typesetting, HTML,
rendering, page PDFs, previews) against WeasyPrint alone rendering the same final HTML
to one PDF, each in a fresh process as a user would run it, and prints the ratio.

    .venv/bin/python bench/build_vs_weasyprint.py [--runs N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import LAYOUT, SAMPLE, runs_option, timed

WEASYPRINT_ALONE = """
import sys
from weasyprint import HTML
HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
"""


def main() -> None:
    runs = runs_option(__doc__).runs
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build = [str(LAYOUT), "build", str(SAMPLE), "--out", str(out)]
        subprocess.run(build, check=True, capture_output=True)  # warms the OS file cache
        alone = [sys.executable, "-c", WEASYPRINT_ALONE, str(out / "issue.html"),
                 str(Path(tmp) / "alone.pdf")]
        pipeline = [timed(build) for _ in range(runs)]
        baseline = [timed(alone) for _ in range(runs)]
    p, b = statistics.median(pipeline), statistics.median(baseline)
    print(f"layout build (median of {runs}):      {p:6.2f} s")
    print(f"WeasyPrint alone, same HTML:        {b:6.2f} s")
    print(f"ratio build / WeasyPrint alone:     {p / b:6.2f}")


if __name__ == "__main__":
    main()
