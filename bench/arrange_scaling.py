"""How `layout arrange` grows with the number of articles on a page, and the sample's pages.

Makes one-page issues of 2 to 8 articles cut from the sample's text (the first and third
with a photo), and the sample with the places of both its pages taken out, and times
`layout arrange` on each in a fresh process with an empty composition cache: shapes found
by the composer, the page solved by CP-SAT for three layouts, each checked. Prints the
seconds, the white cells of the best layout, and whether every article fits.

    .venv/bin/python bench/arrange_scaling.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import LAYOUT, ROOT, copy_project

sys.path.insert(0, str(ROOT))
from tests.arrange.conftest import PAGE_2, one_page_issue, unplaced  # noqa: E402

ARTICLES = [(700, True), (300, False), (400, True), (150, False), (350, False), (200, False),
            (180, False), (120, False)]
PAGE_1 = "# ---------------------------------------------------------------- 第1版"


def arranged(issue: Path, cache: Path) -> tuple[float, list[dict]]:
    start = time.perf_counter()
    result = subprocess.run([str(LAYOUT), "arrange", str(issue), "--json"], capture_output=True,
                            text=True, env={**os.environ, "LAYOUT_CACHE_DIR": str(cache)})
    seconds = time.perf_counter() - start
    return seconds, json.loads(result.stdout)


def summary(pages: list[dict]) -> str:
    said = []
    for page in pages:
        if page["verdict"]:
            said.append(f"page {page['page']}: no layout ({page['verdict'][:60]}…)")
            continue
        best = page["alternatives"][0]
        fits = all(m["fit"]["fits"] for m in best["modules"])
        said.append(f"page {page['page']}: {len(best['modules'])} articles, "
                    f"{best['holes']} cells white, {'all fit' if fits else 'NOT ALL FIT'}")
    return "; ".join(said)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(2, len(ARTICLES) + 1):
            folder = Path(tmp) / f"n{n}"
            issue = one_page_issue(copy_project(folder), ARTICLES[:n])
            seconds, pages = arranged(issue, folder / "cache")
            print(f"{n} articles: {seconds:5.2f} s  {summary(pages)}")
        folder = Path(tmp) / "sample"
        issue = copy_project(folder)
        manifest = issue / "issue.toml"
        text = manifest.read_text(encoding="utf-8")
        first, rest = text.split(PAGE_2, 1)
        manifest.write_text(unplaced(first, PAGE_1) + unplaced(PAGE_2 + rest, PAGE_2),
                            encoding="utf-8")
        seconds, pages = arranged(issue, folder / "cache")
        print(f"the sample's two pages: {seconds:5.2f} s  {summary(pages)}")


if __name__ == "__main__":
    main()
