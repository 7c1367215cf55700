"""`layout archive verify`: rebuild an issue and compare it with its build record."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from layout.build import build_issue
from layout.errors import LayoutError
from layout.record import differences
from layout.variants import VARIANTS


@dataclass(frozen=True)
class Verification:
    identical: bool
    outputs: int              # files compared
    changed_outputs: list[str]
    causes: list[str]         # inputs or versions that changed since the record


def verify_issue(issue_dir: Path, out_dir: Path, variant: str) -> Verification:
    """Rebuild `issue_dir` and compare with the build.json under `out_dir`."""
    folder = VARIANTS[variant].folder(out_dir)
    record_file = folder / "build.json"
    if not record_file.is_file():
        raise LayoutError(f"{record_file}: no build record; build the issue first "
                          f"(layout build {issue_dir} --variant {variant})")
    recorded = json.loads(record_file.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        result = build_issue(issue_dir, Path(tmp), variant=variant, allow_overflow=True)
        current = json.loads((result.report.parent / "build.json").read_text(encoding="utf-8"))
    changed = sorted(name for name in set(recorded["outputs"]) | set(current["outputs"])
                     if recorded["outputs"].get(name) != current["outputs"].get(name))
    causes = differences(recorded, current)
    if changed and not causes:
        causes = ["the outputs differ although no input or version did"]
    return Verification(not changed, len(recorded["outputs"]), changed, causes)
