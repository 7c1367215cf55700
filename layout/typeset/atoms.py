"""Atoms: the units the composer breaks lines between, measured as they will be set.

An atom is a Han character, a punctuation mark, a Latin word or number (never split),
a 破折号 —— or a 省略号 …… (never split), or a space. Punctuation knows the width it has
with its blank half removed, for compression.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import Literal

from layout.typeset.chars import (
    AMBIGUOUS_FULL_WIDTH,
    CLOSING,
    DASH,
    ELLIPSIS,
    LEADING_BLANK,
    MIDDLE,
    OPENING,
    STOPS,
    TRAILING_BLANK,
    is_han,
    is_wide,
)
from layout.typeset.metrics import FaceMetrics

Kind = Literal["han", "open", "close", "stop", "middle", "dash", "ellipsis", "latin", "space",
               "other"]
PUNCTUATION_KINDS = ("open", "close", "stop", "middle")
EPSILON = 0.01  # pt
# Latin runs are set without kerning or ligatures (the stylesheet says so too), so that a
# word cut at a line end measures the sum of its characters.
LATIN_FEATURES = frozenset({"-kern", "-liga", "-clig"})


@dataclass(frozen=True)
class Rules:
    """How strictly lines are broken and punctuation is compressed."""

    dashes_never_start_a_line: bool = True   # —— and …… (CLREQ strict level)
    pair_to_one_em: bool = False              # adjacent pairs to 1 em instead of 1.5 em
    half_opening_at_line_start: bool = True    # when nothing else makes the line fit
    max_tightening: float = 0.1               # em per gap a line may be tightened by


@dataclass(frozen=True)
class Atom:
    text: str
    kind: Kind
    run: str          # which font run it is set in, e.g. "body" or "dateline"
    full: float       # natural width, pt
    half: float       # width with its blank half removed, pt (== full if it has none)
    pair_halved: bool = False
    char_widths: tuple[float, ...] = ()  # for a Latin word: each character's width
    cut_after: bool = False              # the head of a word too long for a line
    url_break_after: int = 0             # URL_MARK / URL_CHAR: a URL may break after it

    def split(self, width: float) -> tuple[Atom, Atom]:
        """A word longer than a line cut in two, the first part at most `width` wide."""
        total, cut = 0.0, 0
        while cut < len(self.text) - 1 and total + self.char_widths[cut] <= width + EPSILON:
            total += self.char_widths[cut]
            cut += 1
        cut = max(cut, 1)
        head_widths, tail_widths = self.char_widths[:cut], self.char_widths[cut:]
        head, tail = sum(head_widths), sum(tail_widths)
        return (replace(self, text=self.text[:cut], full=head, half=head, char_widths=head_widths,
                        cut_after=True),
                replace(self, text=self.text[cut:], full=tail, half=tail, char_widths=tail_widths))

    @property
    def width(self) -> float:
        return self.half if self.pair_halved else self.full

    @property
    def can_compress(self) -> bool:
        return not self.pair_halved and self.half < self.full - EPSILON

    @property
    def expandable(self) -> bool:
        """May take justification space on its sides."""
        return self.kind not in ("latin", "dash", "ellipsis")


def atomize(text: str, run: str, metrics: FaceMetrics) -> list[Atom]:
    """Cut `text` into atoms measured with `metrics`."""
    atoms, i = [], 0
    while i < len(text):
        j = _atom_end(text, i)
        pieces = _url_pieces(text[i:j])
        for n, piece in enumerate(pieces):
            atom = _measure(piece, run, metrics)
            if n < len(pieces) - 1:
                atom = replace(atom, url_break_after=URL_MARK if piece in _URL_MARKS else URL_CHAR)
            atoms.append(atom)
        i = j
    return atoms


_URL_MARKS = "/.?&=@-_"
IDEOGRAPHIC_SPACE = "\u3000"
URL_MARK, URL_CHAR = 1, 2   # a URL may break after one of its marks, or, dearer, anywhere


def _url_pieces(word: str) -> list[str]:
    """A URL, path or e-mail address in characters (a line may break inside it when it
    must, after a / . ? & = @ by preference); any other word whole."""
    if "/" not in word and "@" not in word:
        return [word]
    return list(word)


def _atom_end(text: str, i: int) -> int:
    char = text[i]
    if char == IDEOGRAPHIC_SPACE:
        return i + 1   # one em wide, set like a character
    if char.isspace():
        return _run_end(text, i, lambda c: c.isspace() and c != IDEOGRAPHIC_SPACE)
    if char in (DASH, ELLIPSIS):
        return _run_end(text, i, lambda c: c == char)
    if _is_latin(char):
        return _run_end(text, i, _is_latin)
    return i + 1


def _run_end(text: str, i: int, belongs) -> int:
    j = i + 1
    while j < len(text) and belongs(text[j]):
        j += 1
    return j


def _is_latin(char: str) -> bool:
    """Letters, digits and signs of Western text: set in a Latin run, never split."""
    if char.isspace() or is_wide(char) or char in AMBIGUOUS_FULL_WIDTH:
        return False
    return char.isascii() or char.isalnum() or not _is_east_asian_symbol(char)


def _is_east_asian_symbol(char: str) -> bool:
    return unicodedata.east_asian_width(char) == "A" and unicodedata.category(char)[0] in "PS"


def _kind(text: str) -> Kind:
    char = text[0]
    if char.isspace() and char != IDEOGRAPHIC_SPACE:
        return "space"
    if char == DASH and len(text) > 1:
        return "dash"
    if char == ELLIPSIS:
        return "ellipsis"
    if char in OPENING:
        return "open"
    if char in CLOSING:
        return "close"
    if char in STOPS:
        return "stop"
    if char in MIDDLE:
        return "middle"
    if _is_latin(char):
        return "latin"
    return "han" if is_han(char) else "other"


def _measure(text: str, run: str, metrics: FaceMetrics) -> Atom:
    kind = _kind(text)
    if kind == "latin":
        width = metrics.advance(text, "Latn", LATIN_FEATURES)
        chars = tuple(metrics.advance(c, "Latn", LATIN_FEATURES) for c in text)
        return Atom(text, kind, run, width, width, char_widths=chars)
    if kind == "space":  # as many as were typed: the text is printed as written
        width = metrics.advance(" ", "Latn") * len(text)
        return Atom(text, kind, run, width, width)
    fwid = frozenset({"fwid"}) if not is_wide(text[0]) else frozenset()
    full = metrics.advance(text, "Hani", fwid)
    half = full
    if kind in PUNCTUATION_KINDS:
        half = min(full, metrics.advance(text, "Hani", fwid | {"halt"}))
    return Atom(text, kind, run, full, half)


def compress_pairs(atoms: list[Atom], rules: Rules) -> list[Atom]:
    """Adjacent punctuation (。” ”， ）（ 》《 ...) loses the blank between the marks."""
    atoms = list(atoms)
    for i in range(len(atoms) - 1):
        a, b = atoms[i], atoms[i + 1]
        if a.kind not in PUNCTUATION_KINDS or b.kind not in PUNCTUATION_KINDS:
            continue
        if a.text[-1] in TRAILING_BLANK and a.can_compress:
            atoms[i] = replace(a, pair_halved=True)
            if rules.pair_to_one_em and b.text[0] in LEADING_BLANK and b.can_compress:
                atoms[i + 1] = replace(b, pair_halved=True)
        elif b.text[0] in LEADING_BLANK and b.can_compress:
            atoms[i + 1] = replace(b, pair_halved=True)
    return atoms
