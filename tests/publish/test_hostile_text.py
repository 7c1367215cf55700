"""Text a reporter really types, in the e-paper and the library files: markup, entities,
template braces and quotes printed as written; a long URL; a character outside the BMP
(𠮷, in names) in a page's name and a headline, which the page's own furniture (running
head, 今日导读) prints and the ALTO reads back from the PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import html5lib
import pytest
from lxml import etree

from layout.build import build_issue
from tests.conftest import SAMPLE, replace_in
from tests.publish.conftest import ALTO, pdf_page_text, without_space
from tests.publish.test_alto import alto_text

KICKER = "<script>alert(1)</script>车站&amp;社区"
TITLE = "“文化”<i>&amp;{{x}}𠮷"
BYLINE = "记者 <b>郭凡</b> & 通讯员 O'Neil"
URL = "https://example.com/a/very/long/path/that/never/breaks/anywhere?x=1&y=2&z=3"
BODY = (f"6月11日，城关镇<script>alert(\"x\")</script>车站社区{{{{ site.paper }}}}党支部开展了"
        f"活动。网址{URL} 请访问。")
FIRST_SENTENCES = ("6月11日，城关镇车站社区党支部联合商家共同开展了“党建引领庆端午，浓情粽香传家风”"
                   "活动。社区居民和党员干部一起包饺子，将党史学习教育融入传统节日文化中，")
RARE = "𠮷"          # U+20BB7, in the locked fonts; PDFium reads it as two UTF-16 halves


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with hostile text in the 2nd article (page 1), 𠮷 in page 2's name and
    in the 图说新闻 headline (listed by page 1's 今日导读), built once as an e-paper."""
    paper = tmp_path_factory.mktemp("hostile") / "tangyin"
    shutil.copytree(SAMPLE.parent, paper)
    issue = paper / SAMPLE.name
    article = issue / "articles" / "chezhan-duanwu.md"
    replace_in(article, "kicker: 城关镇车站社区", f"kicker: '{KICKER}'")
    replace_in(article, "title: 弘扬传统文化 增进邻里情感",
               f"title: '{TITLE}'\nbyline: \"{BYLINE}\"")
    replace_in(article, FIRST_SENTENCES, BODY)
    replace_in(issue / "articles" / "baiying-geyong.md", "title: 图说新闻",
               f"title: 图说{RARE}新闻")
    replace_in(issue / "issue.toml", 'name = "综合新闻"', f'name = "综合{RARE}闻"')
    return build_issue(issue, paper.parent / "out", variant="epaper").issue_pdf.parent


@pytest.mark.parametrize("page", [1, 2])
def test_alto_reads_the_hostile_page_as_the_pdf_prints_it(hostile_site: Path, page: int):
    alto = hostile_site / "alto" / f"{page:02d}.xml"
    text = alto_text(alto)
    assert without_space(text) == without_space(
        pdf_page_text(hostile_site / "pages" / f"{page:02d}.pdf"))
    assert RARE in text and "\ud842" not in text          # one character, not two halves
    if page == 1:
        assert "<script>alert(1)</script>" in text and "{{site.paper}}" in without_space(text)
    strings = [s.get("CONTENT") for s in etree.parse(str(alto)).iter(f"{ALTO}String")]
    assert RARE in strings or any(RARE in s for s in strings)


def test_every_page_prints_the_text_literally_as_valid_html(hostile_site: Path):
    for path in sorted(hostile_site.glob("*.html")):
        if path.name == "issue.html":      # the HTML the PDF was rendered from
            continue
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        document = parser.parse(path.read_bytes())
        assert document.find(".//script") is None and document.find(".//b") is None, path.name
    article = html5lib.parse((hostile_site / "article-02.html").read_bytes(),
                             namespaceHTMLElements=False)
    assert "".join(article.find(".//h1").itertext()) == TITLE
    assert "".join(article.find(".//p[@class='kicker']").itertext()) == KICKER
    assert "".join(article.find(".//p[@class='byline']").itertext()) == "□" + BYLINE
    body = "".join(article.find(".//div[@class='story-body']").itertext())
    assert without_space(BODY) in without_space(body)
    page = html5lib.parse((hostile_site / "page-01.html").read_bytes(),
                          namespaceHTMLElements=False)
    assert TITLE in [a.get("aria-label") for a in page.iter("a")]
    index = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert f"第2版&#x3000;综合{RARE}闻" in index and f"图说{RARE}新闻" in index


def test_a_long_url_does_not_widen_the_article_page_on_a_phone(hostile_site: Path,
                                                               browser: object):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((hostile_site / "article-02.html").as_uri())
    assert URL in page.inner_text(".story-body")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
