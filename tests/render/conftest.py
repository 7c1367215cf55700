"""The sample issue's print plates, built once a session in each PDF/X variant, side by side
in one output folder as a build leaves them."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.build import BuildResult, build_issue
from tests.conftest import SAMPLE


@pytest.fixture(scope="session")
def plates_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("plates") / "out"


@pytest.fixture(scope="session")
def print_build(plates_out) -> BuildResult:
    """PDF/X-1a:2003 plates (`--variant print`)."""
    return build_issue(SAMPLE, plates_out, variant="print")


@pytest.fixture(scope="session")
def print_x4_build(plates_out) -> BuildResult:
    """PDF/X-4 plates (`--variant print-x4`)."""
    return build_issue(SAMPLE, plates_out, variant="print-x4")
