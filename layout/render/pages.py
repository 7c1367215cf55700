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
import os
import signal
import tempfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from layout.errors import RenderError
from layout.i18n import _
from layout.project.cache import keep_bytes, kept_bytes, lookup, store
from layout.project.fonts import FontLock, file_sha256, font_face_css
from layout.render.fetcher import Read, Readable
from layout.render.versions import extension_fingerprint, renderer_versions

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

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
def page_workers(jobs: int, lock: FontLock) -> Iterator[PageWorkers | None]:
    """Up to `jobs` processes to lay out pages side by side (None for one), ready before
    the caller has composed the issue: see `PageWorkers`. Stopped when the block ends,
    ready or not: a rebuild that finds every page in the cache does not wait for them."""
    if jobs <= 1:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="layout-pages-",
                                     ignore_cleanup_errors=True) as scratch:
        workers = PageWorkers(jobs, lock, Path(scratch))
        try:
            yield workers
        finally:
            workers.stop()


class PageWorkers:
    """Page workers forked from one process that has loaded WeasyPrint and the locked
    fonts and drawn a line in every face: they start warm, and the import and the font
    loading are paid once, not once per worker. That process starts at once, niced below
    the caller, which composes the issue meanwhile; it hands the pages it is sent to its
    workers and sends back what they made. Forked before this process lays anything out,
    it has no font state of ours."""

    def __init__(self, jobs: int, lock: FontLock, scratch: Path):
        context = multiprocessing.get_context("fork")
        self._connection, theirs = context.Pipe()
        faces = tuple((face.family, face.weight) for face in lock.faces)
        self._host = context.Process(
            target=_host, name="layout-pages",
            args=(theirs, self._connection, jobs, font_face_css(lock), faces, lock.files,
                  scratch))
        self._host.start()
        theirs.close()
        assert self._host.pid is not None
        self._group = self._host.pid
        # The workers' process group, which `stop` ends at once (the host sets it too).
        with contextlib.suppress(OSError):
            os.setpgid(self._group, self._group)

    def map(self, work: list[PageJob]) -> list[RenderedPage]:
        """`work` laid out by the workers, in order; a worker's error raised here."""
        try:
            self._connection.send(work)
            answer = self._connection.recv()
        except (EOFError, OSError):   # killed from outside: out of memory, an operator
            raise RenderError(_("the page workers stopped before the pages were laid "
                                "out")) from None
        if isinstance(answer, BaseException):
            raise answer
        return list(answer)

    def stop(self) -> None:
        """Stop the host and its workers at once, whatever they are doing: none of them
        has anything to finish (their scratch folder is the caller's to remove)."""
        self._connection.close()
        try:
            os.killpg(self._group, signal.SIGKILL)
        except ProcessLookupError:   # not (or no longer) a group: the host alone
            self._host.kill()
        self._host.join()


def _host(connection: Connection, owners: Connection, jobs: int, faces_css: str,
          faces: tuple[tuple[str, int], ...], font_files: frozenset[Path],
          scratch: Path) -> None:
    """The process the page workers are forked from: ready, then serving the pages it is
    sent until its owner closes the connection, stops it, or dies. It leads a process
    group of its own: Ctrl+C is for the build to handle, which then stops the group."""
    owners.close()   # inherited: kept open here, the owner's death would go unnoticed
    os.setpgid(0, 0)
    os.nice(10)   # below the build's own process, which composes the issue meanwhile
    _get_ready(faces_css, faces, font_files, scratch)
    # An executor, not a Pool: a worker killed in the middle of a page (out of memory)
    # breaks it, where a Pool would wait for that page for ever.
    with ProcessPoolExecutor(jobs, multiprocessing.get_context("fork"), _own_scratch,
                             (scratch,)) as pool:
        while True:
            try:
                work = connection.recv()
            except EOFError:
                return
            answer: list[RenderedPage] | BaseException
            try:
                answer = list(pool.map(_lay_out_in_worker, work))
            except BrokenProcessPool:
                answer = RenderError(_("a page worker stopped in the middle of a page"))
            except Exception as error:
                answer = _bare(error)
            try:
                connection.send(answer)
            except OSError:   # the owner is gone (killed): so are its pages
                return


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
        return [_lay_out(job, fonts) for job in work]
    return workers.map(work)


_worker_fonts: list[FontConfiguration] = []   # the page workers', kept between pages


def _get_ready(faces_css: str, faces: tuple[tuple[str, int], ...],
               font_files: frozenset[Path], scratch: Path) -> None:
    """The locked fonts loaded and used once, by a line in each face, for the workers to
    inherit. If that fails, a worker makes a font configuration for each page instead."""
    from layout.render.pdf import new_font_configuration, render_document

    # WeasyPrint's copies of any font not locked go in `scratch`, which the workers'
    # owner removes (the process ends without running finalisers).
    fonts = new_font_configuration(Path(tempfile.mkdtemp(dir=scratch)))
    text = "".join(f"<p style=\"font-family: '{family}'; font-weight: {weight}\">国，</p>"
                   for family, weight in faces)
    html = f"<html><head><style>{faces_css}</style></head><body>{text}</body></html>"
    with contextlib.suppress(Exception):
        render_document(html, Path("/"), Readable.of([], font_files), fonts).write_pdf()
        _worker_fonts.append(fonts)


def _own_scratch(scratch: Path) -> None:
    """A page worker's start: its copies of fonts go in a folder of its own in `scratch`."""
    if _worker_fonts:
        _worker_fonts[0]._folder = Path(tempfile.mkdtemp(dir=scratch))


def _lay_out_in_worker(job: PageJob) -> RenderedPage:
    """`_lay_out` in a worker process, which also draws the page's preview into the cache
    (render/preview.py), where the build finds it: side by side, as the pages are."""
    from layout.render.preview import preview_bytes

    try:
        page = _lay_out(job, _worker_fonts[0] if _worker_fonts else None)
        preview_bytes(page.pdf)
        return page
    except Exception as error:
        _bare(error)
        raise


def _bare(error: BaseException) -> BaseException:
    """`error` without the chain of errors and the traceback behind it, which need not be
    picklable, to be sent to another process."""
    error.__cause__ = error.__context__ = None
    error.__traceback__ = None
    return error


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
