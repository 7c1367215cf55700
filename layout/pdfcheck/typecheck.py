"""Checking the Chinese typesetting of a PDF from its glyph positions.

The checker reads every character's box with pdfplumber, rebuilds the lines of body text
(the most common type size on each page), places them in their text columns, follows
each article's text from column to column and counts what a layout editor would mark on
a proof:

- ragged: a line whose paragraph goes on (in the same column, the next column, or a later
  part of the article) but which ends short of its column's edge by more than
  EDGE_TOLERANCE (0.1 pt), however short it is;
- overfull: a line that runs past the column edge by more than EDGE_TOLERANCE;
- line-start / line-end: a mark CLREQ keeps off the start or the end of a line;
- split-pair: a —— or …… split over two lines (counted once, not again as a line-start);
- uncompressed-pair: two adjacent marks (。” ”， ）（) taking two full ems;
- lone-last-character: a paragraph ending on a line that holds one Han character;
- compressed-mark: a single mark in the middle of a line set narrower than MARK_MIN
  (0.75 em) once the line's justification spacing is taken off. Mainland practice keeps
  such marks full width: only adjacent marks, the line's last mark and an opening bracket
  at the line start may lose half an em.

A paragraph goes on when the next line of its text is in the body face and not indented.
The generated jump lines （上接第N版） and （下转第N版） are not checked and are passed
over when following the text.

Where the text goes comes from the build's report.json when there is one (beside the
PDF, or in its parent folder for pages/ and plates/): each module's body rectangle and
column count place the lines, findings name the article, and an article's text runs
from its first module into its continuations, across pages (in a PDF of one page, text
going on in a page not in it is taken to end its paragraph there). Rectangles are
measured from the trim box's top-left corner, so plates with bleed and marks are read as
the proof is.
Without a report the columns are found from the glyphs: a column's text runs on only into
the column beside it on its right that starts at the same height or lower, and columns
are numbered from the left of the page. Lines set in another face than the body's
(crossheads, bylines) are not checked for raggedness.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfplumber.page import Page

from layout.errors import LayoutError
from layout.i18n import N_, _, ngettext
from layout.model import PT_PER_MM
from layout.typeset.chars import (
    CLOSING,
    DASH,
    ELLIPSIS,
    MIDDLE,
    NOT_AT_LINE_END,
    NOT_AT_LINE_START,
    OPENING,
    STOPS,
    TRAILING_BLANK,
    is_cjk_punctuation,
    is_han,
)

EDGE_TOLERANCE = 0.1    # pt: how far a line may end from its column's edge
MARK_MIN = 0.75         # em: a single mid-line mark narrower than this is compressed
INDENT_MIN = 0.9        # em: a line starting this far in opens a paragraph
REPORT_NAME = "report.json"
JUMP_LINE = re.compile(r"（(?:上接|下转)第\d+版）")
PUNCTUATION = OPENING | CLOSING | STOPS | MIDDLE
KINDS = ("ragged", "overfull", "line-start", "line-end", "split-pair", "uncompressed-pair",
         "lone-last-character", "compressed-mark")
# What each kind is called where a finding is shown to a person (the kinds themselves are
# identifiers, in the JSON report as they are).
KIND_NAMES = {"ragged": N_("ragged"), "overfull": N_("overfull"),
              "line-start": N_("line-start"), "line-end": N_("line-end"),
              "split-pair": N_("split-pair"), "uncompressed-pair": N_("uncompressed-pair"),
              "lone-last-character": N_("lone-last-character"),
              "compressed-mark": N_("compressed-mark")}

Char = dict[str, Any]
Box = tuple[float, float, float, float]      # x0, top, x1, bottom in PDF points
MmRect = tuple[float, float, float, float]   # x, y, w, h in mm from the trim's top-left


class ReportMismatchError(LayoutError):
    """The report.json given does not describe the PDF being checked."""

    exit_code = 2


@dataclass
class GlyphLine:
    chars: list[Char]
    body_font: bool

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return float(self.chars[0]["x0"])

    @property
    def x1(self) -> float:
        return float(self.chars[-1]["x1"])

    @property
    def top(self) -> float:
        return float(self.chars[0]["top"])

    @property
    def size(self) -> float:
        return float(self.chars[0]["size"])


@dataclass
class GlyphColumn:
    """One text column's consecutive lines, and where it stands on its page."""

    page: int
    lines: list[GlyphLine] = field(default_factory=list)
    number: int = 0              # 1-based: in its module, or on the page without a report
    article: str | None = None   # the article's id, from the report
    source: str | None = None    # the article's source file: its columns make one text
    left: float = 0.0
    edge: float = 0.0


def kind_name(kind: str) -> str:
    """A fault kind as the user's language calls it: 行未排满 for ragged."""
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


@dataclass(frozen=True)
class TypeFault:
    kind: str
    page: int
    article: str | None
    column: int
    line: str      # the line's text, to find it on the proof; "<pair> in <line>" for a pair
    pair: str | None = field(default=None, compare=False)   # the marks of a pair, if one

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "page": self.page, "article": self.article,
                "column": self.column, "line": self.line}

    def __str__(self) -> str:
        line = self.line
        if self.pair is not None:
            line = _("{pair} in {line}").format(
                pair=self.pair, line=self.line.removeprefix(f"{self.pair} in "))
        shown = _("page {page}, article {article}, column {column}: {kind}: {line}") \
            if self.article else _("page {page}, column {column}: {kind}: {line}")
        return shown.format(page=self.page, article=self.article, column=self.column,
                            kind=kind_name(self.kind), line=line)


@dataclass
class TypecheckReport:
    lines: int
    findings: list[TypeFault]
    layout: Path | None = None   # the report.json that named the articles

    def counts(self) -> dict[str, int]:
        found = Counter(f.kind for f in self.findings)
        return {kind: found.get(kind, 0) for kind in KINDS}

    def as_dict(self) -> dict[str, Any]:
        return {"lines": self.lines, "counts": self.counts(),
                "report": str(self.layout) if self.layout else None,
                "findings": [f.as_dict() for f in self.findings]}


def check_pdf(path: Path, report: Path | None = None) -> TypecheckReport:
    """Check every page of the PDF at `path`; `report` is the build's report.json, found
    beside the PDF (or one folder up) when not given."""
    found = report or find_report(path)
    with pdfplumber.open(path) as pdf:
        layouts = _layouts(path, found, len(pdf.pages), given=report is not None)
        columns = [column for n, page in enumerate(pdf.pages)
                   for column in _page_columns(page, n, layouts)]
    threads = _threads_by_article(columns) if layouts else _threads_by_position(columns)
    findings = [finding for thread in threads for finding in _check_thread(thread)]
    findings.sort(key=lambda f: f.page)   # page by page, each page's articles in order
    lines = sum(len(column.lines) for column in columns)
    return TypecheckReport(lines, findings, found if layouts else None)


def _page_columns(page: Page, index: int, layouts: list[PageLayout] | None) -> list[GlyphColumn]:
    text = _body_text(page.chars)
    if text is None:
        return []
    if layouts is None:
        return _detected_columns(_cut_at_edges(_lines(text, text.chars, cut=True)), index + 1)
    x, top = float(page.trimbox[0]), float(page.trimbox[1])
    return _module_columns(text, layouts[index], x, top)


# --------------------------------------------------------------------------- report.json


@dataclass(frozen=True)
class ModuleLayout:
    article: str
    source: str
    body: MmRect
    holes: tuple[MmRect, ...]    # photo and caption inside the body
    columns: int


@dataclass(frozen=True)
class PageLayout:
    number: int
    modules: tuple[ModuleLayout, ...]


def find_report(pdf: Path) -> Path | None:
    """The report.json of the build that made `pdf`: beside it, or one folder up."""
    for folder in (pdf.parent, pdf.parent.parent):
        if (folder / REPORT_NAME).is_file():
            return folder / REPORT_NAME
    return None


def _layouts(pdf: Path, report: Path | None, pages: int,
             given: bool) -> list[PageLayout] | None:
    """The layout of each page of the PDF; None without a report. A report found beside
    the PDF that is unreadable or does not describe it is passed over; one given is an
    error."""
    if report is None:
        return None
    try:
        layouts = _pages_of(pdf, report, pages)
    except ReportMismatchError:
        if given:
            raise
        return None
    if layouts is None and given:
        raise ReportMismatchError(ngettext(
            "{report} does not describe {pdf}: it lists neither that file nor {count} page",
            "{report} does not describe {pdf}: it lists neither that file nor {count} pages",
            pages).format(report=report, pdf=pdf.name, count=pages))
    return layouts


def _pages_of(pdf: Path, path: Path, pages: int) -> list[PageLayout] | None:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["pages"]
        layouts = {path.parent / entry["pdf"]: _page_layout(entry) for entry in entries}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ReportMismatchError(_("{path}: not a report.json of `layout build` ({reason})")
                                  .format(path=path, reason=repr(error))) from error
    for named, layout in layouts.items():
        if pages == 1 and (named.name == pdf.name or _same_file(named, pdf)):
            return [layout]   # one page's PDF
    return list(layouts.values()) if len(layouts) == pages else None


def _same_file(a: Path, b: Path) -> bool:
    return a.exists() and b.exists() and a.samefile(b)


def _page_layout(entry: dict[str, Any]) -> PageLayout:
    modules = tuple(ModuleLayout(
        module["article"], module["source"], _rect(module["body"]),
        tuple(_rect(module[k]) for k in ("photo", "caption") if module.get(k)),
        int(module["columns"])) for module in entry["modules"] if module.get("body"))
    return PageLayout(int(entry["number"]), modules)


def _rect(values: list[float]) -> MmRect:
    x, y, w, h = (float(v) for v in values)
    return x, y, w, h


def _module_columns(text: BodyText, layout: PageLayout, x: float, top: float) -> list[GlyphColumn]:
    """The page's lines in their modules' text columns; text outside every module body
    (headlines, captions, running heads) is not article text and is left out."""
    columns = []
    for module in layout.modules:
        slots = _slots(text, module, x, top)
        found = [GlyphColumn(layout.number, lines, n + 1, module.article, module.source)
                 for n, chars in enumerate(slots) if (lines := _lines(text, chars, cut=False))]
        _measure_module(found)
        columns += found
    return columns


def _slots(text: BodyText, module: ModuleLayout, x: float, top: float) -> list[list[Char]]:
    """The characters in each of the module's equal text columns. A character belongs
    where its box starts (an opening bracket's box may start half an em early: where its
    middle is); a line may run up to half an em past the body and still be seen."""
    x0, y0, x1, y1 = _points(module.body, x, top)
    body = (x0 - text.size / 2, y0, x1 + text.size / 2, y1)
    holes = [_points(hole, x, top) for hole in module.holes]
    pitch = (x1 - x0) / module.columns
    slots: list[list[Char]] = [[] for _column in range(module.columns)]
    for char in text.chars:
        point = _anchor(char)
        if _contains(body, point) and not any(_contains(hole, point) for hole in holes):
            n = math.floor((point[0] - x0) / pitch)
            slots[min(max(n, 0), module.columns - 1)].append(char)
    return slots


def _anchor(char: Char) -> tuple[float, float]:
    x = char["x0"] + (char["size"] / 2 if char["text"] in OPENING else 0.0)
    return float(x), (char["top"] + char["bottom"]) / 2


def _points(rect: MmRect, x: float, top: float) -> Box:
    """A rectangle in mm from the trim's top-left, as x0, top, x1, bottom in PDF points."""
    left, y, w, h = (v * PT_PER_MM for v in rect)
    return x + left, top + y, x + left + w, top + y + h


def _contains(box: Box, point: tuple[float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _measure_module(columns: list[GlyphColumn]) -> None:
    """Each column's left edge from its lines; its right edge from the text width the
    module's columns share."""
    for column in columns:
        column.lines.sort(key=lambda ln: ln.top)
        column.left = _left(column.lines)
    widths = Counter(round(ln.x1 - column.left, 1) for column in columns
                     for ln in column.lines if _full(ln))
    for column in columns:
        width = widths.most_common(1)[0][0] if widths else \
            max(ln.x1 for ln in column.lines) - column.left
        column.edge = column.left + width


def _left(lines: list[GlyphLine]) -> float:
    """Where a column's lines start: an opening bracket at a line start may stand half
    an em out, so lines starting with one count only when no other line does."""
    plain = [ln.x0 for ln in lines if ln.text[0] not in OPENING]
    return min(plain or [ln.x0 for ln in lines])


def _full(line: GlyphLine) -> bool:
    """A line whose right end marks its column's edge: body face, no trimmed mark."""
    return line.body_font and line.text[-1] not in TRAILING_BLANK


def _threads_by_article(columns: list[GlyphColumn]) -> list[list[GlyphColumn]]:
    """Each article's columns in reading order: its modules as the report lists them,
    page by page, each module's columns from the left."""
    threads: dict[str | None, list[GlyphColumn]] = {}
    for column in columns:
        threads.setdefault(column.source, []).append(column)
    return list(threads.values())


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class BodyText:
    """A page's characters in the body size, and the face most of them are set in."""

    chars: list[Char]
    size: float
    font: str


def _body_text(chars: list[Char]) -> BodyText | None:
    chars = [c for c in chars if c["text"].strip()]
    if not chars:
        return None
    size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]
    body = [c for c in chars if round(c["size"], 1) == size]
    font = Counter(c["fontname"] for c in body).most_common(1)[0][0]
    return BodyText(body, size, font)


def _lines(text: BodyText, chars: list[Char], cut: bool) -> list[GlyphLine]:
    """The lines of `chars`, row by row; `cut`: rows are cut where a gap is a gutter.
    Jump lines are left out."""
    lines = []
    for row in _rows(chars, text.size):
        row = sorted(row, key=lambda c: c["x0"])
        for segment in _segments(row, text.size) if cut else [row]:
            line = GlyphLine(segment, any(c["fontname"] == text.font for c in segment))
            if not JUMP_LINE.fullmatch(line.text):
                lines.append(line)
    return lines


def _rows(chars: list[Char], size: float) -> list[list[Char]]:
    """Characters standing on one baseline: faces mixed in a line may report bottoms a
    few hundredths of a point apart."""
    rows: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c["bottom"]):
        if rows and char["bottom"] - rows[-1][0]["bottom"] <= 0.15 * size:
            rows[-1].append(char)
        else:
            rows.append([char])
    return rows


def _segments(chars: list[Char], size: float) -> list[list[Char]]:
    """A row of the page cut where the gap is a gutter, not a space between characters.

    Gutters are an em or more; a mark trimmed to half width at a line end still reports a
    full em box, half of it past the column edge, so a gutter may look half an em narrower
    than it is, and a loose line may hold gaps of nearly half an em.
    """
    segments = [[chars[0]]]
    for char in chars[1:]:
        previous = segments[-1][-1]
        gap = char["x0"] - previous["x1"]
        # Half-width marks at a line's end or start report full em boxes into the gutter.
        trimmed = previous["text"] in TRAILING_BLANK or char["text"] in OPENING
        if gap > 0.7 * size or (trimmed and gap > 0.45 * size):
            segments.append([char])
        else:
            segments[-1].append(char)
    return segments


# --------------------------------------------------------------------------- columns found


def _cut_at_edges(lines: list[GlyphLine]) -> list[GlyphLine]:
    """Lines cut where a trimmed mark meets a half-width opening bracket at the edge where
    other lines end: with a gutter of one em the two boxes leave no gap between columns."""
    ends = Counter(round(ln.x1, 1) for ln in lines if _full(ln))
    edges = [edge for edge, n in ends.items() if n > 1]
    cut = []
    for line in lines:
        start = 0
        for n, (a, b) in enumerate(zip(line.chars, line.chars[1:], strict=False), start=1):
            trimmed = a["text"] in TRAILING_BLANK and b["text"] in OPENING
            if trimmed and any(abs(a["x1"] - a["size"] / 2 - e) <= EDGE_TOLERANCE
                               for e in edges):
                cut.append(GlyphLine(line.chars[start:n], line.body_font))
                start = n
        cut.append(GlyphLine(line.chars[start:], line.body_font))
    return cut


def _detected_columns(lines: list[GlyphLine], page: int) -> list[GlyphColumn]:
    """Columns found from the glyphs alone, numbered from the left of the page."""
    columns: list[GlyphColumn] = []
    pitch = _pitch(lines)
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        column = _column_above(columns, line, pitch)
        if column is None:
            columns.append(GlyphColumn(page, [line]))
        else:
            column.lines.append(line)
    for column in columns:
        column.left = _left(column.lines)
        rights = Counter(round(ln.x1, 1) for ln in column.lines if _full(ln))
        column.edge = rights.most_common(1)[0][0] if rights else \
            max(ln.x1 for ln in column.lines)
    _number_from_left(columns)
    return columns


def _pitch(lines: list[GlyphLine]) -> float:
    """The page's line pitch: the most common step between one row of text and the next."""
    tops = sorted({round(ln.top * 2) / 2 for ln in lines})
    steps = Counter(b - a for a, b in zip(tops, tops[1:], strict=False) if b > a)
    return float(steps.most_common(1)[0][0]) if steps else 0.0


def _column_above(columns: list[GlyphColumn], line: GlyphLine, pitch: float) -> GlyphColumn | None:
    """The column whose last line sits one or two grid lines above this one, overlapping
    it (a line in another size between them is not counted)."""
    size = line.size
    for column in columns:
        last = column.lines[-1]
        gap = line.top - last.top
        on_grid = any(abs(gap - k * pitch) <= 0.15 * size for k in (1, 2)) or not pitch
        overlaps = line.x0 < last.x1 and last.x0 < line.x1
        if overlaps and on_grid and abs(line.x0 - last.x0) <= 4.1 * size:
            return column
    return None


def _number_from_left(columns: list[GlyphColumn]) -> None:
    """Number the columns by their left edges across the page, an em counting as one."""
    lefts: list[float] = []
    for left in sorted(column.left for column in columns):
        if not lefts or left - lefts[-1] > columns[0].lines[0].size:
            lefts.append(left)
    for column in columns:
        column.number = 1 + max(n for n, left in enumerate(lefts)
                                if left <= column.left + 1e-6)


def _threads_by_position(columns: list[GlyphColumn]) -> list[list[GlyphColumn]]:
    """Chains of columns, each running on into the column beside it on its right."""
    following = {id(c): _next_column(columns, c) for c in columns}
    taken = {id(c) for c in following.values() if c is not None}
    threads = []
    for column in columns:
        if id(column) in taken:
            continue
        thread: list[GlyphColumn] = []
        step: GlyphColumn | None = column
        while step is not None and step not in thread:
            thread.append(step)
            step = following[id(step)]
        threads.append(thread)
    return threads


def _next_column(columns: list[GlyphColumn], column: GlyphColumn) -> GlyphColumn | None:
    size = column.lines[0].size
    top, bottom = column.lines[0].top, column.lines[-1].top
    beside = [c for c in columns if c.page == column.page
              and 0 < c.left - column.edge <= 2 * size
              and top - 1 <= c.lines[0].top <= bottom]
    return min(beside, key=lambda c: (c.left, c.lines[0].top), default=None)


# --------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class LinePlace:
    """A line and the column it is set in."""

    line: GlyphLine
    column: GlyphColumn

    def finding(self, kind: str, text: str | None = None, pair: str | None = None) -> TypeFault:
        column = self.column
        return TypeFault(kind, column.page, column.article, column.number,
                         self.line.text if text is None else text, pair)


def _check_thread(thread: list[GlyphColumn]) -> Iterator[TypeFault]:
    places = [LinePlace(line, column) for column in thread for line in column.lines]
    for n, place in enumerate(places):
        previous = places[n - 1] if n > 0 else None
        following = places[n + 1] if n + 1 < len(places) else None
        last_of_paragraph = following is None or not following.line.body_font or \
            _indented(following)
        yield from _edges(place, last_of_paragraph)
        yield from _breaks(place, previous, following)
        yield from _pairs(place)
        if _compressed_mark(place.line):
            yield place.finding("compressed-mark")
        if last_of_paragraph and _lone_character(place.line):
            yield place.finding("lone-last-character")


def _indented(place: LinePlace) -> bool:
    return place.line.x0 - place.column.left >= INDENT_MIN * place.line.size


def _edges(place: LinePlace, last_of_paragraph: bool) -> Iterator[TypeFault]:
    edge = place.column.edge
    end = _line_end(place.line, edge)
    if end > edge + EDGE_TOLERANCE:
        yield place.finding("overfull")
    elif place.line.body_font and not last_of_paragraph and end < edge - EDGE_TOLERANCE:
        yield place.finding("ragged")


def _line_end(line: GlyphLine, edge: float) -> float:
    """Where the line ends: a mark trimmed to half width at the line end reports a full em
    box, so a box ending half an em past the edge is a trimmed mark ending at the edge."""
    last = line.chars[-1]
    half = last["size"] / 2
    if last["text"] in TRAILING_BLANK and abs(line.x1 - half - edge) <= EDGE_TOLERANCE:
        return line.x1 - half
    return line.x1


def _breaks(place: LinePlace, previous: LinePlace | None,
            following: LinePlace | None) -> Iterator[TypeFault]:
    text = place.line.text
    continues_pair = previous is not None and _split(previous.line.text, text)
    starts_badly = text[0] in NOT_AT_LINE_START or text.startswith((DASH * 2, ELLIPSIS * 2))
    if starts_badly and not continues_pair:   # a split pair is counted once, above
        yield place.finding("line-start")
    if text[-1] in NOT_AT_LINE_END:
        yield place.finding("line-end")
    if following is not None and _split(text, following.line.text):
        yield place.finding("split-pair")


def _split(text: str, following: str) -> bool:
    """Whether a —— or …… begins at the end of `text` and ends on the next line."""
    return any(following.startswith(mark) and (len(text) - len(text.rstrip(mark))) % 2 == 1
               for mark in (DASH, ELLIPSIS))


def _pairs(place: LinePlace) -> Iterator[TypeFault]:
    chars, size = place.line.chars, place.line.size
    for a, b in zip(chars, chars[1:], strict=False):
        if a["text"] in PUNCTUATION and b["text"] in PUNCTUATION and \
                b["x0"] - a["x0"] > 0.75 * size:
            pair = a["text"] + b["text"]
            yield place.finding("uncompressed-pair", f"{pair} in {place.line.text}", pair)


def _compressed_mark(line: GlyphLine) -> bool:
    """Whether a single mark inside the line (not its first or last character, no mark
    beside it) is narrower than MARK_MIN. Its width is the room between its neighbours'
    boxes less the justification spacing after the character before it and after the
    mark; a mark's own placement (an opening bracket's half-width form is drawn half an
    em to the left) does not change that room."""
    spacing = _spacing(line)
    chars = line.chars
    for before, mark, after in zip(chars, chars[1:], chars[2:], strict=False):
        single = mark["text"] in PUNCTUATION and not (_is_mark(before) or _is_mark(after))
        if single and after["x0"] - before["x1"] - 2 * spacing < MARK_MIN * line.size:
            return True
    return False


def _spacing(line: GlyphLine) -> float:
    """The justification spacing of the line: what a Han character advances beyond its
    box, the median over the line's pairs of Han characters (0 where there are none)."""
    gaps = [b["x0"] - a["x1"] for a, b in zip(line.chars, line.chars[1:], strict=False)
            if _is_han(a["text"]) and _is_han(b["text"])]
    return statistics.median(gaps) if gaps else 0.0


def _is_mark(char: Char) -> bool:
    """Punctuation, a glyph for several marks (a —— set as one) included."""
    return any(is_cjk_punctuation(c) for c in char["text"])


def _is_han(text: str) -> bool:
    return len(text) == 1 and is_han(text)


def _lone_character(line: GlyphLine) -> bool:
    visible = [c["text"] for c in line.chars if c["text"] not in PUNCTUATION]
    return len(visible) == 1 and _is_han(visible[0])
