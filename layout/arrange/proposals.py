"""`layout arrange`: the pages with unplaced modules laid out, as ranked alternatives, each
checked by setting the whole issue with it; the chosen one written into issue.toml.

A page gets alternatives, or a verdict saying why it cannot be arranged: an article too
long for any frame the page has room for, or articles together longer than the free part
of the page, with the article to cut (the one of least priority) and by how much.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from layout.arrange import jumps
from layout.arrange.shapes import Candidate, ShapeFinder, headline_class, lines_in
from layout.arrange.solver import Block, Layout, Placement, arrange_page, cheapest_per_size
from layout.i18n import USER, _
from layout.manifest import editing
from layout.manifest.check import check_issue
from layout.manifest.places import human_key
from layout.manifest.schema import Place
from layout.model import Issue, Module, Page, Wishes
from layout.pages.copyfit import ArticleFit, copyfit
from layout.pages.engine import lay_out_sheets
from layout.pages.frames import Grid, grid_problems
from layout.project.files import atomic_write
from layout.typeset.setter import Setter, setter_for

UNRANKED = 1000   # the priority of a module that gives none: after every ranked one


@dataclass(frozen=True)
class Alternative:
    """One layout of a page, as the whole issue sets it."""

    layout: Layout
    fits: dict[str, ArticleFit]      # the placed articles' fits, by key

    @property
    def empty_lines(self) -> int:
        return sum(fit.empty_lines for fit in self.fits.values())

    @property
    def all_fit(self) -> bool:
        return all(fit.fits for fit in self.fits.values())


@dataclass(frozen=True)
class PageArrangement:
    page: Page
    alternatives: list[Alternative]
    verdict: str = ""                # why the page cannot be arranged; "" when it can
    jumped: Module | None = None     # the module whose article goes on on a later page
                                     # (its wishes.jump_to): then one layout

    @property
    def jumps_to(self) -> int | None:
        """The page the article that jumps goes on on, if one does."""
        return self.jumped.wishes.jump_to if self.jumped else None


def arrange_issue(issue_dir: Path, page: int | None = None,
                  alternatives: int = 3) -> tuple[Issue, list[PageArrangement]]:
    """Alternatives for every page with unplaced modules (or page `page` only)."""
    issue, _resources, lock = check_issue(issue_dir, unplaced_allowed=True)
    return issue, arrange_pages(issue, setter_for(issue.paper, lock), page, alternatives)


def arrange_pages(issue: Issue, setter: Setter, page: int | None = None,
                  alternatives: int = 3) -> list[PageArrangement]:
    """Alternatives for the pages of an issue loaded for arranging that have unplaced
    modules (or page `page` only, and the page an article of it jumps to)."""
    pending = [p.number for p in issue.pages if (page is None or p.number == page)
               and any(not m.wishes.placed for m in p.modules)]
    done: list[PageArrangement] = []
    while pending:
        number = pending.pop(0)
        target = next(p for p in issue.pages if p.number == number)
        arrangement = _arrange(issue, setter, target, alternatives)
        if arrangement.jumped is not None and arrangement.jumps_to is not None:
            layout = arrangement.alternatives[0].layout
            issue = jumps.continued(with_layout(issue, target, layout), arrangement.jumped)
            pending = sorted({*pending, arrangement.jumps_to})
        done.append(arrangement)
    return [_jump_checked(issue, setter, a, done, a.jumped) if a.jumped else a for a in done]


def _jump_checked(issue: Issue, setter: Setter, arrangement: PageArrangement,
                  done: list[PageArrangement], jumped: Module) -> PageArrangement:
    """A page whose article jumps: its fits taken with the page it jumps to laid out, or,
    when that page has no layout for the jump, a verdict: the article would be left over."""
    target = next(a for a in done if a.page.number == arrangement.jumps_to)
    if not target.alternatives:
        return PageArrangement(arrangement.page, [], _(
            "{where} ({title}) does not fit page {page} and cannot go on on page {next}, "
            "which has no room for the rest: cut it, or make room on page {next}").format(
                where=_where(jumped.frame.key), title=jumped.article.title,
                page=arrangement.page.number, next=target.page.number))
    return _rechecked(issue, setter, arrangement, done)


def _arrange(issue: Issue, setter: Setter, page: Page, count: int) -> PageArrangement:
    """The page's alternatives or its verdict; when an article of it must jump to fit, its
    one layout with that article filling its frame, and the module that jumps."""
    grid = Grid(issue.format)
    candidates = _candidates(issue, setter, page)
    fixed = fixed_blocks(issue, page)
    verdict = _too_long(page, candidates) or _too_much(issue, page, candidates)
    layouts = [] if verdict else arrange_page(issue.format.columns, grid.lines, fixed,
                                               candidates, count)
    if layouts:
        return PageArrangement(page, [_checked(issue, setter, page, layout)
                                      for layout in layouts])
    for jumper in sorted((c for c in candidates if c.module.wishes.jump_to),
                         key=lambda c: (-c.priority, -candidates.index(c))):
        if jumped := _jumped(issue, setter, page, candidates, fixed, jumper):
            return PageArrangement(page, [Alternative(jumped, {})], jumped=jumper.module)
    return PageArrangement(page, [], verdict or _no_room(issue, page, fixed, candidates))


def _jumped(issue: Issue, setter: Setter, page: Page, candidates: list[Candidate],
            fixed: list[Block], jumper: Candidate) -> Layout | None:
    """The best layout of the page with `jumper`'s article filling its frame and going
    on elsewhere; None if there is none."""
    wishes = jumper.module.wishes
    shapes = ShapeFinder(issue, setter, jumper.module).jump_shapes(
        _spans(issue, wishes), jumper.headline, wishes.min_lines or 1)
    jumping = replace(jumper, shapes=tuple(cheapest_per_size(shapes)))
    others = [jumping if c is jumper else c for c in candidates]
    if not shapes or _too_long(page, others) or _too_much(issue, page, others):
        return None
    layouts = arrange_page(issue.format.columns, Grid(issue.format).lines, fixed, others, 1)
    return layouts[0] if layouts else None


def with_its_jump(pages: list[PageArrangement], page: PageArrangement,
                  layout: Layout) -> list[tuple[Page, Layout]]:
    """`layout` of `page` with the layout a jump across pages needs beside it, in page
    order: a page whose article jumps goes with the first layout of the page it jumps to;
    a page holding a jump arrange made, with the one layout of the page it comes from."""
    related = [(other.page, other.alternatives[0].layout) for other in pages
               if other is not page and other.alternatives
               and (other.jumps_to == page.page.number or page.jumps_to == other.page.number)]
    return sorted([(page.page, layout), *related], key=lambda pair: pair[0].number)


def _rechecked(issue: Issue, setter: Setter, arrangement: PageArrangement,
               done: list[PageArrangement]) -> PageArrangement:
    """A page whose article jumps, its fits taken with the other pages' first layouts,
    where its jump is placed."""
    for other in done:
        if other is not arrangement and other.alternatives:
            issue = with_layout(issue, other.page, other.alternatives[0].layout)
    layout = arrangement.alternatives[0].layout
    return replace(arrangement, alternatives=[_checked(issue, setter, arrangement.page, layout)])


def _no_room(issue: Issue, page: Page, fixed: list[Block], candidates: list[Candidate]) -> str:
    """Why no layout holds every article though their areas would: the article of least
    priority, and about how much of it the room left by the others would take."""
    grid = Grid(issue.format)
    last = max(candidates, key=lambda c: (c.priority, candidates.index(c)))
    others = [c for c in candidates if c is not last]
    without = arrange_page(issue.format.columns, grid.lines, fixed, others, 1) if others else []
    if not without:
        return _("page {page}: no layout places these articles together; take one off the "
                 "page").format(page=page.number)
    room = without[0].holes                  # cells the others leave white
    lines = max(min(shape.area for shape in last.shapes) - room, 1)
    return _("page {page}: the articles do not go together on the page: without {where} "
             "({title}) they do, leaving it {room} column lines; cut about {characters} "
             "characters from it, or move it to another page").format(
                 page=page.number, where=_where(last.key), title=last.module.article.title,
                 room=room, characters=lines * grid.chars_per_line(grid.column_width))


def _candidates(issue: Issue, setter: Setter, page: Page) -> list[Candidate]:
    unplaced = [(n, m) for n, m in enumerate(page.modules) if not m.wishes.placed]
    order = sorted(range(len(unplaced)),
                   key=lambda r: (unplaced[r][1].wishes.priority or UNRANKED, r))
    # The modules the page already places rank first: an article added to a made page is
    # not its lead (it was given a lead's headline, too large for the hole it fits).
    placed = len(page.modules) - len(unplaced)
    candidates = []
    for rank, r in enumerate(order, start=placed):
        _n, module = unplaced[r]
        wishes = module.wishes
        headline = headline_class(wishes.priority or UNRANKED, rank, wishes.headline)
        shapes, closest = ShapeFinder(issue, setter, module).shapes(
            _spans(issue, wishes), headline, wishes.min_lines or 1)
        candidates.append(Candidate(module.frame.key, page.number, module,
                                    wishes.priority or UNRANKED, headline,
                                    tuple(cheapest_per_size(shapes)), closest))
    return candidates


def _spans(issue: Issue, wishes: Wishes) -> range:
    """The widths, in grid columns, a module may be given."""
    columns = issue.format.columns
    return range(wishes.min_span or 1, min(wishes.max_span or columns, columns) + 1)


def fixed_blocks(issue: Issue, page: Page) -> list[Block]:
    """What the editor fixed on the page, in grid cells: the masthead, the placed modules."""
    grid = Grid(issue.format)
    blocks = [Block(1, 0, issue.format.columns, issue.format.masthead_lines)] \
        if page.has_masthead else []
    for module in page.modules:
        if module.wishes.placed:
            place = module.frame.place
            top = lines_in(grid, place.top)
            blocks.append(Block(place.column, top, place.span,
                                lines_in(grid, place.lines)))
    return blocks


def _too_long(page: Page, candidates: list[Candidate]) -> str:
    """The articles no frame on the page can hold, with how much is over at the most room."""
    said = []
    for candidate in candidates:
        if not candidate.shapes:
            over = candidate.least_over
            fault = over.verdict(USER) if over else _("its headline does not fit any width")
            said.append(_("{where} ({title}) does not fit the page at any width: {fault}; "
                          "cut it, or let it jump to a later page (jump_to = page)").format(
                              where=_where(candidate.key), title=candidate.module.article.title,
                              fault=fault))
    return "\n".join(said)


def _too_much(issue: Issue, page: Page, candidates: list[Candidate]) -> str:
    """When the articles at their smallest need more of the grid than the page has free:
    the article of least priority to cut, and by how much."""
    grid = Grid(issue.format)
    free = issue.format.columns * grid.lines - sum(
        b.span * b.lines for b in fixed_blocks(issue, page))
    need = sum(min(shape.area for shape in c.shapes) for c in candidates)
    if need <= free:
        return ""
    last = max(candidates, key=lambda c: (c.priority, candidates.index(c)))
    lines = need - free                 # a cell of the grid holds one line of one column
    characters = lines * grid.chars_per_line(grid.column_width)
    return _("page {page}: the articles need {lines} more column lines than the page has "
             "free: cut about {characters} characters from {where} ({title}), the one of "
             "least priority, or move an article to another page").format(
                 page=page.number, lines=lines, characters=characters,
                 where=_where(last.key), title=last.module.article.title)


def _checked(issue: Issue, setter: Setter, page: Page, layout: Layout) -> Alternative:
    """The layout set with the whole issue: the fits a build will have."""
    arranged = with_layout(issue, page, layout)
    sheets = lay_out_sheets(arranged, setter)
    placed = {p.candidate.module.article.source for p in layout.placements}
    by_source = {fit.source: fit for fit in copyfit(sheets, arranged)}
    fits = {}
    for placement in layout.placements:
        source = placement.candidate.module.article.source
        fits[placement.candidate.key] = by_source[
            source.relative_to(issue.issue_dir).as_posix()]
    target = next(p for p in arranged.pages if p.number == page.number)
    problems = grid_problems(issue.format, [(page.number, [m.frame for m in target.modules])])
    assert not problems and placed, problems   # the solver keeps to the grid
    return Alternative(layout, fits)


def with_layout(issue: Issue, page: Page, layout: Layout) -> Issue:
    """The issue with the page's unplaced modules placed as `layout` says."""
    by_key = {p.candidate.key: p for p in layout.placements}
    modules = tuple(_placed(m, by_key[m.frame.key]) if m.frame.key in by_key else m
                    for m in page.modules)
    return replace(issue, pages=tuple(replace(p, modules=modules) if p.number == page.number
                                      else p for p in issue.pages))


def _placed(module: Module, placement: Placement) -> Module:
    shape = placement.shape
    frame = module.frame
    strip = 1 if frame.vertical_title else 0
    place = Place(column=placement.column, span=shape.span, top=placement.top,
                  lines=shape.lines)
    frame = replace(frame, place=place, head_lines=shape.head_lines,
                    columns=max(shape.span - strip, 1), photo=shape.photo)
    return replace(module, frame=frame, title_size=shape.title_size)


def written(text: str, layout: Layout, issue_dir: Path) -> str:
    """issue.toml's text (of the issue in `issue_dir`) with `layout` written in: each
    module's place, and its headline room, title size and photo size where the editor left
    them to arrange; a module a jump goes on in added after its page's others."""
    for placement in layout.placements:
        module, shape, key = placement.candidate.module, placement.shape, placement.candidate.key
        place = {"column": placement.column, "span": shape.span, "top": placement.top,
                 "lines": shape.lines}
        if jumps.is_new_jump(module):
            source = module.article.source.relative_to(issue_dir.resolve()).as_posix()
            text, _key = editing.article_added(
                text, jumps.page_index(key), source, place, shape.head_lines,
                {"title_size": _size(shape.title_size), "continues": True})
            continue
        text = editing.placed(text, key, place)
        values: dict[str, int | float | None] = {}
        if not module.wishes.head_lines_given:
            values["head_lines"] = shape.head_lines
        if not module.wishes.title_size_given:
            values["title_size"] = _size(shape.title_size)
        if values:
            text = editing.module_values_set(text, key, values)
        if shape.photo is not None and not module.wishes.photo_sized:
            text = editing.photo_resized(text, key, shape.photo.lines, shape.photo.span)
    return text


def _size(points: float) -> int | float:
    """A title size as the manifest writes it: 22, not 22.0."""
    return int(points) if points.is_integer() else points


def _where(key: str) -> str:
    return human_key(key)[0]


def described(arrangement: PageArrangement) -> list[str]:
    """The page's alternatives, or its verdict, in the user's words, a line each."""
    page = arrangement.page
    if arrangement.verdict:
        return arrangement.verdict.splitlines()
    lines = [_("page {page} {name}: {count} layouts, best first").format(
        page=page.number, name=page.name, count=len(arrangement.alternatives))]
    for n, alternative in enumerate(arrangement.alternatives, 1):
        lines.append("  " + _("layout {n}: {holes} grid cells white, {empty} lines empty")
                     .format(n=n, holes=alternative.layout.holes, empty=alternative.empty_lines))
        for placement in sorted(alternative.layout.placements, key=lambda p: (p.top, p.column)):
            lines.append("    " + _placement_line(placement, alternative.fits))
    return lines


def _placement_line(placement: Placement, fits: dict[str, ArticleFit]) -> str:
    shape, candidate = placement.shape, placement.candidate
    said = _("{where} {title}: columns {first}-{last}, lines {top}-{bottom}, headline "
             "{head} lines at {size} pt").format(
                 where=_where(candidate.key), title=candidate.module.article.title,
                 first=placement.column, last=placement.column + shape.span - 1,
                 top=placement.top, bottom=placement.top + shape.lines - 1,
                 head=shape.head_lines, size=f"{shape.title_size:g}")
    if shape.photo is not None:
        said += _(", photo {span} columns by {lines} lines").format(
            span=shape.photo.span or shape.span, lines=shape.photo.lines)
    return _("{where}: {fault}").format(where=said, fault=fits[candidate.key].verdict(USER))


def as_dict(arrangement: PageArrangement) -> dict:
    """The page's alternatives as data, for `--json` and the desk."""
    return {"page": arrangement.page.number, "verdict": arrangement.verdict,
            "alternatives": [{
                "holes": a.layout.holes, "empty_lines": a.empty_lines, "cost": a.layout.cost,
                "modules": [_placement_dict(p, a.fits[p.candidate.key])
                            for p in a.layout.placements]}
                for a in arrangement.alternatives]}


def _placement_dict(placement: Placement, fit: ArticleFit) -> dict:
    shape = placement.shape
    photo = None if shape.photo is None else {"lines": shape.photo.lines,
                                              "span": shape.photo.span}
    return {"key": placement.candidate.key, "title": fit.title, "source": fit.source,
            "place": {"column": placement.column, "span": shape.span,
                      "top": placement.top, "lines": shape.lines},
            "head_lines": shape.head_lines, "title_size": shape.title_size, "photo": photo,
            "priority": placement.candidate.priority, "headline": placement.candidate.headline,
            "fit": fit.as_dict()}


def write_layouts(issue_dir: Path, pages: list[PageArrangement], choose: int) -> str:
    """Write layout `choose` (1-based) of every arranged page into issue.toml at once;
    what was written, in the user's words. A page without that many layouts, or with
    none, is left as it is and said."""
    manifest = issue_dir / "issue.toml"
    text = manifest.read_bytes().decode("utf-8")
    said = []
    for page in pages:
        if len(page.alternatives) < choose:
            said.append(_("page {page}: no layout {n} to write, left as it was").format(
                page=page.page.number, n=choose))
            continue
        text = written(text, page.alternatives[choose - 1].layout, issue_dir)
        said.append(_("page {page}: layout {n} written into {file}").format(
            page=page.page.number, n=choose, file=manifest))
    atomic_write(manifest, text.encode("utf-8"))
    return "\n".join(said)
