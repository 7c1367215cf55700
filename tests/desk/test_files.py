"""Opening a file the desk serves: a regular file inside its root, no link on the way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from layout.desk.files import open_served


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An issue-like folder: `articles/a.md`, and a secret beside the folder."""
    (tmp_path / "issue" / "articles").mkdir(parents=True)
    (tmp_path / "issue" / "articles" / "a.md").write_text("正文", encoding="utf-8")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "a.md").write_text("secret", encoding="utf-8")
    return tmp_path / "issue"


def read(path: Path, root: Path) -> bytes | None:
    opened = open_served(path, root)
    if opened is None:
        return None
    with opened:
        return opened.read()


def test_a_regular_file_inside_its_root_is_opened(root: Path):
    assert read(root / "articles" / "a.md", root) == "正文".encode()


def test_a_file_swapped_for_a_link_is_refused(root: Path):
    (root / "articles" / "a.md").unlink()
    (root / "articles" / "a.md").symlink_to("/etc/passwd")
    assert read(root / "articles" / "a.md", root) is None


def test_a_link_inside_the_root_is_refused_too(root: Path):
    (root / "articles" / "b.md").symlink_to("a.md")
    assert read(root / "articles" / "b.md", root) is None


def test_a_folder_swapped_for_a_link_is_refused(root: Path):
    (root / "articles").rename(root / "old")
    (root / "articles").symlink_to(root.parent / "secret")
    assert read(root / "articles" / "a.md", root) is None


def test_a_root_swapped_for_a_link_is_refused(root: Path):
    root.rename(root.parent / "moved")
    root.symlink_to(root.parent / "moved")
    assert read(root / "articles" / "a.md", root) is None


def test_anything_but_a_regular_file_is_refused(root: Path):
    os.mkfifo(root / "articles" / "fifo.md")  # would hang a plain open()
    assert read(root / "articles" / "fifo.md", root) is None
    assert read(root / "articles", root) is None
    assert read(root / "articles" / "missing.md", root) is None


def test_a_path_outside_its_root_is_refused(root: Path):
    assert read(root.parent / "secret" / "a.md", root) is None
    assert read(root / ".." / "secret" / "a.md", root) is None
    assert read(root / "articles" / ".." / "articles" / "a.md", root) is None
    assert read(Path("articles/a.md"), root) is None
