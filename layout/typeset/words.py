"""Where a headline may break: between words, as a Chinese word segmenter finds them.

Body text breaks between any two Han characters, but a headline, kicker, crosshead or
byline broken inside a word (改/造, 丰/收) reads as a mistake. jieba, with its own
dictionary (its version is pinned: the breaks it finds are part of the output), cuts the
text into words; a break is allowed only between them. The editor's typed spaces are
preferred over these by the breaker.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from layout.project.cache import cache_folder, cached


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
    import jieba  # imported here: loading its dictionary takes a while

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    folder = cache_folder() / "jieba"
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.tmp_dir = str(folder)
    return tokenizer
