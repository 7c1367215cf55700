"""The print variant, read back as a printing plant would: PDF/X, CMYK, ink, boxes, plates;
photos as every variant prints them; preflight of files that are not good PDFs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy
import pdfplumber
import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from layout.build import BuildResult, build_issue, prepare_render
from layout.cli import main
from layout.errors import UnreadablePdfError
from layout.pdfcheck.preflight import preflight
from layout.variants.table import VARIANTS
from tests.conftest import ROOT, replace_in
from tests.pdftools import PT_PER_MM, page_boxes, run
from tests.render.test_photos import eight_bit, gradient16, write_png16

ARTIFACTS = ROOT / "tests" / "_artifacts"


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

    (warning,) = [w for w in result.warnings if w.startswith("photos/small.jpg: ")]
    assert "ppi at placed size on page 2" in warning
    assert warning in json.loads(result.report.read_text(encoding="utf-8"))["warnings"]
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


def test_sixteen_bit_photos_show_their_gradients_in_the_proof(issue_dir: Path, tmp_path: Path):
    grey, colour = gradient16(), gradient16(width=128, colour=True)
    write_png16(issue_dir / "photos" / "grey16.png", grey)
    write_png16(issue_dir / "photos" / "colour48.png", colour)
    issue_toml = issue_dir / "issue.toml"
    replace_in(issue_toml, '"photos/geyong-bisai.jpg"', '"photos/grey16.png"')
    replace_in(issue_toml, '"photos/bangfu-kanwang.jpg"', '"photos/colour48.png"')

    result = subprocess.run([sys.executable, "-m", "layout", "build", str(issue_dir),
                             "--out", str(tmp_path / "out")], capture_output=True, text=True,
                            check=False)

    assert result.returncode == 0, result.stderr
    images = tmp_path / "images"
    images.mkdir()
    run("pdfimages", "-png", tmp_path / "out" / "issue.pdf", images / "img")
    shown = {}
    for png in sorted(images.glob("img-*.png")):
        with Image.open(png) as image:
            shown[image.mode] = numpy.asarray(image)
    assert_pixels(shown.get("L"), eight_bit(grey), "grey16")
    assert_pixels(shown.get("RGB"), eight_bit(colour), "colour48")
    # Both are small for their frames: under 150 ppi, which the proof says too.
    warnings = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))["warnings"]
    for name in ("photos/grey16.png", "photos/colour48.png"):
        (warning,) = [w for w in warnings if w.startswith(f"{name}: ")]
        assert f"warning: {warning}" in " ".join(result.stderr.split())


def assert_pixels(actual: numpy.ndarray | None, expected: numpy.ndarray, name: str) -> None:
    """`actual` is `expected` give or take 1; if not, both are left in tests/_artifacts."""
    assert actual is not None, f"{name}: no such picture in the PDF"
    if actual.shape == expected.shape and numpy.abs(actual.astype(int) - expected).max() <= 1:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    Image.fromarray(actual).save(ARTIFACTS / f"{name}-actual.png")
    Image.fromarray(expected).save(ARTIFACTS / f"{name}-expected.png")
    raise AssertionError(f"{name}: the printed pixels differ; see {ARTIFACTS}")


@pytest.mark.parametrize("variant", ["proof", "print", "archive"])
def test_a_one_pixel_photo_is_warned_in_every_variant(issue_dir: Path, variant: str):
    Image.new("RGB", (1, 1), (90, 90, 90)).save(issue_dir / "photos" / "dot.png")
    replace_in(issue_dir / "issue.toml", '"photos/geyong-bisai.jpg"', '"photos/dot.png"')

    job = prepare_render(issue_dir, VARIANTS[variant])

    (warning,) = job.photo_warnings
    assert warning.startswith("photos/dot.png: less than 1 ppi at placed size on page 2, "
                              "under the paper's minimum of 150")


# --------------------------------------------------------------------------- files preflight
# cannot read: a clear message naming the file, exit 8 (docs/output.md), never 70.


def tiny_pdf(path: Path, **save: object) -> Path:
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(200, 200))
        pdf.save(path, **save)
    return path


def cut_short(path: Path) -> Path:
    path.write_bytes(tiny_pdf(path).read_bytes()[:300])
    return path


NOT_PDFS = {
    "text": (lambda p: p.write_text("这不是 PDF\n", "utf-8"), "not a PDF"),
    "empty": (lambda p: p.write_bytes(b""), "the file is empty"),
    "truncated": (cut_short, "damaged or cut short"),
    "encrypted": (lambda p: tiny_pdf(p, encryption=pikepdf.Encryption(owner="o", user="u")),
                  "encrypted with a password"),
}


@pytest.mark.parametrize("kind", NOT_PDFS)
def test_preflight_says_what_is_wrong_with_a_file_it_cannot_read(tmp_path: Path, kind: str):
    make, reason = NOT_PDFS[kind]
    pdf = tmp_path / "advert.pdf"
    make(pdf)

    result = CliRunner().invoke(main, ["preflight", str(pdf)])

    assert result.exit_code == UnreadablePdfError.exit_code == 8, result.stderr
    message = " ".join(result.stderr.split())
    assert f"error: {pdf}: {reason}" in message
    assert "internal error" not in message


def test_preflight_refuses_an_encrypted_pdf_it_can_open(tmp_path: Path):
    pdf = tiny_pdf(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(owner="o", user=""))
    errors = preflight(pdf).errors
    assert any(f.subject == "encryption" for f in errors), errors


def test_preflight_refuses_a_pdf_without_pages(tmp_path: Path):
    pdf = tmp_path / "blank.pdf"
    with pikepdf.new() as document:
        document.save(pdf)
    errors = preflight(pdf).errors
    assert any(f.subject == "pages" for f in errors), errors
