"""Golden tests of the page engine, without WeasyPrint: every frame, every line of every
column and every jump line of the sample and stress issues, as readable JSON compared
exactly. After a deliberate change, regenerate them and review the diff:

    .venv/bin/pytest tests/pages --regenerate-golden && git diff tests/pages/golden
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from layout.pages.engine import ModuleView, Sheet, set_issue
from layout.pages.frames import Rect
from tests.conftest import LITERAL, SAMPLE, STRESS

GOLDEN = Path(__file__).parent / "golden"


def box(rect: Rect | None) -> str | None:
    """x y w h in mm, on one line of the trace."""
    return None if rect is None else " ".join(f"{v:.3f}" for v in (rect.x, rect.y, rect.w,
                                                                   rect.h))


def module_trace(view: ModuleView) -> dict:
    frames = view.frames
    columns = [] if view.part is None else [
        {"rect": box(column.rect),
         "lines": [f"{row.kind}: {row.line.text}" if row.line else row.kind
                   for row in column.rows]}
        for column in view.part.columns]
    return {"id": view.id, "article": view.module.article.source.name,
            "outer": box(frames.outer), "head": box(frames.head), "photo": box(frames.photo),
            "caption": box(frames.caption),
            "headline": None if view.headline is None else {
                "kicker": view.headline.kicker, "title": view.headline.title,
                "subtitle": view.headline.subtitle},
            "caption_lines": None if view.caption is None else view.caption.lines,
            "columns": columns}


def trace(sheets: list[Sheet]) -> str:
    pages = [{"page": sheet.page.number, "modules": [module_trace(m) for m in sheet.modules]}
             for sheet in sheets]
    return json.dumps(pages, ensure_ascii=False, indent=1) + "\n"


@pytest.mark.parametrize("issue", [SAMPLE, STRESS, LITERAL], ids=["sample", "stress", "literal"])
def test_the_page_engine_sets_what_it_set_before(issue: Path, request: pytest.FixtureRequest):
    actual = trace(set_issue(issue)[3])
    golden = GOLDEN / f"{issue.parent.name}-{issue.name}.json"
    if request.config.getoption("--regenerate-golden"):
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            str(golden), "now", n=2))
        pytest.fail(f"the page engine sets {issue.name} differently:\n{diff[:6000]}\n"
                    "if the change is meant, run: pytest tests/pages --regenerate-golden")
