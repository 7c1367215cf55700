"""Reading CFF font programs: which glyph each CID names."""

from __future__ import annotations

import io
import struct
from typing import Any


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


def cids_are_glyph_ids(cff: Any) -> bool:
    """Whether the CFF program `cff` (bytes, or any buffer: read in place) is CID-keyed with
    each glyph's CID its glyph index. Only its Top DICT and charset are read: a CJK face
    has some 65,000 glyphs, whose names `cid_glyphs` would make."""
    from fontTools.cffLib import CFFFontSet

    view = memoryview(cff)
    parsed = CFFFontSet()
    parsed.decompile(_Reader(view), None)
    top = parsed.topDictIndex[0].rawDict
    if "ROS" not in top or top.get("charset", 0) <= 2 or "CharStrings" not in top:
        return False   # name-keyed, or a predefined charset of names
    glyphs = struct.unpack_from(">H", view, top["CharStrings"])[0]   # the INDEX's count
    return _identity_charset(view, top["charset"], glyphs)


def _identity_charset(view: memoryview, offset: int, glyphs: int) -> bool:
    """Whether the charset at `offset` gives glyph n the CID n, for every glyph after
    .notdef. Format 0 lists the CIDs; formats 1 and 2 give ranges of consecutive CIDs,
    each its first CID and how many follow it (Card8 or Card16: Adobe TN 5176, 13)."""
    position, expected = offset + 1, 1
    if view[offset] == 0:
        return list(struct.unpack_from(f">{glyphs - 1}H", view, position)) == \
            list(range(1, glyphs))
    if view[offset] not in (1, 2):
        return False
    shape = ">HB" if view[offset] == 1 else ">HH"
    while expected < glyphs:
        first, left = struct.unpack_from(shape, view, position)
        if first != expected:
            return False
        expected += left + 1
        position += struct.calcsize(shape)
    return expected == glyphs


class _Reader:
    """A file over a buffer, without copying it, as fontTools reads a CFF."""

    def __init__(self, view: memoryview):
        self._view, self._position = view, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size < 0 else min(self._position + size, len(self._view))
        data = bytes(self._view[self._position:end])
        self._position = end
        return data

    def seek(self, position: int, whence: int = 0) -> int:
        base = (0, self._position, len(self._view))[whence]
        self._position = base + position
        return self._position

    def tell(self) -> int:
        return self._position
