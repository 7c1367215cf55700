"""The desk's fast path: only the pages whose HTML changed are rendered again.

Frames are absolutely positioned and every page is set before any HTML is made, so a page
renders the same alone as in the whole issue. The desk renders each page's HTML on its
own, compares it with the last one, and sends only changed pages through WeasyPrint, with
one font configuration kept between builds (loading the CJK fonts is most of a cold
render). The whole-issue proof and flatplan are made after, for the downloads.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from jinja2 import Environment
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from layout.build import check_issue, photo_cache, prepare_output
from layout.copyfit import copyfit
from layout.engine import lay_out_sheets
from layout.fonts import font_face_css
from layout.manifest.load import template_folder
from layout.output import atomic_write
from layout.render import cjk_spacing
from layout.render.html import make_environment, render_html
from layout.render.preview import write_preview
from layout.report import build_report
from layout.safety import RootedFetcher
from layout.typeset import setter_for
from layout.variants import VARIANTS


class LivePages:
    """Renders an issue's pages into `folder`, each only when its HTML changed."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._fonts = FontConfiguration()
        self._html_hashes: dict[int, str] = {}
        self._environments: dict[Path | None, Environment] = {}

    def update(self, issue_dir: Path) -> tuple[dict, set[int]]:
        """The report of the issue as it is now, and the pages rendered again."""
        issue, workspace, lock = check_issue(issue_dir)
        sheets = [replace(sheet, proof=True)
                  for sheet in lay_out_sheets(issue, setter_for(issue.paper, lock))]
        output, _ = prepare_output(issue, workspace, sheets, VARIANTS["proof"])
        env = self._environment(template_folder(issue.paper, issue.paper_dir))
        fonts = font_face_css(lock)
        fetcher = RootedFetcher(roots=[issue.issue_dir, workspace.assets, photo_cache()],
                                files=lock.files, aliases=output.addresses())
        cjk_spacing.install()
        pdfs, previews, changed = [], [], set()
        for sheet in sheets:
            number = sheet.page.number
            pdf = self.folder / "pages" / f"{number:02d}.pdf"
            png = self.folder / "previews" / f"{number:02d}.png"
            pdfs.append(pdf)
            previews.append(png)
            html = render_html(issue, [sheet], fonts, env, output)
            digest = hashlib.sha256(html.encode()).hexdigest()
            if self._html_hashes.get(number) == digest and png.is_file():
                continue
            document = HTML(string=html, base_url=issue.issue_dir.as_uri() + "/",
                            url_fetcher=fetcher).render(font_config=self._fonts)
            atomic_write(pdf, document.write_pdf())
            write_preview(pdf, png)
            self._html_hashes[number] = digest
            changed.add(number)
        report = build_report(issue, sheets, pdfs, previews, [], self.folder,
                              copyfit(sheets, issue.issue_dir))
        return json.loads(report), changed

    def _environment(self, templates: Path | None) -> Environment:
        """Jinja2 compiles each template once; it reloads one whose file changed."""
        if templates not in self._environments:
            self._environments[templates] = make_environment(templates)
        return self._environments[templates]
