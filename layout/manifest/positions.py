"""Where each character of a front matter value stands in the article file.

A normalisation change is reported at the line and column of the file where the editor
finds it. In front matter the value read is not always the text written: YAML quotes
(`"他说\\"好\\""`, `'巡察''整改'`) and block scalars (`subtitle: >-` with the text on the
lines below) stand between them. Each value is mapped back character by character and the
mapping checked by rebuilding the value from the file; a value that cannot be mapped is
placed at the start of its key's value.
"""

from __future__ import annotations

import re

Position = tuple[int, int]   # (line, column), 1-based

_KEY = re.compile(r"^(\w+)\s*:[ \t]*")
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
            "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}


def value_positions(lines: list[str],
                    values: dict[str, object]) -> dict[str, tuple[Position, ...]]:
    """For each front matter field whose value is text, the position of each of its
    characters; `lines` are the file's lines (split at \\n only), the front matter from
    line 2 to the closing ---."""
    found: dict[str, tuple[Position, ...]] = {}
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            break
        match = _KEY.match(line)
        if not match or not isinstance(values.get(match.group(1)), str):
            continue
        value = str(values[match.group(1)])
        start = (index + 1, match.end() + 1)
        mapped = _mapped(line[match.end():], start, lines[index + 1:])
        # A mapping with one place per character of the value read is kept.
        found[match.group(1)] = mapped if mapped and len(mapped) == len(value) \
            else (start,) * len(value)
    return found


def _mapped(rest: str, start: Position, following: list[str]) -> tuple[Position, ...] | None:
    line, column = start
    written = rest.split(" #")[0].rstrip()
    if written[:1] == '"':
        return _double_quoted(written, line, column)
    if written[:1] == "'":
        return _single_quoted(written, line, column)
    if written[:1] in ("|", ">"):
        return _block(following, line + 1, folded=written[0] == ">")
    return tuple((line, column + i) for i in range(len(written)))


def _double_quoted(written: str, line: int, column: int) -> tuple[Position, ...] | None:
    positions, i = [], 1
    while i < len(written) and written[i] != '"':
        if written[i] == "\\" and i + 1 < len(written):
            code = written[i + 1]
            width = 2 + _HEX.get(code, 0)
            if code not in _ESCAPES and code not in _HEX:
                return None
            positions.append((line, column + i))
            i += width
            continue
        positions.append((line, column + i))
        i += 1
    return tuple(positions) if i < len(written) else None


def _single_quoted(written: str, line: int, column: int) -> tuple[Position, ...] | None:
    positions, i = [], 1
    while i < len(written):
        if written[i] == "'":
            if written[i + 1:i + 2] == "'":
                positions.append((line, column + i))
                i += 2
                continue
            return tuple(positions)
        positions.append((line, column + i))
        i += 1
    return None


def _block(following: list[str], first: int, folded: bool) -> tuple[Position, ...] | None:
    """A `|` or `>` block scalar: its indented lines, one joiner between two of them."""
    positions: list[Position] = []
    indent = None
    for offset, text in enumerate(following):
        if text.strip() == "---" or (text.strip() and not text[:1].isspace()):
            break
        if not text.strip():
            continue
        indent = indent if indent is not None else len(text) - len(text.lstrip())
        if positions:
            positions.append(positions[-1])   # the newline or space between two lines
        number = first + offset
        positions += [(number, indent + 1 + i) for i in range(len(text.rstrip()) - indent)]
    return tuple(positions) if positions else None
