"""排版建议: the layouts `layout arrange` proposes for the pages with unplaced modules, each
drawn as the page it would make, for the editor to choose one.

A suggestion is made on issue.toml as it was read (its sha256 is kept with it): choosing it
writes that layout into that file only, through the desk's history, so that it is undone
like any change; a file changed meanwhile refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from layout.arrange.proposals import (
    PageArrangement,
    arrange_pages,
    described,
    with_its_jump,
    with_layout,
)
from layout.arrange.solver import Layout
from layout.build import render_job
from layout.manifest.check import check_issue
from layout.manifest.resources import PaperResources
from layout.model import Issue
from layout.project.fonts import FontLock
from layout.render.pages import render_pages
from layout.render.preview import preview_bytes
from layout.typeset.setter import setter_for
from layout.variants.table import VARIANTS

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

PICTURE_DPI = 48   # a page about 550 pixels wide: the whole layout at a glance


@dataclass(frozen=True)
class Suggestion:
    id: str
    page: int
    layouts: tuple[Layout, ...]   # the page's, and a jump's other page's: written together
    manifest: str       # sha256 of the issue.toml it was made on
    picture: bytes      # PNG


def suggest(issue_dir: Path, manifest: str, fonts: FontConfiguration,
            alternatives: int = 3) -> tuple[list[PageArrangement], list[Suggestion]]:
    """The arrangements of every page with unplaced modules, and each alternative drawn."""
    issue, resources, lock = check_issue(issue_dir, unplaced_allowed=True)
    pages = arrange_pages(issue, setter_for(issue.paper, lock), alternatives=alternatives)
    made = []
    for arrangement in pages:
        for n, alternative in enumerate(arrangement.alternatives, 1):
            number = arrangement.page.number
            together = with_its_jump(pages, arrangement, alternative.layout)
            arranged = issue
            for page, layout in together:
                arranged = with_layout(arranged, page, layout)
            picture = _picture(arranged, number, resources, lock, fonts)
            made.append(Suggestion(f"{manifest[:12]}-{number}-{n}", number,
                                   tuple(layout for _page, layout in together), manifest,
                                   picture))
    return pages, made


def _picture(issue: Issue, page: int, resources: PaperResources, lock: FontLock,
             fonts: FontConfiguration) -> bytes:
    """The page as the layout makes it: rendered as the proof renders it, drawn small."""
    job = render_job(issue, resources, lock, VARIANTS["proof"], allow_overflow=True)
    sheet = next(s for s in job.sheets if s.page.number == page)
    (rendered,) = render_pages([job.html([sheet])], issue.issue_dir, job.readable, job.lock,
                               fonts=fonts)
    return preview_bytes(rendered.pdf, PICTURE_DPI)


def as_dict(pages: list[PageArrangement], made: list[Suggestion]) -> dict:
    """What the page shows: for each page its alternatives (picture, figures, words), or
    why it cannot be arranged."""
    by_page: dict[int, list[Suggestion]] = {}
    for suggestion in made:
        by_page.setdefault(suggestion.page, []).append(suggestion)
    return {"pages": [{
        "page": arrangement.page.number, "name": arrangement.page.name,
        "verdict": arrangement.verdict,
        "alternatives": [{
            "id": suggestion.id, "picture": f"/suggestions/{suggestion.id}.png",
            "holes": alternative.layout.holes, "empty_lines": alternative.empty_lines,
            "lines": [line.strip() for line in described(
                PageArrangement(arrangement.page, [alternative]))[2:]]}
            for suggestion, alternative in zip(by_page.get(arrangement.page.number, []),
                                               arrangement.alternatives, strict=False)]}
        for arrangement in pages]}
