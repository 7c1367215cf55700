"""Where every printed character stands: the Sheets as pages of text blocks, lines and
characters, in millimetres from the trim's top left corner.

Article text comes from the composer: each column's rows sit on the baseline grid
(frames), each character advances by its width as measured for the composer
(typeset.atoms, on the locked fonts) plus the letter spacing the composer gave it, half
before and half after its glyph (typeset.compose). Headlines and captions are placed as
the stylesheet sets them, with the figures the engine measures them with (pages.engine).
The page's own furniture (masthead, running head, folio), which the templates set, is
read from the page's PDF (printed.py). Blocks come in the order the PDF draws them, which
is reading order (pages.engine: _reading_order).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from layout.model import MM_PER_PT, Issue
from layout.pages.engine import (
    CAPTION_LEADING,
    CAPTION_PADDING,
    CAPTION_SIZE,
    KICKER_LEADING,
    SUBTITLE_GAP,
    SUBTITLE_LEADING,
    TITLE_LEADING,
    VERTICAL_LEADING,
    ModuleView,
    Sheet,
)
from layout.pages.flow import Column
from layout.pages.frames import Grid, Rect
from layout.project.fonts import FontLock
from layout.typeset.article import Head
from layout.typeset.atoms import atomize
from layout.typeset.compose import SetLine
from layout.typeset.metrics import FaceMetrics
from layout.typeset.setter import RUN_ROLES

BlockKind = Literal["headline", "caption", "text", "jump", "masthead", "running-head",
                    "folio", "body"]


@dataclass(frozen=True)
class Style:
    """A face as printed: the family as the font lock names it (build.json records its
    file), its weight and its size in pt."""

    family: str
    weight: int
    size: float


@dataclass(frozen=True)
class Glyph:
    """One printed character: its advance box, from the font's ascent to its descent."""

    char: str
    x: float        # mm
    width: float    # mm
    top: float      # mm
    height: float   # mm
    style: Style


@dataclass(frozen=True)
class Line:
    glyphs: tuple[Glyph, ...]
    baseline: float  # mm

    @property
    def text(self) -> str:
        return "".join(glyph.char for glyph in self.glyphs)

    @property
    def rect(self) -> Rect:
        return union(Rect(g.x, g.top, g.width, g.height) for g in self.glyphs)


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    lines: tuple[Line, ...]
    article: int | None = None   # the article's number in the issue; None: the page's own

    @property
    def rect(self) -> Rect:
        return union(line.rect for line in self.lines)

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


@dataclass(frozen=True)
class PageText:
    """One page's printed text in reading order, and its articles' frames."""

    number: int
    name: str
    width: float    # mm, the trim
    height: float
    area: Rect      # the type area: what is above it is the top margin, below the bottom
    blocks: tuple[Block, ...]
    articles: tuple[tuple[int, tuple[Rect, ...]], ...]   # (article number, module frames)


def union(rects: Iterator[Rect] | list[Rect]) -> Rect:
    boxes = list(rects)
    if not boxes:
        return Rect(0.0, 0.0, 0.0, 0.0)
    x, y = min(r.x for r in boxes), min(r.y for r in boxes)
    return Rect(x, y, max(r.right for r in boxes) - x, max(r.bottom for r in boxes) - y)


def printed_heads(sheets: list[Sheet]) -> dict[Path, Head]:
    """Each article's headline parts, byline and dateline as printed (normalised), by its
    source: what the library files name it by."""
    return {view.module.article.source: view.typeset.head
            for sheet in sheets for view in sheet.modules}


def article_numbers(issue: Issue) -> dict[Path, int]:
    """Each article's number in the issue (1, 2, ...), in the order they first appear."""
    return {article.source: n for n, article in enumerate(issue.articles(), start=1)}


@dataclass(frozen=True)
class Fonts:
    """The faces text is printed in, by role: the paper's families and the locked files."""

    issue: Issue
    lock: FontLock

    def face(self, role: str, weight: int, size: float) -> Face:
        family = getattr(self.issue.paper.fonts, role)
        return _face(self.lock.file_of(family, weight), Style(family, weight, size))

    def run(self, name: str, size: float) -> Face:
        """The face of a composer run (body, dateline, crosshead, byline)."""
        role, weight = RUN_ROLES[name]
        return self.face(role, weight, size)


class Face:
    """Advances and vertical extents of one locked file at one size, as the renderer sets
    it (HarfBuzz, as Pango shapes)."""

    def __init__(self, path: Path, style: Style):
        self.metrics = FaceMetrics(path, style.size)
        self.style = style
        ascent, descent = self.metrics.extents()
        self.ascent = ascent * MM_PER_PT
        self.descent = -descent * MM_PER_PT

    def baseline(self, top: float, line_height: float) -> float:
        """The baseline of a CSS line box `line_height` mm high starting at `top`: the
        half-leading above the ascent."""
        return top + (line_height - self.ascent - self.descent) / 2 + self.ascent

    def glyphs(self, chars: str, widths: list[float], spacing: list[float], x: float,
               baseline: float) -> list[Glyph]:
        """Characters from `x`, each `widths` pt wide with `spacing` pt shared half
        before and half after its glyph."""
        placed = []
        for char, width, space in zip(chars, widths, spacing, strict=True):
            left = x + space / 2 * MM_PER_PT
            placed.append(Glyph(char, left, width * MM_PER_PT, baseline - self.ascent,
                                self.ascent + self.descent, self.style))
            x += (width + space) * MM_PER_PT
        return placed

    def natural(self, text: str) -> list[float]:
        """Each character's width as the composer measured headlines: full width."""
        return run_widths(text, frozenset(), self.metrics)


@lru_cache(maxsize=64)
def _face(path: Path, style: Style) -> Face:
    return Face(path, style)


def run_widths(text: str, halt: frozenset[int], metrics: FaceMetrics) -> list[float]:
    """Each character's advance in pt, measured as the composer measured it: Latin words
    letter by letter, marks at half width where set so (halt), —— and …… in halves."""
    widths: list[float] = []
    for atom in atomize(text, "run", metrics):
        count = len(atom.text)
        if atom.kind == "latin":
            widths += atom.char_widths
        elif count == 1:
            widths.append(atom.half if len(widths) in halt else atom.full)
        else:
            widths += [atom.full / count] * count
    return widths


# ------------------------------------------------------------------ composed text


def composed_line(line: SetLine, face_of: dict[str, Face], x: float, top: float,
                  pitch: float, strut: Face) -> Line:
    """A composed line whose box starts at `x` (its indent included), in a line box of
    `pitch` mm at `top` whose strut is `strut` (the face of the line's own block)."""
    baseline = strut.baseline(top, pitch)
    glyphs: list[Glyph] = []
    x += line.indent * MM_PER_PT
    for run in line.runs:
        face = face_of[run.run]
        widths = run_widths(run.text, run.halt, face.metrics)
        glyphs += face.glyphs(run.text, widths, list(run.spacing), x, baseline)
        x += sum(w + s for w, s in zip(widths, run.spacing, strict=True)) * MM_PER_PT
    return Line(tuple(glyphs), baseline)


def column_blocks(column: Column, pitch: float, face_of: dict[str, Face], body: Face,
                  article: int) -> list[Block]:
    """A text column as blocks: its 上接 line, its text, its 下转 line, each its own.
    Crossheads are centred and 下转 lines set right, as the stylesheet sets them."""
    blocks: list[Block] = []
    current: list[Line] = []
    for n, row in enumerate(column.rows):
        if row.line is None:
            continue
        width = row.line.width * MM_PER_PT   # as the composer set it, spacing included
        x = column.rect.x
        if row.kind == "crosshead":
            x += (column.rect.w - width) / 2
        elif row.kind == "jump-to":
            x = column.rect.right - width
        strut = face_of[row.line.runs[0].run] if len(row.line.runs) == 1 else body
        line = composed_line(row.line, face_of, x, column.rect.y + n * pitch, pitch, strut)
        if row.kind in ("jump-to", "jump-from"):
            blocks += _closed(current, article)
            blocks.append(Block("jump", (line,), article))
            current = []
        else:
            current.append(line)
    return blocks + _closed(current, article)


def _closed(lines: list[Line], article: int) -> list[Block]:
    return [Block("text", tuple(lines), article)] if lines else []


# ------------------------------------------------------------------ headlines, captions


def headline_block(view: ModuleView, fonts: Fonts, body_size: float, article: int) -> Block:
    """The headline as `.head` sets it: a column of lines centred in the head frame,
    the block centred top to bottom (pages.engine measures it with the same figures)."""
    head, headline = view.frames.head, view.headline
    assert head is not None and headline is not None  # the caller checked the frame
    title = fonts.face("headline", 900, view.title_size)
    if view.module.frame.vertical_title:
        parts = [(title, char, view.title_size * VERTICAL_LEADING, 0.0)
                 for char in headline.title]
    else:
        deck = view.deck_size(body_size)
        parts = [(fonts.face("kicker", 400, deck), text, deck * KICKER_LEADING, 0.0)
                 for text in headline.kicker]
        parts += [(title, text, view.title_size * TITLE_LEADING, 0.0)
                  for text in headline.title]
        parts += [(fonts.face("kicker", 700, deck), text, deck * SUBTITLE_LEADING,
                   SUBTITLE_GAP) for text in headline.subtitle]
    top = head.y + (head.h - headline.height) / 2
    lines = []
    for face, text, leading, gap in parts:
        top += gap
        widths = face.natural(text)
        x = head.x + (head.w - sum(widths) * MM_PER_PT) / 2
        height = leading * MM_PER_PT
        baseline = face.baseline(top, height)
        lines.append(Line(tuple(face.glyphs(text, widths, [0.0] * len(text), x, baseline)),
                          baseline))
        top += height
    return Block("headline", tuple(lines), article)


def caption_block(view: ModuleView, fonts: Fonts, body_size: float, leading: float,
                  article: int) -> Block:
    """The caption as `.caption` sets it: left, under its padding, line by line."""
    frame, caption = view.frames.caption, view.caption
    assert frame is not None and caption is not None  # the caller checked both
    face = fonts.face("caption", 400, body_size * CAPTION_SIZE)
    height = leading * CAPTION_LEADING * MM_PER_PT
    top, lines = frame.y + CAPTION_PADDING, []
    for text in caption.lines:
        baseline = face.baseline(top, height)
        widths = face.natural(text)
        lines.append(Line(tuple(face.glyphs(text, widths, [0.0] * len(text), frame.x,
                                            baseline)), baseline))
        top += height
    return Block("caption", tuple(lines), article)


# ------------------------------------------------------------------ pages


def module_blocks(view: ModuleView, fonts: Fonts, grid: Grid, article: int,
                  printed: PrintedText) -> list[Block]:
    """A module's blocks in the order the page draws them: headline, caption, columns
    (the renderer's own lines, read from the PDF, where the paper does not compose)."""
    fmt = grid.fmt
    blocks = []
    if view.frames.head is not None and view.headline is not None:
        blocks.append(headline_block(view, fonts, fmt.body_size, article))
    caption = None
    if view.frames.caption is not None and view.caption is not None:
        caption = caption_block(view, fonts, fmt.body_size, fmt.leading, article)
        blocks.append(caption)
    if view.part is None:
        if not view.module.continues:   # the caption stands inside the body's frame
            blocks += printed.blocks("body", view.frames.body, article, caption)
        return blocks
    face_of = {run: fonts.run(run, fmt.body_size) for run in RUN_ROLES}
    for column in view.part.columns:
        blocks += column_blocks(column, grid.line_pitch, face_of, face_of["body"], article)
    return blocks


class PrintedText:
    """What the page's PDF prints inside a frame, for text the templates set (see
    printed.py); `blocks` gives it as blocks, each line's characters in drawing order.
    `frames`: the frames it was read for (`frames_printed`), None for the whole page."""

    def __init__(self, lines: list[Line], frames: list[Rect] | None = None):
        self._lines = lines
        self._frames = frames

    def blocks(self, kind: BlockKind, frame: Rect | None, article: int | None = None,
               besides: Block | None = None) -> list[Block]:
        """The lines inside `frame` as a block, but for the lines of `besides` (a
        caption inside the frame, given already)."""
        if frame is None:
            return []
        if self._frames is not None and frame not in self._frames:
            raise AssertionError(f"the page's printed text was not read for {frame}")
        inside = [line for line in self._lines if _centre_in(line, frame)
                  and not (besides is not None and _one_of(line, besides))]
        return [Block(kind, tuple(inside), article)] if inside else []


def _one_of(line: Line, block: Block) -> bool:
    """Whether `line` as the PDF prints it is one of the lines of `block`, where it sets
    them."""
    text = "".join(line.text.split())
    return _centre_in(line, block.rect) and any(text == "".join(own.text.split())
                                                for own in block.lines)


def _centre_in(line: Line, frame: Rect) -> bool:
    box = line.rect
    x, y = box.x + box.w / 2, box.y + box.h / 2
    return frame.x <= x <= frame.right and frame.y <= y <= frame.bottom


def frames_printed(sheet: Sheet) -> list[Rect]:
    """The frames whose text `page_text` reads from the page's PDF: its masthead or running
    head, its folio, and the body of each module the composer does not set."""
    heads = [sheet.masthead or sheet.running_head, sheet.folio]
    bodies = [view.frames.body for view in sheet.modules
              if view.part is None and not view.module.continues]
    return [frame for frame in (*heads, *bodies) if frame is not None]


def page_text(issue: Issue, sheet: Sheet, fonts: Fonts, printed: PrintedText) -> PageText:
    """One page's blocks in reading order: its masthead or running head, its modules,
    its folio."""
    grid, numbers = Grid(issue.format), article_numbers(issue)
    blocks = printed.blocks("masthead", sheet.masthead) if sheet.masthead else \
        printed.blocks("running-head", sheet.running_head)
    articles: dict[int, list[Rect]] = {}
    for view in sheet.modules:
        number = numbers[view.module.article.source]
        articles.setdefault(number, []).append(view.frames.outer)
        blocks += module_blocks(view, fonts, grid, number, printed)
    blocks += printed.blocks("folio", sheet.folio)
    trim = issue.format.trim
    return PageText(sheet.page.number, sheet.page.name, trim.width, trim.height,
                    grid.type_area, tuple(blocks),
                    tuple((n, tuple(rects)) for n, rects in articles.items()))
