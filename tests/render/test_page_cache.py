"""The proof's pages are laid out once: a rebuild takes them from the cache, unless what
they show has changed, and gives the same bytes."""

from __future__ import annotations

import multiprocessing
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from layout.build import build_issue
from tests.render.conftest import outputs


def test_a_rebuild_lays_out_nothing_and_gives_the_same_bytes(issue_dir: Path, tmp_path: Path,
                                                             cache: Path, laid_out: list[str]):
    build_issue(issue_dir, tmp_path / "first")
    assert len(laid_out) == 2
    build_issue(issue_dir, tmp_path / "second")
    assert len(laid_out) == 2
    assert outputs(tmp_path / "first") == outputs(tmp_path / "second")


def test_an_edit_lays_out_only_its_page(issue_dir: Path, tmp_path: Path, cache: Path,
                                        laid_out: list[str]):
    build_issue(issue_dir, tmp_path / "first")
    article = issue_dir / "articles" / "chezhan-duanwu.md"   # on page 1 alone
    article.write_text(article.read_text(encoding="utf-8").replace("。", "！", 1),
                       encoding="utf-8")
    build_issue(issue_dir, tmp_path / "second")
    assert len(laid_out) == 3
    first, second = outputs(tmp_path / "first"), outputs(tmp_path / "second")
    assert first["pages/02.pdf"] == second["pages/02.pdf"]
    assert first["pages/01.pdf"] != second["pages/01.pdf"]


def test_a_photo_replaced_under_its_name_is_shown(issue_dir: Path, tmp_path: Path,
                                                   cache: Path, laid_out: list[str]):
    """The page's HTML names the photo, not its pixels: the cache checks the files a page
    read, or the proof would show the old picture."""
    build_issue(issue_dir, tmp_path / "first")
    photo = issue_dir / "photos" / "geyong-bisai.jpg"
    with Image.open(photo) as image:
        Image.new("RGB", image.size, (200, 30, 30)).save(photo, quality=90)
    build_issue(issue_dir, tmp_path / "second")
    first, second = outputs(tmp_path / "first"), outputs(tmp_path / "second")
    assert first["pages/02.pdf"] != second["pages/02.pdf"]
    assert first["previews/02.png"] != second["previews/02.png"]
    assert len(laid_out) == 3


def test_a_damaged_cache_entry_is_laid_out_again(issue_dir: Path, tmp_path: Path, cache: Path,
                                                 laid_out: list[str]):
    build_issue(issue_dir, tmp_path / "first")
    for kept in (cache / "page-pdf").iterdir():
        kept.write_bytes(kept.read_bytes()[:1000])
    build_issue(issue_dir, tmp_path / "second")
    assert len(laid_out) == 4
    assert outputs(tmp_path / "first") == outputs(tmp_path / "second")


def test_each_subset_in_the_joined_issue_has_its_own_tag(sample_build):
    """Pages written alone each subset the fonts with the same tag; joined in one file,
    different subsets must not share a name (ABCDEF+NP-Song)."""
    import pikepdf

    names = []
    with pikepdf.open(sample_build.issue_pdf) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                names.append(str(font.BaseFont))
    assert len(names) == len(set(names)) > 7


def test_pages_laid_out_on_two_cores_are_those_of_one_and_the_workers_leave_nothing(
        issue_dir: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch):
    """The workers start before the issue is composed and keep their fonts between pages:
    their pages are byte for byte those laid out here; they end with the build, and so does
    their scratch folder, whatever they had done."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    build_issue(issue_dir, tmp_path / "two", jobs=2)
    assert multiprocessing.active_children() == []
    assert list(scratch.iterdir()) == []
    build_issue(issue_dir, tmp_path / "warm", jobs=2)     # nothing to lay out: stopped early
    assert multiprocessing.active_children() == []
    assert list(scratch.iterdir()) == []
    monkeypatch.setenv("LAYOUT_CACHE_DIR", str(tmp_path / "other-cache"))
    build_issue(issue_dir, tmp_path / "one", jobs=1)
    assert outputs(tmp_path / "two") == outputs(tmp_path / "one")


def test_page_workers_killed_under_a_build_stop_it_with_a_message(
        issue_dir: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch):
    """Workers killed from outside (out of memory, an operator) are named, and the build
    leaves no output; the next build starts workers of its own."""
    import os
    import signal

    from layout.errors import RenderError
    from layout.render.page_workers import PageWorkers

    started: list[PageWorkers] = []
    made = PageWorkers.__init__

    def killed_at_once(self: PageWorkers, *args: object) -> None:
        made(self, *args)
        started.append(self)
        os.killpg(self._group, signal.SIGKILL)

    monkeypatch.setattr(PageWorkers, "__init__", killed_at_once)
    with pytest.raises(RenderError, match="page workers stopped"):
        build_issue(issue_dir, tmp_path / "out", jobs=2)
    assert started and not (tmp_path / "out").exists()
    assert multiprocessing.active_children() == []
    monkeypatch.undo()
    build_issue(issue_dir, tmp_path / "out", jobs=2)
    assert (tmp_path / "out" / "issue.pdf").is_file()


def test_a_page_worker_killed_in_the_middle_of_a_page_stops_the_build_with_a_message(
        issue_dir: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch):
    """Killed by the kernel for want of memory, say: the build is told and leaves no
    output, instead of waiting for the page for ever."""
    import os
    import signal

    from layout.errors import RenderError
    from layout.render import pages

    monkeypatch.setattr(pages, "lay_out_page",
                        lambda job, fonts=None: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(RenderError, match="a page worker stopped in the middle of a page"):
        build_issue(issue_dir, tmp_path / "out", jobs=2)
    assert not (tmp_path / "out").exists()
    assert multiprocessing.active_children() == []


def test_a_page_worker_stopped_with_sigterm_is_named_without_a_traceback(
        issue_dir: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]):
    """The command line stops a build on SIGTERM as on Ctrl-C; its page workers do not
    inherit that: one stopped on its own (an out-of-memory daemon picks the largest
    process) ends, and the build says so."""
    import os
    import signal

    from layout.cli import _stopped
    from layout.errors import RenderError
    from layout.render import pages

    monkeypatch.setattr(pages, "lay_out_page",
                        lambda job, fonts=None: os.kill(os.getpid(), signal.SIGTERM))
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        with pytest.raises(RenderError, match="a page worker stopped in the middle of a page"):
            build_issue(issue_dir, tmp_path / "out", jobs=2)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert "Traceback" not in capfd.readouterr().err
    assert multiprocessing.active_children() == []


def test_page_workers_that_cannot_make_a_folder_for_font_copies_lay_out_all_the_same(
        issue_dir: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch):
    """A full temporary folder costs the workers their warm start, not the build."""
    import errno

    making = tempfile.mkdtemp

    def full(suffix: str | None = None, prefix: str | None = None,
             dir: str | None = None) -> str:
        if dir is not None and "layout-pages-" in str(dir):
            raise OSError(errno.ENOSPC, "No space left on device")
        return making(suffix, prefix, dir)

    monkeypatch.setattr(tempfile, "mkdtemp", full)
    build_issue(issue_dir, tmp_path / "out", jobs=2)
    assert (tmp_path / "out" / "issue.pdf").is_file()
