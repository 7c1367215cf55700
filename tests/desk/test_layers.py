"""The desk draws a changed page in layers, its furniture and then each module: the page
an editor sees is the page drawn whole, for the work of the changed module alone."""

from __future__ import annotations

import io
from dataclasses import replace
from importlib import resources
from pathlib import Path

import numpy
import pikepdf
import pypdfium2
import pytest
from PIL import Image

from layout.build import prepare_render
from layout.desk.live import LivePages
from layout.render import pages
from layout.render.pages import render_pages
from layout.render.preview import layer_picture, layered_preview_png, preview_png
from layout.variants.table import VARIANTS
from tests.conftest import replace_in
from tests.pdftools import run

LEAD_ON_PAGE_1 = "articles/chezhan-duanwu.md"


def picture(pdf: bytes, dpi: int = 100) -> numpy.ndarray:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return numpy.asarray(document[0].render(scale=dpi / 72).to_pil().convert("RGB"))
    finally:
        document.close()


def png(source: Path | bytes) -> numpy.ndarray:
    data = source.read_bytes() if isinstance(source, Path) else source
    return numpy.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def drawn_whole(issue_dir: Path, number: int) -> bytes:
    """The page as a build lays it out: its whole HTML through WeasyPrint at once."""
    job = prepare_render(issue_dir, VARIANTS["proof"], allow_overflow=True)
    sheet = next(s for s in job.sheets if s.page.number == number)
    (page,) = render_pages([job.html([sheet])], job.issue.issue_dir, job.readable, job.lock)
    return page.pdf


def live_page(folder: Path, number: int) -> bytes:
    return (folder / "pages" / f"{number:02d}.pdf").read_bytes()


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML of every page or layer WeasyPrint lays out from now on."""
    htmls: list[str] = []
    lay_out_page = pages.lay_out_page

    def counted(job: pages.PageJob, *args: object) -> pages.RenderedPage:
        htmls.append(job.html)
        return lay_out_page(job, *args)

    monkeypatch.setattr(pages, "lay_out_page", counted)
    return htmls


def test_a_page_drawn_in_layers_looks_as_the_page_drawn_whole(issue_dir: Path, tmp_path: Path):
    live = LivePages(tmp_path / "live")
    live.update(issue_dir)
    for number in (1, 2):
        layered = picture(live_page(tmp_path / "live", number))
        whole = picture(drawn_whole(issue_dir, number))
        assert layered.shape == whole.shape
        assert numpy.array_equal(layered, whole), f"page {number} differs"


def test_the_preview_of_a_page_drawn_in_layers_is_the_whole_pages_preview(
        issue_dir: Path, tmp_path: Path):
    live = LivePages(tmp_path / "live")
    live.update(issue_dir)
    replace_in(issue_dir / LEAD_ON_PAGE_1, "。", "！")   # drawn again from kept pictures
    live.update(issue_dir)
    for number in (1, 2):
        layered = png(tmp_path / "live" / "previews" / f"{number:02d}.png")
        whole = png(preview_png(drawn_whole(issue_dir, number)))
        assert layered.shape == whole.shape
        # Where antialiased edges of two layers meet, a channel may differ by a unit or two.
        assert numpy.abs(layered.astype(int) - whole.astype(int)).max() <= 2


def test_a_layer_that_draws_nothing_adds_nothing_to_the_preview():
    blank = pikepdf.new()
    blank.add_blank_page(page_size=(595, 842))
    buffer = io.BytesIO()
    blank.save(buffer)
    nothing = layer_picture(buffer.getvalue())
    assert nothing.picture is None and nothing.page_size == (595, 842)
    white = png(layered_preview_png([nothing]))
    assert white.shape == (842, 595, 3) and white.min() == 255


def test_an_edit_lays_out_only_the_module_it_changed(issue_dir: Path, tmp_path: Path,
                                                      laid_out: list[str]):
    live = LivePages(tmp_path / "live")
    live.update(issue_dir)
    # Each page's head, modules and foot: page 1 has three modules, page 2 the lead's
    # continuation and three more.
    assert len(laid_out) == (2 + 3) + (2 + 4)
    laid_out.clear()
    replace_in(issue_dir / LEAD_ON_PAGE_1, "。", "！")
    assert live.update(issue_dir)[1] == {1}
    (html,) = laid_out
    assert "！" in html and "利剑出鞘去沉痾" not in html and 'class="masthead"' not in html
    assert numpy.array_equal(picture(live_page(tmp_path / "live", 1)),
                             picture(drawn_whole(issue_dir, 1)))


def test_templates_of_a_paper_that_read_the_whole_page_draw_it_the_same_in_layers(
        issue_dir: Path, tmp_path: Path):
    # Its running head counts the page's articles; its module template marks the page's
    # first module: drawn alone, a module is still drawn as on its page.
    templates = issue_dir.parent / "templates"
    templates.mkdir()
    package = resources.files("layout").joinpath("templates")
    head = package.joinpath("running_head.html").read_text("utf-8")
    (templates / "running_head.html").write_text(head.replace(
        '<span class="page-name">', '<span class="count">本版{{ sheet.modules | length }}篇'
        '</span><span class="page-name">'), encoding="utf-8")
    first = ('{% if m == sheet.modules[0] %}<div class="column-rule" style="left: 0; top: 0; '
             'width: 6mm; height: 6mm"></div>{% endif %}\n')
    (templates / "module.html").write_text(
        first + package.joinpath("module.html").read_text("utf-8"), encoding="utf-8")
    replace_in(issue_dir.parent / "paper.toml", "[page]", 'templates = "templates"\n\n[page]')
    live = LivePages(tmp_path / "live")
    live.update(issue_dir)
    for number in (1, 2):
        whole = drawn_whole(issue_dir, number)
        assert numpy.array_equal(picture(live_page(tmp_path / "live", number)), picture(whole))
    assert "本版4篇" in run("pdftotext", tmp_path / "live" / "pages" / "02.pdf", "-")


def test_a_paper_with_its_own_page_template_is_drawn_whole(issue_dir: Path, tmp_path: Path,
                                                           laid_out: list[str]):
    # Its issue.html decides what a page holds around the modules: a band on every page.
    templates = issue_dir.parent / "templates"
    templates.mkdir()
    own = resources.files("layout").joinpath("templates/issue.html").read_text("utf-8")
    band = '<div class="band" style="left: 0; top: 0; width: 20mm; height: 5mm"></div>\n'
    (templates / "issue.html").write_text(
        own.replace('{% include "folio.html" %}', band + '{% include "folio.html" %}'),
        encoding="utf-8")
    replace_in(issue_dir.parent / "paper.toml", "[page]", 'templates = "templates"\n\n[page]')
    live = LivePages(tmp_path / "live")
    live.update(issue_dir)
    assert len(laid_out) == 2 and all('class="band"' in html for html in laid_out)
    assert live_page(tmp_path / "live", 1) == drawn_whole(issue_dir, 1)


def test_a_layer_that_would_not_stay_on_one_page_has_its_page_drawn_whole(
        issue_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    lay_out_page = pages.lay_out_page

    def spilling(job: pages.PageJob, *args: object) -> pages.RenderedPage:
        page = lay_out_page(job, *args)
        if "利剑出鞘去沉痾" in job.html and 'class="masthead"' not in job.html:   # the lead alone
            return pages.RenderedPage(replace(page.layout, laid_out=2), page.pdf)
        return page

    monkeypatch.setattr(pages, "lay_out_page", spilling)
    live = LivePages(tmp_path / "live")
    live.update(issue_dir)
    assert live_page(tmp_path / "live", 1) == drawn_whole(issue_dir, 1)


def test_a_photo_replaced_under_its_name_is_drawn_again(issue_dir: Path, tmp_path: Path):
    live = LivePages(tmp_path / "live")
    live.update(issue_dir)
    before = picture(live_page(tmp_path / "live", 2))
    photos = issue_dir / "photos"
    (photos / "bangfu-kanwang.jpg").write_bytes((photos / "geyong-bisai.jpg").read_bytes())
    assert live.update(issue_dir)[1] == {2}
    after = picture(live_page(tmp_path / "live", 2))
    assert not numpy.array_equal(after, before)
    assert numpy.array_equal(after, picture(drawn_whole(issue_dir, 2)))
