"""The shapes a module could take: for each span, the headline room its title needs at the
size its rank gives it, the photo's size, and the heights at which its article fits.

Every figure is the composer's: each candidate is set by the page engine with only the
article's own modules in the issue (the fit of one article does not depend on the others),
so a shape that fits here fits the same on the arranged page. A module fits in a shape
when no text is over, its headline and caption fit, and at most one line per text column
of its last part stays empty (balancing leaves each column within a line of the others).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from layout.manifest.schema import Place
from layout.model import FrameSpec, Issue, Module, PhotoFrame
from layout.pages.copyfit import ArticleFit, copyfit
from layout.pages.engine import TITLE_SIZES, WIDEST_TITLE_SIZE, lay_out_sheets
from layout.pages.frames import Grid
from layout.pages.refit import article_only, last_part_columns
from layout.typeset.setter import Setter

# The 主题 of a headline is this much bigger than the span's usual size: the first of each
# class is its size, the others are offered too, for a headline block that fills its room.
HEADLINE_SCALES = {"large": (1.6, 1.8, 2.0), "medium": (1.2, 1.35, 1.5), "small": (1.0, 1.15, 1.3)}
EXTRA_HEIGHTS = 1   # heights past the least that fits also offered (at most a line a column)
HEAD_AIR = 3        # body lines of white a headline block may be given above what it needs
PHOTO_CROP = 2      # body lines a photo across the module may be cut or grown from its
                    # proportions (cropped around its focus)
JUMP_TEXT_LINES = 4  # body lines of text, at least, a module keeps before its article jumps


@dataclass(frozen=True)
class Shape:
    """One way a module could stand, with the fit its article has in it."""

    span: int
    lines: int
    head_lines: int
    title_size: float
    photo: PhotoFrame | None
    fit: ArticleFit
    tolerance: int        # empty lines accepted: one per text column of the last part
    air: int = 0          # lines given to the headline past what it needs
    crop: int = 0         # photo lines past (or, negative, short of) its proportions
    larger_title: int = 0  # steps past the headline class's usual title size

    @property
    def area(self) -> int:
        return self.span * self.lines


@dataclass(frozen=True)
class Candidate:
    """A module arrange places, and every shape it could take."""

    key: str
    page: int
    module: Module
    priority: int          # 1 = the page's lead; modules without one follow in file order
    headline: str          # "large", "medium" or "small"
    shapes: tuple[Shape, ...]
    least_over: ArticleFit | None   # when no shape fits: the fit at the most room tried


def headline_class(priority: int, rank: int, asked: str | None) -> str:
    """The headline a module gets: as asked, else by its rank among the page's modules."""
    if asked:
        return asked
    return "large" if rank == 0 or priority == 1 else "medium" if rank == 1 else "small"


def title_sizes(headline: str, span: int) -> list[float]:
    """The 主题 sizes in pt for a headline class at a span, to the half point, its usual
    size first."""
    base = TITLE_SIZES.get(span, WIDEST_TITLE_SIZE)
    return list(dict.fromkeys(round(base * scale * 2) / 2 for scale in HEADLINE_SCALES[headline]))


class ShapeFinder:
    """Sets one module's article in candidate frames, each frame once."""

    def __init__(self, issue: Issue, setter: Setter, module: Module):
        self.setter = setter
        self.grid = Grid(issue.format)
        self.module = module
        self.issue = article_only(issue, module.article.source)
        self.ppi = issue.paper.print.min_photo_ppi
        self._tried: dict[tuple[FrameSpec, float, bool], tuple[ArticleFit, int]] = {}

    def shapes(self, spans: range, headline: str, min_lines: int) -> tuple[
            list[Shape], ArticleFit | None]:
        """Every shape at `spans` in which the article fits, and the fit at the most room
        tried when it fits in none."""
        found: list[Shape] = []
        closest: ArticleFit | None = None
        for span in spans:
            sizes = [self.module.title_size] if self.module.title_size else \
                title_sizes(headline, span)
            heads = {size: self._head_lines(span, size) for size in sizes}
            size, head = sizes[0], heads[sizes[0]]
            if head is None:
                continue
            hint = None
            for photo, crop in self.photos(span):
                shapes, fit, hint = self._heights(span, size, head, photo, crop, min_lines, hint)
                found += [bigger for shape in shapes for n, other in enumerate(sizes)
                          if (bigger := _with_title(shape, other, heads[other], n,
                                                    self.grid.lines))]
                if not shapes and fit and (closest is None or
                                           fit.lines_over < closest.lines_over):
                    closest = fit
        return found, None if found else closest

    def jump_shapes(self, spans: range, headline: str, min_lines: int) -> list[Shape]:
        """The shapes of a module whose article goes on on another page (下转): every
        height from room for its headline, photo and JUMP_TEXT_LINES of text up to the
        least at which it would fit whole. Its text fills the frame, no line left empty."""
        found: list[Shape] = []
        for span in spans:
            size = self.module.title_size or title_sizes(headline, span)[0]
            head = self._head_lines(span, size)
            if head is None:
                continue
            for photo, crop in self.photos(span):
                room = photo.lines + photo.caption_lines if photo else 0
                least = max(min_lines, head + room + JUMP_TEXT_LINES)
                whole = self._whole_from(span, size, head, photo, least)
                if whole > least:
                    over, _tolerance = self._fit(self._frame(span, least, head, photo), size)
                    found += [Shape(span, lines, head, size, photo, over, 0, crop=crop)
                              for lines in range(least, whole)]
        return found

    def _whole_from(self, span: int, size: float, head: int, photo: PhotoFrame | None,
                    least: int) -> int:
        """The least height from `least` at which the article fits whole (one past the
        page's lines when it fits at none)."""
        tallest = self.grid.lines
        if least > tallest:
            return least
        if not self._fit(self._frame(span, tallest, head, photo), size)[0].fits:
            return tallest + 1
        return self._least_fitting(span, size, head, photo, least, tallest, None)

    def photos(self, span: int) -> list[tuple[PhotoFrame | None, int]]:
        """The photo's sizes at a span, each with its crop: as the manifest gives it, else
        across the module or beside the text over fewer columns, as tall as the picture's
        proportions make it, and only where the picture has the
        paper's resolution. A photo beside the text is also offered cropped or grown by
        up to PHOTO_CROP lines (one across the module is, without setting, by `_grown`)."""
        frame, photo = self.module.frame.photo, self.module.photo
        if frame is None or photo is None:
            return [(None, 0)]
        if self.module.wishes.photo_sized:
            return [(frame, 0)]
        width_px, height_px = photo.pixels
        sizes: list[tuple[PhotoFrame | None, int]] = []
        for columns in range(span, 0, -1):
            width = columns * self.grid.column_width + (columns - 1) * self.grid.fmt.gutter
            if columns < 1 or width_px / (width / 25.4) < self.ppi:
                continue
            lines = max(2, round(width * height_px / width_px / self.grid.line_pitch))
            beside = columns < span
            for crop in range(-PHOTO_CROP, PHOTO_CROP + 1) if beside else [0]:
                if lines + crop >= 2:
                    sizes.append((replace(frame, lines=lines + crop,
                                          span=columns if beside else None), crop))
        return sizes

    def _heights(self, span: int, size: float, head: int, photo: PhotoFrame | None,
                 crop: int, min_lines: int, hint: int | None) -> tuple[
                     list[Shape], ArticleFit | None, int | None]:
        """The shapes at the least height that fits and the next, if also acceptable; the
        fit at the most room when none; the least height, to start the next search from."""
        tallest = self.grid.lines
        least = max(min_lines, head + (photo.lines + photo.caption_lines if photo else 0) + 1)
        if least > tallest:
            return [], None, hint
        fit, _tolerance = self._fit(self._frame(span, tallest, head, photo), size)
        if not fit.fits:
            return [], fit, hint
        low = self._least_fitting(span, size, head, photo, least, tallest, hint)
        shapes = []
        for lines in range(low, min(low + EXTRA_HEIGHTS, tallest) + 1):
            fit, tolerance = self._fit(self._frame(span, lines, head, photo), size)
            if fit.fits and fit.empty_lines <= tolerance:
                shapes += _grown(Shape(span, lines, head, size, photo, fit, tolerance,
                                       crop=crop), tallest,
                                 self.module.wishes.head_lines_given,
                                 self.module.wishes.photo_sized)
        return shapes, None, low

    def _least_fitting(self, span: int, size: float, head: int, photo: PhotoFrame | None,
                       low: int, high: int, hint: int | None) -> int:
        """The least height in [low, high] at which the article fits (it fits at `high`),
        by binary search: more room never fits worse. A hint (the answer for a slightly
        different photo) narrows the search when it brackets the answer."""
        def fits(lines: int) -> bool:
            return self._fit(self._frame(span, lines, head, photo), size)[0].fits

        if hint is not None:
            near_low, near_high = max(low, hint - 2 * PHOTO_CROP), min(high, hint + 2 * PHOTO_CROP)
            if fits(near_high) and (near_low == low or not fits(near_low - 1)):
                low, high = near_low, near_high
        while low < high:
            middle = (low + high) // 2
            low, high = (low, middle) if fits(middle) else (middle + 1, high)
        return low

    def _head_lines(self, span: int, size: float) -> int | None:
        """Body lines the headline block needs at this span and size (as the manifest gives
        them, if it does); None when it is wider than the module. Measured in a one-line
        headline room: the fault says by how many lines the block is taller."""
        if self.module.wishes.head_lines_given:
            return self.module.frame.head_lines
        fit, _tolerance = self._fit(self._frame(span, self.grid.lines, 1, None), size,
                                    headline_only=True)
        faults = [f for f in fit.frame_faults if f.part == "headline"]
        if any(f.mm_wider for f in faults):
            return None
        return 1 + max((f.lines_over for f in faults), default=0)

    def _frame(self, span: int, lines: int, head: int, photo: PhotoFrame | None) -> FrameSpec:
        frame = self.module.frame
        strip = 1 if frame.vertical_title else 0
        return replace(frame, place=Place(column=1, span=span, top=0, lines=lines),
                       head_lines=head, columns=max(span - strip, 1), photo=photo)

    def _fit(self, frame: FrameSpec, size: float,
             headline_only: bool = False) -> tuple[ArticleFit, int]:
        """The article's fit in `frame` with its title at `size`, and the text columns of
        its last part; `headline_only` sets the headline without the text (to measure it)."""
        if (frame, size, headline_only) not in self._tried:
            issue = self._with(frame, size, headline_only)
            sheets = lay_out_sheets(issue, self.setter)
            (fit,) = copyfit(sheets, issue)
            columns = last_part_columns(sheets, self.module.article.source, issue)
            self._tried[frame, size, headline_only] = (fit, columns)
        return self._tried[frame, size, headline_only]

    def _with(self, frame: FrameSpec, size: float, headline_only: bool) -> Issue:
        key = self.module.frame.key
        article = replace(self.module.article, blocks=()) if headline_only else \
            self.module.article
        return replace(self.issue, pages=tuple(
            replace(p, modules=tuple(replace(m, frame=frame, title_size=size, article=article)
                                     if m.frame.key == key else m for m in p.modules))
            for p in self.issue.pages))


def _with_title(shape: Shape, size: float, head: int | None, step: int,
                tallest: int) -> Shape | None:
    """The shape with a bigger title in the headline room it needs, the text's room kept
    (a taller frame by as many lines); None if that is taller than the page."""
    if head is None:
        return None
    lines = shape.lines + head - shape.head_lines + shape.air
    if lines > tallest or head < shape.head_lines - shape.air:
        return None
    return replace(shape, lines=lines, head_lines=head + shape.air, title_size=size,
                   larger_title=step)


def _grown(shape: Shape, tallest: int, head_fixed: bool, photo_fixed: bool) -> list[Shape]:
    """The shape, and the same text room in taller or shorter frames: white added to its
    headline block, its photo across the module cropped or grown a little. The text's
    columns keep their height, so the fit is the same without setting it again."""
    airs = [0] if head_fixed else range(HEAD_AIR + 1)
    photo = shape.photo
    across = photo is not None and not photo_fixed and photo.span is None
    crops = range(-PHOTO_CROP, PHOTO_CROP + 1) if across else [0]
    grown = []
    for air in airs:
        for crop in crops:
            lines = shape.lines + air + crop
            if lines > tallest or (photo is not None and photo.lines + crop < 2):
                continue
            cropped = replace(photo, lines=photo.lines + crop) if photo and crop else photo
            grown.append(replace(shape, lines=lines, head_lines=shape.head_lines + air,
                                 photo=cropped, air=air, crop=crop))
    return grown


def lines_in(grid: Grid, height: int | str) -> int:
    """A height or a top in whole body lines (one written in millimetres rounds up)."""
    return height if isinstance(height, int) else math.ceil(grid.mm(height) / grid.line_pitch
                                                             - 1e-6)
