"""The masthead barcode: EAN-13 from the paper's ISSN, with a two-digit add-on for the issue.

A serial's EAN-13 is 977, the first seven digits of its ISSN, two price or variant digits
(00) and a check digit; the add-on (EAN-2) carries the issue's sequence number modulo 100.
ReportLab encodes both; the bars come out as rectangles the templates draw in black ink,
so that a plate carries them in K alone.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.barcode.eanbc import Ean5BarcodeWidget, Ean13BarcodeWidget, nDigits
from reportlab.graphics.shapes import Rect as Bar
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.units import mm

GAP = 9  # modules of quiet space between the main code and its add-on


class Ean2BarcodeWidget(Ean5BarcodeWidget):
    """EAN-2, the two-digit add-on: parity from the value modulo 4 (LL, LG, GL, GG)."""

    codeName = "EAN2"
    _attrMap = AttrMap(BASE=Ean5BarcodeWidget, value=AttrMapValue(nDigits(2), desc="the number"))
    _digits = 2
    _nbars = 20

    def _encode_left(self, s: str, a) -> None:
        parity = ((0, 0), (0, 1), (1, 0), (1, 1))[int(s) % 4]
        a(self._sep.join(self._left[parity[i]][int(c)] for i, c in enumerate(s)))


@dataclass(frozen=True)
class Barcode:
    """Bars as rectangles in mm from the code's top left corner, and the digits printed."""

    bars: tuple[tuple[float, float, float, float], ...]
    width: float
    height: float
    digits: str
    addon: str


@functools.lru_cache(maxsize=16)
def issue_barcode(issn: str, issue_number: int, height: float = 14.0) -> Barcode:
    """The EAN-13 + EAN-2 of an issue, `height` mm tall (kept: every page's HTML asks)."""
    code = "977" + issn.replace("-", "")[:7] + "00"
    addon = f"{issue_number % 100:02d}"
    main = Ean13BarcodeWidget(code, barHeight=height * mm, humanReadable=False)
    extra = Ean2BarcodeWidget(addon, barHeight=height * 0.85 * mm, humanReadable=False)
    main_bars, main_width = _bars(main, 0.0, 0.0)
    offset = main_width + GAP * main.barWidth / mm
    extra_bars, extra_width = _bars(extra, offset, height * 0.15)
    digits = code + main._checkdigit(code)
    return Barcode(main_bars + extra_bars, offset + extra_width, height, digits, addon)


def _bars(widget: Any, dx: float,
          dy: float) -> tuple[tuple[tuple[float, float, float, float], ...], float]:
    """The widget's bars in mm (top-left origin), and its width in mm."""
    drawing = widget.draw()
    x0, y0, x1, y1 = widget.getBounds()
    top = y1
    bars = tuple((dx + (s.x - x0) / mm, dy + (top - s.y - s.height) / mm, s.width / mm,
                  s.height / mm)
                 for s in drawing.contents if isinstance(s, Bar) and s.fillColor is not None
                 and s.width < 5 * mm and s.height > 0)
    return bars, (x1 - x0) / mm
