"""The exceptions a user can cause, each with the exit code the CLI returns for it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class LayoutError(Exception):
    """A problem the user can fix; reported without a traceback."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one input file, located by a dotted key path."""

    file: Path
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else str(self.file)
        return f"{where}: {self.message}"


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


class UnreadablePdfError(LayoutError):
    """A PDF given to check cannot be read: empty, not a PDF, damaged, cut short or
    encrypted with a password."""

    exit_code = 8
