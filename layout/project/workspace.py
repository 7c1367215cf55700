"""The project folder a build works in: the one holding fonts/fonts.toml and assets/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from layout.errors import LayoutError


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def font_lock(self) -> Path:
        return self.root / "fonts" / "fonts.toml"

    @property
    def assets(self) -> Path:
        return self.root / "assets"


def find_workspace(issue_dir: Path) -> Workspace:
    """The nearest folder at or above `issue_dir` that has fonts/fonts.toml."""
    for folder in (issue_dir.resolve(), *issue_dir.resolve().parents):
        if (folder / "fonts" / "fonts.toml").is_file():
            return Workspace(folder)
    raise LayoutError(f"{issue_dir}: no fonts/fonts.toml in this folder or any above it; "
                      "run layout from inside the project")
