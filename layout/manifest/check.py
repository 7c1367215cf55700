"""`layout check`: the issue validated whole, its fonts and profile found, nothing set.

What `check` refuses, `fit` and `build` refuse in the same words: they begin here.
"""

from __future__ import annotations

from pathlib import Path

from layout.errors import FontError, ManifestError, Problem, UnsafePathError
from layout.manifest.load import load_issue
from layout.model import Issue
from layout.project.fonts import FontLock, glyph_problems, load_font_lock, verify_fonts
from layout.project.safety import resolve_reference
from layout.project.workspace import Workspace, find_workspace


def check_issue(issue_dir: Path) -> tuple[Issue, Workspace, FontLock]:
    """Validate the issue and its fonts without rendering anything."""
    workspace = find_workspace(issue_dir)
    lock = load_font_lock(workspace.font_lock)
    issue = load_issue(issue_dir, font_families=lock.families)
    verify_fonts(lock)
    if missing := glyph_problems(issue, lock):
        raise FontError("\n".join(missing))
    profile_path(issue, workspace)
    return issue, workspace, lock


def profile_path(issue: Issue, workspace: Workspace) -> Path:
    """The paper's CMYK output profile, which must be a file under assets/."""
    paper_file = issue.paper_dir / "paper.toml"
    try:
        path = resolve_reference(issue.paper.print.profile, workspace.assets)
    except UnsafePathError as error:
        raise ManifestError([Problem(paper_file, "print.profile", str(error))]) from None
    if not path.is_file():
        raise ManifestError([Problem(paper_file, "print.profile",
                                     f"not found in assets/: {issue.paper.print.profile}")])
    return path
