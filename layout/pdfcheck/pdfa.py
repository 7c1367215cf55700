"""Preflight for archives: what an archive's ingest checks in a PDF that claims PDF/A.

A PDF claims PDF/A by a `pdfaid` property anywhere in its XMP or a GTS_PDFA1 output
intent. Then: its XMP is one packet with one `rdf:RDF` holding the identification
(readers keep the first `rdf:RDF` and drop the rest), and no image asks to be interpolated
(ISO 19005-2 and -3, 6.2.8.1). In any PDF: every name tree (embedded files, destinations)
has its keys in lexical order (ISO 32000-1, 7.9.6; a reader may search it by halves and
miss a key out of place), and the catalog's /AF names each associated file once.
"""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf
from lxml import etree

from layout.i18n import N_
from layout.pdfcheck.preflight import Finding, Phrase, said

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
XMP_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
XMP = said(N_("PDF/A XMP"))


def pdfa_findings(pdf: pikepdf.Pdf) -> list[Finding]:
    """Every archive fault of `pdf`: XMP and images if it claims PDF/A, name trees and
    associated files in any PDF. A structure too damaged to walk is itself an error."""
    try:
        findings = _name_trees(pdf.Root) + _associated_files(pdf.Root)
        packet = _packet(pdf)
        if not _claims_pdfa(pdf, packet):
            return findings
        return _xmp(packet) + _interpolated_images(pdf) + findings
    except pikepdf.PdfError as error:
        return [_error(None, said(N_("archive checks")),
                       said(N_("the file could not be read through ({reason})"),
                            reason=str(error)))]


def _packet(pdf: pikepdf.Pdf) -> bytes | None:
    metadata = pdf.Root.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream):
        return None
    try:
        return metadata.read_bytes()
    except pikepdf.PdfError:
        return b""   # a stream that cannot be decoded: no XMP a reader can use


def _claims_pdfa(pdf: pikepdf.Pdf, packet: bytes | None) -> bool:
    intents = pdf.Root.get("/OutputIntents") or []
    return PDFAID.encode() in (packet or b"") or any(
        isinstance(intent, pikepdf.Dictionary) and intent.get("/S") == "/GTS_PDFA1"
        for intent in intents)


# --------------------------------------------------------------------------- XMP


def _xmp(packet: bytes | None) -> list[Finding]:
    """One rdf:RDF, and the PDF/A identification in it."""
    if not packet:
        return [_error(None, XMP, said(N_("no XMP metadata that can be read, which PDF/A "
                                          "requires")))]
    try:
        root = etree.fromstring(packet, XMP_PARSER)
    except etree.XMLSyntaxError as error:
        return [_error(None, XMP, said(N_("not well-formed XML ({reason})"),
                                       reason=str(error)))]
    blocks = list(root.iter(f"{{{RDF}}}RDF"))
    findings = []
    if len(blocks) > 1:
        lost = sorted({_prefixed(prop) for block in blocks[1:] for prop in _properties(block)})
        findings.append(_error(None, XMP, said(
            N_("{count} rdf:RDF blocks in one packet; XMP readers keep the first and drop "
               "{lost}"), count=len(blocks), lost=", ".join(lost) or said(N_("the rest")))))
    if not blocks or not any(_prefixed(p).startswith("pdfaid:")
                             for p in _properties(blocks[0])):
        findings.append(_error(None, XMP, said(N_("no pdfaid:part in the (first) rdf:RDF: "
                                                  "readers do not see the file as PDF/A"))))
    return findings


def _properties(block: etree._Element) -> Iterator[etree._Element | tuple[str, str]]:
    """The properties of every rdf:Description of an rdf:RDF: its child elements and its
    attributes other than rdf:about."""
    for description in block.findall(f"{{{RDF}}}Description"):
        yield from description
        yield from ((key, value) for key, value in description.attrib.items()
                    if not key.startswith(f"{{{RDF}}}"))


def _prefixed(prop: etree._Element | tuple[str, str]) -> str:
    """dc:identifier for the property `{http://purl.org/dc/elements/1.1/}identifier`."""
    tag = prop[0] if isinstance(prop, tuple) else prop.tag
    if not isinstance(tag, str) or "}" not in tag:
        return str(tag)
    uri, name = tag[1:].split("}", 1)
    prefixes = {"http://purl.org/dc/elements/1.1/": "dc", PDFAID: "pdfaid",
                "http://ns.adobe.com/pdf/1.3/": "pdf", "http://ns.adobe.com/xap/1.0/": "xmp"}
    return f"{prefixes.get(uri, uri)}:{name}"


# --------------------------------------------------------------------------- images


def _interpolated_images(pdf: pikepdf.Pdf) -> list[Finding]:
    """Each image asking to be interpolated, once, on the first page that draws it."""
    findings: list[Finding] = []
    seen: set = set()
    for number, page in enumerate(pdf.pages, start=1):
        for image in _drawn_images(page.obj, seen):
            if image.get("/Interpolate") is True:
                subject = said(N_("image {name}"), name=f"{image.objgen[0]} {image.objgen[1]}")
                findings.append(_error(number, subject, said(N_(
                    "/Interpolate true, which PDF/A-2 and -3 forbid (ISO 19005-2 6.2.8.1)"))))
    return findings


def _drawn_images(obj: pikepdf.Object, seen: set) -> Iterator[pikepdf.Object]:
    """Every image a page or form draws (its `Do` operators), through nested forms, with
    the soft mask of each; none twice."""
    resources = obj.get("/Resources")
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    if not isinstance(xobjects, pikepdf.Dictionary):
        return
    for operands, _operator in pikepdf.parse_content_stream(obj, "Do"):
        xobject = xobjects.get(str(operands[0])) if operands else None
        if not isinstance(xobject, pikepdf.Stream) or xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        if xobject.get("/Subtype") == "/Image":
            yield xobject
            if isinstance(xobject.get("/SMask"), pikepdf.Stream):
                yield xobject.SMask
        elif xobject.get("/Subtype") == "/Form":
            yield from _drawn_images(xobject, seen)


# --------------------------------------------------------------------------- catalog


def _name_trees(root: pikepdf.Dictionary) -> list[Finding]:
    names = root.get("/Names")
    if not isinstance(names, pikepdf.Dictionary):
        return []
    findings = []
    for kind, tree in names.items():
        keys = list(_keys(tree, set()))
        out_of_order = next((i for i in range(1, len(keys)) if keys[i] < keys[i - 1]), None)
        if out_of_order is not None:
            before, after = (_shown(k) for k in keys[out_of_order - 1:out_of_order + 1])
            findings.append(_error(None, said(N_("{kind} name tree"), kind=kind[1:]), said(
                N_("keys out of lexical order ({before} before {after}); ISO 32000-1 7.9.6 "
                   "wants them sorted, and a reader may not find a key out of place"),
                before=before, after=after)))
    return findings


def _keys(tree: pikepdf.Object, seen: set) -> Iterator[bytes]:
    """A name tree's keys in the order they stand, leaves left to right."""
    if not isinstance(tree, pikepdf.Dictionary) or (tree.is_indirect and tree.objgen in seen):
        return
    if tree.is_indirect:
        seen.add(tree.objgen)
    flat = tree.get("/Names")
    if isinstance(flat, pikepdf.Array):
        yield from (bytes(key) for key in list(flat)[::2] if isinstance(key, pikepdf.String))
    for kid in tree.get("/Kids") or []:
        yield from _keys(kid, seen)


def _shown(key: bytes) -> str:
    return repr(key.decode("utf-8", errors="replace"))


def _associated_files(root: pikepdf.Dictionary) -> list[Finding]:
    files = root.get("/AF")
    if not isinstance(files, pikepdf.Array):
        return []
    ids = [spec.objgen if spec.is_indirect else repr(spec) for spec in files]
    twice = len(ids) - len(set(ids))
    if not twice:
        return []
    return [Finding("warning", None, said(N_("associated files (/AF)")),
                    said(N_("{twice} of {count} entries name a file already listed"),
                         twice=twice, count=len(ids)))]


def _error(page: int | None, subject: Phrase, message: Phrase) -> Finding:
    return Finding("error", page, subject, message)
