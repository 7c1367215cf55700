"""The typesetting stage: lines of a hard-wrapped source rejoined."""

from __future__ import annotations

from layout.typeset.normalise import rejoin as join_lines


def test_chinese_lines_rejoin_without_a_space():
    joined = join_lines(("投入专兼职巡察干部2300余", "名，组织开展"))
    assert joined == "投入专兼职巡察干部2300余名，组织开展"


def test_latin_words_rejoin_with_one_space():
    assert join_lines(("the GDP", "grew 5%")) == "the GDP grew 5%"


def test_a_latin_word_next_to_chinese_takes_no_space():
    assert join_lines(("推进", "5G网络", "建设")) == "推进5G网络建设"
