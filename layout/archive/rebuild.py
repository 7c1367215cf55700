"""Batch rebuilds: every issue under a folder, in parallel, resumable, each one isolated.

Issues run in worker processes (`--jobs N`) or on a Dask cluster (`--dask`, with
`--scheduler ADDRESS` for an existing one, else a local cluster of N workers). An issue
whose build record shows the same inputs as now is skipped, so an interrupted run picks
up where it stopped. A broken issue is reported and the others go on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from layout.archive.catalogue import issue_folders
from layout.errors import LayoutError
from layout.extras import require
from layout.fonts import file_sha256 as sha256
from layout.variants import VARIANTS


@dataclass(frozen=True)
class Outcome:
    issue: str
    status: str          # "built", "up to date" or "failed"
    pages: int = 0
    message: str = ""


def rebuild(root: Path, out_root: Path, variant: str, jobs: int = 1, dask: bool = False,
            scheduler: str | None = None,
            on_done: Callable[[Outcome], None] = lambda _: None) -> list[Outcome]:
    folders = list(issue_folders(root))
    outcomes, pending = [], []
    for folder in folders:
        out = out_root / folder.relative_to(root)
        if _up_to_date(folder, out, variant):
            outcome = Outcome(str(folder.relative_to(root)), "up to date")
            outcomes.append(outcome)
            on_done(outcome)
        else:
            pending.append((str(folder), str(out), variant, str(root)))
    run = _on_dask if dask else _in_processes
    for outcome in run(pending, jobs, scheduler):
        outcomes.append(outcome)
        on_done(outcome)
    return sorted(outcomes, key=lambda o: o.issue)


def rebuild_one(folder: str, out: str, variant: str, root: str) -> Outcome:
    """Build one issue; any failure is returned, never raised, so the batch goes on."""
    from layout.build import build_issue  # imported in the worker

    name = str(Path(folder).relative_to(root))
    try:
        # No overflow allowed: an issue that no longer fits (another font release, say)
        # is a failure to report, not a page to archive with red boxes.
        result = build_issue(Path(folder), Path(out), variant=variant)
    except LayoutError as error:
        return Outcome(name, "failed", message=str(error).splitlines()[0])
    except Exception as error:  # noqa: BLE001 - a bug in one issue must not stop the rest
        return Outcome(name, "failed", message=f"{type(error).__name__}: {error}")
    return Outcome(name, "built", pages=len(result.page_pdfs))


def _in_processes(tasks: list[tuple], jobs: int, scheduler: str | None) -> Iterator[Outcome]:
    if not tasks:
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
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


def _up_to_date(folder: Path, out: Path, variant: str) -> bool:
    """Built before from the same sources: the record's source hashes are today's."""
    record_file = VARIANTS[variant].folder(out) / "build.json"
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
        sources = {**record["inputs"]["articles"], **record["inputs"]["photos"]}
        if sha256(folder / "issue.toml") != record["inputs"]["manifest"]["issue.toml"]:
            return False
        if sha256(folder.parent / "paper.toml") != record["inputs"]["manifest"]["paper.toml"]:
            return False
        return all(sha256(folder / name) == digest for name, digest in sources.items())
    except (OSError, KeyError, ValueError):
        return False
