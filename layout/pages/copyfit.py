"""Copyfit: for every article, the room it has and the room it takes, in characters and lines.

The figures are exact: they count the lines the composer set and the lines the article's
columns hold, through all its parts. What the desk reads: 超 37 字 / 3 行 (the text is
that much too long), 空 2 行 (that many lines stay empty), or 正好 (it fits).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path

from layout.model import Issue
from layout.pages.engine import ModuleView, Sheet
from layout.pages.flow import overset_text
from layout.pages.frames import MM_PER_PT


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
    frame_faults: tuple[str, ...] = ()   # a headline or caption that does not fit its room

    @property
    def empty_lines(self) -> int:
        return max(self.capacity_lines - self.lines, 0) if not self.lines_over else 0

    @property
    def verdict(self) -> str:
        if self.frame_faults:
            return "；".join(self.frame_faults)
        if self.lines_over:
            return overset_text(self.characters_over, self.lines_over)
        if self.empty_lines:
            return f"空 {self.empty_lines} 行"
        return "正好"

    @property
    def fits(self) -> bool:
        return not self.lines_over and not self.frame_faults

    def as_dict(self) -> dict:
        return asdict(self) | {"empty_lines": self.empty_lines, "verdict": self.verdict,
                               "fits": self.fits}


TOLERANCE = 0.05  # mm: rounding, not overflow


def frame_faults(view: ModuleView, line_pitch: float) -> list[str]:
    """What of the module's headline block and caption does not fit its room, in body
    lines (`line_pitch` mm each): 标题超 2 行, 图片说明超 1 行, 标题超出栏宽 3.5 mm.
    The one judge of it: check, fit, the desk and build all ask this."""
    faults = []
    rooms = [("标题", view.headline, view.frames.head), ("图片说明", view.caption,
                                                           view.frames.caption)]
    for part, content, room in rooms:
        if content is None or room is None:
            continue
        if content.height > room.h + TOLERANCE:
            faults.append(f"{part}超 {math.ceil((content.height - room.h) / line_pitch)} 行")
        if content.width > room.w + TOLERANCE:
            faults.append(f"{part}超出栏宽 {content.width - room.w:.1f} mm")
    return faults


def where(sheet: Sheet, view: ModuleView) -> str:
    """第1版 利剑出鞘去沉痾 (xunchao-jishi.md): how messages name a module."""
    article = view.module.article
    return f"第{sheet.page.number}版 {article.title} ({article.source.name})"


def issue_faults(sheets: list[Sheet], issue: Issue) -> list[str]:
    """Every headline and caption on every page that does not fit, named by page and article."""
    return [f"{where(sheet, view)}：{fault}" for sheet in sheets for view in sheet.modules
            for fault in frame_faults(view, _line_pitch(issue))]


def _line_pitch(issue: Issue) -> float:
    return issue.format.leading * MM_PER_PT


def copyfit(sheets: list[Sheet], issue: Issue) -> list[ArticleFit]:
    """The fit of every composed article, in order of first appearance."""
    issue_dir, line_pitch = issue.issue_dir, _line_pitch(issue)
    faults: dict[Path, list[str]] = {}
    for sheet in sheets:
        for view in sheet.modules:
            found = frame_faults(view, line_pitch)
            faults.setdefault(view.module.article.source, []).extend(
                f"第{sheet.page.number}版{fault}" if view.module.continues else fault
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
