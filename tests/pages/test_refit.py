"""The desk's question while a frame is dragged: how every article would fit there."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.manifest.check import check_issue
from layout.manifest.schema import Place
from layout.pages.copyfit import copyfit
from layout.pages.engine import set_issue
from layout.pages.refit import refit, refit_photo
from layout.typeset.setter import setter_for
from tests.conftest import replace_in

XIAOBANDENG = 'place = { column = 4, span = 3, top = 18, lines = 26 }'   # page 2, module 3
SOURCE = "articles/zhujianju-xuanjiang.md"
BANGFU_PHOTO = 'lines = 18\nspan = 2\nside = "right"'   # page 2, module 2: 3 columns, 49 lines
BANGFU = "articles/hanzhuang-bangfu.md"


def as_edited(issue_dir: Path, place: str, old: str = XIAOBANDENG) -> list[dict]:
    """The fit `layout fit` gives once issue.toml says `place` for 小板凳 (or anything
    else for `old`)."""
    replace_in(issue_dir / "issue.toml", old, place)
    issue, _resources, _lock, sheets = set_issue(issue_dir)
    return [fit.as_dict() for fit in copyfit(sheets, issue)]


@pytest.mark.parametrize(("place", "written"), [
    (Place(column=4, span=3, top=18, lines=24), "{ column = 4, span = 3, top = 18, lines = 24 }"),
    (Place(column=5, span=2, top=18, lines=26), "{ column = 5, span = 2, top = 18, lines = 26 }"),
])
def test_a_moved_or_resized_frame_fits_as_the_edited_manifest_does(issue_dir: Path,
                                                                  place: Place, written: str):
    issue, _resources, lock, sheets = set_issue(issue_dir)
    before = next(f for f in copyfit(sheets, issue) if f.source == SOURCE)
    answer = refit(issue, setter_for(issue.paper, lock), 2, 2, place)
    assert answer.problems == []
    assert [fit.as_dict() for fit in answer.fits] == as_edited(issue_dir, f"place = {written}")
    after = next(f for f in answer.fits if f.source == SOURCE)
    assert after.capacity_lines < before.capacity_lines   # it lost room either way


def test_a_frame_dragged_onto_another_is_refused_with_the_reason(issue_dir: Path):
    issue, _resources, lock = check_issue(issue_dir)
    answer = refit(issue, setter_for(issue.paper, lock), 2, 2,
                   Place(column=4, span=3, top=30, lines=26))
    assert answer.fits == []
    assert answer.problems and all("overlaps" in message for _key, message in answer.problems)
    off = refit(issue, setter_for(issue.paper, lock), 2, 2,
                Place(column=5, span=3, top=18, lines=26))
    assert any("go past the 6-column grid" in message for _key, message in off.problems)


@pytest.mark.parametrize(("lines", "span", "written"), [
    (12, 2, 'lines = 12\nspan = 2\nside = "right"'),     # shorter: more room for text
    (18, None, 'lines = 18\nside = "right"'),            # across the module: less
])
def test_a_resized_photo_fits_as_the_edited_manifest_does(issue_dir: Path, lines: int,
                                                          span: int | None, written: str):
    issue, _resources, lock, sheets = set_issue(issue_dir)
    before = next(f for f in copyfit(sheets, issue) if f.source == BANGFU)
    answer = refit_photo(issue, setter_for(issue.paper, lock), 2, 1, lines, span)
    assert answer.problems == []
    assert [fit.as_dict() for fit in answer.fits] == as_edited(issue_dir, written, BANGFU_PHOTO)
    after = next(f for f in answer.fits if f.source == BANGFU)
    assert (after.capacity_lines > before.capacity_lines) == (lines < 18)
    if span is None:
        assert after.lines_over > 0      # across all three columns: the text is over
    else:
        assert after.empty_lines > 0     # shorter: lines stay empty


@pytest.mark.parametrize(("lines", "span", "problem"), [
    (18, 4, "the photo spans 4 columns of a 3-column module"),
    (44, 2, "the photo and caption reach below the module"),
    (41, None, "headline and photo leave no line for the text"),   # 6 + 41 + 2 = 49 lines
])
def test_a_photo_the_module_cannot_hold_is_refused_with_the_reason(issue_dir: Path,
                                                                   lines: int,
                                                                   span: int | None,
                                                                   problem: str):
    issue, _resources, lock = check_issue(issue_dir)
    answer = refit_photo(issue, setter_for(issue.paper, lock), 2, 1, lines, span)
    assert answer.fits == []
    assert any(message == problem and key.startswith("pages[1].articles[1].")
               for key, message in answer.problems), answer.problems
