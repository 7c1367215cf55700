"""The typesetting checker on small PDFs set to hold one fault each.

Each article of the sheet below is set, glyph by glyph, in the body face of the font lock,
in modules of two columns of eleven characters, and listed in a report.json as a build
writes it. Every fault kind is proved on an article made to have it, and a control
article holds everything the rules allow (a trimmed line-end mark, a compressed pair, a
half-width opening bracket at a line start, a loose line with a full-width comma), with
a trimmed ， and a half-width “ facing each other across a gutter on one row.

Line markup: a leading "　　" is the paragraph indent, "^" sets the next mark half width,
a trailing "~" spreads the line to the column edge; jump lines are set whole.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner
from weasyprint import HTML

from layout.cli import main
from layout.manifest.resources import DEFAULT_FONT_LOCK
from layout.pdfcheck.typecheck import KINDS, TypecheckReport, TypeFault, check_pdf
from tests.test_cli import layout

SIZE = 9.0                  # pt, 小五号
PITCH = 13.5                # pt
CHARS = 11                  # characters per column
SLOT_LINES = 8              # a module of six lines, two lines apart from the next
MARGIN = 30.0               # pt, the trim edge to the first module
PT_PER_MM = 72 / 25.4
HALF, SPREAD, INDENT = "^", "~", "　"
FULL_WIDTH_FORMS = "“”‘’—…"   # set with the font's full-width forms (OpenType fwid)


@dataclass(frozen=True)
class Module:
    article: str
    page: int
    slot: tuple[int, int]           # module column and row on the page
    columns: tuple[tuple[str, ...], ...]


SHEET = (
    Module("clean", 1, (0, 0), (
        ("　　县委巡察组进驻西家", "村开展巡察，发现该村^，~", "^（社区）党组织软弱涣散~",
         "“好^。”对此，巡察组向~", "察组提出了整改意见和建", "议和要求。"),
        ("　　针对巡察反馈的问题", "^“该村及时成立工作领导~", "小组”并制订整改方案。"),
    )),
    Module("ragged", 1, (1, 0), (
        ("　　自十三届汤阴县委启", "动巡察以来，共开展巡察", "十五轮，发现问题一千",
         "余个，移交问题线索四十", "余件。"),
    )),
    Module("column-break", 1, (0, 1), (
        ("　　为发挥制度刚性约束", "作用，县委还制定了巡察", "整改工作办法"),
        ("和评估细则，压实整改责", "任，确保整改到位。"),
    )),
    Module("overfull", 1, (1, 1), (
        ("　　自来水管通到家，龙", "头一拧哗啦啦。村居巡察", "解民忧，群众拍手把党夸赞",
         "这首打油诗是白营镇群众", "的心声。"),
    )),
    Module("line-start", 1, (0, 2), (
        ("　　韩庄镇党委把规范村", "级权力运行作为基层治理", "，长效治理的首要任务在",
         "进一步规范工作法的基础", "上开展。"),
    )),
    Module("line-end", 1, (1, 2), (
        ("　　该县还出台了汤阴县", "巡察整改工作质效评估办", "法，围绕被巡察党组织“",
         "主体责任”落实等方面进", "行考评。"),
    )),
    Module("jump", 1, (0, 3), (
        ("　　五年来，汤阴县委累", "计组建巡察组一百四十六", "个，投入专职巡察干部六"),
        ("百余人次，完成对全县各", "乡镇和县直单位的巡察全", "（下转第2版）"),
    )),
    Module("split-pair", 1, (1, 3), (
        ("　　会上，他说：为了群", "众的利益，必须坚持到—", "—绝不走过场。"),
    )),
    Module("jump", 2, (0, 0), (
        ("（上接第1版）", "覆盖，发现各类问题一千", "余个，均已整改完毕。"),
    )),
    Module("uncompressed-pair", 2, (1, 0), (
        ("　　村民许和珍对村里的", "变化深有感触。”她还说", "感谢县里的巡察组。"),
    )),
    Module("continued", 2, (0, 1), (
        ("　　火车跑得快，全靠车", "头带。在该镇领导的影响", "带动下，全镇第一帮扶责"),
        ("任人逐村入户，围绕两不", "愁三保障进行走访"),
    )),
    Module("lone-last-character", 2, (1, 1), (
        ("　　在整改过程中，韩庄", "镇党委探索制定了一约五", "会和一村六员工作制度有",
         "效。", "　　五年来成效显著。"),
    )),
    Module("compressed-mark", 2, (0, 2), (
        ("　　会议明确提出，到今", "年年底，全县党员^，干部~", "要^（按时）完成学习任务~",
         "并交心得。"),
    )),
    Module("continued", 2, (0, 3), (
        ("慰问，积极主动为群众办", "实事、办好事。"),
    )),
)

# What the checker must find in each article, and nothing else anywhere.
EXPECTED = {
    "ragged": [TypeFault("ragged", 1, "ragged", 1, "十五轮，发现问题一千")],
    "column-break": [TypeFault("ragged", 1, "column-break", 1, "整改工作办法")],
    "continued": [TypeFault("ragged", 2, "continued", 2, "愁三保障进行走访")],
    "overfull": [TypeFault("overfull", 1, "overfull", 1, "解民忧，群众拍手把党夸赞")],
    "line-start": [TypeFault("line-start", 1, "line-start", 1, "，长效治理的首要任务在")],
    "line-end": [TypeFault("line-end", 1, "line-end", 1, "法，围绕被巡察党组织“")],
    "split-pair": [TypeFault("split-pair", 1, "split-pair", 1, "众的利益，必须坚持到—")],
    "uncompressed-pair": [TypeFault("uncompressed-pair", 2, "uncompressed-pair", 1,
                                  "。” in 变化深有感触。”她还说")],
    "lone-last-character": [TypeFault("lone-last-character", 2, "lone-last-character", 1,
                                    "效。")],
    "compressed-mark": [TypeFault("compressed-mark", 2, "compressed-mark", 1,
                                "年年底，全县党员，干部"),
                        TypeFault("compressed-mark", 2, "compressed-mark", 1,
                                "要（按时）完成学习任务")],
    "clean": [],
    "jump": [],
}


# --------------------------------------------------------------------------- the sheet


def body_font() -> Path:
    lock = tomllib.loads(DEFAULT_FONT_LOCK.read_text(encoding="utf-8"))
    return Path(next(face["file"] for face in lock["face"]
                     if face["family"] == "NP Song" and face["weight"] == 400))


def body_rect(module: Module) -> tuple[float, float, float, float]:
    """The module's body in pt from the trim's top-left: two columns, a gutter of one em."""
    width = (2 * CHARS + 1) * SIZE
    column, row = module.slot
    return (MARGIN + column * (width + SIZE), MARGIN + row * SLOT_LINES * PITCH,
            width, (SLOT_LINES - 2) * PITCH)


def glyphs(line: str, width: float) -> list[tuple[str, float, str]]:
    """Each character of a marked-up line with its x from the column's left and its
    OpenType feature; the justification spacing goes after every character but the last."""
    chars: list[tuple[str, float, str]] = []
    half = False
    for char in line.rstrip(SPREAD):
        if char == HALF:
            half = True
            continue
        features = [f for f, on in (("fwid", char in FULL_WIDTH_FORMS), ("halt", half)) if on]
        feature = ", ".join(f'"{f}"' for f in features) or "normal"
        chars.append((char, 0.5 if half else 1.0, feature))
        half = False
    natural = sum(advance for _, advance, _ in chars) * SIZE
    spacing = (width - natural) / (len(chars) - 1) if line.endswith(SPREAD) else 0.0
    placed, x = [], 0.0
    for char, advance, feature in chars:
        placed.append((char, x, feature))
        x += advance * SIZE + spacing
    return [(c, x, f) for c, x, f in placed if c != INDENT]


def line_html(line: str, left: float, top: float) -> str:
    width = CHARS * SIZE
    if line.startswith(("（上接", "（下转")):   # a jump line, set whole; 下转 at the right
        align = "right" if line.startswith("（下转") else "left"
        return (f'<div style="left:{left}pt;top:{top}pt;width:{width}pt;'
                f'text-align:{align}">{line}</div>')
    return "".join(f'<div style="left:{left + x:.3f}pt;top:{top}pt;'
                   f'font-feature-settings:{escape(feature)}">{char}</div>'
                   for char, x, feature in glyphs(line, width))


def page_html(page: int) -> str:
    parts = []
    for module in (m for m in SHEET if m.page == page):
        x, y, _, _ = body_rect(module)
        for n, column in enumerate(module.columns):
            left = x + n * (CHARS + 1) * SIZE
            parts += [line_html(line, left, y + row * PITCH) for row, line in enumerate(column)]
    return f'<section>{"".join(parts)}</section>'


def sheet_html(pages: list[int], bleed: bool = False) -> str:
    slots = max(m.slot[1] for m in SHEET) + 1
    width, height = 2 * MARGIN + (4 * CHARS + 3) * SIZE, 2 * MARGIN + slots * SLOT_LINES * PITCH
    marks = " bleed: 12mm; marks: crop;" if bleed else ""   # as the print variant has
    css = (f"@font-face {{ font-family: Body; src: url({body_font().as_uri()}); }}\n"
           f"@page {{ size: {width}pt {height}pt; margin: 0;{marks} }}\n"
           f"body {{ margin: 0; font: {SIZE}pt/1 Body; }}\n"
           "section { position: relative; height: 100vh; }\n"
           "section + section { break-before: page; }\n"
           "div { position: absolute; white-space: pre; }\n")
    body = "".join(page_html(page) for page in pages)
    return f'<html lang="zh-Hans"><style>{css}</style><body>{body}</body></html>'


def report_json(pdfs: dict[int, str]) -> str:
    def module(m: Module) -> dict:
        return {"article": m.article, "source": f"articles/{m.article}.md",
                "body": [round(v / PT_PER_MM, 3) for v in body_rect(m)],
                "columns": 2, "photo": None, "caption": None}

    pages = [{"number": n, "pdf": pdf, "modules": [module(m) for m in SHEET if m.page == n]}
             for n, pdf in pdfs.items()]
    return json.dumps({"pages": pages}, ensure_ascii=False)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build's folder: issue.pdf, pages/01.pdf and 02.pdf, and report.json."""
    folder = tmp_path_factory.mktemp("typecheck") / "out"
    (folder / "pages").mkdir(parents=True)
    HTML(string=sheet_html([1, 2])).write_pdf(folder / "issue.pdf")
    for page in (1, 2):
        HTML(string=sheet_html([page])).write_pdf(folder / "pages" / f"0{page}.pdf")
    (folder / "report.json").write_text(report_json({1: "pages/01.pdf", 2: "pages/02.pdf"}),
                                        encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def report(out: Path) -> TypecheckReport:
    return check_pdf(out / "issue.pdf")


# --------------------------------------------------------------------------- each fault


@pytest.mark.parametrize("article", list(EXPECTED))
def test_each_article_holds_exactly_its_fault(report: TypecheckReport, article: str):
    assert [f for f in report.findings if f.article == article] == EXPECTED[article]


def test_nothing_is_found_outside_the_articles_made_to_have_it(report: TypecheckReport):
    expected = [f for findings in EXPECTED.values() for f in findings]
    assert sorted(report.findings, key=str) == sorted(expected, key=str)
    assert set(report.counts()) == set(KINDS)
    assert all(report.counts()[kind] for kind in KINDS)


def test_jump_lines_set_short_are_passed_over(report: TypecheckReport, out: Path):
    # Without the jump lines the text runs on from page 1 into the column under
    # （上接第1版）, and a short line there would be a ragged line.
    assert report.lines == sum(len(c) for m in SHEET for c in m.columns) - 2
    assert not [f for f in report.findings if "版）" in f.line]


# --------------------------------------------------------------------------- where


def test_a_page_pdf_is_named_by_its_page_in_the_report_one_folder_up(out: Path):
    findings = check_pdf(out / "pages" / "02.pdf").findings
    assert {f.page for f in findings} == {2}
    assert TypeFault("uncompressed-pair", 2, "uncompressed-pair", 1,
                   "。” in 变化深有感触。”她还说") in findings


def test_plates_with_bleed_and_marks_are_placed_from_the_trim(out: Path, tmp_path: Path):
    plates = tmp_path / "print"
    plates.mkdir()
    HTML(string=sheet_html([1, 2], bleed=True)).write_pdf(plates / "issue.pdf")
    shutil.copy(out / "report.json", plates)
    plate, proof = check_pdf(plates / "issue.pdf"), check_pdf(out / "issue.pdf")
    assert plate.lines == proof.lines
    assert sorted(plate.findings, key=str) == sorted(proof.findings, key=str)


def test_without_a_report_columns_are_counted_across_the_page(out: Path, tmp_path: Path):
    shutil.copy(out / "issue.pdf", tmp_path)
    report = check_pdf(tmp_path / "issue.pdf")
    # The right-hand module's columns are the page's third and fourth. Without a report
    # text is not followed from one module into another below it, so the short line
    # before "continued" goes on is not seen.
    slots = {m.article: m.slot for m in SHEET}
    expected = [replace(f, article=None, column=2 * slots[f.article][0] + f.column)
                for findings in EXPECTED.values() for f in findings if f.article != "continued"]
    assert report.layout is None
    assert sorted(report.findings, key=str) == sorted(expected, key=str)


# --------------------------------------------------------------------------- command


def test_the_command_names_article_page_and_column(out: Path):
    result = CliRunner().invoke(main, ["typecheck", str(out / "issue.pdf")])
    assert result.exit_code == 1
    assert "page 2, article continued, column 2: ragged: 愁三保障进行走访" in result.output


def test_the_command_takes_a_report_from_elsewhere(out: Path, tmp_path: Path):
    shutil.copy(out / "pages" / "01.pdf", tmp_path)
    result = CliRunner().invoke(main, ["typecheck", "--json", "--report",
                                       str(out / "report.json"), str(tmp_path / "01.pdf")])
    assert result.exit_code == 1
    findings = json.loads(result.output)["findings"]
    assert {"kind": "line-end", "page": 1, "article": "line-end", "column": 1,
            "line": "法，围绕被巡察党组织“"} in findings


def test_the_command_refuses_a_report_of_another_pdf(out: Path, tmp_path: Path):
    (tmp_path / "report.json").write_text(report_json({1: "pages/01.pdf"}), encoding="utf-8")
    result = CliRunner().invoke(main, ["typecheck", "--report", str(tmp_path / "report.json"),
                                       str(out / "issue.pdf")])
    assert result.exit_code == 2
    assert "issue.pdf" in result.output


def test_the_commands_speak_chinese_and_their_json_stays_as_it_is(out: Path):
    typeset = layout("--lang", "zh", "typecheck", out / "issue.pdf")
    assert typeset.returncode == 1, typeset.stderr
    assert "第2版，稿件 continued，第2栏：行未排满：愁三保障进行走访" in typeset.stdout
    assert "第1版，稿件 line-end，第1栏：行尾禁排标点：法，围绕被巡察党组织“" in typeset.stdout
    pair = "第2版，稿件 uncompressed-pair，第1栏：相邻标点未挤压：。”（所在行：变化深有感触。”她还说）"  # noqa: E501
    assert pair in typeset.stdout
    plate = layout("--lang", "zh", "preflight", out / "issue.pdf")
    assert plate.returncode == 1, plate.stderr
    assert "错误：整个文件：标准：不是 PDF/X 文件" in plate.stdout
    assert "错误：整个文件：输出意图：没有 PDF/X 输出意图" in plate.stdout
    assert "警告：第1页：出血框（BleedBox）：出血 0.0 mm，不足 3 mm" in plate.stdout
    assert "错误：第1页：页面内容：RGB 颜色（rg）" in plate.stdout
    data = json.loads(layout("--lang", "zh", "preflight", "--json", out / "issue.pdf").stdout)
    assert {"severity": "error", "page": None, "subject": "standard",
            "message": "not a PDF/X file"} in data["findings"]
