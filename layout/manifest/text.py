"""Reading a text input (manifest or article) as UTF-8, and saying what to do when it is not.

Windows Notepad starts UTF-8 files with a byte order mark: it is accepted. A file in
another encoding (GB18030 or GBK, common on Chinese Windows) is not guessed at silently:
the message names the encoding it looks like and the command that converts it.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import charset_normalizer

from layout.i18n import _


class NotUtf8Error(ValueError):
    """The file is not UTF-8 text; the message says what it looks like and what to do."""


def read_text(path: Path) -> str:
    """The file's text, a UTF-8 byte order mark removed. OSError when it cannot be read;
    NotUtf8Error when it is not UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotUtf8Error(_advice(path, data)) from None


def _advice(path: Path, data: bytes) -> str:
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None or guess.encoding in ("utf_8", "ascii"):
        return _("is not UTF-8 text (nor any text encoding it could be told apart from)")
    name = _encoding_name(guess.encoding)
    quoted = shlex.quote(str(path))
    return _("is not UTF-8 text: it looks like {encoding}. Save it again as UTF-8, or "
             "convert it: iconv -f {encoding} -t UTF-8 {file} -o {file}.utf8 && mv "
             "{file}.utf8 {file}").format(encoding=name, file=quoted)


def _encoding_name(python_name: str) -> str:
    """The name iconv knows: gb18030 covers GBK and GB2312, Chinese Windows' encodings."""
    name = python_name.lower()
    if name in ("gb2312", "gbk", "gb18030", "hz"):
        return "GB18030"
    return {"big5": "BIG5", "cp1252": "WINDOWS-1252", "latin_1": "ISO-8859-1",
            "utf_16": "UTF-16", "shift_jis": "SHIFT_JIS"}.get(name, name.upper())
