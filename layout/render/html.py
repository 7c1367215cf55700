"""The HTML stage: Jinja2 templates fed with the framed, typeset issue.

Templates are package data; a paper may override any of them with a folder of its own
(`templates` in paper.toml). Autoescape is on and undefined names are errors, so article
text prints literally and a missing field never prints as an empty string.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup

from layout import dates
from layout.engine import Sheet
from layout.frames import Rect
from layout.model import Issue
from layout.render.cjk_spacing import encode
from layout.typeset.compose import SetRun

# Added to a text frame's height so that rounding in the layout never costs a whole line;
# far less than a line, so it never lets one more in.
GRID_SLACK = 0.05  # mm


def make_environment(override: Path | None = None) -> Environment:
    loaders = [FileSystemLoader(override)] if override else []
    loaders.append(PackageLoader("layout", "templates"))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["mm"] = _mm
    env.filters["rect"] = _rect_style
    env.filters["phrases"] = _phrases
    env.filters["np_set"] = _np_set
    return env


def render_html(issue: Issue, sheets: list[Sheet], font_css: str, env: Environment) -> str:
    template = env.get_template("issue.html")
    return template.render(
        paper=issue.paper, issue=issue, sheets=sheets, dates=_dates(issue.date),
        index=front_page_index(sheets), grid_slack=GRID_SLACK,
        font_css=Markup(font_css), page_css=Markup(page_css(issue)),
        base_css=Markup(resources.files("layout").joinpath("static/newspaper.css").read_text("utf-8")))


@dataclass(frozen=True)
class IndexEntry:
    number: int
    titles: tuple[str, ...]


def front_page_index(sheets: list[Sheet]) -> list[IndexEntry]:
    """今日导读: the headlines of every page after the front page."""
    return [IndexEntry(s.page.number, tuple(m.typeset.article.title for m in s.modules
                                            if not m.module.continues))
            for s in sheets[1:]]


def page_css(issue: Issue) -> str:
    fmt, fonts = issue.format, issue.paper.fonts
    variables = {
        "trim-width": _mm(fmt.trim.width), "trim-height": _mm(fmt.trim.height),
        "body-size": f"{fmt.body_size}pt", "leading": f"{fmt.leading}pt",
        **{f"font-{role}": f'"{family}"' for role, family in fonts.model_dump().items()},
    }
    declarations = " ".join(f"--{name}: {value};" for name, value in variables.items())
    return (f"@page {{ size: {_mm(fmt.trim.width)} {_mm(fmt.trim.height)}; margin: 0; }}\n"
            f":root {{ {declarations} }}")


@dataclass(frozen=True)
class _Dates:
    solar: str
    weekday: str
    lunar: str


def _dates(day: datetime.date) -> _Dates:
    return _Dates(dates.solar_date(day), dates.weekday(day), dates.lunar_date(day))


def _phrases(text: str) -> Markup:
    """Each space-separated phrase of a headline in a box that does not break inside."""
    phrase = Markup('<span class="phrase">{}</span>')
    return Markup(" ").join(phrase.format(p) for p in text.split())


def _np_set(run: SetRun) -> str:
    return encode(run.text, run.spacing, run.halt, run.fwid, run.size)


def _mm(value: float) -> str:
    return f"{value:.3f}mm"


def _rect_style(rect: Rect) -> str:
    return f"left: {_mm(rect.x)}; top: {_mm(rect.y)}; width: {_mm(rect.w)}; height: {_mm(rect.h)}"
