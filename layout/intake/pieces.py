"""What a reader makes of an input file: its text in pieces, each knowing where it stood.

A piece is one line of a text file, or one line of a Word paragraph (a paragraph split at
its line breaks), or a picture. The guesses work on pieces alone, whatever the input was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from layout.i18n import _

# What a Word paragraph style says a piece is; "" for a text file or a plain paragraph;
# "row" for a row of a table, which stays a paragraph of its own.
Style = Literal["", "title", "subtitle", "heading", "caption", "row"]


@dataclass(frozen=True)
class Place:
    """Where a piece stood: a line of a text file or a paragraph of a Word file, from 1."""

    unit: Literal["line", "paragraph"]
    number: int

    def __str__(self) -> str:
        if self.unit == "line":
            return _("line {number}").format(number=self.number)
        return _("paragraph {number}").format(number=self.number)


@dataclass(frozen=True)
class Picture:
    """An image embedded in the input, as its bytes and the file suffix its format has."""

    data: bytes
    suffix: str


@dataclass(frozen=True)
class Piece:
    """A line of text, or a picture (then `text` is empty)."""

    text: str
    place: Place
    style: Style = ""
    all_bold: bool = False
    centred: bool = False
    picture: Picture | None = None


@dataclass(frozen=True)
class Copy:
    """An input file read: its pieces in order, the encoding of a text file, and what
    reading it had to decide (`notes`, sentences for the editor)."""

    source: Path
    pieces: tuple[Piece, ...]
    encoding: str | None = None
    notes: tuple[str, ...] = ()


def quoted(text: str, most: int = 24) -> str:
    """`text` cut to `most` characters for a message, with … where it was cut."""
    return text if len(text) <= most else text[:most - 1] + "…"


def visible_length(text: str) -> int:
    """Characters of `text` that are not white space."""
    return sum(not c.isspace() for c in text)
