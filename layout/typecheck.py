"""Checking the Chinese typesetting of a PDF from its glyph positions.

The checker reads every character's box with pdfplumber, rebuilds the lines of body text
(the most common type size) column by column, and counts what a layout editor would mark
on a proof:

- ragged: a line that is not the last of its paragraph but stops short of the column edge;
- overfull: a line that runs past the column edge;
- line-start / line-end: a mark CLREQ keeps off the start or the end of a line, or a
  —— / …… split over two lines;
- uncompressed pair: two adjacent marks (。” ”， ）（) taking two full ems;
- lone last character: a paragraph ending on a line that holds one Han character.

Lines set in another face than the body's (crossheads, bylines) are not checked for
raggedness. Tolerance for edges is 0.1 pt.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pdfplumber

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
    is_han,
)

EDGE_TOLERANCE = 0.1   # pt
PUNCTUATION = OPENING | CLOSING | STOPS | MIDDLE
KINDS = ("ragged", "overfull", "line-start", "line-end", "split-pair", "uncompressed-pair",
         "lone-last-character")


@dataclass
class Line:
    page: int
    chars: list[dict]
    body_font: bool

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"]

    @property
    def top(self) -> float:
        return self.chars[0]["top"]


@dataclass
class Block:
    """One column of consecutive lines on the baseline grid."""

    lines: list[Line] = field(default_factory=list)
    edge: float = 0.0
    left: float = 0.0


@dataclass(frozen=True)
class Finding:
    kind: str
    page: int
    line: str      # the line's text, to find it on the proof

    def __str__(self) -> str:
        return f"page {self.page}: {self.kind}: {self.line}"


@dataclass
class Report:
    lines: int
    findings: list[Finding]

    def counts(self) -> dict[str, int]:
        found = Counter(f.kind for f in self.findings)
        return {kind: found.get(kind, 0) for kind in KINDS}

    def as_dict(self) -> dict:
        return {"lines": self.lines, "counts": self.counts(),
                "findings": [asdict(f) for f in self.findings]}


def check_pdf(path: Path) -> Report:
    lines: list[Line] = []
    findings: list[Finding] = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            blocks = _blocks(_lines(number, page.chars))
            for i, block in enumerate(blocks):
                findings += _check_block(block, _continuation(blocks, i))
                lines += block.lines
    return Report(len(lines), findings)


# --------------------------------------------------------------------------- lines


def _lines(page: int, chars: list[dict]) -> list[Line]:
    chars = [c for c in chars if c["text"].strip()]
    if not chars:
        return []
    size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]
    body = [c for c in chars if round(c["size"], 1) == size]
    font = Counter(c["fontname"] for c in body).most_common(1)[0][0]
    rows: dict[float, list[dict]] = {}
    for char in body:
        rows.setdefault(round(char["bottom"], 1), []).append(char)
    lines = []
    for bottom in sorted(rows):
        for segment in _segments(sorted(rows[bottom], key=lambda c: c["x0"]), size):
            uses_body = any(c["fontname"] == font for c in segment)
            lines.append(Line(page, segment, uses_body))
    return lines


def _segments(chars: list[dict], size: float) -> list[list[dict]]:
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


def _blocks(lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        block = _block_above(blocks, line)
        if block is None:
            blocks.append(Block([line]))
        else:
            block.lines.append(line)
    for block in blocks:
        rights = Counter(round(ln.x1, 1) for ln in block.lines
                         if ln.body_font and ln.text[-1] not in TRAILING_BLANK)
        block.edge = rights.most_common(1)[0][0] if rights else max(ln.x1 for ln in block.lines)
        block.left = min(ln.x0 for ln in block.lines)
    return blocks


def _block_above(blocks: list[Block], line: Line) -> Block | None:
    """The block whose last line sits one or two lines above this one, in the same column."""
    size = line.chars[0]["size"]
    for block in blocks:
        last = block.lines[-1]
        gap = line.top - last.top
        overlaps = line.x0 < last.x1 and last.x0 < line.x1
        if overlaps and 0 < gap <= 3.2 * size and abs(line.x0 - last.x0) <= 4.1 * size:
            return block
    return None


def _continuation(blocks: list[Block], i: int) -> Line | None:
    """The first line of the next column of the same text, if the text runs on into it."""
    block = blocks[i]
    top = block.lines[0].top
    candidates = [b for b in blocks if b.left > block.left and abs(b.lines[0].top - top) < 1]
    if not candidates:
        return None
    return min(candidates, key=lambda b: b.left).lines[0]


# --------------------------------------------------------------------------- checks


def _check_block(block: Block, next_column: Line | None) -> list[Finding]:
    findings: list[Finding] = []
    size = block.lines[0].chars[0]["size"]
    for n, line in enumerate(block.lines):
        following = block.lines[n + 1] if n + 1 < len(block.lines) else next_column
        last_of_paragraph = following is None or _indented(following, block, size) or \
            not following.body_font
        findings += _edges(block, line, last_of_paragraph)
        findings += _breaks(line, following)
        findings += _pairs(line, size)
        if last_of_paragraph and _lone_character(line):
            findings.append(Finding("lone-last-character", line.page, line.text))
    return findings


def _indented(line: Line, block: Block, size: float) -> bool:
    return line.x0 - block.left >= 0.9 * size


def _edges(block: Block, line: Line, last_of_paragraph: bool) -> list[Finding]:
    end = _line_end(line, block.edge)
    if end > block.edge + EDGE_TOLERANCE:
        return [Finding("overfull", line.page, line.text)]
    if line.body_font and not last_of_paragraph and end < block.edge - EDGE_TOLERANCE:
        return [Finding("ragged", line.page, line.text)]
    return []


def _line_end(line: Line, edge: float) -> float:
    """Where the line ends: a mark trimmed to half width at the line end reports a full em
    box, so a box ending half an em past the edge is a trimmed mark ending at the edge."""
    last = line.chars[-1]
    half = last["size"] / 2
    if last["text"] in TRAILING_BLANK and abs(line.x1 - half - edge) <= EDGE_TOLERANCE:
        return line.x1 - half
    return line.x1


def _breaks(line: Line, following: Line | None) -> list[Finding]:
    findings = []
    text = line.text
    if text[0] in NOT_AT_LINE_START or text.startswith((DASH * 2, ELLIPSIS * 2)):
        findings.append(Finding("line-start", line.page, text))
    if text[-1] in NOT_AT_LINE_END:
        findings.append(Finding("line-end", line.page, text))
    if following is not None:
        for mark in (DASH, ELLIPSIS):
            if text.endswith(mark) and following.text.startswith(mark) and \
                    not text.endswith(mark * 2):
                findings.append(Finding("split-pair", line.page, text))
    return findings


def _pairs(line: Line, size: float) -> list[Finding]:
    findings = []
    for a, b in zip(line.chars, line.chars[1:], strict=False):
        if a["text"] in PUNCTUATION and b["text"] in PUNCTUATION and \
                b["x0"] - a["x0"] > 0.75 * size:
            findings.append(Finding("uncompressed-pair", line.page,
                                        f"{a['text']}{b['text']} in {line.text}"))
    return findings


def _lone_character(line: Line) -> bool:
    visible = [c["text"] for c in line.chars if c["text"] not in PUNCTUATION]
    return len(visible) == 1 and is_han(visible[0])
