"""`layout import`: reporters' copy (Word .docx, plain .txt) turned into article files.

Read each input into pieces (`docx`, `plaintext`), guess the parts of the article from
them (`guesses`), then write the photos and the article into the issue folder (`write`).
Every input is read and guessed before anything is written: one unreadable input stops
the import with every problem listed, and nothing is written. A failure while writing
removes what this import had already written.

    report = import_copy([Path("稿件.docx")], Path("issues/tangyin/2021-06-15"))
    print("\\n".join(report.lines()))
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from layout.errors import Problem
from layout.i18n import _
from layout.intake.docx import read_docx
from layout.intake.errors import CopyError, IssueNotWritableError
from layout.intake.guesses import Draft, draft_article
from layout.intake.pieces import Copy
from layout.intake.plaintext import read_plaintext
from layout.intake.report import ImportedFile, ImportReport
from layout.intake.write import refuse_links_out, write_article

__all__ = ["CopyError", "ImportReport", "ImportedFile", "IssueNotWritableError", "READERS",
           "import_copy", "read_copy"]

# How each kind of input is read, by its file name's suffix.
READERS: dict[str, Callable[[Path], Copy]] = {
    ".docx": read_docx, ".txt": read_plaintext, ".text": read_plaintext}


def import_copy(files: list[Path], issue_dir: Path) -> ImportReport:
    """Write an article (and its photos) into `issue_dir` for each file of copy; what was
    written and every guess made. CopyError when an input cannot be read (nothing is
    written), UnsafePathError when articles/ or photos/ lead outside the issue folder,
    IssueNotWritableError (an OutputError) when the issue folder cannot be written: nothing
    is left of this import."""
    issue = _issue_folder(issue_dir)
    drafts = read_copy(files)
    refuse_links_out(issue)
    written: list[Path] = []
    try:
        imported = [write_article(draft, issue, written) for draft in drafts]
    except BaseException as error:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise IssueNotWritableError(issue, error) from error
        raise
    return ImportReport(tuple(imported))


def read_copy(files: list[Path]) -> list[Draft]:
    """The article guessed from each file; CopyError listing every file that cannot be
    read."""
    problems: list[Problem] = []
    drafts = []
    for path in files:
        try:
            drafts.append(_draft(path))
        except CopyError as error:
            problems.extend(error.problems)
    if problems:
        raise CopyError(problems)
    return drafts


def _draft(path: Path) -> Draft:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise CopyError.single(path, _(
            "is not a .docx or .txt file: open it and save it as a Word document (.docx) or "
            "as plain text (.txt)"))
    try:
        draft = draft_article(reader(path))
    except FileNotFoundError:
        raise CopyError.single(path, _("does not exist: check its name and folder")) from None
    except IsADirectoryError:
        raise CopyError.single(path, _("is a folder: name the files of copy in it")) from None
    except OSError as error:
        raise CopyError.single(path, _("cannot be read: {reason}").format(
            reason=error.strerror or error)) from None
    if not draft.blocks:
        raise CopyError.single(path, _("has no text for the body of an article, only "
                                       "headline lines or captions"))
    return draft


def _issue_folder(issue_dir: Path) -> Path:
    if not issue_dir.is_dir():
        raise CopyError.single(issue_dir, _(
            "is not a folder: give the issue folder (the one holding issue.toml) with "
            "--issue"))
    return issue_dir
