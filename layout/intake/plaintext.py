"""Reading copy from a text file: UTF-8 (with or without a byte order mark), UTF-16 with
one (Notepad's "Unicode"), or GB18030, which covers GBK and GB2312, Chinese Windows'
encodings.

Strict UTF-8 is tried first: GB18030 text practically never decodes as UTF-8, while UTF-8
text often decodes as (wrong) GB18030. Big5 text decodes as GB18030 too, so a long file
that charset-normalizer takes for Big5 is refused instead of being read as nonsense.
"""

from __future__ import annotations

import codecs
import re
import shlex
from pathlib import Path

import charset_normalizer

from layout.i18n import _
from layout.intake.errors import CopyError
from layout.intake.pieces import Copy, Piece, Place

MAX_BYTES = 2_000_000      # copy for one article is a few kilobytes
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (BOM)"),
         (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_GUESS_FROM = 200          # bytes; on less, charset-normalizer's guesses are unreliable
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz"}


def read_plaintext(path: Path) -> Copy:
    """The lines of the text file `path` that hold text, each with its line number."""
    data = _read_bytes(path)
    text, encoding = decode(path, data)
    if _BINARY.search(text):
        raise CopyError.single(path, _(
            "is not a text file: it holds binary data. Save the copy as .txt or .docx"))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pieces = tuple(Piece(line.strip(), Place("line", number))
                   for number, line in enumerate(lines, start=1) if line.strip())
    if not pieces:
        raise CopyError.single(path, _("holds no text: is it the right file?"))
    note = _("read as {encoding} text").format(encoding=encoding)
    return Copy(path, pieces, encoding, (note,))


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise CopyError.single(path, _(
            "is {size:,} bytes, far more than the copy of an article: is it the right "
            "file?").format(size=size))
    return path.read_bytes()


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text of `data` and the name of the encoding it was read in."""
    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            return _strictly(path, data, codec), name
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    text = _strictly(path, data, "gb18030")
    if len(data) >= _GUESS_FROM and (other := _guess(data)) and other not in _GB_FAMILY:
        raise CopyError.single(path, _unknown_encoding(path, other))
    return text, "GB18030"


def _strictly(path: Path, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise CopyError.single(path, _unknown_encoding(path, _guess(data))) from None


def _guess(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    return best.encoding.lower() if best else None


def _unknown_encoding(path: Path, guess: str | None) -> str:
    if guess in (None, "utf_8", "ascii") or guess in _GB_FAMILY:
        return _("is not UTF-8 or GB18030 text: open it and save it as UTF-8 text, "
                 "or import the .docx")
    name = guess.upper().replace("_", "-") if guess else ""
    quoted = shlex.quote(str(path))
    return _("is not UTF-8 or GB18030 text: it looks like {encoding}. Save it again as "
             "UTF-8, or convert it: iconv -f {encoding} -t UTF-8 {file} -o {file}.utf8"
             ).format(encoding=name, file=quoted)
