"""The flatplan: every page of the issue as a thumbnail, with each article's fit, on one sheet.

Drawn with ReportLab (A4 landscape) from the build's page previews and the copyfit figures,
for the desk's meeting and the plant's planning. Text is set in the locked Kai face, which
ReportLab embeds as a subset.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from importlib import metadata
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from layout.i18n import PAPER
from layout.model import Issue
from layout.pages.copyfit import ArticleFit
from layout.pages.engine import Sheet
from layout.project.cache import cached_bytes
from layout.project.fonts import file_sha256

FONT = "FlatplanKai"
BLACK, ALARM = CMYKColor(0, 0, 0, 1), CMYKColor(0, 1, 1, 0)
MARGIN, GAP, LINE = 12 * mm, 8 * mm, 4.2 * mm


def flatplan(issue: Issue, sheets: list[Sheet], previews: list[Path],
             fits: list[ArticleFit], font: Path) -> bytes:
    """The flatplan's PDF, drawn once for the same pictures, figures and font: kept in the
    cache under the hash of everything it shows and of this module."""
    key = (hashlib.sha256(Path(__file__).read_bytes()).hexdigest(), file_sha256(font),
           metadata.version("reportlab"), metadata.version("pillow"), zlib.ZLIB_RUNTIME_VERSION,
           issue.paper.name, issue.date.isoformat(), issue.issue_number,
           [(s.page.number, s.page.name, file_sha256(p)) for s, p in zip(sheets, previews,
                                                                          strict=True)],
           [(f.title, f.pages, f.fits, f.verdict(PAPER)) for f in fits],
           issue.format.trim.width, issue.format.trim.height)
    return cached_bytes("flatplan", key, lambda: _drawn(issue, sheets, previews, fits, font))


def _drawn(issue: Issue, sheets: list[Sheet], previews: list[Path],
           fits: list[ArticleFit], font: Path) -> bytes:
    # Pictures as binary streams, not ASCII85 text: ReportLab encodes that in pure Python
    # (half the drawing time) and it makes the file a fifth larger.
    ascii85, rl_config.useA85 = rl_config.useA85, 0
    try:
        return _draw(issue, sheets, previews, fits, font)
    finally:
        rl_config.useA85 = ascii85


def _draw(issue: Issue, sheets: list[Sheet], previews: list[Path],
          fits: list[ArticleFit], font: Path) -> bytes:
    # Registered under a name of its own: ReportLab keeps a name's font for the process,
    # and another paper's Kai face must not draw in the first one's.
    face = f"{FONT}-{file_sha256(font)[:12]}"
    if face not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(face, str(font)))
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height), invariant=True, pageCompression=1,
                    initialFontName=face)
    canvas.setTitle(f"{issue.paper.name} {issue.date.isoformat()} flatplan")
    canvas.setFont(face, 14)
    canvas.drawString(MARGIN, height - MARGIN, f"{issue.paper.name}  {issue.date.isoformat()}  "
                                               f"总第{issue.issue_number}期  版面总览")
    slot = (width - 2 * MARGIN - GAP * (len(sheets) - 1)) / max(len(sheets), 1)
    thumb_h = min(height * 0.55, slot * issue.format.trim.height / issue.format.trim.width)
    thumb_w = thumb_h * issue.format.trim.width / issue.format.trim.height
    for n, (sheet, preview) in enumerate(zip(sheets, previews, strict=True)):
        x = MARGIN + n * (slot + GAP)
        _page(canvas, face, sheet, preview, fits, x, height - MARGIN - 8 * mm, thumb_w, thumb_h)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _page(canvas: Canvas, face: str, sheet: Sheet, preview: Path, fits: list[ArticleFit], x: float,
          top: float, w: float, h: float) -> None:
    canvas.setFont(face, 10)
    canvas.setFillColor(BLACK)
    canvas.drawString(x, top, f"第{sheet.page.number}版  {sheet.page.name}")
    # From bytes, not a path: ReportLab folds the file name into the PDF ID.
    image = ImageReader(io.BytesIO(preview.read_bytes()))
    canvas.drawImage(image, x, top - 3 * mm - h, width=w, height=h)
    canvas.setStrokeColor(BLACK)
    canvas.rect(x, top - 3 * mm - h, w, h)
    y = top - 3 * mm - h - 6 * mm
    canvas.setFont(face, 8)
    for fit in (f for f in fits if sheet.page.number in f.pages):
        canvas.setFillColor(BLACK if fit.fits else ALARM)
        pages = "→".join(map(str, fit.pages))
        canvas.drawString(x, y, f"{fit.title}（{pages}）  {fit.verdict(PAPER)}")
        y -= LINE
