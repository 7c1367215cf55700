"""Editing issue.toml as its editor wrote it: the desk's changes written back in place.

The desk moves and resizes modules and photos, and places and removes articles; each
change goes into issue.toml at once, and the file stays the editor's: comments, blank
lines, key order, alignment and line endings are kept, and only the lines of the change
differ. Values are changed with tomlkit, which keeps everything around them. A module is
added or removed as whole lines, found by its table header (tomlkit says which lines are
headers); the comment lines written directly above a header describe that module and go
with it. Every result is read back with tomllib and compared with the data the change
should give: a file written in a way an edit cannot keep exactly is refused, never
written wrong. Each function takes the text of the file and returns the new text.
"""

from __future__ import annotations

import re
import tomllib
import uuid
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from pydantic import ValidationError
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, InlineTable, Item, Table

from layout.errors import LayoutError
from layout.i18n import _, ngettext
from layout.manifest.messages import problems_from
from layout.manifest.places import human_key
from layout.manifest.schema import ArticleSlot, PhotoSlot
from layout.manifest.toml_syntax import TomlSyntaxError, parsed_toml

PLACE_LEAST = {"column": 1, "span": 1, "top": 0, "lines": 1}   # a place's fields, in order
PHOTO_LEAST_LINES = 2
MODULE_KEYS = tuple(ArticleSlot.model_fields)   # a module's keys, in the order to write them
PHOTO_KEYS = tuple(PhotoSlot.model_fields)
# The keys of a module whose values are numbers, which module_values_set sets
NUMBERS = ("head_lines", "title_size", "columns", "priority", "min_span", "max_span",
           "min_lines")
BOM = "\ufeff"

TablePath = tuple[str | int, ...]   # a table's path in the data: ("pages", 1, "articles", 0)


class EditRefused(LayoutError):
    """An edit that names no module of the file, or would leave it invalid or changed
    beyond the edit: the file is left as it was."""


@dataclass(frozen=True)
class _Module:
    page: int
    article: int

    @property
    def key(self) -> str:
        return f"pages[{self.page}].articles[{self.article}]"

    @property
    def where(self) -> str:
        """'page 1, article 3', as the editor counts (第1版 第3篇)."""
        return human_key(self.key)[0]

    @property
    def path(self) -> TablePath:
        return ("pages", self.page, "articles", self.article)


# ---------------------------------------------------------------------- the edits


def placed(text: str, key: str, place: Mapping[str, int]) -> str:
    """The module `key` moved or resized to `place` (column, span, top, lines): its place
    rewritten where and as it is written (an inline table or a [place] table); a module
    without a place yet (left to `layout arrange`) gets a `place = { ... }` line after its
    `source`."""
    bom, text = _without_bom(text)
    data = _data(text)
    module = _module(data, key)
    new = _checked_place(place, module)
    slot = _slot(data, module)
    if "place" in slot:
        doc = _document(text)
        _set_place(_slot_item(doc, module), new)
        result = doc.as_string()
    else:
        result = _values_written(text, module.path, {"place": new}, MODULE_KEYS)
    if isinstance(slot.get("place"), dict):
        slot["place"].update(new)
    else:
        slot["place"] = new
    return bom + _same_data(result, data)


def module_values_set(text: str, key: str, values: Mapping[str, int | float | None]) -> str:
    """The module `key` with each of `values`, numbers of the module (NUMBERS: head_lines,
    title_size, ...), set where it is written; one the module lacks is written on a line
    of its own after the key it follows (source, place, head_lines, title_size, ...).
    None takes the key out."""
    bom, text = _without_bom(text)
    data = _data(text)
    module = _module(data, key)
    slot = _slot(data, module)
    checked = _checked_numbers(values, slot, module)
    result = _values_written(text, module.path, checked, MODULE_KEYS)
    for name, value in checked.items():
        if value is None:
            slot.pop(name, None)
        else:
            slot[name] = value
    return bom + _same_data(result, data)


def photo_resized(text: str, key: str, lines: int, span: int | None) -> str:
    """The photo of module `key` made `lines` high over `span` columns; span None: the
    photo spans the module, so its `span` key goes. A photo without `lines` yet (left to
    `layout arrange`) gets them after its `source`."""
    bom, text = _without_bom(text)
    data = _data(text)
    module = _module(data, key)
    photo = _slot(data, module).get("photo")
    if not isinstance(photo, dict):
        raise EditRefused(_("{where} has no photo to resize").format(where=module.where))
    _check_whole(lines, PHOTO_LEAST_LINES, "photo.lines", module)
    if span is not None:
        _check_whole(span, 1, "photo.span", module)
    result = _photo_written(text, module, lines, span)
    photo["lines"] = lines
    if span is None:
        photo.pop("span", None)
    else:
        photo["span"] = span
    return bom + _same_data(result, data)


def article_added(text: str, page_index: int, source: str, place: Mapping[str, int],
                  head_lines: int = 3, more: Mapping[str, bool | float] | None = None
                  ) -> tuple[str, str]:
    """A new module for the article file `source` at the end of page `page_index`'s
    articles (before the next page's comments and header), with the values `more`
    (title_size, continues) after its own; the new text and its key."""
    bom, text = _without_bom(text)
    data = _data(text)
    articles = _page(data, page_index).setdefault("articles", [])
    if not isinstance(articles, list):
        raise _cannot_keep()
    module = _Module(page_index, len(articles))
    slot = {"source": _checked_source(source, module), "place": _checked_place(place, module),
            "head_lines": _check_whole(head_lines, 0, "head_lines", module), **(more or {})}
    lines, headers = _lines(text), _headers(text)
    # after the page's last article with its photo, or after the page's own keys
    anchor = (*module.path[:-1], module.article - 1) if module.article else module.path[:2]
    at = _block(lines, *_span(headers, anchor, len(lines)))[1]
    new = _article_lines(slot, _indent(lines[headers[anchor]]))
    articles.append(slot)
    return bom + _same_data(_inserted(lines, at, new, _eol(text)), data), module.key


def article_removed(text: str, key: str) -> str:
    """The module `key` taken off its page: its table, sub-tables (photo) and the comment
    lines directly above it. A page keeps at least one article."""
    bom, text = _without_bom(text)
    data = _data(text)
    module = _module(data, key)
    articles = _page(data, module.page)["articles"]
    if len(articles) == 1:
        raise EditRefused(_(
            "{where} is the only article on page {page}: a page needs at least one, so it "
            "stays. Place another article on the page first").format(
                where=module.where, page=module.page + 1))
    lines = _lines(text)
    first, end = _block(lines, *_span(_headers(text), module.path, len(lines)))
    if end == len(lines) or not lines[end].strip():
        first = _after_blank_lines(lines, first)   # those below set the next one apart
    del articles[module.article]
    return bom + _same_data("".join(lines[:first] + lines[end:]), data)


# ---------------------------------------------------------------------- what is asked


def _module(data: dict, key: str) -> _Module:
    """The module `key` names, refused unless the file has it."""
    match = re.fullmatch(r"pages\[(\d+)\]\.articles\[(\d+)\]", key)
    if not match:
        raise EditRefused(_("{key!r} names no article module: they are named like "
                            "pages[0].articles[2]").format(key=key))
    module = _Module(int(match.group(1)), int(match.group(2)))
    articles = _page(data, module.page).get("articles")
    if _table_at(articles, module.article) is None:
        count = len(articles) if isinstance(articles, list) else 0
        raise EditRefused(ngettext("there is no {where}: page {page} has {count} article",
                                   "there is no {where}: page {page} has {count} articles",
                                   count).format(where=module.where, page=module.page + 1,
                                                 count=count))
    return module


def _page(data: dict, index: int) -> dict:
    pages = data.get("pages")
    page = _table_at(pages, index)
    if page is None:
        count = len(pages) if isinstance(pages, list) else 0
        raise EditRefused(ngettext("there is no page {page}: issue.toml has {count} page",
                                   "there is no page {page}: issue.toml has {count} pages",
                                   count).format(page=index + 1, count=count))
    return page


def _table_at(array: object, index: int) -> dict | None:
    """The table at `index` of an array of tables, if the file has one there."""
    if isinstance(array, list) and 0 <= index < len(array) \
            and isinstance(array[index], dict):
        return array[index]
    return None


def _slot(data: dict, module: _Module) -> dict:
    return data["pages"][module.page]["articles"][module.article]


def _checked_place(place: Mapping[str, int], module: _Module) -> dict[str, int]:
    """The place in the file's order of fields, each a whole number on the grid."""
    if set(place) != set(PLACE_LEAST):
        raise EditRefused(_("{where}: a place is given by column, span, top and lines; "
                            "found {names}").format(where=module.where,
                                                    names=", ".join(map(str, place))))
    return {name: _check_whole(place[name], least, f"place.{name}", module)
            for name, least in PLACE_LEAST.items()}


def _checked_numbers(values: Mapping[str, int | float | None], slot: dict,
                     module: _Module) -> dict[str, int | float | None]:
    """`values`, once each names a number of the module and is one it may have (as the
    schema says; min_span and max_span together, with the file's other one)."""
    unknown = [str(name) for name in values if name not in NUMBERS]
    if unknown:
        raise EditRefused(_("{where}: {names} cannot be set this way; it sets a module's "
                            "numbers: {known}").format(where=module.where,
                                                       names=", ".join(unknown),
                                                       known=", ".join(NUMBERS)))
    given = {name: value for name, value in values.items() if value is not None}
    other = {name: slot[name] for name in ("min_span", "max_span")
             if name not in values and isinstance(slot.get(name), int)
             and not isinstance(slot.get(name), bool) and slot[name] >= 1}
    try:
        ArticleSlot.model_validate({"source": "-"} | other | given)
    except ValidationError as error:
        problem = problems_from(error, Path("issue.toml"), schema=ArticleSlot)[0]
        raise EditRefused(_("{where}: {field} {message}").format(
            where=module.where, field=problem.key, message=problem.message)) from None
    return dict(values)


def _check_whole(value: object, least: int, field: str, module: _Module) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise EditRefused(_("{where}: {field} must be a whole number, {least} or more; found "
                            "{value!r}").format(where=module.where, field=field, least=least,
                                                value=value))
    return value


def _checked_source(source: str, module: _Module) -> str:
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        source = ""
    if not source:
        raise EditRefused(_("{where}: the article's file name is empty or not text").format(
            where=module.where))
    return source


# ---------------------------------------------------------------------- reading the text


def _without_bom(text: str) -> tuple[str, str]:
    """A byte order mark (Windows Notepad writes one) kept aside, and the TOML after it."""
    return (BOM, text[1:]) if text.startswith(BOM) else ("", text)


def _data(text: str) -> dict:
    """The file's data as the loader reads it."""
    try:
        return parsed_toml(text)
    except TomlSyntaxError as error:
        raise EditRefused(_("issue.toml is not valid TOML ({reason}): nothing was changed. "
                            "Correct the file first").format(reason=error)) from None


def _document(text: str) -> tomlkit.TOMLDocument:
    """The file as tomlkit keeps it, refused unless it writes back to the same text."""
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError:
        raise _cannot_keep() from None
    if doc.as_string() != text:
        raise _cannot_keep()
    return doc


def _cannot_keep() -> EditRefused:
    return EditRefused(_("issue.toml is written in a way this change cannot keep exactly: "
                         "nothing was changed. Make the change in the file instead"))


def _same_data(result: str, expected: dict) -> str:
    """`result`, once it reads as exactly the data the edit should give."""
    try:
        if tomllib.loads(result) == expected:
            return result
    except tomllib.TOMLDecodeError:
        pass
    raise _cannot_keep()


def _slot_item(doc: tomlkit.TOMLDocument, module: _Module) -> Any:
    return _item_at(doc, module.path)


def _item_at(doc: tomlkit.TOMLDocument, path: TablePath) -> Any:
    item: Any = doc
    for part in path:
        item = item[part]
    return item


def _lines(text: str) -> list[str]:
    """The lines of `text`, each with its line ending (\\n or \\r\\n), split at \\n only:
    a string value may hold U+2028 or a form feed, which are no line breaks in TOML."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _eol(text: str) -> str:
    """The line ending most of the file is written with."""
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


# ---------------------------------------------------------------------- values in place


def _set_place(slot: Any, place: dict[str, int]) -> None:
    """Each field set where it is written (an inline table, a [place] table, dotted keys);
    a place that is no table is written anew."""
    current = slot.get("place")
    if isinstance(current, MutableMapping):
        for name, value in place.items():
            current[name] = value
    else:
        slot["place"] = _inline(place, spaced=True)


def _inline(values: Mapping[str, object], spaced: bool) -> InlineTable:
    """An inline table written as the sample writes them: `{ column = 5, span = 2 }`."""
    pad = " " if spaced else ""
    body = ", ".join(f"{tomlkit.key(name).as_string()} = {_value(value)}"
                     for name, value in values.items())
    return tomlkit.parse(f"x = {{{pad}{body}{pad}}}")["x"]


def _value(value: object) -> str:
    """A value as TOML text: a place as an inline table, text as a basic string with
    its escapes; an item already parsed keeps its own writing."""
    if isinstance(value, Item):
        return value.as_string().strip()
    if isinstance(value, Mapping):
        return _inline(value, spaced=True).as_string()
    if isinstance(value, str):
        return tomlkit.string(value).as_string()
    return tomlkit.item(value).as_string()


def _photo_written(text: str, module: _Module, lines: int, span: int | None) -> str:
    """The photo's lines and span set where they are written (span after lines, lines
    after source, where a person puts them)."""
    return _values_written(text, (*module.path, "photo"), {"lines": lines, "span": span},
                           PHOTO_KEYS)


def _values_written(text: str, path: TablePath, values: Mapping[str, object],
                    order: Sequence[str]) -> str:
    """The table at `path` with `values` set where they are written, None taking a key
    out. A key it lacks goes on a line of its own after the key it follows in `order`;
    an inline table that gains or loses a key is written anew (tomlkit would leave stray
    spaces where a key goes in or out)."""
    doc = _document(text)
    table = _item_at(doc, path)
    new = {name: value for name, value in values.items()
           if value is not None and name not in table}
    if isinstance(table, InlineTable) and (new or any(
            value is None and name in table for name, value in values.items())):
        _item_at(doc, path[:-1])[path[-1]] = _inline_with(table, values, order)
        return doc.as_string()
    for name, value in values.items():
        if value is None:
            table.pop(name, None)
        elif name in table:
            table[name] = _inline(value, spaced=True) if isinstance(value, Mapping) else value
    text = doc.as_string()
    for name in sorted(new, key=order.index):
        text = _line_added(text, path, name, new[name], order)
    return text


def _inline_with(table: InlineTable, values: Mapping[str, object],
                 order: Sequence[str]) -> InlineTable:
    """The inline table written anew with `values` set (a new key after the one it
    follows in `order`) and the keys given None left out; the rest as written."""
    written: dict[str, object] = {name.key: item for name, item in table.value.body
                                  if name is not None}
    for name, value in values.items():
        if value is None:
            written.pop(name, None)
        elif name in written:
            written[name] = value
    for name in sorted((n for n, v in values.items() if v is not None and n not in written),
                       key=order.index):
        items = list(written.items())
        at = max((i + 1 for i, (key, _item) in enumerate(items)
                  if key in order and order.index(key) < order.index(name)), default=0)
        written = dict([*items[:at], (name, values[name]), *items[at:]])
    return _inline(written, spaced=table.as_string().startswith("{ "))


def _line_added(text: str, path: TablePath, name: str, value: object,
                order: Sequence[str]) -> str:
    """`name = value` written on the line after the table's key that comes before it in
    `order` (written on a line of its own: a value or an inline table), with that line's
    indent and dotted prefix (`photo.`)."""
    table = _item_at(_document(text), path)
    before = [key for key in table if key in order and order.index(key) < order.index(name)
              and _on_its_line(_own_item(table, key))]
    if not before:
        raise _cannot_keep()
    lines = _lines(text)
    row = _line_of_value(text, path, before[-1])
    head = re.match(r"[ \t]*(?:[\w-]+[ \t]*\.[ \t]*)*", lines[row])
    prefix = head.group(0) if head else ""
    key = tomlkit.key(name).as_string()
    return _inserted(lines, row + 1, [f"{prefix}{key} = {_value(value)}"], _eol(text))


# ---------------------------------------------------------------------- whole tables


def _headers(text: str) -> dict[TablePath, int]:
    """The line (0-based) of each table header, by its table's path. tomlkit tells a
    header from a line that only looks like one (in a multi-line string, an array): each
    table is tagged with a comment on its header line and the tagged lines looked up."""
    doc = _document(text)
    tag = _unused_tag()
    tables = list(_tables(doc, ()))
    for number, (_path, table) in enumerate(tables):
        table.comment(f"{tag}{number}.")
    tagged = _lines(doc.as_string())
    found = {tables[int(number)][0]: row for row, line in enumerate(tagged)
             for number in re.findall(re.escape(tag) + r"(\d+)\.", line)}
    if len(tagged) != len(_lines(text)) or len(found) != len(tables):
        raise _cannot_keep()
    return found


def _line_of_value(text: str, table: TablePath, name: str) -> int:
    """The line where `name` of the table at `table` is written, found as headers are."""
    doc = _document(text)
    tag = _unused_tag()
    item = _own_item(_item_at(doc, table), name)
    if not isinstance(item, Item):
        raise _cannot_keep()
    item.comment(tag)
    for row, line in enumerate(_lines(doc.as_string())):
        if tag in line:
            return row
    raise _cannot_keep()


def _on_its_line(item: object) -> bool:
    """Whether `item` is a value written on a line of the table's own (not a sub-table)."""
    return isinstance(item, Item) and not isinstance(item, (Table, AoT))


def _own_item(table: Any, name: str) -> Any:
    """The item of `name` in `table` as written, or None: a table gives true and false as
    Python's own, a table of dotted keys (`photo.lines = 18`) its values as items."""
    container = getattr(table, "value", None)
    if isinstance(container, Container):
        return container.item(name) if name in container else None
    return table.get(name)


def _unused_tag() -> str:
    return f"edit-{uuid.uuid4().hex}-"   # 122 random bits: never in the file


def _tables(container: Container | Table, path: TablePath) -> Iterator[tuple[TablePath, Table]]:
    """Every table written with a header, with its path, in and under `container`."""
    for key, value in container.items():
        if isinstance(value, AoT):
            for index, table in enumerate(value):
                yield (*path, key, index), table
                yield from _tables(table, (*path, key, index))
        elif isinstance(value, Table):
            if not value.is_super_table():
                yield (*path, key), value
            yield from _tables(value, (*path, key))


def _span(headers: dict[TablePath, int], path: TablePath, count: int) -> tuple[int, int]:
    """(header line, end) of the table at `path` with its sub-tables: up to the next
    header of another table, or the end of the file."""
    if path not in headers:
        raise _cannot_keep()   # written inline, or as dotted keys: no lines of its own
    start = headers[path]
    after = [row for other, row in headers.items()
             if row > start and other[:len(path)] != path]
    return start, min(after, default=count)


def _block(lines: list[str], start: int, end: int) -> tuple[int, int]:
    """The lines [first, end) that are the table's own within its span [start, end): the
    comment lines directly above its header, and after its last value the comment lines
    directly below it, unless they run on to the next header (they describe that)."""
    first = start
    while first > 0 and _comment(lines[first - 1]):
        first -= 1
    last = end
    while last > start + 1 and (_comment(lines[last - 1]) or not lines[last - 1].strip()):
        last -= 1
    own = last
    while own < end and _comment(lines[own]):
        own += 1
    return first, (last if own == end < len(lines) else own)


def _after_blank_lines(lines: list[str], row: int) -> int:
    """The first of the blank lines right above `row`, or `row`."""
    while row > 0 and not lines[row - 1].strip():
        row -= 1
    return row


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _indent(line: str) -> str:
    return line[:len(line) - len(line.lstrip(" \t"))]


def _article_lines(slot: dict[str, Any], indent: str) -> list[str]:
    """A blank line, then the module as the sample writes one (indented as the table
    before it is)."""
    return ["", f"{indent}[[pages.articles]]",
            *(f"{indent}{name} = {_value(value)}" for name, value in slot.items())]


def _inserted(lines: list[str], at: int, new: list[str], ending: str) -> str:
    """`lines` with the lines `new` (without endings) put before line `at`; a last line
    without an ending keeps going without one."""
    before = lines[:at]
    if at == len(lines) and before and not before[-1].endswith("\n"):
        before[-1] += ending
        return "".join(before) + ending.join(new)
    return "".join(before) + "".join(line + ending for line in new) + "".join(lines[at:])
