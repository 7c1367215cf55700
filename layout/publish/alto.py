"""ALTO v4 (4.2) per page: every block, line and word as printed, in tenths of a millimetre.

Coordinates come from the composer (regions.py), measured from the trim's top left
corner; MeasurementUnit is mm10, so the page's WIDTH and HEIGHT are its trim in mm x 10.
The running head stands in the TopMargin, the folio in the BottomMargin, the masthead and
the articles in the PrintSpace (the type area); each block's IDNEXT names the block read
after it, so the blocks' text in that chain is the page's text in reading order. Each
Han character or mark is a String of its own (Chinese has no spaces between words), a
Latin word or number is one String, a space is an SP. IDs are made from the page, the
article and the block's place (p1_a3_b2: page 1, article 3, its second block on the
page; p1_f1: the page's own first block), the same on every build.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from layout import __version__
from layout.pages.frames import Rect
from layout.publish.regions import Block, Glyph, Line, PageText, Style, union
from layout.typeset.chars import is_wide, selects_a_form

NS = "http://www.loc.gov/standards/alto/ns-v4#"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://www.loc.gov/standards/alto/v4/alto-4-2.xsd"
LANGUAGE = "zh-Hans"
MARGINS = {"running-head": "TopMargin", "folio": "BottomMargin"}


def block_ids(page: PageText) -> list[str]:
    """The ID of each block of the page, in its order: p1_a3_b2, or p1_f1 for the page's
    own furniture."""
    ids: list[str] = []
    counts: dict[str, int] = {}
    for block in page.blocks:
        key = f"a{block.article}" if block.article is not None else "f"
        counts[key] = counts.get(key, 0) + 1
        suffix = f"_b{counts[key]}" if block.article is not None else str(counts[key])
        ids.append(f"p{page.number}_{key}{suffix}")
    return ids


def alto_xml(page: PageText, source: str, date: datetime.date) -> bytes:
    """The ALTO file of one page; `source` names the page's PDF in the output folder."""
    styles = _styles(page)
    root = etree.Element(f"{{{NS}}}alto", nsmap={None: NS, "xsi": XSI},
                         SCHEMAVERSION="4.2")
    root.set(f"{{{XSI}}}schemaLocation", f"{NS} {SCHEMA}")
    root.append(_description(source, date))
    styles_element = _sub(root, "Styles")
    for style, ref in styles.items():
        _sub(styles_element, "TextStyle", ID=ref, FONTFAMILY=style.family,
             FONTSIZE=_number(style.size),
             **({"FONTSTYLE": "bold"} if style.weight >= 700 else {}))
    tags = _sub(root, "Tags")
    for kind in sorted({block.kind for block in page.blocks}):
        _sub(tags, "StructureTag", ID=_tag(kind), TYPE="block", LABEL=kind)
    layout = _sub(root, "Layout")
    element = _sub(layout, "Page", ID=f"p{page.number}", PHYSICAL_IMG_NR=str(page.number),
                   PRINTED_IMG_NR=str(page.number), WIDTH=_mm10(page.width),
                   HEIGHT=_mm10(page.height))
    _spaces(element, page, styles)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _description(source: str, date: datetime.date) -> etree._Element:
    description = etree.Element(f"{{{NS}}}Description")
    _sub(description, "MeasurementUnit").text = "mm10"
    _sub(_sub(description, "sourceImageInformation"), "fileName").text = source
    processing = _sub(description, "Processing", ID="typesetting")
    _sub(processing, "processingCategory").text = "contentGeneration"
    _sub(processing, "processingDateTime").text = date.isoformat()
    _sub(processing, "processingStepDescription").text = (
        "Text and coordinates as typeset: no OCR. Article text from the composer's lines "
        "and character widths; masthead, running head and folio from the page's PDF.")
    software = _sub(processing, "processingSoftware")
    _sub(software, "softwareName").text = "newspaper-layout"
    _sub(software, "softwareVersion").text = __version__
    return description


def _spaces(page_element: etree._Element, page: PageText, styles: dict[Style, str]) -> None:
    """The page's blocks in their spaces: running head on top, folio below, the rest in
    the print space (the type area); IDNEXT chains them in reading order."""
    ids = block_ids(page)
    area, width = page.area, page.width
    spaces = {
        "TopMargin": Rect(0.0, 0.0, width, area.y),
        "BottomMargin": Rect(0.0, area.bottom, width, page.height - area.bottom),
        "PrintSpace": area,
    }
    elements = {}
    for name in ("TopMargin", "BottomMargin", "PrintSpace"):
        members = [b.rect for b in page.blocks if MARGINS.get(b.kind, "PrintSpace") == name]
        if members or name == "PrintSpace":
            # a space holds its blocks whole: the masthead's name rises above the type area
            elements[name] = _sub(page_element, name, ID=f"p{page.number}_{_short(name)}",
                                  **_box(union([spaces[name], *members])))
    for k, block in enumerate(page.blocks):
        parent = elements[MARGINS.get(block.kind, "PrintSpace")]
        following = ids[k + 1] if k + 1 < len(ids) else None
        _block(parent, block, ids[k], following, styles)


def _short(space: str) -> str:
    return {"TopMargin": "tm", "BottomMargin": "bm", "PrintSpace": "ps"}[space]


def _block(parent: etree._Element, block: Block, block_id: str, following: str | None,
           styles: dict[Style, str]) -> None:
    attributes = {"ID": block_id, **_box(block.rect), "TAGREFS": _tag(block.kind),
                  "LANG": LANGUAGE}
    if following:
        attributes["IDNEXT"] = following
    element = _sub(parent, "TextBlock", **attributes)
    for n, line in enumerate(block.lines, start=1):
        _line(element, line, f"{block_id}_l{n}", styles)


def _line(parent: etree._Element, line: Line, line_id: str, styles: dict[Style, str]) -> None:
    box = line.rect
    baseline = _mm10(line.baseline)
    element = _sub(parent, "TextLine", ID=line_id, **_box(box),
                   BASELINE=f"{_mm10(box.x)},{baseline} {_mm10(box.right)},{baseline}")
    for token in words(line.glyphs):
        if token.space:
            _sub(element, "SP", HPOS=_mm10(token.rect.x), VPOS=_mm10(token.rect.y),
                 WIDTH=_mm10(token.rect.w))
        else:
            _sub(element, "String", CONTENT=token.text, **_box(token.rect),
                 STYLEREFS=styles[token.style])


@dataclass(frozen=True)
class Word:
    """A String (a Han character, a mark, or a Latin word or number) or a space."""

    text: str
    rect: Rect
    style: Style
    space: bool


def words(glyphs: tuple[Glyph, ...]) -> Iterator[Word]:
    """The line's Strings and spaces: a space never first, never two in a row."""
    group: list[Glyph] = []
    emitted = False
    for glyph in (*glyphs, None):
        if group and (glyph is None or _breaks(group, glyph)):
            word = _word(group)
            if not (word.space and not emitted):
                yield word
                emitted = True
            group = []
        if glyph is not None:
            group.append(glyph)


def _breaks(group: list[Glyph], glyph: Glyph) -> bool:
    """Whether `glyph` starts a new word after `group`."""
    last = group[-1]
    if selects_a_form(glyph.char):
        return False   # a form of the character before it: one String with it
    if glyph.char.isspace() or last.char.isspace():
        return not (glyph.char.isspace() and last.char.isspace())
    return is_wide(glyph.char) or is_wide(last.char) or glyph.style != last.style


def _word(group: list[Glyph]) -> Word:
    rect = Rect(group[0].x, min(g.top for g in group), group[-1].x + group[-1].width
                - group[0].x, max(g.top + g.height for g in group) - min(g.top for g in group))
    space = group[0].char.isspace()
    return Word("".join(g.char for g in group), rect, group[0].style, space)


def _styles(page: PageText) -> dict[Style, str]:
    """Each face the page prints in, with its TextStyle ID, in order of first use."""
    found: dict[Style, str] = {}
    for block in page.blocks:
        for line in block.lines:
            for glyph in line.glyphs:
                found.setdefault(glyph.style, f"p{page.number}_s{len(found) + 1}")
    return found


def _tag(kind: str) -> str:
    return f"block_{kind.replace('-', '_')}"


def _box(rect: Rect) -> dict[str, str]:
    return {"HPOS": _mm10(rect.x), "VPOS": _mm10(rect.y), "WIDTH": _mm10(rect.w),
            "HEIGHT": _mm10(rect.h)}


def _mm10(mm: float) -> str:
    return _number(mm * 10)


def _number(value: float) -> str:
    """Two decimals, no negative zero: the same text for the same value on every build."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NS}}}{tag}", attributes)
