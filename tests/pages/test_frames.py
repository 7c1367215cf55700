"""The frame stage: grid units to millimetres."""

from __future__ import annotations

from dataclasses import replace

import pytest

from layout.manifest.schema import Margins, PageFormat, Place, Trim
from layout.model import FrameSpec, PhotoFrame
from layout.pages.frames import Grid, frame_module, grid_problems

TABLOID = PageFormat(
    name="四开", trim=Trim(width=250, height=350),
    margins=Margins(top=19, bottom=11, left=12.29, right=12.29),
    columns=6, gutter=3.17, body_size=9, leading=13.5, masthead_lines=15)


def spec(column=1, span=2, top=20, lines=20, head=3, columns=None, photo=None) -> FrameSpec:
    return FrameSpec(key="pages[0].articles[0]", place=Place(column=column, span=span, top=top,
                     lines=lines), head_lines=head, columns=columns or span, boxed=False,
                     photo=photo)


def test_columns_hold_a_whole_number_of_body_characters():
    grid = Grid(TABLOID)
    assert grid.column_width == pytest.approx(34.93, abs=0.01)
    assert grid.chars_per_line(grid.column_width) == 11
    assert grid.lines == 67


def test_a_place_becomes_millimetres_from_the_trim_corner():
    grid = Grid(TABLOID)
    rect = grid.rect(Place(column=2, span=2, top=10, lines=4))
    assert rect.x == pytest.approx(12.29 + 34.93 + 3.17, abs=0.01)
    assert rect.w == pytest.approx(2 * 34.93 + 3.17, abs=0.01)
    assert rect.y == pytest.approx(19 + 10 * 13.5 * 25.4 / 72)
    assert rect.h == pytest.approx(4 * 13.5 * 25.4 / 72)


def test_headline_photo_and_text_stack_inside_the_module():
    grid = Grid(TABLOID)
    frames = frame_module(grid, spec(head=3, photo=PhotoFrame(8, None, "left", 2)))
    assert frames.head.y == frames.outer.y
    assert frames.photo.y == pytest.approx(frames.head.bottom)
    assert frames.caption.y == pytest.approx(frames.photo.bottom)
    assert frames.body.y == pytest.approx(frames.caption.bottom)
    assert frames.body.bottom == pytest.approx(frames.outer.bottom)


def test_a_photo_over_some_columns_shortens_them():
    grid = Grid(TABLOID)
    frames = frame_module(grid, spec(span=6, columns=6, head=3,
                                     photo=PhotoFrame(10, 2, "left", 2)))
    assert frames.photo.x == frames.outer.x
    assert frames.photo.w == pytest.approx(2 * grid.column_width + grid.fmt.gutter)
    under, beside = frames.columns[:2], frames.columns[2:]
    assert all(c.y == pytest.approx(frames.caption.bottom) for c in under)
    assert all(c.y == pytest.approx(frames.head.bottom) for c in beside)
    assert all(c.h == pytest.approx(17 * grid.line_pitch) for c in beside)
    assert all(c.h == pytest.approx(5 * grid.line_pitch) for c in under)


def test_text_columns_hold_whole_characters_on_whole_lines():
    grid = Grid(TABLOID)
    frames = frame_module(grid, spec(span=3, columns=2))
    char = 9 * 25.4 / 72
    for column in frames.columns:
        assert (column.w / char) == pytest.approx(round(column.w / char))
        assert (column.h / grid.line_pitch) == pytest.approx(round(column.h / grid.line_pitch))


def test_places_may_be_given_in_millimetres():
    grid = Grid(TABLOID)
    rect = grid.rect(Place(column=1, span=1, top="20mm", lines="47.625mm"))
    assert rect.y == pytest.approx(19 + 20)
    assert rect.h == pytest.approx(47.625)


def test_presets_give_the_standard_formats():
    tabloid = PageFormat(preset="四开")
    broadsheet = PageFormat(preset="对开", masthead_lines=20)
    assert (tabloid.columns, tabloid.trim.width, tabloid.trim.height) == (6, 250, 350)
    assert (broadsheet.columns, broadsheet.masthead_lines) == (8, 20)
    for fmt, chars in ((tabloid, 11), (broadsheet, 12)):
        grid = Grid(fmt)
        assert grid.chars_per_line(grid.column_width) == chars
        assert grid.column_width == pytest.approx(chars * 9 * 25.4 / 72, abs=0.01)


def test_grid_problems_name_the_module_and_what_is_wrong():
    def at(key: str, **kwargs) -> FrameSpec:
        return replace(spec(**kwargs), key=key)

    pages = [
        (1, [at("pages[0].articles[0]", top=0)]),
        (2, [at("pages[1].articles[0]", column=6, span=2, top=0),
             at("pages[1].articles[1]", top=60, lines=10),
             at("pages[1].articles[2]", top=30, lines=5, head=5),
             at("pages[1].articles[3]", top=32, lines=5)]),
    ]
    assert grid_problems(TABLOID, pages) == [
        ("pages[0].articles[0].place", "overlaps the masthead"),
        ("pages[1].articles[0].place", "columns 6-7 go past the 6-column grid"),
        ("pages[1].articles[1].place", "60 + 10 go past the 67 lines (320.0 mm) of the type area"),
        ("pages[1].articles[2].head_lines", "headline and photo leave no line for the text"),
        ("pages[1].articles[3].place", "overlaps pages[1].articles[2]"),
    ]
