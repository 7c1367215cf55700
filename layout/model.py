"""The issue as the rest of the pipeline sees it: plain typed data, no I/O.

The manifest loader builds these from validated files; every later stage (typeset, frames,
html, pdf) reads them and returns new values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from layout.manifest.schema import PageFormat, PaperManifest, Place

BlockKind = Literal["paragraph", "crosshead"]


@dataclass(frozen=True)
class Block:
    """A paragraph or crosshead as written: its source lines, not yet joined."""

    kind: BlockKind
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    id: str
    source: Path
    title: str
    kicker: str | None
    subtitle: str | None
    byline: str | None
    dateline: str | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Photo:
    source: Path
    pixels: tuple[int, int]
    lines: int
    span: int | None
    side: str
    caption: str
    credit: str | None
    caption_lines: int
    focus: tuple[float, float]


@dataclass(frozen=True)
class Module:
    """An article's rectangle on the page with what goes in it."""

    article: Article
    place: Place
    head_lines: int
    columns: int
    boxed: bool
    photo: Photo | None


@dataclass(frozen=True)
class Credits:
    editor: str
    proofreader: str
    designer: str


@dataclass(frozen=True)
class Page:
    number: int
    name: str
    credits: Credits
    modules: tuple[Module, ...]

    @property
    def has_masthead(self) -> bool:
        return self.number == 1


@dataclass(frozen=True)
class Issue:
    paper: PaperManifest
    paper_dir: Path
    issue_dir: Path
    date: datetime.date
    issue_number: int
    pages: tuple[Page, ...]

    @property
    def format(self) -> PageFormat:
        return self.paper.page

    @property
    def slug(self) -> str:
        """The output folder name below out/: paper folder and date."""
        return f"{self.paper_dir.name}/{self.date.isoformat()}"

    def articles(self) -> list[Article]:
        return [m.article for page in self.pages for m in page.modules]
