"""Writing imported copy into the issue folder: pictures into photos/, the article into
articles/.

Every file is new: a name already taken gets -2, -3, … and nothing is ever replaced. Each
is written whole to a temporary file beside its place, then hard-linked to its name, which
fails rather than replace a file that appeared meanwhile (`atomic_write` renames, which
would replace it). Nothing is written outside the issue folder.

The article format has no place for photos (they are placed in issue.toml), so each photo
is written into the front matter as a commented `[pages.articles.photo]` table with its
file, caption and credit, ready to be moved into issue.toml: nothing of the caption is
lost and the article still loads.
"""

from __future__ import annotations

import errno
import json
import os
import re
import unicodedata
from itertools import count
from pathlib import Path

import yaml

from layout.errors import UnsafePathError
from layout.i18n import _
from layout.intake.guesses import Block, Draft, Photo, describe_photo
from layout.intake.report import ImportedFile
from layout.project.files import written_temporary

ARTICLES = "articles"
PHOTOS = "photos"
STEM_MOST = 60
_UNSAFE = re.compile(r"[^\w\-]+")
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                    *(f"lpt{n}" for n in range(1, 10))}
# Where a file system has no hard links, a free name is checked, then renamed to.
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK,
                  errno.ENOSYS}
_UNPLACEABLE = {".emf", ".wmf", ".svg", ".eps"}   # drawings, not photos


def write_article(draft: Draft, issue: Path, written: list[Path]) -> ImportedFile:
    """Write `draft`'s photos and article into the issue folder `issue`, appending each
    file to `written` as soon as it exists (to be removed if a later one fails)."""
    stem = safe_stem(draft.source.stem)
    guesses = list(draft.guesses)
    photo_files: list[Path | None] = []
    for number, photo in enumerate(draft.photos, start=1):
        path = _write_photo(photo, issue, f"{stem}-{number}", written)
        photo_files.append(path)
        guesses.extend(_photo_guesses(photo, number, path, issue))
    text = article_text(draft, [_relative(path, issue) for path in photo_files])
    article = write_new(folder_in(issue, ARTICLES), stem, ".md", text.encode("utf-8"))
    written.append(article)
    if article.name != f"{stem}.md":
        guesses.append(_("{taken} exists already: the article is written to {path} "
                         "instead").format(taken=f"{ARTICLES}/{stem}.md",
                                           path=_relative(article, issue)))
    return ImportedFile(draft.source, article, tuple(p for p in photo_files if p),
                        draft.encoding, tuple(guesses))


def _write_photo(photo: Photo, issue: Path, stem: str, written: list[Path]) -> Path | None:
    if photo.picture is None:
        return None
    path = write_new(folder_in(issue, PHOTOS), stem, photo.picture.suffix, photo.picture.data)
    written.append(path)
    return path


def _photo_guesses(photo: Photo, number: int, path: Path | None, issue: Path) -> list[str]:
    guesses = [describe_photo(photo, number, _relative(path, issue))]
    if path is not None and path.suffix.lower() in _UNPLACEABLE:
        guesses.append(_("photo {number} is a drawing ({suffix}), which cannot be placed: "
                         "export it from Word as a JPEG or PNG picture").format(
            number=number, suffix=path.suffix))
    return guesses


def _relative(path: Path | None, issue: Path) -> str | None:
    return path.relative_to(issue).as_posix() if path is not None else None


def safe_stem(name: str) -> str:
    """A file name made of `name`'s letters (Chinese ones too), figures, - and _, safe on
    every file system; "article" when nothing of it is left."""
    stem = _UNSAFE.sub("-", unicodedata.normalize("NFC", name)).strip("-_")
    stem = stem[:STEM_MOST].rstrip("-_")
    if not stem or stem.lower() in _WINDOWS_DEVICES:
        return "-".join(filter(None, ("article", stem)))
    return stem


def refuse_links_out(issue: Path) -> None:
    """UnsafePathError when articles/ or photos/ is a link leading out of the issue
    folder."""
    for name in (ARTICLES, PHOTOS):
        folder = issue / name
        if not folder.resolve().is_relative_to(issue.resolve()):
            raise UnsafePathError(_("{folder} leads outside the issue folder {issue}: "
                                    "nothing was imported").format(folder=folder, issue=issue))


def folder_in(issue: Path, name: str) -> Path:
    """The folder `name` of the issue folder, made if missing."""
    folder = issue / name
    folder.mkdir(exist_ok=True)
    return folder


def article_text(draft: Draft, photo_files: list[str | None]) -> str:
    """The article file: front matter (headline parts, byline, dateline, and each photo as
    a comment) and the body."""
    head = {key: value for key, value in (
        ("kicker", draft.kicker), ("title", draft.title), ("subtitle", draft.subtitle),
        ("byline", draft.byline), ("dateline", draft.dateline)) if value}
    front = yaml.safe_dump(head, allow_unicode=True, sort_keys=False, width=1_000_000)
    photos = "".join(_photo_comment(photo, file)
                     for photo, file in zip(draft.photos, photo_files, strict=True))
    body = "\n\n".join(_markdown(block) for block in draft.blocks)
    return f"---\n{front}{photos}---\n\n{body}\n"


def _photo_comment(photo: Photo, file: str | None) -> str:
    """A photo as the issue.toml table that places it, commented out."""
    values = (("source", file), ("caption", photo.caption), ("credit", photo.credit))
    lines = ["[pages.articles.photo]"] + [
        f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in values if value]
    return "".join(f"# {line}\n" for line in lines)


def _markdown(block: Block) -> str:
    """A block as the body reads it back: `## ` before a crosshead."""
    return f"## {block.text}" if block.kind == "crosshead" else block.text


def write_new(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Write `data` to `folder`/`stem``suffix`, or `stem`-2`suffix`, …, whichever name is
    free, whole or not at all; the path written."""
    temporary = written_temporary(folder, data, prefix=".import-")
    try:
        for number in count(1):
            path = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
            if _claim(temporary, path):
                return path
        raise AssertionError("unreachable")
    finally:
        temporary.unlink(missing_ok=True)


def _claim(temporary: Path, path: Path) -> bool:
    """Give the written `temporary` file the name `path` if no file has it."""
    try:
        os.link(temporary, path)
        return True
    except FileExistsError:
        return False
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
    if path.exists() or path.is_symlink():
        return False
    os.replace(temporary, path)
    return True
