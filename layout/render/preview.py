"""PNG previews of pages, drawn in this process by PDFium (pypdfium2).

A preview is a function of its page's PDF: it is kept in the cache under the PDF's hash,
so an unchanged page is never drawn again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from PIL import Image

from layout.errors import RenderError
from layout.i18n import _
from layout.project.cache import cached_bytes, keep_bytes
from layout.project.files import atomic_write

PREVIEW_DPI = 72
# zlib level 2: for page pictures (text, rules, photos) both faster to write and smaller
# than Pillow's default 6. Against level 3, a page at 192 dpi takes 85 to 110 ms instead
# of 100 to 131 and is 2 to 3 % larger: the archive writes two pictures a page, and
# encoding them was a fifth of its rebuild.
PNG_COMPRESSION = 2


def write_preview(pdf: bytes, png: Path, dpi: int = PREVIEW_DPI) -> None:
    """Draw the first page of `pdf` into `png`, replacing it only once complete."""
    atomic_write(png, preview_bytes(pdf, dpi))


def preview_bytes(pdf: bytes, dpi: int = PREVIEW_DPI) -> bytes:
    """The first page of `pdf` as PNG bytes at `dpi`, from the cache when drawn before."""
    return cached_bytes("previews", _key(pdf, dpi), lambda: preview_png(pdf, dpi))


def keep_preview(pdf: bytes, png: bytes, dpi: int = PREVIEW_DPI) -> None:
    """Keep `png`, drawn elsewhere by `preview_png(pdf, dpi)`, as `preview_bytes` would."""
    keep_bytes("previews", _key(pdf, dpi), png)


def _key(pdf: bytes, dpi: int) -> tuple:
    return (pdfium_version(), metadata.version("pillow"), zlib.ZLIB_RUNTIME_VERSION, dpi,
            PNG_COMPRESSION, hashlib.sha256(pdf).hexdigest())


_kept = threading.local()   # .pages: id of a PDF's bytes -> (the bytes, document, page)


@contextlib.contextmanager
def pages_kept_open(pdfs: list[bytes]) -> Iterator[None]:
    """Within the block, each of `pdfs` (these very bytes) is opened by PDFium once, when
    `first_page` first asks for it, and kept open: a page's preview, its pictures and its
    printed text read one document (opening a page costs some 9 ms)."""
    _kept.pages = dict.fromkeys(map(id, pdfs))
    try:
        yield
    finally:
        pages, _kept.pages = _kept.pages, None
        for held in pages.values():
            if held is not None:
                held[1].close()


@contextlib.contextmanager
def first_page(pdf: bytes) -> Iterator[Any]:
    """The first page of `pdf` opened by PDFium (a pypdfium2 PdfPage), for the block; the
    one kept open, within `pages_kept_open`."""
    pages = getattr(_kept, "pages", None)
    if pages is None or id(pdf) not in pages:
        document = _opened(pdf)
        try:
            yield document[0]
        finally:
            document.close()
        return
    held = pages[id(pdf)]
    if held is None or held[0] is not pdf:
        document = _opened(pdf)
        held = pages[id(pdf)] = (pdf, document, document[0])
    yield held[2]


def _opened(pdf: bytes) -> Any:
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as error:
        raise RenderError(_("the page's PDF cannot be drawn: {reason}").format(
            reason=error)) from error


def preview_png(pdf: bytes, dpi: int = PREVIEW_DPI) -> bytes:
    """The first page of `pdf` as PNG bytes at `dpi`, opaque white behind the page."""
    with first_page(pdf) as page:
        # In RGB order as drawn: no conversion from PDFium's BGR (some 7 ms at 192 dpi).
        picture = page.render(scale=dpi / 72, rev_byteorder=True).to_pil()
    return _png(picture if picture.mode == "RGB" else picture.convert("RGB"), dpi)


def _png(picture: Image.Image, dpi: int) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=PNG_COMPRESSION)
    return buffer.getvalue()


@dataclass(frozen=True)
class LayerPicture:
    """The first page of a layer's PDF drawn over nothing, cut down to what it draws."""

    page_size: tuple[int, int]         # pixels of the whole page
    offset: tuple[int, int]            # where `picture` lies on it
    picture: Image.Image | None        # RGBA; None for a layer that draws nothing


def layer_picture(pdf: bytes, dpi: int = PREVIEW_DPI) -> LayerPicture:
    """The first page of the layer's `pdf` drawn over nothing at `dpi`."""
    with first_page(pdf) as page:
        drawn = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 0)).to_pil()
    drawn = drawn.convert("RGBA")
    box = drawn.getchannel("A").getbbox()
    if box is None:
        return LayerPicture(drawn.size, (0, 0), None)
    return LayerPicture(drawn.size, box[:2], drawn.crop(box))


def layered_preview_png(layers: list[LayerPicture], dpi: int = PREVIEW_DPI) -> bytes:
    """The PNG of a page drawn in layers (build.py: RenderJob.layers): each layer's picture
    over white, in order. Where antialiased edges of two layers meet, a channel may differ
    by a unit or two from `preview_png` of the page's PDF."""
    page = Image.new("RGBA", layers[0].page_size, (255, 255, 255, 255))
    for layer in layers:
        if layer.picture is not None:
            page.alpha_composite(layer.picture, dest=layer.offset)
    return _png(page.convert("RGB"), dpi)


def pdfium_version() -> str:
    """The PDFium that draws the previews, and its Python binding."""
    import pypdfium2

    return f"pypdfium2 {pypdfium2.PYPDFIUM_INFO}, pdfium {pypdfium2.PDFIUM_INFO}"
