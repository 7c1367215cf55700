"""The glyphs a PDF's pages show in each of its composite fonts, read from their content.

WeasyPrint writes every font as a Type 0 font with the Identity-H encoding: each two bytes
of a string shown are a glyph's id (its CID). The archive's page files and the plates cut
their fonts to these glyphs.
"""

from __future__ import annotations

import pikepdf

ObjGen = tuple[int, int]
TEXT_SHOWING = {"Tj": 0, "'": 0, '"': 2, "TJ": 0}   # operator -> its string operand


def glyphs_shown(owner: pikepdf.Object, resources: pikepdf.Dictionary | None = None,
                  shown: dict[ObjGen, set[int]] | None = None) -> dict[ObjGen, set[int]]:
    """The glyph ids shown in each font (by the font's object) by the content of `owner`
    (a page, form or tiling pattern) and of the forms and patterns it draws."""
    shown = {} if shown is None else shown
    resources = owner.get("/Resources", resources) or pikepdf.Dictionary()
    fonts = resources.get("/Font", {})
    font = None
    for operands, operator in pikepdf.parse_content_stream(owner):
        name = str(operator)
        if name == "Tf" and str(operands[0]) in fonts:
            font = fonts[str(operands[0])].objgen
        elif name in TEXT_SHOWING and font is not None:
            strings = operands[TEXT_SHOWING[name]]
            for string in strings if isinstance(strings, pikepdf.Array) else [strings]:
                if isinstance(string, pikepdf.String):
                    raw = bytes(string)
                    shown.setdefault(font, set()).update(
                        int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw) - 1, 2))
    for kind in ("/XObject", "/Pattern"):
        for drawn in resources.get(kind, {}).values():
            if isinstance(drawn, pikepdf.Stream) and (
                    drawn.get("/Subtype") == "/Form" or drawn.get("/PatternType") == 1):
                glyphs_shown(drawn, resources, shown)
    return shown
