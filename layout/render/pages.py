"""Pages rendered one by one, each once.

Frames are absolutely positioned and every page is set before any HTML is made, so a page
renders the same alone as in the whole issue. Each page's HTML goes through WeasyPrint on
its own; its PDF, and what the checks need of the layout (WeasyPrint's warnings, lines
outside their frames, the font families used), are kept in the cache under the hash of
that HTML, the locked font files and the renderer's version. A page whose HTML has not
changed is never laid out again, by a rebuild or by the desk; pages that must be are laid
out side by side on a machine with several cores (render/page_workers.py).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from layout.project.cache import keep_bytes, kept_bytes, lookup, store
from layout.project.fonts import FontLock, file_sha256
from layout.render.fetcher import Read, Readable
from layout.render.preview import keep_preview
from layout.render.versions import extension_fingerprint, renderer_versions

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

    from layout.render.page_workers import PageWorkers


@dataclass(frozen=True)
class PageLayout:
    """What WeasyPrint made of one page's HTML, as the checks read it."""

    pdf_key: str                           # the cache key of the page's PDF
    reads: tuple[tuple[str, str, str], ...]  # address, file, SHA-256 of what it held, for
                                             # every file read but the locked fonts
    warnings: tuple[str, ...]              # WeasyPrint's, for the report
    overflowing: tuple[tuple[str, int], ...]  # frame name, lines outside it
    families: tuple[str, ...]              # font families text was set in
    laid_out: int                          # pages made of it: 1 unless content spilled


@dataclass(frozen=True)
class RenderedPage:
    layout: PageLayout
    pdf: bytes
    preview: bytes | None = None   # drawn beside it by a page worker (PREVIEW_DPI)


@dataclass(frozen=True)
class PageJob:
    """Everything a worker needs to lay out one page."""

    html: str
    base: Path
    readable: Readable
    fonts: tuple[Path, ...]     # the locked font files (their hashes are in the key)
    key: tuple[str, ...]


def render_pages(htmls: list[str], base: Path, readable: Readable, lock: FontLock,
                 workers: PageWorkers | None = None,
                 fonts: FontConfiguration | None = None) -> list[RenderedPage]:
    """Each page of `htmls` as a PDF with its layout facts, from the cache where its
    HTML was laid out before; the others laid out by `workers`, or here with `fonts`."""
    # The folder relative addresses start from, and the files behind the HTML's other
    # addresses (photo:...), are named by their place: the same HTML in another issue
    # folder shows other photos. What those files hold is checked against `reads`.
    fingerprint = (*renderer_versions().values(), extension_fingerprint(),
                   *(face.sha256 for face in lock.faces), str(base.resolve()),
                   *(f"{url} {path}" for url, path in readable.aliases))
    fonts_read = tuple(path.resolve() for path in lock.files)
    work = [PageJob(html, base, readable, fonts_read, (html, *fingerprint)) for html in htmls]
    found: dict[int, RenderedPage] = {}
    for n, job in enumerate(work):
        if (page := _from_cache(job.key, readable)) is not None:
            found[n] = page
    missing = [n for n in range(len(work)) if n not in found]
    for n, page in zip(missing, _laid_out([work[n] for n in missing], workers, fonts),
                       strict=True):
        _keep(work[n].key, page)
        found[n] = page
    return [found[n] for n in range(len(work))]


def overflowing(pages: list[RenderedPage]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update(dict(page.layout.overflowing))
    return counts


def _keep(key: tuple[str, ...], page: RenderedPage) -> None:
    keep_bytes("page-pdf", page.layout.pdf_key, page.pdf)
    store("pages", key, page.layout)
    if page.preview is not None:
        keep_preview(page.pdf, page.preview)


def _from_cache(key: tuple[str, ...], readable: Readable) -> RenderedPage | None:
    """The page kept for `key`, if every address it read may still be read, still names
    the same file, and that file still holds the same bytes: a photo replaced under its
    name, a link pointed elsewhere or a folder no longer allowed leaves the HTML as it was."""
    layout = lookup("pages", key, PageLayout)
    if layout is None or not all(_still(url, name, digest, readable)
                                 for url, name, digest in layout.reads):
        return None
    pdf = kept_bytes("page-pdf", layout.pdf_key)
    return RenderedPage(layout, pdf) if pdf else None


def _still(url: str, name: str, digest: str, readable: Readable) -> bool:
    path = readable.path(url)
    return path is not None and str(path) == name and _sha256(path) == digest


def _laid_out(work: list[PageJob], workers: PageWorkers | None,
              fonts: FontConfiguration | None) -> list[RenderedPage]:
    if workers is None or not work:
        return [lay_out_page(job, fonts) for job in work]
    return workers.map(work)


def lay_out_page(job: PageJob, fonts: FontConfiguration | None = None) -> RenderedPage:
    from layout.render.overflow import overflowing_lines
    from layout.render.pdf import WarningsCollector, font_configuration, render_document
    from layout.render.weasyprint_fonts import bare_cid_keyed_fonts
    from layout.variants.fonts import bare_cff_labelled

    fetched: list[Read] = []
    with WarningsCollector() as warnings, \
            contextlib.nullcontext(fonts) if fonts else font_configuration() as config:
        document = render_document(job.html, job.base, job.readable, config, fetched)
        with bare_cid_keyed_fonts():
            pdf = bare_cff_labelled(document.write_pdf())
    reads = sorted({(read.url, str(read.path), read.sha256) for read in fetched
                    if read.path not in job.fonts})
    layout = PageLayout(
        pdf_key=_pdf_key(job.key),
        reads=tuple(reads),
        warnings=tuple(warnings.messages),
        overflowing=tuple(sorted(overflowing_lines(document).items())),
        families=tuple(sorted({font.family for font in document.fonts.values()})),
        laid_out=len(document.pages))
    return RenderedPage(layout, pdf)


def _pdf_key(key: tuple[str, ...]) -> str:
    return hashlib.sha256("\0".join(key).encode()).hexdigest()


def _sha256(path: Path) -> str:
    """The file's hash; "" for what is not a regular file (a planted entry naming a
    device must not hang the build) or cannot be read."""
    try:
        return file_sha256(path) if path.is_file() else ""
    except OSError:
        return ""
