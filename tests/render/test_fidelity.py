"""What is printed is what the desk wrote: the PDF's text equals the source after the
changes report.json lists, each at the file, line and column where it was made."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import frontmatter
import pytest

from layout.build import BuildResult
from tests.conftest import LITERAL, SAMPLE, STRESS
from tests.pdftools import run

BUILDS = [("sample_build", SAMPLE), ("stress_build", STRESS), ("literal_build", LITERAL)]
HEAD_FIELDS = ("kicker", "title", "subtitle", "byline")


def listed_changes(build: BuildResult) -> dict[str, list[dict]]:
    """report.json's normalisation changes by article file, each listed once."""
    report = json.loads(build.report.read_text(encoding="utf-8"))
    changes: dict[str, list[dict]] = defaultdict(list)
    for page in report["pages"]:
        for module in page["modules"]:
            if not module["continues"]:
                changes[module["source"]] += module["normalised"]
    return changes


def with_changes(path: Path, changes: list[dict]) -> str:
    """The file's text with the listed changes made, checking each stands where listed."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for change in sorted(changes, key=lambda c: (c["line"], c["column"]), reverse=True):
        line, start = lines[change["line"] - 1], change["column"] - 1
        assert line[start:start + len(change["before"])] == change["before"], change
        lines[change["line"] - 1] = line[:start] + change["after"] + \
            line[start + len(change["before"]):]
    return "\n".join(lines)


def printed(pdf: Path) -> str:
    return run("pdftotext", "-raw", pdf, "-").replace("\n", "")


def occurrences(text: str, page_text: str) -> int:
    """How often `text` stands in the page's text, a source space allowed to vanish at a
    line end and nothing else to differ."""
    # An ideographic space is drawn as a blank one em wide: text extraction reads a space.
    pattern = "".join(" ?" if char == " " else " " if char == "\u3000" else re.escape(char)
                      for char in text)
    return len(re.findall(pattern, page_text))


def joined(lines) -> str:
    """A hard-wrapped paragraph as the desk means it: lines run together, a space kept
    only between two lines of Latin text."""
    text = ""
    for line in lines:
        latin = text and unicodedata.east_asian_width(text[-1]) in "NaH" \
            and unicodedata.east_asian_width(line[0]) in "NaH" and text[-1] not in "“”‘’—…"
        text += (" " if latin else "") + line
    return text


def expected_texts(article: str) -> list[str]:
    """The headline parts and every paragraph of an article file, its dateline run in."""
    post = frontmatter.loads(article)
    texts = [str(post[field]) for field in HEAD_FIELDS if field in post.metadata]
    blocks = [b for b in re.split(r"\n\s*\n", post.content.strip())]
    dateline = str(post["dateline"]) if "dateline" in post.metadata else ""
    for block in blocks:
        if block.startswith("#"):
            texts.append(block.lstrip("# ").strip())
            continue
        texts.append(dateline + joined(line.strip() for line in block.split("\n")))
        dateline = ""
    return texts


@pytest.mark.parametrize(("build", "issue"), BUILDS)
def test_the_pdf_prints_the_source_with_the_listed_changes_and_nothing_else(
        build: str, issue: Path, request: pytest.FixtureRequest):
    result = request.getfixturevalue(build)
    page_text = printed(result.issue_pdf)
    changes = listed_changes(result)
    for article in sorted((issue / "articles").glob("*.md")):
        source = with_changes(article, changes[f"articles/{article.name}"])
        for text in expected_texts(source):
            assert occurrences(text, page_text) >= 1, f"{article.name}: not printed: {text}"


@pytest.mark.parametrize(("build", "issue"), BUILDS)
def test_every_body_paragraph_is_printed_once(build: str, issue: Path,
                                              request: pytest.FixtureRequest):
    result = request.getfixturevalue(build)
    page_text = printed(result.issue_pdf)
    changes = listed_changes(result)
    for article in sorted((issue / "articles").glob("*.md")):
        source = with_changes(article, changes[f"articles/{article.name}"])
        for text in expected_texts(source)[len(HEAD_FIELDS):]:
            if len(text) > 20:  # short crossheads may repeat in a jump head
                assert occurrences(text, page_text) == 1, f"{article.name}: {text[:30]}"


def test_literal_text_is_printed_as_written(literal_build: BuildResult):
    page_text = printed(literal_build.issue_pdf)
    for literal in ["——十三届汤阴县委巡察工作纪实", "他说——这是", "……一个字也不",
                    "他又说：“好。”“不好。”她说。",
                    "https://www.tangyin.gov.cn/news/2021/0801.html?id=3,page=2",
                    "editor@tangyin.gov.cn", "web-master@news.example.com,",
                    "/etc/newspaper/paper.toml,", "../../etc/passwd", r"C:\Users\desk",
                    "&amp;与&lt;b&gt;,", "{{ title }}", "{% if page %},", "<tag>",
                    '<b class="x">粗体</b>', "3.6亿元", "41.7%,", "10:30", "1,800人",
                    "v2.0.1", """He said "hello world" and 'goodbye' to the team, and it's""",
                    "2021—2025年", "北京—上海", "巡察-整改"]:
        assert literal in page_text, literal
    assert "□□" not in page_text
    html = (literal_build.issue_pdf.parent / "issue.html").read_text(encoding="utf-8")
    assert "□本报记者\u3000郭凡" in html, "the ideographic space is set as typed"
    assert "———" not in page_text


def test_only_the_marks_between_chinese_text_were_changed(literal_build: BuildResult):
    changes = listed_changes(literal_build)
    assert {(c["before"], c["after"]) for c in changes["articles/gaojian.md"]} == {
        (",", "，"), (".", "。"), (";", "；"), ("!", "！"), ("...", "……"), ("。。。", "……"),
        ("--", "——"), ("(", "（"), (")", "）")}
    for change in changes["articles/yuanwen.md"]:
        assert change["before"] in ",:\"'", change
