"""Article files: YAML front matter (headline parts, byline) and a Markdown body.

The body is deliberately plain Markdown: paragraphs separated by blank lines and `##`
crossheads. Nothing else is interpreted, so `*`, `<tag>` or `{{ }}` in a reporter's text
stay exactly as written.
"""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from pydantic import ValidationError

from layout.errors import Problem
from layout.i18n import _
from layout.manifest.messages import problems_from
from layout.manifest.positions import value_positions
from layout.manifest.schema import ARTICLE_CHARACTERS, FrontMatter
from layout.manifest.text import NotUtf8Error, read_text
from layout.model import Article, Block, BlockKind

# A crosshead: a line of `## ` and its text (indented less than four spaces). Its text is
# what follows the marks, as written (a # at its end prints); `#`, `###` and the like
# before text print as written, as the rest of the body does.
CROSSHEAD = re.compile(r" {0,3}##[ \t]+(\S.*?)[ \t]*")


def _crosshead(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    begin = state.bMarks[start]
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    match = CROSSHEAD.fullmatch(state.src[begin:state.eMarks[start]])
    if not match:
        return False
    if silent:
        return True
    state.line = start + 1
    opening = state.push("heading_open", "h2", 1)
    opening.markup, opening.map = "##", [start, state.line]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = match.group(1), [start, state.line], []
    state.push("heading_close", "h2", -1).markup = "##"
    return True


_MARKDOWN = MarkdownIt("zero")
_MARKDOWN.block.ruler.before("paragraph", "crosshead", _crosshead, {"alt": ["paragraph"]})


def read_article(path: Path, problems: list[Problem],
                 limit: int = ARTICLE_CHARACTERS) -> Article | None:
    """The article in `path`, or None with the reasons appended to `problems`. An article
    longer than `limit` characters is refused before it is parsed or set."""
    try:
        raw = read_text(path)
    except NotUtf8Error as error:
        problems.append(Problem(path, "", str(error)))
        return None
    except OSError as error:
        problems.append(Problem(path, "", _("cannot be read: {reason}").format(
            reason=error.strerror)))
        return None
    # Lines may end as on Windows (CR LF) or on old Macs (CR alone): read as LF, as an
    # editor shows them (a CR-only file had been read as one line, without front matter).
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if fault := _shape_fault(raw, limit):
        problems.append(Problem(path, "", fault))
        return None
    if pitfalls := _read_as_less(raw):
        problems.extend(Problem(path, "", message, line) for line, message in pitfalls)
        return None
    try:
        post = frontmatter.loads(raw)
        head = FrontMatter.model_validate(post.metadata)
    except yaml.YAMLError as error:
        problems.append(Problem(path, "front matter", _("is not valid YAML: {reason}").format(
            reason=error)))
        return None
    except ValidationError as error:
        problems.extend(problems_from(error, path, prefix="front matter", schema=FrontMatter))
        return None
    lines = raw.split("\n")   # as Markdown counts lines: not at U+2028 and its like
    blocks = parse_body(post.content, _body_line(raw, post.content), lines)
    if not blocks:
        problems.append(Problem(path, "", _("has a headline but no text: write the article "
                                            "below the front matter's closing ---")))
        return None
    return Article(
        id=path.stem, source=path, title=head.title, kicker=head.kicker,
        subtitle=head.subtitle, byline=head.byline, dateline=head.dateline, blocks=blocks,
        normalise=head.normalise,
        head_origins=tuple(value_positions(lines, post.metadata).items()))


def _shape_fault(raw: str, limit: int) -> str | None:
    """What is wrong with the file as a whole, before its parts are read."""
    if not raw.strip():
        return _("is empty: an article starts with front matter between two --- lines "
                 "(title: …) and its text below (docs/manifest.md)")
    if len(raw) > limit:
        return _("has {count:,} characters, more than the {limit:,} an article may have "
                 "([limits] article_characters in paper.toml): is it the right file?").format(
                     count=len(raw), limit=limit)
    lines = raw.split("\n")
    if lines[0].strip() != "---":
        return _("has no front matter: start it with a line ---, then title: and the other "
                 "headline parts, then another line ---")
    if not any(line.strip() == "---" for line in lines[1:]):
        return _("the front matter opened by --- on line 1 is never closed: add a line --- "
                 "after the headline parts")
    return None


_NULLS = {"~", "null", "Null", "NULL"}


def _read_as_less(raw: str) -> list[tuple[int, str]]:
    """Where YAML would read less than the front matter says, with the file's line: a
    comment after a value (`title: 测试一 #话题` is read as 测试一) and a null written out
    (`kicker: ~` prints no kicker). The text must print as written. A line that is all
    comment is a note (an imported article's photos are kept so) and stays allowed."""
    lines = raw.split("\n")
    end = next((n for n, line in enumerate(lines[1:], start=1) if line.strip() == "---"), 1)
    front = lines[1:end]
    try:
        tokens = list(yaml.scan("\n".join(front), Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return []   # the parser says what is wrong
    covered: dict[int, list[tuple[int, int]]] = {}
    found = []
    for token in tokens:
        start, stop = token.start_mark, token.end_mark
        for line in range(start.line, stop.line + 1):
            covered.setdefault(line, []).append((start.column if line == start.line else 0,
                                                 stop.column if line == stop.line else 10**9))
        if isinstance(token, yaml.ScalarToken) and token.plain and token.value in _NULLS:
            found.append((start.line + 2, _("{value} is YAML for no value: nothing would be "
                                            "printed. To print {value}, put the value in "
                                            "quotes (\"{value}\"); for none, leave the line "
                                            "out").format(value=token.value)))
    for n, text in enumerate(front):
        if text.lstrip().startswith("#"):
            continue
        for column, char in enumerate(text):
            if char == "#" and (column == 0 or text[column - 1] in " \t") and not any(
                    a <= column < b for a, b in covered.get(n, [])):
                found.append((n + 2, _("“{comment}” is a YAML comment and would not be "
                                       "printed: to print it, put the whole value in quotes "
                                       "(title: \"测试一 #话题\"); else delete it").format(
                                           comment=text[column:].strip())))
                break
    return sorted(found)


def parse_body(markdown: str, first_line: int = 0,
               file_lines: list[str] | None = None) -> tuple[Block, ...]:
    """The body's paragraphs and crossheads; `markdown` starts at 0-based `first_line` of
    the file whose lines are `file_lines`, so each block knows where its lines stand."""
    file_lines = file_lines if file_lines is not None else markdown.split("\n")
    blocks = []
    kind: BlockKind = "paragraph"
    for token in _MARKDOWN.parse(markdown):
        if token.type == "heading_open":
            kind = "crosshead"
        elif token.type == "paragraph_open":
            kind = "paragraph"
        elif token.type == "inline":
            lines = tuple(line.strip() for line in token.content.split("\n") if line.strip())
            start = first_line + (token.map[0] if token.map else 0)
            if lines:
                blocks.append(Block(kind, lines, _origins(lines, file_lines, start)))
    return tuple(blocks)


def _origins(lines: tuple[str, ...], file_lines: list[str],
             start: int) -> tuple[tuple[int, int], ...]:
    """(line, column), 1-based, where each of a block's lines stands in the file."""
    origins, n = [], start
    for line in lines:
        while n < len(file_lines) - 1 and line not in file_lines[n]:
            n += 1
        column = file_lines[n].find(line) if n < len(file_lines) else -1
        origins.append((n + 1, column + 1 if column >= 0 else 1))
        n += 1
    return tuple(origins)


def _body_line(raw: str, content: str) -> int:
    """The 0-based line of the file where the body (front matter removed) begins."""
    end = len(raw.rstrip())
    return raw[:max(end - len(content), 0)].count("\n")
