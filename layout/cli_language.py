"""The command line in the user's language.

Help texts are English message ids, translated when they are shown (not when the commands
are defined), so that `--lang`, read as the command line is parsed, decides them. Click's
own words (`Usage:`, `Options:`, `Missing argument`) come from the same catalogue: its
modules' `_` and `ngettext` are pointed at ours.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import click

from layout import i18n
from layout.i18n import _

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui",
                  "types", "utils")


def speak_click_in_our_language() -> None:
    """Click's words from our catalogue; its help laid out by display width, Chinese
    characters being two columns wide and breakable between any two."""
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            setattr(module, "_", _)  # noqa: B010 - a module's own name, replaced
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", i18n.ngettext)  # noqa: B010
    click.formatting.wrap_text = _wrap_text
    setattr(click.formatting, "term_len", _display_width)  # noqa: B010


class TranslatedPath(click.Path):
    """click.Path whose kind (file, directory) is named in the language of the moment,
    not that of the moment the command was defined."""

    @property
    def name(self) -> str:
        if self.file_okay and not self.dir_okay:
            return _("file")
        return _("directory") if self.dir_okay and not self.file_okay else _("path")

    @name.setter
    def name(self, _named_by_click: str) -> None:
        pass


_LATIN_WRAP = click.formatting.wrap_text
_NO_LINE_START = set("，。、；：？！）》」』”’%…—·")


def _wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in ("W", "F")


def _display_width(text: str) -> int:
    return sum(2 if _wide(c) else 1 for c in click.utils.strip_ansi(text))


def _wrap_text(text: str, width: int = 78, initial_indent: str = "",
               subsequent_indent: str = "", preserve_paragraphs: bool = False) -> str:
    if not any(_wide(c) for c in text):
        return _LATIN_WRAP(text, width, initial_indent, subsequent_indent,
                           preserve_paragraphs)
    paragraphs = text.split("\n\n") if preserve_paragraphs else [text]
    return "\n\n".join(_wrap_paragraph(_joined(p), width, initial_indent, subsequent_indent)
                       for p in paragraphs)


def _joined(paragraph: str) -> str:
    """The paragraph's lines as one: Chinese joins without a space."""
    out = ""
    for line in (part.strip() for part in paragraph.splitlines()):
        if out and line and not (_wide(out[-1]) or _wide(line[0])):
            out += " "
        out += line
    return out


def _wrap_paragraph(text: str, width: int, first: str, rest: str) -> str:
    lines, line, used, indent = [], "", 0, first
    for token in re.findall(r"[^\W\d_]*[A-Za-z0-9_\-./<>\[\]=:]+ ?|.", text):
        size = _display_width(token.rstrip())
        if line and used + size > width - len(indent) and token[0] not in _NO_LINE_START:
            lines.append(indent + line.rstrip())
            line, used, indent = "", 0, rest
        line += token
        used += _display_width(token)
    return "\n".join([*lines, indent + line.rstrip()])


def option(*names: str, **settings: object) -> Callable:
    """`click.option` with its help shown in the user's language."""
    return click.option(*names, cls=TranslatedOption, **settings)


def choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """`--lang`: eager, so that the help and errors after it are in that language."""
    if value:
        i18n.use(value)


class TranslatedOption(click.Option):
    """An option whose help is a message id, or made when shown by `help_text`."""

    def __init__(self, *args: Any, help_text: Callable[[], str] | None = None,
                 **settings: Any) -> None:
        super().__init__(*args, **settings)
        self.help_text = help_text

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        original = self.help
        self.help = self.help_text() if self.help_text else _(original) if original else None
        try:
            return super().get_help_record(ctx)
        finally:
            self.help = original


class TranslatedCommand(click.Command):
    def get_short_help_str(self, limit: int = 45) -> str:
        return _help_line(super().get_short_help_str(limit=1000), self.help, limit)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _shown_translated(self):
            super().format_help_text(ctx, formatter)


class TranslatedGroup(click.Group):
    command_class = TranslatedCommand
    group_class = type  # subgroups are of this class too

    def get_short_help_str(self, limit: int = 45) -> str:
        return _help_line(super().get_short_help_str(limit=1000), self.help, limit)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _shown_translated(self):
            super().format_help_text(ctx, formatter)


class _shown_translated:  # noqa: N801 - used as a `with` block
    def __init__(self, command: click.Command) -> None:
        self.command, self.original = command, command.help

    def __enter__(self) -> None:
        if self.original:
            self.command.help = _(self.original)

    def __exit__(self, *_: object) -> None:
        self.command.help = self.original


def _help_line(untranslated: str, full: str | None, limit: int) -> str:
    """The first sentence of the translated help, for the list of commands."""
    if not full:
        return untranslated
    text = " ".join(_(full).split("\n"))
    first = re.split(r"(?<=\.) |(?<=。)", text, maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"
