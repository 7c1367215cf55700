"""The print variant, read back as a printing plant would: PDF/X, CMYK, ink, boxes, plates."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from layout.build import BuildResult, build_issue
from layout.preflight import preflight
from tests.conftest import SAMPLE, replace_in
from tests.pdftools import PT_PER_MM, page_boxes, run


@pytest.fixture(scope="session")
def print_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_issue(SAMPLE, tmp_path_factory.mktemp("print") / "out", variant="print")


def test_the_print_plates_pass_preflight(print_build: BuildResult):
    for pdf in [print_build.issue_pdf, *print_build.page_pdfs]:
        report = preflight(pdf)
        assert report.passed, "\n".join(str(f) for f in report.findings)


def test_plates_are_named_by_the_papers_pattern(print_build: BuildResult):
    assert [p.name for p in print_build.page_pdfs] == ["TY20210615A01.pdf", "TY20210615A02.pdf"]
    assert print_build.issue_pdf.parent.name == "print"


def test_images_are_cmyk_or_grey_at_150_ppi_or_more(print_build: BuildResult):
    listing = run("pdfimages", "-list", print_build.issue_pdf).splitlines()[2:]
    assert len(listing) == 2
    for line in listing:
        fields = line.split()
        assert fields[5] in ("cmyk", "gray"), line
        assert min(float(fields[12]), float(fields[13])) >= 150, line


def test_total_ink_stays_within_the_limit(print_build: BuildResult):
    # Ghostscript's CMYK rendering of the trim, every pixel: the maximum C+M+Y+K.
    report = preflight(print_build.issue_pdf)
    assert 150 < max(report.max_ink.values()) <= 220


def test_trim_and_bleed_boxes(print_build: BuildResult):
    boxes = page_boxes(print_build.page_pdfs[0])
    width, height, bleed = 250 * PT_PER_MM, 350 * PT_PER_MM, 3 * PT_PER_MM
    assert boxes["TrimBox"] == pytest.approx([0, 0, width, height], abs=0.02)
    assert boxes["BleedBox"] == pytest.approx([-bleed, -bleed, width + bleed, height + bleed],
                                              abs=0.02)


def test_text_is_black_ink_alone_and_declared_pdfx(print_build: BuildResult):
    info = run("pdfinfo", print_build.issue_pdf)
    assert "PDF version:     1.4" in info
    with pdfplumber.open(print_build.issue_pdf) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    body = {tuple(c["non_stroking_color"]) for c in chars if round(c["size"], 1) == 9.0
            and "Song" in c["fontname"]}
    assert body == {(0.0, 0.0, 0.0, 1.0)}
    for char in chars:
        c, m, y, k = char["non_stroking_color"]
        assert not (k > 0 and c + m + y > 0), f"rich black: {char['text']}"


def test_a_low_resolution_rgb_photo_is_named(issue_dir: Path, tmp_path: Path):
    small = issue_dir / "photos" / "small.jpg"
    Image.new("RGB", (120, 120), (200, 40, 40)).save(small, dpi=(72, 72))
    replace_in(issue_dir / "issue.toml", '"photos/geyong-bisai.jpg"', '"photos/small.jpg"')

    result = build_issue(issue_dir, tmp_path / "out", variant="print")

    assert any(w.startswith("small.jpg: ") and "ppi" in w for w in result.warnings)
    report = preflight(result.issue_pdf)
    assert not report.passed
    (finding,) = [f for f in report.errors if f.subject.startswith("image")]
    assert finding.page == 2 and finding.subject.startswith("image") and "cmyk" in finding.subject
    assert max(map(int, re.findall(r"(\d+)x(\d+) px", finding.subject)[0])) == 120
    assert "under 150" in finding.message


def test_an_rgb_pdf_from_elsewhere_is_rejected_with_the_reasons(sample_build: BuildResult):
    result = subprocess.run([sys.executable, "-m", "layout", "preflight",
                             str(sample_build.issue_pdf)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    for reason in ("not a PDF/X file", "no PDF/X output intent", "RGB", "rgb image"):
        assert reason in result.stdout, reason


def test_a_black_only_page_gets_photos_in_black_ink(issue_dir: Path, tmp_path: Path):
    replace_in(issue_dir / "issue.toml", 'name = "综合新闻"', 'name = "综合新闻"\ncolour = false')
    result = build_issue(issue_dir, tmp_path / "out", variant="print")
    folder = tmp_path / "images"
    folder.mkdir()
    run("pdfimages", "-j", result.page_pdfs[1], folder / "img")
    for image_file in folder.glob("img-*"):
        with Image.open(image_file) as image:
            assert image.mode == "CMYK"
            c, m, y, k = image.split()
            assert c.getextrema() == m.getextrema() == y.getextrema() == (0, 0)
            assert k.getextrema()[1] > 100


def test_the_print_variant_is_the_same_bytes_twice(tmp_path: Path):
    first = build_issue(SAMPLE, tmp_path / "a", variant="print")
    second = build_issue(SAMPLE, tmp_path / "b", variant="print")
    assert first.issue_pdf.read_bytes() == second.issue_pdf.read_bytes()
