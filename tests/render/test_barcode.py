"""The masthead barcode: ISSN to EAN-13 with the issue as a two-digit add-on."""

from __future__ import annotations

import pytest

from layout.manifest.schema import issn_valid
from layout.render.barcode import issue_barcode


def test_issn_check_digits():
    assert issn_valid("1234-5679")
    assert issn_valid("0317-8471")
    assert issn_valid("2434-561X")
    assert not issn_valid("1234-5678")


def test_an_issn_gives_the_serials_ean13_and_the_issue_addon():
    barcode = issue_barcode("1234-5679", 1862)
    assert barcode.digits == "9771234567003"
    assert barcode.addon == "62"


def test_bars_have_the_ean13_and_ean2_module_structure():
    barcode = issue_barcode("1234-5679", 7)
    module = min(w for _, _, w, _ in barcode.bars)
    widths = [round(w / module) for _, _, w, _ in barcode.bars]
    assert set(widths) <= {1, 2, 3, 4}
    # EAN-13 draws 95 modules, 30 of them bars; the add-on 20 modules, from 7 bars.
    main = [b for b in barcode.bars if b[1] == 0]
    addon = [b for b in barcode.bars if b[1] > 0]
    assert len(main) == 30 and len(addon) == 7
    assert sum(round(w / module) for _, _, w, _ in addon) == 10
    assert barcode.width == pytest.approx(max(x + w for x, _, w, _ in barcode.bars), abs=3)
