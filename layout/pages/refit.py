"""What if a frame stood elsewhere: the fit of every article, and what the grid refuses.

The desk asks this while an editor drags a frame or a photo's edge, and to offer the size
that makes an article fit in one click. The issue stays set in memory: moving a frame
keeps its articles' measure, so only the flows are redone from the composed rows in the
cache; resizing it to another span needs the articles composed at that measure, which
`compose_every_span` does beforehand (once per span, kept in the cache). A photo's height
or span never changes the measure (the text columns keep their width, only their height).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from layout.manifest.schema import Place
from layout.model import FrameSpec, Issue, Module, Page
from layout.pages.copyfit import ArticleFit, copyfit
from layout.pages.engine import Sheet, lay_out_sheets
from layout.pages.flow import rows_per_column
from layout.pages.frames import Grid, grid_problems
from layout.typeset.setter import Setter


@dataclass(frozen=True)
class Refit:
    fits: list[ArticleFit]          # every article of the issue, as `layout fit` has them
    problems: list[tuple[str, str]]  # (manifest key, message): overlaps, off the type area


def refit(issue: Issue, setter: Setter, page: int, module: int, place: Place) -> Refit:
    """The issue's fit if module `module` (0-based, in issue.toml's order) of page `page`
    (its number) stood at `place`; the grid's objections to that place, if any."""
    return refit_frame(issue, setter, page, module,
                       _placed(module_at(issue, page, module).frame, place))


def refit_photo(issue: Issue, setter: Setter, page: int, module: int, lines: int,
                span: int | None) -> Refit:
    """The issue's fit if the module's photo were `lines` body lines tall over `span`
    text columns (None: across the module), at the side it stands now."""
    return refit_frame(issue, setter, page, module,
                       _photo_sized(module_at(issue, page, module).frame, lines, span))


def refit_frame(issue: Issue, setter: Setter, page: int, module: int,
                frame: FrameSpec) -> Refit:
    """The issue's fit if the module had `frame` (any change of place, photo or headline
    room); the grid's objections to it, if any. `refit` and `refit_photo` ask this."""
    changed = with_frame(issue, page, module, frame)
    problems = page_problems(changed, page)
    if problems:
        return Refit([], problems)
    return Refit(copyfit(lay_out_sheets(changed, setter), changed), [])


def module_at(issue: Issue, page: int, module: int) -> Module:
    """Module `module` (0-based) of the page numbered `page`."""
    return next(p for p in issue.pages if p.number == page).modules[module]


def with_place(issue: Issue, page: int, module: int, place: Place) -> Issue:
    """The issue with one module's place changed (its text columns following its span
    when they followed it before)."""
    return with_frame(issue, page, module, _placed(module_at(issue, page, module).frame, place))


def with_frame(issue: Issue, page: int, module: int, frame: FrameSpec) -> Issue:
    """The issue with one module's frame replaced."""
    return replace(issue, pages=tuple(
        replace(p, modules=tuple(replace(m, frame=frame) if p.number == page and n == module
                                 else m for n, m in enumerate(p.modules)))
        if p.number == page else p for p in issue.pages))


def page_problems(issue: Issue, page: int) -> list[tuple[str, str]]:
    """What the grid refuses on page `page`: overlaps, frames off the type area, photos
    below their module, no line left for text."""
    target = next(p for p in issue.pages if p.number == page)
    return grid_problems(issue.format, [(target.number, [m.frame for m in target.modules])])


def compose_every_span(issue: Issue, setter: Setter,
                       stop: Callable[[], bool] = lambda: False) -> int:
    """Compose every article at the measure of every span its first module could take on
    its page, into the cache, until `stop()` says the issue has changed meanwhile;
    returns how many settings that made."""
    settings = 0
    for page in issue.pages:
        for n, module in enumerate(page.modules):
            if module.continues:
                continue
            for span in range(1, issue.format.columns + 1):
                if stop():
                    return settings
                place = module.frame.place.model_copy(update={"span": span, "column": 1})
                lay_out_sheets(_alone(issue, page, n, place), setter)
                settings += 1
    return settings


def _placed(frame: FrameSpec, place: Place) -> FrameSpec:
    strip = 1 if frame.vertical_title else 0
    follows_span = frame.columns == max(frame.place.span - strip, 1)
    columns = max(place.span - strip, 1) if follows_span else min(frame.columns, place.span)
    return replace(frame, place=place, columns=columns)


def _photo_sized(frame: FrameSpec, lines: int, span: int | None) -> FrameSpec:
    if frame.photo is None:
        raise ValueError(f"{frame.key} has no photo to resize")
    return replace(frame, photo=replace(frame.photo, lines=lines, span=span))


def _alone(issue: Issue, page: Page, module: int, place: Place) -> Issue:
    """An issue of one page holding one module at `place`: enough to set its article at
    that measure."""
    moved = replace(page.modules[module], frame=_placed(page.modules[module].frame, place))
    return replace(issue, pages=(replace(page, modules=(moved,)),))


# One-click fit: the frame or photo height that makes an article fit.

FixPart = Literal["frame", "photo"]


@dataclass(frozen=True)
class Fix:
    """A height that makes the module's article fit, ready to apply: write `after` at
    `key` in issue.toml, or ask `refit_frame` with `frame`."""

    part: FixPart        # "frame": the module's place.lines; "photo": its photo's lines
    key: str             # what it changes in issue.toml, e.g. pages[1].articles[2].place.lines
    before: int | str    # that value now (a frame's height may be written "42.5mm")
    after: int           # body lines that make the article fit
    frame: FrameSpec     # the module's whole frame with the change
    fit: ArticleFit      # the article's fit with the change, as a build would give it

    @property
    def place(self) -> Place:
        """The module's place with the change (a photo fix leaves it as it is)."""
        return self.frame.place


NEIGHBOURS = 2  # heights past the least that fits also tried: tracking and balancing vary


def sizes_that_fit(issue: Issue, setter: Setter, page: int, module: int) -> list[Fix]:
    """The module's frame height and, when it has a photo, the photo's height that make
    its article fit, best first: no text over, no headline or caption fault, the fewest
    empty lines and at most one per text column of the article's last part, on a size
    the grid accepts; of equals, the nearest to the present size.

    An empty list means no other height does better: either the article already fits
    as well as the grid allows (its own fit says so), or no height the grid accepts
    makes it fit (it needs more room than the page has around the module). Only the
    article itself is set, and a binary search over each height keeps it to a dozen or
    two flows of it. A paper whose text the renderer sets (no `compose`) has no exact
    fit, and gets none."""
    if not setter.compose:
        return []
    trial = _Trial(issue, setter, page, module)
    frame, grid = trial.frame, Grid(issue.format)
    fixes = [_best_fix(trial, grid, "frame", frame.place.lines,
                       _frame_heights(issue, page, module))]
    if frame.photo is not None:
        fixes.append(_best_fix(trial, grid, "photo", frame.photo.lines,
                               _photo_heights(issue, page, module)))
    found = [fix for fix in fixes if fix is not None]
    return sorted(found, key=lambda fix: (fix.fit.empty_lines,
                                          abs(fix.after - _in_lines(grid, fix.before))))


Heights = list[tuple[int, FrameSpec]]   # (lines, the frame with that height), least room first
PHOTO_LEAST_LINES = 2   # as issue.toml allows (schema.PhotoSlot)


def _frame_heights(issue: Issue, page: int, module: int) -> Heights:
    """Every frame height the grid accepts at the module's top, lowest first."""
    frame = module_at(issue, page, module).frame
    return _accepted(issue, page, module, [
        (lines, _placed(frame, frame.place.model_copy(update={"lines": lines})))
        for lines in range(1, Grid(issue.format).lines + 1)])


def _photo_heights(issue: Issue, page: int, module: int) -> Heights:
    """Every photo height the grid accepts in the module, tallest (least room) first."""
    frame = module_at(issue, page, module).frame
    assert frame.photo is not None  # the caller checked
    return _accepted(issue, page, module, [
        (lines, _photo_sized(frame, lines, frame.photo.span))
        for lines in range(Grid(issue.format).lines, PHOTO_LEAST_LINES - 1, -1)])


def _accepted(issue: Issue, page: int, module: int, heights: Heights) -> Heights:
    return [(lines, frame) for lines, frame in heights
            if not page_problems(with_frame(issue, page, module, frame), page)]


@dataclass(frozen=True)
class _Tried:
    fit: ArticleFit
    tolerance: int       # empty lines accepted: one per text column of the last part

    @property
    def acceptable(self) -> bool:
        return self.fit.fits and self.fit.empty_lines <= self.tolerance


class _Trial:
    """The article of one module set with that module's frame changed, and nothing else
    of the issue: the other articles' fits do not change with its height."""

    def __init__(self, issue: Issue, setter: Setter, page: int, module: int) -> None:
        self.setter = setter
        self.frame = module_at(issue, page, module).frame
        self.source = module_at(issue, page, module).article.source
        self.article_only = article_only(issue, self.source)
        self.tried: dict[FrameSpec, _Tried] = {}

    def __call__(self, frame: FrameSpec) -> _Tried:
        if frame not in self.tried:
            self.tried[frame] = self._set(frame)
        return self.tried[frame]

    def _set(self, frame: FrameSpec) -> _Tried:
        issue = _with_key(self.article_only, frame)
        sheets = lay_out_sheets(issue, self.setter)
        (fit,) = copyfit(sheets, issue)
        return _Tried(fit, last_part_columns(sheets, self.source, issue))


def article_only(issue: Issue, source: Path) -> Issue:
    """The issue holding only the modules that carry the article at `source`."""
    pages = (replace(p, modules=tuple(m for m in p.modules if m.article.source == source))
             for p in issue.pages)
    return replace(issue, pages=tuple(p for p in pages if p.modules))


def _with_key(issue: Issue, frame: FrameSpec) -> Issue:
    """The issue with the module whose manifest key is `frame.key` given `frame`."""
    return replace(issue, pages=tuple(
        replace(p, modules=tuple(replace(m, frame=frame) if m.frame.key == frame.key else m
                                 for m in p.modules)) for p in issue.pages))


def last_part_columns(sheets: list[Sheet], source: Path, issue: Issue) -> int:
    """The text columns of the article's last part that hold a line: balancing leaves
    each of them at most one line short."""
    pitch = Grid(issue.format).line_pitch
    view = next(v for sheet in sheets for v in sheet.modules
                if v.module.article.source == source and v.is_last_part)
    return sum(1 for column in view.frames.columns if rows_per_column(column, pitch) > 0)


def _best_fix(trial: _Trial, grid: Grid, part: FixPart, before: int | str,
              heights: Heights) -> Fix | None:
    """The height among `heights` that fits best, as a fix; None when none is acceptable
    or the best is the present one (`before`)."""
    now = _in_lines(grid, before)
    first = _first_fitting(trial, heights)
    if first is None:
        return None
    present = [n for n, (lines, _frame) in enumerate(heights) if lines == before]
    tried = {*range(first, min(first + NEIGHBOURS + 1, len(heights))), *present}
    ranked = sorted((heights[n] for n in tried if trial(heights[n][1]).acceptable),
                    key=lambda height: (trial(height[1]).fit.empty_lines,
                                        abs(height[0] - now)))
    if not ranked or ranked[0][0] == before:
        return None
    lines, frame = ranked[0]
    key = f"{frame.key}.place.lines" if part == "frame" else f"{frame.key}.photo.lines"
    return Fix(part, key, before, lines, frame, trial(frame).fit)


def _first_fitting(trial: _Trial, heights: Heights) -> int | None:
    """The first of `heights` (least room first) at which the article fits, by binary
    search: more room does not make an article fit worse (a flow fills its columns in
    order, and auto-fit never loosens a text into overflow)."""
    def fits(n: int) -> bool:
        return trial(heights[n][1]).fit.fits

    if not heights or not fits(len(heights) - 1):
        return None
    low, high = 0, len(heights) - 1
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if fits(middle) else (middle + 1, high)
    return low


def _in_lines(grid: Grid, height: int | str) -> float:
    """A height in body lines, one written in millimetres too."""
    return grid.mm(height) / grid.line_pitch
