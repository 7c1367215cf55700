"""Where a headline may break: between words, as a Chinese word segmenter finds them.

Body text breaks between any two Han characters, but a headline, kicker, crosshead or
byline broken inside a word (改/造, 丰/收) reads as a mistake. jieba, with its own
dictionary (its version is pinned: the breaks it finds are part of the output), cuts the
text into words; a break is allowed only between them. The editor's typed spaces are
preferred over these by the breaker.

jieba loads its whole dictionary, half a million words, before cutting anything: 0.4 to
0.7 s of every process that sets a headline, for the few hundred words a page's headlines
look up. So the dictionary, as jieba reads it (every word and prefix with its count), is
indexed once per installation into an SQLite file beside the user's cache, and jieba is
given the words from there as it asks for them: the same words and counts, the same cuts.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from layout.project.cache import cache_folder, cached, user_cache_folder
from layout.project.files import atomic_write


def word_starts(text: str) -> frozenset[int]:
    """Offsets in `text` where a word begins (0 excluded, len(text) included)."""
    return cached("words", text, lambda: _segment(text), frozenset[int])


def _segment(text: str) -> frozenset[int]:
    starts, offset = {len(text)}, 0
    for word in _tokenizer().cut(text):
        if offset:
            starts.add(offset)
        offset += len(word)
    return frozenset(starts)


@lru_cache(maxsize=1)
def _tokenizer():  # jieba has no type hints
    import jieba  # imported here: only headlines need it

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    index = _dictionary_index(tokenizer)
    if index is None:   # no index can be written: jieba loads its dictionary as it does
        folder = cache_folder() / "jieba"
        folder.mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(folder)
        return tokenizer
    tokenizer.FREQ = index
    tokenizer.total = index.total
    tokenizer.initialized = True
    return tokenizer


class IndexedWords(Mapping[str, int]):
    """jieba's word counts, each read from the index when jieba looks it up."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._connections: dict[int, sqlite3.Connection] = {}   # by process: not across fork
        self.total = self._number("SELECT total FROM dictionary")

    def __getitem__(self, word: str) -> int:
        row = self._query("SELECT count FROM words WHERE word = ?", (word,))
        if row is None:
            raise KeyError(word)
        return int(row[0])

    def __iter__(self) -> Iterator[str]:
        return iter([row[0] for row in self._connection().execute("SELECT word FROM words")])

    def __len__(self) -> int:
        return self._number("SELECT count(*) FROM words")

    def _number(self, sql: str) -> int:
        row = self._query(sql)
        assert row is not None   # an aggregate, or the one row of `dictionary`
        return int(row[0])

    def _query(self, sql: str, parameters: tuple = ()) -> tuple | None:
        with self._lock:
            row: tuple | None = self._connection().execute(sql, parameters).fetchone()
            return row

    def _connection(self) -> sqlite3.Connection:
        pid = os.getpid()
        if pid not in self._connections:
            self._connections[pid] = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True,
                                                     check_same_thread=False)
        return self._connections[pid]


def _dictionary_index(tokenizer) -> IndexedWords | None:
    """The index of jieba's dictionary for this jieba, made the first time; None if it
    cannot be written (a read-only home)."""
    with tokenizer.get_dict_file() as file:
        dictionary = file.read()
    digest = hashlib.sha256(dictionary).hexdigest()[:16]
    path = user_cache_folder() / f"jieba-{metadata.version('jieba')}-{digest}.sqlite"
    if not path.is_file():
        try:
            atomic_write(path, _index_bytes(tokenizer, dictionary))
        except OSError:
            return None
    return IndexedWords(path)


def _index_bytes(tokenizer, dictionary: bytes) -> bytes:
    """An SQLite database of every word and prefix jieba's dictionary gives, with its
    count, and the total count, as jieba's own loading makes them."""
    counts, total = tokenizer.gen_pfdict(io.BytesIO(dictionary))
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE words (word TEXT PRIMARY KEY, count INTEGER) WITHOUT ROWID")
    database.execute("CREATE TABLE dictionary (total INTEGER)")
    database.executemany("INSERT INTO words VALUES (?, ?)", counts.items())
    database.execute("INSERT INTO dictionary VALUES (?)", (total,))
    database.commit()
    data = database.serialize()
    database.close()
    return data
