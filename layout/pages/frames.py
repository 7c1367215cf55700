"""The frame stage: where every module, headline, photo and text column goes on the page.

Places in the manifest are grid units (columns from the left, body lines from the top of
the type area); this stage turns them into rectangles in millimetres from the trim's top
left corner, which the templates position absolutely.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from layout.i18n import _
from layout.manifest.schema import PageFormat, Place
from layout.model import MM_PER_PT, FrameSpec

BOX_INSET = 2.5  # mm between a 花边 box's frame and its content
BOX_RULE_INSET = 0.8  # mm between the frame and the box's outer rule: air for the neighbours


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Rect) -> bool:
        eps = 1e-6
        return (self.x < other.right - eps and other.x < self.right - eps
                and self.y < other.bottom - eps and other.y < self.bottom - eps)

    def inset(self, d: float) -> Rect:
        return Rect(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)

    def take_top(self, height: float) -> tuple[Rect, Rect]:
        """This rectangle cut in two: a band `height` tall at the top, and the rest."""
        return (Rect(self.x, self.y, self.w, height),
                Rect(self.x, self.y + height, self.w, self.h - height))


@dataclass(frozen=True)
class Grid:
    """The column and line grid of a page format."""

    fmt: PageFormat

    @cached_property
    def type_area(self) -> Rect:
        m = self.fmt.margins
        return Rect(m.left, m.top, self.fmt.trim.width - m.left - m.right,
                    self.fmt.trim.height - m.top - m.bottom)

    @property
    def column_width(self) -> float:
        gutters = (self.fmt.columns - 1) * self.fmt.gutter
        return (self.type_area.w - gutters) / self.fmt.columns

    @property
    def line_pitch(self) -> float:
        return self.fmt.leading * MM_PER_PT

    @property
    def lines(self) -> int:
        """Body lines in the height of the type area."""
        return math.floor(self.type_area.h / self.line_pitch + 1e-9)

    def rect(self, place: Place) -> Rect:
        x = self.type_area.x + (place.column - 1) * (self.column_width + self.fmt.gutter)
        y = self.type_area.y + self.mm(place.top)
        w = place.span * self.column_width + (place.span - 1) * self.fmt.gutter
        return Rect(x, y, w, self.mm(place.lines))

    def mm(self, value: int | str) -> float:
        """A vertical length given in body lines (a number) or millimetres ("42.5mm")."""
        return float(value[:-2]) if isinstance(value, str) else value * self.line_pitch

    def chars_per_line(self, width: float) -> int:
        """Whole body characters in `width` mm; a hundredth of one short still counts."""
        return math.floor(width / (self.fmt.body_size * MM_PER_PT) + 0.01)


@dataclass(frozen=True)
class ModuleFrames:
    """The rectangles of one article module.

    `columns` are the text columns, each a whole number of body characters wide, shortened
    where a photo stands over them; `body` is the area they share.
    """

    spec: FrameSpec
    outer: Rect
    head: Rect | None
    photo: Rect | None
    caption: Rect | None
    body: Rect
    columns: tuple[Rect, ...]
    column_gap: float

    @property
    def box_rule(self) -> Rect | None:
        """Where a 花边 box's outer rule is drawn: inside the frame, clear of the text of the
        modules around it."""
        return self.outer.inset(BOX_RULE_INSET) if self.spec.boxed else None

    @property
    def column_width(self) -> float:
        """The width of a column's slot (the text in it may be a little narrower)."""
        n = self.spec.columns
        return (self.body.w - (n - 1) * self.column_gap) / n


def whole_lines(height: float, pitch: float) -> int:
    """How many body lines of `pitch` mm a height holds (rounding error is not a line short)."""
    return math.floor(height / pitch + 1e-6)


def masthead_rect(grid: Grid) -> Rect:
    area = grid.type_area
    return Rect(area.x, area.y, area.w, grid.fmt.masthead_lines * grid.line_pitch)


def frame_module(grid: Grid, spec: FrameSpec) -> ModuleFrames:
    outer = grid.rect(spec.place)
    rest = outer.inset(BOX_INSET) if spec.boxed else outer
    head = photo = caption = None
    if spec.vertical_title:
        head, rest = _title_strip(grid, rest)
    elif spec.head_lines:
        head, rest = rest.take_top(spec.head_lines * grid.line_pitch)
    body = rest
    if spec.photo and not (spec.photo.span and spec.photo.span < spec.columns):
        photo, rest = rest.take_top(spec.photo.lines * grid.line_pitch)
        caption, rest = rest.take_top(spec.photo.caption_lines * grid.line_pitch)
        body = rest
    slots = _slots(body, spec.columns, grid.fmt.gutter)
    if spec.photo and spec.photo.span and spec.photo.span < spec.columns:
        photo, caption, slots = _photo_over_columns(grid, spec, slots)
    columns = tuple(_text_column(grid, slot) for slot in slots)
    return ModuleFrames(spec, outer, head, photo, caption, body, columns, grid.fmt.gutter)


def _title_strip(grid: Grid, area: Rect) -> tuple[Rect, Rect]:
    """A vertical title takes one grid column at the right of the module."""
    width = grid.column_width
    strip = Rect(area.right - width, area.y, width, area.h)
    return strip, Rect(area.x, area.y, area.w - width - grid.fmt.gutter, area.h)


def _slots(body: Rect, n: int, gutter: float) -> list[Rect]:
    width = (body.w - (n - 1) * gutter) / n
    return [Rect(body.x + i * (width + gutter), body.y, width, body.h) for i in range(n)]


def _photo_over_columns(grid: Grid, spec: FrameSpec,
                        slots: list[Rect]) -> tuple[Rect, Rect, list[Rect]]:
    """A photo over `span` columns at one side; those columns start under its caption."""
    photo = spec.photo
    assert photo is not None and photo.span is not None  # the caller checked both
    k = photo.span
    covered = slots[:k] if photo.side == "left" else slots[-k:]
    x, right = covered[0].x, covered[-1].right
    picture = Rect(x, slots[0].y, right - x, photo.lines * grid.line_pitch)
    caption = Rect(x, picture.bottom, right - x, photo.caption_lines * grid.line_pitch)
    shortened = [Rect(s.x, caption.bottom, s.w, max(0.0, s.bottom - caption.bottom))
                 if s in covered else s for s in slots]
    return picture, caption, shortened


def _text_column(grid: Grid, slot: Rect) -> Rect:
    """The slot narrowed to whole characters, its height to whole lines."""
    width = grid.chars_per_line(slot.w) * grid.fmt.body_size * MM_PER_PT
    lines = whole_lines(slot.h, grid.line_pitch)
    return Rect(slot.x, slot.y, width, lines * grid.line_pitch)


def grid_problems(fmt: PageFormat,
                  pages: list[tuple[int, list[FrameSpec]]]) -> list[tuple[str, str]]:
    """(key path, message) for every module that does not sit properly on the grid.

    `pages` gives each page's number (page 1 has the masthead) and its module frames.
    """
    grid = Grid(fmt)
    problems = []
    for number, specs in pages:
        taken = [(_("the masthead"), masthead_rect(grid))] if number == 1 else []
        for spec in specs:
            problems += [(f"{spec.key}.{k}", m) for k, m in _module_problems(grid, spec)]
            rect = grid.rect(spec.place)
            problems += [(f"{spec.key}.place", _("overlaps {other}").format(other=name))
                         for name, other in taken if rect.overlaps(other)]
            taken.append((spec.key, rect))
    return problems


def _module_problems(grid: Grid, spec: FrameSpec) -> list[tuple[str, str]]:
    place, problems = spec.place, []
    last_column = place.column + place.span - 1
    if last_column > grid.fmt.columns:
        problems.append(("place", _("columns {first}-{last} go past the {columns}-column grid")
                          .format(first=place.column, last=last_column, columns=grid.fmt.columns)))
    bottom = grid.mm(place.top) + grid.mm(place.lines)
    if bottom > grid.type_area.h + 1e-6:
        problems.append(("place", _("{top} + {lines} go past the {grid} lines ({mm:.1f} mm) "
                                    "of the type area").format(
                                        top=place.top, lines=place.lines, grid=grid.lines,
                                        mm=grid.type_area.h)))
    frames = frame_module(grid, spec)
    photo = spec.photo
    if photo and photo.span and photo.span > spec.columns:
        problems.append(("photo.span", _("the photo spans {span} columns of a "
                                         "{columns}-column module").format(
                                             span=photo.span, columns=spec.columns)))
    if photo and frames.caption and frames.caption.bottom > frames.outer.bottom + 1e-6:
        problems.append(("photo.lines", _("the photo and caption reach below the module")))
    if sum(column.h for column in frames.columns) < grid.line_pitch - 1e-6:
        problems.append(("head_lines", _("headline and photo leave no line for the text")))
    if grid.chars_per_line(frames.column_width) < 4:
        problems.append(("columns", _("{columns} columns in a {span}-column module are too "
                                      "narrow for text").format(columns=spec.columns,
                                                                span=place.span)))
    return problems
