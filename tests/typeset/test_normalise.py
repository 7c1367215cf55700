"""Input normalisation: reporters' punctuation made Chinese, numbers and Latin left alone."""

from __future__ import annotations

import pytest

from layout.typeset.normalise import normalise, rejoin


@pytest.mark.parametrize(("dirty", "clean"), [
    ("全县共发现问题5154个,挽回损失", "全县共发现问题5154个，挽回损失"),
    ("本报讯(记者 郭凡)6月11日", "本报讯（记者 郭凡）6月11日"),
    ("他说:好;对吗?真好!", "他说：好；对吗？真好！"),
    ('他说:"大家\'聚\'在一起"', "他说：“大家‘聚’在一起”"),
    ("观看红色电影...重温誓词", "观看红色电影……重温誓词"),
    ("观看红色电影。。。重温誓词", "观看红色电影……重温誓词"),
    ("巡察--整改", "巡察——整改"),
    ("巡察-整改", "巡察——整改"),
    ("发展了.", "发展了。"),
])
def test_ascii_punctuation_in_chinese_becomes_chinese(dirty: str, clean: str):
    text, changes = normalise(dirty, "paragraph 1")
    assert text == clean
    assert changes, "every change is listed"


@pytest.mark.parametrize("kept", [
    "增长3.6%",
    "上午10:30开会",
    "共1,800人",
    "详见http://www.tangyin.gov.cn/a?b=1,c",
    "2021—2025年",
    "don't stop",
    "5G and GDP",
])
def test_numbers_times_urls_and_latin_stay_as_they_are(kept: str):
    assert normalise(kept, "p") == (kept, [])


def test_a_change_names_where_it_was_made():
    _, (change,) = normalise("好,好", "paragraph 3")
    assert (change.where, change.before, change.after) == ("paragraph 3", ",", "，")
    assert "好,好" in change.context


def test_hard_wrapped_lines_are_rejoined():
    joined = rejoin(("投入专兼职巡察干部2300余", "名，组织开展"))
    assert joined == "投入专兼职巡察干部2300余名，组织开展"
    assert rejoin(("the GDP", "grew")) == "the GDP grew"
    assert rejoin(("推进", "5G网络")) == "推进5G网络"
