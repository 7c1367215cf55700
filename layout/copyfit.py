"""Copyfit: for every article, the room it has and the room it takes, in characters and lines.

The figures are exact: they count the lines the composer set and the lines the article's
columns hold, through all its parts. What the desk reads: 超 37 字 / 3 行 (the text is
that much too long), 空 2 行 (that many lines stay empty), or 正好 (it fits).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from layout.engine import Sheet


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

    @property
    def empty_lines(self) -> int:
        return max(self.capacity_lines - self.lines, 0) if not self.lines_over else 0

    @property
    def verdict(self) -> str:
        if self.lines_over:
            return f"超 {self.characters_over} 字 / {self.lines_over} 行"
        if self.empty_lines:
            return f"空 {self.empty_lines} 行"
        return "正好"

    @property
    def fits(self) -> bool:
        return not self.lines_over

    def as_dict(self) -> dict:
        return asdict(self) | {"empty_lines": self.empty_lines, "verdict": self.verdict,
                               "fits": self.fits}


def copyfit(sheets: list[Sheet], issue_dir: Path) -> list[ArticleFit]:
    """The fit of every composed article, in order of first appearance."""
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
                tracking=view.setting.tracking))
    return sorted(fits, key=lambda fit: (fit.pages[0], fit.source))
