"""The print plates read strictly, as a plant's PDF/X checker reads them: PDF 1.4 font
programs and no stray colour spaces in PDF/X-1a, PDF/X-4 identified in Info, black that
overprints, only plant-ready PDFs in the plant's folders, the output condition named. Each
fault is also made on purpose in a small PDF, which `layout preflight` must refuse."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import numpy
import pdfplumber
import pikepdf
import pypdfium2
import pytest
from click.testing import CliRunner
from fontTools.cffLib import CFFFontSet
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont
from PIL import Image

from layout.build import BuildResult
from layout.cli import main
from layout.manifest.resources import DEFAULT_ASSETS
from layout.pdfcheck.preflight import preflight, strict_pdfx
from layout.variants.fonts import embed_bare_font_programs, glyphs_by_program
from layout.variants.glyphs import glyphs_shown
from layout.variants.pdfx import finish_plates, output_condition
from tests.pdftools import run

PROFILE = DEFAULT_ASSETS / "icc" / "newsprint-fogra29-tac220.icc"
SONG = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
X1A, X4 = "PDF/X-1a:2003", "PDF/X-4"


# --------------------------------------------------------------------------- fonts (1)


def font_programs(pdf: Path) -> list[tuple[str, str, str | None]]:
    """(CIDFont or font Subtype, FontFile key, its Subtype) of every embedded font."""
    found = []
    with pikepdf.open(pdf) as document:
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/FontDescriptor" in obj:
                descriptor = obj.FontDescriptor
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in descriptor:
                        subtype = descriptor[key].get("/Subtype")
                        found.append((str(obj.Subtype), key, subtype and str(subtype)))
    return found


def test_x1a_plates_embed_cff_bare_and_truetype_as_fontfile2(print_build: BuildResult):
    for pdf in [print_build.issue_pdf, *print_build.page_pdfs]:
        programs = font_programs(pdf)
        assert programs, pdf
        for subtype, key, program in programs:
            assert (subtype, key, program) in {("/CIDFontType0", "/FontFile3", "/CIDFontType0C"),
                                               ("/CIDFontType2", "/FontFile2", None)}, pdf
        # pdffonts reads them as PDF 1.4 types: no "(OT)".
        types = run("pdffonts", pdf)
        assert "(OT)" not in types and "CID Type 0C" in types and "CID TrueType" in types


def test_cid_fonts_with_cff_carry_no_truetype_keys(print_build: BuildResult):
    with pikepdf.open(print_build.issue_pdf) as document:
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/CIDFontType0":
                assert "/CIDToGIDMap" not in obj
                data = obj.FontDescriptor.FontFile3.read_bytes()
                top = CFFFontSet()
                top.decompile(io.BytesIO(data), None)
                assert hasattr(top.topDictIndex[0], "ROS")   # a CID-keyed CFF


def test_x1a_and_x4_plates_print_the_same_glyphs(print_build: BuildResult,
                                                 print_x4_build: BuildResult,
                                                 tmp_path: Path):
    # X-4 keeps WeasyPrint's OpenType programs; X-1a has them rewritten. Same picture.
    for x1a, x4 in zip(print_build.page_pdfs, print_x4_build.page_pdfs, strict=True):
        assert inside_trim_text(x1a) == inside_trim_text(x4)
        pictures = []
        for pdf in (x1a, x4):
            run("pdftoppm", "-r", "60", "-gray", "-png", pdf, tmp_path / pdf.parent.parent.name)
            (png,) = tmp_path.glob(f"{pdf.parent.parent.name}*.png")
            pictures.append(numpy.asarray(Image.open(png), dtype=int)[30:-30, 30:-30])
            png.unlink()
        assert numpy.abs(pictures[0] - pictures[1]).max() <= 2, x1a.name


def inside_trim_text(pdf: Path) -> str:
    """The text of the page less the slug line under the trim, which names the variant."""
    return "\n".join(line for line in run("pdftotext", pdf, "-").splitlines()
                     if "print" not in line)


def subset_song(text: str, retain_gids: bool) -> bytes:
    options = Options(retain_gids=retain_gids, desubroutinize=True)
    subsetter = Subsetter(options)
    font = TTFont(SONG, fontNumber=0)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def opentype_cid_pdf(path: Path, program: bytes, version: str = X1A) -> Path:
    """A one-page PDF/X file whose CIDFont embeds `program` as FontFile3 /OpenType."""
    def add_font(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        stream = pdf.make_stream(program, Subtype=pikepdf.Name.OpenType)
        descriptor = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/ABCDEF+Song"),
            Flags=4, FontBBox=[0, -120, 1000, 880], ItalicAngle=0, Ascent=880,
            Descent=-120, CapHeight=700, StemV=80, FontFile3=stream))
        cid_font = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType0,
            BaseFont=pikepdf.Name("/ABCDEF+Song"), FontDescriptor=descriptor,
            CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity",
                                             Supplement=0),
            CIDToGIDMap=pikepdf.Name.Identity, DW=1000))
        font = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name("/ABCDEF+Song"), Encoding=pikepdf.Name("/Identity-H"),
            DescendantFonts=[cid_font]))
        page.obj.Resources.Font = pikepdf.Dictionary(F1=font)
        page.obj.Contents = pdf.make_stream(
            b"BT 0 0 0 1 k /F1 24 Tf 20 100 Td <000100020003> Tj ET")
    return pdfx_file(path, version, fault=add_font)


def test_preflight_refuses_an_opentype_font_program_in_pdfx_1a(tmp_path: Path):
    pdf = opentype_cid_pdf(tmp_path / "advert.pdf", subset_song("报纸排版", retain_gids=False))

    (finding,) = [f for f in preflight(pdf).errors if f.subject.startswith("font")]

    assert finding.page == 1 and finding.subject == "font /ABCDEF+Song"
    assert "FontFile3 /OpenType" in finding.message and "/CIDFontType0C" in finding.message


def test_an_opentype_font_program_is_allowed_in_pdfx_4(tmp_path: Path):
    pdf = opentype_cid_pdf(tmp_path / "advert.pdf", subset_song("报纸", retain_gids=False), X4)
    assert not [f for f in preflight(pdf).findings if f.subject.startswith("font")]


def test_a_cid_keyed_cff_is_renumbered_so_that_each_cid_is_its_glyph_index(tmp_path: Path):
    # Subset without keeping glyph indices: glyph 1 is no longer CID 1, as the PDF expects.
    program = subset_song("报纸排版", retain_gids=False)
    original = TTFont(io.BytesIO(program))
    assert original.getGlyphOrder()[1] != "cid00001"
    pdf = opentype_cid_pdf(tmp_path / "advert.pdf", program)

    with pikepdf.open(pdf, allow_overwriting_input=True) as document:
        embed_bare_font_programs(document)
        document.save(pdf)
    with pikepdf.open(pdf) as document:
        (font,) = [o for o in document.objects if isinstance(o, pikepdf.Dictionary)
                   and o.get("/Subtype") == "/CIDFontType0"]
        stream = font.FontDescriptor.FontFile3
        assert stream.Subtype == "/CIDFontType0C" and "/CIDToGIDMap" not in font
        bare = CFFFontSet()
        bare.decompile(io.BytesIO(stream.read_bytes()), None)

    top = bare.topDictIndex[0]
    old = original["CFF "].cff.topDictIndex[0]
    assert list(top.charset) == [".notdef"] + [f"cid{g:05d}" for g in range(1, len(old.charset))]
    for gid, name in enumerate(old.charset):   # the same outline at every glyph index
        old_glyph, new_glyph = old.CharStrings[name], top.CharStrings[top.charset[gid]]
        old_glyph.decompile()
        new_glyph.decompile()
        assert old_glyph.program == new_glyph.program
    assert preflight(pdf).passed, preflight(pdf).findings


def cid_keyed_cff_pdf(path: Path, text: str, cut: bool = False) -> tuple[Path, set[int]]:
    """A PDF/X-1a file that shows `text` in a bare CID-keyed CFF subset keeping glyph
    indices (as WeasyPrint's are, then made bare for PDF 1.4), or `cut` to the glyphs
    shown as the plates' are; the glyph ids shown."""
    program = subset_song(text, retain_gids=True)
    cmap = TTFont(io.BytesIO(program)).getBestCmap()
    order = TTFont(io.BytesIO(program)).getGlyphOrder()
    gids = [order.index(cmap[ord(char)]) for char in text]
    pdf = opentype_cid_pdf(path, program)
    with pikepdf.open(pdf, allow_overwriting_input=True) as document:
        shown = b"".join(gid.to_bytes(2, "big") for gid in gids)
        document.pages[0].obj.Contents = document.make_stream(
            b"BT 0 0 0 1 k /F1 24 Tf 20 100 Td <" + shown.hex().encode() + b"> Tj ET")
        embed_bare_font_programs(document, glyphs_by_program(document) if cut else None)
        document.save(pdf)
    return pdf, set(gids)


def font_program(pdf: Path) -> bytes:
    """The program of the one CIDFont in `pdf`."""
    with pikepdf.open(pdf) as document:
        (font,) = [o for o in document.objects if isinstance(o, pikepdf.Dictionary)
                   and o.get("/Subtype") == "/CIDFontType0"]
        return font.FontDescriptor.FontFile3.read_bytes()


def pictures(pdf: Path, folder: Path) -> list[numpy.ndarray]:
    """The page drawn by Ghostscript (in CMYK, as a RIP), Poppler and PDFium."""
    run("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc", "-r100",
        f"-sOutputFile={folder / pdf.stem}-gs.tif", pdf)
    run("pdftoppm", "-r", "100", "-png", "-singlefile", pdf, folder / f"{pdf.stem}-poppler")
    with pypdfium2.PdfDocument(pdf) as document:
        pdfium = document[0].render(scale=100 / 72).to_pil()
    return [numpy.asarray(Image.open(folder / f"{pdf.stem}-gs.tif").convert("CMYK")),
            numpy.asarray(Image.open(folder / f"{pdf.stem}-poppler.png")),
            numpy.asarray(pdfium)]


def test_a_plates_cid_fonts_hold_only_the_glyphs_shown_and_print_the_same(tmp_path: Path):
    """A subset keeping glyph indices holds some 60,000 empty glyphs, which Ghostscript
    took 2.7 s a plate to load. Cut to what is shown, it must print the same everywhere:
    the ideographic space is an empty glyph that is shown (Ghostscript draws a crossed box
    where a shown glyph is missing, Poppler nothing)."""
    text = "报纸\u3000排版，“汤阴”"
    whole, gids = cid_keyed_cff_pdf(tmp_path / "whole.pdf", text)
    cut, _gids = cid_keyed_cff_pdf(tmp_path / "cut.pdf", text, cut=True)
    programs = [font_program(pdf) for pdf in (whole, cut)]
    program = CFFFontSet()
    program.decompile(io.BytesIO(programs[1]), None)
    assert list(program.topDictIndex[0].charset) == [".notdef"] + [
        f"cid{gid:05d}" for gid in sorted(gids)]
    assert len(programs[1]) < len(programs[0]) / 20
    for before, after in zip(pictures(whole, tmp_path), pictures(cut, tmp_path), strict=True):
        assert before.shape == after.shape and (before == after).all()
        assert (before != before.max()).any()     # something is drawn
    assert run("pdftotext", cut, "-") == run("pdftotext", whole, "-")   # no ToUnicode here


def test_the_print_plates_hold_only_the_glyphs_they_show(print_build: BuildResult):
    for pdf in print_build.page_pdfs:
        with pikepdf.open(pdf) as document:
            shown = glyphs_shown(document.pages[0].obj)
            for font in document.pages[0].Resources.Font.values():
                program = font.DescendantFonts[0].FontDescriptor.get("/FontFile3")
                if program is None:
                    continue
                cff = CFFFontSet()
                cff.decompile(io.BytesIO(program.read_bytes()), None)
                charset = list(cff.topDictIndex[0].charset)
                assert charset == [".notdef"] + [f"cid{g:05d}" for g in sorted(
                    shown[font.objgen] - {0})], (pdf.name, str(font.BaseFont))


def test_a_cff_whose_glyphs_have_no_cids_is_left_whole():
    """Glyphs named rather than keyed by CID are shown by their index: renumbered, the
    plate would print other glyphs."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    from layout.variants.fonts import cut_cid_keyed_cff

    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef", "a", "b", "c"])
    strings = {}
    for name in (".notdef", "a", "b", "c"):
        pen = T2CharStringPen(500, None)
        pen.moveTo((0, 0))
        pen.lineTo((250, 500))
        pen.lineTo((500, 0))
        pen.closePath()
        strings[name] = pen.getCharString()
    builder.setupCFF("Named", {}, strings, {})
    buffer = io.BytesIO()
    builder.font["CFF "].cff.compile(buffer, builder.font)
    assert cut_cid_keyed_cff(buffer.getvalue(), {2}) is None


# --------------------------------------------------------------------------- colour spaces (2)


def resource_colour_spaces(pdf: Path) -> set[str]:
    """The family of every colour space in any page's or form's resources."""
    families = set()
    with pikepdf.open(pdf) as document:
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and "/ColorSpace" in obj \
                    and isinstance(obj.get("/ColorSpace"), pikepdf.Dictionary):
                for space in obj.ColorSpace.values():
                    families.add(str(space[0]) if isinstance(space, pikepdf.Array) else
                                 str(space))
    return families


def test_x1a_plates_define_no_lab_icc_or_rgb_colour_space(print_build: BuildResult,
                                                         print_x4_build: BuildResult):
    for pdf in [print_build.issue_pdf, *print_build.page_pdfs, print_x4_build.issue_pdf]:
        assert not resource_colour_spaces(pdf) & {"/Lab", "/ICCBased", "/DeviceRGB",
                                                  "/CalRGB"}, pdf
        assert not strict_pdfx(pikepdf.open(pdf)), pdf


def stray_spaces(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Two Lab and one ICC-based colour space, defined and never used, on the page and in
    a form XObject it draws."""
    profile = pdf.make_stream(PROFILE.read_bytes(), N=4)
    spaces = pikepdf.Dictionary({
        "/lab-d50": [pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9642, 1, 0.8249])],
        "/lab-d65": [pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])],
        "/device-cmyk": [pikepdf.Name.ICCBased, profile]})
    form = pdf.make_stream(b"0 0 0 1 k 0 0 10 10 re f", Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Form, BBox=[0, 0, 10, 10],
                           Resources=pikepdf.Dictionary(ColorSpace=pikepdf.Dictionary(
                               {"/lab": [pikepdf.Name.Lab,
                                         pikepdf.Dictionary(WhitePoint=[0.9642, 1, 0.8249])]})))
    page.obj.Resources.ColorSpace = spaces
    page.obj.Resources.XObject = pikepdf.Dictionary(Fm1=form)
    page.obj.Contents = pdf.make_stream(b"0 0 0 1 k 10 10 50 50 re f q /Fm1 Do Q")


def test_preflight_names_every_lab_and_icc_colour_space_in_a_pdfx_1a_file(tmp_path: Path):
    pdf = pdfx_file(tmp_path / "advert.pdf", X1A, fault=stray_spaces)

    result = CliRunner().invoke(main, ["preflight", str(pdf)])

    assert result.exit_code == 1
    for name, family in (("/lab-d50", "/Lab"), ("/lab-d65", "/Lab"),
                         ("/device-cmyk", "/ICCBased"), ("/lab", "/Lab")):
        assert f"error: page 1: colour space {name}: {family} in the resources (used or not)" \
            in result.stdout, name


def test_unused_colour_spaces_are_not_an_error_in_pdfx_4(tmp_path: Path):
    pdf = pdfx_file(tmp_path / "advert.pdf", X4, fault=stray_spaces)
    assert preflight(pdf).passed, preflight(pdf).findings


# --------------------------------------------------------------------------- PDF/X-4 (3)


def test_x4_plates_declare_pdfx_4_in_info_and_xmp(print_x4_build: BuildResult):
    for pdf in [print_x4_build.issue_pdf, *print_x4_build.page_pdfs]:
        assert "PDF subtype:    PDF/X-4" in run("pdfinfo", pdf)
        with pikepdf.open(pdf) as document:
            assert str(document.docinfo.GTS_PDFXVersion) == X4
            assert "/GTS_PDFXConformance" not in document.docinfo
            meta = document.open_metadata()
            assert meta["pdfxid:GTS_PDFXVersion"] == X4
            assert meta["xmpMM:RenditionClass"] == "default"
            assert "pdfx:GTS_PDFXConformance" not in meta


def test_preflight_refuses_a_pdfx_4_declared_in_xmp_alone(tmp_path: Path):
    pdf = pdfx_file(tmp_path / "advert.pdf", X4, info=False)

    (finding,) = preflight(pdf).errors

    assert finding.subject == "standard"
    assert "no GTS_PDFXVersion in the Info dictionary" in finding.message
    assert preflight(pdfx_file(tmp_path / "good.pdf", X4)).passed


# --------------------------------------------------------------------------- the folders (4)


def test_every_pdf_in_the_plants_folders_passes_preflight(print_build: BuildResult,
                                                          print_x4_build: BuildResult):
    folders = [print_build.issue_pdf.parent, print_x4_build.issue_pdf.parent]
    pdfs = sorted(p for folder in folders for p in folder.rglob("*.pdf"))
    assert {p.relative_to(p.parents[1]).as_posix() for p in pdfs if p.parent in folders} \
        == {"print/issue.pdf", "print-x4/issue.pdf"}   # no flatplan, no other proof
    assert len(pdfs) == 6
    for pdf in pdfs:
        report = preflight(pdf)
        assert report.passed, "\n".join(str(f) for f in report.findings)


# --------------------------------------------------------------------------- overprint (6)


def painted(page: pikepdf.Page) -> list[tuple[str, tuple[float, ...], bool]]:
    """Every text show and path painting of `page`: what it is (text, fill, stroke), its
    colour, and whether it overprints, following the graphics state through q and Q."""
    fill = stroke = ()
    overprint, saved, found = False, [], []
    states = page.obj.Resources.ExtGState
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        numbers = tuple(round(float(v), 3) for v in operands
                        if isinstance(v, int | float | Decimal))
        if op == "q":
            saved.append((fill, stroke, overprint))
        elif op == "Q":
            fill, stroke, overprint = saved.pop()
        elif op in ("k", "sc", "scn", "g", "rg"):
            fill = numbers
        elif op in ("K", "SC", "SCN", "G", "RG"):
            stroke = numbers
        elif op == "gs" and "/op" in states[operands[0]]:
            overprint = bool(states[operands[0]].op)
        elif op in ("Tj", "TJ", "'", '"'):
            found.append(("text", fill, overprint))
        elif op in ("f", "F", "f*", "B", "B*", "b", "b*"):
            found.append(("fill", fill, overprint))
        elif op in ("S", "s"):
            found.append(("stroke", stroke, overprint))
    return found


BLACK, WHITE, REGISTRATION = (0, 0, 0, 1), (0, 0, 0, 0), (1, 1, 1, 1)


@pytest.mark.parametrize("variant", ["print", "print-x4"])
def test_solid_black_rules_and_boxes_overprint_like_black_text(
        request: pytest.FixtureRequest, variant: str):
    build: BuildResult = request.getfixturevalue(
        {"print": "print_build", "print-x4": "print_x4_build"}[variant])
    with pikepdf.open(build.issue_pdf) as document:
        marks = [m for page in document.pages for m in painted(page)]
    black_paths = [m for m in marks if m[0] != "text" and m[1] == BLACK]
    # column rules, box borders, the running heads' and the masthead's rules, the barcode
    assert len(black_paths) > 50
    assert all(overprint for _, _, overprint in black_paths)
    assert all(m[2] for m in marks if m[0] == "text" and m[1] == BLACK)
    # Crop marks in registration colour, white text and the red masthead knock out.
    knocked_out = {m[1] for m in marks if not m[2]}
    assert REGISTRATION in knocked_out and WHITE in knocked_out
    assert all(m[1] in (REGISTRATION, WHITE) or m[1][3] == 0 for m in marks if not m[2])


def test_overprinting_black_keeps_the_colour_under_it(tmp_path: Path):
    # A black rule over a cyan box: with overprint simulated, cyan stays under the rule.
    def rule_over_cyan(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        page.obj.Contents = pdf.make_stream(
            b"1 0 0 0 k 20 20 160 160 re f 0 0 0 1 k 20 95 160 10 re f")

    source = pdfx_file(tmp_path / "rule.pdf", X1A, fault=rule_over_cyan)
    plate = tmp_path / "plate.pdf"
    plate.write_bytes(finish_plates(source.read_bytes(), "1.4", "test"))

    cyan = separation(plate, "Cyan", tmp_path)
    assert cyan[100, 100] > 200  # under the rule (200 pt square at 72 dpi)


def separation(pdf: Path, ink: str, folder: Path) -> numpy.ndarray:
    """One ink's separation of page 1 from Ghostscript (tiffsep), as coverage 0-255."""
    run("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r72",
        f"-sOutputFile={folder / 'sep.tif'}", pdf)
    with Image.open(folder / f"sep({ink}).tif") as image:
        return 255 - numpy.asarray(image.convert("L"), dtype=int)


# --------------------------------------------------------------------------- inks (5)


def test_text_rules_and_the_greyscale_photo_print_in_black_ink_alone(print_build: BuildResult,
                                                                     tmp_path: Path):
    # Cyan, as Ghostscript separates the plates, only where the colour photo is: none in
    # text, rules or the greyscale photo (geyong-bisai.jpg, on page 2 of the colour pages).
    tinted = []
    for plate in print_build.page_pdfs:
        cyan = separation(plate, "Cyan", tmp_path)
        outside = numpy.ones(cyan.shape, dtype=bool)
        outside[:35, :] = outside[-35:, :] = outside[:, :35] = outside[:, -35:] = False
        with pdfplumber.open(plate) as pdf:
            left, top = pdf.pages[0].bbox[:2]   # the media box's corner: pixel 0, 0
            for image in pdf.pages[0].images:
                box = (slice(int(image["top"] - top) - 1, int(image["bottom"] - top) + 2),
                       slice(int(image["x0"] - left) - 1, int(image["x1"] - left) + 2))
                outside[box] = False
                tinted.append(bool(cyan[box].max() > 0))
        assert cyan[outside].max() == 0, plate.name   # the marks area (12 mm) left out
    assert sorted(tinted) == [False, True]   # the grey photo, and the colour one


# --------------------------------------------------------------------------- output condition (7)


def test_the_output_intent_names_its_condition_honestly(print_build: BuildResult):
    with pikepdf.open(print_build.issue_pdf) as document:
        (intent,) = document.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "FOGRA29"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert "Newsprint approximation" in str(intent.OutputCondition)
        assert "TAC 220%" in str(intent.Info)


@pytest.mark.parametrize(("description", "condition"), [
    ("ISOnewspaper26v4", ("IFRA26", "http://www.color.org")),
    ("WAN-IFRAnewspaper26v5", ("IFRA26", "http://www.color.org")),
    ("Our plant, press 2, 2019", ("Custom", None)),
])
def test_a_plants_profile_gives_its_registered_condition(description: str,
                                                         condition: tuple[str, str | None]):
    assert output_condition(description) == condition


# --------------------------------------------------------------------------- small PDFs


def pdfx_file(path: Path, version: str, info: bool = True,
              fault: Callable[[pikepdf.Pdf, pikepdf.Page], None] | None = None) -> Path:
    """A one-page PDF/X file that passes preflight, declaring `version` in XMP (and in
    Info unless told not to), with `fault` made in it."""
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(200, 200))
        page = pdf.pages[0]
        page.obj.TrimBox = [0, 0, 200, 200]
        page.obj.BleedBox = [-9, -9, 209, 209]
        page.obj.Resources = pikepdf.Dictionary()
        page.obj.Contents = pdf.make_stream(b"0 0 0 1 k 10 10 50 50 re f")
        profile = pdf.make_stream(PROFILE.read_bytes(), N=4)
        pdf.Root.OutputIntents = [pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier="FOGRA29", DestOutputProfile=profile)]
        if info:
            pdf.docinfo[pikepdf.Name.GTS_PDFXVersion] = version
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["pdfxid:GTS_PDFXVersion"] = version
        if fault:
            fault(pdf, page)
        pdf.save(path, force_version="1.4" if version == X1A else "1.6")
    return path
