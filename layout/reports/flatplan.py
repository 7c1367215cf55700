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

import uharfbuzz as hb
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
from layout.project.fonts import file_sha256, font_file_sha256

FONT = "FlatplanKai"
BLACK, ALARM = CMYKColor(0, 0, 0, 1), CMYKColor(0, 1, 1, 0)
MARGIN, GAP, LINE = 12 * mm, 8 * mm, 4.2 * mm


def flatplan(issue: Issue, sheets: list[Sheet], previews: list[Path],
             fits: list[ArticleFit], font: Path) -> bytes:
    """The flatplan's PDF, drawn once for the same pictures, figures and font: kept in the
    cache under the hash of everything it shows and of this module."""
    key = (hashlib.sha256(Path(__file__).read_bytes()).hexdigest(), font_file_sha256(font),
           metadata.version("reportlab"), metadata.version("uharfbuzz"),
           metadata.version("pillow"), zlib.ZLIB_RUNTIME_VERSION,
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
    heading = (f"{issue.paper.name}  {issue.date.isoformat()}  总第{issue.issue_number}期  "
               "版面总览")
    labels = [f"第{sheet.page.number}版  {sheet.page.name}" for sheet in sheets]
    verdicts = [[(fit.fits, f"{fit.title}（{'→'.join(map(str, fit.pages))}）  "
                            f"{fit.verdict(PAPER)}")
                 for fit in fits if sheet.page.number in fit.pages] for sheet in sheets]
    face = _kai_face(font, heading + "".join(labels)
                     + "".join(text for lines in verdicts for _, text in lines))
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height), invariant=True, pageCompression=1,
                    initialFontName=face)
    canvas.setTitle(f"{issue.paper.name} {issue.date.isoformat()} flatplan")
    canvas.setFont(face, 14)
    canvas.drawString(MARGIN, height - MARGIN, heading)
    slot = (width - 2 * MARGIN - GAP * (len(sheets) - 1)) / max(len(sheets), 1)
    thumb_h = min(height * 0.55, slot * issue.format.trim.height / issue.format.trim.width)
    thumb_w = thumb_h * issue.format.trim.width / issue.format.trim.height
    for n, (label, preview, lines) in enumerate(zip(labels, previews, verdicts, strict=True)):
        x = MARGIN + n * (slot + GAP)
        _page(canvas, face, label, preview, lines, x, height - MARGIN - 8 * mm, thumb_w,
              thumb_h)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _kai_face(font: Path, text: str) -> str:
    """The Kai face cut down with HarfBuzz to the characters of `text`, registered with
    ReportLab. ReportLab reads every table of the file it is given (0.13 s for the whole
    face; a few milliseconds cut down), and embeds its own subset of what is drawn. Each cut
    has a name of its own: ReportLab keeps a name's font for the process."""
    subset = hb.SubsetInput()
    subset.unicode_set.update(ord(char) for char in set(text))
    data = hb.subset(hb.Face(hb.Blob.from_file_path(str(font)), 0), subset).blob.data
    name = f"{FONT}-{hashlib.sha256(data).hexdigest()[:16]}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    return name


def _page(canvas: Canvas, face: str, label: str, preview: Path,
          verdicts: list[tuple[bool, str]], x: float, top: float, w: float, h: float) -> None:
    canvas.setFont(face, 10)
    canvas.setFillColor(BLACK)
    canvas.drawString(x, top, label)
    # From bytes, not a path: ReportLab folds the file name into the PDF ID.
    image = ImageReader(io.BytesIO(preview.read_bytes()))
    canvas.drawImage(image, x, top - 3 * mm - h, width=w, height=h)
    canvas.setStrokeColor(BLACK)
    canvas.rect(x, top - 3 * mm - h, w, h)
    y = top - 3 * mm - h - 6 * mm
    canvas.setFont(face, 8)
    for fits, text in verdicts:
        canvas.setFillColor(BLACK if fits else ALARM)
        canvas.drawString(x, y, text)
        y -= LINE
