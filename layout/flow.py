"""The flow stage: composed rows poured into an article's text columns, top to bottom.

Every row is one line of the baseline grid. A crosshead never ends a column: it moves to
the next column with the line after it. The space above a crosshead is dropped at the top
of a column. Rows that find no column are the overflow, counted exactly in lines and
characters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from layout.frames import MM_PER_PT, ModuleFrames, Rect
from layout.typeset import Row


@dataclass(frozen=True)
class Column:
    rect: Rect            # mm; its width is a whole number of body characters
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Flow:
    columns: tuple[Column, ...]
    overflow: tuple[Row, ...]
    capacity: int         # rows the columns hold

    @property
    def lines_over(self) -> int:
        return sum(1 for row in self.overflow if row.line)

    @property
    def characters_over(self) -> int:
        return sum(len(row.line.text) for row in self.overflow if row.line)

    @property
    def lines_used(self) -> int:
        return sum(len(column.rows) for column in self.columns)


def text_measure(frames: ModuleFrames, body_size: float) -> float:
    """The measure of the text columns in pt: the whole characters a column holds."""
    column = frames.column_width / MM_PER_PT
    return math.floor(column / body_size + 1e-6) * body_size


def column_rects(frames: ModuleFrames, measure: float) -> list[Rect]:
    width = measure * MM_PER_PT
    step = frames.column_width + frames.column_gap
    body = frames.body
    return [Rect(body.x + n * step, body.y, width, body.h) for n in range(frames.spec.columns)]


def rows_per_column(frames: ModuleFrames, leading: float) -> int:
    return math.floor(frames.body.h / (leading * MM_PER_PT) + 1e-6)


def flow(rows: tuple[Row, ...], rects: list[Rect], per_column: int) -> Flow:
    columns: list[Column] = []
    pending = list(rows)
    for rect in rects:
        taken, pending = _fill_column(pending, per_column)
        columns.append(Column(rect, tuple(taken)))
    return Flow(tuple(columns), tuple(pending), per_column * len(rects))


def _fill_column(rows: list[Row], capacity: int) -> tuple[list[Row], list[Row]]:
    taken: list[Row] = []
    i = 0
    while i < len(rows):
        block = _block_at(rows, i)
        consumed = len(block)
        if block[0].kind == "space" and not taken:
            block = block[1:]  # no space above a crosshead at the top of a column
        # A crosshead needs a line of text after it in the same column.
        needed = len(block) + (1 if rows[i].starts_block and i + consumed < len(rows) else 0)
        if len(taken) + needed > capacity:
            break
        taken += block
        i += consumed
    return taken, rows[i:]


def _block_at(rows: list[Row], i: int) -> list[Row]:
    """A crosshead with its space and all its lines moves as one; other rows alone."""
    if not rows[i].starts_block:
        return [rows[i]]
    j = i + 1
    while j < len(rows) and rows[j].kind == "crosshead":
        j += 1
    return rows[i:j]
