"""Checks on the laid-out document: what would print must be what the editor asked for.

Each raises a LayoutError naming the article and the problem, before anything is written.
"""

from __future__ import annotations

from weasyprint.document import Document

from layout.errors import FitError, FontError
from layout.model import Issue
from layout.pages.copyfit import issue_faults, where
from layout.pages.engine import Sheet
from layout.project.fonts import FontLock, glyph_problems
from layout.render.overflow import overflowing_lines


def refuse_unloaded_fonts(warnings: list[str]) -> None:
    """A face WeasyPrint could not load would silently fall back to another font."""
    failed = [w for w in warnings if "Font-face" in w and "cannot be loaded" in w]
    if failed:
        raise FontError("\n".join(failed))


def refuse_glyphs_outside_the_lock(document: Document, warnings: list[str], lock: FontLock,
                                   issue: Issue) -> None:
    """Text in a fallback font, or drawn as empty boxes, would not print as the editor wrote."""
    fallback = sorted({font.family for font in document.fonts.values()} - lock.families)
    notdef = [w for w in warnings if ".notdef glyph" in w]
    if not fallback and not notdef:
        return
    lines = [f"text was set in {', '.join(fallback)}, which is not a locked font"] if fallback \
        else ["some characters have no glyph in any font and print as empty boxes"]
    lines += glyph_problems(issue, lock)
    raise FontError("\n".join(lines))


def refuse_overflow(document: Document, sheets: list[Sheet], issue: Issue,
                    allow: bool = False) -> list[str]:
    """Text that found no room, outside its frame, or on an extra page is text nobody sees:
    refused, or with `allow` (proof mode) returned as warnings for the report. Headlines
    and captions are judged as `layout check` and `fit` judge them; WeasyPrint's boxes are
    read as well, to catch anything the stylesheet sets otherwise."""
    if len(document.pages) != len(sheets):
        raise FitError(f"本期应有 {len(sheets)} 个版面，排出了 {len(document.pages)} 个："
                       "有内容溢出到多余的页面")
    faults = issue_faults(sheets, issue)
    problems = [*_text_over(sheets), *faults]
    if not faults:
        problems += _frames_overflowing(document, sheets)
    if problems and not allow:
        raise FitError("\n".join(problems))
    return problems


def _text_over(sheets: list[Sheet]) -> list[str]:
    return [f"{where(sheet, m)}：正文放不下，{flow.overset}"
            for sheet in sheets for m in sheet.modules
            if m.is_last_part and (flow := m.setting.flow) and flow.overflow]


def _frames_overflowing(document: Document, sheets: list[Sheet]) -> list[str]:
    overflow = overflowing_lines(document)
    if not overflow:
        return []
    labels = {}
    for sheet in sheets:
        labels[f"p{sheet.page.number}-masthead"] = f"第{sheet.page.number}版 报头"
        labels[f"p{sheet.page.number}-running-head"] = f"第{sheet.page.number}版 报眉"
        for m in sheet.modules:
            for part, what in (("head", "标题"), ("caption", "图片说明")):
                labels[f"{m.id}-{part}"] = f"{where(sheet, m)}：{what}"
            labels[f"{m.id}-body"] = f"{where(sheet, m)}：正文"
            for n in range(1, len(m.part.columns) + 1 if m.part else 1):
                labels[f"{m.id}-col{n}"] = f"{where(sheet, m)}：第{n}栏"
    return [f"{labels.get(name, name)}放不下，超出 {count} 行"
            for name, count in sorted(overflow.items())]
