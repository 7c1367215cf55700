"""The one extension of WeasyPrint: per-character spacing and half-width marks from Pango.

WeasyPrint justifies by stretching spaces only and cannot compress punctuation. The
composer (layout.typeset) decides every line itself; each run of a line reaches
WeasyPrint as an element whose attribute `data-np-set` lists, per character, the letter
spacing Pango should give it and whether it takes the font's half-width (halt) or
full-width (fwid) form. This module hands that list to the run's text box when WeasyPrint
builds its boxes, and teaches `Layout.set_text` to turn it into Pango attributes, on the
whole run at once so that Pango keeps the text's Han script context for the punctuation.

An attribute, not a style: WeasyPrint computes one style for all the elements that
declare the same (`css.StyleFor`), and a declaration that differed on every line made it
compute some 150 styles a page anew, a fifth of its layout. A custom property `--np-set`
with the same value, as a paper's own module template may still write it, is read too.

It was written against WeasyPrint 70.0; `install()` refuses any other version, and a test
pins the source of the functions it wraps. WeasyPrint is imported only by `install()` and
the patched functions: making the HTML (`encode`) does not load it.
"""

from __future__ import annotations

import functools
from typing import Any

from layout.errors import RenderError
from layout.typeset.chars import OPENING

WEASYPRINT_VERSION = "70.0"
ATTRIBUTE = "data-np-set"      # on the element of a run: its spacing and forms
SPEC = "__np_spec"             # the key of the parsed list in a run's text box's own style
PROPERTY = "__np_set"          # the computed-style key of --np-set, as older templates write it
TO_UNITS = 1024                # Pango units per CSS pixel, as WeasyPrint's line_break has it
PANGO_UNITS_PER_PT = TO_UNITS * 96 / 72  # WeasyPrint lays out in CSS px
_wrapped: list[Any] = []       # WeasyPrint's own Layout.set_text and box builder, once installed


def install() -> None:
    """Patch WeasyPrint once; refuse a WeasyPrint this was not written for."""
    import weasyprint
    from weasyprint.text import line_break

    if weasyprint.__version__ != WEASYPRINT_VERSION or line_break.TO_UNITS != TO_UNITS:
        raise RenderError(
            f"layout.render.cjk_spacing extends WeasyPrint {WEASYPRINT_VERSION}, but "
            f"{weasyprint.__version__} is installed; pin weasyprint=={WEASYPRINT_VERSION}")
    if not _wrapped:
        from weasyprint import document

        _wrapped.extend((line_break.Layout.set_text, document.build_formatting_structure))
        line_break.Layout.set_text = _set_text
        document.build_formatting_structure = _build_formatting_structure


def original_set_text() -> Any:
    """WeasyPrint's Layout.set_text, which `install()` wraps."""
    from weasyprint.text import line_break

    return _wrapped[0] if _wrapped else line_break.Layout.set_text


def original_build_formatting_structure() -> Any:
    """WeasyPrint's box builder as `Document._render` calls it, which `install()` wraps."""
    from weasyprint import document

    return _wrapped[1] if _wrapped else document.build_formatting_structure


@functools.lru_cache(maxsize=16384)
def encode(text: str, spacing: tuple[float, ...], halt: frozenset[int],
           fwid: frozenset[int], size: float) -> str:
    """The --np-set value for one run: its length, then index,spacing,flags entries.

    `size` is the run's font size in pt. Kept for the runs of the pages made lately: the
    desk makes the HTML of every page, and of every module alone, on each update.
    """
    entries, carried = [], 0.0
    for i, char in enumerate(text):
        units = 0
        if spacing[i]:
            # Diffuse each glyph's rounding into the next, so that the line keeps its length.
            units = _units(spacing[i] + carried, size, i in halt, char in OPENING)
            carried += spacing[i] - _written(units, size, i in halt, char in OPENING)
        flags = ("h" if i in halt else "") + ("f" if i in fwid else "")
        if units or flags:
            entries.append(f"{i},{units},{flags}")
    return f"{len(text)}|{';'.join(entries)}"


def _units(points: float, size: float, halved: bool, opening: bool) -> int:
    """Pango units of letter spacing that move the pen by `points` in the written PDF.

    WeasyPrint writes each glyph's advance as the font's width plus a TJ adjustment that
    it truncates to a whole thousandth of an em; over a line of spaced glyphs the lost
    fractions add up to a visible tenth of a point. Among the spacings near the wanted one,
    this picks the one whose written advance comes closest (for an em-wide glyph, as all
    spaced characters but spaces are).
    """
    wanted = round(points * PANGO_UNITS_PER_PT)
    return min(_advances(wanted, size, halved, opening), key=lambda a: abs(a[1] - points))[0]


@functools.lru_cache(maxsize=4096)
def _advances(wanted: int, size: float, halved: bool,
              opening: bool) -> tuple[tuple[int, float], ...]:
    """The spacings near `wanted` units, each with how far it moves the pen once written."""
    return tuple((v, _written(v, size, halved, opening)) for v in range(wanted - 40, wanted + 41)
                 if v and v % TO_UNITS)  # whole pixels: Pango rounds halves


def _written(units: int, size: float, halved: bool, opening: bool) -> float:
    """How far, in pt, a letter spacing of `units` moves the pen after WeasyPrint wrote it."""
    size_px = size * 96 / 72
    em_units = size_px * TO_UNITS
    advance = em_units / 2 if halved else em_units
    x_offset = (-em_units / 2 if halved and opening else 0) + int(units / 2)
    kerning = 1000 + x_offset / size_px - (advance + units) * 1000 / em_units
    lost = kerning - int(kerning)
    return units / PANGO_UNITS_PER_PT + lost * size / 1000


def _build_formatting_structure(element_tree, style_for, get_image_from_uri, base_url,
                                target_collector, counter_style, footnotes):
    """WeasyPrint's boxes (the footnotes it takes out of the tree among them), each run's
    text box with its spacing list in a style of its own: a copy of the shared one, a few
    dozen entries, not a style computed anew."""
    from weasyprint.formatting_structure.boxes import ParentBox, TextBox

    def hand_down(box: Any, value: str | None) -> None:
        """Give the text boxes within `box` the spacing list of the nearest element
        carrying one, as the custom property was inherited; not the text of a
        pseudo-element (`::before`), which is not the run."""
        if "::" in box.element_tag:
            return
        if box.element is not None:
            value = box.element.get(ATTRIBUTE, value)
        if isinstance(box, TextBox) and value:
            box.style = box.style.copy()
            box.style[SPEC] = _parsed(value)
        elif isinstance(box, ParentBox):
            for child in box.children:
                hand_down(child, value)

    root = _wrapped[1](element_tree, style_for, get_image_from_uri, base_url,
                       target_collector, counter_style, footnotes)
    for box in [root, *footnotes]:
        hand_down(box, None)
    return root


def _set_text(self, text, justify=False):
    from weasyprint.text.ffi import ffi, pango

    _wrapped[0](self, text, justify)
    spec = _spec(self.style)
    if spec is None:
        return
    length, entries = spec
    if length != len(self.text) or not entries or self.text.isspace():
        return  # a strut, or text that is not the run the spec was made for
    offsets = _byte_offsets(self.text)
    attributes = pango.pango_layout_get_attributes(self.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    for index, units, flags in entries:
        start, end = offsets[index], offsets[index + 1]
        if units:
            attribute = pango.pango_attr_letter_spacing_new(units)
            _place(attribute, start, end)
            pango.pango_attr_list_change(attributes, attribute)
        if flags:
            # Inserted, not changed: the list may hold WeasyPrint's cached font-features
            # attribute, which a change would free. Pango applies all features attributes.
            attribute = pango.pango_attr_font_features_new(_features(flags))
            _place(attribute, start, end)
            pango.pango_attr_list_insert(attributes, attribute)
    pango.pango_layout_set_attributes(self.layout, attributes)


def _features(flags: str) -> bytes:
    chosen = [feature for feature, flag in (("halt 1", "h"), ("fwid 1", "f")) if flag in flags]
    return ",".join(chosen).encode()


Spec = tuple[int, list[tuple[int, int, str]]]   # the run's length, its entries


def _spec(style) -> Spec | None:
    own = style.get(SPEC)   # dict.get: only a text box's own, never inherited
    if own is not None:
        return own
    try:
        tokens = style[PROPERTY]
    except KeyError:  # a style without custom properties
        return None
    if not tokens:
        return None
    return _parsed("".join(getattr(t, "value", "") for t in tokens if t.type == "string"))


def _parsed(value: str) -> Spec | None:
    if "|" not in value:
        return None
    length, _, body = value.partition("|")
    entries = []
    for entry in filter(None, body.split(";")):
        index, units, flags = entry.split(",")
        entries.append((int(index), int(units), flags))
    return int(length), entries


def _byte_offsets(text: str) -> list[int]:
    offsets, total = [0], 0
    for char in text:
        total += len(char.encode("utf-8"))
        offsets.append(total)
    return offsets


def _place(attribute, start: int, end: int) -> None:
    attribute.start_index, attribute.end_index = start, end
