"""The sample issue built once in the epaper variant, shared by the publishing tests; the
headless Chromium of the desk's tests; reading pages back with PDFium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from layout.build import BuildResult, build_issue
from tests.conftest import SAMPLE
from tests.desk.conftest import browser  # noqa: F401 - the one way tests drive Chromium

ALTO = "{http://www.loc.gov/standards/alto/ns-v4#}"


@pytest.fixture(scope="session")
def epaper_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """`layout build SAMPLE --variant epaper`, once for every test that only reads it."""
    return build_issue(SAMPLE, tmp_path_factory.mktemp("epaper") / "out", variant="epaper")


@pytest.fixture(scope="session")
def site(epaper_build: BuildResult) -> Path:
    """The e-paper's folder."""
    return epaper_build.issue_pdf.parent


def pdf_page_text(pdf: Path) -> str:
    """What PDFium reads from the first page of `pdf`, every character it finds."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


def without_space(text: str) -> str:
    return re.sub(r"\s+", "", text)
