"""The build record (build.json): what went into a build and what came out, by hash.

Every input is hashed (manifests, articles, photos, templates, the stylesheet, the font
files, the colour profile), with the versions of everything that renders (the package,
WeasyPrint, Pango, HarfBuzz, Pillow, Python) and the hash of every output. `layout archive
verify` rebuilds an issue and compares records: on a mismatch it says which input or
version changed, not only that something did.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import platform
from importlib import resources
from pathlib import Path

import PIL
import uharfbuzz
import weasyprint
from weasyprint.text.ffi import pango

from layout import __version__
from layout.fonts import FontLock, file_sha256
from layout.model import Issue


def build_record(issue: Issue, lock: FontLock, templates: Path | None, profile: Path | None,
                 variant: str, outputs: list[Path], target: Path) -> dict:
    return {
        "issue": f"{issue.paper_dir.name}/{issue.date.isoformat()}",
        "variant": variant,
        "inputs": _inputs(issue, lock, templates, profile),
        "versions": versions(),
        "outputs": {p.relative_to(target).as_posix(): file_sha256(p) for p in sorted(outputs)},
    }


def write_record(record: dict, path: Path) -> bytes:
    """The record as the bytes of build.json (sorted keys: the same record, the same bytes)."""
    return (json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _inputs(issue: Issue, lock: FontLock, templates: Path | None,
            profile: Path | None) -> dict[str, dict[str, str]]:
    sources = {"paper.toml": issue.paper_dir / "paper.toml",
               "issue.toml": issue.issue_dir / "issue.toml"}
    articles = {a.source.relative_to(issue.issue_dir).as_posix(): a.source
                for a in issue.articles()}
    photos = {m.photo.source.relative_to(issue.issue_dir).as_posix(): m.photo.source
              for page in issue.pages for m in page.modules if m.photo}
    return {
        "manifest": _hashes(sources),
        "articles": _hashes(articles),
        "photos": _hashes(photos),
        "templates": _template_hashes(templates),
        "fonts": {f"{face.family} {face.weight}": face.sha256 for face in lock.faces},
        "profile": _hashes({profile.name: profile}) if profile else {},
    }


def _hashes(files: dict[str, Path]) -> dict[str, str]:
    return {name: file_sha256(path) for name, path in sorted(files.items())}


def _template_hashes(override: Path | None) -> dict[str, str]:
    package = resources.files("layout")
    hashes = {}
    for folder in ("templates", "static"):
        for item in package.joinpath(folder).iterdir():
            if item.name.endswith((".html", ".css")):
                hashes[f"{folder}/{item.name}"] = hashlib.sha256(item.read_bytes()).hexdigest()
    if override:
        for path in sorted(override.glob("*.html")):
            hashes[f"paper templates/{path.name}"] = file_sha256(path)
    return dict(sorted(hashes.items()))


def versions() -> dict[str, str]:
    number = pango.pango_version()
    return {
        "newspaper-layout": __version__,
        "weasyprint": weasyprint.__version__,
        "pango": f"{number // 10000}.{number // 100 % 100}.{number % 100}",
        "harfbuzz": _harfbuzz_version(),
        "uharfbuzz": uharfbuzz.__version__,
        "pillow": PIL.__version__,
        "python": platform.python_version(),
    }


def _harfbuzz_version() -> str:
    """The HarfBuzz that Pango shapes with (the system library, not uharfbuzz's own)."""
    name = ctypes.util.find_library("harfbuzz")
    if not name:
        return "unknown"
    library = ctypes.CDLL(name)
    library.hb_version_string.restype = ctypes.c_char_p
    return library.hb_version_string().decode()


def differences(recorded: dict, current: dict) -> list[str]:
    """What changed between two records, input by input and version by version."""
    changes = []
    for kind in sorted(set(recorded["inputs"]) | set(current["inputs"])):
        before, after = recorded["inputs"].get(kind, {}), current["inputs"].get(kind, {})
        for name in sorted(set(before) | set(after)):
            if before.get(name) != after.get(name):
                what = "added" if name not in before else \
                    "removed" if name not in after else "changed"
                changes.append(f"{_singular(kind)} {name} {what}")
    for name in sorted(set(recorded["versions"]) | set(current["versions"])):
        old, new = recorded["versions"].get(name), current["versions"].get(name)
        if old != new:
            changes.append(f"{name} {old} -> {new}")
    return changes


def _singular(kind: str) -> str:
    return {"articles": "article", "photos": "photo", "templates": "template",
            "fonts": "font", "manifest": "manifest"}.get(kind, kind)
