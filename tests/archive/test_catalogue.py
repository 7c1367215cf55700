"""The catalogue: what the stored PDFs say, found by any Chinese phrase, on the page where
it is printed; nothing that is in the sources but in no PDF."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from layout.archive.catalogue import bigrams, index, read_stored, search
from layout.archive.rebuild import rebuild
from layout.build import BuildResult
from tests.conftest import SAMPLE, replace_in
from tests.test_cli import layout


@pytest.fixture(scope="module")
def catalogue(archive_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = tmp_path_factory.mktemp("catalogue") / "catalogue.sqlite"
    assert index(archive_build.issue_pdf.parent.parent, database) == (1, [])
    return database


def found(database: Path, query: str) -> list[tuple[int, str]]:
    return [(hit.page, hit.title) for hit in search(database, query)]


def test_bigrams_pair_chinese_and_keep_latin_words_whole():
    assert bigrams("汤阴县 2021 COVID") == "汤阴 阴县 2021 covid"


def test_search_finds_the_lead_on_each_page_it_is_printed_on(catalogue: Path):
    assert found(catalogue, "巡察") == [(1, "利剑出鞘去沉痾"), (2, "利剑出鞘去沉痾")]
    hit = search(catalogue, "巡察")[0]
    assert (hit.paper, hit.date, hit.page_name) == ("汤阴新闻", "2021-06-15", "要闻")
    assert Path(hit.pdf).name == "issue.pdf" and Path(hit.pdf).is_file()


def test_text_printed_only_on_page_2_is_found_on_page_2(catalogue: Path):
    # The lead article begins on 第1版 and goes on on 第2版; its last part is only there.
    assert found(catalogue, "以巡促治") == [(2, "利剑出鞘去沉痾")]
    assert found(catalogue, "挽回经济损失") == [(1, "利剑出鞘去沉痾")]


def test_headlines_and_the_pages_own_text_are_found(catalogue: Path):
    assert found(catalogue, "增进邻里情感") == [(1, "弘扬传统文化 增进邻里情感")]
    assert found(catalogue, "国内统一连续出版物号") == [(1, "")]   # the masthead's


def test_a_phrase_matches_only_where_its_characters_stand_together(catalogue: Path):
    assert search(catalogue, "巡察") != []
    assert search(catalogue, "察巡") == []
    assert search(catalogue, "月球基地") == []


def test_every_paragraph_of_every_article_is_indexed_with_its_article(
        archive_build: BuildResult):
    passages = read_stored(archive_build.issue_pdf.parent).passages
    for source in sorted((SAMPLE / "articles").glob("*.md")):
        name = f"articles/{source.name}"
        text = re.sub(r"\s+", "", "".join(p.text for p in passages if p.source == name))
        body = source.read_text(encoding="utf-8").split("---\n", 2)[2]
        for paragraph in (p for p in body.split("\n\n") if p.strip() and not p.startswith("#")):
            start = re.sub(r"\s+", "", paragraph)[:12]
            assert start in text, f"{source.name}: {start} is not indexed with its article"


def test_a_word_in_the_sources_but_in_no_pdf_is_not_found(
        stored: Path, project: Path, issue_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    shutil.copytree(stored, out / "tangyin" / issue_dir.name)  # the archive as built
    lead = issue_dir / "articles" / "xunchao-jishi.md"
    replace_in(lead, "巡察", "月球基地巡察")                 # a new word in the sources...
    (issue_dir / "articles" / "baiying-geyong.md").unlink()  # ...and a rebuild that fails
    (outcome,) = rebuild(project / "issues", out, "archive")
    assert outcome.status == "failed"
    database = tmp_path / "catalogue.sqlite"
    assert index(out, database) == (1, [])
    assert search(database, "月球基地") == []
    assert found(database, "以巡促治") == [(2, "利剑出鞘去沉痾")]


def test_a_damaged_pdf_is_not_indexed_and_is_named(stored: Path, tmp_path: Path):
    pdf = stored / "archive" / "issue.pdf"
    pdf.write_bytes(pdf.read_bytes()[:-1000])
    count, problems = index(stored, tmp_path / "catalogue.sqlite")
    assert count == 0
    assert len(problems) == 1 and "issue.pdf differs from the record" in problems[0]


def test_a_catalogue_of_an_earlier_schema_is_made_again(stored: Path, tmp_path: Path):
    database = tmp_path / "catalogue.sqlite"
    with sqlite3.connect(database) as old:  # as the release that indexed the sources made it
        old.executescript("CREATE TABLE issues (id INTEGER PRIMARY KEY, folder TEXT UNIQUE);"
                          "CREATE TABLE articles (id INTEGER PRIMARY KEY, issue INTEGER);")
    assert index(stored, database) == (1, [])
    assert found(database, "以巡促治") == [(2, "利剑出鞘去沉痾")]


def test_indexing_again_reads_only_the_builds_that_changed(stored: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    """A second run over a large archive must not extract every PDF again (0.25 s an
    issue: an hour for ten years of a daily)."""
    import layout.archive.catalogue as catalogue
    from layout.project.fonts import file_sha256
    from layout.reports.record import read_record, write_record

    database = tmp_path / "catalogue.sqlite"
    assert index(stored, database) == (1, [])
    opened: list[Path] = []
    real_open = catalogue.pdfplumber.open
    monkeypatch.setattr(catalogue.pdfplumber, "open",
                        lambda path, **kw: opened.append(path) or real_open(path, **kw))
    assert index(stored, database) == (1, [])
    assert opened == []
    assert found(database, "以巡促治") == [(2, "利剑出鞘去沉痾")]

    build = stored / "archive"      # built again: page 2 is given another name
    report = build / "report.json"
    replace_in(report, "综合新闻", "要闻")
    record = read_record(build)
    record["outputs"]["report.json"] = file_sha256(report)
    (build / "build.json").write_bytes(write_record(record, build / "build.json"))
    assert index(stored, database) == (1, [])
    assert opened == [build / "issue.pdf"]
    assert [hit.page_name for hit in search(database, "以巡促治")] == ["要闻"]
    assert sqlite3.connect(database).execute("SELECT count(*) FROM issues").fetchone() == (1,)


def test_an_issue_indexed_again_finds_its_passages_by_an_index(catalogue: Path):
    """Replacing an issue's passages looked through every passage of the catalogue:
    indexing an archive again took the square of its size."""
    plan = sqlite3.connect(catalogue).execute(
        "EXPLAIN QUERY PLAN SELECT id FROM passages WHERE issue = 1").fetchall()
    assert any("USING" in row[-1] and "INDEX" in row[-1] for row in plan), plan


def test_the_command_line_indexes_and_searches(archive_build: BuildResult, tmp_path: Path):
    database = tmp_path / "catalogue.sqlite"
    made = layout("archive", "index", archive_build.issue_pdf.parent.parent, "--db", database)
    assert made.returncode == 0, made.stderr
    assert "1 issue catalogued" in made.stdout
    result = layout("archive", "search", "以巡促治", "--db", database)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["汤阴新闻", "2021-06-15", "page", "2", "综合新闻",
                                     "利剑出鞘去沉痾"]


def test_indexing_the_sources_says_where_stored_builds_are(tmp_path: Path):
    result = layout("archive", "index", SAMPLE.parent, "--db", tmp_path / "c.sqlite")
    assert "no stored archive build" in result.stderr
    assert "0 issues catalogued" in result.stdout


def test_searching_without_a_catalogue_says_so(tmp_path: Path):
    result = layout("archive", "search", "巡察", "--db", tmp_path / "none.sqlite")
    assert result.returncode != 0
    assert "no catalogue" in result.stderr and "Traceback" not in result.stderr
