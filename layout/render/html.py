"""The HTML stage: Jinja2 templates fed with the framed, typeset issue.

Templates are package data; a paper may override any of them with a folder of its own
(`templates` in paper.toml). Autoescape is on and undefined names are errors, so article
text prints literally and a missing field never prints as an empty string.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup

from layout import dates
from layout.flow import Flow, column_rects, flow, rows_per_column, text_measure
from layout.frames import MM_PER_PT, Grid, ModuleFrames, Rect, frame_module, masthead_rect
from layout.model import Issue, Module, Page
from layout.render.cjk_spacing import encode
from layout.typeset import Setter, TypesetArticle, headline_lines, typeset_article
from layout.typeset.compose import SetRun

# Main headline size (pt) by the number of grid columns the module spans.
TITLE_SIZES = {1: 12.0, 2: 15.0, 3: 18.0, 4: 22.0, 5: 26.0}
WIDEST_TITLE_SIZE = 28.0
DECK_RATIO = 0.45  # 引题 and 副题 size as a share of the 主题 size
RUNNING_HEAD_HEIGHT = 8.0  # mm, set in the top margin above the type area
FOLIO_GAP = 1.5  # mm between the type area and the folio line
# Added to a text frame's height so that rounding in the layout never costs a whole line;
# far less than a line, so it never lets one more in.
GRID_SLACK = 0.05  # mm


@dataclass(frozen=True)
class ModuleView:
    id: str
    module: Module
    frames: ModuleFrames
    typeset: TypesetArticle
    flow: Flow | None   # None when the paper does not compose its text
    headline: Headline | None = None

    @property
    def title_size(self) -> float:
        span = self.module.frame.place.span
        return self.module.title_size or TITLE_SIZES.get(span, WIDEST_TITLE_SIZE)

    def deck_size(self, body_size: float) -> float:
        """引题 and 副题 size: smaller than the title, never smaller than body text."""
        return max(self.title_size * DECK_RATIO, body_size)


@dataclass(frozen=True)
class Headline:
    """The headline block's parts, each already broken into lines."""

    kicker: tuple[str, ...]
    title: tuple[str, ...]
    subtitle: tuple[str, ...]


def _headline(view: ModuleView, setter: Setter) -> Headline | None:
    if view.frames.head is None:
        return None
    head, width = view.typeset.head, view.frames.head.w / MM_PER_PT
    deck = view.deck_size(setter.size)

    def lines(text: str | None, part: str, size: float) -> tuple[str, ...]:
        return headline_lines(text, part, size, width, setter) if text else ()

    return Headline(lines(head.kicker, "deck", deck), lines(head.title, "title", view.title_size),
                    lines(head.subtitle, "deck", deck))

@dataclass(frozen=True)
class Sheet:
    """One page as the templates see it."""

    page: Page
    masthead: Rect | None
    modules: tuple[ModuleView, ...]
    running_head: Rect
    folio: Rect
    is_last: bool


def lay_out_sheets(issue: Issue, setter: Setter) -> list[Sheet]:
    """Frame, typeset and flow every module of every page."""
    grid = Grid(issue.format)
    area, margins = grid.type_area, issue.format.margins
    running_head = Rect(area.x, area.y - RUNNING_HEAD_HEIGHT - 1.5, area.w, RUNNING_HEAD_HEIGHT)
    folio = Rect(area.x, area.bottom + FOLIO_GAP, area.w, margins.bottom - 2 * FOLIO_GAP)
    sheets = []
    for n, page in enumerate(issue.pages):
        modules = tuple(_module_view(f"p{page.number}-m{i}", module, grid, setter)
                        for i, module in enumerate(page.modules))
        masthead = masthead_rect(grid) if page.has_masthead else None
        sheets.append(Sheet(page, masthead, modules, running_head, folio,
                            n == len(issue.pages) - 1))
    return sheets


def _module_view(view_id: str, module: Module, grid: Grid, setter: Setter) -> ModuleView:
    frames = frame_module(grid, module.frame)
    measure = text_measure(frames, grid.fmt.body_size)
    typeset = typeset_article(module.article, measure, setter)
    rows = None
    if setter.compose:
        rows = flow(typeset.rows, column_rects(frames, measure),
                    rows_per_column(frames, grid.fmt.leading))
    view = ModuleView(view_id, module, frames, typeset, rows)
    return replace(view, headline=_headline(view, setter))


def make_environment(override: Path | None = None) -> Environment:
    loaders = [FileSystemLoader(override)] if override else []
    loaders.append(PackageLoader("layout", "templates"))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["mm"] = _mm
    env.filters["rect"] = _rect_style
    env.filters["phrases"] = _phrases
    env.filters["np_set"] = _np_set
    return env


def render_html(issue: Issue, sheets: list[Sheet], font_css: str, env: Environment) -> str:
    template = env.get_template("issue.html")
    return template.render(
        paper=issue.paper, issue=issue, sheets=sheets, dates=_dates(issue.date),
        index=front_page_index(sheets), grid_slack=GRID_SLACK,
        font_css=Markup(font_css), page_css=Markup(page_css(issue)),
        base_css=Markup(resources.files("layout").joinpath("static/newspaper.css").read_text("utf-8")))


@dataclass(frozen=True)
class IndexEntry:
    number: int
    titles: tuple[str, ...]


def front_page_index(sheets: list[Sheet]) -> list[IndexEntry]:
    """今日导读: the headlines of every page after the front page."""
    return [IndexEntry(s.page.number, tuple(m.typeset.article.title for m in s.modules))
            for s in sheets[1:]]


def page_css(issue: Issue) -> str:
    fmt, fonts = issue.format, issue.paper.fonts
    variables = {
        "trim-width": _mm(fmt.trim.width), "trim-height": _mm(fmt.trim.height),
        "body-size": f"{fmt.body_size}pt", "leading": f"{fmt.leading}pt",
        **{f"font-{role}": f'"{family}"' for role, family in fonts.model_dump().items()},
    }
    declarations = " ".join(f"--{name}: {value};" for name, value in variables.items())
    return (f"@page {{ size: {_mm(fmt.trim.width)} {_mm(fmt.trim.height)}; margin: 0; }}\n"
            f":root {{ {declarations} }}")


@dataclass(frozen=True)
class _Dates:
    solar: str
    weekday: str
    lunar: str


def _dates(day: datetime.date) -> _Dates:
    return _Dates(dates.solar_date(day), dates.weekday(day), dates.lunar_date(day))


def _phrases(text: str) -> Markup:
    """Each space-separated phrase of a headline in a box that does not break inside."""
    phrase = Markup('<span class="phrase">{}</span>')
    return Markup(" ").join(phrase.format(p) for p in text.split())


def _np_set(run: SetRun) -> str:
    return encode(run.text, run.spacing, run.halt, run.fwid, run.size)


def _mm(value: float) -> str:
    return f"{value:.3f}mm"


def _rect_style(rect: Rect) -> str:
    return f"left: {_mm(rect.x)}; top: {_mm(rect.y)}; width: {_mm(rect.w)}; height: {_mm(rect.h)}"
