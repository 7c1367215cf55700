"""The archive PDF: PDF/A-3b, tagged, catalogued in XMP, carrying its own sources."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from layout.build import BuildResult, build_issue
from layout.pdfcheck.pdfa import pdfa_findings
from layout.render.cff import cid_glyphs
from layout.variants.glyphs import glyphs_shown
from tests.conftest import SAMPLE
from tests.pdftools import run

DC = "{http://purl.org/dc/elements/1.1/}"


def test_it_declares_pdf_a_3b_with_an_output_intent(archive_build: BuildResult):
    with pikepdf.open(archive_build.issue_pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta["{http://www.aiim.org/pdfa/ns/id/}part"] == "3"
        assert meta["{http://www.aiim.org/pdfa/ns/id/}conformance"] == "B"
        intents = pdf.Root.OutputIntents
        assert [str(intent.S) for intent in intents] == ["/GTS_PDFA1"]


def test_it_is_tagged_in_chinese(archive_build: BuildResult):
    with pikepdf.open(archive_build.issue_pdf) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "zh-Hans"


def test_the_catalogue_fields_are_in_its_xmp(archive_build: BuildResult):
    with pikepdf.open(archive_build.issue_pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta[f"{DC}title"] == "汤阴新闻 2021-06-15"
        assert "总第1862期" in meta[f"{DC}description"]
        raw = pdf.Root.Metadata.read_bytes().decode("utf-8")
    assert "<dc:identifier>CN 41-0000 总第1862期 2021-06-15</dc:identifier>" in raw
    assert "<dc:date><rdf:Seq><rdf:li>2021-06-15</rdf:li></rdf:Seq></dc:date>" in raw
    assert "<rdf:li>zh-Hans</rdf:li>" in raw


def test_it_carries_the_manifests_and_every_article(archive_build: BuildResult):
    listing = run("pdfdetach", "-list", archive_build.issue_pdf)
    articles = sorted(p.name for p in (SAMPLE / "articles").glob("*.md"))
    assert "8 embedded files" in listing
    for name in ["paper.toml", "issue.toml", *articles]:
        assert name in listing
    with pikepdf.open(archive_build.issue_pdf) as pdf:
        saved = {Path(name).name: spec.get_file().read_bytes()
                 for name, spec in pdf.attachments.items()}
    assert saved["issue.toml"] == (SAMPLE / "issue.toml").read_bytes()
    assert saved["xunchao-jishi.md"] == (SAMPLE / "articles" / "xunchao-jishi.md").read_bytes()


def test_its_text_is_searchable_and_its_fonts_embedded(archive_build: BuildResult):
    text = run("pdftotext", archive_build.issue_pdf, "-")
    assert "利剑出鞘去沉痾" in text.replace("\n", "")
    fonts = run("pdffonts", archive_build.issue_pdf).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)


def test_text_extraction_gives_each_article_contiguous_and_in_order(archive_build: BuildResult):
    raw = run("pdftotext", "-raw", archive_build.issue_pdf, "-")
    flat = re.sub(r"\s+", "", raw)
    starts = []  # (where each paragraph begins in the extracted text, its article)
    for source in sorted((SAMPLE / "articles").glob("*.md")):
        body = source.read_text(encoding="utf-8").split("---\n", 2)[2]
        paragraphs = [re.sub(r"\s+", "", p) for p in body.split("\n\n")
                      if p.strip() and not p.startswith("#")]
        found = [flat.find(paragraph[:10]) for paragraph in paragraphs]
        assert -1 not in found, f"{source.name}: a paragraph is missing from the text"
        assert found == sorted(found), f"{source.name}: paragraphs out of order"
        starts += [(position, source.name) for position in found]
    runs = [name for i, (_, name) in enumerate(sorted(starts))
            if i == 0 or sorted(starts)[i - 1][1] != name]
    # One run of text per article; the lead has two, one on each page it is set on.
    assert sorted(runs) == sorted([*{name for _, name in starts}, "xunchao-jishi.md"])


# --------------------------------------------------------------------------- what PDF/A readers
# and archives reject: interpolated images, a second rdf:RDF, /AF twice, unsorted names

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XMP_PROPERTIES = {  # every property the archive PDF states, as a standard XMP reader sees it
    "{http://www.aiim.org/pdfa/ns/id/}part": "3",
    "{http://www.aiim.org/pdfa/ns/id/}conformance": "B",
    "{http://ns.adobe.com/pdf/1.3/}Producer": "WeasyPrint 70.0",
    "{http://ns.adobe.com/pdf/1.3/}Keywords": "汤阴新闻, CN 41-0000, 总第1862期",
    "{http://ns.adobe.com/xap/1.0/}CreatorTool": "newspaper-layout",
    "{http://ns.adobe.com/xap/1.0/}CreateDate": "2021-06-15T00:00:00+00:00",
    "{http://ns.adobe.com/xap/1.0/}ModifyDate": "2021-06-15T00:00:00+00:00",
    f"{DC}title": "汤阴新闻 2021-06-15",
    f"{DC}creator": "中共汤阴县委员会主管主办",
    f"{DC}description": "汤阴新闻 2021-06-15 总第1862期",
    f"{DC}identifier": "CN 41-0000 总第1862期 2021-06-15",
    f"{DC}source": "汤阴新闻",
    f"{DC}date": "2021-06-15",
    f"{DC}publisher": "中共汤阴县委员会主管主办",
    f"{DC}language": "zh-Hans",
}


@pytest.fixture(scope="module")
def print_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_issue(SAMPLE, tmp_path_factory.mktemp("print") / "out", variant="print")


def _interpolated(pdf: Path) -> list[str]:
    """pdfimages' listing of every image whose interp column says yes."""
    listing = run("pdfimages", "-list", pdf).splitlines()[2:]
    assert listing, f"{pdf.name}: no images listed"  # the sample prints two photos
    return [line for line in listing if line.split()[9] != "no"]


def test_no_photo_in_the_archive_asks_to_be_interpolated(archive_build: BuildResult):
    # PDF/A-2 and -3 forbid /Interpolate true (ISO 19005-2 6.2.8.1).
    assert _interpolated(archive_build.issue_pdf) == []
    assert _interpolated(archive_build.page_pdfs[1]) == []


def test_no_photo_on_a_print_plate_asks_to_be_interpolated(print_build: BuildResult):
    assert _interpolated(print_build.issue_pdf) == []
    assert _interpolated(print_build.page_pdfs[1]) == []


def _xmp_as_a_reader_sees_it(pdf: Path) -> dict[str, str]:
    """Properties of the first rdf:RDF only, as Adobe's XMP toolkit and Exempi read a
    packet: attributes and the text of simple or array values."""
    with pikepdf.open(pdf) as document:
        root = etree.fromstring(document.Root.Metadata.read_bytes())
    blocks = root.findall(f"{RDF}RDF")
    assert len(blocks) == 1, f"{len(blocks)} rdf:RDF blocks in the packet"
    found = {}
    for description in blocks[0].findall(f"{RDF}Description"):
        found.update((k, v) for k, v in description.attrib.items() if not k.startswith(RDF))
        for prop in description:
            found[prop.tag] = "".join(prop.itertext()).strip()
    return found


@pytest.mark.parametrize("which", ["issue", "page"])
def test_the_xmp_is_one_rdf_block_holding_every_property(archive_build: BuildResult,
                                                         which: str):
    pdf = archive_build.issue_pdf if which == "issue" else archive_build.page_pdfs[0]
    found = _xmp_as_a_reader_sees_it(pdf)
    missing = {k: v for k, v in XMP_PROPERTIES.items() if found.get(k) != v}
    assert missing == {}


def test_each_source_is_associated_once_and_the_names_are_in_order(archive_build: BuildResult):
    with pikepdf.open(archive_build.issue_pdf) as pdf:
        associated = [str(spec.F) for spec in pdf.Root.AF]
        names = [bytes(key) for key in list(pdf.Root.Names.EmbeddedFiles.Names)[::2]]
    assert len(associated) == 8 and len(set(associated)) == 8
    assert names == sorted(names) and len(names) == 8
    assert set(associated) == {name.decode() for name in names}


def test_the_archive_pdf_passes_the_archive_checks_of_preflight(archive_build: BuildResult):
    for pdf in (archive_build.issue_pdf, *archive_build.page_pdfs):
        with pikepdf.open(pdf) as document:
            assert pdfa_findings(document) == []


# --------------------------------------------------------------------------- page files, cut
# from the issue file (variants/pdfa_pages.py)

def picture(pdf: Path, index: int = 0) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[index].render(scale=100 / 72).to_pil().convert("RGB").tobytes()
    finally:
        document.close()


def test_each_page_file_prints_its_page_of_the_issue_file(archive_build: BuildResult):
    for number, page in enumerate(archive_build.page_pdfs, 1):
        assert picture(page) == picture(archive_build.issue_pdf, number - 1)
        assert run("pdftotext", "-raw", page, "-") == run(
            "pdftotext", "-raw", "-f", str(number), "-l", str(number), archive_build.issue_pdf, "-")


def test_a_page_file_holds_its_own_page_only(archive_build: BuildResult):
    for number, page in enumerate(archive_build.page_pdfs, 1):
        with pikepdf.open(page) as document:
            (only,) = document.pages
            elements = [o for o in document.objects if isinstance(o, pikepdf.Dictionary)
                        and o.get("/Type") == "/StructElem"]
            assert elements and all(e.Pg.objgen == only.objgen for e in elements if "/Pg" in e)
            (key, marks) = document.Root.StructTreeRoot.ParentTree.Nums
            assert int(key) == int(only.StructParents) and len(marks) > 100
            images = [o for o in document.objects if isinstance(o, pikepdf.Stream)
                      and o.get("/Subtype") == "/Image"]
            assert len(images) == (0, 2)[number - 1]   # the sample's photos are on page 2
            with document.open_outline() as outline:
                titles = [item.title for item in outline.root]
            assert ("为民办实事 点滴见真情" in titles) == (number == 2)


def outlined_glyphs(pdf: Path) -> dict[str, set[int]]:
    """The glyphs each embedded font program of the first page draws, by font name: by
    CID for a bare CID-keyed CFF, by glyph id for any other."""
    import uharfbuzz as hb

    found = {}
    with pikepdf.open(pdf) as document:
        for font in document.pages[0].Resources.Font.values():
            descriptor = font.DescendantFonts[0].FontDescriptor
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            if program.get("/Subtype") == "/CIDFontType0C":
                found[str(font.BaseFont)] = set(cid_glyphs(program.read_bytes())) - {0}
                continue
            face = hb.Face(program.read_bytes())
            drawn = hb.Font(face)
            found[str(font.BaseFont)] = {gid for gid in range(1, face.glyph_count)
                                         if (e := drawn.get_glyph_extents(gid)) and e.width}
    return found


def shown_by_font(pdf: Path) -> dict[str, set[int]]:
    with pikepdf.open(pdf) as document:
        page = document.pages[0]
        shown = glyphs_shown(page.obj)
        return {str(font.BaseFont): shown.get(font.objgen, set()) - {0}
                for font in page.Resources.Font.values()}


@pytest.mark.parametrize("build", ["archive_build", "sample_build"])   # and the proof's
def test_each_cjk_face_is_a_bare_cff_of_the_glyphs_its_page_shows(
        build: str, request: pytest.FixtureRequest):
    """Not an OpenType program keeping every glyph's id (some 60,000 empty glyphs, 750 KB
    a face before compression): each glyph keeps its CID, by which the page shows it. The
    proof's pages are the e-paper's downloads and the desk's; HarfBuzz, which cuts them,
    keeps the variants of a character shown (its variation sequences) too, and the
    archive's page files are cut from its whole file to their glyphs exactly."""
    for pdf in request.getfixturevalue(build).page_pdfs:
        with pikepdf.open(pdf) as document:
            fonts = document.pages[0].Resources.Font.values()
            kinds = {str(font.BaseFont).split("+")[1]: str(
                font.DescendantFonts[0].FontDescriptor.get("/FontFile3", {}).get(
                    "/Subtype", "/FontFile2")) for font in fonts}
        assert {kind for name, kind in kinds.items() if "Kai" not in name} == \
            {"/CIDFontType0C"}, kinds
        outlined, shown = outlined_glyphs(pdf), shown_by_font(pdf)
        for name, glyphs in shown.items():
            if "Kai" not in name:
                assert glyphs <= outlined[name], name
                extra = 0 if build == "archive_build" else len(glyphs) // 5 + 3
                assert len(outlined[name] - glyphs) <= extra, name
        assert pdf.stat().st_size < 450_000


def test_a_page_file_carries_the_glyphs_of_its_page_only(archive_build: BuildResult):
    page_1, page_2 = (outlined_glyphs(pdf) for pdf in archive_build.page_pdfs)
    for name, glyphs in page_2.items():
        assert glyphs, name
        if name in page_1:   # a face both pages use: each file has its page's glyphs
            assert glyphs != page_1[name]
    body = next(name for name in page_2 if name.endswith("NP-Song"))
    assert len(page_1[body] | page_2[body]) > max(len(page_1[body]), len(page_2[body]))


def test_a_page_kept_open_is_opened_once_and_draws_and_reads_the_same(
        archive_build: BuildResult, monkeypatch: pytest.MonkeyPatch):
    """A build reads each page's PDF for its preview, its pictures and its printed text;
    within `pages_kept_open` PDFium opens it once, and each gives what it gives alone."""
    import pypdfium2

    from layout.manifest.check import check_issue
    from layout.pages.frames import Rect
    from layout.publish.printed import printed_text
    from layout.render.preview import pages_kept_open, preview_png

    _issue, _resources, lock = check_issue(SAMPLE)
    pdf = archive_build.page_pdfs[1].read_bytes()

    def read() -> tuple:
        return (preview_png(pdf, 72), preview_png(pdf, 192),
                printed_text(pdf, lock).blocks("body", Rect(0, 0, 1000, 1000)))

    alone = read()
    opened = []
    made = pypdfium2.PdfDocument
    monkeypatch.setattr(pypdfium2, "PdfDocument", lambda *a: opened.append(1) or made(*a))
    with pages_kept_open([b"another page", pdf]):
        kept = read()
    assert kept == alone and len(opened) == 1
    read()
    assert len(opened) == 4   # outside the block, each opens it again
