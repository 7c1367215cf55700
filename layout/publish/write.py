"""What a build publishes besides its PDFs, written into its (staged) output folder.

A variant that publishes "library" (archive, epaper) gets the library files: `alto/NN.xml`
per page, `mets.xml` for the issue, the page pictures `pictures/NN@2x.png` the METS and
IIIF files point at, and `manifest.json` (IIIF) when the paper says where its e-paper is
published. A variant that publishes "epaper" gets the site too (epaper.py). The paths
written are returned for the build record.
"""

from __future__ import annotations

from pathlib import Path

from layout.model import Issue
from layout.pages.engine import Sheet
from layout.project.files import atomic_write
from layout.project.fonts import FontLock
from layout.publish.alto import alto_xml
from layout.publish.epaper import article_file, write_site
from layout.publish.iiif import MANIFEST, issue_url, manifest_json
from layout.publish.mets import PageFiles, mets_xml
from layout.publish.pictures import LARGE_DPI, SCREEN_DPI, Picture, draw_pictures, write_pictures
from layout.publish.printed import printed_text
from layout.publish.regions import (
    Fonts,
    PageText,
    article_numbers,
    frames_printed,
    page_text,
    printed_heads,
)
from layout.typeset.article import Head
from layout.variants.table import Variant

METS_FILE = "mets.xml"


def publish(folder: Path, issue: Issue, sheets: list[Sheet], lock: FontLock,
            page_pdfs: list[bytes], photos: dict[Path, Path], kind: Variant) -> list[Path]:
    """The variant's publications in `folder`, beside the page PDFs `pages/NN.pdf`;
    `photos`: each placed photo's file as the variant renders it."""
    if not kind.publish:
        return []
    fonts = Fonts(issue, lock)
    texts = [page_text(issue, sheet, fonts, printed_text(pdf, lock, frames_printed(sheet)))
             for sheet, pdf in zip(sheets, page_pdfs, strict=True)]
    numbers = [sheet.page.number for sheet in sheets]
    large = draw_pictures(page_pdfs, numbers, LARGE_DPI)
    pdfs = [f"pages/{n:02d}.pdf" for n in numbers]
    written = write_pictures(folder, large)
    written += write_library(folder, issue, printed_heads(sheets), texts, large, pdfs,
                             page_pdfs)
    if "epaper" in kind.publish:
        screen = draw_pictures(page_pdfs, numbers, SCREEN_DPI)
        written += write_pictures(folder, screen)
        written += write_site(folder, issue, sheets, texts, screen, large, photos, pdfs)
    return written


def write_library(folder: Path, issue: Issue, heads: dict[Path, Head], texts: list[PageText],
                  pictures: list[Picture], pdfs: list[str],
                  page_pdfs: list[bytes]) -> list[Path]:
    """ALTO per page, METS for the issue, and the IIIF manifest where it can be made."""
    altos = [f"alto/{text.number:02d}.xml" for text in texts]
    files = {name: alto_xml(text, pdf, issue.date)
             for name, text, pdf in zip(altos, texts, pdfs, strict=True)}
    pages = [PageFiles((pdf, data), (picture.name, picture.data), (alto, files[alto]))
             for pdf, data, picture, alto in zip(pdfs, page_pdfs, pictures, altos, strict=True)]
    files[METS_FILE] = mets_xml(issue, heads, texts, pages)
    base = issue_url(issue)
    if base:
        titles = {article_numbers(issue)[source]: head.title for source, head in heads.items()}
        articles = {n: article_file(n) for n in titles}
        files[MANIFEST] = manifest_json(issue, base, texts, pictures, titles, articles, pdfs,
                                        altos)
    for name, data in files.items():
        atomic_write(folder / name, data)
    return [folder / name for name in files]
