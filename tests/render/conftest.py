"""The sample issue's print plates, built once a session in each PDF/X variant, side by side
in one output folder as a build leaves them; and what the page cache's tests share: a
cache of their own, the pages WeasyPrint lays out, an output set's bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.build import BuildResult, build_issue
from layout.render import pages
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


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LAYOUT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML of each page WeasyPrint lays out in this process."""
    calls: list[str] = []
    original = pages.lay_out_page

    def counted(job: pages.PageJob, fonts: object = None) -> pages.RenderedPage:
        calls.append(job.html)
        return original(job, fonts)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "lay_out_page", counted)
    return calls


def outputs(folder: Path) -> dict[str, bytes]:
    """Every file of an output set by its path in it, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}
