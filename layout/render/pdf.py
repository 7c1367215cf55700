"""The PDF stage: WeasyPrint lays out the HTML; the PDFs are written atomically."""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf

from layout.errors import RenderError, UnsafePathError
from layout.i18n import _
from layout.project.files import atomic_write
from layout.project.fonts import FontLock, font_face_css
from layout.render.fetcher import Read, Readable, rooted_fetcher

if TYPE_CHECKING:
    from weasyprint.document import Document
    from weasyprint.text.fonts import FontConfiguration

    from layout.render.weasyprint_fonts import LockedFontConfiguration


@contextlib.contextmanager
def font_configuration() -> Iterator[FontConfiguration]:
    """WeasyPrint's font configuration for the renders in the block (and the PDFs written
    from them): the locked fonts given to Fontconfig in place (render/weasyprint_fonts.py),
    copies of any other font removed after. WeasyPrint leaves that to the configuration's
    finaliser, which an ending process need not run."""
    fonts = new_font_configuration()
    try:
        yield fonts
    finally:
        _remove_copies(fonts)


def _remove_copies(fonts: FontConfiguration) -> None:
    if fonts._folder:
        shutil.rmtree(fonts._folder, ignore_errors=True)
        fonts._folder = None


# Font configurations a process keeps between builds, by the locked fonts they were given
# (`kept_font_configuration`).
_kept: dict[str, LockedFontConfiguration] = {}


@contextlib.contextmanager
def kept_font_configuration(lock: FontLock) -> Iterator[LockedFontConfiguration]:
    """A font configuration kept for the process's next build with the same locked fonts
    (the same files with the same contents): a worker building issue after issue of one
    paper spares Fontconfig's and Pango's loading of the fonts each time (some 0.1 s an
    issue). One that was given any other font (a paper stylesheet's own @font-face) is
    not kept: it ends with the block, as in `font_configuration`. The PDFs are the same."""
    key = "\n".join([font_face_css(lock), *(face.sha256 for face in lock.faces)])
    fonts = _kept.pop(key, None) or new_font_configuration()
    try:
        yield fonts
    finally:
        if fonts.only_locked:   # else it may hold copies, or fonts another build must not get
            _kept[key] = fonts
        else:
            _remove_copies(fonts)


def new_font_configuration(copies: Path | None = None) -> LockedFontConfiguration:
    """A font configuration whose owner removes the copies of fonts that are not locked:
    `font_configuration` when its block ends, or the owner of `copies`, the folder they go
    in (render/pages.py: a page worker's)."""
    from layout.render import weasyprint_fonts

    weasyprint_fonts.install()
    fonts = weasyprint_fonts.LockedFontConfiguration()
    if copies is not None:
        fonts._folder = copies
    return fonts


def render_document(html: str, base: Path, readable: Readable, fonts: FontConfiguration,
                    fetched: list[Read] | None = None) -> Document:
    """Lay out `html` (relative references resolve against `base`) with `fonts` (from
    `font_configuration`; one kept from an earlier render spares loading the CJK fonts
    again), reading only what `readable` allows, each file read added to `fetched`."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    from layout.render import cjk_spacing

    cjk_spacing.install()
    fetcher = rooted_fetcher(readable, fetched)
    try:
        return HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=fonts)
    except FatalURLFetchingError as error:
        reason = str(error.__cause__ or error)
        refused = isinstance(error.__cause__, UnsafePathError)
    # Raised afresh, outside the handler: re-raising WeasyPrint's cause inside it would
    # chain the two both ways, which cannot be sent back from a worker process.
    if refused:
        raise UnsafePathError(reason)
    raise RenderError(_("could not read a resource of the page: {reason}").format(
        reason=reason))


def write_page_pdfs(pdfs: list[bytes], folder: Path, names: list[str]) -> list[Path]:
    """One PDF per page, `folder/<name>.pdf`, in page order."""
    paths = [folder / f"{name}.pdf" for name in names]
    for data, path in zip(pdfs, paths, strict=True):
        atomic_write(path, data)
    return paths


class WarningsCollector(logging.Handler):
    """Keeps WeasyPrint's warnings (unsupported CSS, unloadable fonts) for the build report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> WarningsCollector:
        logging.getLogger("weasyprint").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("weasyprint").removeHandler(self)


def join_pages(pdfs: list[bytes]) -> bytes:
    """One PDF of the pages' PDFs, in order, with the first one's document information;
    the same pages give the same bytes."""
    sources = [pikepdf.open(io.BytesIO(data)) for data in pdfs]
    joined = pikepdf.new()
    for source in sources:
        joined.pages.extend(source.pages)
    if sources:
        joined.docinfo = joined.copy_foreign(sources[0].docinfo)
    for number, page in enumerate(joined.pages):
        _retag_subsets(page, number)
    buffer = io.BytesIO()
    joined.save(buffer, deterministic_id=True, compress_streams=True,
                object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def overlay_pages(layers: list[bytes]) -> bytes:
    """One page: the first page of `layers[0]` with the first page of each other layer
    drawn over it, in order, as a form of its own (each keeps its own fonts and images).
    For pictures of a page drawn in layers (build.py: RenderJob.layers)."""
    base, *others = [pikepdf.open(io.BytesIO(data)) for data in layers]
    page = base.pages[0]
    for layer in others:
        page.add_overlay(layer.pages[0])
    buffer = io.BytesIO()
    base.save(buffer, deterministic_id=True, compress_streams=True)
    return buffer.getvalue()


def _retag_subsets(page: pikepdf.Page, number: int) -> None:
    """Give the page's font subsets a tag of their own: each page was written alone, so
    two pages' different subsets of one font carry the same tag (ABCDEF+NP-Song), which
    the PDF format asks to be distinct in one file. The first page keeps its tags."""
    if number == 0:
        return
    fonts = page.obj.get("/Resources", {}).get("/Font", {})
    for font in fonts.values():
        descendants = font.get("/DescendantFonts", [])
        for entry in [font, *descendants]:
            _retag(entry, "/BaseFont", number)
            descriptor = entry.get("/FontDescriptor")
            if descriptor is not None:
                _retag(descriptor, "/FontName", number)


def _retag(dictionary: pikepdf.Dictionary, key: str, number: int) -> None:
    name = str(dictionary.get(key, ""))
    tag, plus, rest = name.lstrip("/").partition("+")
    if not plus or len(tag) != 6 or not tag.isupper():
        return
    digest = hashlib.sha256(f"{number} {tag}".encode()).digest()
    new_tag = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
    dictionary[key] = pikepdf.Name(f"/{new_tag}+{rest}")
