"""A TOML syntax error is told in the user's language, with its line and column."""

from __future__ import annotations

import inspect
import re
import tomllib
from pathlib import Path
from tomllib import _parser

import pytest

from layout.manifest import toml_syntax as syntax
from tests.conftest import replace_in
from tests.manifest.test_load import problems_of

BROKEN = {  # a mistake an editor makes, and where tomllib stops
    'name = "要闻\n': (1, 11),             # the closing quote forgotten
    "name = '要闻\nx = 'a'\n": (1, 11),    # the same in single quotes
    "name = 要闻\n": (1, 8),               # text without quotes
    "date = 2021-06-31\n": (1, 8),         # a day that does not exist
    "[[pages]\n": (1, 8),                  # one bracket too few
    "x = 1\nx = 2\n": (2, 6),              # a key twice
    "number 1\n": (1, 8),                  # '=' forgotten
    "x = 1 2\n": (1, 7),                   # something after the value
    'path = "C:\\新闻"\n': (1, 13),       # a Windows path in double quotes
}


def parse_error(text: str) -> tomllib.TOMLDecodeError:
    with pytest.raises(tomllib.TOMLDecodeError) as raised:
        tomllib.loads(text)
    return raised.value


@pytest.mark.parametrize("text", BROKEN)
def test_a_mistake_is_told_in_chinese_with_its_line_and_column(chinese, text: str):
    said = syntax.toml_syntax(parse_error(text))
    assert (said.line, said.column) == BROKEN[text]
    assert re.search(r"[\u4e00-\u9fff]", said.what), said.what
    assert not re.search(r"\b(Invalid|Expected|Illegal|Cannot|Unterminated)\b", said.what)
    assert str(said).startswith(f"第 {said.line} 行第 {said.column} 列：")
    if text.startswith(('name = "', "name = '")):   # either quote left open
        assert said.what == "引号中的文字在本行没有结束引号"


def test_an_unclosed_list_is_told_at_the_end_of_the_file(chinese):
    said = syntax.toml_syntax(parse_error("pages = [1, 2\n"))
    assert said.line is None
    assert str(said) == "文件末尾：列表 [ … ] 缺少结尾的 ]"


def test_every_message_tomllib_has_is_said_in_the_users_words():
    """A Python whose tomllib words a message anew shows it in English: this says which."""
    source = inspect.getsource(_parser)
    messages = re.findall(r'suffixed_err\(\s*src,\s*\w+,\s*f?"((?:[^"\\]|\\.)*)"', source)
    assert len(messages) >= 20
    for message in messages:
        sample = re.sub(r"\{[^}]*\}", "'x'", message.encode().decode("unicode_escape"))
        assert syntax._said(sample) != sample, f"tomllib's {message!r} is not said"


def test_a_build_names_the_file_and_the_line_of_the_mistake(issue_dir: Path, chinese):
    replace_in(issue_dir / "issue.toml", "issue_number = 1862", "issue_number = ")
    (problem,) = problems_of(issue_dir)
    assert problem.startswith(f"{issue_dir / 'issue.toml'} 第 5 行：不是有效的 TOML：第 32 列：")
    assert "值的写法无效" in problem


@pytest.mark.parametrize(("text", "said"), [
    ("n = " + "1" * 5000 + "\n", "a number has more digits than any value takes"),
    ("n = " + "[" * 5000 + "\n", "lists or tables are nested too deeply"),
    ('n = """a\n', "at the end of the file: the text in quotes is never closed"),
])
def test_what_tomllib_stops_at_otherwise_is_told_too(text: str, said: str):
    with pytest.raises(syntax.TomlSyntaxError) as refused:
        syntax.parsed_toml(text)
    assert str(refused.value) == said


def test_a_manifest_saved_by_notepad_is_read_as_it_is_shown():
    """The desk checks an edit of a file that starts with a byte order mark."""
    from layout.manifest.load import manifest_text_problems
    from tests.conftest import SAMPLE

    issue_file = SAMPLE / "issue.toml"
    text = issue_file.read_text(encoding="utf-8")
    assert manifest_text_problems("\ufeff" + text, issue_file) == []
