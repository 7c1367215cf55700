"""Starting a paper, and starting its next issue from the page plan of an earlier one.

`init_paper` writes a paper folder from the starter files packaged beside this module
(`starter/`): a paper.toml with every key the schema knows, explained in Chinese, and an
example issue that builds with the packaged font lock and assets. `new_issue` writes the
next issue's folder: the earlier issue's issue.toml, comments and all, with the date and
总期号 advanced and every article and photo replaced by a placeholder file marked 稿件待定
or 图片待定, so the new issue passes `layout check` while showing what is still to come.

Neither overwrites anything. Each folder is made whole under a temporary name beside its
place and renamed into place at the end: a failure leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import functools
import io
import os
import secrets
import shutil
from collections.abc import Iterator, Mapping, MutableMapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Any

import tomlkit
from pydantic import ValidationError
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Table

from layout.errors import LayoutError, ManifestError, OutputError, Problem
from layout.i18n import _
from layout.manifest.messages import problems_from
from layout.manifest.migrations import migrate
from layout.manifest.schema import IssueManifest
from layout.manifest.text import NotUtf8Error, read_text
from layout.manifest.toml_syntax import TomlSyntaxError, parsed_toml, syntax_problem
from layout.project.files import atomic_write

EXAMPLE_DATE = datetime.date(2000, 1, 1)   # sorts before every real issue of the paper
ARTICLE_PENDING = "稿件待定"
PHOTO_PENDING = "图片待定"
PLAN_NOTE = "# ※ "                       # the lines new_issue writes at the head of issue.toml
EXAMPLE_PHOTOS = ("shili-toutu.jpg", "shili-tupian.jpg")   # drawn, not packaged
PLACEHOLDER_STEM = "daiding"              # 待定: articles/daiding-<page>-<module>.md

Files = dict[PurePosixPath, bytes]        # a folder's files by their path inside it


class FolderExistsError(LayoutError):
    """The folder to create is already there; nothing is overwritten."""

    exit_code = OutputError.exit_code


class FolderWriteError(LayoutError):
    """The new folder cannot be written: read-only, full, or forbidden."""

    exit_code = OutputError.exit_code


class ScaffoldError(LayoutError):
    """What a new paper or issue was asked to start from cannot be used."""

    exit_code = ManifestError.exit_code


# ---------------------------------------------------------------------- a new paper


def init_paper(paper_dir: Path, name: str | None = None) -> list[Path]:
    """Make the paper folder `paper_dir`: paper.toml and an example issue dated
    EXAMPLE_DATE; `name` is printed in the masthead. Returns the files written."""
    _refuse_filled_folder(paper_dir)
    files = _starter_files(name)
    _write_folder(paper_dir, files)
    return sorted(paper_dir.joinpath(relative) for relative in files)


def _refuse_filled_folder(paper_dir: Path) -> None:
    if paper_dir.exists() and not (paper_dir.is_dir() and not any(paper_dir.iterdir())):
        raise FolderExistsError(_(
            "{folder} already exists and is not empty: a new paper is made in a new or an "
            "empty folder. Choose another folder, or move what is in it away first"
        ).format(folder=paper_dir))


def _starter_files(name: str | None) -> Files:
    issue = PurePosixPath(EXAMPLE_DATE.isoformat())
    files = {PurePosixPath("paper.toml"): _starter_paper(name),
             issue / "issue.toml": _starter_issue()}
    for article in _starter().joinpath("example-issue", "articles").iterdir():
        files[issue / "articles" / article.name] = article.read_bytes()
    for photo in EXAMPLE_PHOTOS:
        files[issue / "photos" / photo] = placeholder_photo()
    return files


def _starter() -> Traversable:
    return resources.files("layout.manifest").joinpath("starter")


def _starter_paper(name: str | None) -> bytes:
    paper = tomlkit.parse(_starter().joinpath("paper.toml").read_text(encoding="utf-8"))
    if name is not None:
        paper["name"] = _masthead_name(name)
    return tomlkit.dumps(paper).encode()


def _masthead_name(name: str) -> str:
    if not name.strip():
        raise ScaffoldError(_(
            "the paper's name is blank: give the name to print in the masthead"))
    return name.strip()


def _starter_issue() -> bytes:
    """The example issue.toml, dated EXAMPLE_DATE."""
    text = _starter().joinpath("example-issue", "issue.toml").read_text(encoding="utf-8")
    issue = tomlkit.parse(text)
    issue["date"] = EXAMPLE_DATE
    return tomlkit.dumps(issue).encode()


@functools.cache
def placeholder_photo() -> bytes:
    """A grey JPEG crossed corner to corner, the sign of a picture still to come; large
    enough for a full-width frame of a broadsheet at the default minimum resolution."""
    from PIL import Image, ImageDraw

    width, height, line = 2400, 1800, 8
    image = Image.new("L", (width, height), 210)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, height - 1), outline=150, width=line)
    draw.line((0, 0, width - 1, height - 1), fill=150, width=line)
    draw.line((0, height - 1, width - 1, 0), fill=150, width=line)
    data = io.BytesIO()
    image.save(data, "JPEG", quality=80)
    return data.getvalue()


# ---------------------------------------------------------------------- a new issue


def new_issue(paper_dir: Path, date: datetime.date,
              from_date: datetime.date | None = None) -> Path:
    """Make the issue of `date` in `paper_dir` from the page plan of the issue of
    `from_date`, or else of the latest issue before `date`. Returns its folder."""
    target = paper_dir / date.isoformat()
    if target.exists():
        raise FolderExistsError(_(
            "{folder} already exists: the issue of {date} has been started. Go on with it "
            "there, or choose another date").format(folder=target, date=date.isoformat()))
    previous = issue_to_follow(paper_dir, date, from_date)
    _write_folder(target, _next_issue_files(previous / "issue.toml", date))
    return target


def issue_to_follow(paper_dir: Path, date: datetime.date,
                    from_date: datetime.date | None = None) -> Path:
    """The folder of the issue whose page plan the issue of `date` takes over."""
    if not (paper_dir / "paper.toml").is_file():
        raise ScaffoldError(_(
            "{folder} is not a paper folder: it has no paper.toml. Give the folder that "
            "holds paper.toml, or start the paper first").format(folder=paper_dir))
    if from_date is None:
        return _latest_issue_before(paper_dir, date)
    if from_date >= date:
        raise ScaffoldError(_(
            "the issue to follow ({previous}) must be dated before the new one ({date})"
        ).format(previous=from_date.isoformat(), date=date.isoformat()))
    folder = paper_dir / from_date.isoformat()
    if not (folder / "issue.toml").is_file():
        raise ScaffoldError(_("{folder} has no issue.toml: there is no issue of {date} "
                              "to follow").format(folder=folder, date=from_date.isoformat()))
    return folder


def _latest_issue_before(paper_dir: Path, date: datetime.date) -> Path:
    earlier = [day for day in dated_issues(paper_dir) if day < date]
    if not earlier:
        raise ScaffoldError(_(
            "{folder} holds no issue dated before {date} (a folder named by its date, "
            "like 2021-06-15, with an issue.toml in it): name the issue to follow"
        ).format(folder=paper_dir, date=date.isoformat()))
    return paper_dir / max(earlier).isoformat()


def dated_issues(paper_dir: Path) -> list[datetime.date]:
    """The dates of the issues in `paper_dir`: folders named YYYY-MM-DD with an issue.toml."""
    days = []
    for folder in paper_dir.iterdir():
        with contextlib.suppress(ValueError):
            day = datetime.date.fromisoformat(folder.name)
            if day.isoformat() == folder.name and (folder / "issue.toml").is_file():
                days.append(day)
    return sorted(days)


def _next_issue_files(previous_file: Path, date: datetime.date) -> Files:
    plan, manifest = _read_plan(previous_file)
    plan["date"] = date
    plan["issue_number"] = manifest.issue_number + 1
    files = _leave_pending(plan)
    note = _plan_note(manifest.date)
    files[PurePosixPath("issue.toml")] = (note + _without_note(tomlkit.dumps(plan))).encode()
    return files


def _read_plan(issue_file: Path) -> tuple[tomlkit.TOMLDocument, IssueManifest]:
    """The issue.toml as written (to edit) and as validated (to read); ManifestError
    listing its problems when it is not a valid issue."""
    problems: list[Problem] = []
    plan = _parsed(issue_file, problems)
    if plan is not None and (manifest := _validated(plan, issue_file, problems)):
        return plan, manifest
    raise ManifestError(problems)


def _validated(plan: tomlkit.TOMLDocument, issue_file: Path,
               problems: list[Problem]) -> IssueManifest | None:
    data = migrate(plan.unwrap(), "issue", issue_file, problems)
    if data is None:
        return None
    try:
        return IssueManifest.model_validate(data)
    except ValidationError as error:
        problems += problems_from(error, issue_file, schema=IssueManifest)
        return None


def _parsed(issue_file: Path, problems: list[Problem]) -> tomlkit.TOMLDocument | None:
    try:
        text = read_text(issue_file)
        parsed_toml(text)   # what is wrong, said as the loader says it
        return tomlkit.parse(text)
    except OSError as error:
        message = _("cannot be read: {reason}").format(reason=error.strerror or error)
    except NotUtf8Error as error:
        message = str(error)
    except TomlSyntaxError as error:
        problems.append(syntax_problem(issue_file, error.syntax))
        return None
    except TOMLKitError as error:   # what tomllib reads and tomlkit does not
        message = _("is not valid TOML: {reason}").format(reason=error)
    problems.append(Problem(issue_file, "", message))
    return None


def _leave_pending(plan: tomlkit.TOMLDocument) -> Files:
    """Point every module at a placeholder article (one per article: a module that
    continues one shares its placeholder) and every photo slot at a placeholder photo;
    returns the placeholder files."""
    files: Files = {}
    placeholders: dict[str, str] = {}   # the previous article's source -> its placeholder
    for page in plan["pages"]:
        for position, slot in enumerate(page["articles"], start=1):
            stem = f"{PLACEHOLDER_STEM}-{page['number']}-{position}"
            source = placeholders.setdefault(_same_file(slot["source"]), f"articles/{stem}.md")
            _set_pending(slot, "source", source, ARTICLE_PENDING)
            files[PurePosixPath(source)] = _placeholder_article()
            if "photo" in slot:
                _leave_photo_pending(slot["photo"], f"photos/{stem}.jpg")
                files[PurePosixPath(f"photos/{stem}.jpg")] = placeholder_photo()
    return files


def _same_file(source: str) -> str:
    """One spelling for every reference to one file (`./articles/a.md`, `articles/a.md`)."""
    return os.path.normpath(str(source))


def _leave_photo_pending(photo: MutableMapping[str, Any], source: str) -> None:
    """The slot keeps its size and side; its picture, caption and credit are to come."""
    _set_pending(photo, "source", source, PHOTO_PENDING)
    photo["caption"] = PHOTO_PENDING
    for key in ("credit", "focus"):   # of the previous picture, not of the next
        photo.pop(key, None)


def _set_pending(table: MutableMapping[str, Any], key: str, value: str, note: str) -> None:
    """Set `key` to `value`, with `note` as its comment where the table can carry one."""
    item = tomlkit.string(value)
    if isinstance(table, Table):
        item.comment(note)
        item.trivia.comment_ws = "  "
    table[key] = item


def _placeholder_article() -> bytes:
    return _starter().joinpath("placeholder.md").read_bytes()


def _plan_note(previous: datetime.date) -> str:
    """The lines at the head of the new issue.toml: where its plan came from, what is to do."""
    pending = f"“{ARTICLE_PENDING}”“{PHOTO_PENDING}”"
    lines = (f"版面沿用 {previous.isoformat()} 期。注有{pending}的稿件和图片是占位文件：",
             "改写占位文件，或把 source 改成新稿件、新图片的文件名；都换好后可删去这两行。")
    return "".join(f"{PLAN_NOTE}{line}\n" for line in lines)


def _without_note(text: str) -> str:
    """The issue.toml without the note an earlier new_issue put at its head."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith(PLAN_NOTE):
        lines.pop(0)
    return "".join(lines)


# ---------------------------------------------------------------------- writing


def _write_folder(target: Path, files: Mapping[PurePosixPath, bytes]) -> None:
    """Write `files` into the new folder `target`, all or nothing."""
    with _staging(target) as folder:
        for relative, data in files.items():
            atomic_write(folder.joinpath(relative), data)


@contextlib.contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A fresh folder beside `target` to write in; renamed to `target` when the writing
    is done, removed whatever happens."""
    target = target.absolute()
    folder = target.parent / f".{target.name}.new-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        folder.mkdir(parents=True)
        yield folder
        _rename_into_place(folder, target)
    except OSError as error:
        raise FolderWriteError(_("cannot write {folder}: {reason}; nothing was written "
                                 "there").format(folder=target,
                                                 reason=error.strerror or error)) from error
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _rename_into_place(folder: Path, target: Path) -> None:
    """`folder` becomes `target`, which may not exist or be an empty folder."""
    try:
        os.rename(folder, target)
    except OSError as error:
        if error.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise FolderExistsError(_(
                "{folder} was filled by someone else while it was being made; nothing of "
                "this run was written there").format(folder=target)) from error
        raise
