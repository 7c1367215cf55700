"""The composer on its own: CLREQ line breaking, compression and justification."""

from __future__ import annotations

import pytest

from layout.manifest.resources import DEFAULT_FONT_LOCK
from layout.project.fonts import load_font_lock
from layout.typeset.atoms import Rules, atomize
from layout.typeset.breaking import (
    WIDEST_GAP,
    LineBreak,
    Measured,
    spacing_multiples,
    url_letter_spacing,
)
from layout.typeset.chars import NOT_AT_LINE_END, NOT_AT_LINE_START
from layout.typeset.compose import SetLine, set_paragraph, set_unjustified
from layout.typeset.metrics import FaceMetrics

SIZE = 9.0
MEASURE = 11 * SIZE   # an 11-character column
INDENT = 2 * SIZE


@pytest.fixture(scope="module")
def song() -> FaceMetrics:
    lock = load_font_lock(DEFAULT_FONT_LOCK)
    return FaceMetrics(lock.file_of("NP Song", 400), SIZE)


def compose(text: str, metrics: FaceMetrics) -> list[SetLine]:
    return set_paragraph(atomize(text, "body", metrics), MEASURE, INDENT, SIZE, Rules())


DIRTY = ("“学党史要全身心投入，安下心来学习、静下心来思考、沉下心来感悟，做到读原著、学原文、"
         "悟原理。”他说：“《巡察干部十不准》《巡察保密纪律》……一道道“党史大餐”——"
         "不断激发干部热情。”2021—2025年，全县GDP年均增长6.5%，5G基站达1,800个。")


def test_no_line_starts_or_ends_with_a_forbidden_mark(song):
    lines = compose(DIRTY, song)
    for line in lines:
        assert line.text[0] not in NOT_AT_LINE_START, line.text
        assert line.text[-1] not in NOT_AT_LINE_END, line.text
        assert not line.text.startswith(("——", "……")), line.text


def test_dashes_ellipses_numbers_and_words_are_never_split(song):
    lines = [line.text for line in compose(DIRTY, song)]
    for whole in ("——", "……", "GDP", "6.5%", "1,800", "2021", "2025"):
        assert any(whole in line for line in lines), f"{whole} split over two lines"


def test_every_line_but_the_last_fills_the_measure(song):
    lines = compose(DIRTY, song)
    assert len(lines) > 5
    assert lines[0].width == pytest.approx(MEASURE - INDENT, abs=0.01)
    for line in lines[1:-1]:
        assert line.justified
        assert line.width == pytest.approx(MEASURE, abs=0.01), line.text
    assert not lines[-1].justified and lines[-1].width <= MEASURE


def test_justification_space_goes_between_characters_not_inside_words(song):
    for line in compose(DIRTY, song):
        for run in line.runs:
            for i, char in enumerate(run.text):
                if char.isascii() and char.isalnum():
                    assert run.spacing[i] == 0.0, line.text


def test_adjacent_punctuation_takes_one_and_a_half_ems(song):
    lines = compose("他说：“好。”大家都笑了，“对！”又说。" * 3, song)
    for line in lines:
        for run in line.runs:
            for i in range(len(run.text) - 1):
                if run.text[i:i + 2] in ("。”", "”，", "！”"):
                    assert i in run.halt or i + 1 in run.halt, line.text


def test_a_paragraph_never_ends_on_one_character(song):
    # 9 characters fit the indented first line and 11 each line after: 21 would leave one.
    text = "汉" * 21
    lines = compose(text, song)
    assert len(lines[-1].text) >= 2


def test_crossheads_break_between_phrases_and_balance(song):
    lines = set_unjustified(atomize("以巡促治 做好“后半篇文章”", "crosshead", song), MEASURE,
                            SIZE, Rules())
    assert [line.text for line in lines] == ["以巡促治", "做好“后半篇文章”"]


def test_a_subtitle_keeps_its_dash_with_the_text(song):
    lines = set_unjustified(atomize("——十三届汤阴县委巡察工作纪实", "headline", song),
                            8 * SIZE, SIZE, Rules())
    assert lines[0].text.startswith("——") and len(lines[0].text) > 2


def test_a_word_longer_than_the_line_is_cut_rather_than_overflowing(song):
    lines = compose("详见http://www.tangyin.gov.cn/xinwen/2021/0615/index.html页面", song)
    assert all(line.width <= MEASURE + 0.01 for line in lines)
    assert "".join(line.text for line in lines).count("tangyin") == 1


def mid_line_half_marks(line: SetLine) -> list[str]:
    """Single marks set at half width inside the line: not at its end, not in a pair."""
    text, found, offset = line.text, [], 0
    for run in line.runs:
        for index in run.halt:
            i = offset + index
            paired = any(0 <= k < len(text) and text[k] in "，。、；：！？“”‘’（）《》"
                         for k in (i - 1, i + 1))
            if 0 < i < len(text) - 1 and not paired:
                found.append(text)
        offset += len(run.text)
    return found


# The tester's paragraph: a comma mid-line was squeezed to make the line fit.
REPORT_2025 = ("《意见》明确提出，到2025年，全县要建成覆盖城乡的公共服务体系，基本公共服务均等化"
               "水平明显提高，群众获得感、幸福感、安全感进一步增强，解决公益性岗位206个，"
               "新增就业8.6万人，完成投资3.6亿元。")


def test_a_single_mark_in_mid_line_keeps_its_full_width(song):
    lines = compose(REPORT_2025, song)
    assert not [m for line in lines for m in mid_line_half_marks(line)]


@pytest.mark.parametrize("measure", range(9, 15))
def test_a_number_stays_with_its_unit_and_no_line_starts_with_a_plus(song, measure: int):
    text = ("全县累计减少二氧化碳排放8.6万吨，推行“数字+治理”模式，气温+5℃，增长41.7%，"
            "共2300余名干部。")
    lines = [line.text for line in set_paragraph(atomize(text, "body", song), measure * SIZE,
                                                 INDENT, SIZE, Rules())]
    for line, following in zip(lines, lines[1:], strict=False):
        assert not following.startswith(("+", "万", "吨", "℃", "%", "余", "名")), lines
        assert not line.endswith("+"), lines


@pytest.mark.parametrize(("headline", "words"), [
    ("县城区污水管网改造工程全面开工", ("改造", "工程", "污水", "管网")),
    ("第三届中国农民丰收节筹备工作启动", ("丰收", "农民", "筹备", "启动")),
])
@pytest.mark.parametrize("width", [6, 7, 8, 9, 10])
def test_a_headline_breaks_between_words(headline: str, words: tuple[str, ...], width: int):
    from layout.typeset.words import word_starts

    lock = load_font_lock(DEFAULT_FONT_LOCK)
    hei = FaceMetrics(lock.file_of("NP Hei", 900), 20.0)
    lines = [line.text for line in set_unjustified(atomize(headline, "headline", hei),
                                                   width * 20.0, 20.0, Rules(),
                                                   word_starts(headline))]
    assert "".join(lines) == headline
    for word in words:
        assert any(word in line for line in lines), f"{word} split: {lines}"
    assert all(len(line) > 1 for line in lines), lines


def test_the_editors_space_wins_over_the_segmenter(song):
    from layout.typeset.words import word_starts

    text = "为民办实事 点滴见真情"
    lines = set_unjustified(atomize(text, "headline", song), 8 * SIZE, SIZE, Rules(),
                            word_starts(text))
    assert [line.text.strip() for line in lines] == ["为民办实事", "点滴见真情"]


@pytest.mark.parametrize("measure", [8, 9, 10, 11, 12, 13, 14, 16, 18, 22])
@pytest.mark.parametrize("text", [
    "方案，1+1=2，+86-0372-5522123是电话。",
    "联系电话：0372-5522123",
    "全县新增就业岗位3000个",
    "规模以上工业增长率为+5%，下降−3%。",
    "“”“”“”“”“”“”“”“”“”“”“”“”“”“”“”",
])
def test_no_paragraph_is_ever_left_out(song, text: str, measure: int):
    lines = set_paragraph(atomize(text, "body", song), measure * SIZE, INDENT, SIZE, Rules())
    assert "".join(line.text for line in lines) == text


def test_a_word_space_is_never_squeezed_away(song):
    text = "查询用SQL语句WHERE name=汤阴 AND year=2021 ORDER BY id得到结果"
    for measure in range(9, 20):
        for line in set_paragraph(atomize(text, "body", song), measure * SIZE, INDENT, SIZE,
                                  Rules()):
            for run in line.runs:
                for char, spacing in zip(run.text, run.spacing, strict=True):
                    assert char != " " or spacing >= 0, (measure, line.text)


def test_spaces_print_as_typed(song):
    text = "甲\u3000乙  丙"
    (line,) = set_paragraph(atomize(text, "body", song), 20 * SIZE, 0, SIZE, Rules())
    assert line.text == text


@pytest.mark.parametrize("columns", [9, 10, 11, 12, 13])
def test_no_line_stands_on_one_or_two_characters_beside_latin_words(song, columns):
    """A Latin word too long for what is left of a line once pushed the line down to
    “标” alone, its room left white."""
    text = "标题占几行由head_lines决定，图片占几行由photo.lines决定。"
    lines = set_paragraph(atomize(text, "body", song), columns * SIZE, INDENT, SIZE, Rules())
    assert "".join(line.text for line in lines) == text
    assert all(len(line.text) > 3 for line in lines[:-1]), [line.text for line in lines]


def test_the_breakers_count_of_spacing_units_is_the_setters(song):
    """The breaker counts a line's justification units in one pass; the setter spaces the
    line by `spacing_multiples`. Both must agree on every line, across runs of two fonts."""
    atoms = atomize(DIRTY, "body", song) + atomize("“小板凳”宣讲 2021年", "crosshead", song) \
        + atomize(DIRTY, "body", song)
    measured = Measured(atoms)
    for start in range(len(atoms) - 1):
        for end in range(start + 1, min(len(atoms), start + 30) + 1):
            line = LineBreak(start, end)
            chosen = list(range(start, measured.visible_end(line)))
            for tightening in (False, True):
                units = sum(spacing_multiples(atoms, chosen, tightening).values())
                assert measured.weight(line, tightening) == units, (start, end)


URL_PARAGRAPH = ("测试段落——破折号，“&amp;”实体，路径/srv/报纸/2021-06-15/issue.toml，"
                 "网址https://example.org/a?b=1&c=2，完。")


def test_a_url_alone_on_its_line_is_letter_spaced_to_the_measure(song):
    """A line holding nothing but part of a URL has no gap to justify with: its characters
    are spaced instead, rather than the column showing a hole at its end."""
    lines = compose(URL_PARAGRAPH, song)
    assert "".join(line.text for line in lines) == URL_PARAGRAPH
    url_only = [line for line in lines[:-1] if all(c.isascii() for c in line.text)]
    assert url_only, [line.text for line in lines]
    for line in lines[1:-1]:
        assert line.width == pytest.approx(MEASURE, abs=0.01), line.text
    for line in url_only:
        spacing = [s for run in line.runs for s in run.spacing]
        assert max(spacing) <= 2 * WIDEST_GAP * SIZE + 0.01, line.text


def test_a_url_is_not_letter_spaced_beyond_the_widest_gap(song):
    atoms = atomize("a/b/c", "body", song)
    chosen = list(range(len(atoms)))
    assert url_letter_spacing(atoms, chosen, slack=0.3 * SIZE, size=SIZE)
    assert url_letter_spacing(atoms, chosen, slack=3 * SIZE, size=SIZE) == {}
