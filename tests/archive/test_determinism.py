"""The same manifest gives the same bytes, whatever the clock, time zone or folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE


def _build(issue: Path, out: Path, variant: str, cwd: Path, zone: str) -> dict[str, bytes]:
    # Each "machine" has its own cache of prepared photos and composed articles.
    env = {**os.environ, "TZ": zone, "LC_ALL": "C.UTF-8", "LAYOUT_CACHE_DIR": str(cwd / "cache")}
    command = [str(Path(sys.executable).parent / "layout"), "build", str(issue), "--out", str(out),
               "--variant", variant]
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    folder = out if variant == "proof" else out / variant
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


# PDF/X-4 plates differ from PDF/X-1a ones only in what the writer is told: the run of
# every test (`make test-all`) checks them too.
@pytest.mark.parametrize("variant", ["proof", "print",
                                     pytest.param("print-x4", marks=pytest.mark.slow),
                                     "archive"])
def test_every_output_is_byte_identical_across_machines_and_folders(
        variant: str, project: Path, tmp_path: Path) -> None:
    # Two "machines": different time zones, working folders and copies of the project.
    first_home, second_home = tmp_path / "a", tmp_path / "b" / "deeper"
    for home in (first_home, second_home):
        home.mkdir(parents=True)
    first = _build(SAMPLE, first_home / "out", variant, first_home, "Asia/Shanghai")
    copy = project / "issues" / "tangyin" / SAMPLE.name
    (copy / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")  # a stray file is not an input
    second = _build(copy, second_home / "out", variant, second_home, "America/Los_Angeles")
    assert sorted(first) == sorted(second)
    assert any(name.endswith(".pdf") for name in first)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
