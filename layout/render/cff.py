"""Reading CFF font programs: which glyph each CID names."""

from __future__ import annotations

import io


def cid_glyphs(cff: bytes) -> list[int] | None:
    """The CID of each glyph of the CFF program `cff`, in glyph order; None if it is not
    CID-keyed (its glyphs are named, and a PDF shows them by index)."""
    from fontTools.cffLib import CFFFontSet

    parsed = CFFFontSet()
    parsed.decompile(io.BytesIO(cff), None)
    top = parsed.topDictIndex[0]
    if "ROS" not in top.rawDict:
        return None
    return [0 if name == ".notdef" else int(name[3:]) for name in top.charset]
