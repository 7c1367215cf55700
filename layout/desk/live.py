"""The desk's fast path: only what changed on a page is rendered again.

Frames are absolutely positioned and every page is set before any HTML is made, so a page
renders the same alone as in the whole issue, and a module the same alone as on its page.
The desk renders each page's HTML on its own and compares it with the last one; a changed
page is drawn in layers, its head, each module and its foot, of which only the layers
whose HTML changed go through WeasyPrint (the others come from the page cache,
render/pages.py, which builds share). One font configuration is kept between builds
(loading the CJK fonts is most of a cold render). The whole-issue proof, its pages and
the flatplan are made after, by `layout build`, for the downloads.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from layout.build import RenderJob, prepare_render
from layout.desk.changes import PagePlan
from layout.i18n import USER
from layout.pages.copyfit import copyfit, overset_texts
from layout.pages.engine import Sheet
from layout.project.files import atomic_write
from layout.render.pages import render_pages
from layout.render.pdf import font_configuration, overlay_pages
from layout.render.preview import (
    LayerPicture,
    layer_picture,
    layered_preview_png,
    preview_bytes,
)
from layout.reports.report import build_report
from layout.typeset.setter import setter_for
from layout.variants.table import VARIANTS

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration


# The pages whose layers' pictures are kept (each some megabytes): an editor works on a few.
PAGES_PICTURED = 4


class LivePages:
    """Renders an issue's pages into `folder`, each only when its HTML changed."""

    def __init__(self, folder: Path):
        from layout.render import weasyprint_fonts  # loads WeasyPrint, as fonts do below

        self.folder = folder
        self._resources = contextlib.ExitStack()
        self._fonts = self._resources.enter_context(font_configuration())
        weasyprint_fonts.keep_subsets()   # a page drawn again mostly has the glyphs it had
        self._html_hashes: dict[int, str] = {}
        # page -> its layers' pictures (render/preview.py), by the hash of the layer's PDF
        self._pictures: dict[int, dict[bytes, LayerPicture]] = {}
        self.verdicts: dict[str, str] = {}   # article source -> its fit, in the user's words
        self.plan: PagePlan | None = None    # the issue as last built, for the desk's changes
        self.overset: dict[str, str] = {}    # article source -> the text that does not fit

    @property
    def fonts(self) -> FontConfiguration:
        """The font configuration kept between renders (not thread-safe: render under the
        desk's lock)."""
        return self._fonts

    def close(self) -> None:
        """Remove the font copies kept between renders."""
        self._resources.close()

    def update(self, issue_dir: Path) -> tuple[dict, set[int]]:
        """The report of the issue as it is now, and the pages rendered again; `verdicts`
        says how each article fits in the user's language (the report's are the paper's)."""
        job = prepare_render(issue_dir, VARIANTS["proof"], allow_overflow=True)
        pdfs, previews, changed = [], [], set()
        for sheet in job.sheets:
            number = sheet.page.number
            pdf = self.folder / "pages" / f"{number:02d}.pdf"
            png = self.folder / "previews" / f"{number:02d}.png"
            pdfs.append(pdf)
            previews.append(png)
            layers = job.layers(sheet)
            digest = _drawn_from(layers or [job.html([sheet])], job)
            if self._html_hashes.get(number) == digest and png.is_file():
                continue
            drawn, picture = self._drawn(job, sheet, layers)
            atomic_write(pdf, drawn)
            atomic_write(png, picture)
            self._html_hashes[number] = digest
            changed.add(number)
        fits = copyfit(job.sheets, job.issue)
        self.verdicts = {fit.source: fit.verdict(USER) for fit in fits}
        self.plan = PagePlan(job.issue, setter_for(job.issue.paper, job.lock), fits)
        self.overset = {source: text for source, text in
                        overset_texts(job.sheets, job.issue).items() if text}
        return build_report(job.issue, job.sheets, pdfs, previews, [], self.folder, fits), changed

    def _drawn(self, job: RenderJob, sheet: Sheet,
               layers: list[str] | None) -> tuple[bytes, bytes]:
        """The PDF of `sheet`'s page and its preview, drawn in its `layers` (build.py:
        RenderJob.layers) of which only those whose HTML changed go through WeasyPrint
        and PDFium, the others coming from the page cache and the pictures kept; whole
        where the paper's own template decides the page, or a layer would not stay on one
        page (a build would refuse or mark that page)."""
        if layers is not None:
            drawn = render_pages(layers, job.issue.issue_dir, job.readable, job.lock,
                                 fonts=self._fonts)
            if all(layer.layout.laid_out == 1 for layer in drawn):
                pdfs = [layer.pdf for layer in drawn]
                return overlay_pages(pdfs), self._layered_preview(sheet.page.number, pdfs)
        (page,) = render_pages([job.html([sheet])], job.issue.issue_dir, job.readable, job.lock,
                               fonts=self._fonts)
        return page.pdf, preview_bytes(page.pdf)

    def _layered_preview(self, number: int, pdfs: list[bytes]) -> bytes:
        """The preview of page `number` from the pictures of its layers' PDFs: drawn
        for the layers new to the page, kept for the pages changed lately."""
        kept = self._pictures.pop(number, {})
        digests = [hashlib.sha256(pdf).digest() for pdf in pdfs]
        pictures = [kept.get(digest) or layer_picture(pdf)
                    for digest, pdf in zip(digests, pdfs, strict=True)]
        self._pictures[number] = dict(zip(digests, pictures, strict=True))
        while len(self._pictures) > PAGES_PICTURED:
            del self._pictures[next(iter(self._pictures))]
        return layered_preview_png(pictures)


def _drawn_from(htmls: list[str], job: RenderJob) -> str:
    """A hash of what a page is drawn from: its HTML, and the files behind the addresses
    it names (a photo replaced under its name leaves the HTML as it was)."""
    digest = hashlib.sha256("\0".join(htmls).encode())
    for url, path in sorted(job.readable.aliases):
        if any(url in html for html in htmls):
            with contextlib.suppress(OSError):
                found = path.stat()
                digest.update(f"\0{url} {path} {found.st_size} {found.st_mtime_ns}".encode())
    return digest.hexdigest()
