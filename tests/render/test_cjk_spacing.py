"""The WeasyPrint extension: pinned to the version it was written for."""

from __future__ import annotations

import hashlib
import inspect

import pytest
import weasyprint

from layout.errors import RenderError
from layout.render import cjk_spacing

# The SHA-256 of WeasyPrint 70.0's Layout.set_text, which the extension wraps, and of the
# PDF writer's glyph loop whose rounding it compensates. A new WeasyPrint changes these:
# read the new code, adapt the extension, then update the hashes.
SET_TEXT_SHA256 = "fe23ca9937dbf5205bda422f9c01103f301ef2c511228842632ea86e853274f7"
DRAW_TEXT_SHA256 = "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b"


def sha256_of(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def test_the_installed_weasyprint_is_the_one_the_extension_was_written_for():
    from weasyprint.draw import text
    assert weasyprint.__version__ == cjk_spacing.WEASYPRINT_VERSION
    assert sha256_of(cjk_spacing.original_set_text()) == SET_TEXT_SHA256, \
        "weasyprint.text.line_break.Layout.set_text changed: review layout/render/cjk_spacing.py"
    assert sha256_of(text.draw_first_line) == DRAW_TEXT_SHA256, \
        "weasyprint.draw.text.draw_first_line changed: review cjk_spacing._written"


def test_another_weasyprint_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(RenderError, match="pin weasyprint==70.0"):
        cjk_spacing.install()


def test_spacing_is_written_as_pango_units_that_land_exactly():
    spec = cjk_spacing.encode("一二三", (0.0, 0.3, 0.0), frozenset({1}), frozenset({2}), 9.0)
    length, entries = spec.split("|")
    assert length == "3"
    index, units, flags = entries.split(";")[0].split(",")
    assert (index, flags) == ("1", "h")
    assert cjk_spacing._written(int(units), 9.0, True, False) == pytest.approx(0.3, abs=0.005)
    assert entries.split(";")[1] == "2,0,f"
