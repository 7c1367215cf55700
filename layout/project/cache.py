"""A disk cache for composed articles, keyed by everything that decides their lines.

Composing an article is the slow part of fitting an issue. An article whose text, measure,
fonts and rules have not changed is read back from the cache instead: after an edit to one
article, the others cost nothing. Set LAYOUT_CACHE_DIR to move the cache.

Entries are JSON (data, never code: a file planted in the cache folder cannot run
anything), carrying the format version, their own key and a hash of their content. An
entry of another format or version, for another key, damaged, or not of the expected
shape is composed again and rewritten, never an error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from layout import __version__
from layout.project.files import atomic_write

T = TypeVar("T")
FORMAT = 1
_memory: dict[str, object] = {}


def cache_folder() -> Path:
    if folder := os.environ.get("LAYOUT_CACHE_DIR"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newspaper-layout"


def cached(kind: str, key: object, compute: Callable[[], T], shape: Any) -> T:
    """The value for `key` (plain data and dataclasses), computed once and then read back;
    `shape` is the value's type (a dataclass, tuple[...], frozenset[...], ...)."""
    digest = hashlib.sha256(_canonical((__version__, kind, key)).encode()).hexdigest()
    if digest in _memory:
        return _memory[digest]  # type: ignore[return-value]
    path = cache_folder() / kind / f"{digest}.json"
    value = _read(path, digest, shape)
    if value is None:
        value = compute()
        with contextlib.suppress(OSError):  # a read-only disk only costs the next run time
            atomic_write(path, _entry(digest, value))
    _memory[digest] = value
    return value


def _canonical(value: object) -> str:
    """One text for one value, whatever the process: the key's hash must not vary."""
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _plain(value: object) -> object:
    """`value` as JSON data: dataclasses as objects, sets sorted, paths as text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value)
    return value


def _entry(digest: str, value: object) -> bytes:
    content = _canonical(value)
    return json.dumps({"format": FORMAT, "key": digest, "value": json.loads(content),
                       "sha256": hashlib.sha256(content.encode()).hexdigest()},
                      ensure_ascii=False).encode()


def _read(path: Path, digest: str, shape: Any) -> Any:
    try:
        entry = json.loads(path.read_bytes())
        if entry["format"] != FORMAT or entry["key"] != digest:
            return None
        content = _canonical(entry["value"])
        if hashlib.sha256(content.encode()).hexdigest() != entry["sha256"]:
            return None
        return _rebuilt(entry["value"], shape)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _rebuilt(data: Any, shape: Any) -> Any:
    """`data` read from JSON as a value of type `shape`; TypeError when it does not fit."""
    origin, args = typing.get_origin(shape), typing.get_args(shape)
    if isinstance(shape, type) and dataclasses.is_dataclass(shape):
        hints = typing.get_type_hints(shape)
        if not isinstance(data, dict) or set(data) != {f.name for f in dataclasses.fields(shape)}:
            raise TypeError(f"not a {shape.__name__}")
        return shape(**{name: _rebuilt(value, hints[name]) for name, value in data.items()})
    if origin in (typing.Union, types.UnionType):
        return _first_that_fits(data, args)
    if origin is typing.Literal:
        if data not in args:
            raise TypeError(f"{data!r} is none of {args}")
        return data
    if origin in (tuple, frozenset, list):
        if not isinstance(data, list):
            raise TypeError("not a sequence")
        items = args[:1] if origin is not tuple or args[-1:] == (Ellipsis,) else args
        if origin is tuple and args[-1:] != (Ellipsis,):
            if len(data) != len(args):
                raise TypeError("wrong length")
            return tuple(_rebuilt(v, t) for v, t in zip(data, args, strict=True))
        return origin(_rebuilt(v, items[0]) for v in data)
    if shape is Path:
        return Path(_scalar(data, str))
    if shape in (str, int, float, bool):
        return _scalar(data, shape)
    if shape is type(None):
        if data is not None:
            raise TypeError("not null")
        return None
    raise TypeError(f"cannot read {shape!r} from the cache")


def _first_that_fits(data: Any, shapes: tuple[Any, ...]) -> Any:
    for shape in shapes:
        with contextlib.suppress(TypeError):
            return _rebuilt(data, shape)
    raise TypeError(f"{data!r} fits none of {shapes}")


def _scalar(data: Any, kind: type) -> Any:
    if kind is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)
    if type(data) is not kind:
        raise TypeError(f"{data!r} is not a {kind.__name__}")
    return data
