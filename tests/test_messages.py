"""One message catalogue: every sentence the tool says is in it, in both languages.

The English text is the message id; the Chinese is in layout.po, compiled to layout.mo.
Run `make messages` after adding or changing a message, and translate what it adds.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.conftest import ROOT, replace_in

PACKAGE = ROOT / "layout"
LOCALE = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "say_for": (1, 2)}
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)[^{}]*\}|%\((\w+)\)")


def extracted(folder: Path) -> set[str | tuple[str, str]]:
    messages: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(folder), method_map=[("**.py", "python")], keywords=KEYWORDS):
        messages.add(message if isinstance(message, str) else tuple(message))
    return messages


@pytest.fixture(scope="module")
def catalogue() -> dict:
    with (LOCALE / "layout.po").open("rb") as file:
        return {message.id if isinstance(message.id, str) else tuple(message.id): message
                for message in read_po(file) if message.id}


def test_every_message_of_the_code_has_its_chinese(catalogue: dict):
    wanted = extracted(PACKAGE)
    missing = sorted(map(str, wanted - set(catalogue)))
    assert not missing, f"not in layout.po (run make messages): {missing[:5]}"
    untranslated = [key for key in wanted
                    if not all(_forms(catalogue[key].string)) or catalogue[key].fuzzy]
    assert not untranslated, f"without Chinese in layout.po: {untranslated[:5]}"


def test_clicks_own_words_are_in_the_catalogue(catalogue: dict):
    for message in ("Usage:", "Options", "Commands", "Show this message and exit.",
                    "Missing argument", "Invalid value for {param_hint}: {message}",
                    "No such command {name!r}.", "Error: {message}"):
        assert all(_forms(catalogue[message].string)), message
    assert extracted(Path(click.__file__).parent) <= set(catalogue)


def test_translations_keep_every_placeholder(catalogue: dict):
    for key, message in catalogue.items():
        english = key if isinstance(key, str) else key[-1]
        for form in _forms(message.string):
            assert _names(form) == _names(english), (english, form)


def test_the_compiled_catalogue_is_the_current_one(catalogue: dict):
    with (LOCALE / "layout.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for key, message in catalogue.items():
        if isinstance(key, str):
            assert compiled.gettext(key) == message.string, key
        else:
            assert compiled.ngettext(key[0], key[1], 2) == message.string[0], key


def test_messages_are_ids_the_catalogue_can_find():
    """A `_()` inside an f-string is never extracted, and a function that assigns `_`
    cannot call `_()`: both would leave a sentence in English."""
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"""\{_\(["']""", source), f"{path}: _() inside an f-string"
        for function in ast.walk(ast.parse(source)):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assigned = {node.id for node in ast.walk(function)
                            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
                calls = {node.func.id for node in ast.walk(function)
                         if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
                assert not ({"_"} & assigned & calls), f"{path}: {function.name} assigns _"


def layout(*args: str | Path, language: str | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("LAYOUT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    environment.update({"LAYOUT_LANG": language} if language else {"LANG": "C.UTF-8"})
    return subprocess.run([sys.executable, "-m", "layout", *map(str, args)],
                          capture_output=True, text=True, env=environment, check=False)


ENGLISH_SENTENCE = re.compile(r"\b[a-z]{3,} [a-z]{3,} [a-z]{3,}\b")


def test_the_interface_is_chinese_by_default():
    shown = layout("--help")
    assert shown.returncode == 0
    assert "用法：" in shown.stdout and "排报纸版面" in shown.stdout
    assert "显示本帮助并退出" in shown.stdout
    assert not ENGLISH_SENTENCE.search(shown.stdout), shown.stdout
    assert "Usage:" in layout("--lang", "en", "--help").stdout
    assert "Usage:" in layout("--help", language="en_GB.UTF-8").stdout


def test_a_broken_issue_is_told_in_chinese_with_its_place(issue_dir: Path):
    replace_in(issue_dir / "issue.toml", "issue_number = 1862", "issue_number = 0")
    replace_in(issue_dir / "issue.toml", 'name = "要闻"', 'name = "要闻"\ncouleur = "red"')

    result = layout("check", issue_dir)

    assert result.returncode == 2
    assert "issue.toml 第 5 行：issue_number：必须是整数，1 或以上，而不是 0" in result.stderr
    assert "第1版 (" in result.stderr and "couleur：不是本文件认识的键" in result.stderr
    assert not ENGLISH_SENTENCE.search(result.stderr), result.stderr


def test_a_headline_that_does_not_fit_is_told_in_the_desks_words(issue_dir: Path):
    replace_in(issue_dir / "issue.toml", "head_lines = 13", "head_lines = 4")
    chinese = layout("check", issue_dir)
    english = layout("check", issue_dir, language="en")
    assert "第1版 利剑出鞘去沉痾 (xunchao-jishi.md)：标题超 " in chinese.stderr
    assert "page 1 利剑出鞘去沉痾 (xunchao-jishi.md): headline " in english.stderr
    assert chinese.returncode == english.returncode == 5


def _forms(string: str | tuple[str, ...]) -> tuple[str, ...]:
    return (string,) if isinstance(string, str) else tuple(string)


def _names(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def test_a_language_the_tool_does_not_speak_is_refused_not_taken_for_english():
    from layout import i18n

    before = i18n.current()
    with pytest.raises(ValueError, match="zh_Hans"):
        i18n.use("zh_Hans")
    assert i18n.current() == before
