"""Shared for the import tests: English messages, an empty issue folder, the seed page
cut into the copy of its six articles, and reading back what an import wrote."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from layout import i18n
from layout.errors import Problem
from layout.manifest.articles import read_article
from layout.model import Article

ROOT = Path(__file__).resolve().parents[2]
# The seed page as copied from its PDF: paragraphs cut by the columns, ASCII punctuation.
SEED = Path(__file__).with_name("county-news-page-2021-06.txt")
SAMPLE_ARTICLES = ROOT / "issues" / "tangyin" / "2021-06-15" / "articles"
# The seed page's articles: the line each starts at, and the sample's article made from it.
SEED_ARTICLES = {
    "利剑出鞘去沉痾": "xunchao-jishi",
    "县住建局": "zhujianju-xuanjiang",
    "县人社局": "renshe-chuangye",
    "城关镇车站社区": "chezhan-duanwu",
    "图说新闻": "baiying-geyong",
    "韩庄镇:": "hanzhuang-bangfu",
}
# What the import leaves out on purpose, as the page prints it itself: the byline's □ and
# the brackets around a photo's credit.
LEFT_OUT = "□"
CREDIT_IN_BRACKETS = re.compile(r"[（(]([^（()）]*摄)[）)]")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    before = i18n.current()
    i18n.use(i18n.ENGLISH)
    yield
    i18n.use(before)


@pytest.fixture
def issue(tmp_path: Path) -> Path:
    folder = tmp_path / "issue"
    folder.mkdir()
    (folder / "issue.toml").write_text("schema_version = 1\n", encoding="utf-8")
    return folder


def seed_copy() -> dict[str, str]:
    """The text of each of the seed page's articles, as copied from the PDF, by the name
    of the sample's article made from it."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    starts = [lines.index(first) for first in SEED_ARTICLES] + [len(lines)]
    return {name: "\n".join(lines[start:end])
            for name, start, end in zip(SEED_ARTICLES.values(), starts, starts[1:], strict=False)}


def loaded(path: Path) -> Article:
    """The article file as a build reads it; fails the test on any problem."""
    problems: list[Problem] = []
    article = read_article(path, problems)
    assert not problems, [str(p) for p in problems]
    assert article is not None
    return article


def photo_tables(path: Path) -> list[dict[str, str]]:
    """The commented [pages.articles.photo] tables in the article's front matter, as TOML
    reads them once uncommented."""
    front = path.read_text(encoding="utf-8").split("\n---\n")[0]
    comments = [line[2:] for line in front.split("\n") if line.startswith("# ")]
    tables = tomllib.loads("\n".join(comments).replace("[pages.articles.photo]",
                                                       "[[photo]]"))
    return list(tables.get("photo", []))


def characters(text: str) -> str:
    """The characters that count: all but white space, sorted, so that a moved caption
    counts the same."""
    return "".join(sorted(c for c in text if not c.isspace()))


def written_characters(path: Path) -> str:
    """Every character the article file carries as text: front matter values, the body,
    the photo captions and credits."""
    article = loaded(path)
    head = [article.kicker, article.title, article.subtitle, article.byline, article.dateline]
    body = ["".join(block.lines) for block in article.blocks]
    photos = [table.get(key, "") for table in photo_tables(path)
              for key in ("caption", "credit")]
    return characters("".join(filter(None, [*head, *body, *photos])))


def input_characters(text: str) -> str:
    return characters(CREDIT_IN_BRACKETS.sub(r"\1", text.replace(LEFT_OUT, "")))
