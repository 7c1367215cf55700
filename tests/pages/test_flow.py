"""The flow stage: rows through columns and parts, jump lines, crossheads kept with text."""

from __future__ import annotations

from layout.pages.flow import flow_article
from layout.pages.frames import Rect
from layout.typeset.article import Row

PITCH = 5.0  # mm per row, for round numbers


def text(n: int) -> list[Row]:
    return [Row("text") for _ in range(n)]


def column(rows: int, x: float = 0.0) -> Rect:
    return Rect(x, 0.0, 30.0, rows * PITCH)


def jump(kind: str, label: str) -> Row:
    return Row(f"jump-{kind}")


def kinds(rows) -> list[str]:
    return [row.kind for row in rows]


def test_rows_fill_columns_in_order_and_the_rest_is_overflow():
    flow = flow_article(tuple(text(25)), [(1, (column(10), column(10, 40)))], PITCH, jump)
    assert [len(c.rows) for c in flow.parts[0].columns] == [10, 10]
    assert flow.lines_over == 0 and len(flow.overflow) == 5
    assert flow.capacity == 20


def test_a_jump_to_another_page_is_announced_at_both_ends():
    labels = []

    def jump_line(kind: str, label: str) -> Row:
        labels.append(label)
        return Row(kind)

    flow = flow_article(tuple(text(25)), [(1, (column(10), column(10, 40))),
                                          (3, (column(10),))], PITCH, jump_line)
    first, second = flow.parts
    assert kinds(first.columns[-1].rows)[-1] == "jump-to"
    assert kinds(second.columns[0].rows)[0] == "jump-from"
    assert labels == ["（下转第3版）", "（上接第1版）"]
    assert not flow.overflow
    assert first.rows_used == 20 and second.rows_used == 7  # 19 + jump, jump + 6


def test_a_continuation_on_the_same_page_has_no_jump_lines():
    flow = flow_article(tuple(text(15)), [(2, (column(10),)), (2, (column(10, 40),))],
                        PITCH, jump)
    assert "jump-to" not in kinds(flow.parts[0].columns[0].rows)
    assert kinds(flow.parts[1].columns[0].rows) == ["text"] * 5


def test_text_that_fits_the_first_part_leaves_the_rest_empty_without_jumps():
    flow = flow_article(tuple(text(8)), [(1, (column(10),)), (2, (column(10),))], PITCH, jump)
    assert kinds(flow.parts[0].columns[0].rows) == ["text"] * 8
    assert flow.parts[1].rows_used == 0


def test_a_crosshead_never_ends_a_column():
    rows = [*text(8), Row("space", starts_block=True), Row("crosshead"), *text(5)]
    flow = flow_article(tuple(rows), [(1, (column(10), column(10, 40)))], PITCH, jump)
    first, second = (c.rows for c in flow.parts[0].columns)
    assert kinds(first) == ["text"] * 8  # the crosshead and its space moved on
    assert kinds(second)[:2] == ["crosshead", "text"]  # its space dropped at the top
