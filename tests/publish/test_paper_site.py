"""`layout epaper ROOT --out SITE`: every issue published, a calendar of them, links between
neighbours kept right as issues are added; bad input said plainly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from tests.conftest import replace_in
from tests.test_cli import layout


def add_issue(paper: Path, day: str, number: int) -> Path:
    """A copy of the sample issue on another day."""
    issue = paper / day
    shutil.copytree(paper / "2021-06-15", issue)
    replace_in(issue / "issue.toml", "date = 2021-06-15", f"date = {day}")
    replace_in(issue / "issue.toml", "issue_number = 1862", f"issue_number = {number}")
    return issue


def issue_record(site: Path, day: str) -> dict:
    return json.loads((site / day / "epaper" / "feed.json").read_text(encoding="utf-8"))["_issue"]


@pytest.mark.slow
def test_a_paper_s_issues_are_published_with_a_calendar(project: Path, tmp_path: Path):
    paper = project / "issues" / "tangyin"
    add_issue(paper, "2021-06-18", 1863)
    site = tmp_path / "site"
    result = layout("--lang", "en", "epaper", paper, "--out", site)
    assert result.returncode == 0, result.stderr
    assert "2 built, 0 up to date, 0 failed" in result.stdout
    calendar = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="2021-06-15/epaper/index.html"' in calendar
    assert 'href="2021-06-18/epaper/index.html"' in calendar and "2021年6月" in calendar
    assert issue_record(site, "2021-06-15")["next"] == "2021-06-18"
    first = (site / "2021-06-15" / "epaper" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../2021-06-18/epaper/index.html"' in first
    assert 'href="../../index.html"' in first

    add_issue(paper, "2021-06-22", 1864)           # the next issue arrives
    result = layout("--lang", "en", "epaper", paper, "--out", site)
    assert result.returncode == 0, result.stderr
    assert "2 built, 1 up to date, 0 failed" in result.stdout   # 06-18 links 06-22 now
    assert issue_record(site, "2021-06-18")["next"] == "2021-06-22"
    assert issue_record(site, "2021-06-15")["next"] == "2021-06-18"


def test_a_folder_without_issues_is_refused_plainly(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    result = layout("--lang", "en", "epaper", tmp_path / "empty", "--out", tmp_path / "site")
    assert result.returncode == 1
    assert "no issue (a folder with an issue.toml) under it" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_a_broken_issue_is_named_and_the_others_published(project: Path, tmp_path: Path):
    paper = project / "issues" / "tangyin"
    broken = add_issue(paper, "2021-06-18", 1863)
    replace_in(broken / "issue.toml", "issue_number = 1863", "issue_number = 0")
    site = tmp_path / "site"
    result = layout("--lang", "en", "epaper", paper, "--out", site)
    assert result.returncode == 1
    assert "failed: 2021-06-18" in result.stderr and "Traceback" not in result.stderr
    assert (site / "2021-06-15" / "epaper" / "index.html").is_file()
    assert not (site / "2021-06-18" / "epaper").exists()
    assert 'href="2021-06-18' not in (site / "index.html").read_text(encoding="utf-8")


def test_an_issue_given_as_root_is_refused_before_anything_is_built(issue_dir: Path,
                                                                     tmp_path: Path):
    """Its 上一期 / 下一期 and calendar would lie outside SITE (and the calendar failed
    with an internal error after the build)."""
    result = layout("--lang", "en", "epaper", issue_dir, "--out", tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{issue_dir} is one issue: give the folder of its paper ({issue_dir.parent})" \
        in " ".join(result.stderr.split())
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("where", ["the paper's folder", "above it"])
def test_a_site_that_would_hold_the_sources_is_refused(project: Path, where: str):
    """Everything in SITE is uploaded: the manifests and article files are not for the
    public, and the e-paper would be written into the issue folders."""
    paper = project / "issues" / "tangyin"
    site = paper if where == "the paper's folder" else project
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = layout("--lang", "en", "epaper", paper, "--out", site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the site would hold the sources under" in " ".join(result.stderr.split())
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def _published(site: Path, folder: str, day: str) -> None:
    """An issue as `layout epaper` leaves it in SITE, as far as the calendar reads it."""
    feed = site / folder / "epaper" / "feed.json"
    feed.parent.mkdir(parents=True)
    feed.write_text(json.dumps({"_issue": {"paper": "汤阴新闻", "date": day}}),
                    encoding="utf-8")


def test_the_calendar_links_odd_folder_names_and_both_issues_of_a_day(tmp_path: Path):
    from layout.publish.paper_site import published_issues, write_calendars

    root, site = tmp_path / "issues", tmp_path / "site"
    names = {"汤阴 #1%/2021-06-15": "2021-06-15", "汤阴 #1%/2021-06-15 号外?2": "2021-06-15",
             "b?x/2021-06-16": "2021-06-16"}
    for folder, day in names.items():
        (root / folder).mkdir(parents=True)
        _published(site, folder, day)
    write_calendars(root, site,
                    published_issues(root, site, sorted(root / folder for folder in names)))
    pages = [site / "index.html", site / "汤阴 #1%" / "index.html", site / "b?x" / "index.html"]
    for page in pages:
        document = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        links = [a.get("href") for a in document.iter("a")]
        assert links, page
        for link in links:
            target = unquote(urlsplit(link).path)
            assert not urlsplit(link).query and not urlsplit(link).fragment, link
            assert (page.parent / target).parent.is_dir(), link
    calendar = html5lib.parse((site / "汤阴 #1%" / "index.html").read_bytes(),
                              namespaceHTMLElements=False)
    days = [(a.text, unquote(a.get("href"))) for a in calendar.iter("a")]
    assert days == [("15", "2021-06-15/epaper/index.html"),
                    ("15", "2021-06-15 号外?2/epaper/index.html")]


@pytest.mark.slow
def test_no_issue_links_one_that_failed_and_was_never_published(project: Path,
                                                                 tmp_path: Path):
    paper = project / "issues" / "tangyin"
    broken = add_issue(paper, "2021-06-18", 1863)
    replace_in(broken / "issue.toml", "issue_number = 1863", "issue_number = 0")
    add_issue(paper, "2021-06-22", 1864)
    site = tmp_path / "site"
    result = layout("--lang", "en", "epaper", paper, "--out", site)
    assert result.returncode == 1 and "failed: 2021-06-18" in result.stderr
    assert issue_record(site, "2021-06-15")["next"] == "2021-06-22"
    assert issue_record(site, "2021-06-22")["previous"] == "2021-06-15"
    for page in site.rglob("*.html"):
        document = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        for a in document.iter("a"):
            target = unquote(urlsplit(a.get("href")).path)
            assert not target or (page.parent / target).is_file(), (page, a.get("href"))

    fixed = layout("--lang", "en", "epaper", paper, "--out", site)    # nothing changed
    assert fixed.returncode == 1 and "0 built, 2 up to date, 1 failed" in fixed.stdout
    replace_in(broken / "issue.toml", "issue_number = 0", "issue_number = 1863")
    fixed = layout("--lang", "en", "epaper", paper, "--out", site)    # the issue mended
    assert fixed.returncode == 0 and "3 built, 0 up to date" in fixed.stdout
    assert issue_record(site, "2021-06-15")["next"] == "2021-06-18"
