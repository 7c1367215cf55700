"""The exceptions a user can cause, each with the exit code the CLI returns for it."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from layout.i18n import N_, _
from layout.manifest.places import human_key, humanised


class LayoutError(Exception):
    """A problem the user can fix; reported without a traceback."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one input file, located by a dotted key path (0-based, as the
    validators give it) and, once known, the 1-based line of the file."""

    file: Path
    key: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        """第1版 第3篇 (…/issue.toml line 41): place.top: must be a whole number, 0 or more"""
        place, field = human_key(self.key)
        location = _("{file} line {line}").format(file=self.file, line=self.line) \
            if self.line else str(self.file)
        head = f"{place} ({location})" if place else location
        message = humanised(self.message)
        return _("{where}: {field}: {message}").format(where=head, field=field,
                                                       message=message) if field else \
            _("{where}: {message}").format(where=head, message=message)


class ManifestError(LayoutError):
    """The issue's manifests or sources are invalid; carries every problem found."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnsafePathError(LayoutError):
    """A reference points outside the folders a build may read, or to the network."""

    exit_code = 3


class FontError(LayoutError):
    """A locked font file is missing or is not the file the lock names."""

    exit_code = 4


class FitError(LayoutError):
    """Text does not fit its frame; the build refuses to cut it silently."""

    exit_code = 5


class RenderError(LayoutError):
    """The renderer or an external tool failed."""

    exit_code = 6


_WRITE_FAILURES = {errno.ENOSPC: N_("the disk is full"),
                   errno.EDQUOT: N_("the disk quota is used up"),
                   errno.EROFS: N_("the file system is read-only"),
                   errno.EACCES: N_("permission denied"), errno.EPERM: N_("permission denied"),
                   errno.ENOTDIR: N_("a file stands where a folder is needed"),
                   errno.EISDIR: N_("a folder stands where a file is needed")}


class OutputError(LayoutError):
    """The output folder cannot be written: read-only, full, or not a folder."""

    exit_code = 7

    def __init__(self, folder: Path, error: OSError):
        self.folder, self.cause = folder, error
        known = _WRITE_FAILURES.get(error.errno or 0)
        reason = _(known) if known else error.strerror or str(error)
        super().__init__(_("cannot write the outputs to {folder}: {reason}; nothing was "
                           "changed there. Free some space or choose another folder with "
                           "--out").format(folder=folder, reason=reason))


class UnreadablePdfError(LayoutError):
    """A PDF given to check cannot be read: empty, not a PDF, damaged, cut short or
    encrypted with a password."""

    exit_code = 8
