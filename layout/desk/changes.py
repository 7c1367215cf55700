"""What an editor does to a page in the desk: move or resize a frame, resize a photo, place an
article or take one off; asked while dragging, checked again on the drop.

The issue stays set in memory between builds (`PagePlan`), so that the fit a frame would
have at a place comes from the composition cache in milliseconds (`pages/refit.py`). A
change is refused on the drop for what the grid refuses (an overlap, a frame off the type
area) and for a headline or caption that would no longer fit; text too long or too short
is not refused: that is the fit the badge shows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from layout.arrange.shapes import Shape, ShapeFinder
from layout.errors import Problem
from layout.i18n import USER, _
from layout.manifest import editing
from layout.manifest.articles import read_article
from layout.manifest.places import human_key, humanised
from layout.manifest.schema import ARTICLE_CHARACTERS, Place, StrictModel
from layout.model import FrameSpec, Issue, Module, Page, Wishes
from layout.pages.copyfit import ArticleFit, FrameFault
from layout.pages.frames import Grid, grid_problems, masthead_rect
from layout.pages.refit import Fix, Refit, refit, refit_photo, sizes_that_fit
from layout.typeset.setter import Setter

NEW_HEAD_LINES = 3   # a placed article's headline block, until the editor sizes it


class ChangeRefused(Exception):
    """A change the desk does not make, with the reason in the user's words."""


class GridPlace(StrictModel):
    """A place as the desk writes it: whole columns and body lines."""

    column: Annotated[int, Field(ge=1, le=48)]
    span: Annotated[int, Field(ge=1, le=48)]
    top: Annotated[int, Field(ge=0, le=1000)]
    lines: Annotated[int, Field(ge=1, le=1000)]


class Change(StrictModel):
    """One change, as the desk's page sends it."""

    op: Literal["place", "photo", "add", "remove"]
    key: str = Field("", max_length=64)         # the module: pages[0].articles[1]
    place: GridPlace | None = None              # place, add
    photo_lines: Annotated[int, Field(ge=2, le=1000)] | None = None   # photo
    photo_span: Annotated[int, Field(ge=1, le=48)] | None = None      # photo; None: the module's
    page: Annotated[int, Field(ge=1, le=999)] | None = None           # add: the page's number
    head_lines: Annotated[int, Field(ge=0, le=1000)] | None = None    # add: as fitted
    source: str = Field("", max_length=1000)    # the article's path in the issue: the one
                                                # to add, or the one the page showed at `key`


def parse_change(data: object) -> Change:
    """The change a request carries; ChangeRefused when it is not one."""
    try:
        change = Change.model_validate(data)
    except ValidationError as error:
        raise ChangeRefused(_("not a change the desk knows: {reason}").format(
            reason="; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                             for e in error.errors()))) from None
    needs = {"place": ("key", "place"), "photo": ("key", "photo_lines"),
             "add": ("page", "source", "place"), "remove": ("key",)}[change.op]
    missing = [name for name in needs if getattr(change, name) in (None, "")]
    if missing:
        raise ChangeRefused(_("a {op} change needs {fields}").format(
            op=change.op, fields=", ".join(missing)))
    return change


@dataclass(frozen=True)
class Answer:
    """How every article would fit after a change, and what refuses it."""

    verdicts: dict[str, dict]    # article source -> verdict, fits, empty lines
    problems: list[str]          # in the user's words, places named 第1版 第3篇

    def as_dict(self) -> dict:
        return {"verdicts": self.verdicts, "problems": self.problems}


class PagePlan:
    """The issue as last built, set in memory: the desk's answers while dragging."""

    def __init__(self, issue: Issue, setter: Setter, fits: list[ArticleFit]):
        self.issue = issue
        self.setter = setter
        self.grid = Grid(issue.format)
        self._fits = {fit.source: fit for fit in fits}   # as the build found them

    def module(self, key: str, source: str = "") -> tuple[int, int, Module]:
        """(page number, index on the page, module) of the module at `key`, if it still
        carries `source` (when given): a change queued behind another that moved the
        modules must not land on the next article."""
        for page in self.issue.pages:
            for index, module in enumerate(page.modules):
                if module.frame.key == key:
                    if source and self.source(module) != source:
                        break
                    return page.number, index, module
        raise ChangeRefused(_("{where} is no longer the article the page showed there: "
                              "nothing was changed; look at the page again")
                            .format(where=humanised(key)))

    def answer(self, change: Change) -> Answer:
        """The fit of every article if `change` were made, and the grid's objections."""
        if change.op == "add":
            return Answer({}, self._add_problems(change))
        if change.op == "remove":
            self.module(change.key, change.source)
            return Answer({}, [])
        number, index, module = self.module(change.key, change.source)
        if change.op == "place":
            assert change.place is not None
            place = Place(**change.place.model_dump())
            result = refit(self.issue, self.setter, number, index, place)
        else:
            assert change.photo_lines is not None
            if module.photo is None:
                raise ChangeRefused(_("{where} has no photo").format(
                    where=humanised(change.key)))
            result = refit_photo(self.issue, self.setter, number, index, change.photo_lines,
                                 change.photo_span)
        source = self.source(module)
        return Answer(_verdicts(result), _problems(result, source, self.faults(source)))

    def faults(self, source: str) -> tuple[FrameFault, ...]:
        """The headline and caption faults the article has now (a change is refused only
        for new ones: a headline that no longer fits)."""
        fit = self._current_fit(source)
        return fit.frame_faults if fit else ()

    def _current_fit(self, source: str) -> ArticleFit | None:
        return self._fits.get(source)

    def source(self, module: Module) -> str:
        """The module's article as issue.toml names it."""
        return module.article.source.relative_to(self.issue.issue_dir).as_posix()

    def fixes(self, key: str) -> dict:
        """The sizes that make the article of the module at `key` fit, each as the label of
        its button and the change it makes; a message when there is none."""
        number, index, module = self.module(key)
        found = sizes_that_fit(self.issue, self.setter, number, index)
        if not found:
            fit = self._current_fit(self.source(module))
            if fit is not None and fit.lines_over:
                message = _("No frame or photo height the page has room for makes it fit: "
                            "cut the text or give the article more room")
            else:
                message = _("No frame or photo height the grid allows leaves fewer empty "
                            "lines: add text, or try another width")
            return {"fixes": [], "message": message}
        return {"fixes": [self._fix(key, module, fix) for fix in found], "message": ""}

    def _fix(self, key: str, module: Module, fix: Fix) -> dict:
        verdict = fix.fit.verdict(USER)
        if fix.part == "photo":
            photo = module.frame.photo
            assert photo is not None
            return {"label": _("Photo {lines} lines high: {verdict}").format(
                        lines=fix.after, verdict=verdict),
                    "change": {"op": "photo", "key": key, "photo_lines": fix.after,
                               "photo_span": photo.span}}
        place = fix.place
        return {"label": _("Frame {lines} lines high: {verdict}").format(
                    lines=fix.after, verdict=verdict),
                "change": {"op": "place", "key": key, "place": {
                    "column": place.column, "span": place.span,
                    "top": _lines(place.top, self.grid), "lines": fix.after}}}

    def refusals(self, change: Change) -> list[str]:
        """Why the drop of `change` is refused; [] when it may be written."""
        return self.answer(change).problems

    def _add_problems(self, change: Change) -> list[str]:
        assert change.place is not None and change.page is not None
        page = next((p for p in self.issue.pages if p.number == change.page), None)
        if page is None:
            return [_("there is no page {page}").format(page=change.page)]
        if change.source not in self.unplaced():
            return [_("{source} is not an article of this issue waiting for a place").format(
                source=change.source)]
        head = NEW_HEAD_LINES if change.head_lines is None else change.head_lines
        spec = self._new_frame(page, Place(**change.place.model_dump()), head)
        problems = grid_problems(self.issue.format,
                                 [(page.number, [m.frame for m in page.modules] + [spec])])
        return [_said(key, message) for key, message in problems
                if key.startswith(spec.key + ".")]

    def _new_frame(self, page: Page, place: Place, head_lines: int) -> FrameSpec:
        """The frame of an article placed on `page`, after its last module."""
        key = f"{_page_key(self.issue, page)}.articles[{len(page.modules)}]"
        return FrameSpec(key=key, place=place, head_lines=head_lines, columns=place.span,
                         boxed=False, photo=None)

    def fitted(self, change: Change) -> Change:
        """An article dropped on a page, given the height and headline room in which it
        fits at the width dropped (the composer's figures, as `layout arrange` finds them),
        as far as the room under the drop allows; other changes as they are."""
        if change.op != "add" or change.place is None or change.page is None:
            return change
        page = next((p for p in self.issue.pages if p.number == change.page), None)
        if page is None or change.source not in self.unplaced():
            return change   # refused, and said, by _add_problems
        place = change.place
        room = self._room_under(page, place)
        shape = self._least_shape(page, change.source, place.span, room)
        lines, head = (shape.lines, shape.head_lines) if shape else (max(room, 1), NEW_HEAD_LINES)
        return change.model_copy(update={"place": place.model_copy(update={"lines": lines}),
                                         "head_lines": head})

    def _room_under(self, page: Page, place: GridPlace) -> int:
        """Body lines free under `place.top` in its columns, to the next frame or the foot."""
        floor = self.grid.lines
        for module in page.modules:
            other = module.frame.place
            top = _lines(other.top, self.grid)
            if other.column < place.column + place.span and place.column < \
                    other.column + other.span and top > place.top:
                floor = min(floor, top)
        return floor - place.top

    def _least_shape(self, page: Page, source: str, span: int, room: int) -> Shape | None:
        """The shortest frame `span` columns wide, at most `room` lines, in which the article
        fits with its headline at the usual size; None if there is none."""
        problems: list[Problem] = []
        article = read_article(self.issue.issue_dir / source, problems, ARTICLE_CHARACTERS)
        if article is None or problems:
            return None
        frame = self._new_frame(page, Place(column=1, span=span, top=0, lines=1), 0)
        module = Module(frame=frame, article=article, title_size=None, photo=None,
                        wishes=Wishes(placed=False, head_lines_given=False,
                                      title_size_given=False, photo_sized=False))
        alone = replace(self.issue, pages=(replace(page, modules=(module,)),))
        shapes, _closest = ShapeFinder(alone, self.setter, module).shapes(
            range(span, span + 1), "small", 1)
        usual = [s for s in shapes if s.air == 0 and s.larger_title == 0 and s.lines <= room]
        return min(usual, key=lambda s: (s.lines, s.fit.empty_lines), default=None)

    def unplaced(self) -> list[str]:
        """The article files of the issue folder that no module places, by path."""
        placed = {m.article.source.resolve() for p in self.issue.pages for m in p.modules}
        return [path.relative_to(self.issue.issue_dir).as_posix()
                for path in article_files(self.issue.issue_dir) if path.resolve() not in placed]

    def unplaced_titles(self) -> list[dict[str, str]]:
        """The unplaced articles with their headlines (the file's name when it has none
        that can be read), for the list the editor drags from."""
        return [{"source": source, "title": _title(self.issue.issue_dir / source) or source}
                for source in self.unplaced()]

    def as_dict(self) -> dict:
        """The grid and every module's place, for the page to drag on."""
        grid, fmt = self.grid, self.issue.format
        area = grid.type_area
        return {
            "grid": {"x": area.x, "y": area.y, "w": area.w, "h": area.h,
                     "columns": fmt.columns, "column_w": grid.column_width,
                     "gutter": fmt.gutter, "line": grid.line_pitch, "lines": grid.lines,
                     "masthead": masthead_rect(grid).h},
            "modules": {m.frame.key: _module_plan(page.number, n, m, self)
                        for page in self.issue.pages for n, m in enumerate(page.modules)},
            "unplaced": self.unplaced_titles(),
        }


def article_files(issue_dir: Path) -> list[Path]:
    """The article files of the issue folder: Markdown opening with its front matter (a
    photo's licence notes are not articles), links and hidden files left out."""
    found = []
    for path in sorted(issue_dir.rglob("*.md")):
        relative = path.relative_to(issue_dir)
        if any(part.startswith(".") for part in relative.parts) or path.is_symlink():
            continue
        if path.is_file() and _opens_with_front_matter(path):
            found.append(path)
    return found


def _title(path: Path) -> str:
    """The article's 主题 as its front matter gives it; "" if it cannot be read."""
    problems: list[Problem] = []
    article = read_article(path, problems, ARTICLE_CHARACTERS)
    return article.title if article else ""


def _opens_with_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(6).removeprefix(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False


def _module_plan(number: int, index: int, module: Module, plan: PagePlan) -> dict:
    frame, grid = module.frame, plan.grid
    place = frame.place
    photo = frame.photo
    return {"page": number, "index": index,
            "source": plan.source(module),
            "title": module.article.title, "continues": module.continues,
            "place": {"column": place.column, "span": place.span,
                      "top": _lines(place.top, grid), "lines": _lines(place.lines, grid)},
            "head_lines": frame.head_lines, "columns": frame.columns,
            "photo": None if photo is None else {"lines": photo.lines, "span": photo.span,
                                                  "side": photo.side}}


def _lines(value: int | str, grid: Grid) -> int:
    """A vertical length as whole body lines (a place given in mm rounds to the grid)."""
    return value if isinstance(value, int) else round(grid.mm(value) / grid.line_pitch)


def _verdicts(result: Refit) -> dict[str, dict]:
    return {fit.source: _verdict(fit) for fit in result.fits}


def _verdict(fit: ArticleFit) -> dict:
    return {"verdict": fit.verdict(USER), "fits": fit.fits, "empty_lines": fit.empty_lines,
            "lines_over": fit.lines_over}


def _page_key(issue: Issue, page: Page) -> str:
    return f"pages[{issue.pages.index(page)}]"


def _said(key: str, message: str) -> str:
    """第1版 第3篇：与第1版 第1篇重叠: the module, then what the grid says of it."""
    where, _field = human_key(key)
    return _("{where}: {message}").format(where=where, message=humanised(message)) \
        if where else humanised(message)


def _problems(result: Refit, source: str, before: tuple[FrameFault, ...]) -> list[str]:
    """The grid's objections, and a headline or caption of the changed module's article that
    no longer fits (the text's own fit is not an objection, nor a fault it had before)."""
    said = [_said(key, message) for key, message in result.problems]
    for fit in result.fits:
        if fit.source == source:
            said += [_("{where}: {fault}").format(where=fit.title, fault=fault.said(USER))
                     for fault in fit.frame_faults if fault not in before]
    return said


def edited(manifest: bytes, change: Change, plan: PagePlan) -> bytes:
    """issue.toml's bytes with `change` written in, every other byte as it was."""
    text = manifest.decode("utf-8")
    if change.op == "place":
        assert change.place is not None
        text = editing.placed(text, change.key, change.place.model_dump())
    elif change.op == "photo":
        assert change.photo_lines is not None
        text = editing.photo_resized(text, change.key, change.photo_lines, change.photo_span)
    elif change.op == "add":
        assert change.place is not None and change.page is not None
        head = NEW_HEAD_LINES if change.head_lines is None else change.head_lines
        text, _key = editing.article_added(text, change.page - 1, change.source,
                                           change.place.model_dump(), head)
    else:
        text = editing.article_removed(text, change.key)
    return text.encode("utf-8")
