"""An article composed again after an edit: the same lines as composed afresh, and only
the paragraphs that changed composed again (the desk sets an article on every save)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from layout.manifest.check import check_issue
from layout.model import Article
from layout.typeset import article as composing
from layout.typeset.setter import Setter, setter_for
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def lead() -> tuple[Article, Setter]:
    issue, _, lock = check_issue(SAMPLE)
    module = issue.pages[0].modules[0]
    return module.article, setter_for(issue.paper, lock)


def edited(article: Article, block: int) -> Article:
    """`article` with one character of its `block`-th paragraph changed."""
    blocks = list(article.blocks)
    first, *rest = blocks[block].lines
    blocks[block] = replace(blocks[block], lines=(first.replace("，", "；", 1), *rest))
    return replace(article, blocks=tuple(blocks))


def test_an_edited_article_composes_only_its_edited_paragraph_again(
        lead: tuple[Article, Setter], monkeypatch: pytest.MonkeyPatch):
    article, setter = lead
    paragraphs = [n for n, block in enumerate(article.blocks) if block.kind == "paragraph"
                  and "，" in block.lines[0]]
    assert len(paragraphs) > 5
    composing.typeset_article(article, 99.0, setter)
    set_again: list[str] = []
    setting = composing._set_paragraph
    monkeypatch.setattr(composing, "_set_paragraph",
                        lambda text, *rest: set_again.append(text) or setting(text, *rest))
    change = edited(article, paragraphs[3])
    again = composing.typeset_article(change, 99.0, setter)
    assert len(set_again) == 1 and "；" in set_again[0]
    monkeypatch.setattr(composing, "_set_lately", type(composing._set_lately)())
    assert again == composing.typeset_article(change, 99.0, setter)   # as set afresh


def test_the_paragraphs_kept_are_bounded(lead: tuple[Article, Setter],
                                         monkeypatch: pytest.MonkeyPatch):
    article, setter = lead
    monkeypatch.setattr(composing, "PARAGRAPHS_KEPT", 3)
    monkeypatch.setattr(composing, "_set_lately", type(composing._set_lately)())
    composing.typeset_article(article, 99.0, setter)
    assert len(composing._set_lately) == 3
