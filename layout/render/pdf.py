"""The PDF stage: WeasyPrint lays out the HTML; the PDFs are written atomically."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from layout.errors import RenderError, UnsafePathError
from layout.i18n import _
from layout.project.files import atomic_write
from layout.render.fetcher import RootedFetcher


def render_document(html: str, base: Path, fetcher: RootedFetcher,
                    fonts: FontConfiguration | None = None) -> Document:
    """Lay out `html` (relative references resolve against `base`). A `fonts` kept from
    an earlier render spares loading the CJK fonts again."""
    try:
        return HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=fonts or FontConfiguration())
    except FatalURLFetchingError as error:
        cause = error.__cause__
        if isinstance(cause, UnsafePathError):
            raise cause from None
        raise RenderError(_("could not read a resource of the page: {reason}").format(
            reason=cause or error)) from error


def write_page_pdfs(document: Document, folder: Path, names: list[str],
                    write: Callable[[Document], bytes],
                    previous: Callable[[Path], Path]) -> tuple[list[Path], set[Path]]:
    """One PDF per page, `folder/<name>.pdf`, in page order, each written by `write`;
    also the pages whose bytes differ from the same page of the previous build, which
    stood at `previous(path)`."""
    paths, changed = [], set()
    for page, name in zip(document.pages, names, strict=True):
        path = folder / f"{name}.pdf"
        data = write(document.copy([page]))
        atomic_write(path, data)
        before = previous(path)
        if not before.is_file() or before.read_bytes() != data:
            changed.add(path)
        paths.append(path)
    return paths, changed


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
