"""The page engine: every module framed, every article composed and poured into its frames.

For each page, each module gets its rectangles (frames). For each article, the modules
that carry it (the first, then those marked `continues`) are its parts; its text is
composed once at the measure of their columns and flowed through them in order, with
下转/上接 lines where it jumps. When the text overflows, or leaves more than a line empty,
the engine tries tighter or looser tracking within the paper's limit (auto-fit). The
result is a list of sheets the HTML stage only has to draw, and the exact fit of every
article for the copyfit report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from layout.manifest.check import check_issue
from layout.manifest.resources import PaperResources
from layout.model import Issue, Module, Page
from layout.pages.flow import ArticleFlow, Part, flow_article
from layout.pages.frames import MM_PER_PT, Grid, ModuleFrames, Rect, frame_module, masthead_rect
from layout.project.cache import cached
from layout.project.fonts import FontLock
from layout.typeset.article import TypesetArticle, jump_row, set_headline, typeset_article
from layout.typeset.compose import SetLine
from layout.typeset.setter import Setter, setter_for

# Main headline size (pt) by the number of grid columns the module spans.
TITLE_SIZES = {1: 12.0, 2: 15.0, 3: 18.0, 4: 22.0, 5: 26.0}
WIDEST_TITLE_SIZE = 28.0
DECK_RATIO = 0.45  # 引题 and 副题 size as a share of the 主题 size
RUNNING_HEAD_HEIGHT = 8.0  # mm, set in the top margin above the type area
FOLIO_GAP = 1.5  # mm between the type area and the folio line
TRACKING_STEP = 0.005  # auto-fit tries tracking in steps of half a percent
RULE = 0.15  # mm, the weight of a column rule


# How the stylesheet (static/newspaper.css) sets headline blocks and captions, as
# multiples of their type size: the engine measures with the same figures.
KICKER_LEADING = 1.5
TITLE_LEADING = 1.2
SUBTITLE_LEADING = 1.6
SUBTITLE_GAP = 0.8         # mm above each 副题 line
VERTICAL_LEADING = 1.05
CAPTION_SIZE = 0.95        # of the body size
CAPTION_LEADING = 0.9      # of the body leading
CAPTION_PADDING = 1.0      # mm above the caption


@dataclass(frozen=True)
class Headline:
    """The headline block's parts, each already broken into lines, and the room they take."""

    kicker: tuple[str, ...]
    title: tuple[str, ...]
    subtitle: tuple[str, ...]
    height: float = 0.0    # mm the block takes
    width: float = 0.0     # mm of its widest line


@dataclass(frozen=True)
class Caption:
    """A photo's caption and credit broken into lines, and the height they take."""

    lines: tuple[str, ...]
    height: float          # mm
    width: float           # mm of its widest line


@dataclass(frozen=True)
class ArticleSetting:
    """An article as set: its text, its flow through its parts, the tracking used."""

    typeset: TypesetArticle
    flow: ArticleFlow | None       # None when the paper does not compose its text
    tracking: float                # fraction of an em per character; negative is tighter
    chars_per_line: int


@dataclass(frozen=True)
class ModuleView:
    id: str
    module: Module
    frames: ModuleFrames
    setting: ArticleSetting
    part: Part | None              # this module's share of the flow
    is_last_part: bool
    headline: Headline | None = None
    caption: Caption | None = None

    @property
    def typeset(self) -> TypesetArticle:
        return self.setting.typeset

    @property
    def title_size(self) -> float:
        span = self.module.frame.place.span
        size = self.module.title_size or TITLE_SIZES.get(span, WIDEST_TITLE_SIZE)
        return size * 0.6 if self.module.continues else size  # a jump head is smaller

    def deck_size(self, body_size: float) -> float:
        """引题 and 副题 size: smaller than the title, never smaller than body text."""
        return max(self.title_size * DECK_RATIO, body_size)

    @property
    def overset(self) -> str | None:
        """超 N 字 / M 行 for the last module of an article that does not fit."""
        flow = self.setting.flow
        if not (self.is_last_part and flow and flow.overflow):
            return None
        return flow.overset

    @property
    def column_rules(self) -> list[Rect]:
        """Hairlines down the middle of the gutters between text columns, if asked for."""
        if not self.module.column_rules:
            return []
        body, columns = self.frames.body, self.frames.columns
        return [Rect((a.right + b.x) / 2 - RULE / 2, body.y, RULE, body.h)
                for a, b in zip(columns, columns[1:], strict=False)]


@dataclass(frozen=True)
class Sheet:
    """One page as the templates see it."""

    page: Page
    masthead: Rect | None
    modules: tuple[ModuleView, ...]
    running_head: Rect
    folio: Rect
    is_last: bool
    proof: bool = False     # proof mode: overflow is marked on the page, not refused


def lay_out_sheets(issue: Issue, setter: Setter) -> list[Sheet]:
    """Frame every module, set every article through its parts, and assemble the pages."""
    grid = Grid(issue.format)
    frames = {id(m): frame_module(grid, m.frame) for page in issue.pages for m in page.modules}
    settings = {source: _set_article(modules, frames, grid, setter)
                for source, modules in _articles(issue).items()}
    return [_sheet(issue, n, page, grid, frames, settings, setter)
            for n, page in enumerate(issue.pages)]


def _articles(issue: Issue) -> dict[Path, list[tuple[int, Module]]]:
    """Each article's modules in page order: the first, then its continuations."""
    articles: dict[Path, list[tuple[int, Module]]] = {}
    for page in issue.pages:
        for module in page.modules:
            articles.setdefault(module.article.source, []).append((page.number, module))
    return articles


def _set_article(modules: list[tuple[int, Module]], frames: dict[int, ModuleFrames],
                 grid: Grid, setter: Setter) -> ArticleSetting:
    article = modules[0][1].article
    parts = [(page, frames[id(module)].columns) for page, module in modules]
    measure = min(column.w for _, columns in parts for column in columns) / MM_PER_PT
    chars = round(measure / setter.size)

    def attempt(tracking: float) -> ArticleSetting:
        key = (article, measure, tracking, setter.fingerprint)
        typeset = cached("typeset", key,
                         lambda: typeset_article(article, measure, setter, tracking),
                         TypesetArticle)
        if not setter.compose:
            return ArticleSetting(typeset, None, tracking, chars)
        flow = flow_article(typeset.rows, parts, grid.line_pitch,
                            lambda kind, text: jump_row(kind, text, measure, setter))
        return ArticleSetting(typeset, flow, tracking, chars)

    return _auto_fit(attempt, setter.autofit)


def _auto_fit(attempt: Callable[[float], ArticleSetting], limit: float) -> ArticleSetting:
    """The setting at normal tracking, unless a tracking within `limit` fits better:
    the least tightening that ends an overflow, or the least loosening that leaves no
    more than one empty line."""
    normal = attempt(0.0)
    if normal.flow is None or limit <= 0:
        return normal
    if normal.flow.overflow:
        for tracking in _steps(-limit):
            tighter = attempt(tracking)
            if not _flow(tighter).overflow:
                return tighter
        return normal
    if _empty_rows(normal.flow) <= 1:
        return normal
    for tracking in _steps(limit):
        looser = attempt(tracking)
        if _flow(looser).overflow:
            break
        if _empty_rows(_flow(looser)) <= 1:
            return looser
    return normal  # a gap too large to fill by tracking is left to the editor


def _flow(setting: ArticleSetting) -> ArticleFlow:
    """The flow of an article the paper composes (auto-fit is only tried on those)."""
    assert setting.flow is not None
    return setting.flow


def _steps(limit: float) -> Iterator[float]:
    n = round(abs(limit) / TRACKING_STEP)
    sign = 1 if limit > 0 else -1
    return (sign * TRACKING_STEP * k for k in range(1, n + 1))


def _empty_rows(flow: ArticleFlow) -> int:
    return flow.capacity - flow.rows_used


def _sheet(issue: Issue, n: int, page: Page, grid: Grid, frames: dict[int, ModuleFrames],
           settings: dict[Path, ArticleSetting], setter: Setter) -> Sheet:
    area, margins = grid.type_area, issue.format.margins
    running_head = Rect(area.x, area.y - RUNNING_HEAD_HEIGHT - 1.5, area.w, RUNNING_HEAD_HEIGHT)
    folio = Rect(area.x, area.bottom + FOLIO_GAP, area.w, margins.bottom - 2 * FOLIO_GAP)
    views = []
    for i, module in enumerate(page.modules):
        setting = settings[module.article.source]
        part, last = _part_of(setting, module, issue)
        view = ModuleView(f"p{page.number}-m{i}", module, frames[id(module)], setting, part,
                          last)
        views.append(replace(view, headline=_headline(view, setter),
                             caption=_caption(view, setter, issue.format.leading)))
    masthead = masthead_rect(grid) if page.has_masthead else None
    return Sheet(page, masthead, _reading_order(views), running_head, folio,
                 n == len(issue.pages) - 1)


def _reading_order(views: list[ModuleView]) -> tuple[ModuleView, ...]:
    """Modules in the order they are written to the PDF: an article's parts on this page
    together, so that text extraction reads each article whole."""
    first: dict[Path, int] = {}
    for n, view in enumerate(views):
        first.setdefault(view.module.article.source, n)
    return tuple(sorted(views, key=lambda v: first[v.module.article.source]))


def _part_of(setting: ArticleSetting, module: Module,
             issue: Issue) -> tuple[Part | None, bool]:
    """This module's part of its article's flow, and whether it is the last part."""
    carriers = [m for p in issue.pages for m in p.modules
                if m.article.source == module.article.source]
    index = next(k for k, m in enumerate(carriers) if m is module)
    part = setting.flow.parts[index] if setting.flow else None
    return part, index == len(carriers) - 1


def _headline(view: ModuleView, setter: Setter) -> Headline | None:
    if view.frames.head is None:
        return None
    head = view.typeset.head
    if view.module.frame.vertical_title:
        chars = tuple(head.title.replace(" ", ""))
        return Headline((), chars, (), len(chars) * view.title_size * VERTICAL_LEADING * MM_PER_PT)
    width = view.frames.head.w / MM_PER_PT
    deck = view.deck_size(setter.size)

    def lines(text: str | None, part: str, size: float) -> tuple[SetLine, ...]:
        return set_headline(text, part, size, width, setter) if text else ()

    title = lines(head.title, "title", view.title_size)
    if view.module.continues:  # a jump head: the title alone, smaller
        kicker: tuple[SetLine, ...] = ()
        subtitle: tuple[SetLine, ...] = ()
    else:
        kicker, subtitle = lines(head.kicker, "deck", deck), lines(head.subtitle, "deck", deck)
    height = (len(kicker) * deck * KICKER_LEADING + len(title) * view.title_size * TITLE_LEADING
              + len(subtitle) * deck * SUBTITLE_LEADING) * MM_PER_PT \
        + len(subtitle) * SUBTITLE_GAP
    widest = max((line.width for line in (*kicker, *title, *subtitle)), default=0.0)
    def texts(lines: tuple[SetLine, ...]) -> tuple[str, ...]:
        return tuple(line.text for line in lines)

    return Headline(texts(kicker), texts(title), texts(subtitle), height=height,
                    width=widest * MM_PER_PT)


def _caption(view: ModuleView, setter: Setter, leading: float) -> Caption | None:
    photo, frame = view.module.photo, view.frames.caption
    if photo is None or frame is None:
        return None
    text = photo.caption + (f"（{photo.credit}）" if photo.credit else "")
    lines = set_headline(text, "caption", setter.size * CAPTION_SIZE, frame.w / MM_PER_PT, setter)
    height = CAPTION_PADDING + len(lines) * leading * CAPTION_LEADING * MM_PER_PT
    return Caption(tuple(line.text for line in lines), height,
                   max((line.width for line in lines), default=0.0) * MM_PER_PT)


def set_issue(issue_dir: Path) -> tuple[Issue, PaperResources, FontLock, list[Sheet]]:
    """Check the issue, then frame, compose and flow all of it, without rendering."""
    issue, resources, lock = check_issue(issue_dir)
    return issue, resources, lock, lay_out_sheets(issue, setter_for(issue.paper, lock))
