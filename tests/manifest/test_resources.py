"""A paper's own font lock and assets, or the installed ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from layout.errors import ManifestError
from layout.manifest.check import check_issue, profile_path
from layout.manifest.resources import DEFAULT_ASSETS, DEFAULT_FONT_LOCK
from tests.conftest import replace_in

PROFILE = "icc/newsprint-fogra29-tac220.icc"


def own(issue_dir: Path, settings: str) -> None:
    """Top-level keys added to the copied paper.toml."""
    replace_in(issue_dir.parent / "paper.toml", "schema_version = 1\n",
               f"schema_version = 1\n{settings}\n")


def test_a_paper_without_its_own_uses_the_installed_defaults(issue_dir: Path):
    issue, resources, lock = check_issue(issue_dir)
    assert lock.path == DEFAULT_FONT_LOCK
    assert profile_path(issue, resources) == DEFAULT_ASSETS / PROFILE


def test_a_paper_keeps_its_own_lock_and_assets(issue_dir: Path):
    paper = issue_dir.parent
    shutil.copy(DEFAULT_FONT_LOCK, paper / "house-fonts.toml")
    shutil.copytree(DEFAULT_ASSETS, paper / "art")
    own(issue_dir, 'font_lock = "house-fonts.toml"\nassets = "art"')

    issue, resources, lock = check_issue(issue_dir)

    assert lock.path == paper / "house-fonts.toml"
    assert profile_path(issue, resources) == paper / "art" / PROFILE


def test_assets_of_its_own_still_find_the_installed_profile(issue_dir: Path):
    (issue_dir.parent / "art").mkdir()
    own(issue_dir, 'assets = "art"')
    issue, resources, _ = check_issue(issue_dir)
    assert profile_path(issue, resources) == DEFAULT_ASSETS / PROFILE


@pytest.mark.parametrize(("settings", "said"), [
    ('font_lock = "fonts/missing.toml"', "font_lock: not found: fonts/missing.toml"),
    ('assets = "../../etc"', "assets: '../../etc' points outside"),
])
def test_a_wrong_reference_is_named_with_its_line(issue_dir: Path, settings: str, said: str):
    own(issue_dir, settings)
    with pytest.raises(ManifestError) as refused:
        check_issue(issue_dir)
    message = str(refused.value)
    assert "paper.toml line 4" in message
    assert said in message


def test_a_paper_saved_by_notepad_keeps_its_own_settings(issue_dir: Path):
    """A byte order mark before paper.toml (Windows Notepad) hides none of its keys."""
    own(issue_dir, 'font_lock = "fonts/missing.toml"')
    paper = issue_dir.parent / "paper.toml"
    paper.write_bytes(b"\xef\xbb\xbf" + paper.read_bytes())
    with pytest.raises(ManifestError, match="font_lock: not found: fonts/missing.toml"):
        check_issue(issue_dir)


def test_a_font_lock_saved_by_notepad_is_read_and_one_in_gbk_is_refused(issue_dir: Path):
    from layout.errors import FontError

    paper = issue_dir.parent
    lock = paper / "house-fonts.toml"
    lock.write_bytes(b"\xef\xbb\xbf" + DEFAULT_FONT_LOCK.read_bytes())
    own(issue_dir, 'font_lock = "house-fonts.toml"')
    assert check_issue(issue_dir)[2].path == lock
    lock.write_bytes(("# 字体锁定\n" + DEFAULT_FONT_LOCK.read_text(encoding="utf-8"))
                     .encode("gb18030"))
    with pytest.raises(FontError, match="is not UTF-8 text"):
        check_issue(issue_dir)
