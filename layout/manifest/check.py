"""`layout check`: the issue validated whole, its fonts and profile found, nothing set.

What `check` refuses, `fit` and `build` refuse in the same words: they begin here.
"""

from __future__ import annotations

from pathlib import Path

from layout.errors import FontError, ManifestError, Problem, UnsafePathError
from layout.i18n import _
from layout.manifest.load import load_issue
from layout.manifest.places import line_in_file
from layout.manifest.resources import PaperResources, paper_resources
from layout.model import Issue
from layout.project.fonts import FontLock, glyph_problems, load_font_lock, verify_fonts


def check_issue(issue_dir: Path, unplaced_allowed: bool = False
                ) -> tuple[Issue, PaperResources, FontLock]:
    """Validate the issue and its fonts without rendering anything; with
    `unplaced_allowed` (`layout arrange`), modules may leave their place, head_lines and
    photo lines to arrange (load_issue)."""
    resources = paper_resources(issue_dir.resolve().parent)
    lock = load_font_lock(resources.font_lock)
    issue = load_issue(issue_dir, font_families=lock.families,
                       unplaced_allowed=unplaced_allowed)
    verify_fonts(lock)
    if missing := glyph_problems(issue, lock):
        raise FontError("\n".join(missing))
    profile_path(issue, resources)
    return issue, resources, lock


def profile_path(issue: Issue, resources: PaperResources) -> Path:
    """The paper's CMYK output profile, a file in the paper's or the installed assets."""
    paper_file = issue.paper_dir / "paper.toml"
    try:
        path = resources.asset(issue.paper.print.profile)
    except UnsafePathError as error:
        raise _profile_problem(paper_file, str(error)) from None
    if path is None:
        raise _profile_problem(paper_file, _(
            "not found in the assets: {profile}").format(profile=issue.paper.print.profile))
    return path


def _profile_problem(paper_file: Path, message: str) -> ManifestError:
    key = "print.profile"
    return ManifestError([Problem(paper_file, key, message, line_in_file(paper_file, key))])
