"""The WeasyPrint extension: pinned to the version it was written for."""

from __future__ import annotations

import hashlib
import inspect
import io
from pathlib import Path

import pdfplumber
import pytest
import weasyprint

from layout.errors import RenderError
from layout.manifest.check import check_issue
from layout.project.fonts import font_face_css
from layout.render import cjk_spacing
from layout.render.fetcher import Readable
from layout.render.pdf import font_configuration, render_document
from tests.conftest import SAMPLE

# The SHA-256 of WeasyPrint 70.0's Layout.set_text, which the extension wraps, of the
# Document._render that calls the box builder it wraps, and of the PDF writer's glyph loop
# whose rounding it compensates. A new WeasyPrint changes these:
# read the new code, adapt the extension, then update the hashes.
SET_TEXT_SHA256 = "fe23ca9937dbf5205bda422f9c01103f301ef2c511228842632ea86e853274f7"
RENDER_SHA256 = "ebaceeb0fa8e79aaeb199a269e2748e2b36f6d95e98b7089e0dbc963bbca54d8"
DRAW_TEXT_SHA256 = "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b"


def sha256_of(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def test_the_installed_weasyprint_is_the_one_the_extension_was_written_for():
    from weasyprint.document import Document
    from weasyprint.draw import text
    assert weasyprint.__version__ == cjk_spacing.WEASYPRINT_VERSION
    assert sha256_of(cjk_spacing.original_set_text()) == SET_TEXT_SHA256, \
        "weasyprint.text.line_break.Layout.set_text changed: review layout/render/cjk_spacing.py"
    assert sha256_of(Document._render) == RENDER_SHA256, \
        "weasyprint.Document._render changed: review cjk_spacing._build_formatting_structure"
    assert sha256_of(text.draw_first_line) == DRAW_TEXT_SHA256, \
        "weasyprint.draw.text.draw_first_line changed: review cjk_spacing._written"


def test_another_weasyprint_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(RenderError, match="pin weasyprint==70.0"):
        cjk_spacing.install()


def test_spacing_is_written_as_pango_units_that_land_exactly():
    spec = cjk_spacing.encode("一二三", (0.0, 0.3, 0.0), frozenset({1}), frozenset({2}), 9.0)
    length, entries = spec.split("|")
    assert length == "3"
    index, units, flags = entries.split(";")[0].split(",")
    assert (index, flags) == ("1", "h")
    assert cjk_spacing._written(int(units), 9.0, True, False) == pytest.approx(0.3, abs=0.005)
    assert entries.split(";")[1] == "2,0,f"


RUNS = """<html><head><style>{faces}
body {{ font-family: "NP Song"; font-size: 10pt }} div {{ width: 60mm; white-space: pre }}
.marked::before {{ content: "一二三" }}
</style></head><body>
<div {spaced}>汤阴县“端午”</div>
<div>汤阴县“端午”</div>
<div class="marked" {marked}>四五六</div>
</body></html>"""


def char_positions(tmp_path: Path, spaced: str, marked: str = "") -> list[list[tuple[str, float]]]:
    _issue, _resources, lock = check_issue(SAMPLE)
    return positions(RUNS.format(faces=font_face_css(lock), spaced=spaced, marked=marked),
                     tmp_path)


def positions(html: str, tmp_path: Path) -> list[list[tuple[str, float]]]:
    """Each line's characters with where they start, as pdfplumber reads the PDF."""
    lock = check_issue(SAMPLE)[2]
    readable = Readable.of(roots=[tmp_path], files=lock.files)
    with font_configuration() as fonts:
        pdf = render_document(html, tmp_path, readable, fonts).write_pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        lines = document.pages[0].extract_text_lines(return_chars=True)
    return [[(c["text"], round(c["x0"], 2)) for c in line["chars"]] for line in lines]


def test_a_run_is_spaced_as_its_data_np_set_attribute_says(tmp_path: Path):
    spec = cjk_spacing.encode("汤阴县“端午”", (0.0, 2.0, 2.0, 0.0, 0.0, 0.0, 0.0),
                              frozenset({3, 6}), frozenset(), 10.0)
    three = cjk_spacing.encode("四五六", (3.0, 3.0, 0.0), frozenset(), frozenset(), 10.0)
    spaced, plain, marked = char_positions(tmp_path, f'data-np-set="{spec}"',
                                           f'data-np-set="{three}"')
    assert [c for c, _ in spaced] == [c for c, _ in plain] == list("汤阴县“端午”")
    # 阴 and 县 take 2 pt each: what follows them moves by 4 pt, no more, no less.
    moved = [x - x_plain for (_, x), (_, x_plain) in zip(spaced, plain, strict=True)]
    assert moved[0] == 0
    assert moved[3:] == pytest.approx([4.0] * 4, abs=0.02)
    # A pseudo-element's text is not the run, even of the same length: set as it is.
    unmarked = char_positions(tmp_path, "")[2]
    assert [c for c, _ in marked] == [c for c, _ in unmarked] == list("一二三四五六")
    assert marked[:4] == unmarked[:4]
    assert marked[4][1] - marked[3][1] == pytest.approx(unmarked[4][1] - unmarked[3][1] + 3,
                                                         abs=0.05)


def test_a_custom_property_as_older_module_templates_write_it_spaces_the_same(
        tmp_path: Path):
    spec = cjk_spacing.encode("汤阴县“端午”", (0.0, 2.0, 2.0, 0.0, 0.0, 0.0, 0.0),
                              frozenset({3, 6}), frozenset(), 10.0)
    by_attribute = char_positions(tmp_path, f'data-np-set="{spec}"')[0]
    assert char_positions(tmp_path, f"style=\"--np-set: '{spec}'\"")[0] == by_attribute


NESTED = """<html><head><style>{faces}
body {{ font-family: "NP Song"; font-size: 10pt }} div {{ width: 60mm; white-space: pre }}
.note {{ float: footnote; white-space: pre }}
</style></head><body>
<div {spaced}><b>汤阴县“端午”</b></div>
<div>正文<span class="note" {spaced}>汤阴县“端午”</span></div>
</body></html>"""


def test_the_spacing_reaches_text_in_a_child_element_and_in_a_footnote(tmp_path: Path):
    """As the custom property was inherited: a paper's own template may wrap the run."""
    spec = cjk_spacing.encode("汤阴县“端午”", (0.0, 2.0, 2.0, 0.0, 0.0, 0.0, 0.0),
                              frozenset(), frozenset(), 10.0)

    def runs(spaced: str) -> list[list[float]]:
        """Where each character of each 汤阴县“端午” stands, from its 汤."""
        html = NESTED.format(faces=font_face_css(check_issue(SAMPLE)[2]), spaced=spaced)
        found = []
        for line in positions(html, tmp_path):
            text = "".join(c for c, _ in line)
            if "汤" in text:
                start = line[text.index("汤")][1]
                found.append([x - start for _, x in line[text.index("汤"):]])
        return found

    spaced, plain = runs(f'data-np-set="{spec}"'), runs("")
    assert len(spaced) == len(plain) == 2   # the child's line, the footnote's
    for run, unspaced in zip(spaced, plain, strict=True):
        assert run[3] - unspaced[3] == pytest.approx(4.0, abs=0.02)   # at “: 2 + 2 pt
