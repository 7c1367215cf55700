"""The desk's one-click fit (a frame or photo height that makes an article fit) and the
overset text it shows, checked against what a build of the edited manifest gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.manifest.schema import Place
from layout.model import Issue
from layout.pages.copyfit import ArticleFit, copyfit, overset_texts
from layout.pages.engine import Sheet, set_issue
from layout.pages.refit import Fix, refit, sizes_that_fit
from layout.typeset.article import Paragraph
from layout.typeset.setter import Setter, setter_for
from tests.conftest import replace_in

# Page 2, module 3: 小板凳, 3 columns under a headline of 8 lines.
XIAOBANDENG = "articles/zhujianju-xuanjiang.md"
XIAOBANDENG_PLACE = "column = 4, span = 3, top = 18, lines = {lines} }}"
# Page 2, module 2: 3 columns, a photo of 18 lines over 2 of them; it ends at the page foot.
BANGFU = "articles/hanzhuang-bangfu.md"
BANGFU_PLACE = "column = 1, span = 3, top = 18, lines = {lines} }}"
BANGFU_PHOTO = 'lines = {lines}\nspan = 2\nside = "right"'
# Page 2, module 1: the lead feature's jump, 6 columns across the top of the page.
XUNCHAO = "articles/xunchao-jishi.md"
XUNCHAO_PLACE = "column = 1, span = 6, top = 0, lines = {lines} }}"
# Page 1, modules 2 and 3: two columns each, one over the other.
CHEZHAN = "articles/chezhan-duanwu.md"
CHEZHAN_PLACE = "column = 5, span = 2, top = 15, lines = {lines} }}"
RENSHE_PLACE = "column = 5, span = 2, top = {top}, lines = {lines} }}"


def edited(issue_dir: Path,
           *changes: tuple[str, str]) -> tuple[Issue, Setter, dict[str, ArticleFit]]:
    """The issue set again after `changes` to issue.toml (old, new), with every fit."""
    for old, new in changes:
        replace_in(issue_dir / "issue.toml", old, new)
    issue, _resources, lock, sheets = set_issue(issue_dir)
    return issue, setter_for(issue.paper, lock), {f.source: f for f in copyfit(sheets, issue)}


def applied(issue_dir: Path, fix: Fix, old: str, new: str) -> ArticleFit:
    """The article's fit once issue.toml says `new` where it said `old`: the fix as the
    editor's click writes it."""
    _issue, _setter, fits = edited(issue_dir, (old, new))
    return fits[fix.fit.source]


def test_an_article_over_gets_the_frame_height_that_fits_it(issue_dir: Path):
    shrunk = XIAOBANDENG_PLACE.format(lines=22)
    issue, setter, fits = edited(issue_dir, (XIAOBANDENG_PLACE.format(lines=26), shrunk))
    assert fits[XIAOBANDENG].lines_over > 0
    (fix,) = sizes_that_fit(issue, setter, 2, 2)
    assert (fix.part, fix.key, fix.before) == ("frame", "pages[1].articles[2].place.lines", 22)
    assert fix.after > 22 and fix.place == Place(column=4, span=3, top=18, lines=fix.after)
    after = applied(issue_dir, fix, shrunk, XIAOBANDENG_PLACE.format(lines=fix.after))
    assert after.fits and after.empty_lines <= 3          # one per column of 3
    assert after == fix.fit                               # the desk showed what it gets
    # No line wasted: one line less and the text is over again.
    tighter = refit(issue, setter, 2, 2, fix.place.model_copy(update={"lines": fix.after - 1}))
    assert next(f for f in tighter.fits if f.source == XIAOBANDENG).lines_over > 0


def test_an_article_with_a_photo_may_fit_by_its_photo_instead(issue_dir: Path):
    shrunk = BANGFU_PLACE.format(lines=45)
    issue, setter, fits = edited(issue_dir, (BANGFU_PLACE.format(lines=49), shrunk))
    assert fits[BANGFU].lines_over > 0
    fixes = {fix.part: fix for fix in sizes_that_fit(issue, setter, 2, 1)}
    assert set(fixes) == {"frame", "photo"}
    photo = fixes["photo"]
    assert (photo.key, photo.before) == ("pages[1].articles[1].photo.lines", 18)
    assert photo.after < 18 and photo.place.lines == 45  # the frame stays as it is
    after = applied(issue_dir, photo, BANGFU_PHOTO.format(lines=18),
                    BANGFU_PHOTO.format(lines=photo.after))
    assert after.fits and after.empty_lines <= 3
    assert after == photo.fit


def test_a_loose_article_gets_the_lower_frame_that_fills_it(issue_dir: Path):
    taller, lower = CHEZHAN_PLACE.format(lines=30), RENSHE_PLACE.format(top=45, lines=22)
    issue, setter, fits = edited(issue_dir, (CHEZHAN_PLACE.format(lines=26), taller),
                                 (RENSHE_PLACE.format(top=41, lines=26), lower))
    assert fits[CHEZHAN].empty_lines > 2
    (fix,) = sizes_that_fit(issue, setter, 1, 1)
    assert (fix.part, fix.before) == ("frame", 30) and fix.after < 30
    after = applied(issue_dir, fix, taller, CHEZHAN_PLACE.format(lines=fix.after))
    assert after.fits and after.empty_lines <= 2          # one per column of 2
    assert after == fix.fit


def test_an_article_too_long_for_any_height_the_page_allows_gets_no_fix(issue_dir: Path):
    article = issue_dir / BANGFU
    front, body = article.read_text(encoding="utf-8").split("---\n", 2)[1:]
    article.write_text(f"---\n{front}---\n{body}\n{body}\n{body}", encoding="utf-8")
    issue, setter, fits = edited(issue_dir)
    assert fits[BANGFU].lines_over > 40       # more than the smallest photo would free
    assert sizes_that_fit(issue, setter, 2, 1) == []


def test_a_height_that_ends_the_overflow_but_leaves_a_gap_is_no_fix(issue_dir: Path):
    """At 17 lines a line is still over; at 18, 7 lines stay empty in 6 columns: more
    than balancing leaves, so the editor is not offered it."""
    issue, setter, fits = edited(issue_dir, (XUNCHAO_PLACE.format(lines=18),
                                             XUNCHAO_PLACE.format(lines=16)))
    assert fits[XUNCHAO].lines_over > 0
    assert sizes_that_fit(issue, setter, 2, 0) == []
    at_18 = refit(issue, setter, 2, 0, Place(column=1, span=6, top=0, lines=18))
    assert next(f for f in at_18.fits if f.source == XUNCHAO).empty_lines > 6


def test_an_article_that_fits_exactly_gets_no_fix(issue_dir: Path):
    issue, setter, fits = edited(issue_dir)
    assert fits[BANGFU].fits and fits[BANGFU].empty_lines == 0
    assert sizes_that_fit(issue, setter, 2, 1) == []


@pytest.mark.parametrize(("source", "place", "before", "after"), [
    (XIAOBANDENG, XIAOBANDENG_PLACE, 26, 19),   # its last paragraphs
    (XUNCHAO, XUNCHAO_PLACE, 18, 5),            # from its last crosshead, set on two lines
], ids=["paragraphs", "crosshead"])
def test_the_overset_text_is_the_end_of_the_article_as_set(issue_dir: Path, source: str,
                                                           place: str, before: int,
                                                           after: int):
    replace_in(issue_dir / "issue.toml", place.format(lines=before), place.format(lines=after))
    issue, _resources, _lock, sheets = set_issue(issue_dir)
    over, fits = overset_texts(sheets, issue), {f.source: f for f in copyfit(sheets, issue)}
    text = over[source]
    assert len(text.replace("\n", "")) == fits[source].characters_over > 0
    assert "\n" in text                                  # more than one paragraph over
    first, *whole = _unspaced(text).split("\n")
    written = [_unspaced(paragraph.text) for paragraph in _paragraphs(sheets, source)]
    assert whole == written[len(written) - len(whole):]   # the last paragraphs, whole
    assert written[-len(whole) - 1].endswith(first)       # and the end of the one before
    assert over[BANGFU] == "" and fits[BANGFU].fits


def _paragraphs(sheets: list[Sheet], source: str) -> tuple[Paragraph, ...]:
    return next(view.typeset.paragraphs for sheet in sheets for view in sheet.modules
                if view.module.article.source.as_posix().endswith(source))


def _unspaced(text: str) -> str:
    """Without spaces: one where a crosshead breaks is not set."""
    return text.replace(" ", "")
