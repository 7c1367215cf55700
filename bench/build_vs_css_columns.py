"""What the pipeline costs against WeasyPrint set the way a user of it writes first.

Times `layout build` of the sample issue, with its cache folder (LAYOUT_CACHE_DIR) warm as
on any rebuild and empty as on a first build (composed articles, prepared photos and the
word segmenter's dictionary all to be made), against a baseline: WeasyPrint alone
rendering the same articles in the same frames as plain CSS multi-column HTML, with no
composition and no previews. When the `typst` package is installed, Typst compiling the
same content in the same frames is timed too. Each command runs in a fresh process; the
medians of --runs runs are printed, with the ratios to the baseline and the peak memory
of each child (the largest process of its tree, from os.wait4).

The baseline documents are made once, untimed, from the sample's own data (the project's
loader and page engine): one page per sheet at the trim size; each module a box at its
outer frame holding the headline (引题, 主题, 副题 broken by the renderer), the photo and
caption at their frames, and the body paragraphs (byline and dateline included) in
`column-count: N` columns over the module's text area, 9 pt on 13.5 pt, justified, in
the locked fonts. An article that jumps is split at paragraphs: each module gets the
paragraphs that start in its share of the composed lines. Where a photo stands over some
of the columns (CSS columns cannot run both beside and under it), the text takes the
larger of the columns beside the photo and the full width under its caption; text that
does not fit is clipped. Masthead, running heads and imprint are left out. The Typst
document places the same boxes with `columns(n)`, which fill in order (no balancing), in
the locked font files (a folder of links to them; no system fonts).

    .venv/bin/python bench/build_vs_css_columns.py [--runs N]
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

from fontTools.ttLib import TTFont
from harness import LAYOUT, SAMPLE, runs_option

from layout.pages.engine import ModuleView, Sheet, set_issue
from layout.pages.frames import Rect
from layout.project.fonts import FontLock, font_face_css
from layout.typeset.article import Paragraph

WEASYPRINT_ALONE = """
import sys
from weasyprint import HTML
HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
"""
TYPST_ALONE = """
import sys
import typst
typst.compile(sys.argv[1], output=sys.argv[2], root="/", font_paths=sys.argv[3:],
              ignore_system_fonts=True)
"""


def run_measured(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds `command` takes in a fresh process, and its peak resident memory in MiB."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            errors.seek(0)
            sys.exit(f"{command[:3]} failed:\n{errors.read().decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def medians(command: list[str], runs: int,
            env_of_run: Callable[[], dict[str, str]] | None = None) -> tuple[float, float]:
    """Median seconds and median peak MiB of `runs` runs; `env_of_run()` gives each run's
    environment."""
    results = [run_measured(command, env_of_run() if env_of_run else None)
               for _ in range(runs)]
    return (statistics.median(s for s, _ in results),
            statistics.median(m for _, m in results))


def body_shares(sheets: list[Sheet]) -> dict[str, list[Paragraph]]:
    """Each module's paragraphs: an article's paragraphs go to the module in whose share of
    the composed lines they start."""
    by_article: dict[Path, list[ModuleView]] = {}
    for view in (view for sheet in sheets for view in sheet.modules):
        by_article.setdefault(view.module.article.source, []).append(view)
    shares: dict[str, list[Paragraph]] = {}
    for views in by_article.values():
        budgets = [sum(len(row.line.text) for column in view.part.columns
                       for row in column.rows if row.line) if view.part else 0
                   for view in views]
        ends, done = list(itertools.accumulate(budgets)), 0
        for view in views:
            shares[view.id] = []
        overflow = len(views) - 1 if ends[-1] else 0  # uncomposed: all in the first module
        for paragraph in views[0].typeset.paragraphs:
            k = next((i for i, end in enumerate(ends) if done < end), overflow)
            shares[views[k].id].append(paragraph)
            done += len(paragraph.text)
    return shares


def text_area(view: ModuleView) -> tuple[Rect, int]:
    """Where the module's text goes, and in how many CSS columns: its body; where a photo
    stands over some columns, the larger of the columns beside it and the width under it."""
    frames, body = view.frames, view.frames.body
    top = max(column.y for column in frames.columns)
    under = (Rect(body.x, top, body.w, body.bottom - top), len(frames.columns))
    beside = [column for column in frames.columns if column.y <= body.y + 1e-6]
    if len(beside) == len(frames.columns):
        return under
    n = len(beside)
    width = n * frames.column_width + (n - 1) * frames.column_gap
    return max(under, (Rect(beside[0].x, body.y, width, body.h), n),
               key=lambda area: area[0].h * area[1])


def headline_parts(view: ModuleView) -> list[tuple[str, str]]:
    """(kind, text) of the headline block: kicker, title, subtitle; a jump head's title only."""
    head = view.typeset.head
    if view.module.continues:
        return [("title", head.title)]
    return [(kind, text) for kind, text in
            (("kicker", head.kicker), ("title", head.title), ("subtitle", head.subtitle)) if text]


def css_box(rect: Rect, origin: Rect | None = None) -> str:
    x, y = (rect.x - origin.x, rect.y - origin.y) if origin else (rect.x, rect.y)
    return f"left: {x:.3f}mm; top: {y:.3f}mm; width: {rect.w:.3f}mm; height: {rect.h:.3f}mm"


def css_columns_html(sheets: list[Sheet], issue, lock: FontLock) -> str:
    """The sample's articles in their frames as plain HTML with CSS multi-column text."""
    fmt, fonts, shares = issue.format, issue.paper.fonts, body_shares(sheets)
    style = f"""{font_face_css(lock)}
@page {{ size: {fmt.trim.width}mm {fmt.trim.height}mm; margin: 0 }}
body {{ margin: 0; font-family: "{fonts.body}"; font-size: {fmt.body_size}pt;
       line-height: {fmt.leading}pt }}
.page {{ position: relative; width: {fmt.trim.width}mm; height: {fmt.trim.height}mm;
        break-after: page }}
.page > div, .page > div > * {{ position: absolute; box-sizing: border-box; margin: 0 }}
.boxed {{ border: 0.6pt solid }}
.head {{ display: flex; flex-direction: column; justify-content: center; text-align: center }}
.head .kicker {{ font-family: "{fonts.kicker}" }}
.head > * {{ margin: 0; line-height: 1.5 }}
.head .title {{ font-family: "{fonts.headline}"; font-weight: 900; line-height: 1.2 }}
.head .subtitle {{ font-family: "{fonts.kicker}"; font-weight: 700; margin-top: 0.8mm }}
img {{ object-fit: cover }}
.caption {{ font-family: "{fonts.caption}"; font-size: {fmt.body_size * 0.95}pt; padding-top: 1mm }}
.text {{ column-gap: {fmt.gutter}mm; text-align: justify; overflow: hidden }}
.text p {{ margin: 0; text-indent: 2em }}
.text .byline {{ text-indent: 0; font-family: "{fonts.byline}" }}
.dateline, .text h3 {{ font-family: "{fonts.crosshead}"; font-weight: 700 }}
.text h3 {{ font-size: {fmt.body_size}pt; margin: 0; padding-top: {fmt.leading}pt;
           text-align: center; break-after: avoid }}"""
    pages = []
    for sheet in sheets:
        modules = []
        for view in sheet.modules:
            modules.append(module_html(view, shares[view.id], fmt.body_size))
        pages.append(f'<div class="page">{"".join(modules)}</div>')
    return (f'<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">'
            f'<style>{style}</style></head><body>{"".join(pages)}</body></html>')


def module_html(view: ModuleView, paragraphs: list[Paragraph], body_size: float) -> str:
    frames, head, photo = view.frames, view.typeset.head, view.module.photo
    outer, parts = frames.outer, []
    if frames.head:
        looks = {"kicker": ("p", view.deck_size(body_size)), "title": ("h1", view.title_size),
                 "subtitle": ("h2", view.deck_size(body_size))}
        block = "".join(f'<{looks[kind][0]} class="{kind}" style="font-size: {looks[kind][1]}pt">'
                        f"{escape(text)}</{looks[kind][0]}>" for kind, text in headline_parts(view))
        parts.append(f'<div class="head" style="{css_box(frames.head, outer)}">{block}</div>')
    if photo and frames.photo and frames.caption:
        parts.append(f'<img src="{photo.source.resolve().as_uri()}" '
                     f'style="{css_box(frames.photo, outer)}">')
        credit = f"（{photo.credit}）" if photo.credit else ""
        parts.append(f'<p class="caption" style="{css_box(frames.caption, outer)}">'
                     f'{escape(photo.caption + credit)}</p>')
    text = []
    if paragraphs and not view.module.continues and head.byline:
        text.append(f'<p class="byline">□{escape(head.byline)}</p>')
    for paragraph in paragraphs:
        if paragraph.kind == "crosshead":
            text.append(f"<h3>{escape(paragraph.text)}</h3>")
            continue
        dateline = (f'<span class="dateline">{escape(head.dateline)}</span>'
                    if head.dateline and paragraph is view.typeset.paragraphs[0] else "")
        text.append(f"<p>{dateline}{escape(paragraph.text)}</p>")
    rule = "; column-rule: 0.15mm solid" if view.module.column_rules else ""
    area, count = text_area(view)  # WeasyPrint sets columns in flow, not on a placed box
    parts.append(f'<div style="{css_box(area, outer)}"><div class="text" style="height: '
                 f'{area.h:.3f}mm; column-count: {count}{rule}">'
                 f'{"".join(text)}</div></div>')
    boxed = ' class="boxed"' if frames.spec.boxed else ""
    return f'<div{boxed} style="{css_box(outer)}">{"".join(parts)}</div>'


def typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_source(sheets: list[Sheet], issue, lock: FontLock) -> str:
    """The same content in the same frames as a Typst document: placed boxes, `columns(n)`."""
    fmt, fonts, shares = issue.format, issue.paper.fonts, body_shares(sheets)
    family = {face.family: typst_string(font_family(face.file)) for face in lock.faces}
    size = fmt.body_size
    lines = [f"#set page(width: {fmt.trim.width}mm, height: {fmt.trim.height}mm, margin: 0pt)",
             f'#set text(font: {family[fonts.body]}, size: {size}pt, lang: "zh", region: "cn",'
             " top-edge: 0.88em, bottom-edge: -0.12em)",
             f"#set par(justify: true, leading: {fmt.leading - size}pt, "
             f"spacing: {fmt.leading - size}pt, first-line-indent: (amount: 2em, all: true))"]

    def place(rect: Rect, body: str) -> str:
        return (f"#place(top + left, dx: {rect.x:.3f}mm, dy: {rect.y:.3f}mm, block(width: "
                f"{rect.w:.3f}mm, height: {rect.h:.3f}mm, clip: true, {body}))")

    for n, sheet in enumerate(sheets):
        if n:
            lines.append("#pagebreak()")
        for view in sheet.modules:
            frames, head, photo = view.frames, view.typeset.head, view.module.photo
            if frames.head:
                looks = {"kicker": (fonts.kicker, 400, view.deck_size(size)),
                         "title": (fonts.headline, 900, view.title_size),
                         "subtitle": (fonts.kicker, 700, view.deck_size(size))}
                stack = ", ".join(
                    f"text(font: {family[looks[kind][0]]}, weight: {looks[kind][1]}, "
                    f"size: {looks[kind][2]}pt, {typst_string(text)})"
                    for kind, text in headline_parts(view))
                lines.append(place(frames.head, "align(center + horizon, "
                                   f"stack(spacing: 1.5mm, {stack}))"))
            if photo and frames.photo and frames.caption:
                lines.append(place(frames.photo, f"image({typst_string(str(photo.source))}, "
                                   'width: 100%, height: 100%, fit: "cover")'))
                credit = f"（{photo.credit}）" if photo.credit else ""
                caption = typst_string(photo.caption + credit)
                lines.append(place(frames.caption, f"text(font: {family[fonts.caption]}, "
                                   f"size: {size * 0.95}pt, {caption})"))
            text = []
            paragraphs = shares[view.id]
            if paragraphs and not view.module.continues and head.byline:
                text.append(f"#par(first-line-indent: 0pt, text(font: {family[fonts.byline]}, "
                            f"{typst_string('□' + head.byline)}))")
            for paragraph in paragraphs:
                if paragraph.kind == "crosshead":
                    text.append(f"#align(center, text(font: {family[fonts.crosshead]}, "
                                f"weight: 700, {typst_string(paragraph.text)}))")
                    continue
                dateline = (f"#text(font: {family[fonts.crosshead]}, weight: 700, "
                            f"{typst_string(head.dateline)})"
                            if head.dateline and paragraph is view.typeset.paragraphs[0] else "")
                text.append(f"{dateline}#{typst_string(paragraph.text)}")
            content = "\n\n".join(text)
            area, count = text_area(view)
            lines.append(place(area, f"columns({count}, "
                               f"gutter: {fmt.gutter}mm)[\n{content}\n]"))
    return "\n".join(lines) + "\n"


def font_family(path: Path) -> str:
    """The family Typst knows a font file by (its first face's typographic family)."""
    names = TTFont(path, fontNumber=0, lazy=True)["name"]
    return names.getDebugName(16) or names.getDebugName(1)


def time_typst(tmp: Path, sheets: list[Sheet], issue, lock: FontLock,
               runs: int) -> tuple[float, float] | None:
    """Median seconds and peak MiB of Typst compiling the same frames, if it is installed.
    Typst is given a folder holding links to the locked font files and no others."""
    if not importlib.util.find_spec("typst"):
        return None
    typ, fonts = tmp / "columns.typ", tmp / "typst-fonts"
    typ.write_text(typst_source(sheets, issue, lock), encoding="utf-8")
    fonts.mkdir()
    for file in {face.file for face in lock.faces}:
        (fonts / file.name).symlink_to(file)
    command = [sys.executable, "-c", TYPST_ALONE, str(typ), str(tmp / "typst.pdf"), str(fonts)]
    run_measured(command)
    return medians(command, runs)


def main() -> None:
    runs = runs_option(__doc__).runs
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["LAYOUT_CACHE_DIR"] = str(tmp / "bench-cache")  # for our own set_issue
        issue, _, lock, sheets = set_issue(SAMPLE)
        html = tmp / "css-columns.html"
        html.write_text(css_columns_html(sheets, issue, lock), encoding="utf-8")

        build = [str(LAYOUT), "build", str(SAMPLE), "--out", str(tmp / "out")]
        warm = {**os.environ, "LAYOUT_CACHE_DIR": str(tmp / "warm-cache")}
        run_measured(build, warm)  # fills the cache, and warms the OS file cache
        build_warm = medians(build, runs, lambda: warm)
        empties = (tmp / f"empty-cache-{n}" for n in itertools.count())

        def empty_cache() -> dict[str, str]:
            folder = next(empties)
            folder.mkdir()
            return {**os.environ, "LAYOUT_CACHE_DIR": str(folder)}

        build_empty = medians(build, runs, empty_cache)
        alone = [sys.executable, "-c", WEASYPRINT_ALONE, str(html), str(tmp / "columns.pdf")]
        run_measured(alone)
        baseline = medians(alone, runs)
        typst = time_typst(tmp, sheets, issue, lock, runs)

    print(f"median of {runs} runs, each in a fresh process         seconds  peak MiB")
    rows = [("layout build, composition cache warm", build_warm),
            ("layout build, composition cache empty", build_empty),
            ("WeasyPrint alone, CSS columns (baseline)", baseline)]
    for name, (seconds, mib) in rows + ([("Typst alone, same frames", typst)] if typst else []):
        print(f"{name + ':':<50}{seconds:8.2f}  {mib:8.0f}")
    if not typst:
        print("Typst is not installed (pip install typst to time it)")
    print(f"ratio build warm / CSS columns:                   {build_warm[0] / baseline[0]:8.2f}")
    print(f"ratio build empty / CSS columns:                  {build_empty[0] / baseline[0]:8.2f}")

if __name__ == "__main__":
    main()
