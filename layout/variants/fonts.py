"""Font programs in finished PDFs: bare CFF, cut to the glyphs shown.

WeasyPrint embeds CFF fonts as OpenType programs (FontFile3 /OpenType) whose subsets keep
every glyph's id, so a CJK subset of a few hundred glyphs holds some 60,000 empty ones
(about 750 KB a face before compression). A CID-keyed CFF embedded bare (FontFile3
/CIDFontType0C) names its glyphs by CID through its charset (PDF 32000-1, 9.7.4.2), so it
can hold the glyphs shown alone, each keeping its CID, and the pages' content stays as it
is. The archive's, the proof's and the e-paper's fonts are written so
(render/weasyprint_fonts.py: `bare_cid_keyed_fonts`, labelled here), and the plates' made
so after (`embed_bare_font_programs`).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

import pikepdf
from fontTools.ttLib import TTFont
from pikepdf import Name

from layout.errors import RenderError
from layout.i18n import _
from layout.render.cff import cid_glyphs
from layout.variants.glyphs import ObjGen, glyphs_shown


def label_bare_cff(document: pikepdf.Pdf) -> None:
    """Each bare CFF written within `bare_cid_keyed_fonts` (render/weasyprint_fonts.py),
    which WeasyPrint labels /OpenType as it labels all CFF, labelled as a bare CID-keyed
    CFF is (FontFile3 /CIDFontType0C)."""
    for descriptor in document.objects:
        if not isinstance(descriptor, pikepdf.Dictionary) or \
                descriptor.get("/Type") != "/FontDescriptor":
            continue
        program = descriptor.get("/FontFile3")
        if program is not None and program.get("/Subtype") == "/OpenType" and \
                program.read_bytes()[:4] != b"OTTO":
            program.Subtype = Name.CIDFontType0C


def bare_cff_labelled(pdf: bytes) -> bytes:
    """`pdf`, written within `bare_cid_keyed_fonts`, with its bare CFF labelled
    (`label_bare_cff`); the same bytes for the same PDF."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        label_bare_cff(document)
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
    return out.getvalue()


def cut_cid_keyed_cff(cff: bytes, cids: set[int]) -> bytes | None:
    """The CID-keyed CFF `cff` holding only .notdef and the glyphs of `cids`, each keeping
    its CID; None if it is not CID-keyed (its glyphs are named by index: renumbered, they
    would print other glyphs) or HarfBuzz cannot cut it (kept whole: bigger, not wrong)."""
    import uharfbuzz as hb

    charset = cid_glyphs(cff)
    if charset is None:
        return None
    face = hb.Face.create_for_tables(lambda _face, tag, _data: cff if tag == "CFF " else b"",
                                     None)
    face.glyph_count = len(charset)
    options = hb.SubsetInput()
    options.glyph_set.update({0, *(gid for gid, cid in enumerate(charset) if cid in cids)})
    options.flags = (hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
                     | hb.SubsetFlags.NOTDEF_OUTLINE)
    try:
        cut = hb.subset(face, options)
    except RuntimeError:
        return None
    return bytes(cut.reference_table("CFF ").data) or None


# --------------------------------------------------------------------------- made bare


def embed_bare_font_programs(document: pikepdf.Pdf,
                             shown: dict[ObjGen, set[int]] | None = None) -> None:
    """Every font embedded as an OpenType program (FontFile3 /OpenType, PDF 1.6) rewritten
    as PDF 1.4 has it: its CFF data bare as FontFile3 /CIDFontType0C (a CIDFont) or /Type1C
    (a simple font), or a TrueType program as FontFile2. A CID-keyed CFF for which `shown`
    (`glyphs_by_program`) gives glyphs is cut down to them (`cut_cid_keyed_cff`)."""
    done: set[tuple[int, int]] = set()
    for font in _embedded_fonts(document):
        descriptor = font.FontDescriptor
        program = descriptor.get("/FontFile3")
        if program is None or program.get("/Subtype") != "/OpenType":
            continue
        if program.objgen not in done:
            done.add(program.objgen)
            _rewrite_program(program, cid=font.Subtype in ("/CIDFontType0", "/CIDFontType2"),
                             glyphs=(shown or {}).get(program.objgen, set())
                             if font.Subtype == "/CIDFontType0" else set())
        if program.get("/Subtype") == "/FontFile2":
            del descriptor["/FontFile3"]
            descriptor.FontFile2 = program
            del program["/Subtype"]
            if font.Subtype == "/CIDFontType0":
                font.Subtype, font.CIDToGIDMap = Name.CIDFontType2, Name.Identity
        elif font.Subtype == "/CIDFontType0" and "/CIDToGIDMap" in font:
            del font["/CIDToGIDMap"]   # for TrueType CIDFonts only


def _embedded_fonts(document: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Every font dictionary with a descriptor: simple fonts, and the CIDFonts of Type 0."""
    seen: set[tuple[int, int]] = set()
    for font in document.objects:
        if not isinstance(font, pikepdf.Dictionary) or font.get("/Type") != "/Font":
            continue
        if font.objgen in seen or "/FontDescriptor" not in font:
            continue
        seen.add(font.objgen)
        yield font


def _rewrite_program(program: pikepdf.Stream, cid: bool, glyphs: set[int]) -> None:
    """The OpenType program in `program` replaced by its bare CFF (Subtype set) or, for
    TrueType outlines, by the program itself marked for FontFile2 (Subtype /FontFile2,
    taken off by the caller)."""
    data = program.read_bytes()
    font = TTFont(io.BytesIO(data))
    if "glyf" in font:
        program.write(zlib.compress(data, 9), filter=Name.FlateDecode)
        program.Length1 = len(data)
        program.Subtype = Name("/FontFile2")
        return
    if "CFF2" in font:   # variable outlines: made static CFF, which PDF 1.4 knows
        from fontTools.cffLib.CFF2ToCFF import convertCFF2ToCFF
        convertCFF2ToCFF(font)
        raw = font.getTableData("CFF ")
    elif "CFF " in font:
        raw = font.reader["CFF "]
    else:
        raise RenderError(_("an embedded OpenType font has neither CFF nor TrueType outlines"))
    cff = _cid_identity_cff(font, raw) if cid else raw
    if cid and glyphs:
        cff = cut_cid_keyed_cff(cff, glyphs) or cff
    program.write(zlib.compress(cff, 9), filter=Name.FlateDecode)
    program.Subtype = Name.CIDFontType0C if cid else Name.Type1C


def _cid_identity_cff(font: TTFont, raw: bytes) -> bytes:
    """The CFF table of `font` (`raw` as stored), whose glyphs the PDF names by glyph
    index: as it is when it is not CID-keyed (CIDs are glyph indices) or when each glyph's
    CID is its index; else compiled again with CID = glyph index."""
    table = font["CFF "]
    top = table.cff.topDictIndex[0]
    names = list(top.charset)
    identity = [".notdef"] + [f"cid{gid:05d}" for gid in range(1, len(names))]
    if not hasattr(top, "ROS") or names == identity:
        return raw
    renamed = dict(zip(names, identity, strict=True))
    strings = top.CharStrings
    strings.charStrings = {renamed[name]: index for name, index in strings.charStrings.items()}
    top.charset = identity
    buffer = io.BytesIO()
    table.cff.compile(buffer, font)
    return buffer.getvalue()


def glyphs_by_program(document: pikepdf.Pdf) -> dict[ObjGen, set[int]]:
    """The glyphs the document's pages show with each CIDFont's embedded program (by the
    program's object, as WeasyPrint embeds it: FontFile3 /OpenType), for
    `embed_bare_font_programs` to cut the programs to."""
    shown: dict[ObjGen, set[int]] = {}
    for page in document.pages:
        glyphs_shown(page.obj, shown=shown)
    wanted: dict[ObjGen, set[int]] = {}
    for font in document.objects:     # each Type 0 font, with the CIDFont it draws with
        if not isinstance(font, pikepdf.Dictionary) or font.get("/Subtype") != "/Type0":
            continue
        program = font.DescendantFonts[0].get("/FontDescriptor", {}).get("/FontFile3")
        if program is not None:
            wanted.setdefault(program.objgen, set()).update(shown.get(font.objgen, ()))
    return wanted


# --------------------------------------------------------------------------- cut to a page

def cut_fonts_to_page(page: pikepdf.Page) -> None:
    """Each composite font the page's text shows cut down to the glyphs it shows there
    (the issue's fonts hold every page's): a bare CID-keyed CFF to the CIDs shown, any
    other program as WeasyPrint cuts it, each glyph keeping its id."""
    shown = glyphs_shown(page.obj)
    for font in page.obj.Resources.get("/Font", {}).values():
        program = _font_program(font)
        glyphs = shown.get(font.objgen)
        if program is None or not glyphs:
            continue
        key, stream = program
        data = stream.read_bytes()
        cut = (cut_cid_keyed_cff(data, glyphs) if stream.get("/Subtype") == "/CIDFontType0C"
               else _cut_keeping_ids(data, glyphs))
        if cut is None:
            continue   # kept whole: bigger, not wrong
        stream.write(cut)   # compressed when the file is saved
        if key == "/FontFile2":
            stream.Length1 = len(cut)


def _cut_keeping_ids(program: bytes, glyphs: set[int]) -> bytes | None:
    import uharfbuzz as hb

    options = hb.SubsetInput()
    options.glyph_set.update({0, *glyphs})
    options.flags = (hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
                     | hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NOTDEF_OUTLINE)
    cut = hb.subset(hb.Face(program), options)
    return None if cut is None else bytes(cut.blob.data)


def _font_program(font: pikepdf.Dictionary) -> tuple[str, pikepdf.Stream] | None:
    """The embedded program of a composite font addressed by glyph id (Identity-H, as
    WeasyPrint writes every font), and the descriptor's key for it."""
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        return None
    descendant = font.DescendantFonts[0]
    if descendant.get("/CIDToGIDMap", pikepdf.Name.Identity) != pikepdf.Name.Identity:
        return None
    descriptor = descendant.get("/FontDescriptor", {})
    for key in ("/FontFile2", "/FontFile3"):
        if key in descriptor:
            return key, descriptor[key]
    return None
