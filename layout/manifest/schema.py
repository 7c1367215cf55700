"""The manifest formats, as validated: paper.toml, issue.toml and article front matter.

Every model forbids unknown keys, so a misspelt key is an error instead of a silent default.
Lengths are in millimetres (mm), type sizes in points (pt), vertical places in body lines.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from layout.i18n import _

SCHEMA_VERSION = 1


def issn_valid(issn: str) -> bool:
    """An ISSN whose check digit (mod 11, X for 10) matches its first seven digits."""
    digits = issn.replace("-", "")
    if len(digits) != 8 or not digits[:7].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return digits[7].upper() == ("X" if check == 10 else str(check))

Mm = Annotated[float, Field(gt=0, le=2000)]
Text = Annotated[str, Field(min_length=1)]


class StrictModel(BaseModel):
    """Unknown keys are errors, and nothing is converted: `span = "4"` is text, refused
    where a number belongs, never read as 4."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Trim(StrictModel):
    width: Mm
    height: Mm


class Margins(StrictModel):
    top: Mm
    bottom: Mm
    left: Mm
    right: Mm


# Page formats a paper can start from; any key given beside `preset` overrides it.
# Both put 9 pt (小五号) on 13.5 pt, columns a whole number of characters, gutters of one.
PRESETS: dict[str, dict] = {
    "四开": {  # tabloid: 6 columns of 11 characters
        "name": "四开", "trim": {"width": 250, "height": 350},
        "margins": {"top": 19, "bottom": 11, "left": 12.29, "right": 12.29},
        "columns": 6, "gutter": 3.17, "body_size": 9, "leading": 13.5, "masthead_lines": 15,
    },
    "对开": {  # broadsheet: 8 columns of 12 characters
        "name": "对开", "trim": {"width": 350, "height": 500},
        "margins": {"top": 24, "bottom": 14, "left": 11.49, "right": 11.49},
        "columns": 8, "gutter": 3.175, "body_size": 9, "leading": 13.5, "masthead_lines": 18,
    },
}


class PageFormat(StrictModel):
    """Page size and grid shared by every page of a paper."""

    preset: Literal["四开", "对开"] | None = Field(
        None, description="start from a standard format; keys given beside it override it")

    name: Text = Field(description="format name, e.g. 四开 (tabloid) or 对开 (broadsheet)")
    trim: Trim
    margins: Margins
    columns: Annotated[int, Field(ge=1, le=12)]
    gutter: Mm
    body_size: Annotated[float, Field(ge=7.875, le=14, description="pt; never below 六号")]
    leading: Annotated[float, Field(gt=0, le=30, description="pt, baseline to baseline")]
    masthead_lines: Annotated[int, Field(ge=4, le=60, description="lines the 报头 takes on page 1")]

    @model_validator(mode="before")
    @classmethod
    def _from_preset(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("preset") in PRESETS:
            return PRESETS[data["preset"]] | data
        return data

    @model_validator(mode="after")
    def _leading_holds_the_type(self) -> PageFormat:
        if self.leading < self.body_size:
            raise ValueError(_("leading {leading} pt is smaller than body_size {size} pt")
                             .format(leading=self.leading, size=self.body_size))
        return self


class FontRoles(StrictModel):
    """Which locked font family (the font lock) each part of the page is set in."""

    body: Text
    headline: Text
    kicker: Text
    crosshead: Text
    byline: Text
    caption: Text
    masthead: Text
    furniture: Text = Field(description="running heads, masthead details, imprint")


INK_LIMIT = 220       # % total ink: ISO 12647-3's recommendation for newsprint
MIN_PHOTO_PPI = 150   # effective resolution a photo may not fall under at placed size
AUTOFIT = 0.02        # tracking auto-fit may change, as a fraction of an em


class NormaliseRules(StrictModel):
    """Which punctuation rules normalisation applies; each may be turned off."""

    marks: bool = Field(True, description="，：；？！。 typed in ASCII between Chinese characters")
    brackets: bool = Field(True, description="a pair of ( ) around Chinese text")
    quotes: bool = Field(True, description='a pair of " " or \' \' around Chinese text')
    ellipses: bool = Field(True, description="... or 。。。 or a lone … between Chinese: ……")
    dashes: bool = Field(True, description="-- between Chinese characters: ——")
    spaces: bool = Field(True, description="a tab or control space: a plain space")


class Typesetting(StrictModel):
    """How body text is composed (CLREQ options)."""

    compose: bool = Field(True, description="justify and compress per CLREQ; false: plain")
    line_rules: Literal["basic", "strict"] = Field(
        "strict", description="CLREQ level: strict keeps —— and …… off the line start too")
    adjacent_pairs: Literal["1.5em", "1em"] = "1.5em"
    opening_at_line_start: Literal["half-when-needed", "full"] = "half-when-needed"
    normalise: bool | NormaliseRules = Field(
        True, description="clean punctuation (true, false, or a table of rules); "
                          "articles may turn it off")
    autofit: Annotated[float, Field(ge=0, le=0.05)] = Field(
        AUTOFIT, description="tracking the engine may change to fit, as a fraction of an em")

    @property
    def normalise_rules(self) -> frozenset[str]:
        """The names of the normalisation rules in force."""
        if isinstance(self.normalise, bool):
            rules = NormaliseRules() if self.normalise else NormaliseRules(
                marks=False, brackets=False, quotes=False, ellipses=False, dashes=False,
                spaces=False)
        else:
            rules = self.normalise
        return frozenset(name for name, on in rules.model_dump().items() if on)


class PrintSettings(StrictModel):
    """What the printing plant asks for: profile, ink limit, photo resolution, file names."""

    profile: Text = Field("icc/newsprint-fogra29-tac220.icc",
                          description="CMYK output profile, a file in the assets")
    ink_limit: Annotated[int, Field(ge=150, le=400)] = Field(
        INK_LIMIT, description="maximum total ink, % (ISO 12647-3 recommends 220 for newsprint)")
    photo_ppi: Annotated[int, Field(ge=72, le=1200)] = 200
    min_photo_ppi: Annotated[int, Field(ge=72, le=1200)] = MIN_PHOTO_PPI
    plate_name: Text = Field("{date:%Y%m%d}-{page:02d}",
                             description="file name of a plate, from {date} and {page}")


ARTICLE_CHARACTERS = 100_000   # ten times a long feature (some 10,000 characters)


class Limits(StrictModel):
    """What a build refuses before spending time on it."""

    article_characters: Annotated[int, Field(ge=1000, le=5_000_000)] = Field(
        ARTICLE_CHARACTERS, description="the longest article file, in characters")


class PaperManifest(StrictModel):
    """paper.toml: what every issue of one paper shares."""

    @model_validator(mode="after")
    def _issn_check_digit(self) -> PaperManifest:
        if self.issn and not issn_valid(self.issn):
            raise ValueError(_("issn {issn}: the check digit does not match").format(
                issn=self.issn))
        return self

    schema_version: Literal[1]
    name: Text = Field(description="the paper's name as printed in the 报头")
    sample: bool = Field(False, description="mark the masthead and imprint as a sample paper")
    cn_number: Text = Field(description="国内统一连续出版物号, e.g. CN 41-0000")
    postal_code: Text = Field(description="邮发代号")
    issn: Annotated[str, Field(pattern=r"^\d{4}-\d{3}[\dX]$")] | None = Field(
        None, description="ISSN, for the masthead barcode (EAN-13 with the issue as add-on)")
    publisher: Text = Field(description="主管主办 line")
    printer: Text
    address: Text
    phone: Text
    price: Text
    page: PageFormat
    fonts: FontRoles
    typesetting: Typesetting = Typesetting()
    print: PrintSettings = PrintSettings()
    limits: Limits = Limits()
    epaper_url: Annotated[str, Field(pattern=r"^https?://[^\s/]+(/[^\s]*)?/$")] | None = Field(
        None, description="the address the e-paper is published at, ending in /: its "
                          "sitemap and IIIF manifests name their files under it")
    templates: Text | None = Field(
        None, description="folder of templates overriding the built-in ones")
    font_lock: Text | None = Field(
        None, description="the paper's own font lock, relative to the paper folder "
                          "(default: the lock installed with layout)")
    assets: Text | None = Field(
        None, description="the paper's own assets folder (logos, colour profiles), relative "
                          "to the paper folder, searched before the installed assets")


Millimetres = Annotated[str, Field(pattern=r"^\d+(\.\d+)?mm$")]


class Place(StrictModel):
    """A rectangle on the page grid: columns from the left; top and height in body lines
    from the top of the type area, or in millimetres written as "42.5mm"."""

    column: Annotated[int, Field(ge=1)]
    span: Annotated[int, Field(ge=1)]
    top: Annotated[int, Field(ge=0)] | Millimetres
    lines: Annotated[int, Field(ge=1)] | Millimetres

    @field_validator("top", "lines", mode="before")
    @classmethod
    def _lines_or_millimetres(cls, value: object, info: ValidationInfo) -> object:
        """One clear message for the two forms a vertical place may take."""
        least = 0 if info.field_name == "top" else 1
        if isinstance(value, int) and not isinstance(value, bool) and value >= least:
            return value
        if isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?mm", value):
            return value
        raise ValueError(_("must be a whole number of body lines, {least} or more, or "
                           "millimetres written like \"42.5mm\"; found {value!r}").format(
                               least=least, value=value))


class PhotoSlot(StrictModel):
    """A photo in an article's module, under its headline.

    By default it spans the module; with a smaller `span` it stands over that many text
    columns at one `side`, and those columns start under its caption. Without `lines` its
    height is left to `layout arrange`, which writes it in.
    """

    source: Text
    lines: int | None = Field(
        None, ge=2, description="height of the picture in body lines; left out: "
                                "`layout arrange` sizes it")
    span: Annotated[int, Field(ge=1)] | None = Field(None, description="columns; default: module")
    side: Literal["left", "right"] = "left"
    caption: Text
    credit: Text | None = None
    caption_lines: Annotated[int, Field(ge=1, le=6)] = 2
    focus: Annotated[tuple[float, float], Field(strict=False)] = Field(
        (0.5, 0.5), description="point kept in view when cropping: [x, y], fractions")

    @model_validator(mode="after")
    def _focus_inside_picture(self) -> PhotoSlot:
        if not all(0 <= v <= 1 for v in self.focus):
            raise ValueError(_("focus must be two fractions between 0 and 1, e.g. [0.5, 0.3]"))
        return self


Headline = Literal["large", "medium", "small"]   # the weight of a headline arrange gives


class ArticleSlot(StrictModel):
    """One article module: its source, its place on the grid, and how it is built.

    `place`, `head_lines` and `title_size` may be left out for `layout arrange` to decide
    and write in (every other command refuses a module without a place or head_lines);
    the editor's wishes for it (`priority`, the bounds, `headline`) are given beside them.
    What the module gives is kept: a placed module stays where it is.
    """

    source: Text
    place: Place | None = Field(None, description="left out: `layout arrange` places it")
    head_lines: int | None = Field(
        None, ge=0, description="lines reserved for the headline block; left out: "
                                "`layout arrange` decides")
    title_size: float | None = Field(
        None, ge=9, le=96, description="主题 size in pt; default: by the module's span")
    columns: int | None = Field(
        None, ge=1, description="text columns; default: span less a photo beside")
    boxed: bool = Field(False, description="draw a 花边 box around the module")
    vertical_title: bool = Field(False, description="set the 主题 vertically (竖排) at the right")
    continues: bool = Field(False, description="this module continues the article (转版)")
    column_rules: bool = Field(False, description="thin rules between the text columns")
    priority: int | None = Field(
        None, ge=1, description="rank on the page for `layout arrange`; 1: the page's lead")
    min_span: int | None = Field(None, ge=1, description="fewest columns arrange may give")
    max_span: int | None = Field(None, ge=1, description="most columns arrange may give")
    min_lines: int | None = Field(None, ge=1, description="fewest body lines arrange may give")
    headline: Headline | None = Field(
        None, description="weight of the headline arrange gives: large, medium or small")
    jump_to: int | None = Field(
        None, ge=1, description="a later page arrange may continue the article on (下转) "
                                "when it does not fit its own")
    photo: PhotoSlot | None = None

    @field_validator("max_span")
    @classmethod
    def _span_bounds_in_order(cls, value: int | None, info: ValidationInfo) -> int | None:
        least = info.data.get("min_span")
        if value is not None and least is not None and value < least:
            raise ValueError(_("must be min_span ({least}) or more, not {value}").format(
                least=least, value=value))
        return value


# The keys of a module that say what the editor wants of `layout arrange`.
WISHES = ("priority", "min_span", "max_span", "min_lines", "headline", "jump_to")


class PageManifest(StrictModel):
    number: Annotated[int, Field(ge=1, description="版次")]
    name: Text = Field(description="版名, e.g. 要闻")
    colour: bool = Field(True, description="false: a black-only plate (photos in K)")
    editor: Text = Field(description="责任编辑")
    proofreader: Text = Field(description="校对")
    designer: Text = Field(description="美编")
    articles: list[ArticleSlot] = Field(min_length=1)


class IssueManifest(StrictModel):
    """issue.toml: one issue of the paper."""

    schema_version: Literal[1]
    date: datetime.date
    issue_number: Annotated[int, Field(ge=1, description="总期号")]
    pages: list[PageManifest] = Field(min_length=1)

    @model_validator(mode="after")
    def _pages_numbered_in_order(self) -> IssueManifest:
        numbers = [p.number for p in self.pages]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(_("pages must be numbered 1 to {count} in order, found {numbers}")
                             .format(count=len(numbers), numbers=numbers))
        return self


class FrontMatter(StrictModel):
    """The head of an article file: its headline parts and byline or dateline."""

    kicker: Text | None = Field(None, description="引题")
    title: Text = Field(description="主题")
    subtitle: Text | None = Field(None, description="副题")
    byline: Text | None = Field(None, description="署名, e.g. 本报记者 郭凡")
    dateline: Text | None = Field(None, description="电头, e.g. 本报讯（记者 郭凡）")
    normalise: bool = Field(True, description="clean the source's punctuation before setting")
