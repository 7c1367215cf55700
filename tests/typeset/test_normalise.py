"""Input normalisation: conservative, listed, and never touching literal text."""

from __future__ import annotations

import pytest

from layout.typeset.normalise import normalise, rejoin


@pytest.mark.parametrize(("dirty", "clean"), [
    ("全县共发现问题5154个,挽回损失", "全县共发现问题5154个，挽回损失"),
    ("本报讯(记者 郭凡)6月11日", "本报讯（记者 郭凡）6月11日"),
    ("他说:好;对吗?真好!好", "他说：好；对吗？真好！好"),
    ('他说:"大家\'聚\'在一起"。', "他说：“大家‘聚’在一起”。"),
    ("观看红色电影...重温誓词", "观看红色电影……重温誓词"),
    ("观看红色电影。。。重温誓词", "观看红色电影……重温誓词"),
    ("观看红色电影…重温誓词", "观看红色电影……重温誓词"),
    ("巡察--整改", "巡察——整改"),
    ("发展了.接着", "发展了。接着"),
    ('他说:"用得好......"', "他说：“用得好……”"),
    ("据统计,2021年,全县", "据统计，2021年，全县"),
    ("时间:10:30", "时间：10:30"),
])
def test_ascii_punctuation_between_chinese_becomes_chinese(dirty: str, clean: str):
    text, edits = normalise(dirty)
    assert text == clean
    assert edits, "every change is listed"


@pytest.mark.parametrize("kept", [
    "——十三届汤阴县委巡察工作纪实",       # a correct 破折号 opening a 副题
    "他说——这是",                          # and in body text
    "观看红色电影……重温誓词",
    "&amp;好",
    "../../etc/passwd是路径",
    "路径/srv/papers/tangyin,好",
    "见https://www.tangyin.gov.cn/a?b=1,c好",
    "写信到editor@tangyin.cn,好",
    "{{ title }}好,<b>粗</b>",
    '本报讯(记者 <b class="x">郭凡</b>)6月11日',
    "增长3.6%",
    "3.6亿元",
    "上午10:30开会",
    "共1,800人",
    "增长41.7%,好",
    "2021—2025年",
    "北京—上海",
    "巡察-整改",
    "don't stop",
    'He said "hello" to me.',
    "5G and GDP",
    "发展了.",
    ",好",
    # An odd number of straight quotes: the pairs cannot be told, none is changed.
    '尺寸为5"的屏幕，他说"好"。',
    '不配对"开头，英文引号里"中文"里',
    # Addresses, paths, markup and code with Chinese in them.
    "www.汤阴.中国,好",
    "郭凡@汤阴.中国,好",
    "https://zh.wikipedia.org/wiki/汤阴县_(河南省)",
    "https://www.baidu.com/s?wd=汤阴:巡察",
    "D:\\稿件\\汤阴(终稿).docx",
    "/home/郭凡/巡察(二).txt",
    '<a title="汤阴县">',
    'print("你好")',
    '{"name":"汤阴"}',
    "name='汤阴'",
    "本报记者\u3000郭凡",
    "两个  空格",
    # A run typed beside a mark of its kind: made Chinese, the mark would be too long.
    "甲…...乙", "甲……...乙", "甲...…乙", "甲——--乙", "甲--——乙", "甲…。。。乙",
])
def test_literal_text_stays_as_written(kept: str):
    assert normalise(kept) == (kept, [])


def test_brackets_change_as_a_pair_or_not_at_all():
    text, _ = normalise("本报讯(记者 郭凡)6月11日, (note) 好")
    assert text.count("（") == text.count("）") == 1
    assert "(note)" in text


def test_an_edit_names_its_offset_in_the_source_text():
    _, (edit,) = normalise("好好,好")
    assert (edit.offset, edit.before, edit.after) == (2, ",", "，")


def test_each_rule_can_be_turned_off():
    dirty = '他说:"好"...巡察--整改(记者 郭凡)'
    assert normalise(dirty, frozenset())[0] == dirty
    text, _ = normalise(dirty, frozenset({"quotes"}))
    assert text == '他说:“好”...巡察--整改(记者 郭凡)'


def test_hard_wrapped_lines_are_rejoined():
    joined = rejoin(("投入专兼职巡察干部2300余", "名，组织开展"))
    assert joined == "投入专兼职巡察干部2300余名，组织开展"
    assert rejoin(("the GDP", "grew")) == "the GDP grew"
    assert rejoin(("推进", "5G网络")) == "推进5G网络"


def test_a_tab_or_a_line_separator_becomes_a_space_and_is_listed():
    text, edits = normalise("他说\t好\u2028真好")
    assert text == "他说 好 真好"
    assert [(e.offset, e.before, e.after) for e in edits] == [(2, "\t", " "), (4, "\u2028", " ")]


@pytest.mark.parametrize(("lines", "joined"), [
    (("他说：“好。”", "“不好。”她说。"), "他说：“好。”“不好。”她说。"),
    (("一道道……", "……不断"), "一道道…………不断"),
    (("巡察——", "——整改"), "巡察————整改"),
    (("‘对’", "‘错’"), "‘对’‘错’"),
])
def test_hard_wrapped_chinese_marks_are_rejoined_without_a_space(lines, joined):
    assert rejoin(lines) == joined
