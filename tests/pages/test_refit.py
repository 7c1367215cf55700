"""The desk's question while a frame is dragged: how every article would fit there."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.manifest.check import check_issue
from layout.manifest.schema import Place
from layout.pages.copyfit import copyfit
from layout.pages.engine import set_issue
from layout.pages.refit import refit
from layout.typeset.setter import setter_for
from tests.conftest import replace_in

XIAOBANDENG = 'place = { column = 4, span = 3, top = 18, lines = 26 }'   # page 2, module 3
SOURCE = "articles/zhujianju-xuanjiang.md"


def as_edited(issue_dir: Path, place: str) -> list[dict]:
    """The fit `layout fit` gives once issue.toml says `place` for 小板凳."""
    replace_in(issue_dir / "issue.toml", XIAOBANDENG, place)
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
