"""The typesetting stage: an article's source lines become the text that is set.

Today it rejoins lines that a hard-wrapped source broke (no space between Chinese
characters, one space between Latin words). Chinese typesetting rules belong here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from layout.model import Article, BlockKind


@dataclass(frozen=True)
class TypesetBlock:
    kind: BlockKind
    text: str


@dataclass(frozen=True)
class TypesetArticle:
    article: Article
    blocks: tuple[TypesetBlock, ...]


def typeset_article(article: Article) -> TypesetArticle:
    blocks = tuple(TypesetBlock(b.kind, join_lines(b.lines)) for b in article.blocks)
    return TypesetArticle(article, blocks)


def join_lines(lines: tuple[str, ...]) -> str:
    text = lines[0]
    for line in lines[1:]:
        text += ("" if _is_wide(text[-1]) or _is_wide(line[0]) else " ") + line
    return text


def _is_wide(char: str) -> bool:
    """Han characters, kana, full-width punctuation: scripts written without spaces."""
    return unicodedata.east_asian_width(char) in ("W", "F")
