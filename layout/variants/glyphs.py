"""The glyphs a PDF's pages show in each of its composite fonts, read from their content.

WeasyPrint writes every font as a Type 0 font with the Identity-H encoding: each two bytes
of a string shown are a glyph's id (its CID). The archive's page files and the plates cut
their fonts to these glyphs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf

ObjGen = tuple[int, int]
TEXT_SHOWING = {"Tj": 0, "'": 0, '"': 2, "TJ": 0}   # operator -> its string operand


def glyphs_shown(owner: pikepdf.Object,
                 shown: dict[ObjGen, set[int]] | None = None) -> dict[ObjGen, set[int]]:
    """The glyph ids shown in each font (by the font's object) by the content of `owner`
    (a page, form or tiling pattern), of the forms, patterns and soft-mask groups it may
    draw, and of a page's annotations. A font cut to these keeps every glyph printed: a
    form or pattern named but not drawn only adds glyphs."""
    shown = {} if shown is None else shown
    _walk(owner, None, shown, set())
    for annotation in owner.get("/Annots", []):
        appearance = annotation.get("/AP", {}).get("/N") if isinstance(
            annotation, pikepdf.Dictionary) else None
        states = appearance.values() if isinstance(appearance, pikepdf.Dictionary) and \
            not isinstance(appearance, pikepdf.Stream) else [appearance]
        for state in states:
            if isinstance(state, pikepdf.Stream):
                _walk(state, None, shown, set())
    return shown


def _walk(owner: pikepdf.Object, inherited: pikepdf.Dictionary | None,
          shown: dict[ObjGen, set[int]], seen: set[ObjGen]) -> None:
    if owner.is_indirect:
        if owner.objgen in seen:
            return      # a form that draws itself, directly or not
        seen.add(owner.objgen)
    resources = owner.get("/Resources", inherited) or pikepdf.Dictionary()
    _read_content(owner, resources.get("/Font", {}), shown)
    for drawn in _drawable(resources):
        _walk(drawn, resources, shown, seen)


def _read_content(owner: pikepdf.Object, fonts: pikepdf.Dictionary,
                  shown: dict[ObjGen, set[int]]) -> None:
    """The glyphs `owner`'s content shows; the font is part of the graphics state that
    Q restores."""
    font: ObjGen | None = None
    saved: list[ObjGen | None] = []
    for operands, operator in pikepdf.parse_content_stream(owner):
        name = str(operator)
        if name == "q":
            saved.append(font)
        elif name == "Q" and saved:
            font = saved.pop()
        elif name == "Tf":
            font = fonts[str(operands[0])].objgen if str(operands[0]) in fonts else None
        elif name in TEXT_SHOWING and font is not None:
            strings = operands[TEXT_SHOWING[name]]
            for string in strings if isinstance(strings, pikepdf.Array) else [strings]:
                if isinstance(string, pikepdf.String):
                    raw = bytes(string)
                    shown.setdefault(font, set()).update(
                        int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw) - 1, 2))


def _drawable(resources: pikepdf.Dictionary) -> Iterator[pikepdf.Stream]:
    """The forms and tiling patterns among `resources`, and the groups of the soft masks
    its graphics states set."""
    for kind in ("/XObject", "/Pattern"):
        for drawn in resources.get(kind, {}).values():
            if isinstance(drawn, pikepdf.Stream) and (
                    drawn.get("/Subtype") == "/Form" or drawn.get("/PatternType") == 1):
                yield drawn
    for state in resources.get("/ExtGState", {}).values():
        mask = state.get("/SMask") if isinstance(state, pikepdf.Dictionary) else None
        if isinstance(mask, pikepdf.Dictionary) and isinstance(mask.get("/G"), pikepdf.Stream):
            yield mask.G
