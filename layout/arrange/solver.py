"""The page as a constraint program: every module to place takes one of its shapes and a
place on the grid, no two modules overlap, none covers what the editor fixed (the masthead,
the modules already placed), and the page is filled (OR-Tools CP-SAT).

What is required: the rectangles tile the free part of the type area without overlap; the
lead stands highest; a module of higher priority never gets a smaller headline than one
below it. What is preferred, in this order: no white left (each grid cell counts heavily),
few empty lines, modules not squeezed into one tall column, higher priorities higher up
and further left. Alternatives are found by asking again for a layout that differs from
every one found in the shape or place of at least one module.

The search runs on one worker with a deterministic time limit, so that the same issue
gives the same alternatives in the same order on any machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from layout.arrange.shapes import Candidate, Shape

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import CpModel, CpSolver, IntervalVar, IntVar, LinearExpr

HOLE_COST = 10_000       # a grid cell left white
EMPTY_LINE_COST = 40     # a line left empty in an article
NARROW_COST = 300        # a long article set in one column
NARROW_LINES = 20        # ... taller than this many lines
AIR_COST = 15            # a line of white given to a headline
CROP_COST = 20           # a line cut from, or added to, a photo's proportions
LARGER_TITLE_COST = 10   # a step past the usual title size of the headline's class
HEIGHT_COST = 2          # per line a module stands lower, times its rank from the bottom, squared
LEFT_COST = 1            # per column it stands further right, likewise
LEAD_NARROW_COST = 40    # per column the lead is narrower than the page
SECOND_NARROW_COST = 15  # per column the second article is narrower than the page
PHOTO_NARROW_COST = 30   # per column a photo is narrower than its module
FIRST_SEARCH = 0.8       # deterministic seconds (the solver's work units) for the best layout
NEXT_SEARCH = 0.3        # ... and for each alternative after it
SEARCH_WORKERS = 2       # interleaved in one thread: the same search on every machine


@dataclass(frozen=True)
class Block:
    """A rectangle of grid cells: 1-based column, top line, span and lines."""

    column: int
    top: int
    span: int
    lines: int


@dataclass(frozen=True)
class Placement:
    candidate: Candidate
    shape: Shape
    column: int
    top: int

    @property
    def block(self) -> Block:
        return Block(self.column, self.top, self.shape.span, self.shape.lines)


@dataclass(frozen=True)
class Layout:
    placements: tuple[Placement, ...]
    holes: int          # grid cells of the free area left white
    cost: int           # the objective: lower is better


def arrange_page(columns: int, lines: int, fixed: list[Block], candidates: list[Candidate],
                 alternatives: int) -> list[Layout]:
    """Up to `alternatives` layouts of `candidates` around `fixed`, best first; [] when
    they cannot all be placed at all."""
    from ortools.sat.python import cp_model  # imported here: it takes a while to load

    model = cp_model.CpModel()
    program = _Program(model, columns, lines, fixed, candidates)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = SEARCH_WORKERS
    solver.parameters.interleave_search = True
    solver.parameters.random_seed = 1
    layouts: list[Layout] = []
    while len(layouts) < alternatives:
        solver.parameters.max_deterministic_time = NEXT_SEARCH if layouts else FIRST_SEARCH
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        layout = program.layout(solver)
        layouts.append(layout)
        program.exclude(layout)
    return layouts


class _Program:
    """The variables and constraints of one page."""

    def __init__(self, model: CpModel, columns: int, lines: int, fixed: list[Block],
                 candidates: list[Candidate]):
        from ortools.sat.python import cp_model
        from ortools.sat.python.cp_model import LinearExpr

        self.model = model
        self.candidates = candidates
        m = model
        self.chosen = [[m.new_bool_var(f"shape {i}.{k}") for k in range(len(c.shapes))]
                       for i, c in enumerate(candidates)]
        self.x = [m.new_int_var(1, columns, f"column {i}") for i in range(len(candidates))]
        first = _first_free_line(fixed, columns, lines)
        self.y = [m.new_int_var(first, lines - 1, f"top {i}") for i in range(len(candidates))]
        x_intervals, y_intervals, areas = [], [], []
        self.sizes: list[tuple[IntVar, IntVar]] = []   # (span, lines) of each module
        for i in range(len(candidates)):
            m.add_exactly_one(self.chosen[i])
            span = self.of_shape(i, lambda s: s.span)
            height = self.of_shape(i, lambda s: s.lines)
            m.add(self.x[i] + span <= columns + 1)
            m.add(self.y[i] + height <= lines)
            x_interval, span_variable = self._interval(self.x[i], span, f"columns {i}")
            y_interval, lines_variable = self._interval(self.y[i], height, f"lines {i}")
            x_intervals.append(x_interval)
            y_intervals.append(y_interval)
            self.sizes.append((span_variable, lines_variable))
            areas.append(self.of_shape(i, lambda s: s.area))
        for block in fixed:
            x_intervals.append(m.new_fixed_size_interval_var(block.column, block.span, "fixed"))
            y_intervals.append(m.new_fixed_size_interval_var(block.top, block.lines, "fixed"))
        m.add_no_overlap_2d(x_intervals, y_intervals)
        # Implied, and they speed the search: no column holds more lines than the page,
        # no band of lines more columns.
        heights = [lines_variable for _span, lines_variable in self.sizes] + \
            [block.lines for block in fixed]
        spans = [span_variable for span_variable, _lines in self.sizes] + \
            [block.span for block in fixed]
        m.add_cumulative(x_intervals, heights, lines)
        m.add_cumulative(y_intervals, spans, columns)
        free = columns * lines - sum(_clipped_area(b, columns, lines) for b in fixed)
        holes = free - LinearExpr.sum(areas)
        m.add(holes >= 0)
        self._order()
        m.minimize(HOLE_COST * holes + self._preferences())
        # Try the modules in order of priority, each as high and as far left as it goes:
        # how an editor fills a page, and a good first layout for the search to improve.
        ranked = _ranked(candidates)
        m.add_decision_strategy([v for i in ranked for v in (self.y[i], self.x[i])],
                                cp_model.CHOOSE_FIRST, cp_model.SELECT_MIN_VALUE)
        self.holes = holes

    def of_shape(self, i: int, figure: Callable[[Shape], int]) -> LinearExpr:
        """A figure of the shape candidate `i` takes, as an expression of the choice."""
        from ortools.sat.python.cp_model import LinearExpr

        return LinearExpr.weighted_sum(self.chosen[i],
                                       [figure(s) for s in self.candidates[i].shapes])

    def _interval(self, start: IntVar, size: LinearExpr, name: str) -> tuple[IntervalVar, IntVar]:
        """An interval from `start` of length `size`, and the variable holding its length
        (an interval's size must be a variable, not a sum)."""
        m = self.model
        length = m.new_int_var(1, 10_000, f"{name} length")
        m.add(length == size)
        end = m.new_int_var(0, 10_000, f"{name} end")
        return m.new_interval_var(start, length, end, name), length

    def _order(self) -> None:
        """The lead stands highest; headlines never grow as priority falls."""
        m, ranked = self.model, _ranked(self.candidates)
        lead = ranked[0]
        for i in ranked[1:]:
            m.add(self.y[lead] <= self.y[i])
        sizes = [self.of_shape(i, lambda s: round(s.title_size * 2))
                 for i in range(len(self.candidates))]
        for higher, lower in zip(ranked, ranked[1:], strict=False):
            if self.candidates[higher].priority < self.candidates[lower].priority:
                m.add(sizes[higher] >= sizes[lower])

    def _preferences(self) -> LinearExpr:
        from ortools.sat.python.cp_model import LinearExpr

        ranked = _ranked(self.candidates)
        terms = []
        widest = max((s.span for c in self.candidates for s in c.shapes), default=1)
        for rank, i in enumerate(ranked):
            weight = (len(ranked) - rank) ** 2   # the lead's place weighs most
            terms += [HEIGHT_COST * weight * self.y[i], LEFT_COST * weight * self.x[i],
                      self.of_shape(i, _shape_cost)]
            narrow = LEAD_NARROW_COST if rank == 0 else SECOND_NARROW_COST if rank == 1 else 0
            if narrow:
                terms.append(self.of_shape(i, partial(_narrowness, narrow, widest)))
        return LinearExpr.sum(terms)

    def layout(self, solver: CpSolver) -> Layout:
        placements = []
        for i, candidate in enumerate(self.candidates):
            k = next(k for k, b in enumerate(self.chosen[i]) if solver.value(b))
            placements.append(Placement(candidate, candidate.shapes[k],
                                        solver.value(self.x[i]), solver.value(self.y[i])))
        return Layout(tuple(placements), int(solver.value(self.holes)),
                      round(solver.objective_value))

    def exclude(self, layout: Layout) -> None:
        """Ask from now on for a layout differing from `layout` in the place or the size of
        at least one module: another headline size alone is not another layout."""
        m, differs = self.model, []
        for i, placement in enumerate(layout.placements):
            span, lines = self.sizes[i]
            for expression, value in ((self.x[i], placement.column), (self.y[i], placement.top),
                                      (span, placement.shape.span),
                                      (lines, placement.shape.lines)):
                other = m.new_bool_var("differs")
                m.add(expression != value).only_enforce_if(other)
                m.add(expression == value).only_enforce_if(other.negated())
                differs.append(other)
        m.add_bool_or(differs)


def _ranked(candidates: list[Candidate]) -> list[int]:
    """Indexes of the candidates by priority, then by their order in issue.toml."""
    return sorted(range(len(candidates)), key=lambda i: (candidates[i].priority, i))


def cheapest_per_size(shapes: list[Shape]) -> list[Shape]:
    """Of the shapes of one size on the grid, the one the layout would prefer (the page
    only sees the size; fewer choices make the search much faster), in a stable order."""
    best: dict[tuple[int, int], Shape] = {}
    for shape in shapes:
        size = (shape.span, shape.lines)
        if size not in best or (_shape_cost(shape), -shape.title_size) < \
                (_shape_cost(best[size]), -best[size].title_size):
            best[size] = shape
    return [best[size] for size in sorted(best)]


def _narrowness(cost: int, widest: int, shape: Shape) -> int:
    return cost * (widest - shape.span)


def _first_free_line(fixed: list[Block], columns: int, lines: int) -> int:
    """The first line of the page some column has free (under the masthead on page 1)."""
    return min((next((line for line in range(lines) if not any(
        b.column <= column < b.column + b.span and b.top <= line < b.top + b.lines
        for b in fixed)), lines - 1) for column in range(1, columns + 1)), default=0)


def _shape_cost(shape: Shape) -> int:
    narrow = NARROW_COST if shape.span == 1 and shape.lines > NARROW_LINES else 0
    photo = shape.photo
    if photo is not None and photo.span is not None:
        narrow += PHOTO_NARROW_COST * (shape.span - photo.span)
    return (EMPTY_LINE_COST * shape.fit.empty_lines + narrow + AIR_COST * shape.air
            + CROP_COST * abs(shape.crop) + LARGER_TITLE_COST * shape.larger_title)


def _clipped_area(block: Block, columns: int, lines: int) -> int:
    width = max(0, min(block.column + block.span, columns + 1) - max(block.column, 1))
    height = max(0, min(block.top + block.lines, lines) - max(block.top, 0))
    return width * height
