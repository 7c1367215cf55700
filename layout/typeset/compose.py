"""The line composer: Chinese paragraphs broken into justified lines, per CLREQ.

A paragraph is first cut into atoms (a Han character, a punctuation mark, a Latin word or
number, a 破折号 ——, a 省略号 ……), each with its natural width and, for punctuation, the
width it has with its blank half removed. Lines are then filled greedily. Where a line
would break before a mark that may not start a line, the mark is pushed in by compressing
punctuation on the line (the line-end mark first, then others from the right); failing
that, characters are pushed out to the next line until the break is allowed. Every line
but a paragraph's last is then justified: the remaining space goes between characters,
never inside a Latin word, a number, —— or ……. A paragraph whose last line would hold a
single character is tightened, or loosened one character, until it does not.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Literal

from layout.typeset.chars import (
    AMBIGUOUS_FULL_WIDTH,
    CLOSING,
    DASH,
    ELLIPSIS,
    LEADING_BLANK,
    MIDDLE,
    NOT_AT_LINE_END,
    NOT_AT_LINE_START,
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


@dataclass(frozen=True)
class Rules:
    """How strictly lines are broken and punctuation is compressed."""

    dashes_never_start_a_line: bool = True   # —— and …… (CLREQ strict level)
    pair_to_one_em: bool = False              # adjacent pairs to 1 em instead of 1.5 em
    half_opening_at_line_start: bool = False
    max_tightening: float = 0.05              # em per gap, to pull a lone last character up


@dataclass(frozen=True)
class Atom:
    text: str
    kind: Kind
    run: str          # which font run it is set in, e.g. "body" or "dateline"
    full: float       # natural width, pt
    half: float       # width with its blank half removed, pt (== full if it has none)
    pair_halved: bool = False
    char_widths: tuple[float, ...] = ()  # for a Latin word: each character's width

    def split(self, width: float) -> tuple[Atom, Atom]:
        """A word longer than a line cut in two, the first part at most `width` wide."""
        total, cut = 0.0, 0
        while cut < len(self.text) - 1 and total + self.char_widths[cut] <= width + EPSILON:
            total += self.char_widths[cut]
            cut += 1
        cut = max(cut, 1)
        head_widths, tail_widths = self.char_widths[:cut], self.char_widths[cut:]
        head, tail = sum(head_widths), sum(tail_widths)
        return (replace(self, text=self.text[:cut], full=head, half=head, char_widths=head_widths),
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

    @property
    def has_glyph_width_of_han(self) -> bool:
        return self.kind == "han"


@dataclass(frozen=True)
class SetRun:
    """Consecutive characters of one font run on a line, with how each is set.

    `spacing` holds, per character, the letter spacing in pt the renderer gives it (half
    before the glyph, half after); `halt` the characters set at half width, `fwid` those
    that must take their full-width form.
    """

    run: str
    text: str
    spacing: tuple[float, ...]
    halt: frozenset[int]
    fwid: frozenset[int]


@dataclass(frozen=True)
class SetLine:
    runs: tuple[SetRun, ...]
    indent: float         # pt before the first character
    width: float          # pt the characters take, as set
    measure: float        # pt available after the indent
    justified: bool
    last: bool            # the last line of its paragraph

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class _Line:
    start: int
    end: int
    halved: set[int] = field(default_factory=set)


# --------------------------------------------------------------------------- atoms


def atomize(text: str, run: str, metrics: FaceMetrics) -> list[Atom]:
    """Cut `text` into atoms measured with `metrics`."""
    atoms, i = [], 0
    while i < len(text):
        j = _atom_end(text, i)
        atoms.append(_measure(text[i:j], run, metrics))
        i = j
    return atoms


def _atom_end(text: str, i: int) -> int:
    char = text[i]
    if char.isspace():
        return _run_end(text, i, str.isspace)
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
    if char.isspace():
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
        width = metrics.advance(text, "Latn")
        chars = tuple(metrics.advance(c, "Latn") for c in text)
        return Atom(text, kind, run, width, width, char_widths=chars)
    if kind == "space":
        width = metrics.advance(" ", "Latn")
        return Atom(" ", kind, run, width, width)
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


# --------------------------------------------------------------------------- breaking


def can_break(atoms: list[Atom], j: int, rules: Rules) -> bool:
    """May a line end before atoms[j]?"""
    if j <= 0 or j >= len(atoms):
        return True
    before, after = atoms[j - 1], atoms[j]
    if after.kind == "space" or before.kind == "space":
        return True
    if after.text[0] in NOT_AT_LINE_START or before.text[-1] in NOT_AT_LINE_END:
        return False
    if rules.dashes_never_start_a_line and after.kind in ("dash", "ellipsis"):
        return False
    return not (before.kind == "latin" and after.kind == "latin")


def break_paragraph(atoms: list[Atom], measure: float, indent: float,
                    rules: Rules) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    while pos < len(atoms):
        available = measure - (indent if not lines else 0)
        line = _next_line(atoms, pos, available, rules)
        lines.append(line)
        pos = line.end
        while pos < len(atoms) and atoms[pos].kind == "space":
            pos += 1
    return lines


def _next_line(atoms: list[Atom], pos: int, available: float, rules: Rules) -> _Line:
    if atoms[pos].kind == "latin" and atoms[pos].width > available + EPSILON:
        atoms[pos:pos + 1] = atoms[pos].split(available)  # a URL longer than the line
        return _Line(pos, pos + 1)
    end = _natural_end(atoms, pos, available)
    if end >= len(atoms):
        return _Line(pos, len(atoms))
    pushed_in = _push_in(atoms, pos, end, available, rules)
    if pushed_in is not None:
        return pushed_in
    return _push_out(atoms, pos, end, rules)


def _natural_end(atoms: list[Atom], pos: int, available: float) -> int:
    width, end = 0.0, pos
    while end < len(atoms) and width + atoms[end].width <= available + EPSILON:
        width += atoms[end].width
        end += 1
    return max(end, pos + 1)  # an atom wider than the line still takes a line of its own


def _push_in(atoms: list[Atom], pos: int, end: int, available: float,
             rules: Rules) -> _Line | None:
    """Take the atoms up to the next allowed break onto this line, compressing marks."""
    stop = end
    while stop < len(atoms) and not can_break(atoms, stop, rules):
        stop += 1
    if stop - end > 2:  # push in one or two marks (。”), no more
        return None
    line = _Line(pos, stop)
    overflow = line_width(atoms, line) - available
    for i in _compressible_from_the_end(atoms, line, rules):
        if overflow <= EPSILON:
            break
        line.halved.add(i)
        overflow -= atoms[i].full - atoms[i].half
    return line if overflow <= EPSILON else None


def _compressible_from_the_end(atoms: list[Atom], line: _Line, rules: Rules) -> list[int]:
    """Line-end mark first, then the other compressible marks from right to left; an
    opening mark at the line start only if the rules allow it."""
    first = line.start if rules.half_opening_at_line_start else line.start + 1
    return [i for i in range(line.end - 1, first - 1, -1) if atoms[i].can_compress]


def _push_out(atoms: list[Atom], pos: int, end: int, rules: Rules) -> _Line:
    j = end
    while j > pos + 1 and not can_break(atoms, j, rules):
        j -= 1
    return _Line(pos, j if can_break(atoms, j, rules) else end)


def line_width(atoms: list[Atom], line: _Line) -> float:
    end = _visible_end(atoms, line)
    return sum(atoms[i].half if i in line.halved else atoms[i].width
               for i in range(line.start, end))


def _visible_end(atoms: list[Atom], line: _Line) -> int:
    end = line.end
    while end > line.start and atoms[end - 1].kind == "space":
        end -= 1
    return end


# --------------------------------------------------------------------------- 段末孤字


def avoid_lone_last_character(atoms: list[Atom], lines: list[_Line], measure: float,
                              indent: float, size: float, rules: Rules) -> list[_Line]:
    """Make sure the last line does not hold a single Han character."""
    if len(lines) < 2 or not _is_lone_character(atoms, lines[-1]):
        return lines
    prev, last = lines[-2], lines[-1]
    available = measure - (indent if len(lines) == 2 else 0)
    merged = _tightened(atoms, _Line(prev.start, last.end, set(prev.halved)), available,
                        size, rules)
    if merged is not None:
        return [*lines[:-2], merged]
    loosened = _loosened(atoms, prev, last, rules)
    return [*lines[:-2], *loosened] if loosened else lines


def _is_lone_character(atoms: list[Atom], line: _Line) -> bool:
    visible = [a for a in atoms[line.start:_visible_end(atoms, line)]
               if a.kind not in PUNCTUATION_KINDS]
    return len(visible) == 1 and visible[0].kind == "han"


def _tightened(atoms: list[Atom], line: _Line, available: float, size: float,
               rules: Rules) -> _Line | None:
    overflow = line_width(atoms, line) - available
    for i in _compressible_from_the_end(atoms, line, rules):
        if overflow <= EPSILON:
            break
        line.halved.add(i)
        overflow -= atoms[i].full - atoms[i].half
    chosen = list(range(line.start, _visible_end(atoms, line)))
    budget = rules.max_tightening * size * _expansion_weight(chosen, _spaced_atoms(atoms, chosen))
    return line if overflow <= budget + EPSILON else None


def _loosened(atoms: list[Atom], prev: _Line, last: _Line, rules: Rules) -> list[_Line] | None:
    j = prev.end - 1
    while j > prev.start + 1 and not can_break(atoms, j, rules):
        j -= 1
    if j <= prev.start + 1 or not can_break(atoms, j, rules):
        return None
    return [_Line(prev.start, j), _Line(j, last.end)]


# --------------------------------------------------------------------------- setting


def set_paragraph(atoms: list[Atom], measure: float, indent: float, size: float,
                  rules: Rules) -> list[SetLine]:
    """Break and justify one paragraph into lines `measure` pt wide."""
    if not atoms:
        return []
    atoms = compress_pairs(atoms, rules)
    lines = break_paragraph(atoms, measure, indent, rules)
    lines = avoid_lone_last_character(atoms, lines, measure, indent, size, rules)
    return [_set_line(atoms, line, measure - (indent if n == 0 else 0),
                      indent if n == 0 else 0, last=n == len(lines) - 1)
            for n, line in enumerate(lines)]


def set_unjustified(atoms: list[Atom], measure: float, rules: Rules) -> list[SetLine]:
    """Lines broken by the same rules but not justified (bylines, crossheads)."""
    atoms = compress_pairs(atoms, rules)
    lines = break_paragraph(atoms, measure, 0.0, rules)
    return [_set_line(atoms, line, measure, 0.0, last=True) for line in lines]


def _set_line(atoms: list[Atom], line: _Line, measure: float, indent: float,
              last: bool) -> SetLine:
    chosen = list(range(line.start, _visible_end(atoms, line)))
    width = line_width(atoms, line)
    inner = _spaced_atoms(atoms, chosen)
    weight = _expansion_weight(chosen, inner)
    spacing = (measure - width) / weight if weight and not last else 0.0
    runs = _runs(atoms, chosen, line.halved, inner, spacing)
    return SetLine(tuple(runs), indent, width + spacing * weight, measure,
                   justified=not last, last=last)


def _spaced_atoms(atoms: list[Atom], chosen: list[int]) -> set[int]:
    """Atoms that take letter spacing: expandable ones away from the line's ends and from
    the ends of a font run (the renderer drops spacing at the edges of each run)."""
    edges = {chosen[0], chosen[-1]} if chosen else set()
    for a, b in zip(chosen, chosen[1:], strict=False):
        if atoms[a].run != atoms[b].run:
            edges |= {a, b}
    return {i for i in chosen if atoms[i].expandable and i not in edges}


def _expansion_weight(chosen: list[int], inner: set[int]) -> float:
    """Gaps that take justification space: whole ones between two spaced atoms, half ones
    beside an atom that takes none (a Latin word, a number, ——, ……, a line or run end)."""
    pairs = zip(chosen, chosen[1:], strict=False)
    return sum(((a in inner) + (b in inner)) / 2 for a, b in pairs)


def _runs(atoms: list[Atom], chosen: list[int], halved: set[int], gets_spacing: set[int],
          spacing: float) -> list[SetRun]:
    runs: list[SetRun] = []
    text, spacings, halt, fwid, current = "", [], set(), set(), None
    for i in chosen:
        atom = atoms[i]
        if current is not None and atom.run != current:
            runs.append(SetRun(current, text, tuple(spacings), frozenset(halt), frozenset(fwid)))
            text, spacings, halt, fwid = "", [], set(), set()
        current = atom.run
        for char in atom.text:
            index = len(text)
            if atom.kind not in ("latin", "space") and not is_wide(char):
                fwid.add(index)
            if (i in halved or atom.pair_halved) and atom.kind in PUNCTUATION_KINDS:
                halt.add(index)
            spacings.append(spacing if i in gets_spacing else 0.0)
            text += char
    if current is not None:
        runs.append(SetRun(current, text, tuple(spacings), frozenset(halt), frozenset(fwid)))
    return runs
