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
from pydantic import ValidationError

from layout.errors import Problem
from layout.manifest.errors import problems_from
from layout.manifest.schema import FrontMatter
from layout.model import Article, Block

_MARKDOWN = MarkdownIt("zero").enable(["heading"])


def read_article(path: Path, problems: list[Problem]) -> Article | None:
    """The article in `path`, or None with the reasons appended to `problems`."""
    try:
        raw = path.read_text(encoding="utf-8")
        post = frontmatter.loads(raw)
    except UnicodeDecodeError:
        problems.append(Problem(path, "", "is not UTF-8 text"))
        return None
    except OSError as error:
        problems.append(Problem(path, "", f"cannot be read: {error.strerror}"))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(path, "front matter", f"is not valid YAML: {error}"))
        return None
    try:
        head = FrontMatter.model_validate(post.metadata)
    except ValidationError as error:
        problems.extend(problems_from(error, path, prefix="front matter"))
        return None
    blocks = parse_body(post.content, _body_line(raw, post.content), raw.splitlines())
    if not blocks:
        problems.append(Problem(path, "body", "the article has no text"))
        return None
    return Article(
        id=path.stem, source=path, title=head.title, kicker=head.kicker,
        subtitle=head.subtitle, byline=head.byline, dateline=head.dateline, blocks=blocks,
        normalise=head.normalise, head_origins=_head_origins(raw))


def parse_body(markdown: str, first_line: int = 0,
               file_lines: list[str] | None = None) -> tuple[Block, ...]:
    """The body's paragraphs and crossheads; `markdown` starts at 0-based `first_line` of
    the file whose lines are `file_lines`, so each block knows where its lines stand."""
    file_lines = file_lines if file_lines is not None else markdown.splitlines()
    blocks = []
    kind = "paragraph"
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


_FIELD = re.compile(r"^(\w+)\s*:\s*([\"']?)")


def _head_origins(raw: str) -> tuple[tuple[str, int, int], ...]:
    """Where each one-line front matter value starts: (field, line, column), 1-based."""
    lines = raw.splitlines()
    if not lines or lines[0].strip() != "---":
        return ()
    origins = []
    for n, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        if match := _FIELD.match(line):
            origins.append((match.group(1), n, match.end() + 1))
    return tuple(origins)
