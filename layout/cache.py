"""A disk cache for composed articles, keyed by everything that decides their lines.

Composing an article is the slow part of fitting an issue. An article whose text, measure,
fonts and rules have not changed is read back from the cache instead: after an edit to one
article, the others cost nothing. The key covers the package version, so a new composer
never reads an old one's lines. Set LAYOUT_CACHE_DIR to move the cache; a damaged entry is
recomposed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from layout import __version__
from layout.output import atomic_write

T = TypeVar("T")
_memory: dict[str, object] = {}


def cache_folder() -> Path:
    if folder := os.environ.get("LAYOUT_CACHE_DIR"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newspaper-layout"


def cached(kind: str, key: object, compute: Callable[[], T]) -> T:
    """The value for `key` (anything picklable), computed once and then read back."""
    digest = hashlib.sha256(pickle.dumps((__version__, kind, key))).hexdigest()
    if digest in _memory:
        return _memory[digest]  # type: ignore[return-value]
    path = cache_folder() / kind / f"{digest}.pickle"
    value = _read(path)
    if value is None:
        value = compute()
        with contextlib.suppress(OSError):  # a read-only disk only costs the next run time
            atomic_write(path, pickle.dumps(value))
    _memory[digest] = value
    return value


def _read(path: Path) -> object | None:
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
