"""The composition cache holds data, never code, and a bad entry only costs a recomposition."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

import pytest

from layout.pages.engine import ModuleView, set_issue
from layout.project import cache
from tests.conftest import SAMPLE


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LAYOUT_CACHE_DIR", str(folder))
    monkeypatch.setattr(cache, "_memory", {})
    return folder


def lead(sheets: list) -> ModuleView:
    return sheets[0].modules[0]


def entries(folder: Path) -> list[Path]:
    return sorted((folder / "typeset").glob("*"))


def recompose() -> list:
    cache._memory.clear()
    return set_issue(SAMPLE)[3]


def test_memory_keeps_the_latest_compositions_and_the_disk_the_rest(
        fresh_cache: Path, monkeypatch: pytest.MonkeyPatch):
    """A desk open all day and an archive worker building issue after issue kept every
    composition they made in memory: 2 to 4 MB more for each issue an archive worker built."""
    monkeypatch.setattr(cache, "MEMORY_ENTRIES", 3)
    made: list[str] = []
    for text in ("甲", "乙", "丙", "丁"):
        cache.cached("words", text, lambda text=text: made.append(text) or frozenset({0}),
                     frozenset[int])
    assert cache.cached("words", "乙", lambda: made.append("again") or frozenset(),
                        frozenset[int]) == frozenset({0})       # still in memory
    assert cache.cached("words", "丁", lambda: made.append("again") or frozenset(),
                        frozenset[int]) == frozenset({0})
    assert len(cache._memory) == 3
    cache.cached("words", "戊", lambda: frozenset({1}), frozenset[int])    # 丙 is forgotten...
    assert len(cache._memory) == 3
    assert cache.cached("words", "丙", lambda: made.append("again") or frozenset(),
                        frozenset[int]) == frozenset({0})       # ...and read from the disk
    assert made == ["甲", "乙", "丙", "丁"]


def test_a_composition_read_back_equals_the_one_composed(fresh_cache: Path):
    composed = lead(recompose()).typeset
    assert entries(fresh_cache), "the cache was written"
    read_back = lead(recompose()).typeset
    assert read_back == composed
    assert all(path.suffix == ".json" for path in entries(fresh_cache))


class Planted:
    """Unpickling this would create a file: the cache must never unpickle."""

    def __init__(self, target: Path):
        self.target = target

    def __reduce__(self):
        return (os.system, (f"touch {self.target}",))


def test_a_planted_pickle_runs_nothing(fresh_cache: Path, tmp_path: Path):
    composed = lead(recompose()).typeset
    marker = tmp_path / "ran"
    for path in entries(fresh_cache):
        payload = pickle.dumps(Planted(marker))
        path.write_bytes(payload)
        path.with_suffix(".pickle").write_bytes(payload)
    assert lead(recompose()).typeset == composed
    assert not marker.exists()


@pytest.mark.parametrize("damage", [
    lambda entry: entry | {"format": 99},
    lambda entry: entry | {"key": "0" * 64},
    lambda entry: entry | {"sha256": "0" * 64},
    lambda entry: entry | {"value": {"rows": "nonsense"}},
    lambda entry: {"value": entry["value"]},
])
def test_a_wrong_or_damaged_entry_is_composed_again(fresh_cache: Path, damage):
    composed = lead(recompose()).typeset
    for path in entries(fresh_cache):
        path.write_text(json.dumps(damage(json.loads(path.read_text()))))
    assert lead(recompose()).typeset == composed
    for path in entries(fresh_cache):  # rewritten whole
        assert json.loads(path.read_text())["format"] == cache.FORMAT


def test_an_entry_that_matches_its_hash_but_not_its_shape_is_composed_again(fresh_cache: Path):
    composed = lead(recompose()).typeset
    for path in entries(fresh_cache):
        entry = json.loads(path.read_text())
        entry["value"]["measure"] = "wide"
        content = cache._canonical(entry["value"]).encode()
        entry["sha256"] = hashlib.sha256(content).hexdigest()
        path.write_text(json.dumps(entry))
    assert lead(recompose()).typeset == composed


def test_truncated_and_binary_entries_are_composed_again(fresh_cache: Path):
    composed = lead(recompose()).typeset
    for n, path in enumerate(entries(fresh_cache)):
        path.write_bytes(path.read_bytes()[:100] if n % 2 else b"\x00\xff" * 50)
    assert lead(recompose()).typeset == composed


def test_held_writes_reach_the_disk_only_when_written(fresh_cache: Path):
    held: list = []
    with cache.writes_held(held):
        composed = lead(set_issue(SAMPLE)[3]).typeset
        cache.keep_bytes("page-pdf", "a page", b"%PDF-1.7 page")
    # Meanwhile the process has them, and nothing is on disk yet.
    assert held and not fresh_cache.exists()
    assert lead(set_issue(SAMPLE)[3]).typeset is composed
    cache.write_held(held)
    assert held == [] and entries(fresh_cache)
    assert cache.kept_bytes("page-pdf", "a page") == b"%PDF-1.7 page"
    assert lead(recompose()).typeset == composed


def test_entries_held_by_a_build_are_on_disk_when_it_ends(fresh_cache: Path, tmp_path: Path):
    """A build writes its compositions while its pages are laid out: all of them are
    there for the next run, read back as composed, and none is left half written."""
    from layout.build import build_issue

    build_issue(SAMPLE, tmp_path / "out")
    written = entries(fresh_cache)
    assert len(written) >= 6   # the sample's six articles, at least
    assert not [p for p in fresh_cache.rglob("*") if p.name.startswith(".")]
    composed = lead(set_issue(SAMPLE)[3]).typeset
    assert lead(recompose()).typeset == composed
    assert entries(fresh_cache) == written   # read back, not composed and written again


def test_an_entry_is_its_hash_s_text(fresh_cache: Path):
    """Written once, in the canonical text its hash is of, so that reading checks it."""
    cache.store("probe", "key", ("汉字", 2))
    entry = json.loads(next((fresh_cache / "probe").glob("*.json")).read_bytes())
    canonical = json.dumps(entry["value"], ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    assert entry["sha256"] == hashlib.sha256(canonical.encode()).hexdigest()
    cache._memory.clear()
    assert cache.lookup("probe", "key", tuple[str, int]) == ("汉字", 2)


def test_a_build_that_fails_after_composing_keeps_what_it_composed(
        fresh_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from layout import build

    def broken(job: object, sheets: list, layer: str | None = None) -> str:
        raise RuntimeError("a template that fails")

    monkeypatch.setattr(build.RenderJob, "html", broken)
    with pytest.raises(RuntimeError):
        build.build_issue(SAMPLE, tmp_path / "out")
    assert len(entries(fresh_cache)) >= 6
