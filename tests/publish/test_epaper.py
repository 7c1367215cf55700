"""The 数字报 as a reader finds it: from file://, in a real Chromium, with no request
leaving the folder; valid HTML; its feed, sitemap and record."""

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest
from lxml import etree

from layout.build import BuildResult, build_issue
from layout.pages.engine import set_issue
from layout.publish.epaper import neighbours
from tests.conftest import SAMPLE, replace_in
from tests.publish.conftest import without_space

LEAD = "利剑出鞘去沉痾"


def lead_text() -> str:
    """The lead article's text as the source gives it, after the listed normalisation."""
    _issue, _resources, _lock, sheets = set_issue(SAMPLE)
    view = next(v for v in sheets[0].modules if v.typeset.head.title == LEAD)
    head = view.typeset.head
    return (head.dateline or "") + "".join(p.text for p in view.typeset.paragraphs)


def test_a_reader_goes_from_the_index_to_the_lead_article_and_back(site: Path,
                                                                   browser: object):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((site / "index.html").as_uri())
    assert page.locator(".pages img").count() == 2
    page.click("text=第1版　要闻")
    page.wait_for_url("**/page-01.html")
    widths = page.eval_on_selector_all(".sheet img.picture:not(.large)",
                                       "imgs => imgs.map(i => i.naturalWidth)")
    assert widths and widths[0] > 900
    region = page.locator(f'.sheet a.article[aria-label="{LEAD}"]')
    assert region.count() == 1 and region.locator(".region").count() == 1
    region.locator(".region").first.click()
    page.wait_for_url("**/article-01.html")
    assert page.text_content("h1") == LEAD
    assert without_space(page.inner_text(".story-body")) == without_space(lead_text())
    page.click("text=下转第2版")
    page.wait_for_url("**/page-02.html#a1")
    assert page.locator(f'.sheet a.article[aria-label="{LEAD}"]').count() == 1
    assert all(url.startswith("file://") for url in requests), "nothing fetched elsewhere"


def html_files(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def test_every_page_is_valid_html_in_chinese_naming_only_its_own_files(site: Path):
    names = [path.name for path in html_files(site)]
    assert names[:2] == ["article-01.html", "article-02.html"] and "index.html" in names
    assert "page-01.html" in names and "page-02.html" in names
    for path in html_files(site):
        if path.name == "issue.html":      # the HTML the PDF was rendered from
            continue
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        document = parser.parse(path.read_bytes())
        assert document.get("lang") == "zh-Hans"
        for element in document.iter():
            for attribute in ("href", "src", "srcset"):
                for address in _addresses(element.get(attribute)):
                    parts = urlsplit(address)
                    assert not parts.scheme and not parts.netloc, f"{path.name}: {address}"
                    if parts.path and not parts.path.startswith("../"):
                        assert (site / parts.path).is_file(), f"{path.name}: {address}"


def _addresses(value: str | None) -> list[str]:
    if not value:
        return []
    return [part.split()[0] for part in value.split(",")] if " " in value else [value]


def test_a_page_s_regions_are_one_link_per_article_named_by_its_headline(site: Path):
    page2 = html5lib.parse((site / "page-02.html").read_bytes(), namespaceHTMLElements=False)
    links = page2.findall(".//a[@class='article']")
    assert [a.get("aria-label") for a in links] == [
        LEAD, "为民办实事 点滴见真情", "“小板凳”宣讲小分队进农家", "图说新闻"]
    assert {a.get("href") for a in links} >= {"article-01.html"}
    for link in links:
        assert link.findall("span[@class='region']")


def test_the_article_page_says_where_it_stands(site: Path):
    article = (site / "article-01.html").read_text(encoding="utf-8")
    assert 'href="page-01.html#a1">第1版</a>' in article
    assert 'href="page-02.html#a1">下转第2版</a>' in article
    photo = (site / "article-04.html").read_text(encoding="utf-8")
    assert "<figcaption>帮扶责任人看望贫困户（本报记者 郭凡 摄）</figcaption>" in photo


def test_the_feed_and_sitemap_list_every_article(site: Path):
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert len(feed["items"]) == 6 and feed["items"][0]["title"] == LEAD
    assert without_space(lead_text()) in without_space(feed["items"][0]["content_text"])
    assert feed["_issue"]["date"] == "2021-06-15" and feed["_issue"]["previous"] is None
    sitemap = etree.parse(str(site / "sitemap.xml"))
    locations = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) == 1 + 2 + 6
    assert all(re.fullmatch(r"https://epaper\.example\.com/tangyin/2021-06-15/epaper/\S+", u)
               for u in locations)


def test_the_record_lists_every_file_published(epaper_build: BuildResult, site: Path):
    recorded = set(json.loads((site / "build.json").read_text(encoding="utf-8"))["outputs"])
    stored = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert stored - {"build.json"} == recorded
    assert {"alto/01.xml", "mets.xml", "manifest.json", "pictures/01@2x.png", "index.html",
            "feed.json", "sitemap.xml", "epaper.css"} <= recorded


def test_neighbours_are_the_dated_issue_folders_beside_it(tmp_path: Path):
    paper = tmp_path / "paper"
    for name in ("2021-06-10", "2021-06-15", "2021-06-20", "2021-06-22"):
        (paper / name).mkdir(parents=True)
        (paper / name / "issue.toml").write_text("", encoding="utf-8")
    (paper / "2021-06-12").mkdir()                    # no issue.toml: not an issue
    (paper / "drafts").mkdir()
    found = neighbours(paper / "2021-06-15")
    assert (str(found.previous), str(found.next)) == ("2021-06-10", "2021-06-20")
    assert found.link(found.next) == "../../2021-06-20/epaper/index.html"
    assert neighbours(paper / "drafts") == type(found)(None, None)


def test_a_site_links_only_the_issues_it_holds(tmp_path: Path):
    from layout.publish.epaper import linking_only

    paper = tmp_path / "paper"
    for name in ("2021-06-10", "2021-06-15", "2021-06-20", "2021-06-22"):
        (paper / name).mkdir(parents=True)
        (paper / name / "issue.toml").write_text("", encoding="utf-8")
    with linking_only([paper / "2021-06-10", paper / "2021-06-15", paper / "2021-06-22"]):
        found = neighbours(paper / "2021-06-15")    # 2021-06-20 failed: not published
    assert (str(found.previous), str(found.next)) == ("2021-06-10", "2021-06-22")
    assert neighbours(paper / "2021-06-15").next == datetime.date(2021, 6, 20)


def test_linking_a_site_lists_the_paper_folder_once_for_all_its_issues(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`layout epaper` checks the neighbours of every published issue on every run: listing
    the paper's folder for each made a site of 1000 issues take 27 s (bench/epaper_site.py)."""
    from layout.publish.epaper import linking_only

    paper = tmp_path / "paper"
    names = ["2021-06-10", "2021-06-12", "2021-06-15", "20210615", "2021-06-20", "2021-06-22"]
    for name in names:
        (paper / name).mkdir(parents=True)
        (paper / name / "issue.toml").write_text("", encoding="utf-8")
    listed: list[Path] = []
    iterdir = Path.iterdir
    monkeypatch.setattr(Path, "iterdir", lambda self: listed.append(self) or iterdir(self))
    published = [paper / name for name in names if name != "2021-06-20"]
    with linking_only(published):
        found = {name: neighbours(paper / name) for name in names}
    assert listed == [paper.resolve()]
    assert {name: (str(n.previous), str(n.next)) for name, n in found.items()} == {
        "2021-06-10": ("None", "2021-06-12"),
        "2021-06-12": ("2021-06-10", "2021-06-15"),
        "2021-06-15": ("2021-06-12", "2021-06-22"),    # the same day by another name: not
        "20210615": ("2021-06-12", "2021-06-22"),      # a neighbour
        "2021-06-20": ("2021-06-15", "2021-06-22"),    # not published, still linked out
        "2021-06-22": ("2021-06-15", "None")}


def test_zooming_never_blows_the_page_up_past_its_large_picture(site: Path, browser: object):
    """放大 on a wide window: twice the fitted page, but never more pixels than the 192 dpi
    picture has (it was 3744 px wide from 1890 on a 1920 px window: blurred)."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto((site / "page-01.html").as_uri())
    page.click("text=放大")
    page.wait_for_url("**/page-01.html#zoom")
    page.locator(".sheet img.large").evaluate("img => img.decode()")
    shown = page.locator(".sheet").evaluate("sheet => sheet.getBoundingClientRect().width")
    natural = page.locator(".sheet img.large").evaluate("img => img.naturalWidth")
    fitted = page.evaluate("innerHeight")     # the page fitted to the window's height
    assert fitted < shown <= natural


def test_the_index_shows_each_page_once_to_a_screen_reader_and_small_to_a_phone(
        site: Path, browser: object):
    """Each page's link is named by its label alone, not by its picture's text too; a
    phone of twice the density gets the 96 dpi picture for a 22rem thumbnail, not the
    192 dpi one."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page.goto((site / "index.html").as_uri())
    link = page.locator(".pages > li > a").first
    assert " ".join(link.inner_text().split()) == "第1版 要闻"
    assert link.locator("img").get_attribute("alt") == ""
    sources = page.eval_on_selector_all(".pages img", "imgs => imgs.map(i => i.currentSrc)")
    assert [urlsplit(s).path.rsplit("/", 1)[1] for s in sources] == ["01.png", "02.png"]


@pytest.fixture
def unpublished_paper(project: Path) -> Path:
    """A copy of the sample whose paper does not say where its e-paper is published."""
    paper = project / "issues" / "tangyin"
    replace_in(paper / "paper.toml", 'epaper_url = "https://epaper.example.com/tangyin/"', "")
    return paper / SAMPLE.name


def test_without_an_address_the_site_has_relative_links_and_no_iiif(unpublished_paper: Path,
                                                                    tmp_path: Path):
    result = build_issue(unpublished_paper, tmp_path / "out", variant="epaper")
    folder = result.issue_pdf.parent
    assert not (folder / "manifest.json").exists() and not (folder / "sitemap.xml").exists()
    feed = json.loads((folder / "feed.json").read_text(encoding="utf-8"))
    assert feed["items"][0]["url"] == "article-01.html" and "feed_url" not in feed
    assert (folder / "mets.xml").is_file() and (folder / "index.html").is_file()


def test_the_same_issue_publishes_the_same_bytes(site: Path, tmp_path: Path):
    copy = tmp_path / "elsewhere" / "tangyin"
    shutil.copytree(SAMPLE.parent, copy)
    again = build_issue(copy / SAMPLE.name, tmp_path / "out", variant="epaper").issue_pdf.parent
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_a_broken_issue_leaves_no_half_written_site(issue_dir: Path, tmp_path: Path):
    from tests.test_cli import layout

    replace_in(issue_dir / "issue.toml", "issue_number = 1862", "issue_number = 0")
    result = layout("--lang", "en", "build", issue_dir, "--out", tmp_path / "out",
                    "--variant", "epaper")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "issue.toml line 5: issue_number" in result.stderr
    assert not (tmp_path / "out" / "epaper").exists()


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_a_transparent_photo_stands_on_white_as_printed(tmp_path: Path, mode: str):
    """A cut-out or a logo (PNG with transparency) prints on the paper's white; on the
    article page it stood on black."""
    from PIL import Image, ImageDraw

    from layout.publish.epaper import photo_jpeg

    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((50, 50, 250, 150), fill=(200, 30, 30, 255))
    path = tmp_path / "cut-out.png"
    (image.convert("P") if mode == "P" else image.convert(mode)).save(
        path, **({"transparency": 0} if mode == "P" else {}))
    with Image.open(io.BytesIO(photo_jpeg(path).data)) as shown:
        assert shown.size == (300, 200)
        assert min(shown.getpixel((5, 5))) > 245          # white paper, not black
        assert shown.getpixel((150, 100)) != shown.getpixel((5, 5))
