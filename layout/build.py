"""Building an issue: manifest -> model -> typeset -> frames -> HTML -> PDF -> previews.

`build_issue` is the whole pipeline, top to bottom; each stage is a function of the
package that returns a value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from weasyprint.document import Document

from layout.errors import FitError, FontError
from layout.fonts import (
    FontLock,
    covered_characters,
    font_face_css,
    load_font_lock,
    verify_fonts,
)
from layout.frames import Rect
from layout.manifest import load_issue
from layout.manifest.load import template_folder
from layout.model import Issue
from layout.output import atomic_write
from layout.render.html import ModuleView, Sheet, lay_out_sheets, make_environment, render_html
from layout.render.overflow import overflowing_lines
from layout.render.pdf import WarningsCollector, render_document, write_page_pdfs
from layout.render.preview import write_preview
from layout.safety import RootedFetcher
from layout.typeset import typeset_article
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


def check_issue(issue_dir: Path) -> tuple[Issue, Workspace, FontLock]:
    """Validate the issue and its fonts without rendering anything."""
    workspace = find_workspace(issue_dir)
    lock = load_font_lock(workspace.font_lock)
    issue = load_issue(issue_dir, font_families=lock.families)
    verify_fonts(lock)
    return issue, workspace, lock


def build_issue(issue_dir: Path, out_dir: Path, step: Step = lambda _: None) -> BuildResult:
    step("check")
    issue, workspace, lock = check_issue(issue_dir)

    step("typeset")
    typeset = {article.id: typeset_article(article) for article in issue.articles()}
    sheets = lay_out_sheets(issue, typeset)
    env = make_environment(template_folder(issue.paper, issue.paper_dir))
    html = render_html(issue, sheets, font_face_css(lock), env)

    step("render")
    fetcher = RootedFetcher(roots=[issue.issue_dir, workspace.assets], files=lock.files)
    with WarningsCollector() as warnings:
        document = render_document(html, issue.issue_dir, fetcher)
        _refuse_overflow(document, sheets)
        pdf = document.write_pdf()
    _refuse_missing_fonts(warnings.messages)
    _refuse_glyphs_outside_the_lock(document, warnings.messages, lock, issue)

    step("write")
    names = [f"{sheet.page.number:02d}" for sheet in sheets]
    issue_pdf = out_dir / "issue.pdf"
    atomic_write(issue_pdf, pdf)
    atomic_write(out_dir / "issue.html", html.encode("utf-8"))
    page_pdfs = write_page_pdfs(document, out_dir / "pages", names)
    _remove_stale(out_dir / "pages", page_pdfs)

    step("preview")
    previews = [out_dir / "previews" / f"{name}.png" for name in names]
    for pdf, png in zip(page_pdfs, previews, strict=True):
        write_preview(pdf, png)
    _remove_stale(out_dir / "previews", previews)
    report = out_dir / "report.json"
    atomic_write(report, _report(issue, sheets, page_pdfs, previews, warnings.messages, out_dir))
    return BuildResult(issue_pdf, out_dir / "issue.html", page_pdfs, previews, report,
                       warnings.messages)


def _refuse_missing_fonts(warnings: list[str]) -> None:
    failed = [w for w in warnings if "Font-face" in w and "cannot be loaded" in w]
    if failed:
        raise FontError("\n".join(failed))


def _refuse_glyphs_outside_the_lock(document: Document, warnings: list[str], lock: FontLock,
                                    issue: Issue) -> None:
    """Text in a fallback font, or drawn as empty boxes, would not print as the editor wrote."""
    fallback = sorted({font.family for font in document.fonts.values()} - lock.families)
    notdef = [w for w in warnings if ".notdef glyph" in w]
    if not fallback and not notdef:
        return
    lines = [f"text was set in {', '.join(fallback)}, which is not a locked font"] if fallback \
        else ["some characters have no glyph in any font and print as empty boxes"]
    covered = covered_characters(lock)
    for page in issue.pages:
        for module in page.modules:
            missing = sorted({c for c in module.printed_text()
                              if ord(c) not in covered and not c.isspace()})
            if missing:
                chars = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing)
                lines.append(f"{module.article.source}: no locked font has {chars}")
    raise FontError("\n".join(lines))


def _refuse_overflow(document: Document, sheets: list[Sheet]) -> None:
    overflow = overflowing_lines(document)
    if len(document.pages) != len(sheets):
        raise FitError(f"the issue has {len(sheets)} pages but the layout made "
                       f"{len(document.pages)}: something spilled onto an extra page")
    if not overflow:
        return
    labels = {}
    for sheet in sheets:
        labels[f"p{sheet.page.number}-masthead"] = f"第{sheet.page.number}版 报头"
        for m in sheet.modules:
            article = m.module.article
            where = f"第{sheet.page.number}版 {article.title} ({article.source.name})"
            for part, what in (("head", "headline"), ("caption", "caption"), ("body", "text")):
                labels[f"{m.id}-{part}"] = f"{where}: {what}"
    lines = [f"{labels.get(name, name)} does not fit its frame: {count} lines over"
             for name, count in sorted(overflow.items())]
    raise FitError("\n".join(lines))


def _remove_stale(folder: Path, keep: list[Path]) -> None:
    """Pages left over from an earlier build with more pages would mislead a printer."""
    for path in folder.glob(f"*{keep[0].suffix}"):
        if path not in keep:
            path.unlink()


def _report(issue: Issue, sheets: list[Sheet], pdfs: list[Path], previews: list[Path],
            warnings: list[str], out_dir: Path) -> bytes:
    pages = [{
        "number": sheet.page.number,
        "name": sheet.page.name,
        "pdf": pdf.relative_to(out_dir).as_posix(),
        "preview": png.relative_to(out_dir).as_posix(),
        "modules": [_module_report(m, issue) for m in sheet.modules],
    } for sheet, pdf, png in zip(sheets, pdfs, previews, strict=True)]
    report = {"paper": issue.paper.name, "date": issue.date.isoformat(),
              "issue_number": issue.issue_number, "trim_mm": [issue.format.trim.width,
                                                               issue.format.trim.height],
              "pages": pages, "warnings": warnings}
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode()


def _module_report(view: ModuleView, issue: Issue) -> dict:
    def box(rect: Rect | None) -> list[float] | None:
        return None if rect is None else [round(v, 3) for v in (rect.x, rect.y, rect.w, rect.h)]

    article, frames = view.module.article, view.frames
    return {"id": view.id, "key": view.module.frame.key, "article": article.id,
            "source": article.source.relative_to(issue.issue_dir).as_posix(),
            "outer": box(frames.outer), "head": box(frames.head), "photo": box(frames.photo),
            "caption": box(frames.caption), "body": box(frames.body),
            "columns": frames.spec.columns}
