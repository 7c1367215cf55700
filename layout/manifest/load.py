"""Load an issue folder into the model, reporting every problem at once.

An issue lives in `issues/<paper>/<date>/`: `issue.toml`, `articles/*.md`, `photos/*`;
the paper's shared settings are in `issues/<paper>/paper.toml`.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from layout.errors import ManifestError, Problem, UnsafePathError
from layout.i18n import _
from layout.manifest.articles import read_article
from layout.manifest.messages import problems_from
from layout.manifest.migrations import migrate
from layout.manifest.places import line_in_file
from layout.manifest.schema import (
    ARTICLE_CHARACTERS,
    ArticleSlot,
    IssueManifest,
    PageManifest,
    PaperManifest,
    PhotoSlot,
)
from layout.manifest.text import NotUtf8Error, read_text
from layout.model import Credits, FrameSpec, Issue, Module, Page, Photo, PhotoFrame
from layout.pages.frames import grid_problems
from layout.project.safety import resolve_reference
from layout.render.photos import PhotoError, photo_size

Model = TypeVar("Model", bound=BaseModel)


def load_issue(issue_dir: Path, font_families: set[str] | None = None) -> Issue:
    """The issue in `issue_dir`; raises ManifestError listing every problem found.

    With `font_families` (the families of the font lock), the paper's font roles are
    checked against them too. Pages that validate are checked further (files, photos,
    grid) even when other parts of the manifest do not, so one pass finds everything.
    """
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
                                for a, slot in enumerate(page.articles)])
                 for i, page in valid_pages]
        problems += [Problem(issue_file, key, message)
                     for key, message in grid_problems(paper.page, specs)]
    if manifest is not None:
        problems += _repeated_articles(manifest, issue_file)
    problems += _files_of_invalid_pages(data, valid_pages, issue_dir, issue_file)
    if problems or paper is None or manifest is None:  # a manifest that failed is a problem
        raise ManifestError([_located(p) for p in problems])
    return Issue(paper=paper, paper_dir=issue_dir.parent, issue_dir=issue_dir,
                 date=manifest.date, issue_number=manifest.issue_number, pages=pages)


def _read_toml(path: Path, kind: str, problems: list[Problem]) -> dict | None:
    """The manifest, migrated to the current schema version."""
    try:
        return migrate(tomllib.loads(read_text(path)), kind, path, problems)
    except FileNotFoundError:
        problems.append(Problem(path, "", _("file not found")))
    except OSError as error:
        problems.append(Problem(path, "", _("cannot be read: {reason}").format(
            reason=error.strerror)))
    except NotUtf8Error as error:
        problems.append(Problem(path, "", str(error)))
    except tomllib.TOMLDecodeError as error:
        problems.append(Problem(path, "", _("is not valid TOML: {reason}").format(
            reason=error)))
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
    photo = slot.photo
    photo_frame = PhotoFrame(photo.lines, photo.span, photo.side, photo.caption_lines) \
        if photo else None
    strip = 1 if slot.vertical_title else 0
    columns = slot.columns or max(slot.place.span - strip, 1)
    return FrameSpec(key=key, place=slot.place, head_lines=slot.head_lines, columns=columns,
                     boxed=slot.boxed, photo=photo_frame, vertical_title=slot.vertical_title)


def _module(slot: ArticleSlot, key: str, issue_dir: Path, issue_file: Path,
            problems: list[Problem], limit: int) -> Module | None:
    source = _existing_file(slot.source, f"{key}.source", issue_dir, issue_file, problems)
    article = read_article(source, problems, limit) if source else None
    photo = _photo(slot.photo, f"{key}.photo", issue_dir, issue_file, problems)
    if article is None or (slot.photo is not None and photo is None):
        return None
    return Module(frame=frame_spec(slot, key), article=article, title_size=slot.title_size,
                  photo=photo, continues=slot.continues, column_rules=slot.column_rules)


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
