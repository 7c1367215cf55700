"""Building copies of the sample: hostile text, overflow, template overrides, atomic output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from layout.build import build_issue
from layout.errors import FitError, FontError, UnsafePathError
from layout.manifest.check import check_issue
from tests.conftest import replace_in
from tests.pdftools import module_text, pdftotext

HOSTILE = "<script>alert(1)</script>{{ 7*7 }}{% raw %}<b>粗</b>&amp;"


def test_markup_and_template_syntax_in_articles_print_literally(issue_dir: Path, tmp_path: Path):
    article = issue_dir / "articles" / "baiying-geyong.md"
    replace_in(article, "为庆祝中国共产党成立100周年，", f"为庆祝{HOSTILE}，")
    replace_in(article, "title: 图说新闻", 'title: "图说{{ title }}新闻"\nnormalise: false')

    result = build_issue(issue_dir, tmp_path / "out", allow_overflow=True)  # longer now

    text = "".join(module_text(result.report, result.issue_pdf, "baiying-geyong").split())
    assert "".join(HOSTILE.split()) in text
    assert "图说{{title}}新闻" in text
    assert "49" not in text


def test_an_article_too_long_for_its_frame_fails_the_build_naming_it(
        issue_dir: Path, tmp_path: Path, chinese: None):
    article = issue_dir / "articles" / "chezhan-duanwu.md"
    body = article.read_text(encoding="utf-8")
    article.write_text(body + "\n" + body.split("---\n", 2)[2], encoding="utf-8")

    with pytest.raises(FitError) as caught:
        build_issue(issue_dir, tmp_path / "out")

    message = str(caught.value)
    where = "第1版 弘扬传统文化 增进邻里情感 (chezhan-duanwu.md)"
    assert f"{where}：正文放不下，超 " in message
    assert not (tmp_path / "out" / "issue.pdf").exists()


def test_a_failed_build_leaves_the_last_good_pdf_in_place(issue_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    good = build_issue(issue_dir, out).issue_pdf.read_bytes()
    long_crosshead = "## " + "很长的小标题" * 40
    replace_in(issue_dir / "articles" / "xunchao-jishi.md", "## 党建引领", long_crosshead)

    with pytest.raises(FitError):
        build_issue(issue_dir, out)

    assert (out / "issue.pdf").read_bytes() == good
    assert not list(out.rglob("*.tmp"))


def override_template(paper_dir: Path, name: str, text: str) -> None:
    """Give the paper a templates folder holding `name`, and point paper.toml at it."""
    (paper_dir / "templates").mkdir(exist_ok=True)
    (paper_dir / "templates" / name).write_text(text, encoding="utf-8")
    replace_in(paper_dir / "paper.toml", "[page]", 'templates = "templates"\n\n[page]')


def test_a_paper_can_override_a_template(issue_dir: Path, tmp_path: Path):
    folio = '<footer class="folio" style="{{ sheet.folio | rect }}">本报自定报尾</footer>'
    override_template(issue_dir.parent, "folio.html", folio)

    result = build_issue(issue_dir, tmp_path / "out")

    assert "本报自定报尾" in pdftotext(result.issue_pdf, page=2)


def test_a_template_reaching_for_the_network_stops_the_build(issue_dir: Path, tmp_path: Path):
    override_template(issue_dir.parent, "folio.html",
                      '<img src="https://example.com/pixel.png" style="{{ sheet.folio | rect }}">')

    with pytest.raises(UnsafePathError, match="example.com"):
        build_issue(issue_dir, tmp_path / "out")
    assert not (tmp_path / "out" / "issue.pdf").exists()


@pytest.mark.parametrize("char", [
    "♔",   # DejaVu has it: it would print in a fallback font
    "ऄ",   # no font here has it: it would print as an empty box
    "😀",
])
def test_characters_no_locked_font_has_fail_check_and_build_naming_them(
        issue_dir: Path, tmp_path: Path, char: str):
    article = issue_dir / "articles" / "baiying-geyong.md"
    replace_in(article, "为庆祝", f"为庆祝{char}")
    expected = f"{article}: no locked font has {char} (U+{ord(char):04X})"

    with pytest.raises(FontError) as caught:
        check_issue(issue_dir)
    assert expected in str(caught.value)
    with pytest.raises(FontError) as caught:
        build_issue(issue_dir, tmp_path / "out")
    assert expected in str(caught.value)
    assert not (tmp_path / "out" / "issue.pdf").exists()


def test_a_name_with_a_variation_selector_prints_as_written(issue_dir: Path, tmp_path: Path):
    """葛 followed by VS17 (U+E0100) asks for a form of 葛 that Noto has among its
    variation sequences: not a character without a glyph. It extracts as written."""
    replace_in(issue_dir / "articles" / "baiying-geyong.md", "为庆祝", "葛\U000E0100氏为庆祝")
    result = build_issue(issue_dir, tmp_path / "out", variant="archive")
    assert "葛\U000E0100氏" in module_text(result.report, result.issue_pdf, "baiying-geyong")
    alto = (result.issue_pdf.parent / "alto" / "02.xml").read_text(encoding="utf-8")
    assert 'CONTENT="葛\U000E0100"' in alto   # one String: the selector is no word of its own


def test_a_name_outside_the_bmp_prints_in_a_locked_font(issue_dir: Path, tmp_path: Path):
    replace_in(issue_dir / "articles" / "baiying-geyong.md", "为庆祝", "吉𠮷为庆祝")
    result = build_issue(issue_dir, tmp_path / "out")
    assert "𠮷" in module_text(result.report, result.issue_pdf, "baiying-geyong")


@pytest.mark.parametrize("variant", ["proof", "print"])
def test_a_build_leaves_nothing_in_the_temporary_folder(issue_dir: Path, tmp_path: Path,
                                                        variant: str):
    """WeasyPrint copies the fonts into a temporary folder and left its removal to a
    finaliser an ending process need not run: 140 MB left behind by every build, until
    the disk was full."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {**os.environ, "TMPDIR": str(temporary),
                   "LAYOUT_CACHE_DIR": str(tmp_path / "cache")}   # every page laid out
    result = subprocess.run([sys.executable, "-m", "layout", "build", str(issue_dir),
                             "--out", str(tmp_path / "out"), "--variant", variant],
                            capture_output=True, text=True, env=environment, check=False)
    assert result.returncode == 0, result.stderr
    assert list(temporary.iterdir()) == []


def test_the_red_outline_of_an_article_over_is_drawn_around_its_text_not_over_it(
        issue_dir: Path, tmp_path: Path):
    """In a proof, an article that does not fit is outlined in red: around the module,
    leaving the characters at its edges whole."""
    import re

    from PIL import Image

    article = issue_dir / "articles" / "chezhan-duanwu.md"
    body = article.read_text(encoding="utf-8")
    article.write_text(body + "\n" + body.split("---\n", 2)[2], encoding="utf-8")
    # The module below opens with a photo, which is painted after the module above.
    replace_in(issue_dir / "articles" / "renshe-chuangye.md", "kicker: 县人社局\n", "")
    replace_in(issue_dir / "issue.toml",
               'place = { column = 5, span = 2, top = 41, lines = 26 }\nhead_lines = 3\n',
               'place = { column = 5, span = 2, top = 41, lines = 26 }\nhead_lines = 3\n'
               'vertical_title = true\n\n[pages.articles.photo]\n'
               'source = "photos/bangfu-kanwang.jpg"\nlines = 10\ncaption = "图片"\n')
    result = build_issue(issue_dir, tmp_path / "out", allow_overflow=True)
    html = result.issue_pdf.with_name("issue.html").read_text(encoding="utf-8")
    box = re.search(r'class="overset" style="left: ([\d.]+)mm; top: ([\d.]+)mm; '
                    r'width: ([\d.]+)mm; height: ([\d.]+)mm', html)
    assert box, "the proof outlines the article over"
    left, top, width, height = map(float, box.groups())
    dpi = 300
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-singlefile",
                    str(result.issue_pdf), str(tmp_path / "page")], check=True)
    page = Image.open(tmp_path / "page.png").convert("RGB")

    def red_at(x_mm: float, y_mm: float) -> bool:
        r, g, b = page.getpixel((round(x_mm / 25.4 * dpi), round(y_mm / 25.4 * dpi)))
        return r > 180 and g < 90 and b < 90

    middle, right, bottom = top + height / 2, left + width, top + height
    # Where the first column's lines begin and the last column's end: black on white.
    inside = [red_at(left + d, middle) or red_at(right - d, middle) for d in (0.1, 0.3, 0.45)]
    outside = [red_at(left - d, middle) and red_at(right + d, middle) for d in (0.15, 0.3)]
    assert not any(inside) and all(outside), (inside, outside)
    # Whole along its top, and along its bottom over the photo below.
    along = [left + width * k / 8 for k in range(1, 8)]
    assert all(red_at(x, top - 0.25) and red_at(x, bottom + 0.25) for x in along)
