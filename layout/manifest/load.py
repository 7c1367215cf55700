"""Load an issue folder into the model, reporting every problem at once.

An issue lives in `issues/<paper>/<date>/`: `issue.toml`, `articles/*.md`, `photos/*`;
the paper's shared settings are in `issues/<paper>/paper.toml`.
"""

from __future__ import annotations

import datetime
import shlex
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from layout.errors import ManifestError, Problem, UnsafePathError
from layout.i18n import N_, _
from layout.manifest.articles import read_article
from layout.manifest.messages import problems_from
from layout.manifest.migrations import migrate
from layout.manifest.places import line_in_file
from layout.manifest.schema import (
    ARTICLE_CHARACTERS,
    WISHES,
    ArticleSlot,
    IssueManifest,
    PageManifest,
    PaperManifest,
    PhotoSlot,
    Place,
)
from layout.manifest.text import NotUtf8Error, read_text
from layout.manifest.toml_syntax import TomlSyntaxError, parsed_toml, syntax_problem
from layout.model import Credits, FrameSpec, Issue, Module, Page, Photo, PhotoFrame, Wishes
from layout.pages.frames import Grid, grid_problems
from layout.project.safety import resolve_reference
from layout.render.photos import PhotoError, photo_size

Model = TypeVar("Model", bound=BaseModel)

# Where a module `layout arrange` is to place stands until it does: its frame is a
# stand-in, never drawn; the module's `wishes` say what it lacks.
PLACEHOLDER = Place(column=1, span=1, top=0, lines=1)
PLACEHOLDER_PHOTO_LINES = 2    # the least a photo may have (schema.PhotoSlot)

# What a module may leave to `layout arrange`: the message when another command meets
# it without, and when it continues an article (arrange does not lay out jumps).
_TO_ARRANGE = {
    "place": N_("the module is not placed yet: run `layout arrange {folder}` to lay out "
                "the page, or give place = {{ column, span, top, lines }}"),
    "head_lines": N_("the headline's room is not given yet: run `layout arrange {folder}` "
                     "to fit it, or give the body lines the headline takes (0 for none)"),
    "photo.lines": N_("the photo's height is not given yet: run `layout arrange {folder}` "
                      "to size it, or give its height in body lines"),
}
_IN_A_JUMP = {
    "place": N_("is required where an article continues: `layout arrange` does not lay "
                "out jumps; give place = {{ column, span, top, lines }}"),
    "head_lines": N_("is required where an article continues: `layout arrange` does not "
                     "lay out jumps; give the body lines the headline takes (0 for none)"),
    "photo.lines": N_("is required where an article continues: `layout arrange` does not "
                      "lay out jumps; give the photo's height in body lines"),
}


def load_issue(issue_dir: Path, font_families: set[str] | None = None,
               unplaced_allowed: bool = False) -> Issue:
    """The issue in `issue_dir`; raises ManifestError listing every problem found.

    With `font_families` (the families of the font lock), the paper's font roles are
    checked against them too. Pages that validate are checked further (files, photos,
    grid) even when other parts of the manifest do not, so one pass finds everything.

    A module may leave its place, head_lines and photo lines to `layout arrange`; only
    with `unplaced_allowed` (arrange's own reading) does it load, on the PLACEHOLDER
    frame, its `wishes` saying what it lacked. Otherwise each is a problem that says to
    run arrange. The grid is checked on the modules whose place is given.
    """
    folder = issue_dir   # as the user wrote it, for the messages
    issue_dir = issue_dir.resolve()
    problems: list[Problem] = []
    paper_file, issue_file = issue_dir.parent / "paper.toml", issue_dir / "issue.toml"
    paper = _validated(paper_file, _read_toml(paper_file, "paper", problems), PaperManifest,
                       problems)
    data = _read_toml(issue_file, "issue", problems)
    manifest = _validated(issue_file, data, IssueManifest, problems)
    if paper is not None:
        problems += _paper_problems(paper, paper_file, font_families)
    valid_pages = _valid_pages(manifest, data)
    limit = paper.limits.article_characters if paper else ARTICLE_CHARACTERS
    pages = tuple(_page(page, f"pages[{i}]", issue_dir, issue_file, problems, limit)
                  for i, page in valid_pages)
    if paper is not None:
        specs = [(page.number, [frame_spec(slot, f"pages[{i}].articles[{a}]")
                                for a, slot in enumerate(page.articles)
                                if slot.place is not None])
                 for i, page in valid_pages]
        problems += [Problem(issue_file, key, message)
                     for key, message in grid_problems(paper.page, specs)]
        problems += _bound_problems(paper, valid_pages, issue_file)
    if manifest is not None:
        problems += _repeated_articles(manifest, issue_file)
    problems += _unplaced_problems(valid_pages, issue_file, folder, unplaced_allowed)
    problems += _files_of_invalid_pages(data, valid_pages, issue_dir, issue_file)
    if problems or paper is None or manifest is None:  # a manifest that failed is a problem
        raise ManifestError([_located(p) for p in problems])
    return Issue(paper=paper, paper_dir=issue_dir.parent, issue_dir=issue_dir,
                 date=manifest.date, issue_number=manifest.issue_number, pages=pages)


def _read_toml(path: Path, kind: str, problems: list[Problem]) -> dict | None:
    """The manifest, migrated to the current schema version."""
    try:
        return migrate(parsed_toml(read_text(path)), kind, path, problems)
    except FileNotFoundError:
        problems.append(Problem(path, "", _("file not found")))
    except OSError as error:
        problems.append(Problem(path, "", _("cannot be read: {reason}").format(
            reason=error.strerror)))
    except NotUtf8Error as error:
        problems.append(Problem(path, "", str(error)))
    except TomlSyntaxError as error:
        problems.append(syntax_problem(path, error.syntax))
    return None



def _validated(path: Path, data: dict | None, schema: type[Model],
               problems: list[Problem]) -> Model | None:
    if data is None:
        return None
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        problems.extend(problems_from(error, path, schema=schema))
        return None


def _located(problem: Problem) -> Problem:
    """The problem with the line of its file where the key it names is written."""
    if problem.line is not None or not problem.key:
        return problem
    return replace(problem, line=line_in_file(problem.file, problem.key))


def _valid_pages(manifest: IssueManifest | None,
                 data: dict | None) -> list[tuple[int, PageManifest]]:
    """(index, page) for each page that validates on its own; its errors are already listed."""
    if manifest is not None:
        return list(enumerate(manifest.pages))
    raw_pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(raw_pages, list):
        return []
    valid = []
    for i, raw in enumerate(raw_pages):
        try:
            valid.append((i, PageManifest.model_validate(raw)))
        except ValidationError:
            continue
    return valid


def _files_of_invalid_pages(data: dict | None, valid: list[tuple[int, PageManifest]],
                            issue_dir: Path, issue_file: Path) -> list[Problem]:
    """A page with an error of its own is not built, but its articles' files are still
    looked for: every problem is reported in one pass."""
    pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(pages, list):
        return []
    done = {i for i, _ in valid}
    problems: list[Problem] = []
    for i, page in enumerate(pages):
        articles = page.get("articles") if isinstance(page, dict) else None
        if i in done or not isinstance(articles, list):
            continue
        for a, slot in enumerate(articles):
            source = slot.get("source") if isinstance(slot, dict) else None
            if isinstance(source, str) and source:
                found = _existing_file(source, f"pages[{i}].articles[{a}].source", issue_dir,
                                       issue_file, problems)
                if found:
                    read_article(found, problems)
    return problems


def template_folder(paper: PaperManifest, paper_dir: Path) -> Path | None:
    """The paper's own template folder, if it has one."""
    return resolve_reference(paper.templates, paper_dir) if paper.templates else None


def _paper_problems(paper: PaperManifest, paper_file: Path,
                    font_families: set[str] | None) -> list[Problem]:
    problems = []
    if font_families is not None:
        known = ", ".join(sorted(font_families))
        problems += [Problem(paper_file, f"fonts.{role}",
                             _("unknown font family {family!r}; the font lock has {known}")
                             .format(family=family, known=known))
                     for role, family in paper.fonts.model_dump().items()
                     if family not in font_families]
    problems += _print_problems(paper, paper_file)
    try:
        folder = template_folder(paper, paper_file.parent)
    except UnsafePathError as error:
        return [*problems, Problem(paper_file, "templates", str(error))]
    if folder is not None and not folder.is_dir():
        problems.append(Problem(paper_file, "templates", _("folder not found: {folder}").format(
            folder=paper.templates)))
    return problems


def _print_problems(paper: PaperManifest, paper_file: Path) -> list[Problem]:
    problems = []
    try:
        plate_name(paper, datetime.date(2021, 6, 15), 1)
    except (KeyError, ValueError, IndexError) as error:
        problems.append(Problem(paper_file, "print.plate_name",
                                _("cannot be filled from {{date}} and {{page}}: {reason}")
                                .format(reason=error)))
    return problems


def plate_name(paper: PaperManifest, date: datetime.date, page: int) -> str:
    """The file name (without .pdf) of one page's plate."""
    name = paper.print.plate_name.format(date=date, page=page)
    if "/" in name or name.startswith("."):
        raise ValueError(_("{name!r} is not a file name").format(name=name))
    return name


def manifest_text_problems(text: str, issue_file: Path) -> list[Problem]:
    """What is wrong with issue.toml's text alone (its schema, and articles placed twice or
    continued without a start): the desk checks a change with it before writing it."""
    try:
        data = parsed_toml(text)
    except TomlSyntaxError as error:
        return [syntax_problem(issue_file, error.syntax)]
    problems: list[Problem] = []
    manifest = _validated(issue_file, data, IssueManifest, problems)
    if manifest is not None:
        problems += _repeated_articles(manifest, issue_file)
    return problems


def _repeated_articles(manifest: IssueManifest, issue_file: Path) -> list[Problem]:
    """An article placed twice would print twice: after its first module, an article
    appears only in modules that continue it (转版), and only one source has a name."""
    seen: dict[str, str] = {}
    problems = []
    for p, page in enumerate(manifest.pages):
        for a, slot in enumerate(page.articles):
            key = f"pages[{p}].articles[{a}]"
            stem = Path(slot.source).stem
            if stem in seen and not slot.continues:
                problems.append(Problem(issue_file, f"{key}.source",
                                        _("{source} is already placed at {where}; set "
                                          "continues = true to jump it here").format(
                                              source=slot.source, where=seen[stem])))
            if stem not in seen and slot.continues:
                problems.append(Problem(issue_file, f"{key}.continues",
                                        _("{source} does not start in an earlier module")
                                        .format(source=slot.source)))
            seen.setdefault(stem, key)
    return problems


def _unplaced_problems(valid: list[tuple[int, PageManifest]], issue_file: Path,
                       folder: Path, unplaced_allowed: bool) -> list[Problem]:
    """What a module leaves to `layout arrange`: a problem unless arrange is reading
    (`unplaced_allowed`), and always where the module continues an article, which arrange
    does not lay out; so are the wishes for arrange given there."""
    problems = []
    for p, page in valid:
        for a, slot in enumerate(page.articles):
            key = f"pages[{p}].articles[{a}]"
            for name in _left_to_arrange(slot):
                if slot.continues or not unplaced_allowed:
                    message = _IN_A_JUMP[name] if slot.continues else _TO_ARRANGE[name]
                    problems.append(Problem(issue_file, f"{key}.{name}", _(message).format(
                        folder=shlex.quote(str(folder)))))
            problems += [Problem(issue_file, f"{key}.{name}", _(
                "is for `layout arrange`, which does not lay out jumps: give it where the "
                "article begins")) for name in WISHES
                if slot.continues and getattr(slot, name) is not None]
    return problems


def _left_to_arrange(slot: ArticleSlot) -> list[str]:
    """The keys the module leaves out for `layout arrange` to decide."""
    missing = [name for name in ("place", "head_lines") if getattr(slot, name) is None]
    return missing + (["photo.lines"] if slot.photo and slot.photo.lines is None else [])


def _bound_problems(paper: PaperManifest, valid: list[tuple[int, PageManifest]],
                    issue_file: Path) -> list[Problem]:
    """Bounds for `layout arrange` that no module on the page could meet."""
    grid, problems = Grid(paper.page), []
    for p, page in valid:
        lines = grid.lines - (paper.page.masthead_lines if page.number == 1 else 0)
        for a, slot in enumerate(page.articles):
            key = f"pages[{p}].articles[{a}]"
            if slot.min_span is not None and slot.min_span > paper.page.columns:
                problems.append(Problem(issue_file, f"{key}.min_span", _(
                    "{value} is more than the {columns} columns of the grid").format(
                        value=slot.min_span, columns=paper.page.columns)))
            if slot.min_lines is not None and slot.min_lines > lines:
                problems.append(Problem(issue_file, f"{key}.min_lines", _(
                    "{value} is more than the {lines} body lines free on the page").format(
                        value=slot.min_lines, lines=lines)))
            problems += _jump_problems(slot, page, valid, f"{key}.jump_to", issue_file)
            if not paper.typesetting.compose and slot.photo and slot.photo.span is not None \
                    and slot.place is not None and slot.photo.span < slot.place.span:
                problems.append(Problem(issue_file, f"{key}.photo.span", _(
                    "with [typesetting] compose = false the text flows in plain columns, "
                    "which cannot go around a photo beside it: leave out photo.span (the "
                    "photo then runs across the module), or compose the text")))
    return problems


def _jump_problems(slot: ArticleSlot, page: PageManifest, valid: list[tuple[int, PageManifest]],
                   key: str, issue_file: Path) -> list[Problem]:
    """A jump arrange may make must go to a later page of the issue (a placed module
    keeps it as a wish: arrange has placed it, or will not)."""
    if slot.jump_to is None:
        return []
    if slot.jump_to <= page.number or all(p.number != slot.jump_to for _n, p in valid):
        later = [str(p.number) for _n, p in valid if p.number > page.number]
        return [Problem(issue_file, key, _(
            "page {value} is not a later page of this issue (later pages: {pages})").format(
                value=slot.jump_to, pages=", ".join(later) or _("none")))]
    return []


def _page(page: PageManifest, key: str, issue_dir: Path, issue_file: Path,
          problems: list[Problem], limit: int) -> Page:
    modules = []
    for i, slot in enumerate(page.articles):
        module = _module(slot, f"{key}.articles[{i}]", issue_dir, issue_file, problems, limit)
        if module is not None:
            modules.append(module)
    credits = Credits(page.editor, page.proofreader, page.designer)
    return Page(page.number, page.name, credits, tuple(modules), page.colour)


def frame_spec(slot: ArticleSlot, key: str) -> FrameSpec:
    """The module's frame as the manifest gives it; what it leaves to `layout arrange`
    stands in from the PLACEHOLDER (Module.wishes says which)."""
    photo = slot.photo
    photo_frame = PhotoFrame(photo.lines or PLACEHOLDER_PHOTO_LINES, photo.span, photo.side,
                             photo.caption_lines) if photo else None
    place = slot.place or PLACEHOLDER
    strip = 1 if slot.vertical_title else 0
    columns = slot.columns or max(place.span - strip, 1)
    return FrameSpec(key=key, place=place, head_lines=slot.head_lines or 0, columns=columns,
                     boxed=slot.boxed, photo=photo_frame, vertical_title=slot.vertical_title)


def _wishes(slot: ArticleSlot) -> Wishes:
    """What the editor asks of `layout arrange` for the module, and what the manifest
    fixed of it."""
    return Wishes(priority=slot.priority, min_span=slot.min_span, max_span=slot.max_span,
                  min_lines=slot.min_lines, headline=slot.headline, jump_to=slot.jump_to,
                  placed=slot.place is not None, head_lines_given=slot.head_lines is not None,
                  title_size_given=slot.title_size is not None,
                  photo_sized=slot.photo is None or slot.photo.lines is not None)


def _module(slot: ArticleSlot, key: str, issue_dir: Path, issue_file: Path,
            problems: list[Problem], limit: int) -> Module | None:
    source = _existing_file(slot.source, f"{key}.source", issue_dir, issue_file, problems)
    article = read_article(source, problems, limit) if source else None
    photo = _photo(slot.photo, f"{key}.photo", issue_dir, issue_file, problems)
    if article is None or (slot.photo is not None and photo is None):
        return None
    if slot.vertical_title and not slot.continues and (article.kicker or article.subtitle):
        # A vertical 主题 stands alone at the module's side: nothing sets the decks there,
        # and a part of the headline must never be dropped silently.
        problems.append(Problem(issue_file, f"{key}.vertical_title", _(
            "{source} has a kicker or subtitle (引题/副题), which a vertical title (竖排) "
            "cannot print: take them out of the article, or set vertical_title = false")
            .format(source=slot.source)))
        return None
    return Module(frame=frame_spec(slot, key), article=article, title_size=slot.title_size,
                  photo=photo, continues=slot.continues, column_rules=slot.column_rules,
                  wishes=_wishes(slot))


def _photo(slot: PhotoSlot | None, key: str, issue_dir: Path, issue_file: Path,
           problems: list[Problem]) -> Photo | None:
    if slot is None:
        return None
    source = _existing_file(slot.source, f"{key}.source", issue_dir, issue_file, problems)
    if source is None:
        return None
    try:
        pixels = photo_size(source)
    except PhotoError as error:
        problems.append(Problem(issue_file, f"{key}.source", f"{slot.source}: {error}"))
        return None
    return Photo(source=source, pixels=pixels, caption=slot.caption, credit=slot.credit,
                 focus=slot.focus)


def _existing_file(reference: str, key: str, issue_dir: Path, issue_file: Path,
                   problems: list[Problem]) -> Path | None:
    try:
        path = resolve_reference(reference, issue_dir)
    except UnsafePathError as error:
        problems.append(Problem(issue_file, key, str(error)))
        return None
    if not path.is_file():
        problems.append(Problem(issue_file, key, _("file not found: {file}").format(
            file=reference)))
        return None
    return path
