"""The desk's edits of issue.toml: the change made, and every other byte as written."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layout.manifest.editing import (
    NUMBERS,
    PLACE_LEAST,
    EditRefused,
    article_added,
    article_removed,
    module_values_set,
    photo_resized,
    placed,
)
from layout.manifest.load import load_issue
from layout.manifest.schema import ArticleSlot, Place
from tests.conftest import SAMPLE

TEXT = (SAMPLE / "issue.toml").read_text(encoding="utf-8")
SECOND_ON_PAGE_1 = "pages[0].articles[1]"
WITH_PHOTO = "pages[1].articles[1]"        # hanzhuang-bangfu, a photo over 2 columns
PLACE = {"column": 5, "span": 2, "top": 20, "lines": 21}
ARTICLE = "---\ntitle: 新稿件\n---\n\n正文。\n"


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines taken out, lines put in), as a reviewer's diff shows them."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return ([line[2:] for line in diff if line.startswith("- ")],
            [line[2:] for line in diff if line.startswith("+ ")])


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if "#" in line]


def written(issue_dir: Path, text: str) -> Path:
    (issue_dir / "issue.toml").write_text(text, encoding="utf-8")
    return issue_dir


# ---------------------------------------------------------------------- moving a module


def test_a_move_rewrites_only_the_modules_place_line(issue_dir: Path):
    result = placed(TEXT, SECOND_ON_PAGE_1, PLACE)
    assert changes(TEXT, result) == (
        ["place = { column = 5, span = 2, top = 15, lines = 26 }"],
        ["place = { column = 5, span = 2, top = 20, lines = 21 }"])
    assert comments(result) == comments(TEXT)
    assert "issue_number = 1862                # 总期号 (sample)" in result.splitlines()
    module = load_issue(written(issue_dir, result)).pages[0].modules[1]
    assert module.frame.key == SECOND_ON_PAGE_1
    assert module.frame.place == Place(**PLACE)


def test_a_place_written_as_a_table_is_changed_there():
    text = TEXT.replace("place = { column = 5, span = 2, top = 15, lines = 26 }\nhead_lines = 3\n",
                        "head_lines = 3\n\n[pages.articles.place]\ncolumn = 5    # 右栏\n"
                        "span = 2\ntop = 15\nlines = 26\n", 1)
    assert tomllib.loads(text)["pages"][0]["articles"][1]["place"]["top"] == 15
    result = placed(text, SECOND_ON_PAGE_1, {"column": 4, "span": 2, "top": 20, "lines": 21})
    assert changes(text, result) == (["column = 5    # 右栏", "top = 15", "lines = 26"],
                                     ["column = 4    # 右栏", "top = 20", "lines = 21"])


def test_a_place_in_millimetres_becomes_lines():
    text = TEXT.replace("top = 15, lines = 26 }", 'top = "42.5mm", lines = 26 }', 1)
    result = placed(text, SECOND_ON_PAGE_1, PLACE)
    assert changes(text, result)[1] == ["place = { column = 5, span = 2, top = 20, lines = 21 }"]


@pytest.mark.parametrize("place, field", [
    ({"column": 0, "span": 2, "top": 0, "lines": 3}, "place.column"),
    ({"column": 1, "span": 2, "top": -1, "lines": 3}, "place.top"),
    ({"column": 1, "span": True, "top": 0, "lines": 3}, "place.span"),
    ({"column": 1, "span": 2, "top": 0, "lines": "3"}, "place.lines"),
])
def test_a_place_off_the_grid_is_refused(place: dict, field: str):
    with pytest.raises(EditRefused, match=rf"page 1, article 2: {field} must be a whole"):
        placed(TEXT, SECOND_ON_PAGE_1, place)


def test_a_place_missing_a_field_is_refused():
    with pytest.raises(EditRefused, match="column, span, top and lines; found column, span"):
        placed(TEXT, SECOND_ON_PAGE_1, {"column": 1, "span": 2})


# ---------------------------------------------------------------------- resizing a photo


def test_a_photo_resize_rewrites_its_lines_and_span(issue_dir: Path):
    result = photo_resized(TEXT, WITH_PHOTO, 20, 1)
    assert changes(TEXT, result) == (["lines = 18", "span = 2"], ["lines = 20", "span = 1"])
    frame = load_issue(written(issue_dir, result)).pages[1].modules[1].frame
    assert (frame.photo.lines, frame.photo.span) == (20, 1)


def test_a_photo_across_the_module_loses_its_span_and_gets_it_back_where_it_was(
        issue_dir: Path):
    across = photo_resized(TEXT, WITH_PHOTO, 18, None)
    assert changes(TEXT, across) == (["span = 2"], [])
    assert load_issue(written(issue_dir, across)).pages[1].modules[1].frame.photo.span is None
    assert photo_resized(across, WITH_PHOTO, 18, 2) == TEXT


def test_a_module_without_a_photo_has_none_to_resize():
    with pytest.raises(EditRefused, match="page 1, article 2 has no photo to resize"):
        photo_resized(TEXT, SECOND_ON_PAGE_1, 10, None)


def test_a_photo_under_two_lines_is_refused():
    with pytest.raises(EditRefused, match="photo.lines must be a whole number, 2 or more"):
        photo_resized(TEXT, WITH_PHOTO, 1, None)


def test_an_inline_photo_keeps_its_style():
    text = TEXT.replace('[pages.articles.photo]\nsource = "photos/bangfu-kanwang.jpg"\n'
                        'lines = 18\nspan = 2\nside = "right"\ncaption = "帮扶责任人看望贫困户"\n'
                        'credit = "本报记者 郭凡 摄"\n',
                        'photo = { source = "photos/bangfu-kanwang.jpg", lines = 18, span = 2, '
                        'caption = "帮扶" }\n', 1)
    text = text.replace("title_size = 24\n\n", "title_size = 24\n")
    photo_line = [line for line in text.splitlines() if line.startswith("photo = ")]
    assert photo_line, "the photo was not rewritten inline"
    across = photo_resized(text, WITH_PHOTO, 20, None)
    assert changes(text, across)[1] == [
        'photo = { source = "photos/bangfu-kanwang.jpg", lines = 20, caption = "帮扶" }']
    assert photo_resized(across, WITH_PHOTO, 18, 2) == text


# ---------------------------------------------------------------------- placing an article


def test_an_article_placed_goes_after_the_pages_last_article(issue_dir: Path):
    freed = article_removed(TEXT, "pages[0].articles[2]")
    (issue_dir / "articles" / "xin-gaojian.md").write_text(ARTICLE, encoding="utf-8")
    place = {"column": 5, "span": 2, "top": 41, "lines": 26}
    result, key = article_added(freed, 0, "articles/xin-gaojian.md", place, head_lines=4)
    assert key == "pages[0].articles[2]"
    block = ('\n[[pages.articles]]\nsource = "articles/xin-gaojian.md"\n'
             "place = { column = 5, span = 2, top = 41, lines = 26 }\nhead_lines = 4\n")
    assert result.replace(block, "", 1) == freed
    assert block + "\n# " + "-" * 64 + " 第2版 综合新闻\n[[pages]]" in result
    module = load_issue(written(issue_dir, result)).pages[0].modules[2]
    assert (module.frame.key, module.frame.place, module.frame.head_lines) == (
        key, Place(**place), 4)
    assert module.article.source.name == "xin-gaojian.md"


def test_an_article_placed_on_the_last_page_ends_the_file():
    result, key = article_added(TEXT, 1, "articles/a.md", PLACE)
    assert key == "pages[1].articles[4]"
    assert result.startswith(TEXT)
    assert result[len(TEXT):] == ('\n[[pages.articles]]\nsource = "articles/a.md"\n'
                                  "place = { column = 5, span = 2, top = 20, lines = 21 }\n"
                                  "head_lines = 3\n")


@pytest.mark.parametrize("source", ['articles/他说"好".md', "articles\\windows.md",
                                    "two\nlines.md", "稿件/巡察 记实.md", "tab\there\x7f.md",
                                    "'single'.md", 'end\\"'])
def test_any_file_name_is_written_as_a_toml_string_that_reads_back(source: str):
    result, key = article_added(TEXT, 0, source, PLACE)
    assert tomllib.loads(result)["pages"][0]["articles"][3]["source"] == source
    lines = result.split("\n")
    header = lines.index("place = { column = 5, span = 2, top = 20, lines = 21 }") - 2
    assert lines[header - 1:header + 2] == ["", "[[pages.articles]]", lines[header + 1]]
    assert lines[header + 1].startswith('source = "')   # the name on one line, escaped
    assert "\n".join(lines[:header - 1] + lines[header + 4:]) == TEXT


@pytest.mark.parametrize("source", ["", "\ud800.md"])
def test_a_file_name_that_cannot_be_written_is_refused(source: str):
    with pytest.raises(EditRefused, match="page 1, article 4: the article's file name"):
        article_added(TEXT, 0, source, PLACE)


def test_an_article_on_a_page_the_issue_lacks_is_refused():
    with pytest.raises(EditRefused, match="there is no page 3: issue.toml has 2 pages"):
        article_added(TEXT, 2, "articles/a.md", PLACE)


# ---------------------------------------------------------------------- removing an article


def test_removing_an_article_takes_its_lines_and_leaves_the_next_ones_comment(
        issue_dir: Path):
    result = article_removed(TEXT, "pages[1].articles[2]")
    assert changes(TEXT, result) == ([
        "[[pages.articles]]", 'source = "articles/zhujianju-xuanjiang.md"',
        "place = { column = 4, span = 3, top = 18, lines = 26 }", "head_lines = 8",
        "title_size = 26", ""], [])
    assert "# 图说新闻: a boxed photo with its text beside it.\n[[pages.articles]]" in result
    page = load_issue(written(issue_dir, result)).pages[1]
    assert [m.article.source.name for m in page.modules] == [
        "xunchao-jishi.md", "hanzhuang-bangfu.md", "baiying-geyong.md"]


def test_removing_an_article_takes_its_photo_and_the_comment_above_it():
    result = article_removed(TEXT, "pages[1].articles[3]")
    assert "baiying-geyong" not in result and "geyong-bisai.jpg" not in result
    assert "图说新闻" not in result
    assert TEXT.startswith(result)
    assert result.endswith('title_size = 26\n')


def test_removing_the_last_article_of_a_page_keeps_the_next_pages_heading():
    result = article_removed(TEXT, "pages[0].articles[2]")
    assert "renshe-chuangye" not in result
    assert ('head_lines = 3\n\n# ' + "-" * 64 + ' 第2版 综合新闻\n[[pages]]') in result
    assert comments(result) == comments(TEXT)


def test_removing_the_first_article_of_a_page_takes_its_comment():
    result = article_removed(TEXT, "pages[1].articles[0]")
    assert "The lead feature jumps here" not in result
    assert 'designer = "赵敏"\n\n[[pages.articles]]\nsource = "articles/hanzhuang' in result


NEXT = '[[pages.articles]]\nsource = "articles/renshe-chuangye.md"'


def test_a_comment_between_two_modules_without_blank_lines_stays_with_the_one_below():
    text = TEXT.replace(f"head_lines = 3\n\n{NEXT}", f"head_lines = 3\n# 人社: 待定\n{NEXT}", 1)
    result = article_removed(text, SECOND_ON_PAGE_1)
    assert "chezhan-duanwu" not in result
    assert 'designer = "赵敏"\n\n[[pages.articles]]' in result
    assert f"column_rules = true\n\n# 人社: 待定\n{NEXT}" in result


def test_a_comment_right_under_a_module_goes_with_it():
    text = TEXT.replace(f"head_lines = 3\n\n{NEXT}", f"head_lines = 3\n# 车站: 待定\n\n{NEXT}", 1)
    result = article_removed(text, SECOND_ON_PAGE_1)
    assert "车站" not in result
    assert f"column_rules = true\n\n{NEXT}" in result


def test_the_only_article_of_a_page_stays():
    text = TEXT
    for _ in range(2):
        text = article_removed(text, "pages[0].articles[0]")
    with pytest.raises(EditRefused, match="page 1, article 1 is the only article on page 1"):
        article_removed(text, "pages[0].articles[0]")


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_move_or_photo_resize_changes_only_the_lines_of_that_value(data: st.DataObject):
    pages = tomllib.loads(TEXT)["pages"]
    page = data.draw(st.integers(0, len(pages) - 1))
    article = data.draw(st.integers(0, len(pages[page]["articles"]) - 1))
    key = f"pages[{page}].articles[{article}]"
    if "photo" in pages[page]["articles"][article] and data.draw(st.booleans()):
        lines, span = data.draw(st.integers(2, 99)), data.draw(st.none() | st.integers(1, 9))
        result = photo_resized(TEXT, key, lines, span)
        written = tomllib.loads(result)["pages"][page]["articles"][article]["photo"]
        assert (written["lines"], written.get("span")) == (lines, span)
        assert all(line.startswith(("lines = ", "span = ")) for line in sum(
            changes(TEXT, result), []))
        return
    place = {name: data.draw(st.integers(least, 99)) for name, least in PLACE_LEAST.items()}
    result = placed(TEXT, key, place)
    assert tomllib.loads(result)["pages"][page]["articles"][article]["place"] == place
    taken_out, put_in = changes(TEXT, result)
    assert len(taken_out) <= 1 and len(put_in) == len(taken_out)
    assert result.count("\n") == TEXT.count("\n")


# ---------------------------------------------------------------------- what is refused


@pytest.mark.parametrize("key, message", [
    ("pages[2].articles[0]", "there is no page 3: issue.toml has 2 pages"),
    ("pages[0].articles[3]", "there is no page 1, article 4: page 1 has 3 articles"),
    ("pages[0]", "'pages\\[0\\]' names no article module"),
    ("pages[0].articles[0].place", "names no article module"),
])
def test_a_module_the_file_lacks_is_refused(key: str, message: str):
    for edit in (lambda: placed(TEXT, key, PLACE), lambda: article_removed(TEXT, key)):
        with pytest.raises(EditRefused, match=message):
            edit()


def test_a_file_that_is_not_toml_is_refused():
    with pytest.raises(EditRefused, match="issue.toml is not valid TOML"):
        placed(TEXT.replace('name = "要闻"', 'name = "要闻'), SECOND_ON_PAGE_1, PLACE)


def test_a_lookalike_header_in_a_string_is_not_taken_for_a_table():
    text = TEXT.replace('title_size = 26\n', 'title_size = 26\nnote = """\n[[pages]]\n"""\n', 1)
    result = article_removed(text, "pages[1].articles[1]")
    assert tomllib.loads(result)["pages"][1]["articles"][1]["note"] == "[[pages]]\n"
    assert "hanzhuang-bangfu" not in result


def test_articles_written_inline_are_refused_rather_than_rewritten():
    text = ('schema_version = 1\n[[pages]]\nnumber = 1\narticles = [\n'
            '  { source = "a.md", place = { column = 1, span = 1, top = 0, lines = 3 }, '
            'head_lines = 3 },\n  { source = "b.md", place = { column = 2, span = 1, top = 0, '
            'lines = 3 }, head_lines = 3 },\n]\n')
    with pytest.raises(EditRefused, match="cannot keep exactly"):
        article_removed(text, "pages[0].articles[0]")
    assert changes(text, placed(text, "pages[0].articles[1]", PLACE))[1] == [
        "  { source = \"b.md\", place = { column = 5, span = 2, top = 20, lines = 21 }, "
        "head_lines = 3 },"]


# ---------------------------------------------------------------------- what arrange writes

RENSHE = "pages[0].articles[2]"
RENSHE_PLACE = "place = { column = 5, span = 2, top = 41, lines = 26 }"


def without_line(text: str, line: str) -> str:
    """`text` without its first line `line`, whatever its line ending."""
    result = re.sub(rf"^{re.escape(line)}\r?\n", "", text, count=1, flags=re.MULTILINE)
    assert result != text, f"{line!r} not in the text"
    return result


RENSHE_SOURCE = 'source = "articles/renshe-chuangye.md"\n'
UNPLACED = TEXT.replace(f"{RENSHE_SOURCE}{RENSHE_PLACE}\nhead_lines = 3\n",
                        f"{RENSHE_SOURCE}priority = 2\n", 1)   # left to arrange


def test_an_unplaced_module_gets_its_place_after_its_source():
    assert UNPLACED != TEXT
    result = placed(UNPLACED, RENSHE, {"column": 5, "span": 2, "top": 41, "lines": 26})
    assert changes(UNPLACED, result) == ([], [RENSHE_PLACE])
    assert f"{RENSHE_SOURCE}{RENSHE_PLACE}\npriority = 2\n" in result


def test_arrange_writes_the_headlines_room_and_size_after_the_place(issue_dir: Path):
    place = placed(UNPLACED, RENSHE, {"column": 5, "span": 2, "top": 41, "lines": 26})
    result = module_values_set(place, RENSHE, {"head_lines": 4, "title_size": 18.5})
    assert changes(place, result) == ([], ["head_lines = 4", "title_size = 18.5"])
    assert f"{RENSHE_PLACE}\nhead_lines = 4\ntitle_size = 18.5\npriority = 2\n" in result
    module = load_issue(written(issue_dir, result)).pages[0].modules[2]
    assert (module.frame.place, module.frame.head_lines, module.title_size) == (
        Place(column=5, span=2, top=41, lines=26), 4, 18.5)
    assert module.wishes.placed and module.wishes.priority == 2


def test_values_are_changed_where_they_stand_and_none_takes_one_out():
    text = TEXT.replace("head_lines = 13\n", "head_lines = 13    # 三行标题\n", 1)
    result = module_values_set(text, "pages[0].articles[0]",
                               {"head_lines": 12, "title_size": None})
    assert changes(text, result) == (["head_lines = 13    # 三行标题", "title_size = 42"],
                                     ["head_lines = 12    # 三行标题"])
    assert module_values_set(result, "pages[0].articles[0]", {"title_size": 42}) == \
        text.replace("13    #", "12    #")


def test_a_key_arrange_does_not_know_goes_after_the_keys_before_it():
    result = module_values_set(TEXT, SECOND_ON_PAGE_1, {"min_lines": 5, "columns": 1})
    assert "head_lines = 3\ncolumns = 1\nmin_lines = 5\n" in result
    assert changes(TEXT, result) == ([], ["columns = 1", "min_lines = 5"])


@pytest.mark.parametrize("values, message", [
    ({"head_lines": -1}, "page 1, article 3: head_lines must be a whole number, 0 or more, "
                         "not -1"),
    ({"head_lines": True}, "head_lines must be a whole number, 0 or more, not True"),
    ({"title_size": 120}, "title_size must be .*, 9 or more and 96 or less"),
    ({"min_span": 3, "max_span": 2}, "max_span must be min_span \\(3\\) or more, not 2"),
    ({"source": "a.md"}, "page 1, article 3: source cannot be set this way"),
    ({"place": None}, "place cannot be set this way"),
])
def test_values_a_module_may_not_have_are_refused(values: dict, message: str):
    with pytest.raises(EditRefused, match=message):
        module_values_set(UNPLACED, RENSHE, values)


def test_a_bound_is_checked_against_the_other_one_in_the_file():
    text = UNPLACED.replace("priority = 2\n", "priority = 2\nmax_span = 3\n", 1)
    assert "min_span = 2\n" in module_values_set(text, RENSHE, {"min_span": 2})
    with pytest.raises(EditRefused, match="max_span must be min_span \\(4\\) or more, not 3"):
        module_values_set(text, RENSHE, {"min_span": 4})


def test_the_numbers_set_are_numbers_of_the_schema():
    assert set(NUMBERS) <= set(ArticleSlot.model_fields)


def test_a_photo_without_lines_gets_them_after_its_source(issue_dir: Path):
    text = without_line(TEXT, "lines = 18")
    result = photo_resized(text, WITH_PHOTO, 20, None)
    assert changes(text, result) == (["span = 2"], ["lines = 20"])
    assert 'source = "photos/bangfu-kanwang.jpg"\nlines = 20\nside = "right"' in result
    frame = load_issue(written(issue_dir, result)).pages[1].modules[1].frame
    assert frame.photo is not None and (frame.photo.lines, frame.photo.span) == (20, None)
    assert photo_resized(text, WITH_PHOTO, 18, 2) == TEXT


def test_an_inline_module_is_written_anew_with_its_new_keys():
    text = ('schema_version = 1\n[[pages]]\nnumber = 1\narticles = [\n'
            '  { source = "a.md", priority = 1, photo = { source = "p.jpg", caption = "c" } },\n'
            ']\n')
    key = "pages[0].articles[0]"
    result = placed(text, key, {"column": 1, "span": 2, "top": 0, "lines": 9})
    result = module_values_set(result, key, {"head_lines": 3})
    result = photo_resized(result, key, 4, 1)
    assert changes(text, result)[1] == [
        '  { source = "a.md", place = { column = 1, span = 2, top = 0, lines = 9 }, '
        'head_lines = 3, priority = 1, photo = { source = "p.jpg", lines = 4, span = 1, '
        'caption = "c" } },']


def test_an_indented_module_keeps_its_indent():
    text = ('[[pages]]\n  [[pages.articles]]\n  source = "a.md"  # 待定\n  boxed = true\n'
            '    [pages.articles.photo]\n    source = "p.jpg"\n    caption = "c"\n')
    key = "pages[0].articles[0]"
    result = placed(text, key, {"column": 1, "span": 2, "top": 0, "lines": 9})
    result = module_values_set(result, key, {"head_lines": 3, "priority": 1})
    result = photo_resized(result, key, 4, None)
    assert result == ('[[pages]]\n  [[pages.articles]]\n  source = "a.md"  # 待定\n'
                      "  place = { column = 1, span = 2, top = 0, lines = 9 }\n"
                      "  head_lines = 3\n  boxed = true\n  priority = 1\n"
                      '    [pages.articles.photo]\n    source = "p.jpg"\n    lines = 4\n'
                      '    caption = "c"\n')


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_values_set_read_back_and_change_only_their_lines(data: st.DataObject):
    pages = tomllib.loads(TEXT)["pages"]
    page = data.draw(st.integers(0, len(pages) - 1))
    article = data.draw(st.integers(0, len(pages[page]["articles"]) - 1))
    values = data.draw(st.fixed_dictionaries({}, optional={
        "head_lines": st.none() | st.integers(0, 30),
        "title_size": st.none() | st.integers(9, 96) | st.floats(9, 96).map(
            lambda size: round(size, 1)),
        "priority": st.none() | st.integers(1, 9),
        "min_lines": st.none() | st.integers(1, 40)}))
    result = module_values_set(TEXT, f"pages[{page}].articles[{article}]", values)
    slot = tomllib.loads(result)["pages"][page]["articles"][article]
    assert {name: slot.get(name) for name in values} == values
    assert all(line.split(" = ")[0] in values for line in sum(changes(TEXT, result), []))


# ---------------------------------------------------------------------- the file's own ways

EDITS: dict[str, Callable[[str], str]] = {
    "placed": lambda text: placed(text, SECOND_ON_PAGE_1, PLACE),
    "photo": lambda text: photo_resized(text, WITH_PHOTO, 20, 1),
    "photo across": lambda text: photo_resized(text, WITH_PHOTO, 20, None),
    "photo span back": lambda text: photo_resized(
        photo_resized(text, WITH_PHOTO, 20, None), WITH_PHOTO, 20, 3),
    "added": lambda text: article_added(text, 0, "articles/a.md", PLACE)[0],
    "added last": lambda text: article_added(text, 1, "articles/a.md", PLACE)[0],
    "removed": lambda text: article_removed(text, "pages[1].articles[1]"),
    "values": lambda text: module_values_set(text, "pages[0].articles[0]",
                                             {"head_lines": 12, "title_size": None,
                                              "min_span": 2}),
    "place inserted": lambda text: placed(without_line(text, RENSHE_PLACE), RENSHE, PLACE),
    "head_lines inserted": lambda text: module_values_set(
        without_line(text, "head_lines = 8"), "pages[1].articles[2]", {"head_lines": 5}),
    "photo lines inserted": lambda text: photo_resized(
        without_line(text, "lines = 13"), "pages[1].articles[3]", 10, 2),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_crlf_line_endings_are_kept(edit: Callable[[str], str]):
    crlf = TEXT.replace("\n", "\r\n")
    result = edit(crlf)
    assert result.count("\n") == result.count("\r\n")
    assert result == edit(TEXT).replace("\n", "\r\n")


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_byte_order_mark_is_kept(edit: Callable[[str], str]):
    assert edit("\ufeff" + TEXT) == "\ufeff" + edit(TEXT)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_file_without_a_last_newline_keeps_going_without_one(edit: Callable[[str], str]):
    result = edit(TEXT.rstrip("\n"))
    assert not result.endswith("\n")
    assert tomllib.loads(result) == tomllib.loads(edit(TEXT))
