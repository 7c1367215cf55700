"""Checks on the laid-out document: what would print must be what the editor asked for.

Each raises a LayoutError naming the article and the problem, before anything is written.
"""

from __future__ import annotations

from collections import Counter

from layout.errors import FitError, FontError
from layout.i18n import USER, _
from layout.model import Issue
from layout.pages.copyfit import issue_faults, where
from layout.pages.engine import Sheet
from layout.pages.flow import overset_text
from layout.project.fonts import FontLock, glyph_problems


def refuse_unloaded_fonts(warnings: list[str]) -> None:
    """A face WeasyPrint could not load would silently fall back to another font."""
    failed = [w for w in warnings if "Font-face" in w and "cannot be loaded" in w]
    if failed:
        raise FontError("\n".join(failed))


def refuse_glyphs_outside_the_lock(families: set[str], warnings: list[str], lock: FontLock,
                                   issue: Issue) -> None:
    """Text in a fallback font, or drawn as empty boxes, would not print as the editor wrote;
    `families` are those the renderer set text in."""
    fallback = sorted(families - lock.families)
    notdef = [w for w in warnings if ".notdef glyph" in w]
    if not fallback and not notdef:
        return
    lines = [_("text was set in {fonts}, which is not a locked font").format(
        fonts=", ".join(fallback))] if fallback \
        else [_("some characters have no glyph in any font and print as empty boxes")]
    lines += glyph_problems(issue, lock)
    raise FontError("\n".join(lines))


def refuse_overflow(laid_out: int, overflow: Counter[str], sheets: list[Sheet], issue: Issue,
                    allow: bool = False) -> list[str]:
    """Text that found no room, outside its frame, or on an extra page is text nobody sees:
    refused, or with `allow` (proof mode) returned as warnings for the report. Headlines
    and captions are judged as `layout check` and `fit` judge them; WeasyPrint's boxes are
    read as well (`laid_out` pages made, `overflow` lines outside each frame), to catch
    anything the stylesheet sets otherwise."""
    if laid_out != len(sheets):
        raise FitError(_("the issue should have {expected} pages but {made} were laid out: "
                         "content overflowed onto extra pages").format(
                             expected=len(sheets), made=laid_out))
    faults = issue_faults(sheets, issue)
    problems = [*_text_over(sheets), *faults]
    if not faults:
        problems += _frames_overflowing(overflow, sheets)
    if problems and not allow:
        raise FitError("\n".join(problems))
    return problems


def _text_over(sheets: list[Sheet]) -> list[str]:
    return [_("{where}: the text does not fit, {overset}").format(
                where=where(sheet, m),
                overset=overset_text(flow.characters_over, flow.lines_over, USER))
            for sheet in sheets for m in sheet.modules
            if m.is_last_part and (flow := m.setting.flow) and flow.overflow]


def _frames_overflowing(overflow: Counter[str], sheets: list[Sheet]) -> list[str]:
    if not overflow:
        return []
    labels = {}
    for sheet in sheets:
        page = sheet.page.number
        labels[f"p{page}-masthead"] = _("page {page} masthead").format(page=page)
        labels[f"p{page}-running-head"] = _("page {page} running head").format(page=page)
        for m in sheet.modules:
            named = where(sheet, m)
            for part, what in (("head", _("headline")), ("caption", _("caption")),
                               ("body", _("body text"))):
                labels[f"{m.id}-{part}"] = _("{where}: {part}").format(where=named, part=what)
            for n in range(1, len(m.part.columns) + 1 if m.part else 1):
                labels[f"{m.id}-col{n}"] = _("{where}: column {column}").format(
                    where=named, column=n)
    return [_("{frame} does not fit: {count} lines over").format(
                frame=labels.get(name, name), count=count)
            for name, count in sorted(overflow.items())]
