"""Typesetting one article: its text becomes composed lines for its column measure.

Input text is normalised first (typeset.normalise), then the byline, every paragraph and
crosshead is broken into lines by the composer (typeset.compose) at the measure of the
article's text columns; headline parts and captions are broken between words. What comes
out is a list of rows, one per body line of the baseline grid, which the page engine
distributes over the columns.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from layout.model import Article, Block
from layout.typeset.atoms import atomize
from layout.typeset.compose import SetLine, set_paragraph, set_unjustified
from layout.typeset.metrics import FaceMetrics
from layout.typeset.normalise import Edit, joined_pieces, normalise
from layout.typeset.setter import Setter
from layout.typeset.words import word_starts

RowKind = Literal["text", "crosshead", "space", "byline", "jump-to", "jump-from"]


@dataclass(frozen=True)
class Row:
    """One line of the baseline grid: a composed line, or the space before a crosshead."""

    kind: RowKind
    line: SetLine | None = None
    starts_block: bool = False   # first row of a crosshead: keep it with what follows


def set_headline(text: str, part: str, size: float, measure: float,
                 setter: Setter) -> tuple[SetLine, ...]:
    """A headline part (title, deck: 引题/副题, or caption) broken into balanced lines:
    between words, the editor's typed spaces first, never one character alone, a leading
    —— kept with its text. A part too wide for the measure keeps its overflow: the caller
    sees it in the lines' widths."""
    metrics = _headline_metrics(setter.files[part], size)
    # The renderer sets headlines and captions as they come, marks at full width: so
    # are they measured.
    atoms = [replace(atom, half=atom.full) for atom in atomize(text, "headline", metrics)]
    return tuple(set_unjustified(atoms, measure, size, setter.rules, word_starts(text)))


@lru_cache(maxsize=32)
def _headline_metrics(path: Path, size: float) -> FaceMetrics:
    return FaceMetrics(path, size)


@dataclass(frozen=True)
class Change:
    """A punctuation change normalisation made, where it was made in the article's file."""

    line: int
    column: int
    before: str
    after: str
    context: str    # a few characters around it, after the change

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.before!r} -> {self.after!r} in “{self.context}”"


@dataclass(frozen=True)
class Paragraph:
    """A block's text after normalisation, for the renderer when nothing is composed."""

    kind: str
    text: str


@dataclass(frozen=True)
class Head:
    """The article's headline parts, byline and dateline after normalisation."""

    kicker: str | None
    title: str
    subtitle: str | None
    byline: str | None
    dateline: str | None


@dataclass(frozen=True)
class TypesetArticle:
    article: Article
    rows: tuple[Row, ...]
    changes: tuple[Change, ...]
    measure: float
    paragraphs: tuple[Paragraph, ...]
    head: Head

    @property
    def characters(self) -> int:
        return sum(len(row.line.text) for row in self.rows if row.line)


def typeset_article(article: Article, measure: float, setter: Setter,
                    tracking: float = 0.0) -> TypesetArticle:
    """The article composed for columns `measure` pt wide; `tracking` (a fraction of an
    em, negative to tighten) sets its paragraphs as if each character were that much wider."""
    rules = setter.normalise if article.normalise else frozenset()
    head, changes = _clean_head(article, rules)
    paragraphs, body_changes = _clean_text(article, rules)
    rows = _compose(head, paragraphs, measure, setter, tracking) if setter.compose else []
    return TypesetArticle(article, tuple(rows), tuple(changes + body_changes), measure,
                          tuple(paragraphs), head)


HEAD_FIELDS = ("kicker", "title", "subtitle", "byline", "dateline")


def _clean_head(article: Article, rules: frozenset[str]) -> tuple[Head, list[Change]]:
    fields, changes = {}, []
    for name in HEAD_FIELDS:
        value = getattr(article, name)
        if value:
            value, edits = normalise(value, rules)
            changes += [Change(*article.origin_of(name, e.offset), e.before, e.after,
                               _context(value, e)) for e in edits]
        fields[name] = value
    return Head(**fields), changes


def _clean_text(article: Article, rules: frozenset[str]) -> tuple[list[Paragraph], list[Change]]:
    paragraphs, changes = [], []
    for block in article.blocks:
        pieces = joined_pieces(block.lines)
        text, edits = normalise("".join(piece for piece, _ in pieces), rules)
        changes += [Change(*_origin(block, pieces, e.offset), e.before, e.after,
                           _context(text, e)) for e in edits]
        paragraphs.append(Paragraph(block.kind, text))
    return paragraphs, changes


def _origin(block: Block, pieces: list[tuple[str, int | None]], offset: int) -> tuple[int, int]:
    """Line and column in the file of the character at `offset` of a rejoined block."""
    for piece, index in pieces:
        if offset < len(piece) and index is not None:
            line, column = block.origins[index] if block.origins else (1, 1)
            return line, column + offset
        offset -= len(piece)
    return block.origins[-1] if block.origins else (1, 1)


def _context(text: str, edit: Edit, radius: int = 6) -> str:
    """A few characters around a change, as printed: where to find it on the proof."""
    return text[max(0, edit.offset - radius):edit.offset + len(edit.after) + radius]


def _compose(head: Head, paragraphs: list[Paragraph], measure: float, setter: Setter,
             tracking: float) -> list[Row]:
    rows = _byline(head.byline, measure, setter) if head.byline else []
    dateline = head.dateline
    for paragraph in paragraphs:
        if paragraph.kind == "crosshead":
            rows += _crosshead(paragraph.text, measure, setter)
            continue
        rows += _paragraph(paragraph.text, dateline, measure, setter, tracking)
        dateline = None
    return rows


def jump_row(kind: Literal["jump-to", "jump-from"], text: str, measure: float,
             setter: Setter) -> Row:
    """A 下转第N版 ("jump-to") or 上接第N版 ("jump-from") line."""
    (line,) = set_unjustified(atomize(text, "body", setter.fonts["body"]), measure,
                              setter.size, setter.rules)[:1]
    return Row(kind, line)


# Paragraphs set lately, by everything that decides their lines, most recent last: the
# desk sets an article again on every save, and most of its paragraphs are as they were.
# (The desk composes in two threads: the lock keeps the dictionary whole.)
_set_lately: OrderedDict[tuple, tuple[Row, ...]] = OrderedDict()
_set_lately_lock = threading.Lock()
PARAGRAPHS_KEPT = 4096


def _paragraph(text: str, dateline: str | None, measure: float, setter: Setter,
               tracking: float) -> tuple[Row, ...]:
    key = (text, dateline, measure, tracking, setter.fingerprint)
    with _set_lately_lock:
        rows = _set_lately.get(key)
        if rows is not None:
            _set_lately.move_to_end(key)
            return rows
    rows = _set_paragraph(text, dateline, measure, setter, tracking)
    with _set_lately_lock:
        _set_lately[key] = rows
        if len(_set_lately) > PARAGRAPHS_KEPT:
            _set_lately.popitem(last=False)
    return rows


def _set_paragraph(text: str, dateline: str | None, measure: float, setter: Setter,
                   tracking: float) -> tuple[Row, ...]:
    atoms = atomize(dateline, "dateline", setter.fonts["dateline"]) if dateline else []
    atoms += atomize(text, "body", setter.fonts["body"])
    indent = setter.indent_ems * setter.size
    lines = set_paragraph(atoms, measure, indent, setter.size, setter.rules,
                          break_measure=measure / (1 + tracking))
    return tuple(Row("text", line) for line in lines)


def _crosshead(text: str, measure: float, setter: Setter) -> list[Row]:
    lines = set_unjustified(atomize(text, "crosshead", setter.fonts["crosshead"]), measure,
                            setter.size, setter.rules, word_starts(text))
    return [Row("space", starts_block=True), *(Row("crosshead", line) for line in lines)]


BYLINE_MARK = "□"   # opens a feature's byline: □本报记者 郭凡


def _byline(byline: str, measure: float, setter: Setter) -> list[Row]:
    text = byline if byline.startswith(BYLINE_MARK) else BYLINE_MARK + byline
    lines = set_unjustified(atomize(text, "byline", setter.fonts["byline"]), measure,
                            setter.size, setter.rules, word_starts(text))
    return [Row("byline", line) for line in lines]
