"""METS for the issue: valid against the METS schema (loaded offline), its files as
stored, its articles pointing at the ALTO blocks they are printed in, across pages."""

from __future__ import annotations

import hashlib
from pathlib import Path

from lxml import etree

from tests.publish.conftest import ALTO

SCHEMAS = Path(__file__).parent / "schemas"
M = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"
MODS = "{http://www.loc.gov/mods/v3}"


def mets_schema() -> etree.XMLSchema:
    """METS 1.12.1 with its XLink schema beside it: nothing is fetched."""
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "mets.xsd"), parser))


def test_the_mets_file_is_valid_against_the_mets_schema(site: Path):
    schema = mets_schema()
    document = etree.parse(str(site / "mets.xml"))
    assert schema.validate(document), schema.error_log


def test_a_broken_mets_file_is_caught_by_the_schema(site: Path):
    document = etree.parse(str(site / "mets.xml"))
    location = next(document.iter(f"{M}FLocat"))
    del location.attrib["LOCTYPE"]                 # required
    assert not mets_schema().validate(document)


def test_every_file_listed_is_stored_with_its_size_and_checksum(site: Path):
    files = list(etree.parse(str(site / "mets.xml")).iter(f"{M}file"))
    assert {f.getparent().get("USE") for f in files} == {"PDF", "IMAGE", "FULLTEXT"}
    assert len(files) == 6                        # 2 pages x PDF, picture, ALTO
    for item in files:
        data = (site / item.find(f"{M}FLocat").get(f"{XLINK}href")).read_bytes()
        assert item.get("CHECKSUMTYPE") == "SHA-256"
        assert item.get("CHECKSUM") == hashlib.sha256(data).hexdigest()
        assert int(item.get("SIZE")) == len(data)


def test_each_article_points_at_its_alto_blocks_across_pages(site: Path):
    mets = etree.parse(str(site / "mets.xml"))
    locations = {f.get("ID"): f.find(f"{M}FLocat").get(f"{XLINK}href")
                 for f in mets.iter(f"{M}file")}
    articles = [div for div in mets.iter(f"{M}div") if div.get("TYPE") == "article"]
    assert [a.get("LABEL") for a in articles][:3] == [
        "利剑出鞘去沉痾", "弘扬传统文化 增进邻里情感", "进企业答疑解惑 为群众办实事"]
    assert len(articles) == 6
    lead = articles[0]
    areas = list(lead.iter(f"{M}area"))
    assert {locations[a.get("FILEID")] for a in areas} == {"alto/01.xml", "alto/02.xml"}
    blocks = []
    for area in areas:
        alto = etree.parse(str(site / locations[area.get("FILEID")]))
        (block,) = [b for b in alto.iter(f"{ALTO}TextBlock") if b.get("ID") == area.get("BEGIN")]
        assert area.get("BETYPE") == "IDREF"
        blocks.append("".join(s.get("CONTENT") for s in block.iter(f"{ALTO}String")))
    assert blocks[0] == "利剑出鞘去沉痾——十三届汤阴县委巡察工作纪实"      # the headline block
    assert "（下转第2版）" in blocks and "（上接第1版）" in blocks
    mods = mets.find(f".//{M}dmdSec[@ID='{lead.get('DMDID')}']")
    assert mods.findtext(f".//{MODS}title") == "利剑出鞘去沉痾"
    assert mods.findtext(f".//{MODS}subTitle") == "——十三届汤阴县委巡察工作纪实"


def test_an_article_is_named_by_its_headline_as_printed(issue_dir: Path, tmp_path: Path):
    """The punctuation the composer normalises in a headline is normalised in the METS
    title too: the library names the article as the page prints it."""
    from layout.build import build_issue
    from tests.conftest import replace_in

    replace_in(issue_dir / "articles" / "chezhan-duanwu.md", "title: 弘扬传统文化 增进邻里情感",
               "title: 弘扬文化,增进情感...")
    build_issue(issue_dir, tmp_path / "out", variant="archive")
    mets = etree.parse(str(tmp_path / "out" / "archive" / "mets.xml"))
    titles = [t.text for t in mets.iter("{http://www.loc.gov/mods/v3}title")]
    assert "弘扬文化，增进情感……" in titles
    assert "弘扬文化,增进情感..." not in titles
