"""Composer time and memory against the length of an article: they grow in proportion.

Sets the sample's lead article, as one paragraph and as its paragraphs, repeated 1, 2, 4,
8 and 16 times, and prints each time and peak memory as a ratio against the single copy
measured in the same run. Proportional growth gives ratios near 2, 4, 8 and 16.

    .venv/bin/python bench/composer_scaling.py [--runs 3]
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

from harness import SAMPLE, runs_option

from layout.manifest.resources import DEFAULT_FONT_LOCK
from layout.project.fonts import load_font_lock
from layout.typeset.atoms import Rules, atomize
from layout.typeset.compose import set_paragraph
from layout.typeset.metrics import FaceMetrics

SIZE, MEASURE, INDENT = 9.0, 11 * 9.0, 2 * 9.0


def compose(paragraphs: list[str], metrics: FaceMetrics) -> None:
    for text in paragraphs:
        set_paragraph(atomize(text, "body", metrics), MEASURE, INDENT, SIZE, Rules())


def measure(paragraphs: list[str], metrics: FaceMetrics, runs: int) -> tuple[float, float]:
    """Median seconds, and peak MB (one traced run apart from the timed ones)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        compose(paragraphs, metrics)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    compose(paragraphs, metrics)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return statistics.median(times), peak


def main() -> None:
    args = runs_option(__doc__, default=3)
    metrics = FaceMetrics(load_font_lock(DEFAULT_FONT_LOCK).file_of("NP Song", 400),
                          SIZE)
    body = (SAMPLE / "articles" / "xunchao-jishi.md").read_text(encoding="utf-8")
    paragraphs = [p.replace("\n", "") for p in body.split("---\n", 2)[2].split("\n\n")
                  if p.strip() and not p.startswith("#")]
    for shape, unit in (("one paragraph", ["".join(paragraphs)]), ("paragraphs", paragraphs)):
        base_time, base_peak = measure(unit, metrics, args.runs)
        print(f"{shape}: {sum(map(len, unit))} characters, {base_time:.2f} s, "
              f"{base_peak:.1f} MB")
        for copies in (2, 4, 8, 16):
            seconds, peak = measure(unit * copies, metrics, args.runs)
            print(f"  x{copies:<2} time x{seconds / base_time:.1f}, "
                  f"peak memory x{peak / base_peak:.1f}")


if __name__ == "__main__":
    main()
