"""Reading copy from a Word file (.docx) with python-docx.

The body is read in order: paragraphs, the cells of tables, the paragraphs of text boxes
and of content controls, text a reviewer inserted with tracked changes (deleted text is
left out, as Word shows it). A paragraph's line breaks split it into pieces, as the lines
of a text file. Embedded pictures become picture pieces, before the text of their
paragraph. Headers, footers, footnotes and comments are not read.

Word's styles are kept as hints: Title, Subtitle, Caption and the Heading styles (and
their Chinese names in WPS files); a paragraph set all in bold; a centred paragraph. Bold
inside a paragraph cannot be kept (the article format has no bold) and is reported.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from layout.i18n import _
from layout.intake.errors import CopyError
from layout.intake.pieces import Copy, Picture, Piece, Place, Style, quoted

MAX_BYTES = 200_000_000          # a long article with a few dozen photos
MAX_UNPACKED = 1_000_000_000     # what the parts may expand to: no decompression bombs
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"   # Word 97-2003 .doc, WPS .wps, a password-protected .docx
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_VML_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
# Never read into: deleted text, and the copy of a drawing kept for old Word versions.
_HIDDEN = frozenset({qn("w:del"), qn("w:moveFrom"), _MC_FALLBACK})
_SUFFIXES = {"jpeg": ".jpg", "jpg": ".jpg", "jpe": ".jpg", "tif": ".tiff"}
# Which style names say what, lower case; WPS writes the Chinese names.
_STYLE_NAMES: dict[str, Style] = {"title": "title", "标题": "title", "subtitle": "subtitle",
                                  "副标题": "subtitle", "caption": "caption", "题注": "caption"}
_DAMAGED = (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError)


def read_docx(path: Path) -> Copy:
    """The pieces of the Word file `path`, with notes on what could not be kept as is."""
    document = _open(path)
    reader = _Reader(document)
    try:
        reader.read_blocks(document.element.body)
    except _DAMAGED:
        raise CopyError.single(path, _damaged()) from None
    if not any(piece.text for piece in reader.pieces):
        raise CopyError.single(path, _("holds no text: is it the right file?"))
    return Copy(path, tuple(reader.pieces), None, tuple(reader.notes))


def _open(path: Path) -> Document:
    if path.stat().st_size > MAX_BYTES:
        raise CopyError.single(path, _("is too large for the copy of an article: is it the "
                                       "right file?"))
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise CopyError.single(path, _damaged())
        return docx.Document(str(path))
    except _DAMAGED:
        with path.open("rb") as stream:
            old_format = stream.read(4) == _OLE_MAGIC
        raise CopyError.single(path, _old_format() if old_format else _damaged()) from None


def _damaged() -> str:
    return _("is not a Word .docx file, or it is damaged: open it in Word or WPS and save "
             "it again as .docx (Word document), or as .txt")


def _old_format() -> str:
    return _("is a Word 97-2003 .doc, a WPS file or a document with a password: open it in "
             "Word or WPS, remove any password, and save it as .docx (Word document)")


class _Reader:
    """Walks the body in order, numbering paragraphs as Word has them, one after another."""

    def __init__(self, document: Document):
        self.document = document
        self.pieces: list[Piece] = []
        self.notes: list[str] = []
        self.paragraphs = 0

    def read_blocks(self, container: Any) -> None:
        """Paragraphs and tables of the body, a table cell, a text box or a control."""
        for child in container:
            if child.tag == qn("w:p"):
                self.read_paragraph(child)
            elif child.tag == qn("w:tbl"):
                self.read_table(child)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                self.read_blocks(child)

    def read_table(self, table: Any) -> None:
        """A table of one cell is read as the text around it (a frame); of more, each row
        becomes a paragraph of its own, its cells apart by spaces."""
        cells = list(_found(table, {qn("w:tc")}))
        if len(cells) == 1:
            self.read_blocks(cells[0])
            return
        self.notes.append(_("{place}: a table; each row is taken as a paragraph of its own, "
                            "its cells apart by spaces").format(place=self._place(1)))
        for row in _found(table, {qn("w:tr")}):
            self._read_row(row)

    def _read_row(self, row: Any) -> None:
        place = self._place(1)
        paragraphs = list(_found(row, {qn("w:p")}))
        texts = []
        for element in paragraphs:
            self.paragraphs += 1
            runs = list(_found(element, {qn("w:r")}))
            self.pieces.extend(Piece("", place, picture=p) for p in self._pictures(runs, place))
            texts.append(" ".join("".join(r.text for r in runs).split()))
        if text := " ".join(filter(None, texts)):
            self.pieces.append(Piece(text, place, style="row"))
        for element in paragraphs:
            self._read_text_boxes(element, place)

    def read_paragraph(self, element: Any) -> None:
        self.paragraphs += 1
        place = self._place(0)
        paragraph = Paragraph(element, self.document)
        elements = list(_found(element, {qn("w:r")}))
        runs = [Run(r, paragraph) for r in elements]
        self.pieces.extend(Piece("", place, picture=p) for p in self._pictures(elements, place))
        self._add_lines(paragraph, runs, place)
        self._read_text_boxes(element, place)

    def _place(self, ahead: int) -> Place:
        return Place("paragraph", self.paragraphs + ahead)

    def _read_text_boxes(self, element: Any, place: Place) -> None:
        for box in _found(element, {qn("w:txbxContent")}):
            self.notes.append(_("{place}: a text box; its text is taken as the paragraphs "
                                "that follow").format(place=place))
            self.read_blocks(box)

    def _add_lines(self, paragraph: Paragraph, runs: list[Run], place: Place) -> None:
        bold = [_bold(run, paragraph) for run in runs]
        written = [(run.text, b) for run, b in zip(runs, bold, strict=True) if run.text.strip()]
        all_bold = bool(written) and all(b for _text, b in written)
        if any(b for _text, b in written) and not all_bold:
            self.notes.append(_("{place}: bold “{text}” set as plain text: an article has no "
                                "bold").format(place=place, text=quoted(_bold_text(written))))
        style, centred = _style(paragraph), _centred(paragraph)
        text = "".join(run.text for run in runs)
        for line in text.split("\n"):
            if line.strip():
                self.pieces.append(Piece(line.strip(), place, style, all_bold, centred))

    def _pictures(self, runs: list[Any], place: Place) -> Iterator[Picture]:
        for run in runs:
            for image in _found(run, {qn("a:blip"), _VML_IMAGEDATA}, text_boxes=False):
                reference = image.get(qn("r:embed")) or image.get(qn("r:id"))
                part = self.document.part.related_parts.get(reference) if reference else None
                if part is None:
                    self.notes.append(_("{place}: a picture linked to a file outside the "
                                        "document was not imported: insert the picture itself"
                                        ).format(place=place))
                    continue
                yield Picture(part.blob, _suffix(str(part.partname.ext)))


def _found(element: Any, tags: set[str], text_boxes: bool = True) -> Iterator[Any]:
    """The descendants of `element` with one of `tags`, in document order, outside deleted
    text and Word's fallback copies; not looking inside what is found, nor inside text
    boxes unless they are what is wanted."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag not in _HIDDEN and (text_boxes or child.tag != qn("w:txbxContent")):
            yield from _found(child, tags, text_boxes)


def _suffix(extension: str) -> str:
    extension = extension.lower().lstrip(".")
    return _SUFFIXES.get(extension, "." + extension)


def _bold_text(written: list[tuple[str, bool]]) -> str:
    return "…".join(text.strip() for text, bold in written if bold)


def _bold(run: Run, paragraph: Paragraph) -> bool:
    """Whether the run shows in bold: set on it, by its character style, or by the
    paragraph's style."""
    for setting in (run.bold, run.style.font.bold if run.style else None):
        if setting is not None:
            return bool(setting)
    return any(style.font.bold for style in _style_chain(paragraph))


def _style(paragraph: Paragraph) -> Style:
    for style in _style_chain(paragraph):
        name = (style.name or "").lower()
        if name in _STYLE_NAMES:
            return _STYLE_NAMES[name]
        if name.startswith(("heading", "标题")):
            return "heading"
    return ""


def _style_chain(paragraph: Paragraph) -> Iterator[Any]:
    """The paragraph's style and the styles it is based on."""
    style = paragraph.style
    for _depth in range(8):     # a loop of base styles in a damaged file ends here
        if style is None:
            return
        yield style
        style = style.base_style


def _centred(paragraph: Paragraph) -> bool:
    alignment = paragraph.alignment
    if alignment is None and paragraph.style is not None:
        alignment = paragraph.style.paragraph_format.alignment
    return alignment == WD_ALIGN_PARAGRAPH.CENTER
