"""What a paper builds with besides its issues: the font lock and the assets.

A paper may carry its own, named in paper.toml relative to the paper folder (`font_lock`,
`assets`); otherwise the defaults installed with layout apply (`layout/defaults/`). A
paper's own assets come before the packaged ones, so a paper that adds a logo still finds
the packaged colour profile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from layout.errors import ManifestError, Problem, UnsafePathError
from layout.i18n import _
from layout.manifest.places import line_in_file
from layout.manifest.text import NotUtf8Error, read_text
from layout.manifest.toml_syntax import TomlSyntaxError, parsed_toml
from layout.project.safety import resolve_reference

DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"
DEFAULT_FONT_LOCK = DEFAULTS / "fonts.toml"
DEFAULT_ASSETS = DEFAULTS / "assets"


@dataclass(frozen=True)
class PaperResources:
    font_lock: Path
    assets: tuple[Path, ...]   # searched in order: the paper's own, then the packaged

    @property
    def font_lock_origin(self) -> str:
        """Which lock a build used, as its record states it."""
        return "packaged" if self.font_lock == DEFAULT_FONT_LOCK else "paper"

    def asset(self, reference: str) -> Path | None:
        """The first asset file named `reference`; raises UnsafePathError for one that
        leaves its folder."""
        for folder in self.assets:
            path = resolve_reference(reference, folder)
            if path.is_file():
                return path
        return None


def paper_resources(paper_dir: Path) -> PaperResources:
    """The font lock and asset folders of the paper in `paper_dir`.

    paper.toml is read here only for its two keys; everything else in it, and whether it
    can be read at all, is the manifest loader's to report.
    """
    paper_file = paper_dir / "paper.toml"
    settings = _settings(paper_file)
    lock = _own(settings, "font_lock", paper_file, Path.is_file)
    assets = _own(settings, "assets", paper_file, Path.is_dir)
    return PaperResources(font_lock=lock or DEFAULT_FONT_LOCK,
                          assets=(assets, DEFAULT_ASSETS) if assets else (DEFAULT_ASSETS,))


def _settings(paper_file: Path) -> dict:
    try:
        return parsed_toml(read_text(paper_file))
    except (OSError, NotUtf8Error, TomlSyntaxError):
        return {}   # the manifest loader reports it


def _own(settings: dict, key: str, paper_file: Path,
         exists: Callable[[Path], bool]) -> Path | None:
    reference = settings.get(key)
    if not isinstance(reference, str) or not reference:
        return None
    try:
        path = resolve_reference(reference, paper_file.parent)
    except UnsafePathError as error:
        raise _refused(paper_file, key, str(error)) from None
    if not exists(path):
        raise _refused(paper_file, key, _(
            "not found: {reference} (relative to the paper folder); remove the key to use "
            "the packaged default").format(reference=reference))
    return path


def _refused(paper_file: Path, key: str, message: str) -> ManifestError:
    return ManifestError([Problem(paper_file, key, message, line_in_file(paper_file, key))])
