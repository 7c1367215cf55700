"""`layout epaper ROOT --out SITE`: every issue published, a calendar of them, links between
neighbours kept right as issues are added; bad input said plainly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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
