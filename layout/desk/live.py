"""The desk's fast path: only the pages whose HTML changed are rendered again.

Frames are absolutely positioned and every page is set before any HTML is made, so a page
renders the same alone as in the whole issue. The desk renders each page's HTML on its
own, compares it with the last one, and sends only changed pages through WeasyPrint (or
the page cache, render/pages.py, which builds share), with one font configuration kept
between builds (loading the CJK fonts is most of a cold render). The whole-issue proof
and flatplan are made after, for the downloads.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from layout.build import prepare_render
from layout.desk.changes import PagePlan
from layout.i18n import USER
from layout.pages.copyfit import copyfit, overset_texts
from layout.project.files import atomic_write
from layout.render.pages import render_pages
from layout.render.pdf import font_configuration
from layout.render.preview import write_preview
from layout.reports.report import build_report
from layout.typeset.setter import setter_for
from layout.variants.table import VARIANTS

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration


class LivePages:
    """Renders an issue's pages into `folder`, each only when its HTML changed."""

    def __init__(self, folder: Path):
        from layout.render import weasyprint_fonts  # loads WeasyPrint, as fonts do below

        self.folder = folder
        self._resources = contextlib.ExitStack()
        self._fonts = self._resources.enter_context(font_configuration())
        weasyprint_fonts.keep_subsets()   # a page drawn again mostly has the glyphs it had
        self._html_hashes: dict[int, str] = {}
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
            html = job.html([sheet])
            digest = hashlib.sha256(html.encode()).hexdigest()
            if self._html_hashes.get(number) == digest and png.is_file():
                continue
            (page,) = render_pages([html], job.issue.issue_dir, job.readable, job.lock,
                                   fonts=self._fonts)
            atomic_write(pdf, page.pdf)
            write_preview(page.pdf, png)
            self._html_hashes[number] = digest
            changed.add(number)
        fits = copyfit(job.sheets, job.issue)
        self.verdicts = {fit.source: fit.verdict(USER) for fit in fits}
        self.plan = PagePlan(job.issue, setter_for(job.issue.paper, job.lock), fits)
        self.overset = {source: text for source, text in
                        overset_texts(job.sheets, job.issue).items() if text}
        return build_report(job.issue, job.sheets, pdfs, previews, [], self.folder, fits), changed
