"""Writing into the issue folder: never over a file, never outside the folder, nothing
left of a failed import, and the body as the article loader reads it back."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from layout.errors import OutputError, UnsafePathError
from layout.intake import CopyError, import_copy
from layout.intake import write as writing
from layout.intake.write import safe_stem
from tests.intake.conftest import loaded

COPY = "县住建局\n“小板凳”宣讲小分队进农家\n本报讯（记者 郭凡）当天，村民李文成说。\n"


def copy_file(folder: Path, name: str = "xuanjiang.txt", text: str = COPY) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_existing_article_is_never_replaced(tmp_path: Path, issue: Path):
    (issue / "articles").mkdir()
    mine = issue / "articles" / "xuanjiang.md"
    mine.write_text("the editor's own file", encoding="utf-8")
    (file,) = import_copy([copy_file(tmp_path)], issue).files
    assert file.article == issue / "articles" / "xuanjiang-2.md"
    assert mine.read_text(encoding="utf-8") == "the editor's own file"
    assert file.guesses[-1] == ("articles/xuanjiang.md exists already: the article is written "
                                "to articles/xuanjiang-2.md instead")
    again = import_copy([copy_file(tmp_path)], issue).files[0]
    assert again.article.name == "xuanjiang-3.md"


def test_no_temporary_file_is_left_beside_the_articles(tmp_path: Path, issue: Path):
    import_copy([copy_file(tmp_path)], issue)
    assert sorted(p.name for p in (issue / "articles").iterdir()) == ["xuanjiang.md"]


@pytest.mark.parametrize(("name", "stem"), [
    ("../../etc/passwd", "etc-passwd"),
    ("县住建局 稿件（定稿）", "县住建局-稿件-定稿"),
    ("CON", "article-CON"),
    ("...", "article"),
    ("a" * 100, "a" * 60),
])
def test_file_names_are_safe(name: str, stem: str):
    assert safe_stem(name) == stem


def test_a_link_out_of_the_issue_folder_is_refused(tmp_path: Path, issue: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (issue / "articles").symlink_to(outside)
    with pytest.raises(UnsafePathError, match="leads outside the issue folder"):
        import_copy([copy_file(tmp_path)], issue)
    assert list(outside.iterdir()) == []


def test_a_failed_write_leaves_nothing_of_the_import(tmp_path: Path, issue: Path,
                                                    monkeypatch: pytest.MonkeyPatch):
    first, second = copy_file(tmp_path, "a.txt"), copy_file(tmp_path, "b.txt")
    real = writing.write_new

    def full_disk(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
        if stem == "b":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(folder, stem, suffix, data)

    monkeypatch.setattr(writing, "write_new", full_disk)
    with pytest.raises(OutputError) as caught:
        import_copy([first, second], issue)
    assert str(caught.value) == (f"cannot write into the issue folder {issue}: No space left "
                                 "on device; nothing of this import is left there")
    assert caught.value.exit_code == 7
    assert list((issue / "articles").iterdir()) == []


def test_the_issue_folder_must_exist(tmp_path: Path):
    with pytest.raises(CopyError, match="is not a folder"):
        import_copy([copy_file(tmp_path)], tmp_path / "no-such-issue")


def test_text_that_looks_like_markup_stays_a_paragraph(tmp_path: Path, issue: Path):
    body = ("# 这一段以井号开头，后面跟着空格。\n## 这一段以两个井号开头。\n"
            "第二段以 *星号* 和 {{ 括号 }} 结束。")
    (file,) = import_copy([copy_file(tmp_path, text=f"标题\n{body}\n")], issue).files
    article = loaded(file.article)
    assert [(block.kind, "".join(block.lines)) for block in article.blocks] == [
        ("paragraph", "# 这一段以井号开头，后面跟着空格。"),
        ("paragraph", "＃＃ 这一段以两个井号开头。"),
        ("paragraph", "第二段以 *星号* 和 {{ 括号 }} 结束。")]
    assert "line 3: the paragraph starts with “## ”, which marks a crosshead in an article " \
           "file: written as the full-width “＃＃”" in file.guesses
    assert not [g for g in file.guesses if "line 2" in g and "#" in g]


def test_crosshead_ending_in_a_hash_keeps_it(tmp_path: Path, issue: Path):
    text = f"标题\n{'第一段。' * 3}\n精准聚焦 C #\n{'第二段。' * 3}\n"
    (file,) = import_copy([copy_file(tmp_path, text=text)], issue).files
    crosshead = loaded(file.article).blocks[1]
    assert (crosshead.kind, crosshead.lines) == ("crosshead", ("精准聚焦 C #",))


def test_headline_parts_that_need_quoting_in_yaml(tmp_path: Path, issue: Path):
    text = "韩庄镇:\n#1 “文明”: 新风尚 #\n—— 'a' & [b]\n当天，村民李文成说。\n"
    (file,) = import_copy([copy_file(tmp_path, text=text)], issue).files
    article = loaded(file.article)
    assert (article.kicker, article.title, article.subtitle) == (
        "韩庄镇:", "#1 “文明”: 新风尚 #", "—— 'a' & [b]")


def test_report_lists_each_file_then_its_guesses(tmp_path: Path, issue: Path):
    report = import_copy([copy_file(tmp_path)], issue)
    assert report.lines() == [
        f"{tmp_path / 'xuanjiang.txt'}: written to {issue / 'articles' / 'xuanjiang.md'}",
        "  read as UTF-8 text",
        "  line 1: “县住建局” taken as the kicker (引题)",
        "  line 2: ““小板凳”宣讲小分队进农家” taken as the headline (主题)",
        "  line 3: “本报讯（记者 郭凡）” taken as the dateline (电头)",
    ]
