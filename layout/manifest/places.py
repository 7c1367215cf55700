"""Saying where a problem is the way an editor looks for it.

A validation error arrives as a key path, `pages[0].articles[2].place.top`. The editor
reads `第1版 第3篇`, 1-based, and the line of issue.toml to look at: this module finds the
line of a key in a TOML file (tables, arrays of tables and inline tables, as the
manifests are written) and turns a key path into a page and article.
"""

from __future__ import annotations

import re
from pathlib import Path

from layout.i18n import _

_INDEX = re.compile(r"pages\[(\d+)\](?:\.articles\[(\d+)\])?")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([\w.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([\w\-]+(?:\s*\.\s*[\w\-]+)*)\s*=")


def human_key(key: str) -> tuple[str, str]:
    """('第1版 第3篇', 'place.top') from 'pages[0].articles[2].place.top'; ('', key) for a
    key outside the pages."""
    match = _INDEX.match(key)
    if not match:
        return "", key
    page, article = match.groups()
    place = _("page {page}").format(page=int(page) + 1) if article is None else \
        _("page {page}, article {article}").format(page=int(page) + 1, article=int(article) + 1)
    return place, key[match.end():].lstrip(".")


def humanised(text: str) -> str:
    """Every key path in a message written as a page and article."""
    return _INDEX.sub(lambda m: human_key(m.group(0))[0], text)


def line_in_file(path: Path, key: str) -> int | None:
    """The 1-based line of `key` in a manifest (TOML) or an article's front matter."""
    if path.suffix == ".toml":
        return toml_line(path, key)
    if key.startswith("front matter"):
        return front_matter_line(path, key.removeprefix("front matter").lstrip("."))
    return None


def front_matter_line(path: Path, field: str) -> int | None:
    """The line of `field:` in the article's front matter, or of its opening ---."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    name = field.split(".")[0]
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        if name and re.match(rf"^{re.escape(name)}\s*:", line):
            return number
    return 1 if lines and lines[0].strip() == "---" else None


def toml_line(path: Path, key: str) -> int | None:
    """The 1-based line of `path` where `key` (or the nearest part of it) is written."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return line_of(text, _parts(key))


def _parts(key: str) -> list[str | int]:
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", key):
        parts.append(int(index) if index else name)
    return parts


def line_of(text: str, wanted: list[str | int]) -> int | None:
    """The line defining the longest leading part of `wanted` found in the TOML `text`."""
    table: list[str | int] = []
    counts: dict[tuple[str | int, ...], int] = {}
    best: tuple[int, int] | None = None   # (parts matched, line)
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _table_path(header, table, counts)
            best = _better(best, table, wanted, number)
        elif key := _KEY.match(line):
            names = [part.strip() for part in key.group(1).split(".")]
            best = _better(best, [*table, *names], wanted, number)
    return best[1] if best else None


def _table_path(header: re.Match[str], current: list[str | int],
                counts: dict[tuple[str | int, ...], int]) -> list[str | int]:
    """The full path of a [table] or [[array.of.tables]] header, arrays indexed."""
    names = [part.strip().strip("\"'") for part in header.group(2).split(".")]
    path: list[str | int] = []
    for depth, name in enumerate(names):
        path.append(name)
        inherited = _index_in(current, path)
        last = depth == len(names) - 1
        if last and header.group(1) == "[[":
            counts[tuple(path)] = counts.get(tuple(path), -1) + 1
            path.append(counts[tuple(path)])
        elif inherited is not None:
            path.append(inherited)
    return path


def _index_in(current: list[str | int], prefix: list[str | int]) -> int | None:
    """The array index that follows the names of `prefix` in the current table path."""
    wanted = [p for p in prefix if isinstance(p, str)]
    if [p for p in current if isinstance(p, str)][:len(wanted)] != wanted:
        return None
    seen = 0
    for k, part in enumerate(current):
        if isinstance(part, str):
            seen += 1
            if seen == len(wanted):
                following = current[k + 1] if k + 1 < len(current) else None
                return following if isinstance(following, int) else None
    return None


def _better(best: tuple[int, int] | None, path: list[str | int], wanted: list[str | int],
            line: int) -> tuple[int, int] | None:
    matched = 0
    for have, want in zip(path, wanted, strict=False):
        if have != want:
            break
        matched += 1
    if matched < len(path) or matched == 0:
        return best   # a line for another key, or a table that is not on the way
    return (matched, line) if best is None or matched > best[0] else best
