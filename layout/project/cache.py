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
import functools
import hashlib
import json
import os
import threading
import types
import typing
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from layout import __version__
from layout.project.files import atomic_write

T = TypeVar("T")
FORMAT = 1
# Values used lately, most recent last: (cache folder, key's hash) -> value. Bounded, as a
# desk open all day and an archive worker building issue after issue compose without end;
# a large issue's compositions fit (some 170 KB each in memory).
MEMORY_ENTRIES = 512
_memory: dict[tuple[Path, str], object] = {}
_memory_lock = threading.Lock()
_held: ContextVar[list[Callable[[], None]] | None] = ContextVar("held", default=None)


def cache_folder() -> Path:
    """Where builds keep what they made (LAYOUT_CACHE_DIR, else the user's cache)."""
    if folder := os.environ.get("LAYOUT_CACHE_DIR"):
        return Path(folder)
    return user_cache_folder()


def user_cache_folder() -> Path:
    """The user's cache, whatever LAYOUT_CACHE_DIR says: for what belongs to the
    installation rather than to any build (the word index of typeset/words.py)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newspaper-layout"


def cached(kind: str, key: object, compute: Callable[[], T], shape: Any) -> T:
    """The value for `key` (plain data and dataclasses), computed once and then read back;
    `shape` is the value's type (a dataclass, tuple[...], frozenset[...], ...)."""
    value = lookup(kind, key, shape)
    if value is None:
        value = compute()
        store(kind, key, value)
    return value


def lookup(kind: str, key: object, shape: Any) -> Any:
    """The value kept for `key`, or None."""
    digest, folder = _digest(kind, key), cache_folder()
    with _memory_lock:
        value = _memory.pop((folder, digest), None)
        if value is not None:
            _memory[folder, digest] = value     # now the latest used
            return value
    value = _read(folder / kind / f"{digest}.json", digest, shape)
    if value is not None:
        _remember((folder, digest), value)
    return value


def store(kind: str, key: object, value: object) -> None:
    digest, folder = _digest(kind, key), cache_folder()
    _remember((folder, digest), value)
    _write(folder / kind / f"{digest}.json", lambda: _entry(digest, value))


def _remember(entry: tuple[Path, str], value: object) -> None:
    """Keep `value` in memory as the latest used, forgetting the least lately used."""
    with _memory_lock:
        _memory.pop(entry, None)
        _memory[entry] = value
        while len(_memory) > MEMORY_ENTRIES:
            del _memory[next(iter(_memory))]


@contextlib.contextmanager
def writes_held(held: list[Callable[[], None]] | None) -> Iterator[None]:
    """Within the block (in this thread or task), entries are kept in memory at once but
    written to disk only by `write_held(held)`: for the desk, which writes them once the
    editor has the page. With None, they are written at once, as outside it."""
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)


def write_held(held: list[Callable[[], None]]) -> None:
    """Write the entries `writes_held` kept back, in order."""
    writes, held[:] = held[:], []
    for write in writes:
        write()


@contextlib.contextmanager
def written_meanwhile(held: list[Callable[[], None]]) -> Iterator[None]:
    """Write the entries `writes_held` kept back in another thread while the block runs
    (a build's page workers lay out pages meanwhile); done when the block ends."""
    writer = threading.Thread(target=write_held, args=(held,), name="cache writes")
    writer.start()
    try:
        yield
    finally:
        writer.join()


def _write(path: Path, data: Callable[[], bytes]) -> None:
    def write() -> None:
        with contextlib.suppress(OSError):  # a read-only disk only costs the next run time
            atomic_write(path, data(), durable=False)   # entries carry their own hash

    held = _held.get()
    if held is None:
        write()
    else:
        held.append(write)


def cached_bytes(kind: str, key: object, compute: Callable[[], bytes]) -> bytes:
    """Bytes (a page's PDF, a picture) for `key`, computed once and then read back."""
    data = kept_bytes(kind, key)
    if data is None:
        data = compute()
        keep_bytes(kind, key, data)
    return data


def kept_bytes(kind: str, key: object) -> bytes | None:
    """The bytes kept for `key`, or None. The file is named by the hash of its key and
    ends with the hash of its content: a damaged or truncated one counts as none."""
    with contextlib.suppress(OSError):
        stored = _bytes_path(kind, key).read_bytes()
        data, check = stored[:-32], stored[-32:]
        if len(stored) > 32 and hashlib.sha256(data).digest() == check:
            return data
    return None


def keep_bytes(kind: str, key: object, data: bytes) -> None:
    if data:
        _write(_bytes_path(kind, key), lambda: data + hashlib.sha256(data).digest())


def _bytes_path(kind: str, key: object) -> Path:
    return cache_folder() / kind / f"{_digest(kind, key)}.bin"


def _digest(kind: str, key: object) -> str:
    """The hash naming `key`'s entry. Hashing a key (an article with all its text) costs
    more than setting it again from memory: keys that Python can hash are remembered. Keys
    equal to Python are taken as one (1 and 1.0 set alike)."""
    try:
        return _remembered_digest(kind, key)
    except TypeError:   # a key holding a list or a dict
        return _sha256_of(kind, key)


@functools.lru_cache(maxsize=8192)
def _remembered_digest(kind: str, key: object) -> str:
    return _sha256_of(kind, key)


def _sha256_of(kind: str, key: object) -> str:
    return hashlib.sha256(_canonical((__version__, kind, key)).encode()).hexdigest()


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
    """The entry's JSON, its value written once, as the canonical text its hash is of."""
    content = _canonical(value).encode()
    head = json.dumps({"format": FORMAT, "key": digest,
                       "sha256": hashlib.sha256(content).hexdigest()})
    return head[:-1].encode() + b', "value": ' + content + b"}"


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
    return _reader(shape)(data)


Reader = Callable[[Any], Any]


@functools.cache
def _reader(shape: Any) -> Reader:
    """A function that reads JSON data as a value of type `shape`, made once per type: the
    type's structure is looked at here, not for every value read."""
    origin, args = typing.get_origin(shape), typing.get_args(shape)
    if isinstance(shape, type) and dataclasses.is_dataclass(shape):
        return _dataclass_reader(shape)
    if origin in (typing.Union, types.UnionType):
        return _union_reader(args)
    if origin is typing.Literal:
        return _literal_reader(args)
    if origin in (tuple, frozenset, list):
        return _sequence_reader(origin, args)
    if shape is Path:
        return lambda data: Path(_scalar(data, str))
    if shape in (str, int, float, bool):
        return lambda data: _scalar(data, shape)
    if shape is type(None):
        return _none
    raise TypeError(f"cannot read {shape!r} from the cache")


def _dataclass_reader(shape: type) -> Reader:
    hints = typing.get_type_hints(shape)
    names = frozenset(f.name for f in dataclasses.fields(shape))
    readers: dict[str, Reader] = {}

    def read(data: Any) -> Any:
        if not isinstance(data, dict) or data.keys() != names:
            raise TypeError(f"not a {shape.__name__}")
        if not readers:  # filled on first use: a dataclass may hold its own kind
            readers.update({name: _reader(hints[name]) for name in names})
        return shape(**{name: readers[name](value) for name, value in data.items()})
    return read


def _union_reader(shapes: tuple[Any, ...]) -> Reader:
    def read(data: Any) -> Any:
        for shape in shapes:
            with contextlib.suppress(TypeError):
                return _reader(shape)(data)
        raise TypeError(f"{data!r} fits none of {shapes}")
    return read


def _literal_reader(values: tuple[Any, ...]) -> Reader:
    def read(data: Any) -> Any:
        if data not in values:
            raise TypeError(f"{data!r} is none of {values}")
        return data
    return read


def _sequence_reader(origin: Any, args: tuple[Any, ...]) -> Reader:
    if origin is tuple and args[-1:] != (Ellipsis,):
        def read_fixed(data: Any) -> Any:
            if not isinstance(data, list) or len(data) != len(args):
                raise TypeError("not a sequence of the right length")
            return tuple(_reader(t)(v) for v, t in zip(data, args, strict=True))
        return read_fixed

    def read(data: Any) -> Any:
        if not isinstance(data, list):
            raise TypeError("not a sequence")
        item = _reader(args[0])
        return origin(item(v) for v in data)
    return read


def _none(data: Any) -> None:
    if data is not None:
        raise TypeError("not null")
    return None


def _scalar(data: Any, kind: type) -> Any:
    if kind is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)
    if type(data) is not kind:
        raise TypeError(f"{data!r} is not a {kind.__name__}")
    return data
