"""The build record (build.json): what went into a build and what came out, by hash.

Every input is hashed (manifests, articles, photos, templates, the stylesheet, the font
files, the colour profile), with the versions of everything that renders or writes the
files (the package, WeasyPrint, pydyf, Pango, HarfBuzz, fontTools, Pillow, Little CMS,
qpdf and pikepdf, Poppler, Python) and the hash of every output. `layout archive verify`
checks the stored outputs against those hashes (fixity), then rebuilds the issue and
compares records: on a mismatch it says which file, input or version differs, not only
that something did.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pikepdf

from layout import __version__, i18n
from layout.i18n import N_, _
from layout.manifest.resources import DEFAULTS
from layout.model import Issue
from layout.project.files import RECORD
from layout.project.fonts import FontLock, file_sha256
from layout.render.preview import pdfium_version
from layout.render.versions import renderer_versions


def build_record(issue: Issue, lock: FontLock, templates: Path | None, profile: Path | None,
                 variant: str, outputs: list[Path], target: Path) -> dict:
    """What the build read (each input's hash: manifests, articles, photos, templates, the
    font lock and its fonts, the profile, named as installed or as the paper's own), the
    versions that made it, and the hash of every file written."""
    return {
        "issue": f"{issue.paper_dir.name}/{issue.date.isoformat()}",
        "variant": variant,
        "language": i18n.current(),   # of the warnings report.json repeats
        "inputs": _inputs(issue, lock, templates, profile),
        "versions": versions(),
        "outputs": {p.relative_to(target).as_posix(): file_sha256(p) for p in sorted(outputs)},
    }


def write_record(record: dict, path: Path) -> bytes:
    """The record as the bytes of build.json (sorted keys: the same record, the same bytes)."""
    return (json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _inputs(issue: Issue, lock: FontLock, templates: Path | None,
            profile: Path | None) -> dict[str, dict[str, str]]:
    return {
        **{kind: _hashes(files) for kind, files in issue.sources().items()},
        "templates": _template_hashes(templates),
        "font lock": _hashes({_origin(lock.path, issue.paper_dir): lock.path}),
        "fonts": {f"{face.family} {face.weight}": face.sha256 for face in lock.faces},
        "profile": _hashes({_origin(profile, issue.paper_dir): profile}) if profile else {},
    }


def _origin(path: Path, paper_dir: Path) -> str:
    """`paper fonts/lock.toml` for a paper's own file, `installed fonts.toml` for a default."""
    if path.is_relative_to(DEFAULTS):
        return f"installed {path.relative_to(DEFAULTS).as_posix()}"
    if path.is_relative_to(paper_dir):
        return f"paper {path.relative_to(paper_dir).as_posix()}"
    return path.name


def _hashes(files: dict[str, Path]) -> dict[str, str]:
    return {name: file_sha256(path) for name, path in sorted(files.items())}


def _template_hashes(override: Path | None) -> dict[str, str]:
    package = resources.files("layout")
    hashes = {}
    for folder in ("templates", "templates/epaper", "static"):
        for item in package.joinpath(folder).iterdir():
            if item.name.endswith((".html", ".xml", ".css")):
                hashes[f"{folder}/{item.name}"] = hashlib.sha256(item.read_bytes()).hexdigest()
    if override:
        for path in sorted(override.glob("*.html")):
            hashes[f"paper templates/{path.name}"] = file_sha256(path)
    return dict(sorted(hashes.items()))


def versions() -> dict[str, str]:
    """The software a build's bytes depend on. Read without loading WeasyPrint: a build
    whose pages all come from the cache does not need it."""
    return {
        "newspaper-layout": __version__,
        **renderer_versions(),
        "qpdf": pikepdf.__libqpdf_version__,
        "pikepdf": pikepdf.__version__,
        "pdfium": pdfium_version(),
    }


@dataclass(frozen=True)
class Fault:
    """A stored output that is not the file its build recorded."""

    name: str       # the file's path in the output folder, as the record names it
    problem: str    # "differs from the record", "missing", "unreadable (...)"

    def __str__(self) -> str:
        return f"{self.name} {self.problem}"


def read_record(folder: Path) -> dict:
    """The build record of the output set in `folder`; OSError or ValueError if there is
    none or it is not a record."""
    record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    if not isinstance(record, dict) or not isinstance(record.get("outputs"), dict):
        raise ValueError(f"{folder / RECORD}: not a build record")
    return record


def fixity(folder: Path, outputs: dict[str, str]) -> list[Fault]:
    """Every output the record lists that is missing, unreadable or not the bytes it
    recorded (truncated, appended to, replaced), in the record's order."""
    faults = []
    for name, digest in sorted(outputs.items()):
        problem = _stored_problem(folder, name, digest)
        if problem:
            faults.append(Fault(name, problem))
    return faults


def _stored_problem(folder: Path, name: str, digest: str) -> str | None:
    """What is wrong with the stored file `name`, or None if it has the recorded hash."""
    if Path(name).is_absolute() or ".." in Path(name).parts:
        return _("is not a file of the output folder")
    try:
        actual = file_sha256(folder / name)
    except FileNotFoundError:
        return _("missing")
    except OSError as error:
        return _("unreadable ({reason})").format(reason=error.strerror or error)
    return None if actual == digest else _("differs from the record")


def differences(recorded: dict, current: dict) -> list[str]:
    """What changed between two records, input by input and version by version."""
    changes = []
    for kind in sorted(set(recorded["inputs"]) | set(current["inputs"])):
        before, after = recorded["inputs"].get(kind, {}), current["inputs"].get(kind, {})
        for name in sorted(set(before) | set(after)):
            if before.get(name) != after.get(name):
                what = N_("{kind} {name} added") if name not in before else \
                    N_("{kind} {name} removed") if name not in after else \
                    N_("{kind} {name} changed")
                changes.append(_(what).format(kind=_(_singular(kind)), name=name))
    for name in sorted(set(recorded["versions"]) | set(current["versions"])):
        old, new = recorded["versions"].get(name), current["versions"].get(name)
        if old != new:
            changes.append(f"{name} {old} -> {new}")
    return changes


def _singular(kind: str) -> str:
    return {"articles": N_("article"), "photos": N_("photo"), "templates": N_("template"),
            "fonts": N_("font"), "manifest": N_("manifest"), "font lock": N_("font lock"),
            "profile": N_("profile")}.get(kind, kind)
