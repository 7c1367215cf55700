"""WeasyPrint given the locked fonts in place and reading their data only when needed: the
same PDF as WeasyPrint's own way, without its copies."""

from __future__ import annotations

import hashlib
import inspect
import io
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.fonts import FontConfiguration

from layout.manifest.check import check_issue
from layout.project.fonts import FontLock, font_face_css
from layout.render import weasyprint_fonts
from layout.render.cff import cid_glyphs
from layout.render.fetcher import Readable
from layout.render.pdf import font_configuration, render_document
from layout.variants.glyphs import glyphs_shown
from tests.conftest import SAMPLE
from tests.pdftools import run

# The SHA-256 of the WeasyPrint 70.0 code render/weasyprint_fonts.py mirrors and wraps: the
# Fontconfig rules written for a font copy, and the PDF font made with its file's data. A
# new WeasyPrint changes these: read the new code, adapt the module, update the hashes.
ADD_FONT_FACE_SHA256 = "e4fcfcc36ed8c31013bb53058110ba5a1f38f5b84894c2f540a3b0f6c960b76f"
FONT_INIT_SHA256 = "1f281166b10302a4278a04384970b91496a19b071e071a4087f77a49bc1487fe"
SUBSET_SHA256 = "f80805663ede8080a3e1ffff831e20c74bd25fa3b8e4410334ba807158dc685f"
# And the code `bare_cid_keyed_fonts` relies on: what Font.type says of a program, and the
# CIDFont and font file written for each type (CFF: CIDFontType0, FontFile3 /OpenType).
TYPE_SHA256 = "31376bf9b326ac58403187f045eb3b823ef5cf26ec2a6a4af88f436266a0bd98"
FONTS_DICTIONARY_SHA256 = "fc551bef35d0d6c3d288f686fd21b5ea8c1efadb8f2f3b4d379cfa6045c02230"
VECTOR_FONT_SHA256 = "aa6eea312c6e3375689f3405d48c5059525038a8d73d2f63bf3476de6dc05903"

PAGE = """<html><head><style>{faces}
body {{ font-family: "NP Song"; font-size: 10pt }} b {{ font-family: "NP Hei"; font-weight: 900 }}
</style></head><body><p>汤阴县“端午”活动——精彩纷呈……<b>岳飞故里</b> 2021年6月15日</p>
<p style="font-family: 'NP Kai'">图说新闻：龙舟竞渡。</p></body></html>"""

PLAIN_WEASYPRINT = """
import sys
from weasyprint import HTML
import pikepdf
import pytest
from fontTools.ttLib import TTFont
from weasyprint.text.fonts import FontConfiguration
html, base = sys.stdin.read(), sys.argv[1]
sys.stdout.buffer.write(HTML(string=html, base_url=base).write_pdf(font_config=FontConfiguration()))
"""


def sha256_of(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def test_the_weasyprint_code_mirrored_is_the_one_it_was_written_for():
    made = weasyprint_fonts.original_font_init()
    assert sha256_of(FontConfiguration.add_font_face) == ADD_FONT_FACE_SHA256, \
        "FontConfiguration.add_font_face changed: review layout/render/weasyprint_fonts.py"
    assert sha256_of(made) == FONT_INIT_SHA256, \
        "weasyprint.pdf.fonts.Font.__init__ changed: review layout/render/weasyprint_fonts.py"
    assert sha256_of(weasyprint_fonts.original_subset()) == SUBSET_SHA256, \
        "weasyprint.pdf.fonts.Font._harfbuzz_subset changed: review weasyprint_fonts.py"
    written = {"Font.type": (weasyprint_fonts.original_font_type(), TYPE_SHA256),
               "build_fonts_dictionary": (pdf_fonts.build_fonts_dictionary,
                                          FONTS_DICTIONARY_SHA256),
               "_build_vector_font_dictionary": (pdf_fonts._build_vector_font_dictionary,
                                                 VECTOR_FONT_SHA256)}
    for name, (code, sha256) in written.items():
        assert sha256_of(code) == sha256, \
            f"weasyprint.pdf.fonts.{name} changed: review bare_cid_keyed_fonts"


def test_locked_fonts_in_place_make_the_pdf_weasyprint_makes_with_its_copies(tmp_path: Path):
    _issue, _resources, lock = check_issue(SAMPLE)
    html = PAGE.format(faces=font_face_css(lock))
    readable = Readable.of(roots=[tmp_path], files=lock.files)
    with font_configuration() as fonts:
        pdf = render_document(html, tmp_path, readable, fonts).write_pdf()
        copies = fonts._folder
    plain = subprocess.run([sys.executable, "-c", PLAIN_WEASYPRINT, tmp_path.as_uri() + "/"],
                           input=html.encode(), capture_output=True, check=True).stdout
    assert copies is None, "a locked font was copied"
    assert pdf == plain
    assert {name.split("+")[1].split("-")[1] for name in font_names(pdf)} >= {"Song", "Hei", "Kai"}


def font_names(pdf: bytes) -> set[str]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {str(font.BaseFont) for page in document.pages
                for font in page.Resources.Font.values()}


def test_subsets_kept_make_the_same_pdf_without_subsetting_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The desk keeps the fonts it subset: the page drawn again takes them, and its PDF is
    byte for byte the one made without keeping any; a page with a new character subsets
    the face it is set in again, and only that one."""
    _issue, _resources, lock = check_issue(SAMPLE)
    html = PAGE.format(faces=font_face_css(lock))
    readable = Readable.of(roots=[tmp_path], files=lock.files)
    with font_configuration() as fonts:
        fresh = render_document(html, tmp_path, readable, fonts).write_pdf()
        subsetting = weasyprint_fonts.original_subset()
        subset: list[str] = []
        monkeypatch.setattr(weasyprint_fonts, "_subset_anew", [
            lambda font, *rest: subset.append(font.family) or subsetting(font, *rest)])
        monkeypatch.setattr(weasyprint_fonts, "_subsets", type(weasyprint_fonts._subsets)())
        monkeypatch.setattr(weasyprint_fonts, "_subsets_budget", [48 << 20])
        first = render_document(html, tmp_path, readable, fonts).write_pdf()
        assert len(subset) == 3   # Song, Hei, Kai
        again = render_document(html, tmp_path, readable, fonts).write_pdf()
        assert len(subset) == 3
        edited = html.replace("图说新闻", "图说新闻鑫")
        render_document(edited, tmp_path, readable, fonts).write_pdf()
        assert subset[3:] == ["NP Kai"]
    assert fresh == first == again


KAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")


def outlines_swapped(font: Path, into: Path) -> str:
    """`font` with the outlines of two characters of the same length swapped in place, far
    into the file: the same length, table directory and checksums, other glyphs. The two
    characters, as text."""
    data = bytearray(font.read_bytes())
    ttfont = TTFont(font)
    directory = {record.tag: record.offset for record in ttfont.reader.tables.values()}
    glyf, loca = directory["glyf"], ttfont["loca"]
    order = ttfont.getGlyphOrder()
    spans: dict[int, tuple[str, int]] = {}
    for code, name in sorted(ttfont.getBestCmap().items()):
        if not 0x4E00 <= code <= 0x9FFF:
            continue
        gid = order.index(name)
        start, end = glyf + loca[gid], glyf + loca[gid + 1]
        if start > 1 << 17 and start % 4 == 0 and end - start > 64:
            if (twin := spans.get(end - start)) is not None:
                other, at = twin
                size = end - start
                data[at:at + size], data[start:end] = data[start:end], data[at:at + size]
                into.write_bytes(bytes(data))
                return other + chr(code)
            spans[end - start] = (chr(code), start)
    raise AssertionError("no two outlines of one length")


def test_kept_subsets_are_of_the_file_drawn_not_of_one_that_looks_like_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A paper that replaces a font file by another of the same length and header (a
    corrected release) gets the new file's glyphs in the desk, as in a fresh process."""
    changed = tmp_path / "Kai-corrected.ttf"
    text = outlines_swapped(KAI, changed)
    assert changed.stat().st_size == KAI.stat().st_size
    assert changed.read_bytes()[:1 << 16] == KAI.read_bytes()[:1 << 16]
    monkeypatch.setattr(weasyprint_fonts, "_subsets", type(weasyprint_fonts._subsets)())
    monkeypatch.setattr(weasyprint_fonts, "_files_open", {})
    monkeypatch.setattr(weasyprint_fonts, "_subsets_budget", [48 << 20])

    def page(font: Path) -> bytes:
        html = (f"<style>@font-face {{ font-family: X; src: url({font.as_uri()}) }} "
                f"body {{ font-family: X; font-size: 40pt }}</style><p>{text}</p>")
        readable = Readable.of(roots=[tmp_path], files=frozenset({KAI, changed}))
        with font_configuration() as fonts:
            return render_document(html, tmp_path, readable, fonts).write_pdf()

    page(KAI)
    kept = page(changed)
    monkeypatch.setattr(weasyprint_fonts, "_subsets", type(weasyprint_fonts._subsets)())
    assert kept == page(changed)


def test_a_kept_configuration_serves_its_lock_alone_and_makes_the_same_pdf(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A batch worker keeps its font configuration between issues of a paper: the next
    build with the same locked fonts gets it back and makes the PDF a fresh one makes; a
    lock whose file changed gets a fresh one, and so does any build after one given a font
    outside the lock, whose copies are gone with it."""
    from layout.render import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "_kept", {})
    _issue, _resources, lock = check_issue(SAMPLE)
    html = PAGE.format(faces=font_face_css(lock))
    readable = Readable.of(roots=[tmp_path], files=lock.files)
    with font_configuration() as fonts:
        fresh = render_document(html, tmp_path, readable, fonts).write_pdf()
    with pdf_module.kept_font_configuration(lock) as first:
        assert render_document(html, tmp_path, readable, first).write_pdf() == fresh
    with pdf_module.kept_font_configuration(lock) as second:
        assert second is first
        assert render_document(html, tmp_path, readable, second).write_pdf() == fresh

    corrected = FontLock(lock.path, (lock.faces[0].model_copy(update={"sha256": "0" * 64}),
                                     *lock.faces[1:]))
    with pdf_module.kept_font_configuration(corrected) as other:
        assert other is not first

    own = tmp_path / "own.ttf"
    own.write_bytes(KAI.read_bytes())
    with_own = html.replace("</style>", f'@font-face {{ font-family: "Own"; src: url('
                            f'"{own.as_uri()}") }} p {{ font-family: "Own" }}</style>')
    with pdf_module.kept_font_configuration(lock) as given_own:
        assert given_own is first
        render_document(with_own, tmp_path, Readable.of(roots=[tmp_path], files=lock.files),
                        given_own).write_pdf()
        copies = given_own._folder
        assert copies is not None and copies.exists()
    assert not copies.exists()
    with pdf_module.kept_font_configuration(lock) as after:
        assert after is not first


NAMED_CFF = Path("/usr/share/fonts/opentype/urw-base35/C059-Roman.otf")


def test_bare_cid_keyed_fonts_hold_the_glyphs_shown_and_print_the_same(tmp_path: Path):
    """Within `bare_cid_keyed_fonts` each CJK face is a bare CFF of the glyphs shown, each
    keeping its CID; a name-keyed CFF (its glyphs are shown by index) and a TrueType font
    are written as WeasyPrint writes them. Poppler and Ghostscript draw every pixel as in
    WeasyPrint's own PDF, PDFium so once every CFF of both is bare (it draws a CFF in an
    OpenType wrapper a shade differently), and the text reads the same."""
    from layout.variants.fonts import embed_bare_font_programs, label_bare_cff

    _issue, _resources, lock = check_issue(SAMPLE)
    faces = font_face_css(lock) + f'@font-face {{ font-family: "Named"; src: url("' \
                                  f'{NAMED_CFF.as_uri()}") }}'
    html = PAGE.format(faces=faces).replace(
        "</body>", '<p style="font-family: Named">Lorem ipsum, 2021.</p></body>')
    readable = Readable.of(roots=[tmp_path], files=(*lock.files, NAMED_CFF))
    with font_configuration() as fonts:
        document = render_document(html, tmp_path, readable, fonts)
        theirs = document.write_pdf()
        with weasyprint_fonts.bare_cid_keyed_fonts():
            written = document.write_pdf()
    ours = finished(written, label_bare_cff)
    programs = font_programs(ours)
    shown = glyphs_by_font(ours)
    for name, (subtype, data) in programs.items():
        if "Song" in name or "Hei" in name:
            assert subtype == "/CIDFontType0C", name
            assert set(cid_glyphs(data)) >= shown[name] and len(data) < 50_000, name
        elif "Kai" in name:
            assert subtype is None and font_programs(theirs)[name] == (subtype, data)
        else:
            assert subtype == "/OpenType" and data[:4] == b"OTTO", name
    assert {name.split("+")[1] for name in programs} >= {"NP-Song", "NP-Hei-Heavy", "NP-Kai",
                                                          "Named"}
    pages = {name: tmp_path / f"{name}.pdf" for name in ("theirs", "ours")}
    pages["theirs"].write_bytes(theirs)
    pages["ours"].write_bytes(ours)
    assert drawn(pages["ours"]) == drawn(pages["theirs"])
    assert pdfium_drawn(finished(ours, embed_bare_font_programs)) == \
        pdfium_drawn(finished(theirs, embed_bare_font_programs))
    assert run("pdftotext", pages["ours"], "-") == run("pdftotext", pages["theirs"], "-")


def finished(pdf: bytes, step) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        step(document)
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def font_programs(pdf: bytes) -> dict[str, tuple[str | None, bytes]]:
    """Each font's program, by font name: its Subtype and data."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        programs = {}
        for font in document.pages[0].Resources.Font.values():
            descriptor = font.DescendantFonts[0].FontDescriptor
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            subtype = program.get("/Subtype")
            programs[str(font.BaseFont)] = (None if subtype is None else str(subtype),
                                            program.read_bytes())
    return programs


def glyphs_by_font(pdf: bytes) -> dict[str, set[int]]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        shown = glyphs_shown(page.obj)
        return {str(font.BaseFont): shown.get(font.objgen, set())
                for font in page.Resources.Font.values()}


def drawn(pdf: Path) -> list[bytes]:
    """The page drawn by Poppler and by Ghostscript."""
    out = pdf.with_suffix("")
    run("pdftoppm", "-r", "150", "-png", pdf, out)
    gs = pdf.with_suffix(".gs.png")
    run("gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=png16m", "-r150",
        f"-sOutputFile={gs}", pdf)
    return [Path(f"{out}-1.png").read_bytes(), gs.read_bytes()]


def pdfium_drawn(pdf: bytes) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[0].render(scale=150 / 72).to_pil().tobytes()
    finally:
        document.close()


def test_after_the_block_a_document_is_written_with_its_fonts_whole_again(tmp_path: Path):
    """A write that embeds fonts whole (it subsets none) after one within the block gets
    each face whole, as a document written only so does."""
    _issue, _resources, lock = check_issue(SAMPLE)
    html = (f"<style>{font_face_css(lock)} body {{ font-family: 'NP Hei' }}</style>"
            "<p>汤阴新闻</p>")
    readable = Readable.of(roots=[tmp_path], files=lock.files)
    with font_configuration() as fonts:
        once = render_document(html, tmp_path, readable, fonts).write_pdf(full_fonts=True)
        document = render_document(html, tmp_path, readable, fonts)
        with weasyprint_fonts.bare_cid_keyed_fonts():
            document.write_pdf()
        assert document.write_pdf(full_fonts=True) == once
