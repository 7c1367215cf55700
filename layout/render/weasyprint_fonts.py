"""How WeasyPrint gets the locked fonts: where they stand, and read only when needed.

For every @font-face, WeasyPrint reads the font through the URL fetcher and writes a copy
into a temporary folder for Fontconfig; and every font it draws text in (each face at each
size) keeps a copy of the whole font file in memory until the PDF is written. For the CJK
collections that is some 200 MB read, hashed and written by every render process, and
several hundred MB held, of which the PDF keeps a subset of a few hundred KB.

- `LockedFontConfiguration` gives Fontconfig the locked files in place, with the family,
  weight, style and feature rules WeasyPrint writes for a copy. The locked files are the
  paper's, checked against their hashes when the issue is checked, and the only fonts a
  render may read (render/fetcher.py: `Readable`). Any other @font-face (a paper's own
  stylesheet) goes WeasyPrint's way.
- `install()` has WeasyPrint's PDF font read its file's data when it is first asked for:
  a font subset with HarfBuzz (every locked font) never is; one that is embedded whole or
  converted with fontTools is, as before. The PDF's bytes are the same.
- `keep_subsets()` has a process keep the fonts HarfBuzz subset lately, by the face (its
  file's SHA-256 and its index) and the glyphs kept: a page drawn again with the glyphs it
  had (the desk, on every save) takes them instead of subsetting each CJK face anew (some
  20 ms each). The subset is the same bytes. A build draws each page once, and keeps none.
- `bare_cid_keyed_fonts()` has the PDFs written within it embed each CID-keyed CFF font
  as a bare CFF of the glyphs shown, each keeping its CID, where WeasyPrint embeds an
  OpenType program keeping every glyph's id (some 60,000 empty glyphs around the few
  hundred shown, 750 KB a face to subset, compress, cut for each page and read again).
  The content is unchanged: it shows each glyph by its id, which is its CID in the faces
  this is done for (variants/fonts.py says why a bare CFF may hold the glyphs alone).

Written against WeasyPrint 70.0 (render/cjk_spacing.py refuses any other). Imported only
when a render starts: it loads WeasyPrint.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.constants import FONTCONFIG_STYLE, FONTCONFIG_WEIGHT
from weasyprint.text.ffi import ffi, fontconfig, harfbuzz, harfbuzz_subset, pangoft2
from weasyprint.text.fonts import FontConfiguration, font_features, get_hb_object_data

from layout.render.cff import cid_glyphs, cids_are_glyph_ids

# The descriptors of the rules font_face_css (project/fonts.py) writes; a rule with any
# other (unicode-range, font-feature-settings, ...) is left to WeasyPrint.
PLAIN_DESCRIPTORS = {"src", "font_family", "font_weight", "font_style"}


class LockedFontConfiguration(FontConfiguration):
    """A FontConfiguration that registers locked font files in place instead of copies."""

    def __init__(self) -> None:
        super().__init__()
        self._in_place: dict[str, Path] = {}   # rule -> the file it was given in place
        self.only_locked = True   # no rule went WeasyPrint's way (a paper's own fonts)

    def add_font_face(self, rule_descriptors: dict[str, Any], url_fetcher: Any) -> Any:
        key, path = str(rule_descriptors), _locked_file(rule_descriptors, url_fetcher)
        if key in self._in_place:
            return None
        # Fontconfig's rules name the file: a file two rules name gets a copy for the second.
        if path is None or path in self._in_place.values():
            return self._weasyprints_way(rule_descriptors, url_fetcher)
        self._in_place[key] = path
        fontconfig.FcConfigParseAndLoadFromMemory(
            self._config, _rules_for(path, rule_descriptors), True)
        if not fontconfig.FcConfigAppFontAddFile(self._config, str(path).encode()):
            return self._weasyprints_way(rule_descriptors, url_fetcher)
        return pangoft2.pango_fc_font_map_config_changed(
            ffi.cast("PangoFcFontMap *", self.font_map))

    def _weasyprints_way(self, rule_descriptors: dict[str, Any], url_fetcher: Any) -> Any:
        self.only_locked = False
        return super().add_font_face(rule_descriptors, url_fetcher)


def _locked_file(rule_descriptors: dict[str, Any], url_fetcher: Any) -> Path | None:
    """The locked font file the rule's only source names, if it is one."""
    sources = rule_descriptors.get("src", [])
    if set(rule_descriptors) - PLAIN_DESCRIPTORS or len(sources) != 1:
        return None
    kind, url = sources[0]
    locked = getattr(url_fetcher, "locked_font", None)
    if kind != "external" or not url or locked is None:
        return None
    path: Path | None = locked(url)
    return path


def _rules_for(path: Path, rule_descriptors: dict[str, Any]) -> bytes:
    """Fontconfig's rules for the faces of `path`: the rule's family first, its weight and
    style, kerning (what WeasyPrint writes for its copy of the file)."""
    root = Element("fontconfig")
    match = SubElement(root, "match", target="scan")
    test = SubElement(match, "test", name="file", compare="eq")
    SubElement(test, "string").text = path.as_posix()
    # Prepended, not replaced: replacing the family breaks Pango (as WeasyPrint found).
    edit = SubElement(match, "edit", name="family", mode="prepend")
    SubElement(edit, "string").text = rule_descriptors["font_family"]
    if "font_style" in rule_descriptors:
        edit = SubElement(match, "edit", name="slant", mode="assign_replace")
        SubElement(edit, "const").text = FONTCONFIG_STYLE[rule_descriptors["font_style"]]
    if "font_weight" in rule_descriptors:
        edit = SubElement(match, "edit", name="weight", mode="assign_replace")
        weight = FONTCONFIG_WEIGHT[rule_descriptors["font_weight"]]
        SubElement(edit, "int").text = str(weight)
    match = SubElement(root, "match", target="font")
    test = SubElement(match, "test", name="file", compare="eq")
    SubElement(test, "string").text = path.as_posix()
    edit = SubElement(match, "edit", name="fontfeatures", mode="assign_replace")
    for feature, value in font_features().items():   # kerning on, as for a copy
        SubElement(edit, "string").text = f"{feature} {value}"
    header = b'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
    return header + b"\n" + tostring(root, encoding="unicode").encode()


_LATER = object()              # the font data, to be read when first asked for
_in_font_init = threading.local()
_wrapped: list[Any] = []       # WeasyPrint's own Font.__init__, once installed


def install() -> None:
    """Have WeasyPrint's PDF fonts read their file's data on demand (once per process)."""
    if _wrapped:
        return
    made = pdf_fonts.Font.__init__
    _wrapped.append(made)

    def font_init(self: Any, *args: Any) -> None:
        _in_font_init.active = True
        try:
            made(self, *args)
        finally:
            _in_font_init.active = False

    pdf_fonts.Font.__init__ = font_init
    pdf_fonts.Font.file_content = property(_file_content, _set_file_content)
    pdf_fonts.get_hb_object_data = _data_or_later
    _subset_anew.append(pdf_fonts.Font._harfbuzz_subset)
    pdf_fonts.Font._harfbuzz_subset = _subset_once
    _font_type.append(pdf_fonts.Font.type.fget)
    pdf_fonts.Font.type = property(_type)


def original_font_init() -> Any:
    """WeasyPrint's Font.__init__, which `install()` wraps."""
    return _wrapped[0] if _wrapped else pdf_fonts.Font.__init__


def _data_or_later(hb_object: Any, ot_color: str | None = None, glyph: Any = None) -> Any:
    """WeasyPrint's get_hb_object_data, but `_LATER` for the whole face a Font is made
    with."""
    if getattr(_in_font_init, "active", False) and ot_color is None:
        return _LATER
    return get_hb_object_data(hb_object, ot_color, glyph)


def _file_content(font: Any) -> bytes:
    data = font.__dict__.get("_file_content", _LATER)
    if data is _LATER:
        data = font.__dict__["_file_content"] = get_hb_object_data(font.hb_face)
    return data


def _set_file_content(font: Any, data: Any) -> None:
    font.__dict__["_file_content"] = data


_subset_anew: list[Any] = []   # WeasyPrint's own Font._harfbuzz_subset, once installed
# Subsets made lately, by face, glyphs and options; most recent last, within the budget.
_subsets: OrderedDict[tuple, bytes] = OrderedDict()
_subsets_lock = threading.Lock()
_subsets_budget = [0]   # bytes; none kept unless `keep_subsets` is called
_files_open: dict[tuple[int, int], tuple[Any, str]] = {}   # address, length -> blob, hash


def keep_subsets(budget: int = 48 << 20) -> None:
    """Keep up to `budget` bytes of font subsets in this process, the latest first."""
    _subsets_budget[0] = budget


def original_subset() -> Any:
    """WeasyPrint's Font._harfbuzz_subset, which `install()` wraps."""
    return _subset_anew[0] if _subset_anew else pdf_fonts.Font._harfbuzz_subset


def _subset_once(font: Any, to_unicode: dict[int, Any], hinting: bool) -> None:
    """WeasyPrint's subset of `font` to the glyphs of `to_unicode`, or the one made before
    for the same face, glyphs and options (HarfBuzz makes the same bytes of them); within
    `bare_cid_keyed_fonts`, a bare CID-keyed CFF where the font allows."""
    if getattr(_mode, "cut", None) is not None and \
            _cut_bare(font, sorted({0, *to_unicode}), hinting):
        _mode.cut.add(font)
        return
    if not _subsets_budget[0]:
        original_subset()(font, to_unicode, hinting)
        return
    key = (_face_identity(font.hb_face), font.index, tuple(sorted(to_unicode)),
           bool(hinting), bool(font.missing))
    with _subsets_lock:
        kept = _subsets.get(key)
        if kept is not None:
            _subsets.move_to_end(key)
    if kept is not None:
        font.file_content = kept
        return
    original_subset()(font, to_unicode, hinting)
    made = font.__dict__.get("_file_content", _LATER)
    if made is _LATER:   # HarfBuzz failed (WeasyPrint said so): nothing to keep
        return
    with _subsets_lock:
        _subsets[key] = made
        while sum(map(len, _subsets.values())) > _subsets_budget[0] and len(_subsets) > 1:
            _subsets.popitem(last=False)


def _face_identity(hb_face: Any) -> str:
    """The SHA-256 of the face's file, worked out once per file a process has open. The
    file is kept referenced, so that the address it is known by stays its own."""
    blob = harfbuzz.hb_face_reference_blob(hb_face)
    length = ffi.new("unsigned int *")
    data = harfbuzz.hb_blob_get_data(blob, length)
    address = (int(ffi.cast("uintptr_t", data)), length[0])
    with _subsets_lock:
        known = _files_open.get(address)
    if known is not None:
        harfbuzz.hb_blob_destroy(blob)
        return known[1]
    digest = hashlib.sha256(ffi.buffer(data, length[0])).hexdigest()
    with _subsets_lock:
        _files_open[address] = (ffi.gc(blob, harfbuzz.hb_blob_destroy), digest)
    return digest


# --------------------------------------------------------------------------- bare CFF

_mode = threading.local()
_font_type: list[Any] = []     # WeasyPrint's own Font.type, once installed
CFF_TAG = harfbuzz.hb_tag_from_string(b"CFF ", -1)


@contextlib.contextmanager
def bare_cid_keyed_fonts() -> Iterator[None]:
    """Within the block, the PDFs this thread writes embed each CID-keyed CFF font as a
    bare CFF of the glyphs shown, each glyph keeping its CID (`_cut_bare`), labelled as
    WeasyPrint labels CFF (FontFile3 /OpenType) until variants/fonts.py: `label_bare_cff`
    gives it its own label (/CIDFontType0C): a PDF written so must be labelled before it
    is used (a reader would not load the font, rather than draw wrong glyphs). A font that
    does not allow it (name-keyed, variable, colour, with glyphs missing, or whose CIDs
    are not its glyph ids) is subset as WeasyPrint does. The fonts cut so are whole again
    when the block ends, for any later write of the document."""
    _mode.cut = set()
    try:
        yield
    finally:
        for font in _mode.cut:
            font.file_content = _LATER
        _mode.cut = None


def original_font_type() -> Any:
    """WeasyPrint's Font.type getter, which `install()` wraps."""
    return _font_type[0] if _font_type else pdf_fonts.Font.type.fget


def _type(font: Any) -> str:
    """WeasyPrint's Font.type ('otf' for an OpenType CFF program, else 'ttf'), 'otf' for a
    bare CFF too: it then writes the CIDFont and FontFile3 a CFF takes."""
    return "otf" if font in (getattr(_mode, "cut", None) or ()) else _font_type[0](font)


def _cut_bare(font: Any, glyphs: list[int], hinting: bool) -> bool:
    """`font` cut by HarfBuzz to `glyphs` (ids in the face, which the PDF's content shows
    as CIDs) as a bare CFF; False, untouched, where that CFF would not name each glyph by
    the CID the content shows it by."""
    if (font.missing or font.png or font.svg or font.colr or "fvar" in font.tables
            or "CFF " not in font.tables or not _cids_are_glyph_ids(font.hb_face)):
        return False
    cff = _cff_of_subset(font.hb_face, glyphs, [t for t in font.tables if t != "CFF "],
                         hinting)
    # HarfBuzz may keep more (variants of the characters shown), never fewer.
    if cff is None or not set(glyphs) <= set(cid_glyphs(cff) or ()):
        return False
    font.file_content = cff
    return True


def _cff_of_subset(hb_face: Any, glyphs: list[int], drop: list[str],
                   hinting: bool) -> bytes | None:
    made = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(),
                  harfbuzz_subset.hb_subset_input_destroy)
    glyph_set = harfbuzz_subset.hb_subset_input_glyph_set(made)
    harfbuzz.hb_set_add_sorted_array(glyph_set, ffi.new(f"hb_codepoint_t[{len(glyphs)}]",
                                                         glyphs), len(glyphs))
    flags = (harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
             | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
             | harfbuzz_subset.HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE)
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    harfbuzz_subset.hb_subset_input_set_flags(made, flags)
    dropped = harfbuzz_subset.hb_subset_input_set(
        made, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
    # Only the CFF is kept: no glyph closure through GSUB, no metrics.
    tags = sorted(harfbuzz.hb_tag_from_string(tag.encode(), -1) for tag in drop)
    harfbuzz.hb_set_add_sorted_array(dropped, ffi.new(f"hb_codepoint_t[{len(tags)}]", tags),
                                     len(tags))
    face = harfbuzz_subset.hb_subset_or_fail(hb_face, made)
    if face == ffi.NULL:
        return None
    return _cff_table(ffi.gc(face, harfbuzz.hb_face_destroy)) or None


def _cff_table(hb_face: Any) -> bytes:
    with _cff_in_place(hb_face) as cff:
        return bytes(cff)


@contextlib.contextmanager
def _cff_in_place(hb_face: Any) -> Iterator[Any]:
    """The face's CFF table as a buffer over HarfBuzz's memory, for the block (empty if
    it has none)."""
    blob = harfbuzz.hb_face_reference_table(hb_face, CFF_TAG)
    try:
        length = ffi.new("unsigned int *")
        yield ffi.buffer(harfbuzz.hb_blob_get_data(blob, length), length[0])
    finally:
        harfbuzz.hb_blob_destroy(blob)


def _cids_are_glyph_ids(hb_face: Any) -> bool:
    """Whether the face's CFF is CID-keyed with each glyph's CID its glyph id (as in the
    Noto CJK fonts): the ids the PDF's content shows its glyphs by are then their CIDs.
    Read in place from the charset, each time (1.5 ms): a process laying out page after
    page with a fresh font configuration must not keep every file it opened."""
    with _cff_in_place(hb_face) as cff:
        return len(cff) > 0 and cids_are_glyph_ids(cff)
