"""METS for the issue, in the shape newspaper libraries use (NDNP, Europeana Newspapers):
the files of every page, the page sequence, and the articles.

- dmdSec: MODS for the issue (title, date, issue number, CN number and ISSN, publisher,
  language) and for each article (headline parts, byline, the pages it is on).
- fileSec: the page PDFs (USE="PDF"), the page pictures (IMAGE) and the ALTO files
  (FULLTEXT), each with its size and SHA-256, addressed relative to the METS file.
- structMap PHYSICAL: the issue's pages in order, each pointing at its three files.
- structMap LOGICAL: the issue and its articles in reading order; each article points at
  the ALTO blocks it is printed in (areas by block ID), across pages where it jumps.
- structLink: each article to the pages it is on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from layout import __version__
from layout.model import Issue
from layout.publish.alto import LANGUAGE, block_ids
from layout.publish.regions import PageText
from layout.typeset.article import Head

METS = "http://www.loc.gov/METS/"
MODS = "http://www.loc.gov/mods/v3"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LOCATIONS = (f"{METS} http://www.loc.gov/standards/mets/mets.xsd "
             f"{MODS} http://www.loc.gov/standards/mods/v3/mods-3-8.xsd")
GROUPS = (("PDF", "pdf", "application/pdf"), ("IMAGE", "img", "image/png"),
          ("FULLTEXT", "alto", "text/xml"))


@dataclass(frozen=True)
class PageFiles:
    """The files of one page in the output folder, by their path in it, and their bytes."""

    pdf: tuple[str, bytes]
    image: tuple[str, bytes]
    alto: tuple[str, bytes]

    def of(self, use: str) -> tuple[str, bytes]:
        return {"PDF": self.pdf, "IMAGE": self.image, "FULLTEXT": self.alto}[use]


def mets_xml(issue: Issue, heads: dict[Path, Head], pages: list[PageText],
             files: list[PageFiles]) -> bytes:
    """`heads`: each article's headline as printed, by its source (regions.printed_heads)."""
    root = etree.Element(_m("mets"), nsmap={"mets": METS, "mods": MODS, "xlink": XLINK,
                                            "xsi": XSI},
                         OBJID=_object_id(issue), TYPE="Newspaper", LABEL=_label(issue))
    root.set(f"{{{XSI}}}schemaLocation", LOCATIONS)
    root.append(_header(issue))
    root.append(_dmd("dmd_issue", _issue_mods(issue)))
    for number, article in enumerate(issue.articles(), start=1):
        head = heads[article.source]
        root.append(_dmd(f"dmd_a{number}", _article_mods(head.title, head.kicker,
                                                         head.subtitle, head.byline,
                                                         _pages_of(number, pages))))
    root.append(_file_section(pages, files))
    root.append(_physical(pages))
    root.append(_logical(issue, pages))
    root.append(_links(issue, pages))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _object_id(issue: Issue) -> str:
    return f"{issue.paper_dir.name}-{issue.issue_dir.resolve().name}"   # a 号外 folder too


def _label(issue: Issue) -> str:
    return f"{issue.paper.name} {issue.date.isoformat()} 总第{issue.issue_number}期"


def _header(issue: Issue) -> etree._Element:
    header = etree.Element(_m("metsHdr"), CREATEDATE=f"{issue.date.isoformat()}T00:00:00Z")
    agent = etree.SubElement(header, _m("agent"), ROLE="CREATOR", TYPE="ORGANIZATION")
    etree.SubElement(agent, _m("name")).text = issue.paper.publisher
    software = etree.SubElement(header, _m("agent"), ROLE="CREATOR", TYPE="OTHER",
                                OTHERTYPE="SOFTWARE")
    etree.SubElement(software, _m("name")).text = f"newspaper-layout {__version__}"
    return header


def _dmd(identifier: str, mods: etree._Element) -> etree._Element:
    section = etree.Element(_m("dmdSec"), ID=identifier)
    wrap = etree.SubElement(section, _m("mdWrap"), MDTYPE="MODS")
    etree.SubElement(wrap, _m("xmlData")).append(mods)
    return section


def _issue_mods(issue: Issue) -> etree._Element:
    paper = issue.paper
    mods = etree.Element(_o("mods"))
    etree.SubElement(etree.SubElement(mods, _o("titleInfo")), _o("title")).text = paper.name
    etree.SubElement(mods, _o("typeOfResource")).text = "text"
    etree.SubElement(mods, _o("genre")).text = "newspaper issue"
    origin = etree.SubElement(mods, _o("originInfo"))
    etree.SubElement(origin, _o("publisher")).text = paper.publisher
    etree.SubElement(origin, _o("dateIssued"), encoding="iso8601").text = \
        issue.date.isoformat()
    _language(mods)
    part = etree.SubElement(mods, _o("part"))
    detail = etree.SubElement(part, _o("detail"), type="issue")
    etree.SubElement(detail, _o("number")).text = str(issue.issue_number)
    extent = etree.SubElement(part, _o("extent"), unit="pages")
    etree.SubElement(extent, _o("total")).text = str(len(issue.pages))
    etree.SubElement(mods, _o("identifier"), type="cn").text = paper.cn_number
    if paper.issn:
        etree.SubElement(mods, _o("identifier"), type="issn").text = paper.issn
    return mods


def _article_mods(title: str, kicker: str | None, subtitle: str | None, byline: str | None,
                  pages: list[int]) -> etree._Element:
    mods = etree.Element(_o("mods"))
    info = etree.SubElement(mods, _o("titleInfo"))
    etree.SubElement(info, _o("title")).text = title
    if subtitle:
        etree.SubElement(info, _o("subTitle")).text = subtitle
    if kicker:
        etree.SubElement(etree.SubElement(mods, _o("titleInfo"), type="alternative",
                                          displayLabel="引题"), _o("title")).text = kicker
    etree.SubElement(mods, _o("genre")).text = "article"
    _language(mods)
    if byline:
        etree.SubElement(mods, _o("note"), type="statement of responsibility").text = byline
    extent = etree.SubElement(etree.SubElement(mods, _o("part")), _o("extent"), unit="pages")
    etree.SubElement(extent, _o("start")).text = str(pages[0])
    etree.SubElement(extent, _o("end")).text = str(pages[-1])
    return mods


def _language(mods: etree._Element) -> None:
    term = etree.SubElement(etree.SubElement(mods, _o("language")), _o("languageTerm"),
                            type="code", authority="rfc5646")
    term.text = LANGUAGE


def _file_section(pages: list[PageText], files: list[PageFiles]) -> etree._Element:
    section = etree.Element(_m("fileSec"))
    for use, prefix, mimetype in GROUPS:
        group = etree.SubElement(section, _m("fileGrp"), USE=use)
        for page, page_files in zip(pages, files, strict=True):
            name, data = page_files.of(use)
            item = etree.SubElement(group, _m("file"), ID=f"{prefix}{page.number:02d}",
                                    MIMETYPE=mimetype, SIZE=str(len(data)),
                                    CHECKSUM=hashlib.sha256(data).hexdigest(),
                                    CHECKSUMTYPE="SHA-256")
            location = etree.SubElement(item, _m("FLocat"), LOCTYPE="URL")
            location.set(f"{{{XLINK}}}href", name)
    return section


def _physical(pages: list[PageText]) -> etree._Element:
    structure = etree.Element(_m("structMap"), TYPE="PHYSICAL")
    sequence = etree.SubElement(structure, _m("div"), TYPE="physSequence", ID="phys")
    for order, page in enumerate(pages, start=1):
        div = etree.SubElement(sequence, _m("div"), TYPE="page", ID=f"phys{page.number}",
                               ORDER=str(order), ORDERLABEL=str(page.number),
                               LABEL=f"第{page.number}版 {page.name}")
        for _use, prefix, _mimetype in GROUPS:
            etree.SubElement(div, _m("fptr"), FILEID=f"{prefix}{page.number:02d}")
    return structure


def _logical(issue: Issue, pages: list[PageText]) -> etree._Element:
    structure = etree.Element(_m("structMap"), TYPE="LOGICAL")
    top = etree.SubElement(structure, _m("div"), TYPE="issue", ID="log_issue",
                           DMDID="dmd_issue", LABEL=_label(issue))
    for number, article in enumerate(issue.articles(), start=1):
        div = etree.SubElement(top, _m("div"), TYPE="article", ID=f"log_a{number}",
                               ORDER=str(number), DMDID=f"dmd_a{number}", LABEL=article.title)
        sequence = etree.SubElement(etree.SubElement(div, _m("fptr")), _m("seq"))
        for page in pages:
            for block_id, block in zip(block_ids(page), page.blocks, strict=True):
                if block.article == number:
                    etree.SubElement(sequence, _m("area"), FILEID=f"alto{page.number:02d}",
                                     BETYPE="IDREF", BEGIN=block_id)
    return structure


def _links(issue: Issue, pages: list[PageText]) -> etree._Element:
    links = etree.Element(_m("structLink"))
    for number in range(1, len(issue.articles()) + 1):
        for page in _pages_of(number, pages):
            link = etree.SubElement(links, _m("smLink"))
            link.set(f"{{{XLINK}}}from", f"log_a{number}")
            link.set(f"{{{XLINK}}}to", f"phys{page}")
    return links


def _pages_of(number: int, pages: list[PageText]) -> list[int]:
    return [page.number for page in pages if any(n == number for n, _ in page.articles)]


def _m(tag: str) -> str:
    return f"{{{METS}}}{tag}"


def _o(tag: str) -> str:
    return f"{{{MODS}}}{tag}"
