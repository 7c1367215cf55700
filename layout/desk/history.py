"""The desk's undo and redo over issue.toml, and its guard for an edit made on disk.

Each change the desk writes is kept as the file's bytes before and after it, so undo and
redo give back exactly the file that was there. The editor may also edit issue.toml in a
text editor while the desk is open: every write first checks that the file still holds
what the page showed (`base`, its sha256) and, for undo and redo, what that step left.
If not, nothing is written and the page shows the file as it is: an edit made on disk is
never overwritten silently. The server may call from worker threads; one lock keeps
each check and its write together.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import MutableSequence
from dataclasses import dataclass
from pathlib import Path

from layout.errors import LayoutError
from layout.i18n import _
from layout.manifest.editing import EditRefused
from layout.project.files import atomic_write

UNDO_STEPS = 200   # changes kept for undo; the oldest go first


class EditConflict(LayoutError):
    """issue.toml is not what the page or the step to undo or redo expects: it was
    edited on disk meanwhile. Nothing was written. Not an EditRefused: the page answers
    it by showing the file as it is now, not only the message."""


class NothingToUndo(EditRefused):
    """Undo or redo asked for with no step left in that direction."""


def digest(data: bytes) -> str:
    """The sha256 (hex) by which the page names the file it shows."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class _Step:
    before: bytes
    after: bytes


class ManifestHistory:
    """The changes the desk made to the issue.toml at `path`, to undo and redo."""

    def __init__(self, path: Path, steps: int = UNDO_STEPS):
        self.path = path
        self._undo: deque[_Step] = deque(maxlen=steps)
        self._redo: list[_Step] = []
        self._lock = threading.Lock()

    def current(self) -> bytes:
        """The file's bytes as they are on disk now."""
        try:
            return self.path.read_bytes()
        except OSError as error:
            raise EditRefused(_("cannot read {file}: {reason}; nothing was written").format(
                file=self.path, reason=error.strerror or error)) from None

    @property
    def can_undo(self) -> bool:
        with self._lock:
            return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        with self._lock:
            return bool(self._redo)

    def apply(self, new: bytes, base: str) -> None:
        """Write `new` over the file the page showed (digest `base`), as one undo step.
        The same bytes again write nothing and keep what there is to redo."""
        with self._lock:
            now = self.current()
            if digest(now) != base:
                raise self._changed_since_shown()
            if new == now:
                return
            self._write(new)
            if self._undo and self._undo[-1].after != now:
                self._undo.clear()   # edited on disk in between: the older steps are lost
            self._undo.append(_Step(now, new))
            self._redo.clear()

    def undo(self, base: str) -> bytes:
        """The file as it was before the last change, written back; returns its bytes."""
        return self._replay(self._undo, self._redo, base, backwards=True, nothing=_(
            "there is nothing to undo: no change made at the desk is left to take back"),
            edited=_("{file} was edited on disk after that change: undoing it would lose "
                     "that edit, so nothing was written. The page now shows the file as it is"))

    def redo(self, base: str) -> bytes:
        """The change last undone, written again; returns the file's bytes."""
        return self._replay(self._redo, self._undo, base, backwards=False, nothing=_(
            "there is nothing to redo: no change has been undone since the last one made"),
            edited=_("{file} was edited on disk after the undo: redoing the change would lose "
                     "that edit, so nothing was written. The page now shows the file as it is"))

    def _replay(self, taken: MutableSequence[_Step], given: MutableSequence[_Step], base: str,
                backwards: bool, nothing: str, edited: str) -> bytes:
        """Move the last step of `taken` to `given`, writing the file it leaves (its
        `before` when undone, its `after` when redone) if the file still holds the other."""
        with self._lock:
            if not taken:
                raise NothingToUndo(nothing)
            step = taken[-1]
            present, restored = (step.after, step.before) if backwards else \
                (step.before, step.after)
            self._expect(present, base, edited)
            self._write(restored)
            given.append(taken.pop())
            return restored

    def _expect(self, expected: bytes, base: str, edited: str) -> None:
        """Refuse unless the file holds `expected` and the page showed it."""
        now = self.current()
        if now != expected:
            raise EditConflict(edited.format(file=self.path.name))
        if digest(now) != base:
            raise self._changed_since_shown()

    def _changed_since_shown(self) -> EditConflict:
        return EditConflict(_(
            "{file} was changed since the page showed it (on disk, or from another window "
            "of the desk): nothing was written. The page now shows the file as it is")
            .format(file=self.path.name))

    def _write(self, data: bytes) -> None:
        try:
            atomic_write(self.path, data)
        except OSError as error:
            raise EditRefused(_("cannot write {file}: {reason}; it is unchanged").format(
                file=self.path, reason=error.strerror or error)) from None
