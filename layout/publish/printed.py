"""The text the templates set (masthead, running head, folio, and the renderer's own lines
where a paper does not compose), read from the page's PDF with PDFium.

Only text the composer did not set is read this way: its characters, their advance boxes
(PDFium's loose boxes: the advance, from the font's ascent to its descent, as the
composer's own glyphs are given) and their faces, named by the font lock. Spaces PDFium
infers between words and lines are not characters of the page and are left out.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb

from layout.model import MM_PER_PT
from layout.pages.frames import Rect
from layout.project.fonts import FontLock
from layout.publish.regions import Glyph, Line, PrintedText, Style
from layout.render.preview import first_page

PT_PER_PX = 0.75        # WeasyPrint draws text in CSS pixels
SAME_BASELINE = 1.0     # pt: characters on one line of print share their baseline
HIGH_SURROGATES = (0xD800, 0xDBFF)   # PDFium reads a character outside the BMP as two
LOW_SURROGATES = (0xDC00, 0xDFFF)    # UTF-16 code units


@dataclass(frozen=True)
class _Mark:
    """A character as first read: where its origin stands, before its box and face."""
    index: int          # PDFium's
    char: str
    x: float            # PDF points from the left
    baseline: float     # PDF points from the bottom


@dataclass(frozen=True)
class _Char:
    char: str
    box: tuple[float, float, float, float]   # left, bottom, right, top in PDF points
    baseline: float                          # PDF points from the bottom
    style: Style


def printed_text(pdf: bytes, lock: FontLock, frames: list[Rect] | None = None) -> PrintedText:
    """Every line the first page of `pdf` prints, in the order it draws them; given
    `frames` (regions.py: `frames_printed`), those that may lie in them alone: the boxes and
    faces of the rest (most of a page the composer set) are not read."""
    with first_page(pdf) as page:
        height = page.get_height()
        text = page.get_textpage()
        lines = _lines(_marks(text))
        if frames is not None:
            lines = [line for line in lines if _may_lie_in(line, frames, height, text)]
        faces = _faces(lock)
        return PrintedText([_line([_char(text, mark, faces) for mark in line], height)
                            for line in lines], frames)


def _marks(text: object) -> list[_Mark | None]:
    """The page's characters in drawing order; None where PDFium infers a line break."""
    import pypdfium2.raw as pdfium

    raw = text.raw  # type: ignore[attr-defined]
    x, y = ctypes.c_double(), ctypes.c_double()
    found: list[_Mark | None] = []
    count = text.count_chars()  # type: ignore[attr-defined]
    for index in range(count):
        code = pdfium.FPDFText_GetUnicode(raw, index)
        if pdfium.FPDFText_IsGenerated(raw, index):
            found += [None] if chr(code) == "\n" else []
            continue
        if LOW_SURROGATES[0] <= code <= LOW_SURROGATES[1]:
            continue        # the second half of the character before it
        if HIGH_SURROGATES[0] <= code <= HIGH_SURROGATES[1] and index + 1 < count:
            code = _joined(code, pdfium.FPDFText_GetUnicode(raw, index + 1))
        pdfium.FPDFText_GetCharOrigin(raw, index, ctypes.byref(x), ctypes.byref(y))
        found.append(_Mark(index, chr(code), x.value, y.value))
    return found


def _may_lie_in(line: list[_Mark], frames: list[Rect], page_height: float,
                text: object) -> bool:
    """Whether the centre of `line`'s box (regions.py: `_centre_in`) may lie in one of
    `frames`: its origins' centre, within twice its largest type size of any frame."""
    import pypdfium2.raw as pdfium

    raw = text.raw  # type: ignore[attr-defined]
    size = max(pdfium.FPDFText_GetFontSize(raw, mark.index) for mark in line) * PT_PER_PX
    margin = (2 * size + 1) * MM_PER_PT
    x = (line[0].x + line[-1].x) / 2 * MM_PER_PT
    y = (page_height - line[0].baseline) * MM_PER_PT
    return any(frame.x - margin <= x <= frame.right + margin
               and frame.y - margin <= y <= frame.bottom + margin for frame in frames)


def _char(text: object, mark: _Mark, faces: dict[str, tuple[str, int]]) -> _Char:
    raw = text.raw  # type: ignore[attr-defined]
    box = text.get_charbox(mark.index, loose=True)  # type: ignore[attr-defined]
    return _Char(mark.char, box, mark.baseline, _style(raw, mark.index, faces))


def _joined(high: int, low: int) -> int:
    """The character outside the BMP (𠮷) that PDFium gives as two UTF-16 halves, each
    with the character's box."""
    if not LOW_SURROGATES[0] <= low <= LOW_SURROGATES[1]:
        return 0xFFFD
    return 0x10000 + ((high - HIGH_SURROGATES[0]) << 10) + (low - LOW_SURROGATES[0])


def _style(raw: object, index: int, faces: dict[str, tuple[str, int]]) -> Style:
    import pypdfium2.raw as pdfium

    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium.FPDFText_GetFontInfo(raw, index, buffer, len(buffer), ctypes.byref(flags))
    name = buffer.value.decode("latin-1").split("+")[-1]
    family, weight = faces.get(name, (name, pdfium.FPDFText_GetFontWeight(raw, index)))
    size = round(pdfium.FPDFText_GetFontSize(raw, index) * PT_PER_PX, 2)
    return Style(family, weight, size)


def _lines(marks: list[_Mark | None]) -> list[list[_Mark]]:
    """Characters grouped into lines: a new line at PDFium's line breaks and wherever
    the baseline moves."""
    lines: list[list[_Mark]] = [[]]
    for mark in marks:
        current = lines[-1]
        if mark is None or (current and abs(mark.baseline - current[0].baseline)
                            > SAME_BASELINE):
            lines.append([])
        if mark is not None:
            lines[-1].append(mark)
    return [line for line in lines if line]


def _line(chars: list[_Char], page_height: float) -> Line:
    def mm(points: float) -> float:
        return points * MM_PER_PT

    glyphs = tuple(Glyph(c.char, mm(c.box[0]), mm(c.box[2] - c.box[0]),
                         mm(page_height - c.box[3]), mm(c.box[3] - c.box[1]), c.style)
                   for c in chars)
    return Line(glyphs, mm(page_height - chars[0].baseline))


@lru_cache(maxsize=8)
def _faces(lock: FontLock) -> dict[str, tuple[str, int]]:
    """The locked faces by the PostScript name a PDF gives their fonts."""
    faces: dict[str, tuple[str, int]] = {}
    for face in lock.faces:
        font = hb.Face(hb.Blob.from_file_path(str(face.file)), 0)
        name = font.get_name(hb.OTNameIdPredefined.POSTSCRIPT_NAME)
        if name:
            faces.setdefault(name, (face.family, face.weight))
    return faces
