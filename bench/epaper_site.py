"""Publishing an e-paper site that is already up to date, against the number of issues.

`layout epaper ROOT SITE` checks, on every run, that each published issue links the issues
beside it (上一期 / 下一期) and writes the calendars. This makes a paper of N dated issue
folders whose site is already published (a feed.json per issue, naming its neighbours, as
a build writes it; no PDFs are made) and times that step for N and 4N issues in this
process. Work that grows in proportion to the issues takes about 4 times as long for 4N;
work that compares every issue with every other, 16 times.

    .venv/bin/python bench/epaper_site.py [--issues 500]
"""

from __future__ import annotations

import argparse
import datetime
import json
import tempfile
import time
from pathlib import Path

from layout.archive.catalogue import issue_folders
from layout.publish.paper_site import (
    VARIANT,
    link_neighbours,
    published_issues,
    write_calendars,
)

FIRST = datetime.date(2015, 1, 1)


def published_paper(folder: Path, issues: int) -> tuple[Path, Path]:
    """A paper of `issues` daily issues under folder/issues, published under folder/site."""
    root, site = folder / "issues", folder / "site"
    days = [(FIRST + datetime.timedelta(days=n)).isoformat() for n in range(issues)]
    for n, day in enumerate(days):
        (root / "paper" / day).mkdir(parents=True)
        (root / "paper" / day / "issue.toml").write_text("", encoding="utf-8")
        feed = site / "paper" / day / VARIANT / "feed.json"
        feed.parent.mkdir(parents=True)
        issue = {"date": day, "paper": "汤阴新闻",
                 "previous": days[n - 1] if n else None,
                 "next": days[n + 1] if n + 1 < issues else None}
        feed.write_text(json.dumps({"_issue": issue}), encoding="utf-8")
    return root, site


def seconds_to_check(issues: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        root, site = published_paper(Path(tmp), issues)
        start = time.perf_counter()
        issues = published_issues(root, site, list(issue_folders(root)))
        outcomes = link_neighbours(root, site, issues, [])
        assert not outcomes, "an up-to-date site has nothing to build again"
        write_calendars(root, site, issues)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=500)
    args = parser.parse_args()
    small, large = args.issues, 4 * args.issues
    times = {n: seconds_to_check(n) for n in (small, large)}
    for n, seconds in times.items():
        print(f"{n} issues published: checked and calendars written in {seconds:.2f} s")
    print(f"{large} issues against {small}: x{times[large] / times[small]:.1f} "
          "(x4 grows with the issues, x16 with their square)")


if __name__ == "__main__":
    main()
