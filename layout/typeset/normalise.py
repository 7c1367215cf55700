"""Cleaning the punctuation of reporters' text before it is set, listing every change.

Copy arrives with ASCII punctuation typed between Chinese characters (the seed has `,`
between Han characters), straight quotes, `...` for an ellipsis and `--` for a dash.
Normalisation is conservative, because a changed character is a published error:

- a half-width mark becomes its Chinese form only where both its neighbours are Chinese
  (a comma, colon or semicolon also right after a Han character and before a number);
- brackets and quotes change only as a pair, and only around Chinese text;
- nothing inside a URL, an e-mail address, a path or a Latin or number run changes;
- a correct `——` or `……` is never touched, and a single `—` (the 一字线 of 北京—上海)
  is left as written; nor is a run typed beside one (`…...`, `——--`), whose meant length
  cannot be told;
- a tab or another control space becomes a plain space (it cannot be set).

Every change is an `Edit` at an offset of the text it was found in, so the caller can
say where in the source file it was made. Each rule can be turned off (`RULES`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from layout.typeset.chars import AMBIGUOUS_FULL_WIDTH, is_han, is_wide

RULES = ("marks", "brackets", "quotes", "ellipses", "dashes", "spaces")

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", ".": "。"}
# Runs whose characters are never changed: URLs, e-mail addresses and paths, which may
# hold Chinese (www.汤阴.中国, /home/郭凡/稿件(二).txt) and so run on to the next space or
# full-width mark; markup, code and template tags.
_END = r"[^\s，。、；：！？“”‘’（）《》【】「」『』]"
_PROTECTED = re.compile(
    rf"(?:[a-z][a-z0-9+.\-]*://|www\.){_END}*"
    rf"|{_END}*?[\w.+\-]+@{_END}+\.{_END}+"
    rf"|(?<![a-z0-9_/])(?:[a-z]:[\\/]|\.{{1,2}}/|~/|/){_END}*[\\/]{_END}*"
    r"|[a-z0-9_]+(?:[./\\][a-z0-9_\-]+)+"
    r"|<[a-z/!][^<>\n]*>|\{[^{}\n]*\}|[a-z_]\w*\([^()\n]*\)",
    re.IGNORECASE)
_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|(?<!…)…(?!…)")
_DASH = re.compile(r"-{2,}")
# The marks of which an ellipsis or a dash may be typed: a run beside one of them (…...,
# ——--) is left as written, since the length meant cannot be told.
_ELLIPSIS_KIN, _DASH_KIN = frozenset("….。"), frozenset("—-")


@dataclass(frozen=True)
class Edit:
    """One change: `before` at `offset` in the text it was found in became `after`."""

    offset: int
    before: str
    after: str


def normalise(text: str, rules: frozenset[str] = frozenset(RULES)) -> tuple[str, list[Edit]]:
    """`text` with its punctuation made Chinese where the context is Chinese, and the
    edits made, in order of their offsets."""
    protected = _protected(text)
    chars = list(text)
    edits = _spaces(chars) if "spaces" in rules else []
    # Ellipses and dashes change the length: they are decided first and stand in `chars`
    # as Chinese marks of the same length, so that a quote or a comma beside them reads
    # them as Chinese; every edit keeps the offset of the original text.
    for name, pattern, replacement, kin in (("ellipses", _ELLIPSIS, "……", _ELLIPSIS_KIN),
                                            ("dashes", _DASH, "——", _DASH_KIN)):
        if name in rules:
            for edit in _runs(pattern, replacement, "".join(chars), protected, kin):
                span = range(edit.offset, edit.offset + len(edit.before))
                chars[span.start:span.stop] = replacement[0] * len(span)
                protected |= set(span)
                edits.append(edit)
    for name, step in (("quotes", _quotes), ("brackets", _brackets), ("marks", _marks)):
        if name in rules:
            edits += step(chars, protected)
    return _apply(text, edits), sorted(edits, key=lambda e: e.offset)


def _apply(text: str, edits: list[Edit]) -> str:
    out, last = [], 0
    for edit in sorted(edits, key=lambda e: e.offset):
        out.append(text[last:edit.offset] + edit.after)
        last = edit.offset + len(edit.before)
    return "".join(out) + text[last:]


def _protected(text: str) -> set[int]:
    return {i for match in _PROTECTED.finditer(text) for i in range(match.start(), match.end())}


def is_chinese(char: str) -> bool:
    """A Han character, a full-width form or a Chinese punctuation mark."""
    return bool(char) and (is_wide(char) or char in AMBIGUOUS_FULL_WIDTH)


def _at(chars: list[str], i: int) -> str:
    return chars[i] if 0 <= i < len(chars) else ""


def _marks(chars: list[str], protected: set[int]) -> list[Edit]:
    """`,` `:` `;` `?` `!` `.` with Chinese on both sides; `,` `:` `;` also right after a
    Han character and before a number (据统计,2021年), never between two digits."""
    edits = []
    for i, char in enumerate(chars):
        if char not in FULL_WIDTH or i in protected:
            continue
        if char == "." and "." in (_at(chars, i - 1), _at(chars, i + 1)):
            continue  # part of a run of dots: an ellipsis, or nothing of ours
        before, after = _at(chars, i - 1), _at(chars, i + 1)
        number_follows = char in ",:;" and is_han(before) and after.isascii() and after.isdigit()
        if is_chinese(before) and (is_chinese(after) or number_follows):
            chars[i] = FULL_WIDTH[char]
            edits.append(Edit(i, char, chars[i]))
    return edits


def _spaces(chars: list[str]) -> list[Edit]:
    """A tab or another control space (form feed, line separator) cannot be set: a space."""
    edits = []
    for i, char in enumerate(chars):
        if char.isspace() and char not in (" ", "\u3000", "\u00a0"):
            chars[i] = " "
            edits.append(Edit(i, char, " "))
    return edits


def _brackets(chars: list[str], protected: set[int]) -> list[Edit]:
    """A pair `(…)` around Chinese text, with Chinese (or the text's edge) outside."""
    edits, opened = [], []
    for i, char in enumerate(chars):
        if i in protected:
            continue
        if char == "(":
            opened.append(i)
        elif char == ")" and opened:
            start = opened.pop()
            inner = is_chinese(_at(chars, start + 1)) and is_chinese(_at(chars, i - 1))
            outside = [_at(chars, start - 1), _at(chars, i + 1)]
            if inner and any(c == "" or is_chinese(c) for c in outside):
                chars[start], chars[i] = "（", "）"
                edits += [Edit(start, "(", "（"), Edit(i, ")", "）")]
    return edits


def _quotes(chars: list[str], protected: set[int]) -> list[Edit]:
    """Straight quotes around Chinese text to “” (double) and ‘’ (single), pair by pair.
    Where a kind of quote stands an odd number of times (an inch mark, a quote left open)
    the pairs cannot be told: that kind is left as typed."""
    edits = []
    for straight, opening, closing in (('"', "“", "”"), ("'", "‘", "’")):
        marks = [i for i, c in enumerate(chars) if c == straight and i not in protected
                 and not _is_apostrophe(chars, i)]
        if len(marks) % 2:
            continue
        for start, end in zip(marks[::2], marks[1::2], strict=True):
            if _quotes_chinese(chars, start, end):
                chars[start], chars[end] = opening, closing
                edits += [Edit(start, straight, opening), Edit(end, straight, closing)]
    return edits


def _quotes_chinese(chars: list[str], start: int, end: int) -> bool:
    """A pair whose inside begins and ends with Chinese, opened in Chinese text: after a
    Chinese character or mark, a space or the start, or after `:` `,` typed after one
    (他说:"好"), never after Latin or code (title="汤阴", f("汤阴"), {"name":"汤阴"})."""
    if end <= start + 1 or not (is_chinese(chars[start + 1]) and is_chinese(chars[end - 1])):
        return False
    before = _at(chars, start - 1)
    if before in (":", ",") and is_han(_at(chars, start - 2)):
        return True
    return before in ("", " ") or is_chinese(before)


def _is_apostrophe(chars: list[str], i: int) -> bool:
    """The ' of don't or O'Neill: between two Latin letters."""
    before, after = _at(chars, i - 1), _at(chars, i + 1)
    return chars[i] == "'" and before.isascii() and before.isalpha() and \
        after.isascii() and after.isalpha()


def _runs(pattern: re.Pattern[str], replacement: str, text: str, protected: set[int],
          kin: frozenset[str]) -> list[Edit]:
    """Runs such as `...` or `--` in Chinese text become `replacement`: Chinese on one
    side, and on the other Chinese, a quote or bracket, or the text's edge."""
    edits = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if any(i in protected for i in range(start, end)):
            continue
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if before in kin or after in kin:
            continue
        if (is_chinese(before) and (is_chinese(after) or after in _CLOSERS)) or \
                (is_chinese(after) and before in _OPENERS):
            edits.append(Edit(start, match.group(), replacement))
    return edits


_CLOSERS = frozenset({"", *"\"'”’)）》」』"})
_OPENERS = frozenset({"", *"\"'“‘(（《「『"})


def rejoin(lines: tuple[str, ...]) -> str:
    """One paragraph from the lines a hard-wrapped source broke it into."""
    return "".join(text for text, _ in joined_pieces(lines))


def joined_pieces(lines: tuple[str, ...]) -> list[tuple[str, int | None]]:
    """The pieces of the rejoined paragraph: each source line with its index, and the
    space put between two lines that end and begin in Latin text (index None)."""
    pieces: list[tuple[str, int | None]] = [(lines[0], 0)]
    for n, line in enumerate(lines[1:], start=1):
        if not (is_chinese(pieces[-1][0][-1]) or is_chinese(line[0])):
            pieces.append((" ", None))
        pieces.append((line, n))
    return pieces
