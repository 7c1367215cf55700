"""One issue on the desk: rebuilt on every change, the last good build kept on errors."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from layout import i18n
from layout.arrange.proposals import written
from layout.desk.changes import Answer, Change, ChangeRefused, PagePlan, edited
from layout.desk.history import EditConflict, ManifestHistory, digest
from layout.desk.live import LivePages
from layout.desk.suggestions import Suggestion, suggest
from layout.desk.suggestions import as_dict as suggestions_as_dict
from layout.errors import LayoutError
from layout.i18n import N_, PAPER, _
from layout.manifest.load import manifest_text_problems
from layout.pages.refit import compose_every_span
from layout.project.cache import write_held, writes_held

# The builds that make the downloads run at a lower priority, with their page workers: on a
# machine of few cores, the editor's next update, not the last one's downloads, gets them.
NICE = [found, "-n", "10"] if (found := shutil.which("nice")) else []


@dataclass
class DeskState:
    version: int = 0                  # goes up on every rebuild, good or bad
    errors: list[str] = field(default_factory=list)   # of the last rebuild; [] when good
    report: dict | None = None        # report.json of the last good build
    page_versions: dict[int, int] = field(default_factory=dict)  # page -> build it changed in
    seconds: float = 0.0              # how long the last rebuild took
    plates: list[str] = field(default_factory=list)  # print plates, once made for this version
    verdicts: dict[str, str] = field(default_factory=dict)  # article source -> fit, as shown
    overset: dict[str, str] = field(default_factory=dict)  # article source -> text over
    manifest: str = ""                # sha256 of issue.toml as this version read it
    plan: dict | None = None          # the grid and every module's place (changes.py)
    proof_version: int = -1           # the version the proof and flatplan were made for
    proof_error: str = ""             # why the proof of this version could not be made
    plates_error: str = ""            # why its plates were not made (an article over)
                                      # (cleared by every rebuild: it is that version's)
    can_undo: bool = False
    can_redo: bool = False


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
        self._stopping: asyncio.subprocess.Process | None = None   # told to stop
        self._tasks: set[asyncio.Task] = set()
        self._plates = self.out_dir / "proof" / "print" / "plates"
        self.changed = asyncio.Condition()
        self.history = ManifestHistory(self.issue_dir / "issue.toml")
        self._closed = False
        self._suggestions: dict[str, Suggestion] = {}
        self._generation = 0

    def is_current(self) -> bool:
        """Whether the last update read issue.toml as it is now."""
        return self.state.manifest == digest(self.history.current())

    @property
    def plan(self) -> PagePlan | None:
        """The issue as last built without errors, for the answers while dragging."""
        return self._live.plan

    def fixes(self, key: str) -> dict:
        """The one-click fits of the module at `key`."""
        if self.plan is None or self.state.errors:
            raise ChangeRefused(_("the manifest has errors: correct them first"))
        return self.plan.fixes(key)

    def answer(self, change: Change) -> Answer:
        """How every article would fit after `change` (nothing is written)."""
        if self.plan is None or self.state.errors:
            raise ChangeRefused(_("the manifest has errors: correct them first"))
        return self.plan.answer(change)

    def snapshot(self) -> dict:
        """The state as the page reads it: with the downloads on offer, by file and the
        name each is saved as."""
        downloads = [{"file": name, "name": self.download_name(name)}
                     for name in self.files() if name.endswith(".pdf")]
        return asdict(self.state) | {"downloads": downloads}

    async def change(self, change: Change, base: str) -> dict:
        """Write `change` into issue.toml if the file is still the one the page showed
        (`base`, its sha256) and nothing refuses it; then update the pages."""
        async with self._lock:
            if self.plan is not None:
                change = self.plan.fitted(change)
            refusals = self.answer(change).problems
            if refusals:
                raise ChangeRefused("\n".join(refusals))
            assert self.plan is not None
            new = edited(self.history.current(), change, self.plan)
            if problems := manifest_text_problems(new.decode("utf-8"), self.history.path):
                raise ChangeRefused(_("the change would leave issue.toml wrong, so it was not "
                                      "made: {problems}").format(
                                          problems="; ".join(map(str, problems))))
            self.history.apply(new, base)
        await self.rebuild()
        return self.snapshot()

    async def suggest(self) -> dict:
        """排版建议: layouts for the pages with unplaced modules, each drawn."""
        async with self._lock:
            manifest = digest(self.history.current())
            pages, made = await asyncio.to_thread(suggest, self.issue_dir, manifest,
                                                  self._live.fonts)
        self._suggestions = {suggestion.id: suggestion for suggestion in made}
        return suggestions_as_dict(pages, made)

    def suggestion_picture(self, id: str) -> bytes | None:
        suggestion = self._suggestions.get(id)
        return suggestion.picture if suggestion else None

    async def adopt(self, id: str, base: str) -> dict:
        """Write the suggested layout `id` into issue.toml (undoable), if the file is still
        the one it was made on."""
        suggestion = self._suggestions.get(id)
        if suggestion is None:
            raise ChangeRefused(_("that layout is no longer on offer: ask for suggestions "
                                  "again"))
        async with self._lock:
            current = self.history.current()
            if digest(current) != suggestion.manifest:
                raise EditConflict(_("issue.toml has changed since the suggestions were made: "
                                     "nothing was written; ask for suggestions again"))
            text = current.decode("utf-8")
            for layout in suggestion.layouts:    # a jump's two pages together
                text = written(text, layout, self.issue_dir)
            self.history.apply(text.encode("utf-8"), base)
        self._suggestions = {}
        await self.rebuild()
        return self.snapshot()

    async def step(self, direction: str, base: str) -> dict:
        """Undo or redo the desk's last change to issue.toml, byte for byte."""
        async with self._lock:
            (self.history.undo if direction == "undo" else self.history.redo)(base)
        await self.rebuild()
        return self.snapshot()

    def rebuild_now(self, held: list[Callable[[], None]] | None = None) -> DeskState:
        """Update the pages (blocking) and the state; a user's mistake becomes `errors`.
        With `held`, the cache entries the update makes are left there to be written
        (project/cache.py: writes_held)."""
        start = time.perf_counter()
        state = self.state
        state.manifest = digest(self.history.current())
        try:
            with writes_held(held):
                report, changed = self._live.update(self.issue_dir)
        except LayoutError as error:
            state.errors = str(error).splitlines() or [type(error).__name__]
        else:
            state.errors = []
            state.report = report
            state.verdicts = self._live.verdicts
            state.overset = self._live.overset
            state.plan = self.plan.as_dict() if self.plan else None
            for number in changed:
                state.page_versions[number] = state.version + 1
        state.can_undo, state.can_redo = self.history.can_undo, self.history.can_redo
        state.version += 1
        state.proof_error = ""   # the last version's: this one's proof is yet to be made
        state.plates = []        # the last version's plates never go to the plant
        state.plates_error = ""
        state.seconds = round(time.perf_counter() - start, 3)
        return state

    async def rebuild(self) -> DeskState:
        """Update off the event loop, one at a time, wake every open page, then make
        the downloads in the background."""
        self._generation += 1   # what was started for the last version stops
        generation = self._generation
        held: list[Callable[[], None]] = []
        async with self._lock:
            # The downloads of the last version are out of date: stopped, not waited for
            # (the next downloads wait for them to end).
            self._stop_downloads_now()
            state = await asyncio.to_thread(self.rebuild_now, held)
        async with self.changed:
            self.changed.notify_all()
        # The cache is written once the page is on its way: the downloads read it.
        await asyncio.to_thread(write_held, held)
        if not state.errors:
            self._tasks.add(task := asyncio.create_task(self._make_downloads(generation)))
            task.add_done_callback(self._tasks.discard)
            self._warm_spans(generation)
        return state

    def _warm_spans(self, generation: int) -> None:
        """Compose every article at every span in the background, so that a frame resized
        to another width answers from the cache; given up as soon as another update starts
        (it would slow that one down: they share the interpreter)."""
        plan = self.plan
        if plan is None:
            return
        stale = lambda: self._generation != generation or self._closed  # noqa: E731
        self._tasks.add(task := asyncio.create_task(asyncio.to_thread(
            compose_every_span, plan.issue, plan.setter, stale)))
        task.add_done_callback(self._tasks.discard)

    async def _make_downloads(self, generation: int) -> None:
        """The proof, then the print plates, each `layout build` in its own process so that
        it never holds up the next update (it would share this process's interpreter
        lock); a newer edit stops it. Plates are offered only when the issue fits, and
        neither is offered until made from the version on screen."""
        await self.stop_downloads()
        version = self.state.version
        current = lambda: self._generation == generation and not self._closed  # noqa: E731
        if not current():
            return
        shutil.rmtree(self._plates.parent, ignore_errors=True)  # never stale plates
        for options in (["--allow-overflow"], ["--variant", "print"]):
            code, said = await self._layout_build(options)
            made = code == 0
            if not current():   # a newer edit has stopped it, or is about to
                return
            if options[0] == "--allow-overflow":
                if not made:   # the editor is told why, not left waiting for it
                    self.state.proof_error = _why(said, code)
                    break
                self.state.proof_version = version
            elif not made:
                self.state.plates_error = _why(said, code)
        self.state.plates = sorted(p.name for p in self._plates.glob("*.pdf")) if made else []
        async with self.changed:
            self.changed.notify_all()

    async def _layout_build(self, options: list[str]) -> tuple[int, str]:
        """`layout build` of the issue into the proof folder: its exit code, and what it
        wrote to stderr (in the desk's language)."""
        process = self._downloads = await asyncio.create_subprocess_exec(
            *NICE, sys.executable, "-m", "layout", "build", str(self.issue_dir), *options,
            "--out", str(self.out_dir / "proof"),
            env={**os.environ, "LAYOUT_LANG": i18n.current()},   # the desk's language
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        _, said = await process.communicate()
        return await process.wait(), said.decode(errors="replace")

    async def settled(self) -> None:
        """Wait until the downloads of the current version are made (or given up)."""
        await asyncio.gather(*self._tasks)

    async def stop_downloads(self) -> None:
        """Stop making downloads, if under way, and wait until they have."""
        if self._stop_downloads_now():
            assert self._downloads is not None
            await self._downloads.wait()

    def _stop_downloads_now(self) -> bool:
        """Tell the downloads under way, if any, to stop (once: a second SIGTERM could cut
        short the build's own clean-up); whether any were under way."""
        if self._downloads is None or self._downloads.returncode is not None:
            return False
        if self._downloads is not self._stopping:
            self._stopping = self._downloads
            self._downloads.terminate()
        return True

    async def close(self) -> None:
        """Stop making downloads and composing; remove the live pages' font copies."""
        self._closed = True
        await self.stop_downloads()
        self._live.close()

    def files(self) -> dict[str, Path]:
        """Every file the desk may serve, by its address under /files/: the pages' previews
        as drawn live, and the downloads once `layout build` has made them from the
        version on screen (the issue, its pages and flatplan, then the plates)."""
        report = self.state.report
        if report is None:
            return {}
        files = {page["preview"]: self.out_dir / "live" / page["preview"]
                 for page in report["pages"]}
        if self.state.proof_version == self.state.version:
            made = ["issue.pdf", "flatplan.pdf", *(page["pdf"] for page in report["pages"])]
            files |= {name: self.out_dir / "proof" / name for name in made}
        files |= {f"plates/{name}": self._plates / name for name in self.state.plates}
        return files

    def drawn_pages(self) -> dict[str, Path]:
        """The page PDFs drawn live (live.py), by their address: what the pictures of the
        pages are drawn from."""
        report = self.state.report or {"pages": []}
        return {page["pdf"]: self.out_dir / "live" / page["pdf"] for page in report["pages"]}

    def download_name(self, name: str) -> str:
        """What a served file is saved as: 汤阴新闻-2021-06-15-第1版.pdf, in the paper's words."""
        report = self.state.report
        if report is None:
            return Path(name).name
        issue = f"{report['paper']}-{report['date']}"
        pages = {page["pdf"]: page["number"] for page in report["pages"]}
        if name in pages:
            return PAPER.say(N_("{issue}-page {number}.pdf")).format(issue=issue,
                                                                   number=pages[name])
        if name == "flatplan.pdf":
            return PAPER.say(N_("{issue}-flatplan.pdf")).format(issue=issue)
        if name.startswith("plates/"):
            return Path(name).name   # the paper's plate pattern names paper, date and page
        return f"{issue}{Path(name).suffix}"

    def sources(self) -> dict[str, Path]:
        """The article files of the last good build, by their path in the issue."""
        report = self.state.report or {"pages": []}
        return {m["source"]: self.issue_dir / m["source"]
                for page in report["pages"] for m in page["modules"]}


def _why(said: str, code: int) -> str:
    """Why a `layout build` that exited with `code` failed, for the editor: what it said
    (`_failure`), else its exit code."""
    return _failure(said) or _("layout build stopped ({code})").format(code=code)


def _failure(said: str) -> str:
    """What a failed `layout build` said was wrong (its stderr): the error from its prefix
    on (错误：, 内部错误：, a usage error's), on one line, without the prefix and without the
    advice to run it again with --debug, which the editor cannot do from the desk."""
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    prefixes = [_("internal error:"), _("error:"),
                _("Error: {message}").format(message="").strip()]
    hint = _("Run again with --debug for the traceback.")
    for n, line in enumerate(lines):
        prefix = next((p for p in prefixes if line.startswith(p)), None)
        if prefix is not None:
            said_after = [line[len(prefix):].strip(), *lines[n + 1:]]
            return " ".join(part for part in said_after if part and part != hint)
    return lines[-1] if lines else ""
