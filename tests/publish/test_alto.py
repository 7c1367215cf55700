"""ALTO per page: the text a library reads is the text the PDF prints, in reading order,
each character where the PDF draws it; the file has the structure ALTO 4.2 requires."""

from __future__ import annotations

import ctypes
import shutil
from pathlib import Path

import pytest
from lxml import etree

from layout.build import BuildResult, build_issue
from tests.conftest import SAMPLE, plain
from tests.publish.conftest import ALTO, pdf_page_text, without_space

MM10_PER_PT = 254 / 72
ROUNDING = 0.02        # mm10: each number is written with two decimals


def alto_blocks(alto: Path) -> list[etree._Element]:
    """The page's TextBlocks in reading order: the chain of IDNEXT from the block no other
    names."""
    tree = etree.parse(str(alto))
    blocks = {b.get("ID"): b for b in tree.iter(f"{ALTO}TextBlock")}
    named = {b.get("IDNEXT") for b in blocks.values()}
    (first,) = [block_id for block_id in blocks if block_id not in named]
    chain, current = [], first
    while current:
        chain.append(blocks[current])
        current = blocks[current].get("IDNEXT")
    assert len(chain) == len(blocks), "every block once in the reading chain"
    return chain


def alto_text(alto: Path) -> str:
    lines = []
    for block in alto_blocks(alto):
        for line in block.iter(f"{ALTO}TextLine"):
            lines.append("".join(" " if word.tag == f"{ALTO}SP" else word.get("CONTENT")
                                 for word in line))
    return "\n".join(lines)


@pytest.mark.parametrize("page", [1, 2])
def test_each_page_s_alto_text_is_the_pdf_s_text_character_for_character(
        site: Path, page: int):
    alto = alto_text(site / "alto" / f"{page:02d}.xml")
    printed = pdf_page_text(site / "pages" / f"{page:02d}.pdf")
    assert without_space(alto) == without_space(printed)
    assert len(without_space(alto)) > 2500     # the whole page, masthead to folio
    assert "（下转第2版）" in alto if page == 1 else "（上接第1版）" in alto


def test_the_archive_carries_the_same_alto(archive_build: BuildResult):
    folder = archive_build.issue_pdf.parent
    for page in (1, 2):
        alto = alto_text(folder / "alto" / f"{page:02d}.xml")
        assert without_space(alto) == without_space(
            pdf_page_text(folder / "pages" / f"{page:02d}.pdf"))
    assert (folder / "mets.xml").is_file() and (folder / "manifest.json").is_file()


def _pdf_origins(pdf: Path) -> list[tuple[str, float, float]]:
    """Every character PDFium finds (not the spaces it infers), with its origin in mm10
    from the page's top left corner."""
    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    height, text = page.get_height(), page.get_textpage()
    x, y, found = ctypes.c_double(), ctypes.c_double(), []
    for index in range(text.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(text.raw, index))
        if raw.FPDFText_IsGenerated(text.raw, index) or char.isspace():
            continue
        raw.FPDFText_GetCharOrigin(text.raw, index, ctypes.byref(x), ctypes.byref(y))
        found.append((char, x.value * MM10_PER_PT, (height - y.value) * MM10_PER_PT))
    document.close()
    return found


@pytest.mark.parametrize("page", [1, 2])
def test_every_han_character_stands_where_the_pdf_draws_it(site: Path, page: int):
    characters = []      # (char, HPOS of its String if it starts it, baseline, block ID)
    for block in alto_blocks(site / "alto" / f"{page:02d}.xml"):
        for line in block.iter(f"{ALTO}TextLine"):
            baseline = float(line.get("BASELINE").split()[0].split(",")[1])
            for string in line.iter(f"{ALTO}String"):
                for n, char in enumerate(string.get("CONTENT")):
                    x = float(string.get("HPOS")) if n == 0 else None
                    characters.append((char, x, baseline, block.get("ID")))
    printed = _pdf_origins(site / "pages" / f"{page:02d}.pdf")
    assert [c[0] for c in characters] == [c[0] for c in printed]
    han = [(max(abs(x - px), abs(y - py)), block) for (c, x, y, block), (_, px, py)
           in zip(characters, printed, strict=True) if x is not None and "\u4e00" <= c <= "\u9fff"]
    article = [off for off, block in han if "_a" in block]   # set by the composer
    assert len(article) > 2000
    assert max(article) < 0.5, f"{max(article) / 10:.3f} mm off"   # a twentieth of a mm
    assert max(off for off, _ in han) < 0.5


def test_alto_has_the_structure_the_schema_requires(site: Path):
    for alto in sorted((site / "alto").glob("*.xml")):
        root = etree.parse(str(alto)).getroot()
        assert root.tag == f"{ALTO}alto" and root.get("SCHEMAVERSION") == "4.2"
        assert [child.tag for child in root] == [f"{ALTO}{name}" for name in
                                                 ("Description", "Styles", "Tags", "Layout")]
        assert root.findtext(f"{ALTO}Description/{ALTO}MeasurementUnit") == "mm10"
        (page,) = root.iter(f"{ALTO}Page")
        assert (page.get("WIDTH"), page.get("HEIGHT")) == ("2500.00", "3500.00")  # 250 x 350 mm
        assert page.get("ID") and float(page.get("PHYSICAL_IMG_NR")) >= 1
        order = ["TopMargin", "LeftMargin", "RightMargin", "BottomMargin", "PrintSpace"]
        spaces = [child.tag.removeprefix(ALTO) for child in page]
        assert spaces == sorted(spaces, key=order.index) and "PrintSpace" in spaces
        _check_ids(root)
        _check_lines(root)
        _check_numbers(root)


def test_each_block_lies_inside_the_space_that_holds_it(site: Path):
    """The masthead's name rises 0.9 mm above the type area: its PrintSpace holds it."""
    for alto in sorted((site / "alto").glob("*.xml")):
        for space in etree.parse(str(alto)).iter(f"{ALTO}TopMargin", f"{ALTO}BottomMargin",
                                                 f"{ALTO}PrintSpace"):
            x, y, w, h = _box(space)
            for block in space.iter(f"{ALTO}TextBlock"):
                bx, by, bw, bh = _box(block)
                assert x <= bx and y <= by and bx + bw <= x + w + ROUNDING and \
                    by + bh <= y + h + ROUNDING, (alto.name, block.get("ID"))


def _box(element: etree._Element) -> tuple[float, ...]:
    return tuple(float(element.get(name)) for name in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))


def _check_ids(root: etree._Element) -> None:
    """IDs unique; every IDREF (IDNEXT, STYLEREFS, TAGREFS) names one."""
    ids = [element.get("ID") for element in root.iter() if element.get("ID")]
    assert len(ids) == len(set(ids))
    for element in root.iter():
        for attribute in ("IDNEXT", "STYLEREFS", "TAGREFS"):
            for ref in (element.get(attribute) or "").split():
                assert ref in ids, f"{attribute}={ref} names nothing"


def _check_lines(root: etree._Element) -> None:
    """TextLine holds (String, SP?)+: a String first, never two spaces in a row."""
    for line in root.iter(f"{ALTO}TextLine"):
        tags = [child.tag.removeprefix(ALTO) for child in line]
        assert tags and tags[0] == "String", line.get("ID")
        assert all(tag in ("String", "SP") for tag in tags)
        assert not any(a == b == "SP" for a, b in zip(tags, tags[1:], strict=False))
        assert all(s.get("CONTENT") and not any(c.isspace() for c in s.get("CONTENT"))
                   for s in line.iter(f"{ALTO}String"))


def _check_numbers(root: etree._Element) -> None:
    for element in root.iter():
        for attribute in ("HPOS", "VPOS", "WIDTH", "HEIGHT", "FONTSIZE"):
            if element.get(attribute) is not None:
                assert float(element.get(attribute)) >= 0, (element.get("ID"), attribute)


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample e-paper from a paper that does not compose (WeasyPrint sets the text,
    which does not jump: a proof with the overflow marked)."""
    paper = tmp_path_factory.mktemp("plain-epaper") / "tangyin"
    shutil.copytree(SAMPLE.parent, paper)
    plain(paper)
    return build_issue(paper / SAMPLE.name, paper.parent / "out", variant="epaper",
                       allow_overflow=True).issue_pdf.parent


def test_a_caption_over_plain_text_is_read_once(plain_site: Path):
    """The renderer's lines are read from the PDF inside the body's frame, which holds the
    photo's caption too: the caption is its own block, not again part of the text."""
    alto = without_space(alto_text(plain_site / "alto" / "02.xml"))
    printed = without_space(pdf_page_text(plain_site / "pages" / "02.pdf"))
    for caption in ("帮扶责任人看望贫困户（本报记者郭凡摄）",
                    "图为歌咏比赛现场。（本报记者郭凡摄）"):
        assert alto.count(caption) == printed.count(caption) == 1


@pytest.mark.parametrize("paper", ["composed", "plain"])
def test_the_printed_text_read_for_its_frames_is_the_text_read_whole(
        paper: str, site: Path, plain_site: Path):
    """The text the templates set (and a plain paper's body) is read from each page's PDF
    within the frames it stands in alone: every page's text is as read from the whole."""
    from layout.build import prepare_render
    from layout.publish.printed import printed_text
    from layout.publish.regions import Fonts, frames_printed, page_text
    from layout.variants.table import VARIANTS

    folder = site if paper == "composed" else plain_site
    issue_dir = SAMPLE if paper == "composed" else plain_site.parents[1] / "tangyin" / SAMPLE.name
    job = prepare_render(issue_dir, VARIANTS["epaper"], allow_overflow=True)
    fonts = Fonts(job.issue, job.lock)
    for sheet in job.sheets:
        pdf = (folder / "pages" / f"{sheet.page.number:02d}.pdf").read_bytes()
        whole = page_text(job.issue, sheet, fonts, printed_text(pdf, job.lock))
        framed = printed_text(pdf, job.lock, frames_printed(sheet))
        assert page_text(job.issue, sheet, fonts, framed) == whole
        assert len(framed._lines) < len(printed_text(pdf, job.lock)._lines) or paper == "plain"
