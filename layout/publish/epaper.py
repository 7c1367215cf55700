"""The 数字报: a static site of the issue, made from the pages as printed.

`index.html` shows every page as a picture with its 版 name, and links to the issues
before and after it; `page-NN.html` shows one page, each article's frames a link (one
link per article, its headline its name, every frame of it on the page a region of that
link); `article-NN.html` is an article's text as set (normalised), its photos, and where
it stands in the paper. `feed.json` (JSON Feed 1.1) lists the articles, `sitemap.xml` the
pages, when the paper says where the e-paper is published. Every address is relative and
nothing is fetched from elsewhere: the folder works from any static web server and from
file://. No script is needed; the page view zooms with a link (CSS :target).
"""

from __future__ import annotations

import bisect
import datetime
import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from PIL import Image, ImageOps

from layout.model import Issue
from layout.pages.engine import ModuleView, Sheet
from layout.pages.frames import Rect
from layout.project.files import atomic_write
from layout.publish.iiif import issue_url
from layout.publish.pictures import Picture
from layout.publish.regions import PageText, article_numbers
from layout.render import dates
from layout.typeset.article import BYLINE_MARK, Head, Paragraph

STYLESHEET = "epaper.css"
PHOTO_WIDTH = 1200          # px: the widest a photo is shown on an article page
PHOTO_QUALITY = 85          # JPEG quality of the photos on article pages
TIME_ZONE = "+08:00"        # the papers' own time: China Standard Time


@dataclass(frozen=True)
class Neighbours:
    """The issues before and after this one beside it in the paper's folder (their dates),
    and the paper's calendar of issues."""

    previous: datetime.date | None
    next: datetime.date | None

    def link(self, day: datetime.date | None) -> str | None:
        return f"../../{day.isoformat()}/epaper/index.html" if day else None

    @property
    def calendar(self) -> str | None:
        """The paper's calendar, where `layout epaper` writes it: only for an issue with
        others beside it."""
        return "../../index.html" if self.previous or self.next else None


@dataclass(frozen=True)
class _Linking:
    """While `layout epaper` links the issues of a site (paper_site.py): the issue folders
    it holds (resolved), and each paper folder's days among them, listed once."""

    published: frozenset[Path]
    days: dict[Path, tuple[datetime.date, ...]] = field(default_factory=dict)


_LINKING: ContextVar[_Linking | None] = ContextVar("linking", default=None)


@contextmanager
def linking_only(published: Iterable[Path]) -> Iterator[None]:
    """Builds within it link an issue only to neighbours among `published` (issue
    folders): a site never links an issue it does not hold. The folders are read once
    for all the builds within it (a paper of thousands of issues is linked in seconds)."""
    token = _LINKING.set(_Linking(frozenset(path.resolve() for path in published)))
    try:
        yield
    finally:
        _LINKING.reset(token)


def neighbours(issue_dir: Path) -> Neighbours:
    """The nearest issue folders before and after `issue_dir` among its siblings: folders
    named by a date (2021-06-14) that hold an issue.toml (and, within `linking_only`,
    are published). Only their names are read."""
    try:
        this = datetime.date.fromisoformat(issue_dir.resolve().name)
    except ValueError:
        return Neighbours(None, None)
    days = _sibling_days(issue_dir.resolve().parent)
    before, after = bisect.bisect_left(days, this), bisect.bisect_right(days, this)
    return Neighbours(days[before - 1] if before else None,
                      days[after] if after < len(days) else None)


def _sibling_days(folder: Path) -> tuple[datetime.date, ...]:
    """The days of the issue folders in `folder`, sorted; within `linking_only`, of the
    published ones, listed once."""
    linking = _LINKING.get()
    if linking is None:
        return tuple(sorted(_dated_issues(folder, None)))
    if folder not in linking.days:
        linking.days[folder] = tuple(sorted(_dated_issues(folder, linking.published)))
    return linking.days[folder]


def _dated_issues(folder: Path, published: frozenset[Path] | None) -> Iterator[datetime.date]:
    for path in folder.iterdir():
        try:
            day = datetime.date.fromisoformat(path.name)
        except ValueError:
            continue
        if (path / "issue.toml").is_file() and (published is None or path.resolve() in published):
            yield day


@dataclass(frozen=True)
class Region:
    """One frame of an article on a page picture, in % of the page."""

    left: str
    top: str
    width: str
    height: str


@dataclass(frozen=True)
class PageRegions:
    number: int        # the article's number in the issue
    title: str
    file: str
    regions: tuple[Region, ...]


@dataclass(frozen=True)
class SitePage:
    number: int
    name: str
    file: str
    pdf: str
    picture: Picture
    large: Picture
    articles: tuple[PageRegions, ...]

    @property
    def aspect(self) -> str:
        """The page's width over its height, for the stylesheet."""
        return f"{self.picture.width / self.picture.height:.4f}"


@dataclass(frozen=True)
class SitePhoto:
    file: str
    caption: str
    credit: str | None
    width: int
    height: int


@dataclass(frozen=True)
class Place:
    """A page the article is printed on: 第1版, then 下转第2版 for each jump."""

    label: str
    link: str


@dataclass(frozen=True)
class SiteArticle:
    number: int
    file: str
    head: Head                  # as normalised; the byline opened with □ as printed
    paragraphs: tuple[Paragraph, ...]
    photos: tuple[SitePhoto, ...]
    places: tuple[Place, ...]

    def text(self) -> str:
        """The article's text as the feed gives it: headline parts, byline, paragraphs."""
        head = self.head
        first = (head.dateline or "")
        lines = [part for part in (head.kicker, head.title, head.subtitle, head.byline) if part]
        body = [(first if n == _first_text(self.paragraphs) else "") + p.text
                for n, p in enumerate(self.paragraphs)]
        return "\n".join(lines + body)


def _first_text(paragraphs: tuple[Paragraph, ...]) -> int:
    return next((n for n, p in enumerate(paragraphs) if p.kind != "crosshead"), -1)


def page_file(number: int) -> str:
    return f"page-{number:02d}.html"


def article_file(number: int) -> str:
    return f"article-{number:02d}.html"


def write_site(folder: Path, issue: Issue, sheets: list[Sheet], texts: list[PageText],
               pictures: list[Picture], large: list[Picture], photos: dict[Path, Path],
               pdfs: list[str]) -> list[Path]:
    """Every file of the site into `folder`; their paths. `photos`: each placed photo's
    file as the screen variants render it."""
    articles, photo_files = _articles(issue, sheets, article_numbers(issue), photos)
    pages = [_page(text, picture, big, pdf, articles)
             for text, picture, big, pdf in zip(texts, pictures, large, pdfs, strict=True)]
    site = _site(issue)
    env = environment()
    files: dict[str, bytes] = {STYLESHEET: stylesheet(), **photo_files}
    files["index.html"] = _render(env, "index.html", site=site, pages=pages)
    for k, page in enumerate(pages):
        files[page.file] = _render(env, "page.html", site=site, page=page,
                                   previous=pages[k - 1] if k else None,
                                   next=pages[k + 1] if k + 1 < len(pages) else None)
    for article in articles.values():
        files[article.file] = _render(env, "article.html", site=site, article=article)
    files["feed.json"] = _feed(issue, site, articles)
    base = issue_url(issue)
    if base:
        files["sitemap.xml"] = _render(env, "sitemap.xml", base=base, pages=pages,
                                       articles=articles.values(), date=issue.date)
    for name, data in files.items():
        atomic_write(folder / name, data)
    return [folder / name for name in files]


@dataclass(frozen=True)
class Site:
    paper: str
    date: datetime.date
    solar: str
    weekday: str
    number: int
    neighbours: Neighbours


def _site(issue: Issue) -> Site:
    return Site(issue.paper.name, issue.date, dates.solar_date(issue.date),
                dates.weekday(issue.date), issue.issue_number, neighbours(issue.issue_dir))


def environment() -> Environment:
    env = Environment(loader=PackageLoader("layout", "templates/epaper"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["solar"] = dates.solar_date
    return env


def stylesheet() -> bytes:
    return resources.files("layout").joinpath(f"static/{STYLESHEET}").read_bytes()


def _render(env: Environment, template: str, **context: object) -> bytes:
    return env.get_template(template).render(**context).encode("utf-8")


def _articles(issue: Issue, sheets: list[Sheet], numbers: dict[Path, int],
              photos: dict[Path, Path]) -> tuple[dict[int, SiteArticle], dict[str, bytes]]:
    """Each article once, from its first module, with every page it is printed on; and
    the files of its photos."""
    views: dict[int, list[tuple[int, ModuleView]]] = {}
    for sheet in sheets:
        for view in sheet.modules:
            views.setdefault(numbers[view.module.article.source], []).append(
                (sheet.page.number, view))
    articles: dict[int, SiteArticle] = {}
    files: dict[str, bytes] = {}
    for number, parts in sorted(views.items()):
        shown = [_photo(number, k, view, photos) for k, view in enumerate(
            (view for _, view in parts if view.module.photo is not None), start=1)]
        articles[number] = _article(number, parts, tuple(photo for photo, _ in shown))
        files |= {photo.file: data for photo, data in shown}
    return articles, files


def _article(number: int, parts: list[tuple[int, ModuleView]],
             photos: tuple[SitePhoto, ...]) -> SiteArticle:
    view = parts[0][1]
    head, typeset = view.typeset.head, view.typeset
    byline = head.byline if not head.byline or head.byline.startswith(BYLINE_MARK) \
        else BYLINE_MARK + head.byline
    pages = list(dict.fromkeys(page for page, _ in parts))
    places = tuple(Place(f"第{page}版" if k == 0 else f"下转第{page}版",
                         f"{page_file(page)}#a{number}") for k, page in enumerate(pages))
    return SiteArticle(number, article_file(number), replace(head, byline=byline),
                       typeset.paragraphs, photos, places)


def _photo(number: int, k: int, view: ModuleView,
           photos: dict[Path, Path]) -> tuple[SitePhoto, bytes]:
    """A placed photo for the article page, made from the file the screen variants
    render."""
    photo = view.module.photo
    assert photo is not None  # the caller chose modules with a photo
    shown = photo_jpeg(photos.get(photo.source, photo.source))
    return SitePhoto(f"photos/a{number:02d}-{k}.jpg", photo.caption, photo.credit,
                     shown.width, shown.height), shown.data


@dataclass(frozen=True)
class Jpeg:
    data: bytes
    width: int
    height: int


def photo_jpeg(path: Path) -> Jpeg:
    """The photo at `path` as the article page shows it: upright, on white paper where it
    is transparent (as it is printed), in RGB, at most PHOTO_WIDTH wide, as a JPEG."""
    with Image.open(path) as image:
        upright = ImageOps.exif_transpose(image)
        if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
            paper = Image.new("RGBA", upright.size, "white")
            upright = Image.alpha_composite(paper, upright.convert("RGBA"))
        upright = upright.convert("RGB")
    if upright.width > PHOTO_WIDTH:
        height = max(1, round(upright.height * PHOTO_WIDTH / upright.width))
        upright = upright.resize((PHOTO_WIDTH, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    upright.save(buffer, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    return Jpeg(buffer.getvalue(), upright.width, upright.height)


def _page(text: PageText, picture: Picture, large: Picture, pdf: str,
          articles: dict[int, SiteArticle]) -> SitePage:
    regions = tuple(PageRegions(number, articles[number].head.title, articles[number].file,
                                tuple(_region(rect, text) for rect in rects))
                    for number, rects in text.articles)
    return SitePage(text.number, text.name, page_file(text.number), pdf, picture, large,
                    regions)


def _region(rect: Rect, page: PageText) -> Region:
    def share(value: float, whole: float) -> str:
        return f"{100 * value / whole:.3f}%"

    return Region(share(rect.x, page.width), share(rect.y, page.height),
                  share(rect.w, page.width), share(rect.h, page.height))


def _feed(issue: Issue, site: Site, articles: dict[int, SiteArticle]) -> bytes:
    """JSON Feed 1.1: the issue's articles; addresses absolute where the paper says where
    it is published, else relative to the feed. `_issue` says which issue it is."""
    base = issue_url(issue) or ""
    published = f"{issue.date.isoformat()}T00:00:00{TIME_ZONE}"
    feed: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{issue.paper.name} {site.solar} 总第{issue.issue_number}期",
        "language": "zh-Hans",
        **({"home_page_url": base + "index.html", "feed_url": base + "feed.json"}
           if base else {}),
        "items": [{"id": f"{issue.paper_dir.name}/{issue.issue_dir.resolve().name}/a{number}",
                   "url": base + article.file, "title": article.head.title,
                   "content_text": article.text(), "date_published": published}
                  for number, article in articles.items()],
        "_issue": {"paper": issue.paper.name, "date": issue.date.isoformat(),
                   "number": issue.issue_number, "pages": len(issue.pages),
                   "previous": _day(site.neighbours.previous),
                   "next": _day(site.neighbours.next)},
    }
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode()


def _day(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None
