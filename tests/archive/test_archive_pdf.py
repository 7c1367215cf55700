"""The archive PDF: PDF/A-3b, tagged, catalogued in XMP, carrying its own sources."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from layout.build import BuildResult, build_issue
from tests.conftest import SAMPLE

DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_issue(SAMPLE, tmp_path_factory.mktemp("archive"), variant="archive")


def test_it_declares_pdf_a_3b_with_an_output_intent(archive: BuildResult):
    with pikepdf.open(archive.issue_pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta["{http://www.aiim.org/pdfa/ns/id/}part"] == "3"
        assert meta["{http://www.aiim.org/pdfa/ns/id/}conformance"] == "B"
        intents = pdf.Root.OutputIntents
        assert [str(intent.S) for intent in intents] == ["/GTS_PDFA1"]


def test_it_is_tagged_in_chinese(archive: BuildResult):
    with pikepdf.open(archive.issue_pdf) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "zh-Hans"


def test_the_catalogue_fields_are_in_its_xmp(archive: BuildResult):
    with pikepdf.open(archive.issue_pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta[f"{DC}title"] == "汤阴新闻 2021-06-15"
        assert "总第1862期" in meta[f"{DC}description"]
        raw = pdf.Root.Metadata.read_bytes().decode("utf-8")
    assert "<dc:identifier>CN 41-0000 总第1862期 2021-06-15</dc:identifier>" in raw
    assert "<dc:date><rdf:Seq><rdf:li>2021-06-15</rdf:li></rdf:Seq></dc:date>" in raw
    assert "<rdf:li>zh-Hans</rdf:li>" in raw


def test_it_carries_the_manifests_and_every_article(archive: BuildResult):
    listing = subprocess.run(["pdfdetach", "-list", str(archive.issue_pdf)], capture_output=True,
                             text=True, check=True).stdout
    articles = sorted(p.name for p in (SAMPLE / "articles").glob("*.md"))
    assert "8 embedded files" in listing
    for name in ["paper.toml", "issue.toml", *articles]:
        assert name in listing
    with pikepdf.open(archive.issue_pdf) as pdf:
        saved = {Path(name).name: spec.get_file().read_bytes()
                 for name, spec in pdf.attachments.items()}
    assert saved["issue.toml"] == (SAMPLE / "issue.toml").read_bytes()
    assert saved["xunchao-jishi.md"] == (SAMPLE / "articles" / "xunchao-jishi.md").read_bytes()


def test_its_text_is_searchable_and_its_fonts_embedded(archive: BuildResult):
    text = subprocess.run(["pdftotext", str(archive.issue_pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "利剑出鞘去沉痾" in text.replace("\n", "")
    fonts = subprocess.run(["pdffonts", str(archive.issue_pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)


def test_text_extraction_gives_each_article_contiguous_and_in_order(archive: BuildResult):
    raw = subprocess.run(["pdftotext", "-raw", str(archive.issue_pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
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
