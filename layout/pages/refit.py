"""What if a frame stood elsewhere: the fit of every article, and what the grid refuses.

The desk asks this while an editor drags a frame. The issue stays set in memory: moving a
frame keeps its articles' measure, so only the flows are redone from the composed rows in
the cache; resizing it to another span needs the articles composed at that measure, which
`compose_every_span` does beforehand (once per span, kept in the cache).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from layout.manifest.schema import Place
from layout.model import Issue, Module, Page
from layout.pages.copyfit import ArticleFit, copyfit
from layout.pages.engine import lay_out_sheets
from layout.pages.frames import grid_problems
from layout.typeset.setter import Setter


@dataclass(frozen=True)
class Refit:
    fits: list[ArticleFit]          # every article of the issue, as `layout fit` has them
    problems: list[tuple[str, str]]  # (manifest key, message): overlaps, off the type area


def refit(issue: Issue, setter: Setter, page: int, module: int, place: Place) -> Refit:
    """The issue's fit if module `module` (0-based, in issue.toml's order) of page `page`
    (its number) stood at `place`; the grid's objections to that place, if any."""
    moved = with_place(issue, page, module, place)
    target = next(p for p in moved.pages if p.number == page)
    problems = grid_problems(moved.format,
                             [(target.number, [m.frame for m in target.modules])])
    if problems:
        return Refit([], problems)
    return Refit(copyfit(lay_out_sheets(moved, setter), moved), [])


def with_place(issue: Issue, page: int, module: int, place: Place) -> Issue:
    """The issue with one module's place changed (its text columns following its span
    when they followed it before)."""
    return replace(issue, pages=tuple(
        replace(p, modules=tuple(_placed(m, place) if p.number == page and n == module else m
                                 for n, m in enumerate(p.modules)))
        if p.number == page else p for p in issue.pages))


def compose_every_span(issue: Issue, setter: Setter) -> int:
    """Compose every article at the measure of every span its first module could take on
    its page, into the cache; returns how many settings that made."""
    settings = 0
    for page in issue.pages:
        for n, module in enumerate(page.modules):
            if module.continues:
                continue
            for span in range(1, issue.format.columns + 1):
                place = module.frame.place.model_copy(update={"span": span, "column": 1})
                lay_out_sheets(_alone(issue, page, n, place), setter)
                settings += 1
    return settings


def _placed(module: Module, place: Place) -> Module:
    frame = module.frame
    strip = 1 if frame.vertical_title else 0
    follows_span = frame.columns == max(frame.place.span - strip, 1)
    columns = max(place.span - strip, 1) if follows_span else min(frame.columns, place.span)
    return replace(module, frame=replace(frame, place=place, columns=columns))


def _alone(issue: Issue, page: Page, module: int, place: Place) -> Issue:
    """An issue of one page holding one module at `place`: enough to set its article at
    that measure."""
    moved = _placed(page.modules[module], place)
    return replace(issue, pages=(replace(page, modules=(moved,)),))

