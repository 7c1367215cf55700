"""Writing outputs so that nothing is ever half-written, mixed or lost.

A single file is written to a temporary file beside it and renamed into place
(`atomic_write`). A build's whole output set is written into a staging folder beside its
output folder and switched with it in one step (`staged_output`): a reader at any moment
sees either the old complete set or the new one, whatever happens to the build. Files in
the output folder that the previous build did not record as its own (a user's own file,
another variant's folder) are carried into the new set; the previous build's own files
that the new one does not write are dropped.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from layout.errors import OutputError

RECORD = "build.json"       # the build's record, listing the files it wrote
# What writing the staged set can run into: full, read-only, forbidden.
_WRITING_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}
_STAGING, _RETIRED = ".building-", ".retired-"


def atomic_write(path: Path, data: bytes, durable: bool = True) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place. Not
    `durable`: without waiting for the disk, for files that know when they are whole (the
    cache's entries end with their own hash: one cut short by a power cut is made again)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = written_temporary(path.parent, data, prefix=f".{path.name}.", durable=durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def written_temporary(folder: Path, data: bytes, prefix: str, durable: bool = True) -> Path:
    """A new hidden file in `folder` holding all of `data`, on disk (fsync) if `durable`,
    readable by all: ready to be renamed or linked into place. Removed if the write fails."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


@dataclass(frozen=True)
class Stage:
    """Where a build writes (`folder`) and the output folder it will replace (`target`)."""

    folder: Path
    target: Path

    def final(self, path: Path) -> Path:
        """Where the file `path` of the new set will stand once switched."""
        return self.target / path.relative_to(self.folder)


@contextlib.contextmanager
def staged_output(target: Path) -> Iterator[Stage]:
    """A fresh staging folder beside `target`; on success the previous set's foreign
    files are carried in and it replaces `target` in one step; on failure it is removed
    and `target` is untouched. OutputError names the folder when it cannot be written."""
    target = target.absolute()
    with _naming(target.parent):
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(target)
        folder = Path(tempfile.mkdtemp(dir=target.parent,
                                       prefix=f".{target.name}{_STAGING}{os.getpid()}-"))
        folder.chmod(0o777 & ~_umask())  # as a folder made by mkdir, not mkdtemp's 0700
    try:
        try:
            yield Stage(folder, target)
        except OSError as error:
            if error.errno in _WRITING_ERRORS:
                raise OutputError(target, error) from error
            raise
        with _naming(target):
            _carry_over(target, folder)
            _switch(folder, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _naming(folder: Path) -> Iterator[None]:
    """OSError while writing outputs as a user error naming the folder and the cause."""
    try:
        yield
    except OSError as error:
        raise OutputError(folder, error) from error


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def owned_files(target: Path) -> set[str]:
    """The files (relative paths) the build that wrote `target` recorded as its own."""
    try:
        record = json.loads((target / RECORD).read_text(encoding="utf-8"))
        return {RECORD, *record.get("outputs", {})}
    except (OSError, ValueError, AttributeError):
        return set()


def _carry_over(target: Path, folder: Path) -> None:
    """Hard-link (or copy) into `folder` every file of `target` that its build did not
    write and the new build did not write either."""
    if not target.is_dir():
        return
    owned = owned_files(target)
    for path in sorted(target.rglob("*")):
        relative = path.relative_to(target)
        if _is_ours(relative) or path.is_dir() and not path.is_symlink():
            continue
        destination = folder / relative
        if relative.as_posix() in owned or destination.exists() or destination.is_symlink():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(path, destination)


def _is_ours(relative: Path) -> bool:
    """A staging or retired folder of another build, never part of any set."""
    return any(part.startswith(".") and (_STAGING in part or _RETIRED in part)
               for part in relative.parts)


def _link_or_copy(source: Path, destination: Path) -> None:
    if source.is_symlink():
        os.symlink(os.readlink(source), destination)
        return
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _switch(folder: Path, target: Path) -> None:
    """`folder` becomes `target` in one step; the previous `target` is removed."""
    if not target.exists():
        os.rename(folder, target)
        return
    if _exchange(folder, target):
        shutil.rmtree(folder, ignore_errors=True)  # the previous set, now at `folder`
        return
    retired = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}{_RETIRED}"))
    os.rename(target, retired / target.name)   # without an atomic exchange: a brief gap
    os.rename(folder, target)
    shutil.rmtree(retired, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove_leftovers(target: Path) -> None:
    """Staging folders of builds that were killed, and retired sets never removed; not
    the staging folder of a build still running."""
    for leftover in target.parent.glob(f".{target.name}{_RETIRED}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in target.parent.glob(f".{target.name}{_STAGING}*"):
        pid = leftover.name.removeprefix(f".{target.name}{_STAGING}").split("-")[0]
        if not (pid.isdigit() and process_running(int(pid))):
            shutil.rmtree(leftover, ignore_errors=True)


def process_running(pid: int) -> bool:
    """Whether process `pid` exists (another user's counts): the owner of a folder named
    by its pid, which is left alone while it runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
