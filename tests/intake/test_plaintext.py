"""Text files of copy: which encodings are read, and what is refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from layout.intake import CopyError, import_copy
from layout.intake.plaintext import read_plaintext
from tests.intake.conftest import loaded

COPY = "县住建局\n“小板凳”宣讲小分队进农家\n本报讯（记者 郭凡）当天，村民李文成说。\n"


@pytest.mark.parametrize(("data", "encoding"), [
    (COPY.encode("utf-8"), "UTF-8"),
    (codecs.BOM_UTF8 + COPY.encode("utf-8"), "UTF-8 (BOM)"),
    (COPY.encode("gb18030"), "GB18030"),
    (COPY.encode("gbk"), "GB18030"),
    (COPY.encode("utf-16"), "UTF-16"),
    (COPY.replace("\n", "\r\n").encode("gb18030"), "GB18030"),
])
def test_copy_is_read_in_its_encoding_and_the_encoding_reported(tmp_path: Path, data: bytes,
                                                                encoding: str):
    path = tmp_path / "copy.txt"
    path.write_bytes(data)
    copy = read_plaintext(path)
    assert copy.encoding == encoding
    assert copy.notes == (f"read as {encoding} text",)
    assert [(piece.place.number, piece.text) for piece in copy.pieces] == [
        (1, "县住建局"), (2, "“小板凳”宣讲小分队进农家"),
        (3, "本报讯（记者 郭凡）当天，村民李文成说。")]


def test_indents_and_blank_lines_are_not_text(tmp_path: Path):
    path = tmp_path / "copy.txt"
    path.write_text("\ufeff\n\n　　标题\n\f\n　　正文第一段。\n", encoding="utf-8")
    copy = read_plaintext(path)
    assert [(piece.place.number, piece.text) for piece in copy.pieces] == [
        (3, "标题"), (5, "正文第一段。")]


@pytest.mark.parametrize(("name", "data", "words"), [
    ("empty.txt", b"\n  \n", "holds no text"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a text file"),
    ("latin.txt", "Café crème, s'il vous plaît.".encode("latin-1"), "is not UTF-8 or GB18030 text"),
    ("big5.txt", ("縣住建局黨員幹部組成的小板凳宣講小分隊用湯陰話給村民上了一堂微型黨課。" * 6)
     .encode("big5"), "it looks like BIG5"),
    ("copy.pdf", b"%PDF-1.7", "is not a .docx or .txt file"),
])
def test_unreadable_copy_is_refused_with_what_to_do(tmp_path: Path, issue: Path, name: str,
                                                   data: bytes, words: str):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CopyError) as caught:
        import_copy([path], issue)
    assert str(caught.value).startswith(f"{path}: ")
    assert words in str(caught.value)


def test_every_unreadable_file_is_listed_and_nothing_written(tmp_path: Path, issue: Path):
    good = tmp_path / "good.txt"
    good.write_text(COPY, encoding="utf-8")
    missing, folder = tmp_path / "missing.txt", tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(CopyError) as caught:
        import_copy([good, missing, folder], issue)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{missing}: does not exist: check its name and folder",
        f"{folder}: is a folder: name the files of copy in it",
    ]
    assert sorted(p.name for p in issue.iterdir()) == ["issue.toml"]


def test_copy_of_one_line_has_no_body_and_is_refused(tmp_path: Path, issue: Path):
    path = tmp_path / "one.txt"
    path.write_text("县住建局“小板凳”宣讲小分队进农家\n", encoding="utf-8")
    with pytest.raises(CopyError, match="has no text for the body"):
        import_copy([path], issue)


def test_utf8_copy_loads(tmp_path: Path, issue: Path):
    path = tmp_path / "copy.txt"
    path.write_text(COPY, encoding="utf-8")
    (file,) = import_copy([path], issue).files
    assert loaded(file.article).dateline == "本报讯（记者 郭凡）"
