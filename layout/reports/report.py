"""report.json: where every module of every page went, for tests, tools and the desk."""

from __future__ import annotations

import json
from pathlib import Path

from layout.model import Issue
from layout.pages.copyfit import ArticleFit
from layout.pages.engine import ModuleView, Sheet
from layout.pages.frames import Rect
from layout.typeset.article import Change


def build_report(issue: Issue, sheets: list[Sheet], pdfs: list[Path], previews: list[Path],
                 warnings: list[str], out_dir: Path, fits: list[ArticleFit]) -> dict:
    """The report of a set of pages: what report.json holds and the desk shows."""
    pages = [{
        "number": sheet.page.number,
        "name": sheet.page.name,
        "pdf": pdf.relative_to(out_dir).as_posix(),
        "preview": png.relative_to(out_dir).as_posix(),
        "modules": [module_report(m, issue) for m in sheet.modules],
    } for sheet, pdf, png in zip(sheets, pdfs, previews, strict=True)]
    report = {"paper": issue.paper.name, "date": issue.date.isoformat(),
              "issue_number": issue.issue_number, "trim_mm": [issue.format.trim.width,
                                                               issue.format.trim.height],
              "pages": pages, "articles": [fit.as_dict() for fit in fits],
              "warnings": warnings}
    return report


def report_json(report: dict) -> bytes:
    """The bytes of report.json."""
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode()


def module_report(view: ModuleView, issue: Issue) -> dict:
    def box(rect: Rect | None) -> list[float] | None:
        return None if rect is None else [round(v, 3) for v in (rect.x, rect.y, rect.w, rect.h)]

    article, frames = view.module.article, view.frames
    return {"id": view.id, "key": view.module.frame.key, "article": article.id,
            "continues": view.module.continues,
            "source": article.source.relative_to(issue.issue_dir).as_posix(),
            "outer": box(frames.outer), "head": box(frames.head), "photo": box(frames.photo),
            "caption": box(frames.caption), "body": box(frames.body),
            "columns": frames.spec.columns, "fit": _fit(view), "jumps": _jumps(view),
            "normalised": [_change(change, view, issue) for change in view.typeset.changes]}


def _change(change: Change, view: ModuleView, issue: Issue) -> dict:
    """A normalisation change with the file, line and column it was made at."""
    source = view.module.article.source.relative_to(issue.issue_dir).as_posix()
    return {"file": source, "line": change.line, "column": change.column,
            "before": change.before, "after": change.after, "context": change.context}


def _jumps(view: ModuleView) -> list[str]:
    """The 下转/上接 lines the engine set in this module."""
    if view.part is None:
        return []
    return [row.line.text for column in view.part.columns for row in column.rows
            if row.kind.startswith("jump") and row.line]


def _fit(view: ModuleView) -> dict | None:
    """This module's rows and capacity, and for the article's last module the article's
    overflow and the tracking auto-fit gave it; None when the text is not composed."""
    if view.part is None:
        return None
    fit = {"lines": view.part.rows_used, "capacity": view.part.capacity,
           "tracking": view.setting.tracking}
    flow = view.setting.flow
    if view.is_last_part and flow is not None:
        fit |= {"lines_over": flow.lines_over, "characters_over": flow.characters_over}
    return fit
