"""The desk's undo and redo: the file given back byte for byte, and an edit made on disk
never overwritten."""

from __future__ import annotations

import tempfile
import threading
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layout.desk import history
from layout.desk.history import EditConflict, ManifestHistory, NothingToUndo, digest
from layout.manifest.editing import (
    EditRefused,
    article_added,
    article_removed,
    photo_resized,
    placed,
)
from tests.conftest import SAMPLE, replace_in

ORIGINAL = (SAMPLE / "issue.toml").read_bytes()
MOVE = {"column": 5, "span": 2, "top": 20, "lines": 21}


def moved(data: bytes, top: int = 20) -> bytes:
    return placed(data.decode(), "pages[0].articles[1]", MOVE | {"top": top}).encode()


@pytest.fixture
def manifest(issue_dir: Path) -> Path:
    return issue_dir / "issue.toml"


@pytest.fixture
def desk(manifest: Path) -> ManifestHistory:
    return ManifestHistory(manifest)


def edit(desk: ManifestHistory, top: int = 20) -> bytes:
    """One move made as the page makes it: from the file it shows, naming its digest."""
    shown = desk.current()
    desk.apply(moved(shown, top), digest(shown))
    return desk.current()


def test_a_change_is_written_and_undo_and_redo_give_back_each_file_exactly(
        desk: ManifestHistory, manifest: Path):
    assert not desk.can_undo and not desk.can_redo
    after = edit(desk)
    assert b"top = 20, lines = 21" in manifest.read_bytes()
    assert desk.can_undo and not desk.can_redo
    assert desk.undo(digest(after)) == ORIGINAL == manifest.read_bytes()
    assert not desk.can_undo and desk.can_redo
    assert desk.redo(digest(ORIGINAL)) == after == manifest.read_bytes()


def test_a_new_change_after_an_undo_leaves_nothing_to_redo(desk: ManifestHistory):
    edit(desk, top=20)
    desk.undo(digest(desk.current()))
    edit(desk, top=30)
    assert not desk.can_redo
    with pytest.raises(NothingToUndo, match="nothing to redo"):
        desk.redo(digest(desk.current()))


def test_nothing_to_undo_is_said(desk: ManifestHistory, manifest: Path):
    with pytest.raises(NothingToUndo, match="there is nothing to undo"):
        desk.undo(digest(ORIGINAL))
    assert manifest.read_bytes() == ORIGINAL


def test_the_same_bytes_again_are_no_step(desk: ManifestHistory, manifest: Path):
    desk.apply(ORIGINAL, digest(ORIGINAL))
    assert not desk.can_undo
    assert manifest.read_bytes() == ORIGINAL


def test_undo_is_kept_for_so_many_steps(manifest: Path):
    desk = ManifestHistory(manifest, steps=3)
    files = [desk.current()] + [edit(desk, top) for top in (16, 17, 18, 19, 20)]
    for expected in reversed(files[2:5]):
        assert desk.undo(digest(desk.current())) == expected
    with pytest.raises(NothingToUndo):
        desk.undo(digest(desk.current()))
    assert manifest.read_bytes() == files[2]


# ---------------------------------------------------------------------- edits made on disk


def test_a_change_from_a_page_showing_an_older_file_is_refused(
        desk: ManifestHistory, manifest: Path):
    shown = desk.current()
    replace_in(manifest, 'name = "要闻"', 'name = "要闻版"')   # in a text editor
    on_disk = manifest.read_bytes()
    with pytest.raises(EditConflict,
                       match=r"was changed since the page showed it \(on disk, or from"):
        desk.apply(moved(shown), digest(shown))
    assert manifest.read_bytes() == on_disk
    assert not desk.can_undo


def test_undo_after_an_edit_on_disk_is_refused_and_keeps_that_edit(
        desk: ManifestHistory, manifest: Path):
    edit(desk)
    replace_in(manifest, 'name = "要闻"', 'name = "要闻版"')
    on_disk = manifest.read_bytes()
    with pytest.raises(EditConflict, match="edited on disk after that change: undoing it "
                                           "would lose that edit"):
        desk.undo(digest(on_disk))   # even from a page that shows the disk's edit
    assert manifest.read_bytes() == on_disk


def test_redo_after_an_edit_on_disk_is_refused_and_keeps_that_edit(
        desk: ManifestHistory, manifest: Path):
    edit(desk)
    desk.undo(digest(desk.current()))
    replace_in(manifest, 'name = "要闻"', 'name = "要闻版"')
    on_disk = manifest.read_bytes()
    with pytest.raises(EditConflict, match="edited on disk after the undo"):
        desk.redo(digest(on_disk))
    assert manifest.read_bytes() == on_disk


def test_undo_from_a_page_that_has_not_seen_the_last_change_is_refused(
        desk: ManifestHistory, manifest: Path):
    edit(desk, top=20)
    after = edit(desk, top=30)
    with pytest.raises(EditConflict, match="changed since the page showed it"):
        desk.undo(digest(ORIGINAL))   # a second tab, still showing the first file
    assert manifest.read_bytes() == after


def test_a_change_over_an_edit_on_disk_undoes_back_to_that_edit_and_no_further(
        desk: ManifestHistory, manifest: Path):
    edit(desk, top=20)
    replace_in(manifest, 'name = "要闻"', 'name = "要闻版"')
    on_disk = manifest.read_bytes()
    edit(desk, top=30)
    assert desk.undo(digest(desk.current())) == on_disk
    assert not desk.can_undo
    with pytest.raises(NothingToUndo):
        desk.undo(digest(on_disk))
    assert manifest.read_bytes() == on_disk


def test_a_file_gone_from_disk_is_said_and_not_written_again(
        desk: ManifestHistory, manifest: Path):
    manifest.unlink()
    with pytest.raises(EditRefused, match="cannot read .*issue.toml"):
        desk.apply(moved(ORIGINAL), digest(ORIGINAL))
    assert not manifest.exists()


def test_changes_from_two_threads_at_once_are_one_after_the_other(
        desk: ManifestHistory, manifest: Path, monkeypatch: pytest.MonkeyPatch):
    """Both pages showed the same file: one change is written, the other refused, as if
    they had come one after the other, even when writing takes a while."""
    write = history.atomic_write

    def slow_write(path: Path, data: bytes) -> None:
        time.sleep(0.05)
        write(path, data)

    monkeypatch.setattr(history, "atomic_write", slow_write)
    shown, start = desk.current(), threading.Barrier(4)
    outcomes: list[str] = []

    def change(top: int) -> None:
        start.wait()
        try:
            desk.apply(moved(shown, top), digest(shown))
            outcomes.append("written")
        except EditConflict:
            outcomes.append("refused")

    threads = [threading.Thread(target=change, args=(top,)) for top in (20, 21, 22, 23)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 3 + ["written"]
    assert desk.undo(digest(desk.current())) == ORIGINAL


# ---------------------------------------------------------------------- any edits


@st.composite
def edits(draw: st.DrawFn, text: str) -> str:
    """One valid edit of the manifest `text`, or `text` itself when the edit drawn is
    refused as it should be (the last article of a page)."""
    pages = tomllib.loads(text)["pages"]
    page = draw(st.integers(0, len(pages) - 1))
    articles = pages[page]["articles"]
    article = draw(st.integers(0, len(articles) - 1))
    key = f"pages[{page}].articles[{article}]"
    place = {"column": draw(st.integers(1, 6)), "span": draw(st.integers(1, 6)),
             "top": draw(st.integers(0, 80)), "lines": draw(st.integers(1, 80))}
    kind = draw(st.sampled_from(["place", "photo", "add", "remove"]))
    if kind == "photo" and "photo" in articles[article]:
        return photo_resized(text, key, draw(st.integers(2, 40)),
                             draw(st.none() | st.integers(1, 6)))
    if kind == "add":
        name = draw(st.text(st.characters(exclude_categories=["Cs"]), min_size=1))
        return article_added(text, page, name, place, draw(st.integers(0, 20)))[0]
    if kind == "remove":
        if len(articles) == 1:
            with pytest.raises(EditRefused, match="is the only article"):
                article_removed(text, key)
            return text
        return article_removed(text, key)
    return placed(text, key, place)


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_any_edits_undone_give_the_file_back_and_redone_give_the_edits_back(
        data: st.DataObject):
    with tempfile.TemporaryDirectory() as folder:
        manifest = Path(folder) / "issue.toml"
        manifest.write_bytes(ORIGINAL)
        desk = ManifestHistory(manifest)
        files = [ORIGINAL]
        for _ in range(data.draw(st.integers(1, 8), label="edits")):
            new = data.draw(edits(files[-1].decode())).encode()
            desk.apply(new, digest(files[-1]))
            if new != files[-1]:
                files.append(new)
        for earlier in reversed(files[:-1]):
            assert desk.undo(digest(manifest.read_bytes())) == earlier
        assert manifest.read_bytes() == ORIGINAL and not desk.can_undo
        for later in files[1:]:
            assert desk.redo(digest(manifest.read_bytes())) == later
        assert manifest.read_bytes() == files[-1]


def test_a_conflict_is_told_apart_from_a_refusal():
    """The desk answers a conflict by showing the file as it is now (409), a refusal by
    its message alone (422): one must not be caught as the other."""
    assert not issubclass(EditConflict, EditRefused)
    assert issubclass(NothingToUndo, EditRefused)
