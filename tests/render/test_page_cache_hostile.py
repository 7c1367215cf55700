"""The page, preview and flatplan caches, attacked: what a build prints must be what the
editor's files say now, with the same bytes whatever the cache holds (empty, warm,
damaged, warmed by the desk or by another copy of the issue), and a cached page must
refuse what it refused when it was laid out."""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path

import pytest
from PIL import Image

from layout.build import build_issue
from layout.desk.live import LivePages
from layout.errors import FitError, UnsafePathError
from layout.render import pdf
from layout.render.versions import renderer_versions
from layout.reports import flatplan
from tests.conftest import replace_in
from tests.render.conftest import outputs


def differing(first: Path, second: Path) -> list[str]:
    a, b = outputs(first), outputs(second)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def cold(issue_dir: Path, out: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
         **options: object) -> None:
    """A build with an empty cache of its own: what the editor's files say now."""
    with monkeypatch.context() as scoped:
        scoped.setenv("LAYOUT_CACHE_DIR", str(tmp_path / f"empty-{out.name}"))
        build_issue(issue_dir, out, **options)  # type: ignore[arg-type]


def repaint(photo: Path, colour: tuple[int, int, int]) -> None:
    """The photo exported again under its name: same size, other pixels."""
    with Image.open(photo) as image:
        size = image.size
    Image.new("RGB", size, colour).save(photo, format="JPEG", quality=90)


# ------------------------------------------------------------------- problems found


def test_a_damaged_page_pdf_is_laid_out_once_then_kept(issue_dir: Path, tmp_path: Path,
                                                       cache: Path, laid_out: list[str]):
    build_issue(issue_dir, tmp_path / "first")
    for kept in (cache / "page-pdf").iterdir():
        kept.write_bytes(kept.read_bytes()[:1000])
    build_issue(issue_dir, tmp_path / "second")
    assert len(laid_out) == 4
    build_issue(issue_dir, tmp_path / "third")
    assert len(laid_out) == 4, "the damaged pages were laid out again on the third build"
    assert differing(tmp_path / "first", tmp_path / "third") == []


def test_a_photo_saved_while_its_page_is_laid_out_is_shown_by_the_next_build(
        issue_dir: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch):
    photo = issue_dir / "photos" / "geyong-bisai.jpg"
    real_fetcher = pdf.rooted_fetcher

    def saving_during_the_layout(readable, fetched=None):  # type: ignore[no-untyped-def]
        fetcher = real_fetcher(readable, fetched)
        fetch = fetcher.fetch

        def fetch_then_save(url, headers=None):  # type: ignore[no-untyped-def]
            response = fetch(url, headers)
            if url.endswith("geyong-bisai.jpg"):
                repaint(photo, (200, 30, 30))   # the editor saves the photo just now
            return response
        fetcher.fetch = fetch_then_save
        return fetcher

    with monkeypatch.context() as scoped:
        scoped.setattr(pdf, "rooted_fetcher", saving_during_the_layout)
        build_issue(issue_dir, tmp_path / "during")   # shows the old photo: fair
    build_issue(issue_dir, tmp_path / "after")         # nothing changed since: the new photo
    cold(issue_dir, tmp_path / "cold", monkeypatch, tmp_path)
    assert differing(tmp_path / "after", tmp_path / "cold") == []


def test_a_symlink_a_template_reads_pointed_elsewhere_is_shown(
        issue_dir: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch):
    paper = issue_dir.parent
    (paper / "templates").mkdir()
    folio = (Path(__file__).resolve().parents[2] / "layout" / "templates" / "folio.html")
    (paper / "templates" / "folio.html").write_text(
        folio.read_text(encoding="utf-8")
        + '\n<img src="logo.png" style="position:absolute;left:0;top:0;width:20mm">\n',
        encoding="utf-8")
    replace_in(paper / "paper.toml", "[page]", 'templates = "templates"\n\n[page]')
    Image.new("RGB", (64, 64), (20, 20, 200)).save(issue_dir / "logo-a.png")
    Image.new("RGB", (64, 64), (200, 20, 20)).save(issue_dir / "logo-b.png")
    (issue_dir / "logo.png").symlink_to("logo-a.png")
    build_issue(issue_dir, tmp_path / "first")

    (issue_dir / "logo.png").unlink()
    (issue_dir / "logo.png").symlink_to("logo-b.png")
    build_issue(issue_dir, tmp_path / "second")
    cold(issue_dir, tmp_path / "cold", monkeypatch, tmp_path)
    assert outputs(tmp_path / "first")["pages/01.pdf"] != outputs(tmp_path / "cold")["pages/01.pdf"]
    assert differing(tmp_path / "second", tmp_path / "cold") == []


@pytest.fixture
def other_pillow(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """This machine as if it had another Pillow and uharfbuzz, as build.json would record."""
    import PIL

    real = metadata.version

    def version(name: str) -> str:
        return "0.0-other" if name.lower() in ("pillow", "uharfbuzz") else real(name)

    def switch() -> None:
        monkeypatch.setattr(metadata, "version", version)
        monkeypatch.setattr(PIL, "__version__", "0.0-other")
        renderer_versions.cache_clear()

    yield switch
    renderer_versions.cache_clear()


def test_a_page_laid_out_by_another_pillow_is_laid_out_again(
        issue_dir: Path, tmp_path: Path, cache: Path, laid_out: list[str], other_pillow):  # type: ignore[no-untyped-def]
    build_issue(issue_dir, tmp_path / "first")
    assert len(laid_out) == 2
    other_pillow()
    build_issue(issue_dir, tmp_path / "second")
    assert len(laid_out) == 4


def test_a_flatplan_drawn_by_another_reportlab_is_drawn_again(
        issue_dir: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch):
    import reportlab

    drawn: list[int] = []
    original = flatplan._drawn

    def counted(*args):  # type: ignore[no-untyped-def]
        drawn.append(1)
        return original(*args)

    monkeypatch.setattr(flatplan, "_drawn", counted)
    build_issue(issue_dir, tmp_path / "first")
    assert len(drawn) == 1
    real = metadata.version
    monkeypatch.setattr(reportlab, "Version", "0.0-other")
    monkeypatch.setattr(metadata, "version",
                        lambda name: "0.0-other" if name.lower() == "reportlab" else real(name))
    build_issue(issue_dir, tmp_path / "second")
    assert len(drawn) == 2


def test_a_flatplan_kept_for_one_kai_face_is_drawn_in_that_face(
        issue_dir: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch):
    from layout.manifest.resources import DEFAULT_FONT_LOCK
    from tests.archive.test_verify import LIGHT_KAI, LIGHT_KAI_SHA256
    from tests.conftest import SAMPLE
    from tests.test_cli import layout

    build_issue(SAMPLE, tmp_path / "sample")   # this process's flatplan Kai: the regular one
    paper = issue_dir.parent
    lock = paper / "fonts.toml"
    lock.write_text(DEFAULT_FONT_LOCK.read_text(encoding="utf-8")
                    .replace("LXGWWenKai-Regular.ttf", LIGHT_KAI.name)
                    .replace("bbf534b0ca093928f94d1782855e65a19a32cde82b075d495d072025521953c8",
                             LIGHT_KAI_SHA256), encoding="utf-8")
    replace_in(paper / "paper.toml", "schema_version = 1\n",
               'schema_version = 1\nfont_lock = "fonts.toml"\n')
    build_issue(issue_dir, tmp_path / "light")   # the paper's light Kai, in the same process

    warm = layout("build", issue_dir, "--out", tmp_path / "warm")
    assert warm.returncode == 0, warm.stderr
    monkeypatch.setenv("LAYOUT_CACHE_DIR", str(tmp_path / "empty"))
    empty = layout("build", issue_dir, "--out", tmp_path / "cold")
    assert empty.returncode == 0, empty.stderr
    assert differing(tmp_path / "warm", tmp_path / "cold") == []


def test_a_file_no_longer_allowed_is_refused_from_the_cache(
        issue_dir: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch):
    paper = issue_dir.parent
    (paper / "art").mkdir()
    Image.new("RGB", (64, 64), (20, 20, 200)).save(paper / "art" / "logo.png")
    (paper / "templates").mkdir()
    folio = Path(__file__).resolve().parents[2] / "layout" / "templates" / "folio.html"
    (paper / "templates" / "folio.html").write_text(
        folio.read_text(encoding="utf-8")
        + '\n<img src="../art/logo.png" style="position:absolute;left:0;top:0;width:9mm">\n',
        encoding="utf-8")
    replace_in(paper / "paper.toml", "[page]", 'templates = "templates"\nassets = "art"\n\n[page]')
    build_issue(issue_dir, tmp_path / "allowed")

    replace_in(paper / "paper.toml", 'assets = "art"\n', "")   # art/ is no longer the paper's
    with pytest.raises(UnsafePathError):
        cold(issue_dir, tmp_path / "cold", monkeypatch, tmp_path)
    with pytest.raises(UnsafePathError):
        build_issue(issue_dir, tmp_path / "refused")


# ------------------------------------------------------------------- suspicions that held


def test_a_page_kept_under_allow_overflow_is_refused_without_it(issue_dir: Path,
                                                                tmp_path: Path, cache: Path):
    article = issue_dir / "articles" / "chezhan-duanwu.md"
    body = article.read_text(encoding="utf-8")
    article.write_text(body + "\n" + body.split("---\n", 2)[2], encoding="utf-8")
    build_issue(issue_dir, tmp_path / "proof", allow_overflow=True)
    with pytest.raises(FitError):
        build_issue(issue_dir, tmp_path / "refused")
    assert not (tmp_path / "refused").exists()


def test_a_refused_address_stops_a_build_laid_out_on_several_cores(
        issue_dir: Path, tmp_path: Path, cache: Path):
    """The refusal comes back from the worker that met it, also with exceptions pickled
    with their tracebacks and chains as Dask's tblib does (an error chained both ways
    once broke the pool instead)."""
    pytest.importorskip("tblib.pickling_support").install()
    paper = issue_dir.parent
    (paper / "templates").mkdir()
    folio = Path(__file__).resolve().parents[2] / "layout" / "templates" / "folio.html"
    (paper / "templates" / "folio.html").write_text(
        folio.read_text(encoding="utf-8") + '\n<img src="file:///etc/hostname">\n',
        encoding="utf-8")
    replace_in(paper / "paper.toml", "[page]", 'templates = "templates"\n\n[page]')
    with pytest.raises(UnsafePathError):
        build_issue(issue_dir, tmp_path / "out", jobs=2)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_parallel_cold_serial_cold_and_warm_give_the_same_bytes(
        issue_dir: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch):
    build_issue(issue_dir, tmp_path / "parallel", jobs=2)
    build_issue(issue_dir, tmp_path / "warm", jobs=2)
    cold(issue_dir, tmp_path / "serial", monkeypatch, tmp_path)
    assert differing(tmp_path / "parallel", tmp_path / "warm") == []
    assert differing(tmp_path / "parallel", tmp_path / "serial") == []


@pytest.mark.slow
def test_the_same_issue_in_two_folders_sharing_a_cache_gives_the_same_bytes(
        issue_dir: Path, tmp_path: Path, cache: Path):
    import shutil

    other = tmp_path / "elsewhere" / "deeper" / "tangyin"
    shutil.copytree(issue_dir.parent, other)
    build_issue(issue_dir, tmp_path / "here")
    repaint(other / issue_dir.name / "photos" / "geyong-bisai.jpg", (30, 200, 30))
    build_issue(other / issue_dir.name, tmp_path / "there")
    assert differing(tmp_path / "here", tmp_path / "there") == \
        ["build.json", "flatplan.pdf", "issue.pdf", "pages/02.pdf", "previews/02.png"]


@pytest.mark.slow
def test_a_cache_warmed_by_the_desk_gives_a_build_the_bytes_of_an_empty_one(
        issue_dir: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch):
    desk = LivePages(tmp_path / "desk")
    desk.update(issue_dir)
    replace_in(issue_dir / "articles" / "chezhan-duanwu.md", "。", "！")
    desk.update(issue_dir)   # page 1 again, with the desk's font configuration reused
    build_issue(issue_dir, tmp_path / "warm")
    cold(issue_dir, tmp_path / "cold", monkeypatch, tmp_path)
    assert differing(tmp_path / "warm", tmp_path / "cold") == []


@pytest.mark.slow
def test_two_builds_at_once_sharing_an_empty_cache(issue_dir: Path, tmp_path: Path,
                                                   cache: Path, monkeypatch: pytest.MonkeyPatch):
    """Two processes fill one cache at the same time; each output, and a build from what
    they left, is the same as a build from an empty cache."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    builders = [context.Process(target=build_issue, args=(issue_dir, tmp_path / f"at-once-{n}"))
                for n in range(2)]
    for builder in builders:
        builder.start()
    for builder in builders:
        builder.join(timeout=300)
        assert builder.exitcode == 0
    build_issue(issue_dir, tmp_path / "after")
    cold(issue_dir, tmp_path / "cold", monkeypatch, tmp_path)
    for name in ("at-once-0", "at-once-1", "after"):
        assert differing(tmp_path / name, tmp_path / "cold") == []
    assert not [p for p in cache.rglob("*.tmp")]
    assert os.listdir(cache / "page-pdf")
