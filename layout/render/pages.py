"""Pages rendered one by one, each once.

Frames are absolutely positioned and every page is set before any HTML is made, so a page
renders the same alone as in the whole issue. Each page's HTML goes through WeasyPrint on
its own; its PDF, and what the checks need of the layout (WeasyPrint's warnings, lines
outside their frames, the font families used), are kept in the cache under the hash of
that HTML, the locked font files and the renderer's version. A page whose HTML has not
changed is never laid out again, by a rebuild or by the desk; pages that must be are laid
out side by side on a machine with several cores.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import multiprocessing.pool
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from layout.project.cache import keep_bytes, kept_bytes, lookup, store
from layout.project.fonts import FontLock, file_sha256, font_face_css
from layout.render.fetcher import Read, Readable
from layout.render.versions import extension_fingerprint, renderer_versions

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration



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


@dataclass(frozen=True)
class PageJob:
    """Everything a worker needs to lay out one page."""

    html: str
    base: Path
    readable: Readable
    fonts: tuple[Path, ...]     # the locked font files (their hashes are in the key)
    key: tuple[str, ...]


@contextlib.contextmanager
def page_workers(jobs: int, lock: FontLock) -> Iterator[multiprocessing.pool.Pool | None]:
    """Up to `jobs` processes to lay out pages side by side (None for one): started at
    once, each loads WeasyPrint's fonts while the caller composes the issue, so that
    the first page it lays out costs no more than the next. Stopped when the block ends,
    ready or not: a rebuild that finds every page in the cache does not wait for them."""
    if jobs <= 1:
        yield None
        return
    # Forked before this process lays anything out: the workers start with the modules
    # loaded and no font state of the parent's.
    context = multiprocessing.get_context("fork")
    faces = tuple((face.family, face.weight) for face in lock.faces)
    with tempfile.TemporaryDirectory(prefix="layout-pages-",
                                     ignore_cleanup_errors=True) as scratch, \
            context.Pool(jobs, _get_ready, (font_face_css(lock), faces, lock.files,
                                            scratch)) as pool:
        yield pool


def render_pages(htmls: list[str], base: Path, readable: Readable, lock: FontLock,
                 workers: multiprocessing.pool.Pool | None = None,
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


def _laid_out(work: list[PageJob], workers: multiprocessing.pool.Pool | None,
              fonts: FontConfiguration | None) -> list[RenderedPage]:
    if workers is None or not work:
        return [_lay_out(job, fonts) for job in work]
    return workers.map(_lay_out_in_worker, work, chunksize=1)


_worker_fonts: list[FontConfiguration] = []   # a page worker's, kept between its pages


def _get_ready(faces_css: str, faces: tuple[tuple[str, int], ...],
               font_files: frozenset[Path], scratch: str) -> None:
    """A page worker's start: the locked fonts loaded and used once, by a line in each
    face. A worker that cannot makes a font configuration for each page instead."""
    from layout.render.pdf import new_font_configuration, render_document

    os.nice(10)   # below the build's own process, which composes the issue meanwhile
    # Kept for the worker's life, which ends when the pool is stopped: WeasyPrint's copies
    # of any font not locked go in `scratch`, which the pool's owner removes.
    fonts = new_font_configuration(Path(tempfile.mkdtemp(dir=scratch)))
    text = "".join(f"<p style=\"font-family: '{family}'; font-weight: {weight}\">国，</p>"
                   for family, weight in faces)
    html = f"<html><head><style>{faces_css}</style></head><body>{text}</body></html>"
    with contextlib.suppress(Exception):
        render_document(html, Path("/"), Readable.of([], font_files), fonts).write_pdf()
        _worker_fonts.append(fonts)


def _lay_out_in_worker(job: PageJob) -> RenderedPage:
    """`_lay_out` in a worker process: an error goes back to the build without the chain
    of errors behind it, which need not be picklable."""
    try:
        return _lay_out(job, _worker_fonts[0] if _worker_fonts else None)
    except Exception as error:
        error.__cause__ = error.__context__ = None
        error.__traceback__ = None
        raise


def _lay_out(job: PageJob, fonts: FontConfiguration | None = None) -> RenderedPage:
    from layout.render.overflow import overflowing_lines
    from layout.render.pdf import WarningsCollector, font_configuration, render_document

    fetched: list[Read] = []
    with WarningsCollector() as warnings, \
            contextlib.nullcontext(fonts) if fonts else font_configuration() as config:
        document = render_document(job.html, job.base, job.readable, config, fetched)
        pdf = document.write_pdf()
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
