"""The typesetting stage: an article's text becomes composed lines for its column measure.

Input text is normalised first (typeset.normalise), then every paragraph, crosshead and
byline is broken into lines by the composer (typeset.compose) at the measure of the
article's text columns. What comes out is a list of rows, one per body line of the
baseline grid, which the flow stage distributes over the columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from layout.fonts import FontLock
from layout.manifest.schema import PaperManifest
from layout.model import Article
from layout.typeset.atoms import Rules, atomize
from layout.typeset.compose import SetLine, set_paragraph, set_unjustified
from layout.typeset.metrics import FaceMetrics
from layout.typeset.normalise import Change, normalise, rejoin

RowKind = Literal["text", "crosshead", "space", "byline", "jump-to", "jump-from"]


@dataclass(frozen=True)
class Row:
    """One line of the baseline grid: a composed line, or the space before a crosshead."""

    kind: RowKind
    line: SetLine | None = None
    starts_block: bool = False   # first row of a crosshead: keep it with what follows


@dataclass(frozen=True)
class Setter:
    """What the composer needs to know about the type: fonts per run, size, rules."""

    fonts: dict[str, FaceMetrics]   # run name -> metrics: body, dateline, crosshead, byline
    size: float
    files: dict[str, Path]          # headline parts: role -> font file (title, deck)
    rules: Rules = Rules()
    indent_ems: float = 2.0
    compose: bool = True      # false: paragraphs go to the renderer as plain text
    normalise: bool = True
    autofit: float = 0.02     # tracking the engine may apply, as a fraction of an em
    font_hashes: tuple[str, ...] = ()   # the locked files' SHA-256, for the cache key

    @property
    def fingerprint(self) -> tuple:
        """What, besides the text and measure, decides the composed lines: for caching."""
        fonts = tuple(sorted((run, str(m.path), m.size) for run, m in self.fonts.items()))
        return (fonts, self.font_hashes, self.size, self.rules, self.indent_ems, self.compose,
                self.normalise,
                tuple(sorted((k, str(v)) for k, v in self.files.items())))


RUN_ROLES = {  # composer run -> (font role in paper.toml, weight)
    "body": ("body", 400),
    "dateline": ("crosshead", 700),
    "crosshead": ("crosshead", 700),
    "byline": ("byline", 400),
}


def setter_for(paper: PaperManifest, lock: FontLock) -> Setter:
    roles = paper.fonts.model_dump()
    size = paper.page.body_size
    fonts = {run: FaceMetrics(lock.file_of(roles[role], weight), size)
             for run, (role, weight) in RUN_ROLES.items()}
    options = paper.typesetting
    rules = Rules(dashes_never_start_a_line=options.line_rules == "strict",
                  pair_to_one_em=options.adjacent_pairs == "1em",
                  half_opening_at_line_start=options.opening_at_line_start != "full")
    files = {"title": lock.file_of(roles["headline"], 900),
             "deck": lock.file_of(roles["kicker"], 700)}
    return Setter(fonts=fonts, size=size, files=files, rules=rules, compose=options.compose,
                  normalise=options.normalise, autofit=options.autofit,
                  font_hashes=tuple(sorted(face.sha256 for face in lock.faces)))


def headline_lines(text: str, part: str, size: float, measure: float,
                   setter: Setter) -> tuple[str, ...]:
    """A headline part (title or deck: 引题/副题) broken into balanced lines: between
    phrases where it has spaces, never one character alone, a leading —— kept with its
    text. A part too wide for the measure keeps its overflow, for the renderer to flag."""
    metrics = _headline_metrics(setter.files[part], size)
    lines = set_unjustified(atomize(text, "headline", metrics), measure, size, setter.rules)
    return tuple(line.text for line in lines)


@lru_cache(maxsize=32)
def _headline_metrics(path: Path, size: float) -> FaceMetrics:
    return FaceMetrics(path, size)


@dataclass(frozen=True)
class Paragraph:
    """A block's text after normalisation, for the renderer when nothing is composed."""

    kind: str
    text: str


@dataclass(frozen=True)
class Head:
    """The article's headline parts, byline and dateline after normalisation."""

    kicker: str | None
    title: str
    subtitle: str | None
    byline: str | None
    dateline: str | None


@dataclass(frozen=True)
class TypesetArticle:
    article: Article
    rows: tuple[Row, ...]
    changes: tuple[Change, ...]
    measure: float
    paragraphs: tuple[Paragraph, ...]
    head: Head

    @property
    def characters(self) -> int:
        return sum(len(row.line.text) for row in self.rows if row.line)


def typeset_article(article: Article, measure: float, setter: Setter,
                    tracking: float = 0.0) -> TypesetArticle:
    """The article composed for columns `measure` pt wide; `tracking` (a fraction of an
    em, negative to tighten) sets its paragraphs as if each character were that much wider."""
    normalised = setter.normalise and article.normalise
    head, changes = _clean_head(article, normalised)
    paragraphs, body_changes = _clean_text(article, normalised)
    rows = _compose(head, paragraphs, measure, setter, tracking) if setter.compose else []
    return TypesetArticle(article, tuple(rows), tuple(changes + body_changes), measure,
                          tuple(paragraphs), head)


def _clean_head(article: Article, normalised: bool) -> tuple[Head, list[Change]]:
    fields, changes = {}, []
    for name in ("kicker", "title", "subtitle", "byline", "dateline"):
        value = getattr(article, name)
        if value and normalised:
            value, found = normalise(value, where=name)
            changes += found
        fields[name] = value
    return Head(**fields), changes


def _clean_text(article: Article, normalised: bool) -> tuple[list[Paragraph], list[Change]]:
    paragraphs, changes = [], []
    for n, block in enumerate(article.blocks):
        text = rejoin(block.lines)
        if normalised:
            text, found = normalise(text, where=f"paragraph {n + 1}")
            changes += found
        paragraphs.append(Paragraph(block.kind, text))
    return paragraphs, changes


def _compose(head: Head, paragraphs: list[Paragraph], measure: float, setter: Setter,
             tracking: float) -> list[Row]:
    rows = _byline(head.byline, measure, setter) if head.byline else []
    dateline = head.dateline
    for paragraph in paragraphs:
        if paragraph.kind == "crosshead":
            rows += _crosshead(paragraph.text, measure, setter)
            continue
        rows += _paragraph(paragraph.text, dateline, measure, setter, tracking)
        dateline = None
    return rows


def jump_row(kind: str, text: str, measure: float, setter: Setter) -> Row:
    """A 下转第N版 ("to") or 上接第N版 ("from") line."""
    (line,) = set_unjustified(atomize(text, "body", setter.fonts["body"]), measure,
                              setter.size, setter.rules)[:1]
    return Row(f"jump-{kind}", line)


def _paragraph(text: str, dateline: str | None, measure: float, setter: Setter,
               tracking: float) -> list[Row]:
    atoms = atomize(dateline, "dateline", setter.fonts["dateline"]) if dateline else []
    atoms += atomize(text, "body", setter.fonts["body"])
    indent = setter.indent_ems * setter.size
    lines = set_paragraph(atoms, measure, indent, setter.size, setter.rules,
                          break_measure=measure / (1 + tracking))
    return [Row("text", line) for line in lines]


def _crosshead(text: str, measure: float, setter: Setter) -> list[Row]:
    lines = set_unjustified(atomize(text, "crosshead", setter.fonts["crosshead"]), measure,
                            setter.size, setter.rules)
    return [Row("space", starts_block=True), *(Row("crosshead", line) for line in lines)]


def _byline(byline: str, measure: float, setter: Setter) -> list[Row]:
    lines = set_unjustified(atomize("□" + byline, "byline", setter.fonts["byline"]), measure,
                            setter.size, setter.rules)
    return [Row("byline", line) for line in lines]
