"""The seed page's six articles, as copied from the PDF, imported: each loads, keeps every
character, and comes out as the sample issue's hand-made article (the sample's ASCII
punctuation restored to full-width aside)."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.intake import import_copy
from layout.model import Article
from tests.intake.conftest import (
    SAMPLE_ARTICLES,
    input_characters,
    loaded,
    photo_tables,
    seed_copy,
    written_characters,
)

_FULL_WIDTH = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", "?": "？", "!": "！",
                             ";": "；"})


def parts(article: Article) -> dict[str, object]:
    """What an editor sees of an article, its punctuation full-width."""
    def text(value: str | None) -> str | None:
        return value.translate(_FULL_WIDTH) if value else value
    return {"kicker": text(article.kicker), "title": text(article.title),
            "subtitle": text(article.subtitle), "byline": text(article.byline),
            "dateline": text(article.dateline),
            "blocks": [(block.kind, text("".join(block.lines))) for block in article.blocks]}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each seed article imported, half of them in GB18030 and half in UTF-8."""
    folder = tmp_path_factory.mktemp("seed")
    issue = folder / "issue"
    issue.mkdir()
    files = []
    for number, (name, text) in enumerate(seed_copy().items()):
        path = folder / f"{name}.txt"
        path.write_bytes(text.encode("gb18030" if number % 2 else "utf-8"))
        files.append(path)
    report = import_copy(files, issue)
    return {file.source.stem: file.article for file in report.files}


@pytest.mark.parametrize("name", list(seed_copy()))
def test_seed_article_comes_out_as_the_sample_made_by_hand(imported: dict[str, Path],
                                                          name: str):
    assert parts(loaded(imported[name])) == parts(loaded(SAMPLE_ARTICLES / f"{name}.md"))


@pytest.mark.parametrize("name", list(seed_copy()))
def test_no_character_of_the_seed_article_is_lost(imported: dict[str, Path], name: str):
    assert written_characters(imported[name]) == input_characters(seed_copy()[name])


def test_seed_captions_are_kept_for_issue_toml(imported: dict[str, Path]):
    assert photo_tables(imported["baiying-geyong"]) == [
        {"caption": "图为歌咏比赛现场。", "credit": "本报记者 郭凡 摄"}]
    assert photo_tables(imported["hanzhuang-bangfu"]) == [
        {"caption": "帮扶责任人看望贫困户", "credit": "本报记者 郭凡 摄"}]


def test_every_guess_on_the_seed_is_reported(tmp_path: Path, issue: Path):
    path = tmp_path / "hanzhuang.txt"
    path.write_bytes(seed_copy()["hanzhuang-bangfu"].encode("gb18030"))
    (file,) = import_copy([path], issue).files
    assert file.encoding == "GB18030"
    assert file.guesses == (
        "read as GB18030 text",
        "line 1: “韩庄镇:” taken as the kicker (引题)",
        "line 3: “为民办实事 点滴见真情” taken as the headline (主题)",
        "line 5: “本报记者 郭凡 通讯员 张百瑞” taken as the byline (署名), without its □: "
        "the page prints its own",
        "line 13: joined to the paragraph above (line 11), which broke off mid-sentence "
        "between “大改善了他家” and “的生活环境。”",
        "line 25: joined to the paragraph above (line 19), which broke off mid-sentence "
        "between “进了脱贫户持” and “续增收。”",
        "line 29: joined to the paragraph above (line 27), which broke off mid-sentence "
        "between “查六确保”进” and “行走访慰问,”",
        "line 23: “帮扶责任人看望贫困户” (credit “本报记者 郭凡 摄”) taken as the caption of "
        "photo 1; no picture came with it",
    )
