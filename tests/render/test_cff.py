"""Reading CFF programs: whether each glyph's CID is its glyph index, from the charset."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from layout.render.cff import cid_glyphs, cids_are_glyph_ids
from layout.variants.fonts import cut_cid_keyed_cff
from tests.render.test_weasyprint_fonts import NAMED_CFF

NOTO = Path("/usr/share/fonts/opentype/noto")


def cff_of(path: Path, number: int = 0) -> bytes:
    return TTFont(path, fontNumber=number, lazy=True).reader["CFF "]


def identity(cff: bytes) -> bool:
    """The answer read the long way: every glyph's name made."""
    cids = cid_glyphs(cff)
    return cids is not None and cids == list(range(len(cids)))


@pytest.mark.parametrize(("face", "number"), [("NotoSerifCJK-Regular.ttc", 2),
                                              ("NotoSansCJK-Bold.ttc", 0)])
def test_the_charset_alone_tells_what_every_glyphs_name_tells(face: str, number: int):
    whole = cff_of(NOTO / face, number)
    assert cids_are_glyph_ids(whole) and identity(whole)
    assert cids_are_glyph_ids(memoryview(whole))   # read in place, as from HarfBuzz
    # Cut to a few glyphs, each keeping its CID: CIDs are then not glyph indices, in the
    # charset formats the cut is written in (ranges, a list).
    for cids in ({10, 11, 12, 13}, {10, 500, 20000}, set(range(1, 300))):
        cut = cut_cid_keyed_cff(whole, cids)
        assert cut is not None
        assert cids_are_glyph_ids(cut) == identity(cut) == (cids == set(range(1, 300)))


def test_a_name_keyed_cff_is_not_read_by_cid():
    assert not cids_are_glyph_ids(cff_of(NAMED_CFF)) and cid_glyphs(cff_of(NAMED_CFF)) is None
