"""The user errors of `layout import`: inputs it cannot read, an issue folder it cannot
write."""

from __future__ import annotations

from pathlib import Path

from layout.errors import LayoutError, ManifestError, OutputError, Problem
from layout.i18n import _


class CopyError(ManifestError):
    """Copy to import cannot be read (not a .docx or .txt, damaged, empty, not text), or
    the issue folder is missing; one problem per file, nothing written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)

    @classmethod
    def single(cls, path: Path, message: str) -> CopyError:
        return cls([Problem(path, "", message)])


class IssueNotWritableError(OutputError):
    """The issue folder cannot be written (full, read-only, forbidden); what the import
    had written is removed again."""

    def __init__(self, folder: Path, error: OSError):
        self.folder, self.cause = folder, error
        LayoutError.__init__(self, _(
            "cannot write into the issue folder {folder}: {reason}; nothing of this import "
            "is left there").format(folder=folder, reason=error.strerror or error))
