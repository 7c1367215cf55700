"""`layout epaper ROOT --out SITE`: a paper's e-paper, every issue and a calendar of them.

Every issue folder under ROOT is built in the epaper variant into the same place under
SITE as it has under ROOT (`issues/tangyin/2021-06-15` -> `SITE/2021-06-15/epaper/`,
or `SITE/tangyin/2021-06-15/epaper/` for a folder of papers), as `layout archive rebuild`
does: an issue whose build is intact and made from the same sources is kept, a broken one
is reported and the others are still published. An issue whose neighbours changed (an
issue added beside it, whose 下一期 link it now needs, or one that failed and is not in
SITE, which it must not link) is built again. Then each paper's calendar (`index.html` in
the paper's folder under SITE) is written from the issues published, read from their
feed.json; a folder of papers gets an index of papers too. ROOT may not be an issue
itself, and SITE may not hold ROOT: everything in SITE is published.
"""

from __future__ import annotations

import calendar
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from layout.archive.catalogue import issue_folders
from layout.archive.rebuild import Outcome, rebuild, rebuild_one
from layout.errors import LayoutError
from layout.i18n import _
from layout.project.files import atomic_write
from layout.publish.epaper import (
    STYLESHEET,
    environment,
    linking_only,
    neighbours,
    stylesheet,
)

VARIANT = "epaper"


@dataclass(frozen=True)
class Published:
    outcomes: list[Outcome]
    calendars: list[Path]


def publish_paper(root: Path, site: Path, jobs: int = 1,
                  on_done: Callable[[Outcome], None] = lambda _: None) -> Published:
    _refuse_places(root, site)
    folders = list(issue_folders(root))
    if not folders:
        raise LayoutError(_("{root}: no issue (a folder with an issue.toml) under it").format(
            root=root))
    outcomes = rebuild(root, site, VARIANT, jobs, on_done=on_done)
    issues = published_issues(root, site, folders)
    outcomes = link_neighbours(root, site, issues, outcomes)
    calendars = write_calendars(root, site, issues)
    return Published(sorted(outcomes, key=lambda o: o.issue), calendars)


def _refuse_places(root: Path, site: Path) -> None:
    """ROOT must be a folder of issues, and SITE may not hold it: everything in SITE is
    published, and the sources are not for the public."""
    if (root / "issue.toml").is_file():
        raise LayoutError(_("{root} is one issue: give the folder of its paper ({paper}), "
                            "or build the issue alone with layout build {root} --variant "
                            "epaper").format(root=root, paper=root.resolve().parent))
    if site.resolve() == root.resolve() or site.resolve() in root.resolve().parents:
        raise LayoutError(_("{site}: the site would hold the sources under {root}, and "
                            "everything in the site is published: choose a folder for the "
                            "site that is not {root} and does not contain it").format(
                                site=site, root=root))


def published_issues(root: Path, site: Path, folders: list[Path]) -> dict[Path, dict]:
    """The issue folders whose e-paper stands in SITE, each with what its feed.json
    records of it (`_issue`: date, paper, neighbours), read once."""
    issues = {folder: _read_feed(_feed_path(root, site, folder)) for folder in folders}
    return {folder: issue for folder, issue in issues.items() if issue is not None}


def link_neighbours(root: Path, site: Path, issues: dict[Path, dict],
                    outcomes: list[Outcome]) -> list[Outcome]:
    """Each published issue (`published_issues`) built again whose 上一期 / 下一期 are
    not the published issues beside it now: an issue added beside it, or one that failed
    and is not in SITE."""
    failed = {o.issue for o in outcomes if o.status == "failed"}
    with linking_only(issues):
        for folder, issue in issues.items():
            if str(folder.relative_to(root)) not in failed and \
                    _neighbours_changed(folder, issue):
                outcome = rebuild_one(str(folder), str(_out(root, site, folder)), VARIANT,
                                      str(root))
                outcomes = [o for o in outcomes if o.issue != outcome.issue] + [outcome]
    return outcomes


def _out(root: Path, site: Path, folder: Path) -> Path:
    return site / folder.relative_to(root)


def _feed_path(root: Path, site: Path, folder: Path) -> Path:
    return _out(root, site, folder) / VARIANT / "feed.json"


def _neighbours_changed(folder: Path, issue: dict) -> bool:
    """Whether the issue's published e-paper (`issue`, as its feed records it) links
    other issues than stand beside it now."""
    now = neighbours(folder)
    return (issue.get("previous"), issue.get("next")) != (
        now.previous.isoformat() if now.previous else None,
        now.next.isoformat() if now.next else None)


def _read_feed(feed: Path) -> dict | None:
    try:
        issue = json.loads(feed.read_text(encoding="utf-8")).get("_issue")
    except (OSError, ValueError, AttributeError):
        return None
    return issue if isinstance(issue, dict) else None


@dataclass(frozen=True)
class Day:
    day: int                 # 0 outside the month
    links: tuple[str, ...]   # the day's issues' e-papers, relative to the calendar


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weeks: list[list[Day]]


def write_calendars(root: Path, site: Path, issues: dict[Path, dict]) -> list[Path]:
    """Each paper's calendar of the issues published under SITE (`published_issues`);
    with more than one paper, an index of them at SITE's top."""
    papers: dict[Path, list[tuple[datetime.date, Path, dict]]] = {}
    for folder, issue in issues.items():
        day = datetime.date.fromisoformat(issue["date"])
        papers.setdefault(folder.parent, []).append((day, folder, issue))
    env, written = environment(), []
    names = {}
    for paper, dated in sorted(papers.items()):
        target = _out(root, site, paper)
        names[paper] = dated[0][2]["paper"]
        links: dict[datetime.date, tuple[str, ...]] = {}
        for day, folder, _issue in dated:   # two on a day (a 号外 folder): both shown
            address = _address(folder.relative_to(paper) / VARIANT / "index.html")
            links[day] = (*links.get(day, ()), address)
        page = env.get_template("calendar.html").render(
            paper=names[paper], months=_months(links), issues=len(dated))
        written += _write(target, page)
    if len(papers) > 1 or (papers and root not in papers):
        page = env.get_template("papers.html").render(
            papers=[(names[p], _address(p.relative_to(root) / "index.html"))
                    for p in sorted(papers)])
        written += _write(site, page)
    return written


def _address(path: Path) -> str:
    """A relative path as a link: a folder named 汤阴 #2 or a?b is a folder, not a
    fragment or a query."""
    return quote(path.as_posix())


def _write(folder: Path, page: str) -> list[Path]:
    atomic_write(folder / "index.html", page.encode("utf-8"))
    atomic_write(folder / STYLESHEET, stylesheet())
    return [folder / "index.html", folder / STYLESHEET]


def _months(links: dict[datetime.date, tuple[str, ...]]) -> list[Month]:
    """The months that have issues, newest first, as weeks from Monday."""
    months = sorted({(day.year, day.month) for day in links}, reverse=True)
    grid = calendar.Calendar(firstweekday=0)
    return [Month(year, month, [[Day(d, links.get(datetime.date(year, month, d), ()) if d
                                     else ()) for d in week]
                                for week in grid.monthdayscalendar(year, month)])
            for year, month in months]
