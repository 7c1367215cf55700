"""Character classes for Chinese layout (W3C CLREQ, GB/T 15834), as the composer uses them."""

from __future__ import annotations

import unicodedata

OPENING = frozenset("“‘（〔［｛【〖《〈「『")
CLOSING = frozenset("”’）〕］｝】〗》〉」』")
STOPS = frozenset("、，。．")          # pause and full-stop marks, glyph in the left half
MIDDLE = frozenset("：；！？")           # glyph centred or left; may not start a line
DASH = "—"                              # U+2014; two make a 破折号 ——
ELLIPSIS = "…"                          # U+2026; two make a 省略号 ……
INTERPUNCT = "·"
TILDE = "～"

# CLREQ basic level: never at the start of a line / never at its end. A single dash (the
# range mark of 2021—2025) is kept off the line start too.
NOT_AT_LINE_START = CLOSING | STOPS | MIDDLE | frozenset("～·–—")
NOT_AT_LINE_END = OPENING
# Signs that belong to the words on both sides: 数字+治理 is not broken at the +.
NOT_BESIDE_A_BREAK = frozenset("+＋")
# Units, magnitudes and measure words a number keeps on its line: 8.6万吨, 2300余名, 5℃.
UNITS = frozenset("%‰℃°万亿千百十余多几元角分吨米克斤两亩顷升个名人次件项户家所条座辆台套"
                  "份篇年月日号时点秒岁周天倍度公平立方")
# Marks whose trailing half is blank: they can lose it (compression, line-end trimming).
TRAILING_BLANK = CLOSING | STOPS | MIDDLE
# Marks whose leading half is blank.
LEADING_BLANK = OPENING
# Punctuation that is full width by nature but shares code points with Western text;
# the renderer asks the font for its full-width form (OpenType fwid) whatever the script.
AMBIGUOUS_FULL_WIDTH = frozenset("“”‘’—…")


def is_wide(char: str) -> bool:
    """Han characters, kana, full-width forms: set one em wide, no spaces between."""
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F")


def is_cjk_punctuation(char: str) -> bool:
    return (char in OPENING or char in CLOSING or char in STOPS or char in MIDDLE
            or char in (DASH, ELLIPSIS, INTERPUNCT, TILDE))


def is_han(char: str) -> bool:
    """An ideograph (any CJK block, the supplementary planes included)."""
    return len(char) == 1 and unicodedata.category(char) == "Lo" and is_wide(char)


def selects_a_form(char: str) -> bool:
    """A variation selector (VS1-VS16, U+FE00-FE0F; VS17-VS256, U+E0100-E01EF): no
    character of its own, but a form of the one before it (葛 then VS17, a form of 葛)."""
    return len(char) == 1 and (0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF)
