"""Building an issue: manifest -> model -> typeset -> frames -> HTML -> PDF -> previews.

`build_issue` is the whole pipeline, top to bottom; each stage is a function of the
package that returns a value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from layout.engine import Sheet, lay_out_sheets
from layout.fonts import FontLock, font_face_css, load_font_lock, verify_fonts
from layout.manifest.load import load_issue, template_folder
from layout.model import Issue
from layout.output import atomic_write, remove_stale
from layout.render import cjk_spacing
from layout.render.checks import (
    refuse_glyphs_outside_the_lock,
    refuse_overflow,
    refuse_unloaded_fonts,
)
from layout.render.html import make_environment, render_html
from layout.render.pdf import WarningsCollector, render_document, write_page_pdfs
from layout.render.preview import write_preview
from layout.report import build_report
from layout.safety import RootedFetcher
from layout.typeset import setter_for
from layout.workspace import Workspace, find_workspace

STEPS = ("check", "typeset", "render", "write", "preview")
Step = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    issue_pdf: Path
    html: Path
    page_pdfs: list[Path]
    previews: list[Path]
    report: Path
    warnings: list[str]
    normalised: int = 0   # punctuation changes made to the sources, listed in the report


def check_issue(issue_dir: Path) -> tuple[Issue, Workspace, FontLock]:
    """Validate the issue and its fonts without rendering anything."""
    workspace = find_workspace(issue_dir)
    lock = load_font_lock(workspace.font_lock)
    issue = load_issue(issue_dir, font_families=lock.families)
    verify_fonts(lock)
    return issue, workspace, lock


def set_issue(issue_dir: Path) -> tuple[Issue, Workspace, FontLock, list[Sheet]]:
    """Check the issue, then frame, compose and flow all of it, without rendering."""
    issue, workspace, lock = check_issue(issue_dir)
    return issue, workspace, lock, lay_out_sheets(issue, setter_for(issue.paper, lock))


def build_issue(issue_dir: Path, out_dir: Path, step: Step = lambda _: None,
                allow_overflow: bool = False) -> BuildResult:
    """Build the issue's PDFs and previews. Text that does not fit fails the build, unless
    `allow_overflow` (proof mode): then it is marked in red on the page and reported."""
    step("check")
    issue, workspace, lock = check_issue(issue_dir)

    step("typeset")
    sheets = lay_out_sheets(issue, setter_for(issue.paper, lock))
    sheets = [replace(sheet, proof=allow_overflow) for sheet in sheets]
    env = make_environment(template_folder(issue.paper, issue.paper_dir))
    html = render_html(issue, sheets, font_face_css(lock), env)

    step("render")
    cjk_spacing.install()
    fetcher = RootedFetcher(roots=[issue.issue_dir, workspace.assets], files=lock.files)
    with WarningsCollector() as warnings:
        document = render_document(html, issue.issue_dir, fetcher)
        overflow = refuse_overflow(document, sheets, allow=allow_overflow)
        pdf = document.write_pdf()
    refuse_unloaded_fonts(warnings.messages)
    refuse_glyphs_outside_the_lock(document, warnings.messages, lock, issue)

    step("write")
    names = [f"{sheet.page.number:02d}" for sheet in sheets]
    issue_pdf = out_dir / "issue.pdf"
    atomic_write(issue_pdf, pdf)
    atomic_write(out_dir / "issue.html", html.encode("utf-8"))
    page_pdfs = write_page_pdfs(document, out_dir / "pages", names)
    remove_stale(out_dir / "pages", page_pdfs)

    step("preview")
    previews = [out_dir / "previews" / f"{name}.png" for name in names]
    for page_pdf, png in zip(page_pdfs, previews, strict=True):
        write_preview(page_pdf, png)
    remove_stale(out_dir / "previews", previews)
    report = out_dir / "report.json"
    atomic_write(report, build_report(issue, sheets, page_pdfs, previews,
                                      warnings.messages + overflow, out_dir))
    changes = sum(len(m.typeset.changes) for sheet in sheets for m in sheet.modules)
    return BuildResult(issue_pdf, out_dir / "issue.html", page_pdfs, previews, report,
                       warnings.messages + overflow, changes)


