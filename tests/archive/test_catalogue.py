"""The catalogue: every article of every issue, found by any Chinese phrase in it."""

from __future__ import annotations

from pathlib import Path

from layout.archive.catalogue import bigrams, index, search
from tests.conftest import SAMPLE, replace_in
from tests.test_cli import layout


def test_bigrams_pair_chinese_and_keep_latin_words_whole():
    assert bigrams("汤阴县 2021 COVID") == "汤阴 阴县 2021 covid"


def test_search_finds_the_lead_by_a_word_in_its_body(tmp_path: Path):
    database = tmp_path / "catalogue.sqlite"
    count, problems = index(SAMPLE.parent, database)
    assert (count, problems) == (1, [])
    hits = search(database, "巡察")
    assert (1, "利剑出鞘去沉痾") in [(hit.page, hit.title) for hit in hits]
    assert all(hit.date == "2021-06-15" and hit.paper == "汤阴新闻" for hit in hits)


def test_a_phrase_matches_only_where_its_characters_stand_together(tmp_path: Path):
    database = tmp_path / "catalogue.sqlite"
    index(SAMPLE.parent, database)
    assert search(database, "巡察") != []
    assert search(database, "察巡") == []
    assert search(database, "月球基地") == []


def test_the_command_line_indexes_and_searches(tmp_path: Path):
    database = tmp_path / "catalogue.sqlite"
    made = layout("archive", "index", SAMPLE.parent, "--db", database)
    assert made.returncode == 0, made.stderr
    assert "1 issues catalogued" in made.stdout
    found = layout("archive", "search", "巡察", "--db", database)
    assert found.returncode == 0, found.stderr
    assert "2021-06-15" in found.stdout and "第1版" in found.stdout
    assert "利剑出鞘" in found.stdout


def test_a_broken_issue_is_skipped_and_named(project: Path, issue_dir: Path, tmp_path: Path):
    replace_in(issue_dir / "issue.toml", "issue_number = 1862", "issue_number = 0")
    result = layout("archive", "index", project / "issues", "--db", tmp_path / "c.sqlite")
    assert "skipped" in result.stderr and "issue.toml" in result.stderr
    assert "0 issues catalogued" in result.stdout


def test_searching_without_a_catalogue_says_so(tmp_path: Path):
    result = layout("archive", "search", "巡察", "--db", tmp_path / "none.sqlite")
    assert result.returncode != 0
    assert "no catalogue" in result.stderr and "Traceback" not in result.stderr
