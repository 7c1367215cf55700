"""Every sentence `layout import` says goes through `_()` with a literal English id and
named placeholders, and has its Chinese: in the catalogue, or in
layout/locale/pending-intake.po until it is merged there."""

from __future__ import annotations

import ast
import string

import pytest
from babel.messages.pofile import read_po

from tests.intake.conftest import ROOT

PACKAGE = ROOT / "layout" / "intake"
LOCALE = ROOT / "layout" / "locale"
CATALOGUES = (LOCALE / "zh_Hans" / "LC_MESSAGES" / "layout.po", LOCALE / "pending-intake.po")


def calls_of_underscore() -> list[ast.Call]:
    calls = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "_":
                calls.append(node)
    return calls


def message_ids() -> list[str]:
    ids = []
    for call in calls_of_underscore():
        (argument,) = call.args
        assert isinstance(argument, ast.Constant) and isinstance(argument.value, str), \
            ast.unparse(call)
        ids.append(argument.value)
    return ids


def placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text)
            if name is not None}


def test_messages_have_literal_ids_with_named_placeholders():
    ids = message_ids()
    assert len(ids) > 30
    for message in ids:
        assert all(name and not name.isdigit() for name in placeholders(message)), message


def translations() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in CATALOGUES:
        if path.is_file():
            with path.open("rb") as stream:
                found |= {entry.id: entry.string for entry in read_po(stream)
                          if isinstance(entry.id, str) and isinstance(entry.string, str)
                          and entry.string}
    return found


@pytest.mark.parametrize("message", sorted(set(message_ids())))
def test_message_has_its_chinese(message: str):
    chinese = translations().get(message)
    assert chinese, f"no Chinese for: {message}"
    assert placeholders(chinese) == placeholders(message)
