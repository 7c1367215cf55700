"""The font lock (layout/defaults/fonts.toml, or a paper's own): which files text is set in.

Output depends on font files byte for byte, so each face is pinned by SHA-256 and loaded
only through @font-face from that file.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import uharfbuzz as hb
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from layout.errors import FontError
from layout.i18n import _
from layout.manifest.messages import problems_from
from layout.manifest.text import NotUtf8Error, read_text
from layout.manifest.toml_syntax import TomlSyntaxError, parsed_toml
from layout.model import Issue
from layout.project.cache import user_cache_folder
from layout.project.files import atomic_write
from layout.typeset.chars import selects_a_form


class FontFace(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    family: str
    weight: Annotated[int, Field(ge=100, le=900, multiple_of=100)] = 400
    style: Literal["normal", "italic"] = "normal"
    file: Path
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    package: str = Field(description="the Debian package that installs the file")


class _LockFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    face: list[FontFace] = Field(min_length=1)


@dataclass(frozen=True)
class FontLock:
    path: Path
    faces: tuple[FontFace, ...]

    @property
    def families(self) -> set[str]:
        return {face.family for face in self.faces}

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(face.file for face in self.faces)

    def file_of(self, family: str, weight: int) -> Path:
        """The file of a face; the nearest weight the family has if not that one."""
        faces = [face for face in self.faces if face.family == family]
        return min(faces, key=lambda face: abs(face.weight - weight)).file


def load_font_lock(path: Path) -> FontLock:
    try:
        data = parsed_toml(read_text(path))
        return FontLock(path, tuple(_LockFile.model_validate(data).face))
    except FileNotFoundError as error:
        raise FontError(_("{path}: font lock file not found").format(path=path)) from error
    except (TomlSyntaxError, NotUtf8Error) as error:
        raise FontError(_("{path}: invalid font lock: {error}").format(
            path=path, error=error)) from error
    except ValidationError as error:   # each field in the user's words, as in a manifest
        raise FontError("\n".join(str(problem) for problem in
                                   problems_from(error, path, schema=_LockFile))) from error


def verify_fonts(lock: FontLock) -> None:
    """Raise FontError naming every locked file that is missing or not the locked one."""
    problems = []
    for face in lock.faces:
        label = f"{face.family} {face.weight}"
        if not face.file.is_file():
            problems.append(_("{face}: {file} is missing; install it with "
                              "`apt-get install {package}`").format(
                                  face=label, file=face.file, package=face.package))
        elif font_file_sha256(face.file) != face.sha256:
            problems.append(_("{face}: {file} is not the locked file (SHA-256 differs); "
                              "install the {package} version noted in {lock}").format(
                                  face=label, file=face.file, package=face.package,
                                  lock=lock.path))
    if problems:
        raise FontError("\n".join(f"{lock.path}: {p}" for p in problems))


def font_face_css(lock: FontLock) -> str:
    rules = []
    for face in lock.faces:
        rules.append(
            "@font-face { "
            f'font-family: "{face.family}"; font-weight: {face.weight}; '
            f'font-style: {face.style}; src: url("{face.file.resolve().as_uri()}"); }}')
    return "\n".join(rules)


def without_glyph(chars: set[str], lock: FontLock) -> set[str]:
    """The characters of `chars` that no locked face has a glyph for: spaces aside, and
    variation selectors, which have none of their own (葛 followed by VS17 asks for a form
    of 葛; a face without that form prints 葛 as usual)."""
    fonts = _cmap_fonts(tuple(sorted({face.file for face in lock.faces})))
    return {char for char in chars if not char.isspace() and not selects_a_form(char)
            and all(font.get_nominal_glyph(ord(char)) is None for font in fonts)}


@functools.lru_cache(maxsize=4)
def _cmap_fonts(paths: tuple[Path, ...]) -> tuple[hb.Font, ...]:
    """The locked files opened once per process for their character maps (the desk asks
    on every save)."""
    return tuple(hb.Font(hb.Face(hb.Blob.from_file_path(str(path)), 0)) for path in paths)


def glyph_problems(issue: Issue, lock: FontLock) -> list[str]:
    """第N版's articles naming each character no locked font has: it would print in a
    fallback font or as an empty box."""
    problems = []
    for page in issue.pages:
        for module in page.modules:
            missing = sorted(without_glyph(set(module.printed_text()), lock))
            if missing:
                chars = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing)
                problems.append(_("{file}: no locked font has {characters}").format(
                    file=module.article.source, characters=chars))
    return problems


def font_file_sha256(path: Path) -> str:
    """A font file's hash, worked out once for as long as the file is the same file: the
    same device, inode, size, modification and change times. The desk checks the lock on
    every save; each build process would otherwise read some 200 MB of CJK collections.
    The change time cannot be set back by anyone who rewrites the file."""
    status = path.stat()
    return _sha256_of(path, (status.st_dev, status.st_ino, status.st_size,
                             status.st_mtime_ns, status.st_ctime_ns))


@functools.lru_cache(maxsize=64)
def _sha256_of(path: Path, identity: tuple[int, ...]) -> str:
    """Kept for the process, and in the user's cache for the next: the hash belongs to the
    installed file, not to any build (project/cache.py: user_cache_folder)."""
    name = hashlib.sha256(repr((str(path.resolve()), identity)).encode()).hexdigest()
    record = user_cache_folder() / "font-hashes" / name
    with contextlib.suppress(OSError, UnicodeDecodeError):
        if re.fullmatch(r"[0-9a-f]{64}", known := record.read_text(encoding="ascii")):
            return known
    digest = file_sha256(path)
    with contextlib.suppress(OSError):
        atomic_write(record, digest.encode("ascii"))
    return digest


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
