"""The archive PDF: PDF/A-3b, tagged, catalogued in XMP, carrying its own sources.

The manifests and article sources travel inside the file as embedded files (relationship
Source), so the PDF can be rebuilt from itself. The XMP records paper, date, issue number
and CN number in Dublin Core properties, which PDF/A knows without an extension schema.
Tags give text extraction each article whole and in reading order. Every date is the
issue's, never the clock's, so the same inputs make the same bytes.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from xml.sax.saxutils import escape

from weasyprint import Attachment
from weasyprint.document import Document

from layout.model import Issue


def archive_pdf(document: Document, issue: Issue) -> bytes:
    paper = issue.paper
    number = f"总第{issue.issue_number}期"
    document.metadata.description = f"{paper.name} {issue.date.isoformat()} {number}"
    document.metadata.keywords = [paper.name, paper.cn_number, number]
    document.metadata.authors = [paper.publisher]
    return document.write_pdf(
        pdf_variant="pdf/a-3b", pdf_tags=True, attachments=sources(issue),
        pdf_identifier=f"{paper.cn_number} {issue.date.isoformat()}".encode(),
        xmp_metadata=[io.BytesIO(_dublin_core(issue))])


def sources(issue: Issue) -> list[Attachment]:
    """paper.toml, issue.toml and every article, as attachments dated by the issue."""
    day = datetime.datetime.combine(issue.date, datetime.time(), datetime.UTC)
    files = [issue.paper_dir / "paper.toml", issue.issue_dir / "issue.toml",
             *sorted({a.source for a in issue.articles()})]
    return [Attachment(filename=str(path), name=_name(issue, path), created=day, modified=day,
                       relationship="Source", description=f"source: {_name(issue, path)}")
            for path in files]


def _name(issue: Issue, path: Path) -> str:
    return path.relative_to(issue.paper_dir).as_posix()


def _dublin_core(issue: Issue) -> bytes:
    """The catalogue fields WeasyPrint does not write, each in the XMP type Dublin Core
    gives it (PDF/A validators check the types): Text, or an unordered/ordered array."""
    paper = issue.paper
    fields = [
        ("dc:identifier", "Text",
         f"{paper.cn_number} 总第{issue.issue_number}期 {issue.date.isoformat()}"),
        ("dc:source", "Text", paper.name),
        ("dc:date", "Seq", issue.date.isoformat()),
        ("dc:publisher", "Bag", paper.publisher),
        ("dc:language", "Bag", "zh-Hans"),
    ]
    parts = [f"<{name}>{escape(value)}</{name}>" if kind == "Text" else
             f"<{name}><rdf:{kind}><rdf:li>{escape(value)}</rdf:li></rdf:{kind}></{name}>"
             for name, kind, value in fields]
    return ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            + "".join(parts) + "</rdf:Description></rdf:RDF>").encode("utf-8")
