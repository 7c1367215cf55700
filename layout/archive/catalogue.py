"""The catalogue: a SQLite database of what the stored PDFs say, searchable in Chinese.

It indexes what was archived, not the sources: every stored build under a folder (its
build.json, report.json and issue.pdf), each page's text layer as the PDF holds it, cut
into the articles the report places on that page (and the page's own furniture: masthead,
running head, folio). A word is found on the page it is printed on, in an article that is
in the PDF. A build whose PDF or report is no longer the file its build.json recorded is
skipped and named, not indexed.

SQLite's FTS5 tokenisers split text at spaces, which Chinese does not have. Each passage's
text is therefore stored as overlapping character bigrams (汤阴县 -> 汤阴 阴县), Latin
words and numbers whole; a query is turned into the same bigrams and searched as a phrase,
so 巡察工作 finds exactly the passages where those four characters stand together.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
from lxml import etree

from layout.errors import LayoutError
from layout.i18n import _, ngettext
from layout.model import PT_PER_MM
from layout.project.files import RECORD
from layout.reports.record import fixity, read_record

SCHEMA_VERSION = 3
# `outputs`: the hashes build.json records for the issue's PDF and report when it was
# read; a build that still records them is not read again.
SCHEMA = """
CREATE TABLE issues (
    id INTEGER PRIMARY KEY, paper TEXT, identifier TEXT, date TEXT, number INTEGER,
    folder TEXT UNIQUE, outputs TEXT);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY, issue INTEGER REFERENCES issues(id), page INTEGER,
    page_name TEXT, title TEXT, source TEXT);
CREATE INDEX passages_by_issue ON passages(issue);
CREATE VIRTUAL TABLE passage_text USING fts5(title, body, tokenize='unicode61');
"""
READ = ("issue.pdf", "report.json")   # the stored files the catalogue is made from
_TABLES = ("passage_text", "passages", "articles", "article_text", "issues")
_TOKEN = re.compile(r"[A-Za-z0-9]+|[^\sA-Za-z0-9\W]|[\u3400-\u9fff\U00020000-\U0003134f]")
DC_IDENTIFIER = "{http://purl.org/dc/elements/1.1/}identifier"


@dataclass(frozen=True)
class Hit:
    paper: str
    date: str
    page: int
    page_name: str
    title: str      # the article's headline as printed; "" for the page's own text
    pdf: str        # the stored PDF the text is in

    def __str__(self) -> str:
        """汤阴新闻  2021-06-15  第2版 综合新闻  利剑出鞘去沉痾"""
        return _("{paper}  {date}  page {page} {page_name}  {title}").format(
            paper=self.paper, date=self.date, page=self.page, page_name=self.page_name,
            title=self.title)


@dataclass(frozen=True)
class Passage:
    """Text of one page of a stored PDF: an article's part on it, or the page's own."""

    page: int
    page_name: str
    title: str
    source: str     # the article's source in the issue; "" for the page's own text
    text: str


@dataclass(frozen=True)
class StoredIssue:
    folder: Path
    paper: str
    identifier: str
    date: str
    number: int
    passages: list[Passage]


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


def issue_folders(root: Path) -> Iterator[Path]:
    """Every folder under `root` that holds an issue.toml, in sorted order."""
    yield from sorted(path.parent for path in root.rglob("issue.toml"))


# --------------------------------------------------------------------------- index


def index(root: Path, database: Path, variant: str = "archive") -> tuple[int, list[str]]:
    """Catalogue every stored build of `variant` under `root` (where builds are written);
    returns the number in the catalogue and why each of the others could not be (each
    reported, the others indexed). A build catalogued before from the same files is not
    read again: a second run over a large archive checks the files' hashes and no more."""
    folders = list(build_folders(root, variant))
    if not folders:
        return 0, [_("{root}: no stored {variant} build (build.json) under it; index the "
                     "folder builds are written to (layout build --out, layout archive "
                     "rebuild --out)").format(root=root, variant=variant)]
    problems, count = [], 0
    connection = _open(database)
    with connection:
        for folder in folders:
            try:
                recorded = recorded_outputs(folder)
                if not _catalogued(connection, folder, recorded):
                    _store(connection, _read(folder), recorded)
            except (OSError, ValueError, KeyError, TypeError, LayoutError,
                    pikepdf.PdfError) as error:
                problems.append(_("{folder}: {reason}").format(folder=folder, reason=error))
                continue
            count += 1
    connection.close()
    return count, problems


def build_folders(root: Path, variant: str) -> Iterator[Path]:
    """Every output folder under `root` whose build record is of `variant`, sorted;
    never a build's staging folder."""
    for record in sorted(root.rglob(RECORD)):
        relative = record.parent.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        try:
            if read_record(record.parent).get("variant") == variant:
                yield record.parent
        except (OSError, ValueError):
            yield record.parent     # reported when read, not passed over in silence


def _open(database: Path) -> sqlite3.Connection:
    """The catalogue, made anew if it was made by another release of this schema (it is
    derived from the stored builds, so nothing is lost)."""
    connection = sqlite3.connect(database)
    if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        with connection:
            for table in _TABLES:
                connection.execute(f"DROP TABLE IF EXISTS {table}")
            connection.executescript(SCHEMA)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return connection


def read_stored(folder: Path) -> StoredIssue:
    """What the stored build in `folder` holds, page by page, from its PDF's text layer;
    LayoutError if its PDF or report is not the file its build.json recorded."""
    recorded_outputs(folder)
    return _read(folder)


def recorded_outputs(folder: Path) -> dict[str, str]:
    """The hashes the build record in `folder` gives its PDF and report; LayoutError if it
    gives none, or if the files are no longer those."""
    record = read_record(folder)
    if missing := [n for n in READ if n not in record["outputs"]]:
        raise LayoutError((_("{record} records no {file}; not indexed") if len(missing) == 1
                           else _("{record} records no {file} and no {other}; not indexed"))
                          .format(record=RECORD, file=missing[0], other=missing[-1]))
    recorded = {name: record["outputs"][name] for name in READ}
    if faults := fixity(folder, recorded):
        raise LayoutError(_("{faults}; not indexed (layout archive verify names the damage, "
                            "layout archive rebuild restores it)").format(
            faults=_(", ").join(map(str, faults))))
    return recorded


def _catalogued(connection: sqlite3.Connection, folder: Path, recorded: dict[str, str]) -> bool:
    """Whether the catalogue holds the build in `folder` as read from these very files."""
    row = connection.execute("SELECT outputs FROM issues WHERE folder = ?",
                             (str(folder.resolve()),)).fetchone()
    return row is not None and row[0] == _outputs_key(recorded)


def _outputs_key(recorded: dict[str, str]) -> str:
    return json.dumps(recorded, sort_keys=True)


def _read(folder: Path) -> StoredIssue:
    """What the build in `folder` holds (its files checked by `recorded_outputs`)."""
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    pdf = folder / "issue.pdf"
    return StoredIssue(folder, report["paper"], _identifier(pdf), report["date"],
                       int(report["issue_number"]), list(_passages(pdf, report["pages"])))


def _identifier(pdf: Path) -> str:
    """The PDF's dc:identifier (CN number, issue number, date) when its XMP has one."""
    with pikepdf.open(pdf) as document:
        metadata = document.Root.get("/Metadata")
        if not isinstance(metadata, pikepdf.Stream):
            return ""
        packet = metadata.read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        found = etree.fromstring(packet, parser).find(f".//{DC_IDENTIFIER}")
    except etree.XMLSyntaxError:
        return ""
    return (found.text or "").strip() if found is not None else ""


def _passages(pdf: Path, pages: list[dict]) -> Iterator[Passage]:
    with pdfplumber.open(pdf) as document:
        if len(document.pages) != len(pages):
            raise LayoutError(ngettext("{pdf} has {count} page, its report {listed}",
                                       "{pdf} has {count} pages, its report {listed}",
                                       len(document.pages)).format(
                pdf=pdf.name, count=len(document.pages), listed=len(pages)))
        titles: dict[str, str] = {}   # each article's headline where it begins
        for page, entry in zip(document.pages, pages, strict=True):
            yield from _page_passages(page, entry, titles)


def _page_passages(page: pdfplumber.page.Page, entry: dict,
                   titles: dict[str, str]) -> Iterator[Passage]:
    """The page's characters (in the order the PDF draws them, which is reading order),
    each given to the article whose module holds it, the rest to the page itself."""
    origin = (page.trimbox or page.bbox)[:2]
    rest = page.chars
    for module in entry["modules"]:
        inside, rest = _split(rest, _box(module["outer"], origin))
        head, _others = _split(inside, _box(module["head"], origin))
        title = titles.setdefault(module["source"], _headline(head) or module["article"])
        yield Passage(entry["number"], entry["name"], title, module["source"], _text(inside))
    yield Passage(entry["number"], entry["name"], "", "", _text(rest))


def _box(mm: list[float], origin: tuple[float, float]) -> tuple[float, float, float, float]:
    """A report's box (x, y, width, height in mm from the trim's top left) in the
    PDF page's points, top-down as pdfplumber measures."""
    x, y, w, h = (v * PT_PER_MM for v in mm)
    return origin[0] + x, origin[1] + y, origin[0] + x + w, origin[1] + y + h


def _split(chars: list[dict], box: tuple[float, float, float, float]) -> tuple[list, list]:
    """The characters whose centre lies in `box`, and the others, each in their order. A
    quarter of a character's size is allowed over the edge: punctuation set half-width at
    the start of a line stands with its centre just outside the column."""
    inside: list[dict] = []
    outside: list[dict] = []
    for char in chars:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        slack = char["size"] / 4
        hit = box[0] - slack <= x <= box[2] + slack and box[1] - slack <= y <= box[3] + slack
        (inside if hit else outside).append(char)
    return inside, outside


def _headline(head: list[dict]) -> str:
    """The headline: the largest type in the module's head (not its kicker or subtitle)."""
    if not head:
        return ""
    largest = max(char["size"] for char in head)
    return _text([char for char in head if char["size"] > largest - 0.5]).strip()


def _text(chars: list[dict]) -> str:
    """Characters as text: a space where a gap or a new line parts them."""
    parts, previous = [], None
    for char in chars:
        if previous is not None:
            new_line = abs(char["top"] - previous["top"]) > previous["size"] / 2
            gap = char["x0"] - previous["x1"] > previous["size"] / 4
            if new_line or gap:
                parts.append(" ")
        parts.append(char["text"])
        previous = char
    return "".join(parts)


def _store(connection: sqlite3.Connection, issue: StoredIssue, recorded: dict[str, str]) -> None:
    folder = str(issue.folder.resolve())
    row = connection.execute("SELECT id FROM issues WHERE folder = ?", (folder,)).fetchone()
    if row:  # indexing again replaces what was there
        connection.execute("DELETE FROM passage_text WHERE rowid IN "
                           "(SELECT id FROM passages WHERE issue = ?)", row)
        connection.execute("DELETE FROM passages WHERE issue = ?", row)
        connection.execute("DELETE FROM issues WHERE id = ?", row)
    issue_id = connection.execute(
        "INSERT INTO issues (paper, identifier, date, number, folder, outputs) "
        "VALUES (?, ?, ?, ?, ?, ?)", (issue.paper, issue.identifier, issue.date, issue.number,
                                      folder, _outputs_key(recorded))).lastrowid
    for passage in issue.passages:
        row_id = connection.execute(
            "INSERT INTO passages (issue, page, page_name, title, source) "
            "VALUES (?, ?, ?, ?, ?)",
            (issue_id, passage.page, passage.page_name, passage.title,
             passage.source)).lastrowid
        connection.execute("INSERT INTO passage_text (rowid, title, body) VALUES (?, ?, ?)",
                           (row_id, bigrams(passage.title), bigrams(passage.text)))


# --------------------------------------------------------------------------- search


def search(database: Path, query: str, limit: int = 50) -> list[Hit]:
    if not database.is_file():
        raise LayoutError(_("{database}: no catalogue; make one with layout archive index")
                          .format(database=database))
    tokens = bigrams(query).split()
    if not tokens:
        return []
    # A single character matches every bigram it begins; more are one phrase.
    match = f"{tokens[0]}*" if len(tokens) == 1 and len(query.strip()) == 1 else \
        '"' + " ".join(tokens) + '"'
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute(
            "SELECT i.paper, i.date, p.page, p.page_name, p.title, i.folder "
            "FROM passage_text t JOIN passages p ON p.id = t.rowid "
            "JOIN issues i ON i.id = p.issue WHERE passage_text MATCH ? "
            "ORDER BY i.date, p.page, p.id LIMIT ?", (match, limit)).fetchall()
    except sqlite3.OperationalError as error:
        raise LayoutError(_("{database}: not a catalogue of this release ({reason}); make it "
                            "again with layout archive index").format(
            database=database, reason=error)) from error
    finally:
        connection.close()
    return [Hit(row[0], row[1], row[2], row[3], row[4], str(Path(row[5]) / "issue.pdf"))
            for row in rows]
