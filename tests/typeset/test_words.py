"""Headline word breaks from jieba's dictionary read word by word from its index: the same
cuts as jieba loading the whole dictionary, for the sample's headlines and for any text."""

from __future__ import annotations

import logging
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layout.manifest.check import check_issue
from layout.typeset import words
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def jiebas_own(tmp_path_factory: pytest.TempPathFactory) -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(tmp_path_factory.mktemp("jieba"))
    tokenizer.initialize()
    return tokenizer


def headlines() -> list[str]:
    issue, _resources, _lock = check_issue(SAMPLE)
    texts = []
    for article in issue.articles():
        texts += [t for t in (article.kicker, article.title, article.subtitle, article.byline)
                  if t]
        texts += [line for block in article.blocks if block.kind == "crosshead"
                  for line in block.lines]
    return texts


def test_the_index_cuts_the_sample_headlines_as_jieba_does(jiebas_own):
    tokenizer = words._tokenizer()
    assert isinstance(tokenizer.FREQ, words.IndexedWords)
    texts = headlines()
    assert len(texts) > 10
    for text in texts:
        assert list(tokenizer.cut(text)) == list(jiebas_own.cut(text)), text


SAMPLE_CHARACTERS = sorted(set("".join(headlines())) | set("，。、“”——《》0123456789AZaz "))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=SAMPLE_CHARACTERS, max_size=24))
def test_the_index_cuts_any_text_as_jieba_does(jiebas_own, text: str):
    assert list(words._tokenizer().cut(text)) == list(jiebas_own.cut(text))


def test_without_a_writable_cache_jieba_loads_its_dictionary_itself(
        jiebas_own, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_folder))
    words._tokenizer.cache_clear()
    try:
        tokenizer = words._tokenizer()
        assert not isinstance(tokenizer.FREQ, words.IndexedWords)
        assert list(tokenizer.cut("十三届汤阴县委巡察工作纪实")) == \
            list(jiebas_own.cut("十三届汤阴县委巡察工作纪实"))
    finally:
        words._tokenizer.cache_clear()
