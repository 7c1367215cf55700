"""The sample issue built once per session in the archive variant, and copies to damage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from layout.build import BuildResult, build_issue
from tests.conftest import SAMPLE


@pytest.fixture(scope="session")
def archive_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The sample issue in the archive variant, for every test that only reads it."""
    return build_issue(SAMPLE, tmp_path_factory.mktemp("archive") / "out", variant="archive")


@pytest.fixture
def stored(archive_build: BuildResult, tmp_path: Path) -> Path:
    """A copy of that build's output folder (`out`, holding `archive/`), free to damage."""
    out = tmp_path / "stored" / "out"
    shutil.copytree(archive_build.issue_pdf.parent.parent, out)
    return out
