"""The flow stage: an article's composed rows poured into its text columns, in order.

Every row is one line of the baseline grid. The columns are those of the article's first
module, then of each module that continues it (转版), on the same page or another. Where
the text runs on to another module, the last line of the part is a 下转第N版 line and the
first line of the next part an 上接第N版 line, their page numbers taken from where the
parts are. A crosshead never ends a column: it moves to the next column with the line
after it, and its space is dropped at the top of a column. The article's last part is
balanced: its columns end within a line of each other instead of leaving the white at the
foot of the last one. Rows that find no column are the overflow, counted exactly in lines
and characters.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from layout.i18n import N_, PAPER, Voice
from layout.pages.frames import Rect, whole_lines
from layout.typeset.article import Row

JumpKind = Literal["jump-to", "jump-from"]
JumpLine = Callable[[JumpKind, str], Row]   # (kind, text) -> a composed row


@dataclass(frozen=True)
class Column:
    rect: Rect            # mm; its width is a whole number of body characters
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Part:
    """The share of an article set in one module."""

    page: int
    columns: tuple[Column, ...]
    capacity: int         # rows its columns hold

    @property
    def rows_used(self) -> int:
        return sum(len(column.rows) for column in self.columns)


@dataclass(frozen=True)
class ArticleFlow:
    parts: tuple[Part, ...]
    overflow: tuple[Row, ...]

    @property
    def lines_over(self) -> int:
        return sum(1 for row in self.overflow if row.line)

    @property
    def characters_over(self) -> int:
        return sum(len(row.line.text) for row in self.overflow if row.line)

    @property
    def overset(self) -> str:
        """What does not fit, as the proof page prints it (in Chinese)."""
        return overset_text(self.characters_over, self.lines_over, PAPER)

    @property
    def capacity(self) -> int:
        return sum(part.capacity for part in self.parts)

    @property
    def rows_used(self) -> int:
        return sum(part.rows_used for part in self.parts)


def rows_per_column(rect: Rect, pitch: float) -> int:
    return whole_lines(rect.h, pitch)


def overset_text(characters: int, lines: int, voice: Voice) -> str:
    """超 N 字 / M 行: how much of an article finds no room, as the desk writes it."""
    return voice.say(N_("{characters} / {lines} over")).format(
        characters=voice.say_for("{count} character", "{count} characters", characters)
        .format(count=characters),
        lines=voice.say_for("{count} line", "{count} lines", lines).format(count=lines))


def flow_article(rows: tuple[Row, ...], parts: list[tuple[int, tuple[Rect, ...]]],
                 pitch: float, jump_line: JumpLine) -> ArticleFlow:
    """Pour `rows` into `parts` (page number, text columns) in order."""
    pending = list(rows)
    placed: list[Part] = []
    for k, (page, rects) in enumerate(parts):
        # A jump to another page is announced at both ends; on the same page it is not.
        came_from = parts[k - 1][0] if k else page
        goes_to = parts[k + 1][0] if k + 1 < len(parts) else page
        lead_in = [jump_line("jump-from", f"（上接第{came_from}版）")] \
            if came_from != page and pending else []
        columns, rest = _fill_part(lead_in + pending, rects, pitch, reserve=0)
        if rest and goes_to != page:
            columns, rest = _fill_part(lead_in + pending, rects, pitch, reserve=1)
            columns = _append_to_last(columns, jump_line("jump-to", f"（下转第{goes_to}版）"))
        elif not rest and k == len(parts) - 1:
            columns = _balanced(lead_in + pending, rects, pitch)
        capacity = sum(rows_per_column(rect, pitch) for rect in rects)
        placed.append(Part(page, tuple(columns), capacity))
        pending = rest
    return ArticleFlow(tuple(placed), tuple(pending))


def _balanced(rows: list[Row], rects: tuple[Rect, ...], pitch: float) -> list[Column]:
    """The columns filled so that they end within a line of each other (as far as their
    heights and crossheads allow); the plain fill when that leaves rows over."""
    capacities = [rows_per_column(rect, pitch) for rect in rects]
    columns, pending = [], rows
    for n, rect in enumerate(rects):
        later = capacities[n + 1:]
        share = math.ceil(len(pending) / (1 + sum(1 for c in later if c > 0)))
        share = max(share, len(pending) - sum(later))
        taken, pending = _fill_column(pending, min(capacities[n], share))
        columns.append(Column(rect, tuple(taken)))
    return columns if not pending else _fill_part(rows, rects, pitch, reserve=0)[0]


def _fill_part(rows: list[Row], rects: tuple[Rect, ...], pitch: float,
               reserve: int) -> tuple[list[Column], list[Row]]:
    """Fill the columns in order, keeping `reserve` rows free at the end of the last one."""
    columns, pending = [], rows
    last = _last_usable(rects, pitch)
    for n, rect in enumerate(rects):
        capacity = rows_per_column(rect, pitch) - (reserve if n == last else 0)
        taken, pending = _fill_column(pending, max(capacity, 0))
        columns.append(Column(rect, tuple(taken)))
    return columns, pending


def _last_usable(rects: tuple[Rect, ...], pitch: float) -> int:
    usable = [n for n, rect in enumerate(rects) if rows_per_column(rect, pitch) > 0]
    return usable[-1] if usable else -1


def _append_to_last(columns: list[Column], row: Row) -> list[Column]:
    """The 下转 line closes the last column that has room kept for it."""
    for n in range(len(columns) - 1, -1, -1):
        if columns[n].rect.h > 0:
            columns[n] = Column(columns[n].rect, (*columns[n].rows, row))
            break
    return columns


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
