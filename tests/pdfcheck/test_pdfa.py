"""Preflight's archive checks, on small PDFs made faulty one fault at a time, and through
`layout preflight` on an archive PDF broken the way WeasyPrint alone leaves it."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from layout.build import BuildResult
from layout.pdfcheck.pdfa import pdfa_findings
from tests.test_cli import layout

RDF_NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
PDFAID = ('<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" '
          'pdfaid:part="3" pdfaid:conformance="B"/>')
DUBLIN_CORE = ('<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
               '<dc:identifier>CN 41-0000 总第1862期 2021-06-15</dc:identifier>'
               '<dc:source>汤阴新闻</dc:source></rdf:Description>')


def xmp(*blocks: str) -> bytes:
    """An XMP packet with one rdf:RDF per item of `blocks`."""
    body = "".join(f"<rdf:RDF {RDF_NS}>{block}</rdf:RDF>" for block in blocks)
    return (f'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{body}</x:xmpmeta>'
            f'<?xpacket end="r"?>').encode()


def small_pdfa(packet: bytes | None = None, interpolate: bool = False,
               names: tuple[str, ...] = ("a.md", "b.md"), twice: bool = False) -> pikepdf.Pdf:
    """One page drawing one image, two embedded files listed in /AF: PDF/A as far as the
    archive checks look, unless a fault is asked for."""
    pdf = pikepdf.new()
    image = pdf.make_stream(b"\x80", Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1,
                            ColorSpace=Name.DeviceGray, BitsPerComponent=8)
    if interpolate:
        image.Interpolate = True
    page = pdf.add_blank_page(page_size=(100, 100))
    page.obj.Resources = Dictionary(XObject=Dictionary(Im0=image))
    page.obj.Contents = pdf.make_stream(b"q 10 0 0 10 0 0 cm /Im0 Do Q")
    pdf.Root.Metadata = pdf.make_stream(packet if packet is not None
                                        else xmp(PDFAID + DUBLIN_CORE),
                                        Type=Name.Metadata, Subtype=Name.XML)
    specs = {name: pdf.make_indirect(Dictionary(
        Type=Name.Filespec, F=name, UF=name, AFRelationship=Name.Source,
        EF=Dictionary(F=pdf.make_stream(b"text", Type=Name.EmbeddedFile)))) for name in names}
    flat = [item for name in names for item in (pikepdf.String(name), specs[name])]
    pdf.Root.Names = Dictionary(EmbeddedFiles=pdf.make_indirect(Dictionary(Names=Array(flat))))
    pdf.Root.AF = Array(list(specs.values()) * (2 if twice else 1))
    return pdf


def findings(pdf: pikepdf.Pdf) -> list[str]:
    return [str(finding) for finding in pdfa_findings(pdf)]


def test_a_sound_pdfa_has_no_archive_findings():
    assert findings(small_pdfa()) == []


def test_an_interpolated_image_in_a_pdfa_is_an_error_on_its_page():
    found = pdfa_findings(small_pdfa(interpolate=True))
    assert [(f.severity, f.page) for f in found] == [("error", 1)]
    assert "/Interpolate true" in found[0].message and found[0].subject.startswith("image ")


def test_an_interpolated_image_is_no_archive_fault_in_a_pdf_that_is_not_pdfa():
    pdf = small_pdfa(packet=xmp(DUBLIN_CORE), interpolate=True)
    assert findings(pdf) == []


def test_a_second_rdf_block_is_an_error_naming_what_readers_drop():
    found = findings(small_pdfa(packet=xmp(PDFAID, DUBLIN_CORE)))
    assert len(found) == 1
    assert "2 rdf:RDF blocks" in found[0]
    assert "dc:identifier" in found[0] and "dc:source" in found[0]


def test_pdfa_identification_outside_the_first_rdf_block_is_an_error():
    found = findings(small_pdfa(packet=xmp(DUBLIN_CORE, PDFAID)))
    assert any("no pdfaid:part" in line for line in found)


def test_a_pdfa_output_intent_without_xmp_is_an_error():
    pdf = small_pdfa()
    del pdf.Root.Metadata
    pdf.Root.OutputIntents = Array([Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1)])
    assert any("no XMP metadata" in line for line in findings(pdf))


def test_an_embedded_file_listed_twice_in_af_is_flagged():
    found = pdfa_findings(small_pdfa(twice=True))
    assert [(f.severity, f.subject) for f in found] == [("warning", "associated files (/AF)")]
    assert "2 of 4 entries" in found[0].message


def test_embedded_file_names_out_of_lexical_order_are_an_error():
    found = findings(small_pdfa(names=("paper.toml", "2021-06-15/issue.toml")))
    assert len(found) == 1
    assert "EmbeddedFiles name tree" in found[0] and "'paper.toml' before" in found[0]


@pytest.fixture
def as_weasyprint_left_it(archive_build: BuildResult, tmp_path: Path) -> Path:
    """The archive PDF with the four faults put back: photos interpolated, the catalogue
    fields in a second rdf:RDF, each source twice in /AF, the names unsorted."""
    path = tmp_path / "issue.pdf"
    with pikepdf.open(archive_build.issue_pdf) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                obj.Interpolate = True
        pdf.Root.Metadata.write(xmp(PDFAID, DUBLIN_CORE))
        pdf.Root.AF = Array(list(pdf.Root.AF) * 2)
        tree = pdf.Root.Names.EmbeddedFiles
        pairs = list(zip(list(tree.Names)[::2], list(tree.Names)[1::2], strict=True))
        tree.Names = Array([item for pair in reversed(pairs) for item in pair])
        pdf.save(path)
    return path


def test_layout_preflight_reports_each_archive_fault(as_weasyprint_left_it: Path):
    result = layout("preflight", as_weasyprint_left_it)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "error: page 2: image" in out and "/Interpolate true" in out
    assert "2 rdf:RDF blocks in one packet" in out and "dc:identifier" in out
    assert "EmbeddedFiles name tree: keys out of lexical order" in out
    assert "warning: document: associated files (/AF): 8 of 16 entries" in out
