"""Page workers: processes that lay out the pages of a build side by side.

One process loads WeasyPrint and the locked fonts and draws a line in every face while the
build composes the issue; the workers are forked from it, warm. It leads a process group of
its own, which the build ends when it is done with it, whatever it is doing.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from layout.errors import RenderError
from layout.i18n import _
from layout.project.files import process_running
from layout.project.fonts import FontLock, font_face_css
from layout.render import pages
from layout.render.fetcher import Readable
from layout.render.pages import PageJob, RenderedPage

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from weasyprint.text.fonts import FontConfiguration

SCRATCH = "layout-pages-"   # the workers' scratch folders: layout-pages-<owner's pid>-...
SWEPT_AFTER = 3600   # s: a folder this old whose owner is gone is no one's (another
                     # machine's or container's build sharing the folder has a pid of its own)
PR_SET_PDEATHSIG = 1   # prctl(2)


@contextlib.contextmanager
def page_workers(jobs: int, lock: FontLock) -> Iterator[PageWorkers | None]:
    """Up to `jobs` processes to lay out pages side by side (None for one), ready before
    the caller has composed the issue: see `PageWorkers`. Stopped when the block ends,
    ready or not: a rebuild that finds every page in the cache does not wait for them."""
    if jobs <= 1:
        yield None
        return
    _sweep_scratch()
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH}{os.getpid()}-",
                                     ignore_cleanup_errors=True) as scratch:
        workers = PageWorkers(jobs, lock, Path(scratch))
        try:
            yield workers
        finally:
            workers.stop()


def _sweep_scratch() -> None:
    """Remove the scratch folders of builds that were killed outright (kill -9): their
    owner's process is gone, and so has been the folder's use for an hour."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH}*-*"):
        owner = folder.name.removeprefix(SCRATCH).split("-", 1)[0]
        with contextlib.suppress(OSError):
            if owner.isdigit() and not process_running(int(owner)) \
                    and time.time() - folder.stat().st_mtime > SWEPT_AFTER:
                shutil.rmtree(folder, ignore_errors=True)


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
    owner = os.getppid()
    _end_with_parent()
    if os.getppid() != owner:   # the owner died before that was asked
        return
    owners.close()   # inherited: kept open here, the owner's death would go unnoticed
    os.setpgid(0, 0)
    # The owner's handlers (SIGTERM as Ctrl+C) are not ours: stopped, we just end.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
            except OSError:   # the owner is gone
                return


def _end_with_parent() -> None:
    """Be killed when the process that forked this one dies (Linux): a build killed
    outright takes its page workers with it, not after the pages they are laying out."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


_worker_fonts: list[FontConfiguration] = []   # the page workers', kept between pages


def _get_ready(faces_css: str, faces: tuple[tuple[str, int], ...],
               font_files: frozenset[Path], scratch: Path) -> None:
    """The locked fonts loaded and used once, by a line in each face, for the workers to
    inherit. If that fails, a worker makes a font configuration for each page instead."""
    from layout.render.pdf import new_font_configuration, render_document

    text = "".join(f"<p style=\"font-family: '{family}'; font-weight: {weight}\">国，</p>"
                   for family, weight in faces)
    html = f"<html><head><style>{faces_css}</style></head><body>{text}</body></html>"
    with contextlib.suppress(Exception):
        # WeasyPrint's copies of any font not locked go in `scratch`, which the workers'
        # owner removes (the process ends without running finalisers).
        fonts = new_font_configuration(Path(tempfile.mkdtemp(dir=scratch)))
        render_document(html, Path("/"), Readable.of([], font_files), fonts).write_pdf()
        _worker_fonts.append(fonts)


def _own_scratch(scratch: Path) -> None:
    """A page worker's start: it ends with the process it is forked from, and its copies
    of fonts go in a folder of its own in `scratch`."""
    _end_with_parent()
    if _worker_fonts:
        with contextlib.suppress(OSError):   # then they share the host's
            _worker_fonts[0]._folder = Path(tempfile.mkdtemp(dir=scratch))


def _lay_out_in_worker(job: PageJob) -> RenderedPage:
    """`lay_out_page` in a worker process, which also draws the page's preview: side by
    side, as the pages are. (It writes nothing: a worker may be stopped at any moment.)"""
    from layout.render.preview import preview_png

    try:
        page = pages.lay_out_page(job, _worker_fonts[0] if _worker_fonts else None)
        return replace(page, preview=preview_png(page.pdf))
    except Exception as error:
        _bare(error)
        raise


def _bare(error: BaseException) -> BaseException:
    """`error` without the chain of errors and the traceback behind it, which need not be
    picklable, to be sent to another process."""
    error.__cause__ = error.__context__ = None
    error.__traceback__ = None
    return error
