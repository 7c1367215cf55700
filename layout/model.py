"""The issue as the rest of the pipeline sees it: plain typed data, no I/O.

The manifest loader builds these from validated files; every later stage (typeset, frames,
html, pdf) reads them and returns new values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from layout.manifest.schema import Headline, PageFormat, PaperManifest, Place

BlockKind = Literal["paragraph", "crosshead"]

# Lengths are in millimetres (mm) on the page and points (pt) in type and PDF.
MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH
MM_PER_PT = MM_PER_INCH / 72
BLEED = 3.0  # mm of bleed round the trim, where the crop marks start


@dataclass(frozen=True)
class Block:
    """A paragraph or crosshead as written: its source lines, not yet joined."""

    kind: BlockKind
    lines: tuple[str, ...]
    origins: tuple[tuple[int, int], ...] = ()   # (line, column) in the file, 1-based, per line


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
    normalise: bool = True  # clean the punctuation of the source before setting it
    # Where each character of each front matter value stands in the file:
    # (field, ((line, column), ...)), 1-based.
    head_origins: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = ()

    def origin_of(self, field: str, offset: int) -> tuple[int, int]:
        """Line and column in the file of character `offset` of the front matter's `field`."""
        places = next((p for name, p in self.head_origins if name == field), ())
        return places[min(offset, len(places) - 1)] if places else (1, 1)

    def text(self) -> str:
        """Every character the article prints: headline parts, byline and body."""
        head = (self.kicker, self.title, self.subtitle, self.byline, self.dateline)
        body = (line for block in self.blocks for line in block.lines)
        return "".join(filter(None, (*head, *body)))


@dataclass(frozen=True)
class PhotoFrame:
    """Where a photo sits in its module: height, and columns at one side or full width."""

    lines: int
    span: int | None
    side: str
    caption_lines: int


@dataclass(frozen=True)
class FrameSpec:
    """The geometry of one article module as the manifest gives it, in grid units."""

    key: str  # where it stands in issue.toml, e.g. pages[1].articles[0]
    place: Place
    head_lines: int
    columns: int
    boxed: bool
    photo: PhotoFrame | None
    vertical_title: bool = False


@dataclass(frozen=True)
class Photo:
    source: Path
    pixels: tuple[int, int]
    caption: str
    credit: str | None
    focus: tuple[float, float]


@dataclass(frozen=True)
class Wishes:
    """What the editor asks of `layout arrange` for one module, and what the manifest fixed.

    A module arrange is to place stands meanwhile on a placeholder frame (one column, one
    line at the top, no headline lines, a photo two lines high): the flags say which parts
    of its frame and title size are the editor's, to be kept, and which are arrange's to
    decide. Every flag is true of a module the manifest fixes whole.
    """

    priority: int | None = None       # rank on the page; 1: the page's lead
    min_span: int | None = None       # fewest grid columns arrange may give the module
    max_span: int | None = None       # most grid columns
    min_lines: int | None = None      # fewest body lines high
    headline: Headline | None = None  # weight of the headline: large, medium or small
    jump_to: int | None = None        # a later page the article may continue on (下转)
    placed: bool = True               # the frame's place is the manifest's
    head_lines_given: bool = True     # the frame's head_lines is the manifest's
    title_size_given: bool = True     # title_size is the manifest's; false: arrange's to
                                      # decide, or by the span without arrange
    photo_sized: bool = True          # the photo's lines are the manifest's (or no photo)


@dataclass(frozen=True)
class Module:
    """An article module: its frame, its article and its photo."""

    frame: FrameSpec
    article: Article
    title_size: float | None
    photo: Photo | None
    continues: bool = False      # carries on an article begun in an earlier module (转版)
    column_rules: bool = False
    wishes: Wishes = Wishes()    # for `layout arrange`; what the manifest fixed

    def printed_text(self) -> str:
        """The article's text with the photo's caption and credit."""
        photo = (self.photo.caption, self.photo.credit or "") if self.photo else ()
        return self.article.text() + "".join(photo)


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
    colour: bool = True

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

    def sources(self) -> dict[str, dict[str, Path]]:
        """The files the issue is made from, by kind: its manifests, the articles and the
        photos they place (not stray files beside them), each by its name in the issue."""
        photos = {m.photo.source for page in self.pages for m in page.modules if m.photo}
        return {
            "manifest": {"paper.toml": self.paper_dir / "paper.toml",
                         "issue.toml": self.issue_dir / "issue.toml"},
            "articles": {a.source.relative_to(self.issue_dir).as_posix(): a.source
                         for a in self.articles()},
            "photos": {p.relative_to(self.issue_dir).as_posix(): p for p in sorted(photos)},
        }

    def articles(self) -> list[Article]:
        """Every article once, in the order they first appear (continuations not again)."""
        seen: dict[Path, Article] = {}
        for page in self.pages:
            for module in page.modules:
                seen.setdefault(module.article.source, module.article)
        return list(seen.values())
