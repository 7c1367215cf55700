"""Article files: YAML front matter (headline parts, byline) and a Markdown body.

The body is deliberately plain Markdown: paragraphs separated by blank lines and `##`
crossheads. Nothing else is interpreted, so `*`, `<tag>` or `{{ }}` in a reporter's text
stay exactly as written.
"""

from __future__ import annotations

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
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
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
    blocks = parse_body(post.content)
    if not blocks:
        problems.append(Problem(path, "body", "the article has no text"))
        return None
    return Article(
        id=path.stem, source=path, title=head.title, kicker=head.kicker,
        subtitle=head.subtitle, byline=head.byline, dateline=head.dateline, blocks=blocks,
        normalise=head.normalise)


def parse_body(markdown: str) -> tuple[Block, ...]:
    blocks = []
    kind = "paragraph"
    for token in _MARKDOWN.parse(markdown):
        if token.type == "heading_open":
            kind = "crosshead"
        elif token.type == "paragraph_open":
            kind = "paragraph"
        elif token.type == "inline":
            lines = tuple(line.strip() for line in token.content.split("\n") if line.strip())
            if lines:
                blocks.append(Block(kind, lines))
    return tuple(blocks)
