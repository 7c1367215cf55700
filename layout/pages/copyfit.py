"""Copyfit: for every article, the room it has and the room it takes, in characters and lines.

The figures are exact: they count the lines the composer set and the lines the article's
columns hold, through all its parts. What the desk reads: 超 37 字 / 3 行 (the text is
that much too long), 空 2 行 (that many lines stay empty), or 正好 (it fits).
`overset_texts` gives the very characters that are over, for the editor to cut.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from layout.i18n import N_, PAPER, USER, Voice, _
from layout.model import Issue
from layout.pages.engine import ModuleView, Sheet
from layout.pages.flow import overset_text
from layout.pages.frames import MM_PER_PT
from layout.typeset.article import Row


@dataclass(frozen=True)
class FrameFault:
    """A module's headline block or caption that does not fit its room."""

    part: str               # "headline" or "caption"
    lines_over: int = 0     # taller than its room by this many body lines
    mm_wider: float = 0.0   # wider than its room (a vertical title, a long word)
    page: int | None = None  # the page, named for a continued article's later module

    def said(self, voice: Voice) -> str:
        """标题超 2 行, 图片说明超出栏宽 3.5 mm, 第2版标题超 1 行."""
        say = voice.say
        part = say(_PARTS[self.part])
        fault = voice.say_for("{part} {count} line over", "{part} {count} lines over",
                              self.lines_over).format(part=part, count=self.lines_over) \
            if self.lines_over else say(N_("{part} {mm:.1f} mm wider than its column")).format(
                part=part, mm=self.mm_wider)
        return say(N_("page {page}: {fault}")).format(page=self.page, fault=fault) \
            if self.page else fault


_PARTS = {"headline": N_("headline"), "caption": N_("caption")}


@dataclass(frozen=True)
class ArticleFit:
    source: str
    title: str
    pages: tuple[int, ...]
    capacity_lines: int
    capacity_characters: int
    lines: int
    characters: int
    lines_over: int
    characters_over: int
    tracking: float         # fraction of an em auto-fit applied; 0 when none
    frame_faults: tuple[FrameFault, ...] = ()

    @property
    def empty_lines(self) -> int:
        return max(self.capacity_lines - self.lines, 0) if not self.lines_over else 0

    def verdict(self, voice: Voice) -> str:
        """正好, 空 N 行, 超 N 字 / M 行, or what of its frames does not fit."""
        if self.frame_faults:
            return voice.say(N_("; ")).join(fault.said(voice) for fault in self.frame_faults)
        if self.lines_over:
            return overset_text(self.characters_over, self.lines_over, voice)
        if self.empty_lines:
            return voice.say_for("{count} empty line", "{count} empty lines",
                                 self.empty_lines).format(count=self.empty_lines)
        return voice.say(N_("fits"))

    @property
    def fits(self) -> bool:
        return not self.lines_over and not self.frame_faults

    def as_dict(self) -> dict:
        """The fit as data: its verdict in the paper's words (Chinese), whatever the
        interface's language, so that a build's report is the same in any."""
        faults = [fault.said(PAPER) for fault in self.frame_faults]
        return asdict(self) | {"frame_faults": faults, "empty_lines": self.empty_lines,
                               "verdict": self.verdict(PAPER), "fits": self.fits}


TOLERANCE = 0.05  # mm: rounding, not overflow


def frame_faults(view: ModuleView, line_pitch: float) -> list[FrameFault]:
    """What of the module's headline block and caption does not fit its room, in body
    lines (`line_pitch` mm each). The one judge of it: check, fit, the desk and build all
    ask this."""
    faults = []
    rooms = [("headline", view.headline, view.frames.head),
             ("caption", view.caption, view.frames.caption)]
    for part, content, room in rooms:
        if content is None or room is None:
            continue
        if content.height > room.h + TOLERANCE:
            faults.append(FrameFault(part, lines_over=math.ceil((content.height - room.h)
                                                                / line_pitch)))
        if content.width > room.w + TOLERANCE:
            faults.append(FrameFault(part, mm_wider=round(content.width - room.w, 1)))
    return faults


def where(sheet: Sheet, view: ModuleView) -> str:
    """第1版 利剑出鞘去沉痾 (xunchao-jishi.md): how messages name a module."""
    article = view.module.article
    return _("page {page} {title} ({file})").format(page=sheet.page.number, title=article.title,
                                                   file=article.source.name)


def issue_faults(sheets: list[Sheet], issue: Issue) -> list[str]:
    """Every headline and caption on every page that does not fit, named by page and article."""
    return [_("{where}: {fault}").format(where=where(sheet, view), fault=fault.said(USER))
            for sheet in sheets for view in sheet.modules
            for fault in frame_faults(view, _line_pitch(issue))]


def _line_pitch(issue: Issue) -> float:
    return issue.format.leading * MM_PER_PT


def copyfit(sheets: list[Sheet], issue: Issue) -> list[ArticleFit]:
    """The fit of every composed article, in order of first appearance."""
    issue_dir, line_pitch = issue.issue_dir, _line_pitch(issue)
    faults: dict[Path, list[FrameFault]] = {}
    for sheet in sheets:
        for view in sheet.modules:
            found = frame_faults(view, line_pitch)
            faults.setdefault(view.module.article.source, []).extend(
                replace(fault, page=sheet.page.number) if view.module.continues else fault
                for fault in found)
    fits = []
    for sheet in sheets:
        for view in sheet.modules:
            flow = view.setting.flow
            if flow is None or not view.is_last_part:
                continue
            article = view.module.article
            rows = view.typeset.rows
            fits.append(ArticleFit(
                source=article.source.relative_to(issue_dir).as_posix(),
                title=article.title,
                pages=tuple(part.page for part in flow.parts),
                capacity_lines=flow.capacity,
                capacity_characters=flow.capacity * view.setting.chars_per_line,
                lines=flow.rows_used + len(flow.overflow),
                characters=sum(len(row.line.text) for row in rows if row.line),
                lines_over=flow.lines_over,
                characters_over=flow.characters_over,
                tracking=view.setting.tracking,
                frame_faults=tuple(faults.get(article.source, ()))))
    return sorted(fits, key=lambda fit: (fit.pages[0], fit.source))


def overset_texts(sheets: list[Sheet], issue: Issue) -> dict[str, str]:
    """The text that finds no room, by article source (as copyfit names them; "" for an
    article that fits): what the editor cuts, exactly as set, one paragraph a line. Its
    characters are the ones 超 N 字 counts."""
    issue_dir = issue.issue_dir
    return {view.module.article.source.relative_to(issue_dir).as_posix():
            _paragraphs_of(view.setting.flow.overflow)
            for sheet in sheets for view in sheet.modules
            if view.setting.flow is not None and view.is_last_part}


def _paragraphs_of(rows: tuple[Row, ...]) -> str:
    """The rows' text, a line break where a new paragraph, crosshead or byline starts:
    after a paragraph's last line, after a crosshead's space, where the kind changes."""
    text, previous = "", None
    for row in rows:
        if row.line is None:
            previous = row
            continue
        if text and previous is not None and _starts_paragraph(row, previous):
            text += "\n"
        text, previous = text + row.line.text, row
    return text


def _starts_paragraph(row: Row, previous: Row) -> bool:
    ended = previous.line is not None and previous.line.last and previous.kind == "text"
    return previous.line is None or previous.kind != row.kind or ended
