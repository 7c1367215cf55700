"""Reading TOML, and a syntax error said in the user's language, with its line and column.

Python's `tomllib` words its errors in English, each ending with where it stopped:
`Expected '=' after a key in a key/value pair (at line 6, column 2)`. Each message it
has is said here in the user's words; one it may add later is shown as it is. Input it
fails on otherwise (a number of thousands of digits, lists nested thousands deep) is a
syntax error too, never a traceback.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from layout.errors import Problem
from layout.i18n import N_, _

# tomllib's message (Python 3.11), and what to tell the user; {name} fields are quoted
# values taken from the message.
_MESSAGES: list[tuple[str, str]] = [
    (r"Invalid statement",
     N_("this line is neither key = value nor a [table] heading")),
    (r"Expected newline or end of document after a statement",
     N_("something follows the value on its line; put it on a line of its own, or start "
        "a comment with #")),
    (r"Expected '=' after a key in a key/value pair", N_("'=' is missing after the key")),
    (r"Expected '\]' at the end of a table declaration",
     N_("a [table] heading must end with ]")),
    (r"Expected '\]\]' at the end of an array declaration",
     N_("a [[table]] heading must end with ]]")),
    (r"Expected (?P<what>.+)", N_("{what} is missing here")),
    (r"Invalid initial character for a key part", N_("a key cannot start with this character")),
    (r"Invalid value",
     N_("the value is not one TOML knows: text must be in quotes (\"…\"), a date written "
        "2021-06-15")),
    (r"Invalid date or datetime", N_("the date or time does not exist")),
    (r"Unterminated string", N_("the text in quotes is never closed")),
    (r"Unclosed array", N_("a list [ … ] is not closed with ]")),
    (r"Unclosed inline table", N_("a table { … } is not closed with }")),
    (r"Unescaped '\\' in a string",
     N_("a backslash in \"…\" starts an escape: write \\\\, or use single quotes '…'")),
    (r"Invalid hex value", N_("an escape \\u or \\U needs hexadecimal digits")),
    (r"Escaped character is not a Unicode scalar value",
     N_("the escape names no Unicode character")),
    (r"(?:Illegal|Found invalid) character '\\n'",
     N_("the text in quotes is not closed on its line")),
    (r"(?:Illegal|Found invalid) character (?P<character>.+)",
     N_("the character {character} is not allowed here")),
    (r"Cannot overwrite a value", N_("this value is already given above")),
    (r"Duplicate inline table key (?P<key>.+)", N_("the key {key} is given twice")),
    (r"Cannot declare (?P<key>.+) twice", N_("the table {key} is declared twice")),
    (r"Cannot redefine namespace (?P<key>.+)", N_("{key} is already defined above")),
    (r"Cannot mutate immutable namespace (?P<key>.+)",
     N_("{key} was given whole above (inline, or as a value) and cannot be added to here")),
]
_WHERE = re.compile(r"^(?P<message>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)"
                    r"|(?P<end>end of document))\)$", re.S)


@dataclass(frozen=True)
class TomlSyntax:
    """What is wrong, in the user's language, and where: 1-based line and column (None
    where tomllib names no place), or the end of the file."""

    what: str
    line: int | None = None
    column: int | None = None
    at_end: bool = False

    def in_line(self) -> str:
        """What is wrong and its column, for a message that names the line itself."""
        if self.column is not None:
            return _("column {column}: {what}").format(column=self.column, what=self.what)
        if self.at_end:
            return _("at the end of the file: {what}").format(what=self.what)
        return self.what

    def __str__(self) -> str:
        if self.line is None:
            return self.in_line()
        return _("line {line}, column {column}: {what}").format(
            line=self.line, column=self.column, what=self.what)


class TomlSyntaxError(ValueError):
    """The text is not valid TOML; `syntax` says what and where."""

    def __init__(self, syntax: TomlSyntax):
        super().__init__(str(syntax))
        self.syntax = syntax


def parsed_toml(text: str) -> dict:
    """The data of the TOML `text` (a byte order mark before it is no part of it)."""
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        raise TomlSyntaxError(toml_syntax(error)) from None
    except RecursionError:
        raise TomlSyntaxError(TomlSyntax(_("lists or tables are nested too deeply"))) from None
    except ValueError:   # int() of more digits than Python converts
        raise TomlSyntaxError(TomlSyntax(_("a number has more digits than any value takes"))) \
            from None


def syntax_problem(path: Path, syntax: TomlSyntax) -> Problem:
    """The problem a manifest that is not valid TOML is, at its line."""
    return Problem(path, "", _("is not valid TOML: {reason}").format(reason=syntax.in_line()),
                   line=syntax.line)


def toml_syntax(error: tomllib.TOMLDecodeError) -> TomlSyntax:
    found = _WHERE.match(str(error))
    if found is None:
        return TomlSyntax(str(error))
    what = _said(found["message"])
    if found["end"]:
        return TomlSyntax(what, at_end=True)
    return TomlSyntax(what, int(found["line"]), int(found["column"]))


def _said(message: str) -> str:
    for pattern, said in _MESSAGES:
        if matched := re.fullmatch(pattern, message, re.S):
            fields = {name: _shown(value) for name, value in matched.groupdict().items()}
            return _(said).format(**fields) if fields else _(said)  # "{ … }" is no field
    return message


def _shown(value: str) -> str:
    """A value as tomllib quotes it (a repr: '\\n', ('pages', 'modules')), as a person
    reads it: “pages.modules”, U+000A."""
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value
    if isinstance(parsed, tuple):
        parsed = ".".join(map(str, parsed))
    if isinstance(parsed, str) and len(parsed) == 1 and not parsed.isprintable():
        return f"U+{ord(parsed):04X}"
    return f"“{parsed}”" if isinstance(parsed, str) else value
