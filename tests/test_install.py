"""Installed as a newspaper installs it: the wheel alone builds a paper kept anywhere.

The wheel is built from the checkout and installed, without its dependencies, into a fresh
virtual environment that borrows this one's dependencies (a path file), so nothing of the
checkout can be imported: what the build needs must be in the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of a copy of the project's source (the build writes beside its source)."""
    source, folder = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "layout", source / "layout",
                    ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(folder), str(source)], check=True, capture_output=True)
    (built,) = folder.glob("newspaper_layout-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `layout` command of a fresh environment holding the wheel."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], check=True, capture_output=True, text=True)
    dependencies = sysconfig.get_paths()["purelib"]
    Path(site.stdout.strip(), "dependencies.pth").write_text(dependencies + "\n")
    return venv / "bin" / "layout"


def test_the_wheel_carries_what_a_build_needs(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("layout/defaults/fonts.toml",
                   "layout/defaults/assets/icc/newsprint-fogra29-tac220.icc",
                   "layout/templates/issue.html", "layout/static/newspaper.css",
                   "layout/locale/zh_Hans/LC_MESSAGES/layout.mo", "layout/desk/static/desk.js",
                   "layout/manifest/starter/paper.toml"):
        assert needed in names
    assert not any(name.startswith(("tests/", "issues/", "bench/")) for name in names)


def test_the_installed_tool_builds_a_paper_kept_anywhere(installed: Path, tmp_path: Path):
    papers = tmp_path / "srv" / "papers"
    shutil.copytree(SAMPLE.parent, papers / "tangyin")
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()
    environment = {**os.environ, "LAYOUT_CACHE_DIR": str(tmp_path / "cache")}

    where = subprocess.run([installed.with_name("python"), "-c",
                            "import layout; print(layout.__file__)"],
                           capture_output=True, text=True, check=True, cwd=elsewhere)
    assert not Path(where.stdout.strip()).is_relative_to(ROOT)
    result = subprocess.run([installed, "build", papers / "tangyin" / SAMPLE.name,
                             "--out", tmp_path / "out", "--variant", "print"],
                            capture_output=True, text=True, cwd=elsewhere, env=environment)

    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out" / "print" / "plates").glob("*.pdf"))) == 2
