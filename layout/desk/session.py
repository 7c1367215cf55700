"""One issue on the desk: rebuilt on every change, the last good build kept on errors."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from layout import i18n
from layout.desk.live import LivePages
from layout.errors import LayoutError


@dataclass
class DeskState:
    version: int = 0                  # goes up on every rebuild, good or bad
    errors: list[str] = field(default_factory=list)   # of the last rebuild; [] when good
    report: dict | None = None        # report.json of the last good build
    page_versions: dict[int, int] = field(default_factory=dict)  # page -> build it changed in
    seconds: float = 0.0              # how long the last rebuild took
    plates: list[str] = field(default_factory=list)  # print plates, once made for this version
    verdicts: dict[str, str] = field(default_factory=dict)  # article source -> fit, as shown


class Desk:
    """Keeps the pages of `issue_dir` current in `out_dir/live` (proof, overflow shown,
    never refused) and the whole-issue proof and flatplan in `out_dir/proof`."""

    def __init__(self, issue_dir: Path, out_dir: Path):
        self.issue_dir = issue_dir.resolve()
        self.out_dir = out_dir.resolve()
        self.state = DeskState()
        self._live = LivePages(self.out_dir / "live")
        self._lock = asyncio.Lock()
        self._downloads: asyncio.subprocess.Process | None = None
        self._tasks: set[asyncio.Task] = set()
        self._plates = self.out_dir / "proof" / "print" / "plates"
        self.changed = asyncio.Condition()

    def rebuild_now(self) -> DeskState:
        """Update the pages (blocking) and the state; a user's mistake becomes `errors`."""
        start = time.perf_counter()
        state = self.state
        try:
            report, changed = self._live.update(self.issue_dir)
        except LayoutError as error:
            state.errors = str(error).splitlines() or [type(error).__name__]
        else:
            state.errors = []
            state.report = report
            state.verdicts = self._live.verdicts
            for number in changed:
                state.page_versions[number] = state.version + 1
        state.version += 1
        state.seconds = round(time.perf_counter() - start, 3)
        return state

    async def rebuild(self) -> DeskState:
        """Update off the event loop, one at a time, wake every open page, then make
        the downloads in the background."""
        async with self._lock:
            await self.close()  # the downloads of the last version are out of date
            state = await asyncio.to_thread(self.rebuild_now)
        async with self.changed:
            self.changed.notify_all()
        if not state.errors:
            self._tasks.add(task := asyncio.create_task(self._make_downloads()))
            task.add_done_callback(self._tasks.discard)
        return state

    async def _make_downloads(self) -> None:
        """The proof, then the print plates, each `layout build` in its own process so that
        it never holds up the next update (it would share this process's interpreter
        lock); a newer edit stops it. Plates are offered only when the issue fits."""
        await self.close()
        self.state.plates = []
        shutil.rmtree(self._plates.parent, ignore_errors=True)  # never stale plates
        proof = ["--allow-overflow"]
        for options in (proof, ["--variant", "print"]):
            if await self._layout_build(options) < 0:  # stopped by a newer edit
                return
        self.state.plates = sorted(path.name for path in self._plates.glob("*.pdf"))
        async with self.changed:
            self.changed.notify_all()

    async def _layout_build(self, options: list[str]) -> int:
        self._downloads = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "layout", "build", str(self.issue_dir), *options,
            "--out", str(self.out_dir / "proof"),
            env={**os.environ, "LAYOUT_LANG": i18n.current()},   # the desk's language
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        return await self._downloads.wait()

    async def settled(self) -> None:
        """Wait until the downloads of the current version are made (or given up)."""
        await asyncio.gather(*self._tasks)

    async def close(self) -> None:
        """Stop making downloads, if under way; remove the live pages' font copies."""
        if self._downloads and self._downloads.returncode is None:
            self._downloads.terminate()
            await self._downloads.wait()
        self._live.close()

    def files(self) -> dict[str, Path]:
        """Every file the desk may serve, by its address under /files/."""
        report = self.state.report
        if report is None:
            return {}
        files = {name: self.out_dir / "proof" / name for name in ("issue.pdf", "flatplan.pdf")}
        for page in report["pages"]:
            files |= {name: self.out_dir / "live" / name
                      for name in (page["pdf"], page["preview"])}
        files |= {f"plates/{name}": self._plates / name for name in self.state.plates}
        return files

    def sources(self) -> dict[str, Path]:
        """The article files of the last good build, by their path in the issue."""
        report = self.state.report or {"pages": []}
        return {m["source"]: self.issue_dir / m["source"]
                for page in report["pages"] for m in page["modules"]}
