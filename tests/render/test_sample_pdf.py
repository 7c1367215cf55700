"""The sample issue's PDF, read back as a printer and an editor would."""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from pathlib import Path

import frontmatter
import pdfplumber
import pytest
from PIL import Image

from layout.build import BuildResult
from tests.conftest import SAMPLE
from tests.pdftools import (
    PT_PER_MM,
    embedded_fonts,
    han_count,
    page_boxes,
    pdftotext,
    printed_in,
    run,
)


def report(build: BuildResult) -> dict:
    return json.loads(build.report.read_text(encoding="utf-8"))


def module_sources(module: dict) -> str:
    """All the text a module prints, from its sources: the article file and the photo slot."""
    text = (SAMPLE / module["source"]).read_text(encoding="utf-8")
    manifest = tomllib.loads((SAMPLE / "issue.toml").read_text(encoding="utf-8"))
    page, article = _indices(module["key"])
    photo = manifest["pages"][page]["articles"][article].get("photo", {})
    return text + photo.get("caption", "") + photo.get("credit", "")


def printed_title(article: Path) -> str:
    return frontmatter.loads(article.read_text(encoding="utf-8"))["title"]


def _indices(key: str) -> tuple[int, int]:
    """'pages[1].articles[3]' -> (1, 3)."""
    page, article = key.split(".")
    return int(page[6:-1]), int(article[9:-1])


def test_issue_has_two_pages_of_the_paper_trim_size(sample_build: BuildResult):
    assert "Pages:           2" in run("pdfinfo", sample_build.issue_pdf)
    boxes = page_boxes(sample_build.issue_pdf)
    assert boxes["TrimBox"] == pytest.approx([0, 0, 250 * PT_PER_MM, 350 * PT_PER_MM], abs=0.01)


def test_every_font_is_embedded_and_is_a_locked_face(sample_build: BuildResult):
    fonts = embedded_fonts(sample_build.issue_pdf)
    assert fonts, "no fonts found"
    for font in fonts:
        assert (font["emb"], font["sub"], font["uni"]) == ("yes", "yes", "yes"), font
        family = font["name"].split("+", 1)[1]
        assert family.startswith(("NP-Song", "NP-Hei", "NP-Kai")), f"fallback font {family}"


def test_every_han_character_of_every_article_prints_once_in_its_modules(
        sample_build: BuildResult):
    printed: dict[str, Counter] = {}
    expected: dict[str, Counter] = {}
    for page in report(sample_build)["pages"]:
        for module in page["modules"]:
            source = module["source"]
            printed.setdefault(source, Counter())
            printed[source] += han_count(printed_in(sample_build.issue_pdf, page["number"],
                                                    module["outer"]))
            if source not in expected:
                expected[source] = han_count(module_sources(module))
            expected[source] += han_count(" ".join(module["jumps"]))
            if module["continues"] and module["head"]:  # a jump head repeats the title
                expected[source] += han_count(printed_title(SAMPLE / source))
    assert len(printed) == 6
    for source in printed:
        missing, extra = expected[source] - printed[source], printed[source] - expected[source]
        assert not missing and not extra, (source, missing, extra)


def test_all_of_the_seed_text_is_in_the_issue(sample_build: BuildResult):
    seed = Path(__file__).resolve().parents[3] / "shared" / "seed" / "county-news-page-2021-06.txt"
    if not seed.is_file():
        pytest.skip("the seed page is not beside this checkout")
    printed = han_count(pdftotext(sample_build.issue_pdf))
    assert han_count(seed.read_text(encoding="utf-8")) - printed == Counter()


def test_masthead_carries_what_the_regulator_requires(sample_build: BuildResult):
    front = pdftotext(sample_build.issue_pdf, page=1)
    for expected in ("汤阴新闻", "2021年6月15日", "星期二", "农历辛丑年五月初六", "总第1862期",
                     "本期2版", "CN 41-0000", "邮发代号", "样报"):
        assert expected in front, expected


def test_running_head_of_page_two_names_page_date_and_credits(sample_build: BuildResult):
    head = pdftotext(sample_build.issue_pdf, page=2).splitlines()[0]
    for expected in ("02", "综合新闻", "2021年6月15日", "责任编辑", "李娜", "校对", "美编"):
        assert expected in head, expected


def test_one_pdf_and_one_preview_per_page(sample_build: BuildResult):
    assert [p.name for p in sample_build.page_pdfs] == ["01.pdf", "02.pdf"]
    for pdf, png in zip(sample_build.page_pdfs, sample_build.previews, strict=True):
        assert "Pages:           1" in run("pdfinfo", pdf)
        with Image.open(png) as image:
            assert image.size == pytest.approx((709, 992), abs=1)  # 72 dpi
            assert image.getextrema() != ((255, 255), (255, 255), (255, 255))


def test_page_two_prints_both_photos(sample_build: BuildResult):
    listing = run("pdfimages", "-list", sample_build.page_pdfs[1]).splitlines()[2:]
    assert len(listing) == 2
    assert sorted(int(line.split()[3]) for line in listing) == [512, 512]


def body_lines_by_column(pdf: Path, page_number: int, module: dict) -> list[list[float]]:
    """Bottoms of the body-text lines (NP Song, body size) in each text column of a module."""
    x, y, w, h = (v * PT_PER_MM for v in module["body"])
    with pdfplumber.open(pdf) as document:
        chars = document.pages[page_number - 1].within_bbox((x - 1, y - 1, x + w + 1,
                                                             y + h + 1)).chars
    columns: dict[int, set[float]] = {}
    for char in chars:
        if "NP-Song" in char["fontname"] and round(char["size"], 1) == 9.0:
            column = int((char["x0"] - x + 2) // (w / module["columns"]))
            columns.setdefault(column, set()).add(round(char["bottom"], 2))
    return [sorted(columns[c]) for c in sorted(columns)]


def test_body_text_sits_on_one_baseline_grid_and_fills_its_columns(sample_build: BuildResult):
    leading = 13.5
    for page in report(sample_build)["pages"]:
        for module in page["modules"]:
            columns = body_lines_by_column(sample_build.issue_pdf, page["number"], module)
            first = min(column[0] for column in columns)
            for line in (line for column in columns for line in column):
                steps = (line - first) / leading
                assert steps == pytest.approx(round(steps), abs=0.02), module["source"]
            frame_bottom = (module["body"][1] + module["body"][3]) * PT_PER_MM
            # Every column but the last is full, or, in an article's balanced last part,
            # one line short at most.
            for column in columns[:-1]:
                assert column[-1] > frame_bottom - 2 * leading, module["source"]


def test_the_front_page_plate_prints_the_index_of_the_other_pages(sample_build: BuildResult):
    """今日导读 lists page 2's headlines on page 1's own PDF, which is laid out alone."""
    front = " ".join(pdftotext(sample_build.page_pdfs[0]).split())
    assert "今日导读 第2版 为民办实事 点滴见真情 “小板凳”宣讲小分队进农家 图说新闻" in front
