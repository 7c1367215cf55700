"""The HTML stage: Jinja2 templates fed with the framed, typeset issue.

Templates are package data; a paper may override any of them with a folder of its own
(`templates` in paper.toml). Autoescape is on and undefined names are errors, so article
text prints literally and a missing field never prints as an empty string.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
)
from markupsafe import Markup

from layout.model import BLEED, Issue
from layout.pages.engine import Sheet
from layout.pages.frames import Rect
from layout.render import dates
from layout.render.barcode import issue_barcode
from layout.render.cjk_spacing import encode
from layout.typeset.compose import SetRun
from layout.variants.table import Variant

# Added to a text frame's height so that rounding in the layout never costs a whole line;
# far less than a line, so it never lets one more in.
GRID_SLACK = 0.05  # mm
# Addresses of the files the HTML names, free of where the project or the cache lie, so that
# the HTML (and the PDF, whose image names WeasyPrint derives from them) is the same anywhere.
PHOTO_SCHEME = "photo:"
PROFILE_SCHEME = "profile:"


@functools.lru_cache(maxsize=8)
def make_environment(override: Path | None = None) -> Environment:
    loaders: list[BaseLoader] = [FileSystemLoader(override)] if override else []
    loaders.append(PackageLoader("layout", "templates"))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["mm"] = _mm
    env.filters["rect"] = _rect_style
    env.filters["phrases"] = _phrases
    env.filters["np_set"] = _np_set
    return env


@dataclass(frozen=True)
class Output:
    """What the variant being built changes in the HTML."""

    variant: Variant
    issue_dir: Path                              # photos are addressed inside it
    profile: Path | None = None                  # the CMYK output profile, for print
    plates: dict[int, str] = field(default_factory=dict)   # page number -> plate name
    photos: dict[Path, Path] = field(default_factory=dict)  # placed photo -> file to print
    build_id: str = ""

    def photo_url(self, source: Path) -> str:
        """The photo's address in the HTML: its path inside the issue folder."""
        inside = source.resolve().relative_to(self.issue_dir.resolve())
        return PHOTO_SCHEME + quote(inside.as_posix())

    def addresses(self) -> dict[str, Path]:
        """Every address in the HTML and the file it stands for (a photo as prepared)."""
        files = {self.photo_url(source): file for source, file in self.photos.items()}
        if self.profile:
            files[PROFILE_SCHEME + quote(self.profile.name)] = self.profile
        return files


# The layers a page may be drawn in (`render_html`'s `layer`), besides each module by its id.
HEAD_LAYER = "head"   # the masthead or running head, drawn before the modules
FOOT_LAYER = "foot"   # the folio and any marks, drawn after them


def render_html(issue: Issue, sheets: list[Sheet], font_css: str, env: Environment,
                output: Output, index: list[IndexEntry], layer: str | None = None) -> str:
    """The HTML of `sheets`, some or all of the issue's pages; `index` is the front page's
    今日导读 (front_page_index of every page, whichever are drawn). With a `layer`, each
    page holds that part of itself alone: HEAD_LAYER, FOOT_LAYER or the module of that id
    (the templates still see the whole page)."""
    template = env.get_template("issue.html")
    return template.render(
        paper=issue.paper, issue=issue, sheets=sheets, dates=_dates(issue.date),
        index=index, grid_slack=GRID_SLACK, output=output, layer=layer,
        barcode=issue_barcode(issue.paper.issn, issue.issue_number) if issue.paper.issn else None,
        marks=CROP_MARKS if output.variant.marks else (), bleed=BLEED,
        font_css=Markup(font_css), page_css=Markup(page_css(issue, output)),
        base_css=Markup(_stylesheet()))


@dataclass(frozen=True)
class IndexEntry:
    number: int
    titles: tuple[str, ...]


def front_page_index(sheets: list[Sheet]) -> list[IndexEntry]:
    """今日导读: the headlines of every page after the front page."""
    return [IndexEntry(s.page.number, tuple(m.typeset.article.title for m in s.modules
                                            if not m.module.continues))
            for s in sheets[1:]]


# Inks by variant: a proof on screen, or plates in device CMYK (black text in K alone).
SCREEN_INKS = {"ink": "#000", "ink-red": "#c4161c", "paper": "#fff", "ink-alarm": "#e00000",
               "registration": "#000"}
PLATE_INKS = {"ink": "device-cmyk(0 0 0 1)", "ink-red": "device-cmyk(0 0.95 0.9 0)",
              "paper": "device-cmyk(0 0 0 0)", "ink-alarm": "device-cmyk(0 1 1 0)",
              "registration": "device-cmyk(1 1 1 1)"}
MARKS_AREA = 12.0  # mm around the trim for bleed, crop marks and the slug line
# Crop marks at the four corners, 5 mm long, starting at the bleed's edge (model.BLEED):
# (corner x, corner y, direction x, direction y) in units of the trim.
CROP_MARKS = ((0, 0, -1, -1), (1, 0, 1, -1), (0, 1, -1, 1), (1, 1, 1, 1))


def page_css(issue: Issue, output: Output) -> str:
    fmt, fonts = issue.format, issue.paper.fonts
    inks = PLATE_INKS if output.variant.cmyk else SCREEN_INKS
    variables = {
        "trim-width": _mm(fmt.trim.width), "trim-height": _mm(fmt.trim.height),
        "body-size": f"{fmt.body_size}pt", "leading": f"{fmt.leading}pt",
        **{f"font-{role}": f'"{family}"' for role, family in fonts.model_dump().items()},
        **inks,
    }
    declarations = " ".join(f"--{name}: {value};" for name, value in variables.items())
    bleed = f" bleed: {_mm(MARKS_AREA)};" if output.variant.marks else ""
    css = (f"@page {{ size: {_mm(fmt.trim.width)} {_mm(fmt.trim.height)}; margin: 0;{bleed} }}\n"
           f":root {{ {declarations} }}")
    if output.profile:
        address = PROFILE_SCHEME + quote(output.profile.name)
        css += (f'\n@color-profile device-cmyk {{ src: url("{address}"); '
                "components: cyan, magenta, yellow, black; }")
    return css


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


@functools.cache
def _stylesheet() -> str:
    """The package's stylesheet, read once a process: the desk makes the HTML of every
    layer of a changed page on each update."""
    return resources.files("layout").joinpath("static/newspaper.css").read_text("utf-8")
