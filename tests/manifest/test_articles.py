"""Article files: front matter and a plain Markdown body."""

from __future__ import annotations

from pathlib import Path

from layout.errors import Problem
from layout.manifest.articles import parse_body, read_article


def test_body_keeps_markup_and_template_syntax_as_text():
    blocks = parse_body("<script>alert(1)</script> {{ 7*7 }} *星号* a_b_c\n\n## 小标题\n\n第二段")
    assert [b.kind for b in blocks] == ["paragraph", "crosshead", "paragraph"]
    assert blocks[0].lines == ("<script>alert(1)</script> {{ 7*7 }} *星号* a_b_c",)


def test_hard_wrapped_paragraph_keeps_its_lines_for_the_typesetter():
    (block,) = parse_body("投入专兼职巡察干部2300余\n名，组织开展15轮常规巡察")
    assert block.lines == ("投入专兼职巡察干部2300余", "名，组织开展15轮常规巡察")


def test_front_matter_gives_the_headline_parts(tmp_path: Path):
    path = tmp_path / "item.md"
    head = "kicker: 县住建局\ntitle: 标题\ndateline: 本报讯（记者 郭凡）"
    path.write_text(f"---\n{head}\n---\n\n正文。\n", encoding="utf-8")
    article = read_article(path, [])
    assert article.kicker == "县住建局"
    assert article.title == "标题"
    assert article.dateline == "本报讯（记者 郭凡）"
    assert article.id == "item"


def test_missing_title_and_empty_body_are_problems(tmp_path: Path):
    path = tmp_path / "bad.md"
    path.write_text("---\nsubtitle: ——副题\n---\n", encoding="utf-8")
    problems: list[Problem] = []
    assert read_article(path, problems) is None
    assert [str(p) for p in problems] == [f"{path}: front matter.title: required key is missing"]


def test_broken_yaml_is_a_problem_not_a_crash(tmp_path: Path):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\n正文\n", encoding="utf-8")
    problems: list[Problem] = []
    assert read_article(path, problems) is None
    assert problems[0].key == "front matter"
    assert "is not valid YAML" in problems[0].message
