"""The catalogue: a SQLite database of papers, issues, pages and articles, searchable in Chinese.

SQLite's FTS5 tokenisers split text at spaces, which Chinese does not have. Each article's
text is therefore stored as overlapping character bigrams (汤阴县 -> 汤阴 阴县), Latin
words and numbers whole; a query is turned into the same bigrams and searched as a phrase,
so 巡察工作 finds exactly the articles where those four characters stand together.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from layout.errors import LayoutError, ManifestError
from layout.manifest.load import load_issue
from layout.model import Issue
from layout.typeset.normalise import normalise, rejoin

SCHEMA = """
CREATE TABLE IF NOT EXISTS issues (
    id INTEGER PRIMARY KEY, paper TEXT, cn_number TEXT, date TEXT, number INTEGER,
    folder TEXT UNIQUE);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY, issue INTEGER REFERENCES issues(id), page INTEGER,
    page_name TEXT, title TEXT, source TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS article_text USING fts5(title, body, tokenize='unicode61');
"""
_TOKEN = re.compile(r"[A-Za-z0-9]+|[^\sA-Za-z0-9\W]|[\u3400-\u9fff\U00020000-\U0003134f]")


@dataclass(frozen=True)
class Hit:
    paper: str
    date: str
    page: int
    page_name: str
    title: str
    source: str

    def __str__(self) -> str:
        return f"{self.paper}  {self.date}  第{self.page}版 {self.page_name}  {self.title}"


def bigrams(text: str) -> str:
    """Text as FTS5 tokens: every pair of neighbouring Han characters, Latin words whole."""
    tokens, run = [], []
    for token in _TOKEN.findall(text):
        if len(token) == 1 and not token.isascii():
            run.append(token)
            continue
        tokens += _pairs(run)
        run = []
        tokens.append(token.lower())
    return " ".join(tokens + _pairs(run))


def _pairs(run: list[str]) -> list[str]:
    if len(run) == 1:
        return run
    return [a + b for a, b in zip(run, run[1:], strict=False)]


def index(root: Path, database: Path) -> tuple[int, list[str]]:
    """Catalogue every issue under `root`; returns the number indexed and the problems
    of those that could not be read (each reported, the others indexed)."""
    connection = sqlite3.connect(database)
    problems, count = [], 0
    with connection:
        connection.executescript(SCHEMA)
        for folder in issue_folders(root):
            try:
                issue = load_issue(folder)
            except (ManifestError, LayoutError) as error:
                problems.append(f"{folder}: {str(error).splitlines()[0]}")
                continue
            _store(connection, issue)
            count += 1
    connection.close()
    return count, problems


def issue_folders(root: Path) -> Iterator[Path]:
    """Every folder under `root` that holds an issue.toml, in sorted order."""
    yield from sorted(path.parent for path in root.rglob("issue.toml"))


def _store(connection: sqlite3.Connection, issue: Issue) -> None:
    folder = str(issue.issue_dir)
    row = connection.execute("SELECT id FROM issues WHERE folder = ?", (folder,)).fetchone()
    if row:  # indexing again replaces what was there
        connection.execute("DELETE FROM article_text WHERE rowid IN "
                           "(SELECT id FROM articles WHERE issue = ?)", row)
        connection.execute("DELETE FROM articles WHERE issue = ?", row)
        connection.execute("DELETE FROM issues WHERE id = ?", row)
    cursor = connection.execute(
        "INSERT INTO issues (paper, cn_number, date, number, folder) VALUES (?, ?, ?, ?, ?)",
        (issue.paper.name, issue.paper.cn_number, issue.date.isoformat(), issue.issue_number,
         folder))
    issue_id = cursor.lastrowid
    seen = set()
    for page in issue.pages:
        for module in page.modules:
            article = module.article
            if article.source in seen:
                continue
            seen.add(article.source)
            body = "".join(normalise(rejoin(block.lines))[0] for block in article.blocks)
            row_id = connection.execute(
                "INSERT INTO articles (issue, page, page_name, title, source) "
                "VALUES (?, ?, ?, ?, ?)",
                (issue_id, page.number, page.name, article.title,
                 article.source.relative_to(issue.issue_dir).as_posix())).lastrowid
            connection.execute("INSERT INTO article_text (rowid, title, body) VALUES (?, ?, ?)",
                               (row_id, bigrams(article.text()[:200] + article.title),
                                bigrams(body)))


def search(database: Path, query: str, limit: int = 50) -> list[Hit]:
    if not database.is_file():
        raise LayoutError(f"{database}: no catalogue; make one with layout archive index")
    tokens = bigrams(query).split()
    if not tokens:
        return []
    # A single character matches every bigram it begins; more are one phrase.
    match = f"{tokens[0]}*" if len(tokens) == 1 and len(query.strip()) == 1 else \
        '"' + " ".join(tokens) + '"'
    connection = sqlite3.connect(database)
    rows = connection.execute(
        "SELECT i.paper, i.date, a.page, a.page_name, a.title, a.source "
        "FROM article_text t JOIN articles a ON a.id = t.rowid JOIN issues i ON i.id = a.issue "
        "WHERE article_text MATCH ? ORDER BY i.date, a.page LIMIT ?", (match, limit)).fetchall()
    connection.close()
    return [Hit(*row) for row in rows]
