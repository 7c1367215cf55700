"""What `layout import` did, file by file, for the editor to check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from layout.i18n import _


@dataclass(frozen=True)
class ImportedFile:
    """One input: the article file written, the photos saved for it, the encoding a text
    file was read in (None for Word), and every guess made, one sentence each, in the
    order of the copy, photos last."""

    source: Path
    article: Path
    photos: tuple[Path, ...]
    encoding: str | None
    guesses: tuple[str, ...]


@dataclass(frozen=True)
class ImportReport:
    files: tuple[ImportedFile, ...]

    def lines(self) -> list[str]:
        """The report as the editor reads it: each input and its article, then its
        guesses, indented."""
        lines = []
        for file in self.files:
            lines.append(_("{source}: written to {article}").format(
                source=file.source, article=file.article))
            lines.extend(f"  {guess}" for guess in file.guesses)
        return lines
