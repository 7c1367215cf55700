"""Breaking a paragraph into lines: the best set of breaks for the whole paragraph.

Every legal break (CLREQ line-start and line-end rules, —— and …… kept whole) is a
candidate. A line costs little when its justification gaps are small; a gap wider than a
tenth of an em costs a great deal (it reads as a space, to the eye and to text
extraction). A line may also be made to fit by compressing punctuation (the line-end mark
first) or by tightening its gaps slightly; both cost something. Dynamic programming over
the candidates, as in Knuth and Plass's TeX algorithm, finds the cheapest paragraph; a
last line holding a single Han character (段末孤字) is priced out.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from layout.typeset.atoms import EPSILON, PUNCTUATION_KINDS, Atom, Rules
from layout.typeset.chars import NOT_AT_LINE_END, NOT_AT_LINE_START, NOT_BESIDE_A_BREAK, UNITS

WIDEST_GAP = 0.095        # em: wider gaps read as spaces
TIGHT_GAP = 0.05          # em of tightening that passes unnoticed
LONE_CHARACTER = 5000.0   # the price of a paragraph ending on one character
MID_LINE_MARK = 2500.0    # a single mark set at half width mid-line: only before gaps
                          # that read as spaces (over 0.15 em)
OPENING_AT_LINE_START = 2.0  # an opening bracket at the line start set at half width
UNJUSTIFIABLE = 1000.0    # a short line with nothing to space out (a URL or Latin words)
BREAK_IN_URL = 100.0      # a URL broken after a / or . (twice that elsewhere in it):
                          # better than wide gaps
SPLIT_QUANTITY = 3000.0   # a number parted from its unit: only before gaps over 0.2 em
TRIMMED_LINE_END = 0.5    # the price of a line-end mark trimmed to half width
LOOKAHEAD = 80            # atoms tried per line: more than a column holds, a URL's
                          # characters counted one by one
BREAK_INSIDE_PHRASE = 50.0  # a ragged line broken elsewhere than at a space


@dataclass
class LineBreak:
    start: int
    end: int
    halved: set[int] = field(default_factory=set)
    gap: float = 0.0       # em between two spaced atoms; negative when tightened


def can_break(atoms: list[Atom], j: int, rules: Rules) -> bool:
    """May a line end before atoms[j]?"""
    if j <= 0 or j >= len(atoms):
        return True
    before, after = atoms[j - 1], atoms[j]
    if after.kind == "space" or before.kind == "space" or before.cut_after \
            or before.url_break_after:
        return True
    if after.text[0] in NOT_AT_LINE_START or before.text[-1] in NOT_AT_LINE_END:
        return False
    if after.text[0] in NOT_BESIDE_A_BREAK or before.text[-1] in NOT_BESIDE_A_BREAK:
        return False
    if rules.dashes_never_start_a_line and after.kind in ("dash", "ellipsis"):
        return False
    if j == 1 and before.kind == "dash":
        return False  # the —— that opens a 副题 stays with its text
    return not (before.kind == "latin" and after.kind == "latin")


UNIT_RUN = 3  # characters of a unit kept with its number at most: 8.6万吨, 2300余名


def _break_price(atoms: list[Atom], j: int) -> float:
    """What a break before atoms[j] costs beyond its lines: inside a URL, or between a
    number and its unit."""
    if 0 < j < len(atoms) and atoms[j - 1].url_break_after:
        return BREAK_IN_URL * atoms[j - 1].url_break_after
    return SPLIT_QUANTITY if _inside_a_quantity(atoms, j) else 0.0


def _inside_a_quantity(atoms: list[Atom], j: int) -> bool:
    """Between a number and its unit (8.6万吨, 41.7%, 5℃), or inside the unit."""
    if not 0 < j < len(atoms):
        return False
    k = j
    while k > 0 and j - k < UNIT_RUN and atoms[k - 1].text in UNITS:
        k -= 1
    if k == 0 or j - k >= UNIT_RUN:
        return False
    number = atoms[k - 1]
    return number.kind == "latin" and number.text[-1].isdigit() and atoms[j].text in UNITS


@dataclass(frozen=True)
class Pass:
    """One attempt at a paragraph: which lines are tried."""

    shortfall: float | None      # lines shorter than this (pt) are not tried
    breaks: frozenset[int] | None = None   # atom indices a line may end before, or any
    anywhere: bool = False       # the line rules set aside: text is never dropped


def break_paragraph(atoms: list[Atom], measure: float, indent: float, size: float,
                    rules: Rules, justified: bool = True,
                    words: frozenset[int] | None = None) -> list[LineBreak]:
    """The cheapest lines for `atoms` (split in place where a word is wider than a line).

    Lines more than two ems short are only tried when nothing else works. `words`, for
    unjustified lines, are the offsets in the text where words start: breaks elsewhere
    are tried only when no line breaks between words. Where no set of lines keeps the
    line-start and line-end rules (a run of marks and figures longer than a line), the
    rules give way: a paragraph is never left out."""
    _split_long_words(atoms, measure - indent)
    measured = Measured(atoms)
    starts = _atom_indices(atoms, words) if words is not None else None
    passes = [Pass(2 * size if justified else None, starts), Pass(None, starts)]
    if starts is not None:
        passes.append(Pass(None))
    passes.append(Pass(None, anywhere=True))
    for attempt in passes:
        if lines := _cheapest(measured, measure, indent, size, rules, justified, attempt):
            return lines
    raise AssertionError("a paragraph found no lines even with every break allowed")


def _atom_indices(atoms: list[Atom], offsets: frozenset[int]) -> frozenset[int]:
    """The indices of the atoms that begin at the given character offsets."""
    indices, offset = set(), 0
    for i, atom in enumerate(atoms):
        if offset in offsets:
            indices.add(i)
        offset += len(atom.text)
    return frozenset(indices)


def _cheapest(measured: Measured, measure: float, indent: float, size: float, rules: Rules,
              justified: bool, attempt: Pass) -> list[LineBreak]:
    atoms, shortfall = measured.atoms, attempt.shortfall
    ends = [j for j in range(1, len(atoms) + 1)
            if attempt.anywhere or can_break(atoms, j, rules)
            and (attempt.breaks is None or j in attempt.breaks or j == len(atoms))]
    widths = _prefix_sums(measured.widths)
    savings = _prefix_sums(w - h for w, h in zip(measured.widths, measured.halves, strict=True))
    break_prices = {j: _break_price(atoms, j) for j in ends}
    best: dict[int, tuple[float, int, LineBreak | None]] = {0: (0.0, -1, None)}
    for i in [0, *ends]:
        if i not in best or i == len(atoms):
            continue
        start = _skip_spaces(measured, i)
        available = measure - (indent if i == 0 else 0.0)
        tightening = rules.max_tightening * size
        nearest = bisect.bisect_right(ends, start)
        for j in ends[nearest:bisect.bisect_right(ends, start + LOOKAHEAD, lo=nearest)]:
            # However compressed and tightened, the line would not fit: nor will longer ones.
            shortest = widths[j] - widths[start] - (savings[j] - savings[start])
            if shortest - tightening * (j - start) > available + EPSILON:
                break
            natural = widths[j] - widths[start]
            if shortfall is not None and j < len(atoms) and natural < available - shortfall:
                continue
            line = _priced_line(measured, start, j, available, size, rules,
                                last=j == len(atoms), ragged=not justified)
            if line is None:
                continue
            cost = best[i][0] + line[0] + break_prices[j]
            if j not in best or cost < best[j][0]:
                best[j] = (cost, i, line[1])
    return _walk_back(best, len(atoms)) if len(atoms) in best else []


def _prefix_sums(values) -> list[float]:
    sums = [0.0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


def _skip_spaces(measured: Measured, i: int) -> int:
    spaces = measured.spaces
    while i < len(spaces) and spaces[i]:
        i += 1
    return i


def _walk_back(best: dict[int, tuple[float, int, LineBreak | None]], end: int) -> list[LineBreak]:
    lines: list[LineBreak] = []
    while end > 0:
        _, previous, line = best[end]
        assert line is not None  # only the start, 0, has no line leading to it
        lines.append(line)
        end = previous
    return lines[::-1]


def _split_long_words(atoms: list[Atom], width: float) -> None:
    i = 0
    while i < len(atoms):
        if atoms[i].kind == "latin" and atoms[i].width > width + EPSILON and len(atoms[i].text) > 1:
            atoms[i:i + 1] = atoms[i].split(width)
        i += 1


# --------------------------------------------------------------------------- pricing


def _priced_line(measured: Measured, start: int, end: int, available: float, size: float,
                 rules: Rules, last: bool, ragged: bool) -> tuple[float, LineBreak] | None:
    """The cheapest way to set atoms[start:end] on one line, and its price; None if it
    cannot fit however compressed and tightened. Marks are compressed one more at a time,
    the line-end mark first, while the line is too long."""
    best = None
    order: list[int] | None = None   # the marks that may be compressed, once asked
    k = 0
    while True:
        line = LineBreak(start, end, set(order[:k]) if order else set())
        slack = available - measured.width(line)
        price = (_ragged_price(measured, line, slack, size) if ragged
                 else _price(measured, line, slack, size, rules, last))
        if price is not None and (best is None or price < best[0]):
            best = (price, line)
        if slack >= -EPSILON:
            return best  # compressing more would only widen the gaps
        if order is None:
            order = measured.compressible_from_the_end(start, end, rules)
        k += 1
        if k > len(order):
            return best


def _price(measured: Measured, line: LineBreak, slack: float, size: float, rules: Rules,
           last: bool) -> float | None:
    """The price of `line`, `slack` pt short of its measure (negative: too long)."""
    price = sum(_compression_price(measured, line, i) for i in line.halved)
    if last:
        if slack < -EPSILON:
            return None
        return price + (LONE_CHARACTER if _is_lone_character(measured, line) else 0.0)
    weight = measured.weight(line, tightening=slack < 0)
    if weight == 0:  # nothing to justify with: the line must fit as it is, short if need be
        if slack < -EPSILON:
            return None
        return price + _short_line_price(measured, line, slack, size, rules)
    line.gap = slack / weight / size
    if line.gap < -rules.max_tightening - EPSILON / size:
        return None
    return price + _gap_price(line.gap, rules)


def _short_line_price(measured: Measured, line: LineBreak, slack: float, size: float,
                      rules: Rules) -> float:
    """A line too short to space out: one with a URL or Latin words may stand short; one
    of Chinese characters alone (一行只有“标题”二字) is priced as the gaps that would
    fill it, which any other set of lines beats."""
    atoms = measured.atoms
    kinds = [atoms[i].kind for i in range(line.start, measured.visible_end(line))]
    if "han" not in kinds or "latin" in kinds:
        return UNJUSTIFIABLE + (slack / size) ** 2 * 100 if slack > EPSILON else 0.0
    gaps = max(kinds.count("han") - 1, 1)
    alone = LONE_CHARACTER if _is_lone_character(measured, line) else 0.0
    return alone + _gap_price(slack / gaps / size, rules)


def _compression_price(measured: Measured, line: LineBreak, i: int) -> float:
    """A mark at the line's end may be trimmed, an opening mark at its start may lose its
    blank half; a single mark in mid-line set at half width reads as a Latin comma."""
    if i == measured.visible_end(line) - 1:
        return TRIMMED_LINE_END
    return OPENING_AT_LINE_START if i == line.start else MID_LINE_MARK


def _ragged_price(measured: Measured, line: LineBreak, slack: float,
                  size: float) -> float | None:
    """Lines that are not justified (crossheads, bylines): balanced, broken between
    phrases where the text has spaces, never one character alone."""
    if slack < -EPSILON:
        return None
    spaces = measured.spaces
    at_phrase = line.end == len(spaces) or spaces[line.end]
    price = (slack / size) ** 2 + (0.0 if at_phrase else BREAK_INSIDE_PHRASE)
    return price + (LONE_CHARACTER if _is_lone_character(measured, line) else 0.0)


def _gap_price(gap: float, rules: Rules) -> float:
    if gap < 0:  # tightening: cheap to a twentieth of an em, dearer beyond
        return 20 * (gap / TIGHT_GAP) ** 2
    price = 10 * (gap / WIDEST_GAP) ** 2
    return price + (1000 + 10000 * gap if gap > WIDEST_GAP else 0.0)


def _is_lone_character(measured: Measured, line: LineBreak) -> bool:
    visible = [a for a in measured.atoms[line.start:measured.visible_end(line)]
               if a.kind not in PUNCTUATION_KINDS]
    return len(visible) == 1 and visible[0].kind == "han"


# --------------------------------------------------------------------------- measuring


class Measured:
    """A paragraph's atoms as the breaker reads them, in plain lists: it prices tens of
    thousands of lines a page, each through its atoms' widths and spacing."""

    def __init__(self, atoms: list[Atom]):
        self.atoms = atoms
        self.widths = [atom.width for atom in atoms]
        self.halves = [atom.half for atom in atoms]
        self.spaces = [atom.kind == "space" for atom in atoms]
        self._compressible = [atom.can_compress and atom.kind in PUNCTUATION_KINDS
                              for atom in atoms]
        # Per atom, 1 if it takes justification space when not at a line's end: expandable,
        # in the same font run as both neighbours (the renderer drops spacing at the edges
        # of a run); a word space is widened but never narrowed (tightening).
        inner = [0 < i < len(atoms) - 1 and atom.expandable
                 and atoms[i - 1].run == atom.run == atoms[i + 1].run
                 for i, atom in enumerate(atoms)]
        self._spread = bytes(inner)
        self._spread_tight = bytes(take and not space
                                   for take, space in zip(inner, self.spaces, strict=True))
        # Per boundary, where the atoms before it end once trailing spaces are dropped.
        self._unspaced_end = [0]
        for n, space in enumerate(self.spaces, start=1):
            self._unspaced_end.append(self._unspaced_end[-1] if space else n)

    def visible_end(self, line: LineBreak) -> int:
        """Where the line's visible atoms end: trailing spaces are not set."""
        return max(line.start, self._unspaced_end[line.end])

    def width(self, line: LineBreak) -> float:
        """The line's natural width, its halved marks at half width."""
        widths = self.widths[line.start:self.visible_end(line)]
        for i in line.halved:
            widths[i - line.start] = self.halves[i]
        return sum(widths)

    def weight(self, line: LineBreak, tightening: bool = False) -> float:
        """Units of justification space the line can take (or give up, `tightening`); one
        unit is its widest gap: the sum of `spacing_multiples`, counted without listing the
        atoms (the breaker asks it of every line it tries). A chain of L spaced atoms takes
        L units, or L + 1 when L is odd."""
        first, last = line.start, self.visible_end(line) - 1
        spread = self._spread_tight if tightening else self._spread
        chains = spread[first + 1:last].split(b"\0") if last > first + 1 else []
        return float(sum(len(chain) + (len(chain) & 1) for chain in chains))

    def compressible_from_the_end(self, start: int, end: int, rules: Rules) -> list[int]:
        """The line-end mark, then an opening mark at the line start if the rules allow
        it, then the marks inside the line from right to left (priced as a last resort)."""
        last = self.visible_end(LineBreak(start, end)) - 1
        edges = [last] + ([start] if rules.half_opening_at_line_start and start < last else [])
        inside = range(last - 1, start, -1)
        compressible = self._compressible
        return [i for i in [*edges, *inside] if compressible[i]]


def spaced_atoms(atoms: list[Atom], chosen: list[int], tightening: bool = False) -> set[int]:
    """Atoms that take letter spacing: expandable ones away from the line's ends and from
    the ends of a font run (the renderer drops spacing at the edges of each run). A word
    space is widened but never narrowed: squeezed, it would join the words."""
    edges = _edges(atoms, chosen)
    return {i for i in chosen if atoms[i].expandable and i not in edges
            and not (tightening and atoms[i].kind == "space")}


def _edges(atoms: list[Atom], chosen: list[int]) -> set[int]:
    """The line's first and last atoms, and those at either side of a change of font run:
    the renderer gives them no spacing."""
    edges = {chosen[0], chosen[-1]} if chosen else set()
    for a, b in zip(chosen, chosen[1:], strict=False):
        if atoms[a].run != atoms[b].run:
            edges |= {a, b}
    return edges


def url_letter_spacing(atoms: list[Atom], chosen: list[int], slack: float,
                       size: float) -> dict[int, int]:
    """For a justified line with nothing to space out but a URL or path (ample.org/a?b=1&
    on a line of its own), the spacing multiples that spread its `slack` between the URL's
    characters, if no gap need be wider than WIDEST_GAP; else none: a line that would be
    letter-spaced further is left short, as a URL copied from the PDF would then read with
    spaces in it (pdftotext parts letters from about 0.14 em)."""
    in_url = {i for i in chosen if atoms[i].url_break_after}
    edges = _edges(atoms, chosen)
    letters = {i for i in chosen if (i in in_url or i - 1 in in_url) and i not in edges}
    multiples = _multiples(chosen, letters)
    units = sum(multiples.values())
    if not units or slack / units / size > WIDEST_GAP:
        return {}
    return multiples


def spacing_multiples(atoms: list[Atom], chosen: list[int],
                      tightening: bool = False) -> dict[int, int]:
    """How many units of justification space each spaced atom takes (`_multiples`)."""
    return _multiples(chosen, spaced_atoms(atoms, chosen, tightening))


def _multiples(chosen: list[int], spaced: set[int]) -> dict[int, int]:
    """The units each of the `spaced` atoms of a line takes.

    The renderer puts half of an atom's spacing before its glyph and half after, and an
    atom that takes none (a Latin word, ——, a line end) gives nothing to its gaps. In a
    chain of spaced atoms between two such walls, spacings of 2, 0, 2, ..., 2 units make
    every gap, walls included, exactly one unit; a chain of even length cannot, and takes
    1 unit each (half-unit gaps at its ends).
    """
    multiples: dict[int, int] = {}
    chain: list[int] = []
    for i in [*chosen, None]:
        if i is not None and i in spaced:
            chain.append(i)
            continue
        if len(chain) % 2:
            multiples.update({atom: 2 * (1 - n % 2) for n, atom in enumerate(chain)})
        else:
            multiples.update({atom: 1 for atom in chain})
        chain = []
    return multiples
