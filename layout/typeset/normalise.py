"""Cleaning the punctuation of reporters' text before it is set, listing every change.

Copy arrives with ASCII punctuation between Chinese characters, straight quotes, `...` for
an ellipsis and `--` for a dash. Each becomes its Chinese form where the context is
Chinese; digits, Latin words, URLs, decimals (3.6), times (10:30) and grouped numbers
(1,800) are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from layout.typeset.chars import is_wide

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）",
              ".": "。"}
_URL = re.compile(r"(?:https?://|www\.)[\w\-./?%&=:#~+@!,;]*[\w/]", re.ASCII)
_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|…{3,}|(?<!…)…(?!…)")
_DASH = re.compile(r"(?<=[^\x00-\x7f])\s*(?:--+|-|–|—)\s*(?=[^\x00-\x7f])")


@dataclass(frozen=True)
class Change:
    where: str      # e.g. "block 3"
    before: str
    after: str
    context: str    # a few characters around the change, after it

    def __str__(self) -> str:
        return f"{self.where}: {self.before!r} -> {self.after!r} in “{self.context}”"


def rejoin(lines: tuple[str, ...]) -> str:
    """One paragraph from the lines a hard-wrapped source broke it into."""
    text = lines[0]
    for line in lines[1:]:
        text += ("" if is_wide(text[-1]) or is_wide(line[0]) else " ") + line
    return text


def normalise(text: str, where: str) -> tuple[str, list[Change]]:
    changes: list[Change] = []
    protected = _protect_urls(text)
    for step in (_ellipses, _dashes, _quotes, _ascii_marks):
        text = step(text, protected, where, changes)
        protected = _protect_urls(text)
    return text, changes


def _protect_urls(text: str) -> set[int]:
    return {i for match in _URL.finditer(text) for i in range(match.start(), match.end())}


def _ellipses(text: str, protected: set[int], where: str, changes: list[Change]) -> str:
    return _substitute(_ELLIPSIS, "……", text, protected, where, changes, chinese_only=True)


def _dashes(text: str, protected: set[int], where: str, changes: list[Change]) -> str:
    return _substitute(_DASH, "——", text, protected, where, changes, chinese_only=False)


def _substitute(pattern: re.Pattern, replacement: str, text: str, protected: set[int],
                where: str, changes: list[Change], chinese_only: bool) -> str:
    out, last = [], 0
    for match in pattern.finditer(text):
        if match.start() in protected or match.group() == replacement:
            continue
        if chinese_only and not _chinese_nearby(text, match.start(), match.end()):
            continue
        out.append(text[last:match.start()] + replacement)
        last = match.end()
        changes.append(Change(where, match.group(), replacement,
                              _context(text, match.start(), match.end())))
    return "".join(out) + text[last:]


def _quotes(text: str, protected: set[int], where: str, changes: list[Change]) -> str:
    """Straight quotes to “” and ‘’, nested: double outside, single inside."""
    chars, depth = list(text), []
    for i, char in enumerate(chars):
        if char not in "\"'" or i in protected or _is_apostrophe(text, i):
            continue
        kind = "double" if char == '"' else "single"
        closing = bool(depth) and depth[-1] == kind
        if closing:
            depth.pop()
        else:
            depth.append(kind)
        chars[i] = {("double", False): "“", ("double", True): "”",
                    ("single", False): "‘", ("single", True): "’"}[kind, closing]
        changes.append(Change(where, char, chars[i], _context(text, i, i + 1)))
    return "".join(chars)


def _is_apostrophe(text: str, i: int) -> bool:
    """The ' of don't or O'Neill: between two Latin letters."""
    return (text[i] == "'" and 0 < i < len(text) - 1
            and text[i - 1].isascii() and text[i - 1].isalpha()
            and text[i + 1].isascii() and text[i + 1].isalpha())


def _ascii_marks(text: str, protected: set[int], where: str, changes: list[Change]) -> str:
    chars = list(text)
    for i, char in enumerate(text):
        if char in FULL_WIDTH and i not in protected and _in_chinese(text, i):
            chars[i] = FULL_WIDTH[char]
            changes.append(Change(where, char, chars[i], _context(text, i, i + 1)))
    return "".join(chars)


def _in_chinese(text: str, i: int) -> bool:
    """An ASCII mark with Chinese on one side, and not inside a number (3.6, 1,800, 10:30)."""
    before = _neighbour(text, i, -1)
    after = _neighbour(text, i, +1)
    if before.isdigit() and after.isdigit():
        return False
    if text[i] == ".":  # a full stop only after Chinese, never inside a number or a name
        return is_wide(before) and not (after.isascii() and after.isalnum())
    if text[i] == "(":
        return is_wide(before) or is_wide(after)
    if text[i] == ")":
        return is_wide(before) or is_wide(after) or _opened_in_chinese(text, i)
    return is_wide(before) or is_wide(after)


def _opened_in_chinese(text: str, i: int) -> bool:
    return text.rfind("（", 0, i) > text.rfind("）", 0, i)


def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] == " ":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _chinese_nearby(text: str, start: int, end: int) -> bool:
    return is_wide(_neighbour(text, start, -1) or " ") or is_wide(
        _neighbour(text, end - 1, +1) or " ")


def _context(text: str, start: int, end: int, radius: int = 6) -> str:
    return text[max(0, start - radius):end + radius]
