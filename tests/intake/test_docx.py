"""Word copy: paragraphs, styles, bold, pictures and captions, tables, text boxes and
tracked changes, made here with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from PIL import Image

from layout.intake import CopyError, import_copy
from tests.intake.conftest import (
    input_characters,
    loaded,
    photo_tables,
    written_characters,
)

LEAD = ("“听完你们讲的‘微型党课’，我的干劲儿更足了。”6月10日，瓦岗乡龙虎村村民李文成说。当天，"
        "县住建局党员干部组成的“小板凳”宣讲小分队用汤阴话给村民上了一堂“微型党课”。")
SECOND = "为使党史学习教育接地气、冒热气、聚人气，县住建局打造党员宣讲队伍。"
INSERTED = "组建多支宣讲小分队，"
DELETED = "这句话已删去。"
THIRD = "深入3个村帮扶村26户帮扶对象家中，开展“五送二收”活动。"
CAPTION = "图为宣讲小分队在村民家中。（本报记者 郭凡 摄）"
CELLS = ("宣讲场次", "120余场次")
BOXED = "截至目前，宣讲小分队共宣讲120余场次。"
LAST = "该局22名党员组成5支宣讲小分队，面对面、手把手宣讲汤阴红色故事。"


def picture() -> io.BytesIO:
    stream = io.BytesIO()
    Image.new("RGB", (12, 8), "red").save(stream, "PNG")
    stream.seek(0)
    return stream


def reporters_copy(path: Path) -> str:
    """A Word file as a reporter sends it; the text it holds, as Word shows it."""
    document = docx.Document()
    document.add_paragraph("县住建局")
    document.add_heading("“小板凳”宣讲小分队进农家", level=0)          # Title style
    lead = document.add_paragraph()
    lead.add_run("本报讯（记者 郭凡 通讯员 原金贵）").bold = True
    lead.add_run(LEAD)
    document.add_heading("送学上门 宣讲到家", level=2)
    tracked = document.add_paragraph(SECOND)
    tracked._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="编辑" w:date="2021-06-14T00:00:00Z">'
        f"<w:r><w:t>{INSERTED}</w:t></w:r></w:ins>"))
    tracked._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="2" w:author="编辑" w:date="2021-06-14T00:00:00Z">'
        f"<w:r><w:delText>{DELETED}</w:delText></w:r></w:del>"))
    tracked.add_run(THIRD)
    document.add_picture(picture())
    document.add_paragraph(CAPTION).alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=1, cols=2)
    for cell, text in zip(table.rows[0].cells, CELLS, strict=True):
        cell.text = text
    boxed = document.add_paragraph(LAST)
    boxed._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape>'
        f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{BOXED}</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"))
    document.save(str(path))
    return "".join(["县住建局", "“小板凳”宣讲小分队进农家", "本报讯（记者 郭凡 通讯员 原金贵）",
                    LEAD, "送学上门 宣讲到家", SECOND, INSERTED, THIRD, CAPTION, *CELLS,
                    LAST, BOXED])


@pytest.fixture
def imported(tmp_path: Path, issue: Path) -> tuple[str, Path, tuple[str, ...]]:
    copy = tmp_path / "小板凳 宣讲.docx"
    text = reporters_copy(copy)
    (file,) = import_copy([copy], issue).files
    return text, file.article, file.guesses


def test_word_copy_comes_out_as_an_article(imported: tuple[str, Path, tuple[str, ...]]):
    _text, path, _guesses = imported
    article = loaded(path)
    assert path.name == "小板凳-宣讲.md"
    assert (article.kicker, article.title, article.dateline) == (
        "县住建局", "“小板凳”宣讲小分队进农家", "本报讯（记者 郭凡 通讯员 原金贵）")
    assert [(block.kind, "".join(block.lines)) for block in article.blocks] == [
        ("paragraph", LEAD),
        ("crosshead", "送学上门 宣讲到家"),
        ("paragraph", SECOND + INSERTED + THIRD),
        ("paragraph", " ".join(CELLS)),
        ("paragraph", LAST), ("paragraph", BOXED),
    ]


def test_no_character_of_the_word_copy_is_lost(imported: tuple[str, Path, tuple[str, ...]]):
    text, path, _guesses = imported
    assert written_characters(path) == input_characters(text)


def test_picture_is_saved_with_its_caption(imported: tuple[str, Path, tuple[str, ...]]):
    _text, path, guesses = imported
    issue = path.parent.parent
    assert photo_tables(path) == [{"source": "photos/小板凳-宣讲-1.png",
                                   "caption": "图为宣讲小分队在村民家中。",
                                   "credit": "本报记者 郭凡 摄"}]
    assert Image.open(issue / "photos" / "小板凳-宣讲-1.png").size == (12, 8)
    assert guesses[-1] == ("paragraph 6: photo 1, photos/小板凳-宣讲-1.png, with the caption "
                           "“图为宣讲小分队在村民家中。” (credit “本报记者 郭凡 摄”) from "
                           "paragraph 7")


def test_every_guess_on_the_word_copy_is_reported(imported: tuple[str, Path, tuple[str, ...]]):
    _text, _path, guesses = imported
    assert guesses[:-1] == (
        "paragraph 3: bold “本报讯（记者 郭凡 通讯员 原金贵）” set as plain text: an article has "
        "no bold",
        "paragraph 8: a table; each row is taken as a paragraph of its own, its cells apart "
        "by spaces",
        "paragraph 10: a text box; its text is taken as the paragraphs that follow",
        "paragraph 1: “县住建局” taken as the kicker (引题)",
        "paragraph 2: ““小板凳”宣讲小分队进农家” taken as the headline (主题)",
        "paragraph 3: “本报讯（记者 郭凡 通讯员 原金贵）” taken as the dateline (电头)",
        "paragraph 4: “送学上门 宣讲到家”, a Word heading, taken as a crosshead (小标题)",
    )


def write_docx(path: Path, *paragraphs: str | tuple[str, str]) -> None:
    """A Word file of plain paragraphs; (text, style) for a styled one, ("", "picture")
    for a picture."""
    document = docx.Document()
    for paragraph in paragraphs:
        text, style = paragraph if isinstance(paragraph, tuple) else (paragraph, "")
        if style == "picture":
            document.add_picture(picture())
        elif style == "bold":
            document.add_paragraph().add_run(text).bold = True
        elif style == "centred":
            document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            document.add_paragraph(text, style or None)
    document.save(str(path))


def test_headline_under_a_picture_at_the_top_is_no_caption(tmp_path: Path, issue: Path):
    copy = tmp_path / "top.docx"
    write_docx(copy, ("", "picture"), "为民办实事 点滴见真情", "□本报记者 郭凡",
               "6月12日，韩庄镇南张贾村村民程国兴对到家中慰问的镇党委书记臧华伟说。")
    (file,) = import_copy([copy], issue).files
    article = loaded(file.article)
    assert (article.title, article.byline) == ("为民办实事 点滴见真情", "本报记者 郭凡")
    assert photo_tables(file.article) == [{"source": "photos/top-1.png"}]
    assert "paragraph 1: photo 1, photos/top-1.png, has no caption: no line next to it looks " \
           "like one" in file.guesses


def test_short_centred_line_under_a_picture_is_its_caption(tmp_path: Path, issue: Path):
    copy = tmp_path / "short.docx"
    write_docx(copy, "图说新闻", LEAD, ("", "picture"), ("歌咏比赛现场", "centred"), LAST)
    (file,) = import_copy([copy], issue).files
    assert photo_tables(file.article) == [{"source": "photos/short-1.png",
                                           "caption": "歌咏比赛现场"}]
    assert ["".join(block.lines) for block in loaded(file.article).blocks] == [LEAD, LAST]


def test_caption_above_its_picture(tmp_path: Path, issue: Path):
    copy = tmp_path / "above.docx"
    write_docx(copy, "图说新闻", LEAD, "图为歌咏比赛现场。", ("", "picture"), LAST)
    (file,) = import_copy([copy], issue).files
    assert photo_tables(file.article) == [{"source": "photos/above-1.png",
                                           "caption": "图为歌咏比赛现场。"}]


def test_bold_numbered_line_is_a_crosshead_and_a_heading_may_mark_the_title(
        tmp_path: Path, issue: Path):
    copy = tmp_path / "bold.docx"
    write_docx(copy, ("为民办实事 点滴见真情", "Heading 1"), "第一段话说完了。",
               ("一、强化组织领导，压实工作责任", "bold"), "第二段话也说完了。")
    (file,) = import_copy([copy], issue).files
    article = loaded(file.article)
    assert article.title == "为民办实事 点滴见真情"
    assert [block.kind for block in article.blocks] == ["paragraph", "crosshead", "paragraph"]


@pytest.mark.parametrize(("name", "data", "words"), [
    ("damaged.docx", b"PK\x03\x04 not really a zip", "is not a Word .docx file"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "Word 97-2003"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "is not a .docx or .txt"),
])
def test_unreadable_word_file_is_refused_by_name(tmp_path: Path, issue: Path, name: str,
                                                 data: bytes, words: str):
    copy = tmp_path / name
    copy.write_bytes(data)
    with pytest.raises(CopyError) as caught:
        import_copy([copy], issue)
    assert str(caught.value).startswith(f"{copy}: ")
    assert words in str(caught.value)
    assert caught.value.exit_code == 2
    assert sorted(p.name for p in issue.iterdir()) == ["issue.toml"]


def test_word_file_of_pictures_only_is_refused(tmp_path: Path, issue: Path):
    copy = tmp_path / "pictures.docx"
    write_docx(copy, ("", "picture"))
    with pytest.raises(CopyError, match="holds no text"):
        import_copy([copy], issue)
