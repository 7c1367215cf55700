"""The page engine on the sample and copies of it: copyfit, jumps, proof mode, auto-fit,
vertical titles and column rules, read back from the PDFs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from layout.build import BuildResult, build_issue
from layout.errors import FitError, ManifestError
from layout.pages.copyfit import copyfit
from layout.pages.engine import set_issue
from tests.conftest import SAMPLE, replace_in
from tests.pdftools import PT_PER_MM, embedded_fonts, pdftotext


def fit_of(issue_dir: Path, source: str) -> dict:
    issue, _, _, sheets = set_issue(issue_dir)
    (fit,) = [f for f in copyfit(sheets, issue) if f.source == source]
    return fit.as_dict()


def double_body(article: Path) -> None:
    text = article.read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    article.write_text(text + "\n" + body, encoding="utf-8")


def test_fit_reports_every_article_of_the_sample_as_fitting():
    result = subprocess.run([sys.executable, "-m", "layout", "fit", str(SAMPLE), "--json"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    fits = json.loads(result.stdout)
    assert len(fits) == 6
    assert all(f["fits"] for f in fits), fits
    lead = next(f for f in fits if f["source"] == "articles/xunchao-jishi.md")
    assert lead["pages"] == [1, 2]


def test_a_doubled_article_overflows_by_the_true_amount_and_fails_the_build(
        issue_dir: Path, tmp_path: Path, chinese: None):
    source = "articles/chezhan-duanwu.md"
    before = fit_of(issue_dir, source)
    double_body(issue_dir / source)

    after = fit_of(issue_dir, source)

    expected = 2 * before["lines"] - before["capacity_lines"]
    assert abs(after["lines_over"] - expected) <= 1, (after, before)
    assert after["verdict"] == f"超 {after['characters_over']} 字 / {after['lines_over']} 行"
    with pytest.raises(FitError) as caught:
        build_issue(issue_dir, tmp_path / "out")
    assert f"(chezhan-duanwu.md)：正文放不下，{after['verdict']}" in str(caught.value)
    cli = subprocess.run([sys.executable, "-m", "layout", "fit", str(issue_dir)],
                         capture_output=True, text=True, check=False)
    assert cli.returncode == 5 and after["verdict"] in cli.stdout


def test_proof_mode_marks_the_overflow_in_red_and_reports_it(issue_dir: Path, tmp_path: Path,
                                                            chinese: None):
    double_body(issue_dir / "articles" / "chezhan-duanwu.md")

    result = build_issue(issue_dir, tmp_path / "out", allow_overflow=True)

    assert any("chezhan-duanwu.md)：正文放不下" in w for w in result.warnings)
    report = json.loads(result.report.read_text(encoding="utf-8"))
    assert any("chezhan-duanwu.md" in w for w in report["warnings"])
    front = pdftotext(result.issue_pdf, page=1)
    assert re.search(r"超 \d+ 字 / \d+ 行", front)
    with pdfplumber.open(result.issue_pdf) as pdf:
        red = [r for r in pdf.pages[0].rects
               if (r.get("stroking_color") or r.get("non_stroking_color")) and
               _is_red(r.get("stroking_color")) or _is_red(r.get("non_stroking_color"))]
    assert red, "no red mark on the page"


def _is_red(colour) -> bool:
    return bool(colour) and len(colour) == 3 and colour[0] > 0.8 and max(colour[1:]) < 0.2


def test_jump_lines_name_the_pages_and_follow_the_manifest(sample_build: BuildResult,
                                                          issue_dir: Path, tmp_path: Path):
    assert "（下转第2版）" in pdftotext(sample_build.issue_pdf, page=1)
    assert "（上接第1版）" in pdftotext(sample_build.issue_pdf, page=2)

    # Put the lead's continuation on a page of its own, after page 2: the lines follow.
    issue_toml = issue_dir / "issue.toml"
    text = issue_toml.read_text(encoding="utf-8")
    start = text.index("[[pages.articles]]\nsource = \"articles/xunchao-jishi.md\"\n"
                       "place = { column = 1, span = 6, top = 0, lines = 18 }")
    end = text.index("[[pages.articles]]", start + 10)
    continuation = text[start:end]
    page3 = ('\n[[pages]]\nnumber = 3\nname = "转版"\neditor = "李娜"\nproofreader = "王强"\n'
             'designer = "赵敏"\n\n' + continuation)
    issue_toml.write_text(text[:start] + text[end:] + page3, encoding="utf-8")

    result = build_issue(issue_dir, tmp_path / "out", allow_overflow=True)

    assert "（下转第3版）" in pdftotext(result.issue_pdf, page=1)
    assert "（上接第1版）" in pdftotext(result.issue_pdf, page=3)


def test_a_small_overflow_is_absorbed_by_tracking_within_the_papers_limit(issue_dir: Path):
    source = "articles/renshe-chuangye.md"
    assert fit_of(issue_dir, source)["verdict"] == "正好"
    replace_in(issue_dir / source, "培育乡村振兴、县域发展新动能。",
               "培育乡村振兴、县域发展新动能，成效明显，满意。")
    paper = issue_dir.parent / "paper.toml"
    paper.write_text(paper.read_text(encoding="utf-8") + "\n[typesetting]\nautofit = 0\n",
                     encoding="utf-8")
    assert re.fullmatch(r"超 \d 字 / 1 行", fit_of(issue_dir, source)["verdict"])

    replace_in(paper, "autofit = 0", "autofit = 0.05")
    fit = fit_of(issue_dir, source)

    assert fit["fits"], fit
    assert -0.05 <= fit["tracking"] < 0


def vertical_title(issue_dir: Path) -> None:
    replace_in(issue_dir / "issue.toml",
               'source = "articles/zhujianju-xuanjiang.md"\nplace = { column = 4, span = 3, '
               'top = 18, lines = 26 }\nhead_lines = 8\ntitle_size = 26',
               'source = "articles/zhujianju-xuanjiang.md"\nplace = { column = 4, span = 3, '
               'top = 18, lines = 26 }\nhead_lines = 0\nvertical_title = true\ncolumns = 2')


def test_a_vertical_title_with_a_kicker_is_refused_not_printed_without_it(issue_dir: Path,
                                                                           tmp_path: Path):
    vertical_title(issue_dir)     # the article has a 引题, 县住建局
    with pytest.raises(ManifestError, match="vertical_title: .*kicker or subtitle"):
        build_issue(issue_dir, tmp_path / "out", allow_overflow=True)
    assert not (tmp_path / "out").exists()


def test_a_vertical_title_stands_one_character_per_line(issue_dir: Path, tmp_path: Path):
    vertical_title(issue_dir)
    replace_in(issue_dir / "articles" / "zhujianju-xuanjiang.md", "kicker: 县住建局\n", "")

    result = build_issue(issue_dir, tmp_path / "out", allow_overflow=True)

    with pdfplumber.open(result.issue_pdf) as pdf:
        title = [c for c in pdf.pages[1].chars if c["size"] > 14 and c["text"] in "小板凳宣讲队"]
    assert len(title) >= 6
    xs = {round(c["x0"]) for c in title if c["text"] != "“"}
    tops = [c["top"] for c in title]
    assert max(xs) - min(xs) <= 2, "one column"
    assert tops == sorted(tops), "top to bottom"


def test_column_rules_stand_in_the_gutters(sample_build: BuildResult):
    report = json.loads(sample_build.report.read_text(encoding="utf-8"))
    lead = report["pages"][0]["modules"][0]
    x, y, w, h = (v * PT_PER_MM for v in lead["body"])
    with pdfplumber.open(sample_build.issue_pdf) as pdf:
        rules = [r for r in pdf.pages[0].rects
                 if r["width"] < 1 and r["height"] > 100 and x < r["x0"] < x + w]
    assert len(rules) == 3  # between the lead's four columns


def test_the_flatplan_shows_every_page_and_every_articles_fit(sample_build: BuildResult):
    flatplan = sample_build.issue_pdf.parent / "flatplan.pdf"
    text = pdftotext(flatplan)
    assert "第1版" in text and "第2版" in text
    for title in ("利剑出鞘去沉痾", "为民办实事 点滴见真情", "图说新闻"):
        assert title in text, title
    assert re.search(r"(空 \d+ 行|正好)", text)
    assert all(f["emb"] == "yes" for f in embedded_fonts(flatplan))
    with pdfplumber.open(flatplan) as pdf:
        assert len(pdf.pages) == 1 and len(pdf.pages[0].images) == 2
