"""Article files: front matter and a plain Markdown body."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.errors import Problem
from layout.manifest.articles import parse_body, read_article


def test_body_keeps_markup_and_template_syntax_as_text():
    blocks = parse_body("<script>alert(1)</script> {{ 7*7 }} *星号* a_b_c\n\n## 小标题\n\n第二段")
    assert [b.kind for b in blocks] == ["paragraph", "crosshead", "paragraph"]
    assert blocks[0].lines == ("<script>alert(1)</script> {{ 7*7 }} *星号* a_b_c",)


def test_hard_wrapped_paragraph_keeps_its_lines_for_the_typesetter():
    (block,) = parse_body("投入专兼职巡察干部2300余\n名，组织开展15轮常规巡察")
    assert block.lines == ("投入专兼职巡察干部2300余", "名，组织开展15轮常规巡察")


@pytest.mark.parametrize("body", ["# 1号楼已封顶。", "### 三个井号", "#\t制表符", "##没有空格",
                                  "##", "本段第一行\n# 第二行以井号开头"])
def test_a_hash_prints_unless_it_marks_a_crosshead(body: str):
    """Only `## ` and text is a crosshead: `# 1号楼` had become the crosshead 1号楼."""
    assert [(block.kind, block.lines) for block in parse_body(body)] == [
        ("paragraph", tuple(body.split("\n")))]


def test_a_crosshead_is_the_text_after_its_marks_as_written():
    blocks = parse_body("正文\n## 标题 #话题 ##\n下一段")
    assert [(block.kind, block.lines) for block in blocks] == [
        ("paragraph", ("正文",)), ("crosshead", ("标题 #话题 ##",)), ("paragraph", ("下一段",))]


@pytest.mark.parametrize(("head", "line", "said"), [
    ("title: 测试一 #话题", 2, "“#话题” is a YAML comment and would not be printed"),
    ("title: 标题\nsubtitle: ——我为群众办实事 #党史学习教育#", 3, "“#党史学习教育#” is a YAML"),
    ("title: 标题\nkicker: ~", 3, "~ is YAML for no value: nothing would be printed"),
])
def test_front_matter_that_yaml_would_read_as_less_is_refused(
        tmp_path: Path, head: str, line: int, said: str):
    path = tmp_path / "item.md"
    path.write_text(f"---\n{head}\n---\n\n正文。\n", encoding="utf-8")
    problems: list[Problem] = []
    assert read_article(path, problems) is None
    (problem,) = problems
    assert problem.line == line and said in problem.message
    assert str(problem).startswith(f"{path} line {line}: ")


def test_quoted_hashes_and_notes_in_front_matter_are_read(tmp_path: Path):
    path = tmp_path / "item.md"
    head = '# 记者手记：待核实\ntitle: "测试一 #话题"\nkicker: 话题#1'
    path.write_text(f"---\n{head}\n---\n\n正文。\n", encoding="utf-8")
    article = read_article(path, [])
    assert (article.title, article.kicker) == ("测试一 #话题", "话题#1")


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_windows_and_old_mac_line_endings_read_as_lines(tmp_path: Path, ending: str):
    text = "---\ntitle: 标题\n---\n\n第一段，\n接着写。\n\n## 小标题\n\n第二段。\n"
    (tmp_path / "lf.md").write_text(text, encoding="utf-8")
    (tmp_path / "other.md").write_bytes(text.replace("\n", ending).encode())
    lf, other = (read_article(tmp_path / name, []) for name in ("lf.md", "other.md"))
    assert other is not None and lf is not None
    assert (other.title, other.blocks) == (lf.title, lf.blocks)


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
    assert [str(p) for p in problems] == [f"{path}: front matter.title: is required: add it"]


def test_broken_yaml_is_a_problem_not_a_crash(tmp_path: Path):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\n正文\n", encoding="utf-8")
    problems: list[Problem] = []
    assert read_article(path, problems) is None
    assert problems[0].key == "front matter"
    assert "is not valid YAML" in problems[0].message


def problem_of(tmp_path: Path, data: bytes, limit: int = 100_000) -> str:
    path = tmp_path / "item.md"
    path.write_bytes(data)
    problems: list[Problem] = []
    assert read_article(path, problems, limit) is None
    (problem,) = problems
    return str(problem)


ARTICLE = "---\ntitle: 标题\n---\n\n正文，第一段。\n"


def test_a_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "item.md"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode())
    article = read_article(path, [])
    assert article is not None and article.title == "标题"


@pytest.mark.parametrize(("data", "said"), [
    (b"", "is empty: an article starts with front matter between two --- lines"),
    (b"  \n\n", "is empty"),
    ("---\ntitle: 标题\n\n正文。\n".encode(), "the front matter opened by --- on line 1 is "
                                               "never closed: add a line ---"),
    ("正文，没有标题。\n".encode(), "has no front matter: start it with a line ---"),
    ("---\ntitle: 标题\n---\n".encode(), "has a headline but no text"),
])
def test_a_broken_article_says_what_is_wrong(tmp_path: Path, data: bytes, said: str):
    assert said in problem_of(tmp_path, data)


def test_an_article_in_gb18030_names_the_encoding_and_the_command(tmp_path: Path):
    text = ARTICLE + "全县共发现各类问题5154个，挽回经济损失350万元，移交问题线索227个。\n"
    said = problem_of(tmp_path, text.encode("gb18030"))
    assert "is not UTF-8 text: it looks like GB18030" in said
    assert "iconv -f GB18030 -t UTF-8" in said


def test_an_article_past_the_papers_limit_is_refused_before_it_is_read(tmp_path: Path):
    said = problem_of(tmp_path, (ARTICLE + "长" * 5000).encode(), limit=2000)
    assert "more than the 2,000 an article may have" in said
    assert "[limits] article_characters" in said


@pytest.mark.parametrize(("line", "value", "offset", "column"), [
    ("kicker: 他说,好", "他说,好", 2, 11),
    ('kicker: "他说\\"汤阴\\"好,是"', '他说"汤阴"好,是', 7, 19),
    ("kicker: '巡察''整改'',好'", "巡察'整改',好", 6, 18),
])
def test_a_front_matter_value_maps_to_its_columns_in_the_file(tmp_path: Path, line: str,
                                                              value: str, offset: int,
                                                              column: int):
    path = tmp_path / "item.md"
    path.write_text(f"---\n{line}\ntitle: 标题\n---\n\n正文。\n", encoding="utf-8")
    article = read_article(path, [])
    assert article.kicker == value
    assert value[offset] == ","
    assert article.origin_of("kicker", offset) == (2, column)
    assert line[column - 1] == ","


def test_a_folded_front_matter_value_maps_to_the_lines_below(tmp_path: Path):
    path = tmp_path / "item.md"
    front = "title: 标题\nsubtitle: >-\n  ——十三届汤阴县委\n  巡察,纪实"
    path.write_text(f"---\n{front}\n---\n\n正文。\n", encoding="utf-8")
    article = read_article(path, [])
    offset = article.subtitle.index(",")
    assert article.origin_of("subtitle", offset) == (5, 5)


def test_a_line_separator_in_the_body_does_not_shift_later_lines(tmp_path: Path):
    path = tmp_path / "item.md"
    path.write_text("---\ntitle: 标题\n---\n\n第一段\u2028还是第一段。\n\n第二段,好。\n",
                    encoding="utf-8")
    article = read_article(path, [])
    assert article.blocks[1].origins == ((7, 1),)
