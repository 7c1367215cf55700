"""The archive PDF: PDF/A-3b, tagged, catalogued in XMP, carrying its own sources.

The manifests and article sources travel inside the file as embedded files (relationship
Source), so the PDF can be rebuilt from itself. The XMP records paper, date, issue number
and CN number in Dublin Core properties, which PDF/A knows without an extension schema.
Tags give text extraction each article whole and in reading order. Every date is the
issue's, never the clock's, so the same inputs make the same bytes.

WeasyPrint writes the PDF; `finish_archive` then mends what it leaves short of the
standards: images asking to be interpolated (forbidden by PDF/A-2 and -3), catalogue
fields in a second `rdf:RDF` (which XMP readers drop), each embedded file listed twice in
the catalog's /AF, and an embedded-files name tree out of lexical order.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pikepdf
from lxml import etree
from weasyprint import Attachment
from weasyprint.document import Document

from layout.model import Issue
from layout.render import weasyprint_fonts
from layout.variants.fonts import label_bare_cff
from layout.variants.interpolation import remove_interpolation

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
# Reading XMP from a PDF: no entities, no network, whatever the packet asks.
XMP_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)


def archive_pdf(document: Document, issue: Issue) -> bytes:
    paper = issue.paper
    number = f"总第{issue.issue_number}期"
    document.metadata.description = f"{paper.name} {issue.date.isoformat()} {number}"
    document.metadata.keywords = [paper.name, paper.cn_number, number]
    document.metadata.authors = [paper.publisher]
    with weasyprint_fonts.bare_cid_keyed_fonts():
        pdf = document.write_pdf(
            pdf_variant="pdf/a-3b", pdf_tags=True, attachments=sources(issue),
            pdf_identifier=f"{paper.cn_number} {issue.date.isoformat()}".encode())
    return finish_archive(pdf, dublin_core(issue))


def sources(issue: Issue) -> list[Attachment]:
    """paper.toml, issue.toml and every article, as attachments dated by the issue."""
    day = datetime.datetime.combine(issue.date, datetime.time(), datetime.UTC)
    sources = issue.sources()
    files = [*sources["manifest"].values(), *sorted(sources["articles"].values())]
    return [Attachment(filename=str(path), name=_name(issue, path), created=day, modified=day,
                       relationship="Source", description=f"source: {_name(issue, path)}")
            for path in files]


def _name(issue: Issue, path: Path) -> str:
    return path.relative_to(issue.paper_dir).as_posix()


def dublin_core(issue: Issue) -> list[etree._Element]:
    """The catalogue fields WeasyPrint does not write, each in the XMP type Dublin Core
    gives it (PDF/A validators check the types): Text, or an unordered/ordered array."""
    paper = issue.paper
    return [
        _property("identifier", "Text",
                  f"{paper.cn_number} 总第{issue.issue_number}期 {issue.date.isoformat()}"),
        _property("source", "Text", paper.name),
        _property("date", "Seq", issue.date.isoformat()),
        _property("publisher", "Bag", paper.publisher),
        _property("language", "Bag", "zh-Hans"),
    ]


def _property(name: str, kind: str, value: str) -> etree._Element:
    element = etree.Element(f"{{{DC}}}{name}", nsmap={"dc": DC})
    if kind == "Text":
        element.text = value
        return element
    array = etree.SubElement(element, f"{{{RDF}}}{kind}", nsmap={"rdf": RDF})
    etree.SubElement(array, f"{{{RDF}}}li").text = value
    return element


# --------------------------------------------------------------------------- finishing


def finish_archive(pdf: bytes, fields: list[etree._Element]) -> bytes:
    """`pdf` as PDF/A-3 wants it: no interpolated image, one XMP `rdf:RDF` holding every
    property and `fields` too, each embedded file once in /AF, name trees in order."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        remove_interpolation(document)
        label_bare_cff(document)
        metadata = document.Root.Metadata
        metadata.write(one_rdf(metadata.read_bytes(), fields))  # written unfiltered
        _associated_once(document.Root)
        for _, tree in (document.Root.get("/Names") or {}).items():
            _sort_name_tree(tree)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def one_rdf(packet: bytes, fields: list[etree._Element]) -> bytes:
    """The XMP `packet` with every rdf:Description of every rdf:RDF in it, and `fields`,
    gathered into one rdf:Description of one rdf:RDF, as XMP readers expect."""
    meta = etree.fromstring(packet, XMP_PARSER)
    blocks = meta.findall(f"{{{RDF}}}RDF")
    namespaces = {prefix: uri for block in blocks for prefix, uri in block.nsmap.items()}
    rdf = etree.Element(f"{{{RDF}}}RDF", nsmap={**namespaces, "rdf": RDF, "dc": DC})
    description = etree.SubElement(rdf, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    for old in (d for block in blocks for d in block.findall(f"{{{RDF}}}Description")):
        for key, value in old.attrib.items():
            if key != f"{{{RDF}}}about":
                description.set(key, value)
        for child in list(old):
            _put(description, child)
    for field in fields:
        _put(description, field)
    for block in blocks:
        meta.remove(block)
    meta.append(rdf)
    etree.cleanup_namespaces(meta)
    head, tail = _packet_wrapper(packet)
    return head + b"\n" + etree.tostring(meta, encoding="utf-8") + b"\n" + tail


def _put(description: etree._Element, prop: etree._Element) -> None:
    """`prop` in `description`, in place of any property of the same name (XMP allows
    each property once)."""
    for same in description.findall(prop.tag):
        description.remove(same)
    description.append(prop)


def _packet_wrapper(packet: bytes) -> tuple[bytes, bytes]:
    """The packet's `<?xpacket begin ...?>` header and `<?xpacket end ...?>` trailer."""
    head = re.search(rb"<\?xpacket begin=.*?\?>", packet)
    tail = re.search(rb"<\?xpacket end=.*?\?>", packet)
    return (head.group() if head else b'<?xpacket begin="\xef\xbb\xbf" '
            b'id="W5M0MpCehiHzreSzNTczkc9d"?>',
            tail.group() if tail else b'<?xpacket end="r"?>')


def _associated_once(root: pikepdf.Dictionary) -> None:
    """The catalog's associated files (/AF), each listed once, in their first order."""
    if "/AF" not in root:
        return
    seen, unique = set(), []
    for spec in root.AF:
        key = spec.objgen if spec.is_indirect else repr(spec)
        if key not in seen:
            seen.add(key)
            unique.append(spec)
    root.AF = pikepdf.Array(unique)


def _sort_name_tree(tree: pikepdf.Object) -> None:
    """A name tree's keys in lexical (byte) order, as ISO 32000-1 7.9.6 requires; a tree
    of one node, as WeasyPrint writes them (one with /Kids is left as it is)."""
    if not isinstance(tree, pikepdf.Dictionary) or "/Kids" in tree or "/Names" not in tree:
        return
    flat = list(tree.Names)
    pairs = sorted(zip(flat[::2], flat[1::2], strict=True), key=lambda pair: bytes(pair[0]))
    tree.Names = pikepdf.Array([item for pair in pairs for item in pair])
