"""One issue on the desk: rebuilt on every change, the last good build kept on errors."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from layout.build import build_issue
from layout.errors import LayoutError


@dataclass
class DeskState:
    version: int = 0                  # goes up on every rebuild, good or bad
    errors: list[str] = field(default_factory=list)   # of the last rebuild; [] when good
    report: dict | None = None        # report.json of the last good build
    page_versions: dict[int, int] = field(default_factory=dict)  # page -> build it changed in
    seconds: float = 0.0              # how long the last rebuild took


class Desk:
    """Builds `issue_dir` as a proof (overflow shown, never refused) into `out_dir`."""

    def __init__(self, issue_dir: Path, out_dir: Path):
        self.issue_dir = issue_dir.resolve()
        self.out_dir = out_dir.resolve()
        self.state = DeskState()
        self._preview_hashes: dict[int, str] = {}
        self._lock = asyncio.Lock()
        self.changed = asyncio.Condition()

    def watched(self) -> list[Path]:
        """The issue folder and the paper's settings beside it."""
        return [self.issue_dir, self.issue_dir.parent / "paper.toml"]

    def rebuild_now(self) -> DeskState:
        """Build (blocking) and update the state; a user's mistake becomes `errors`."""
        start = time.perf_counter()
        state = self.state
        try:
            result = build_issue(self.issue_dir, self.out_dir, allow_overflow=True)
        except LayoutError as error:
            state.errors = str(error).splitlines() or [type(error).__name__]
        else:
            state.errors = []
            state.report = json.loads(result.report.read_text(encoding="utf-8"))
            self._note_changed_pages(state)
        state.version += 1
        state.seconds = round(time.perf_counter() - start, 3)
        return state

    async def rebuild(self) -> DeskState:
        """Rebuild off the event loop, one at a time, then wake every open page."""
        async with self._lock:
            state = await asyncio.to_thread(self.rebuild_now)
        async with self.changed:
            self.changed.notify_all()
        return state

    def files(self) -> dict[str, Path]:
        """Every file the desk may serve, by its address under /files/."""
        report = self.state.report
        if report is None:
            return {}
        names = ["issue.pdf", "flatplan.pdf"]
        for page in report["pages"]:
            names += [page["pdf"], page["preview"]]
        return {name: self.out_dir / name for name in names}

    def sources(self) -> dict[str, Path]:
        """The article files of the last good build, by their path in the issue."""
        report = self.state.report or {"pages": []}
        return {m["source"]: self.issue_dir / m["source"]
                for page in report["pages"] for m in page["modules"]}

    def _note_changed_pages(self, state: DeskState) -> None:
        for page in state.report["pages"]:
            digest = hashlib.sha256((self.out_dir / page["preview"]).read_bytes()).hexdigest()
            if self._preview_hashes.get(page["number"]) != digest:
                self._preview_hashes[page["number"]] = digest
                state.page_versions[page["number"]] = state.version + 1
