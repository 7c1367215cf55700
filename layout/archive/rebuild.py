"""Batch rebuilds: every issue under a folder, in parallel, resumable, each one isolated.

Issues run in worker processes (`--jobs N`) or on a Dask cluster (`--dask`, with
`--scheduler ADDRESS` for an existing one, else a local cluster of N workers). An issue
whose build record shows the same sources as now, and whose stored outputs are all still
the files it recorded (fixity), is skipped, so an interrupted run picks up where it
stopped; one with a damaged or missing output is built again, which restores it. A broken
issue is reported and the others go on. Each worker speaks the language of the command
that started it; an issue built to restore damaged outputs is built in the language of the
recorded build (report.json repeats its warnings), so that the files are the very files
recorded.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from layout import i18n
from layout.archive.catalogue import issue_folders
from layout.errors import LayoutError
from layout.i18n import _
from layout.project.extras import require
from layout.project.fonts import file_sha256 as sha256
from layout.reports.record import fixity, read_record
from layout.variants.table import VARIANTS


@dataclass(frozen=True)
class Outcome:
    issue: str
    status: str          # "built", "up to date" or "failed"
    pages: int = 0
    message: str = ""    # why it failed, or the damaged outputs a build restored


def rebuild(root: Path, out_root: Path, variant: str, jobs: int = 1, dask: bool = False,
            scheduler: str | None = None,
            on_done: Callable[[Outcome], None] = lambda _: None) -> list[Outcome]:
    outcomes, pending, damage = [], [], {}
    for folder in issue_folders(root):
        out, name = out_root / folder.relative_to(root), str(folder.relative_to(root))
        stored = _stored(folder, out, variant)
        if stored.up_to_date:
            outcomes.append(Outcome(name, "up to date"))
            on_done(outcomes[-1])
            continue
        if stored.faults:
            damage[name] = _(", ").join(stored.faults)
        pending.append((str(folder), str(out), variant, str(root), i18n.current(),
                        stored.language if stored.current else None))
    run = _on_dask if dask else _in_processes
    for outcome in run(pending, jobs, scheduler):
        if outcome.issue in damage:
            outcome = _noting(outcome, damage[outcome.issue])
        outcomes.append(outcome)
        on_done(outcome)
    return sorted(outcomes, key=lambda o: o.issue)


def _noting(outcome: Outcome, damage: str) -> Outcome:
    """The outcome of an issue built because stored outputs were damaged: restored, or
    (if the build failed) still damaged."""
    if outcome.status == "built":
        return replace(outcome, message=_("restored: {damage}").format(damage=damage))
    return replace(outcome, message=_("{reason}; still damaged: {damage}").format(
        reason=outcome.message, damage=damage))


def rebuild_one(folder: str, out: str, variant: str, root: str, language: str | None = None,
                build_language: str | None = None) -> Outcome:
    """Build one issue in `build_language`, with messages in `language` (either as the
    process's environment says if None); any failure is returned, never raised, so the
    batch goes on."""
    from layout.build import build_issue  # imported in the worker

    if language:
        i18n.use(language)
    name = str(Path(folder).relative_to(root))
    try:
        # No overflow allowed: an issue that no longer fits (another font release, say)
        # is a failure to report, not a page to archive with red boxes.
        with i18n.speaking(build_language or i18n.current()):
            result = build_issue(Path(folder), Path(out), variant=variant, keep_fonts=True)
    except LayoutError as error:
        return Outcome(name, "failed", message=str(error).splitlines()[0])
    except Exception as error:  # noqa: BLE001 - a bug in one issue must not stop the rest
        return Outcome(name, "failed", message=f"{type(error).__name__}: {error}")
    _freeze_what_stays()
    return Outcome(name, "built", pages=len(result.page_pdfs))


@functools.cache   # once a worker: asking Python whether it froze walks all it froze (12 ms)
def _freeze_what_stays() -> None:
    """After its first issue built a worker holds what every later one uses: modules, the
    word list, fonts, caches. Python's full collections walked all of it, a tenth of each
    build (0.2 s an issue); frozen (`gc.freeze`) after a collection, they walk only what
    an issue makes. Frozen objects are still freed when nothing refers to them; only
    cycles among them that die later wait for the worker's replacement (ISSUES_PER_WORKER)."""
    gc.collect()
    gc.freeze()


# Issues a worker process builds before a fresh one takes its place: a worker that built
# issue after issue for ever grew by some 2 MB an issue (WeasyPrint's and our own caches),
# gigabytes over ten years of a daily. A fresh worker costs about a second.
ISSUES_PER_WORKER = 40


def _in_processes(tasks: list[tuple], jobs: int, scheduler: str | None) -> Iterator[Outcome]:
    if not tasks:
        return
    with ProcessPoolExecutor(max_workers=jobs, max_tasks_per_child=ISSUES_PER_WORKER) as pool:
        futures = [pool.submit(rebuild_one, *task) for task in tasks]
        for future in as_completed(futures):
            yield future.result()


def _on_dask(tasks: list[tuple], jobs: int, scheduler: str | None) -> Iterator[Outcome]:
    require("dask", "layout archive rebuild --dask")
    from dask.distributed import Client, LocalCluster
    from dask.distributed import as_completed as dask_completed

    if not tasks:
        return
    cluster = None if scheduler else LocalCluster(n_workers=jobs, threads_per_worker=1,
                                                  processes=True, dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        futures = [client.submit(rebuild_one, *task, pure=False) for task in tasks]
        for future in dask_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@dataclass(frozen=True)
class Stored:
    """An issue's output folder: built from today's sources or not, and the recorded
    outputs that are no longer the files recorded (damaged, missing, unreadable)."""

    current: bool
    faults: tuple[str, ...] = ()
    language: str | None = None   # the recorded build's

    @property
    def up_to_date(self) -> bool:
        return self.current and not self.faults


def _stored(folder: Path, out: Path, variant: str) -> Stored:
    target = VARIANTS[variant].folder(out)
    try:
        record = read_record(target)
        current = _same_sources(folder, record["inputs"])
    except (OSError, KeyError, ValueError, TypeError):
        return Stored(current=False)
    return Stored(current, tuple(str(fault) for fault in fixity(target, record["outputs"])),
                  built_in(record))


def built_in(record: dict) -> str:
    """The language a build record's build spoke (English before records said)."""
    return str(record.get("language", i18n.ENGLISH))


def _same_sources(folder: Path, inputs: dict) -> bool:
    """The record's manifest, article and photo hashes are today's."""
    if sha256(folder / "issue.toml") != inputs["manifest"]["issue.toml"]:
        return False
    if sha256(folder.parent / "paper.toml") != inputs["manifest"]["paper.toml"]:
        return False
    sources = {**inputs["articles"], **inputs["photos"]}
    return all(sha256(folder / name) == digest for name, digest in sources.items())
