"""The guesses on their own: headline block, byline, dateline, crossheads, rejoined
paragraphs and captions, each on the smallest copy that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.intake.guesses import Draft, draft_article, split_credit
from layout.intake.pieces import Copy, Piece, Place

TEXT = "6月10日，瓦岗乡龙虎村村民李文成说。"


def draft(text: str) -> Draft:
    lines = text.split("\n")
    pieces = tuple(Piece(line, Place("line", n)) for n, line in enumerate(lines, 1) if line)
    return draft_article(Copy(Path("稿件.txt"), pieces))


def head(text: str) -> tuple[str | None, str, str | None]:
    article = draft(text)
    return article.kicker, article.title, article.subtitle


@pytest.mark.parametrize(("copy", "expected"), [
    (f"利剑出鞘去沉痾\n{TEXT}", (None, "利剑出鞘去沉痾", None)),
    (f"县住建局\n“小板凳”宣讲小分队进农家\n{TEXT}", ("县住建局", "“小板凳”宣讲小分队进农家", None)),
    (f"利剑出鞘去沉痾\n——十三届汤阴县委巡察工作纪实\n{TEXT}",
     (None, "利剑出鞘去沉痾", "——十三届汤阴县委巡察工作纪实")),
    (f"县委巡察办\n利剑出鞘去沉痾\n——十三届汤阴县委巡察工作纪实\n{TEXT}",
     ("县委巡察办", "利剑出鞘去沉痾", "——十三届汤阴县委巡察工作纪实")),
    (f"坚持党建引领\n利剑出鞘去沉痾\n十三届汤阴县委巡察工作纪实\n{TEXT}",
     ("坚持党建引领", "利剑出鞘去沉痾", "十三届汤阴县委巡察工作纪实")),
    (f"坚持党建引领\n推进乡村振兴\n利剑出鞘去沉痾\n--十三届县委巡察纪实\n{TEXT}",
     ("坚持党建引领 推进乡村振兴", "利剑出鞘去沉痾", "--十三届县委巡察纪实")),
])
def test_headline_block(copy: str, expected: tuple[str | None, str, str | None]):
    assert head(copy) == expected


def test_copy_without_a_headline_takes_the_file_name_and_says_so():
    article = draft(f"本报讯（记者 郭凡）{TEXT}")
    assert article.title == "稿件"
    assert "no headline found at the top: the headline (主题) is the file's name, “稿件”: " \
           "write the real one" in article.guesses


@pytest.mark.parametrize(("lines", "byline"), [
    ("□本报记者 郭凡", "本报记者 郭凡"),
    ("□ 记者 张三", "记者 张三"),
    ("记者 郭凡 通讯员 张百瑞", "记者 郭凡 通讯员 张百瑞"),
    ("本报记者 郭凡\n通讯员 张百瑞", "本报记者 郭凡 通讯员 张百瑞"),
    ("文/图 张三", "文/图 张三"),
])
def test_byline_lines_under_the_headline(lines: str, byline: str):
    article = draft(f"为民办实事 点滴见真情\n{lines}\n{TEXT}")
    assert (article.title, article.byline) == ("为民办实事 点滴见真情", byline)
    assert [block.text for block in article.blocks] == [TEXT]


@pytest.mark.parametrize(("first", "dateline", "rest"), [
    (f"本报讯（记者 郭凡）{TEXT}", "本报讯（记者 郭凡）", TEXT),
    (f"本报讯(记者 郭凡 通讯员 原金贵) {TEXT}", "本报讯(记者 郭凡 通讯员 原金贵)", TEXT),
    (f"本报6月10日讯（记者 郭凡）{TEXT}", "本报6月10日讯（记者 郭凡）", TEXT),
    (f"新华社北京6月10日电（记者 张三）{TEXT}", "新华社北京6月10日电（记者 张三）", TEXT),
    (f"本报讯 {TEXT}", "本报讯", TEXT),
])
def test_dateline_opens_the_first_paragraph(first: str, dateline: str, rest: str):
    article = draft(f"弘扬传统文化 增进邻里情感\n{first}")
    assert article.dateline == dateline
    assert article.blocks[0].text == rest


def test_dateline_on_a_line_of_its_own():
    article = draft(f"弘扬传统文化 增进邻里情感\n本报讯（记者 郭凡）\n{TEXT}")
    assert (article.dateline, [b.text for b in article.blocks]) == ("本报讯（记者 郭凡）", [TEXT])


def kinds(body: str) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in draft(f"标题\n{TEXT}\n{body}").blocks[1:]]


def test_crosshead_is_a_short_line_between_finished_paragraphs():
    assert kinds(f"以巡促治 做好“后半篇文章”\n{TEXT}") == [
        ("crosshead", "以巡促治 做好“后半篇文章”"), ("paragraph", TEXT)]
    assert kinds(f"一、强化组织领导，压实工作责任\n{TEXT}")[0][0] == "crosshead"


@pytest.mark.parametrize("line", [
    "党建引领，打造监督铁军",          # a comma, not numbered: a clause
    "他说：",                          # ends a clause
    "（完）",                          # nothing follows: the end
])
def test_short_lines_that_are_no_crossheads(line: str):
    assert kinds(f"{line}\n{TEXT}" if line != "（完）" else line)[0][0] == "paragraph"


def test_short_line_after_a_broken_paragraph_carries_it_on():
    body = "5年来，县委投入巡察干部2300余\n名组织开展\n15轮常规巡察。"
    assert kinds(body) == [("paragraph", "5年来，县委投入巡察干部2300余名组织开展15轮常规巡察。")]


def test_rejoining_keeps_the_space_between_latin_words():
    assert kinds("记者在县城采访了游客，他叫 John\nSmith。") == [
        ("paragraph", "记者在县城采访了游客，他叫 John Smith。")]


def test_numbered_items_are_not_joined():
    body = "主要做法有三条\n1.建立台账\n2.明确责任\n3.跟踪问效。"
    assert [text for _kind, text in kinds(body)] == [
        "主要做法有三条", "1.建立台账", "2.明确责任", "3.跟踪问效。"]


def test_join_is_reported_with_the_characters_either_side():
    article = draft(f"标题\n{TEXT}\n用脚步丈量民情,用真诚感受民\n意。在田间地头认真听。")
    assert article.guesses[-1] == (
        "line 4: joined to the paragraph above (line 3), which broke off mid-sentence "
        "between “用真诚感受民” and “意。在田间地”")


@pytest.mark.parametrize(("line", "caption", "credit"), [
    ("图为歌咏比赛现场。(本报记者 郭凡 摄)", "图为歌咏比赛现场。", "本报记者 郭凡 摄"),
    ("图为歌咏比赛现场。本报记者 郭凡 摄", "图为歌咏比赛现场。", "本报记者 郭凡 摄"),
    ("帮扶责任人看望贫困户（本报记者 郭凡 摄）", "帮扶责任人看望贫困户", "本报记者 郭凡 摄"),
    ("（本报记者 郭凡 摄）", None, "本报记者 郭凡 摄"),
    ("图为歌咏比赛现场", "图为歌咏比赛现场", None),
])
def test_caption_and_credit(line: str, caption: str | None, credit: str | None):
    assert split_credit(line) == (caption, credit)
    (photo,) = draft(f"图说新闻\n{TEXT}\n{line}").photos
    assert (photo.picture, photo.caption, photo.credit) == (None, caption, credit)
