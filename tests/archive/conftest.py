"""Copies of the archive build (tests/conftest.py `archive_build`) to damage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from layout.build import BuildResult


@pytest.fixture
def stored(archive_build: BuildResult, tmp_path: Path) -> Path:
    """A copy of that build's output folder (`out`, holding `archive/`), free to damage."""
    out = tmp_path / "stored" / "out"
    shutil.copytree(archive_build.issue_pdf.parent.parent, out)
    return out
