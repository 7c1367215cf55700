"""Reading PDFs back with the tools a printer or an archivist would use."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pdfplumber

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
PT_PER_MM = 72 / 25.4


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True,
                          check=True).stdout


def pdftotext(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-layout", *pages, pdf, "-")


def embedded_fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts' table as dicts: name, type, emb, sub, uni."""
    lines = run("pdffonts", pdf).splitlines()[2:]
    fonts = []
    for line in lines:
        name, *rest = line.split()
        emb, sub, uni = rest[-5:-2]
        fonts.append({"name": name, "emb": emb, "sub": sub, "uni": uni})
    return fonts


def page_boxes(pdf: Path) -> dict[str, list[float]]:
    """Page 1's boxes from pdfinfo -box, in points: name -> [x0, y0, x1, y1]."""
    boxes = {}
    for line in run("pdfinfo", "-box", pdf).splitlines():
        match = re.match(r"(\w+Box):\s+([-\d.\s]+)$", line)
        if match:
            boxes[match[1]] = [float(v) for v in match[2].split()]
    return boxes


def han_count(text: str) -> Counter[str]:
    return Counter(HAN.findall(text))


def printed_in(pdf: Path, page_number: int, rect_mm: list[float]) -> str:
    """The text printed inside a rectangle (mm from the top left) of one page."""
    x, y, w, h = (v * PT_PER_MM for v in rect_mm)
    with pdfplumber.open(pdf) as document:
        page = document.pages[page_number - 1]
        return page.within_bbox((x - 1, y - 1, x + w + 1, y + h + 1)).extract_text()


def module_text(report_file: Path, pdf: Path, article_id: str) -> str:
    """Everything printed in the module of one article, found through the build report."""
    report = json.loads(report_file.read_text(encoding="utf-8"))
    for page in report["pages"]:
        for module in page["modules"]:
            if module["article"] == article_id:
                return printed_in(pdf, page["number"], module["outer"])
    raise AssertionError(f"{article_id} is not in {report_file}")
