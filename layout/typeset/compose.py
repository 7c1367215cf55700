"""Setting composed lines: which characters get letter spacing and which half width.

A paragraph's atoms (typeset.atoms) are broken into lines (typeset.breaking); every line
but a paragraph's last is then justified. The space left on the line goes between
characters, never inside a Latin word, a number, —— or ……: each spaced character gets
the same letter spacing, which the renderer puts half before and half after its glyph.
Marks set at half width (adjacent pairs, trimmed line ends, pushed-in marks) are set with
the font's own half-width forms (OpenType halt).
"""

from __future__ import annotations

from dataclasses import dataclass

from layout.typeset.atoms import PUNCTUATION_KINDS, Atom, Rules, compress_pairs
from layout.typeset.breaking import (
    LineBreak,
    Measured,
    break_paragraph,
    spacing_multiples,
    url_letter_spacing,
)
from layout.typeset.chars import is_wide


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
    size: float


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


def set_paragraph(atoms: list[Atom], measure: float, indent: float, size: float,
                  rules: Rules, break_measure: float | None = None) -> list[SetLine]:
    """Break and justify one paragraph into lines `measure` pt wide. Breaking at another
    `break_measure` and justifying to `measure` changes the tracking (auto-fit)."""
    if not atoms:
        return []
    atoms = compress_pairs(atoms, rules)
    lines = break_paragraph(atoms, break_measure or measure, indent, size, rules)
    measured = Measured(atoms)
    return [_set_line(measured, line, measure - (indent if n == 0 else 0),
                      indent if n == 0 else 0, size, last=n == len(lines) - 1)
            for n, line in enumerate(lines)]


def set_unjustified(atoms: list[Atom], measure: float, size: float, rules: Rules,
                    words: frozenset[int] | None = None) -> list[SetLine]:
    """Lines broken by the same rules but not justified (headlines, bylines, crossheads),
    between the words that start at the offsets `words` where they can be."""
    atoms = compress_pairs(atoms, rules)
    lines = break_paragraph(atoms, measure, 0.0, size, rules, justified=False, words=words)
    measured = Measured(atoms)
    return [_set_line(measured, line, measure, 0.0, size, last=True) for line in lines]


def _set_line(measured: Measured, line: LineBreak, measure: float, indent: float, size: float,
              last: bool) -> SetLine:
    atoms = measured.atoms
    chosen = list(range(line.start, measured.visible_end(line)))
    width = measured.width(line)
    tightening = measure < width
    weight = measured.weight(line, tightening)
    multiples = spacing_multiples(atoms, chosen, tightening)
    if not weight and not last and not tightening:
        multiples = url_letter_spacing(atoms, chosen, measure - width, size)
        weight = sum(multiples.values())
    spacing = (measure - width) / weight if weight and not last else 0.0
    runs = _runs(atoms, chosen, line.halved, multiples, spacing, size)
    return SetLine(tuple(runs), indent, width + spacing * weight, measure,
                   justified=not last, last=last)


def _runs(atoms: list[Atom], chosen: list[int], halved: set[int], multiples: dict[int, int],
          spacing: float, size: float) -> list[SetRun]:
    runs: list[SetRun] = []
    text, spacings, halt, fwid, current = "", [], set(), set(), None
    for i in chosen:
        atom = atoms[i]
        if current is not None and atom.run != current:
            runs.append(SetRun(current, text, tuple(spacings), frozenset(halt), frozenset(fwid),
                               size))
            text, spacings, halt, fwid = "", [], set(), set()
        current = atom.run
        for char in atom.text:
            index = len(text)
            if atom.kind not in ("latin", "space") and not is_wide(char):
                fwid.add(index)
            if (i in halved or atom.pair_halved) and atom.kind in PUNCTUATION_KINDS:
                halt.add(index)
            spacings.append(spacing * multiples.get(i, 0))
            text += char
    if current is not None:
        runs.append(SetRun(current, text, tuple(spacings), frozenset(halt), frozenset(fwid),
                               size))
    return runs
