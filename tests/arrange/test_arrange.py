"""`layout arrange`: pages laid out on the composer's exact copyfit. What an editor checks:
every article fits, no white hole is left, nothing overlaps, the lead stands highest with
the largest headline, the same issue gives the same proposals, and a page that cannot be
made says which article to cut and by how much."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from layout.arrange.proposals import arrange_issue, with_its_jump, write_layouts, written
from layout.manifest.check import check_issue
from layout.pages.copyfit import copyfit
from layout.pages.engine import set_issue
from layout.pages.frames import Grid
from tests.arrange.conftest import one_page_issue, unplaced


def layout_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "layout", "--lang", "en", *args],
                          capture_output=True, text=True, timeout=300)


def assert_made(issue_dir: Path, page_number: int) -> None:
    """The page as `layout check` and `fit` see it: every article fits with at most one
    empty line per column, and its modules and what was fixed fill the type area."""
    issue, _resources, _lock, sheets = set_issue(issue_dir)   # refuses overlaps
    page = next(p for p in issue.pages if p.number == page_number)
    grid = Grid(issue.format)
    fits = {fit.source: fit for fit in copyfit(sheets, issue)}
    for module in page.modules:
        fit = fits[module.article.source.relative_to(issue_dir).as_posix()]
        assert fit.fits, fit
        assert fit.empty_lines <= module.frame.columns * len(fit.pages), fit
    covered = sum(m.frame.place.span * m.frame.place.lines for m in page.modules)
    masthead = issue.format.columns * issue.format.masthead_lines if page.has_masthead else 0
    assert covered + masthead == issue.format.columns * grid.lines   # no hole


def test_page_2_of_the_sample_is_arranged_full_and_fitting(page_2_unplaced: Path):
    manifest = page_2_unplaced / "issue.toml"
    before = manifest.read_text(encoding="utf-8")
    result = layout_cli("arrange", str(page_2_unplaced), "--write")
    assert result.returncode == 0, result.stderr
    assert "layout 1: 0 grid cells white" in result.stdout
    after = manifest.read_text(encoding="utf-8")
    assert [line for line in before.splitlines() if line.startswith("#")] == \
        [line for line in after.splitlines() if line.startswith("#")]   # comments kept
    assert_made(page_2_unplaced, 2)
    issue, _resources, _lock = check_issue(page_2_unplaced)
    lead = issue.pages[1].modules[1]          # priority 1
    others = issue.pages[1].modules[2:]
    assert all(lead.frame.place.top <= m.frame.place.top for m in others)
    assert all(lead.title_size >= m.title_size for m in others)


def test_an_article_added_to_a_made_page_is_not_given_the_leads_headline(issue_dir: Path):
    """One article left without a place on page 1, whose lead is placed: it was ranked
    the page's first and given a lead's headline, so arrange said it was a line too long
    for the hole it fits exactly."""
    manifest = issue_dir / "issue.toml"
    text = manifest.read_text(encoding="utf-8")
    place = 'place = { column = 5, span = 2, top = 41, lines = 26 }\nhead_lines = 3\n'
    assert 'source = "articles/renshe-chuangye.md"\n' + place in text
    manifest.write_text(text.replace(place, "", 1), encoding="utf-8")
    result = layout_cli("arrange", str(issue_dir), "--write")
    assert result.returncode == 0, result.stdout + result.stderr
    issue, _resources, _lock, sheets = set_issue(issue_dir)
    lead, added = issue.pages[0].modules[0], issue.pages[0].modules[2]
    assert added.frame.place.column == 5 and added.frame.place.top == 41
    assert added.title_size < lead.title_size
    (fit,) = [f for f in copyfit(sheets, issue) if f.source == "articles/renshe-chuangye.md"]
    assert fit.fits and fit.empty_lines <= 2, fit


def test_a_page_with_the_masthead_and_a_jump_is_arranged(issue_dir: Path):
    manifest = issue_dir / "issue.toml"
    text = manifest.read_text(encoding="utf-8")
    page_1 = "# ---------------------------------------------------------------- 第1版"
    page_2 = "# ---------------------------------------------------------------- 第2版"
    first, rest = text.split(page_2, 1)
    manifest.write_text(unplaced(first, page_1) + page_2 + rest, encoding="utf-8")
    _issue, pages = arrange_issue(issue_dir)
    assert [p.page.number for p in pages] == [1]
    best = pages[0].alternatives[0]
    assert best.layout.holes == 0 and best.all_fit
    assert all(p.top >= 15 for p in best.layout.placements)   # under the masthead
    write_layouts(issue_dir, pages, 1)
    assert_made(issue_dir, 1)


def test_the_same_issue_gets_the_same_proposals(page_2_unplaced: Path):
    runs = [layout_cli("arrange", str(page_2_unplaced), "--json") for _ in range(2)]
    assert runs[0].returncode == 0, runs[0].stderr
    first, second = (json.loads(run.stdout) for run in runs)
    assert first == second
    alternatives = first[0]["alternatives"]
    assert len(alternatives) == 3
    places = [[m["place"] for m in a["modules"]] for a in alternatives]
    assert len({json.dumps(p) for p in places}) == 3          # three different layouts
    assert [a["cost"] for a in alternatives] == sorted(a["cost"] for a in alternatives)


def test_articles_of_very_different_lengths_with_and_without_photos(issue_dir: Path):
    one_page_issue(issue_dir, [(900, True), (260, False), (480, True), (150, False),
                               (700, False)])
    _issue, pages = arrange_issue(issue_dir)
    (page,) = pages
    assert page.verdict == "" and page.alternatives, page.verdict
    write_layouts(issue_dir, pages, 1)
    assert_made(issue_dir, 1)


def test_a_page_too_full_says_which_article_to_cut_and_by_how_much(issue_dir: Path):
    one_page_issue(issue_dir, [(1500, True), (1200, False), (1300, True), (900, False)])
    manifest = issue_dir / "issue.toml"
    before = manifest.read_bytes()
    result = layout_cli("arrange", str(issue_dir), "--write")
    assert result.returncode == 5
    assert "page 1, article 4" in result.stdout      # the one of least priority
    assert "cut about" in result.stdout and "characters" in result.stdout
    assert manifest.read_bytes() == before           # nothing written


def test_check_and_build_refuse_an_unplaced_module_and_say_to_arrange(page_2_unplaced: Path):
    for command in ("check", "fit", "build"):
        result = layout_cli(command, str(page_2_unplaced))
        assert result.returncode == 2, (command, result.stderr)
        assert "layout arrange" in result.stderr and "page 2, article 2" in result.stderr
        assert "Traceback" not in result.stderr


LEAD_BY_HAND = """[[pages.articles]]
source = "articles/xunchao-jishi.md"
place = { column = 1, span = 4, top = 15, lines = 52 }
head_lines = 13
title_size = 42
column_rules = true
"""


def lead_left_to_jump(issue_dir: Path, jump_to: int) -> Path:
    """The sample with page 1's lead left to arrange, allowed to jump to `jump_to`, and its
    continuation on page 2 (made by hand) taken out: the lead is too long for page 1."""
    manifest = issue_dir / "issue.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace(LEAD_BY_HAND, '[[pages.articles]]\nsource = "articles/xunchao-jishi.md"'
                        f"\npriority = 1\njump_to = {jump_to}\ncolumn_rules = true\n")
    continuation = text.index('[[pages.articles]]\nsource = "articles/xunchao-jishi.md"\n'
                              "place = { column = 1, span = 6")
    end = text.index("[[pages.articles]]", continuation + 1)
    manifest.write_text(text[:continuation] + text[end:], encoding="utf-8")
    return issue_dir


def test_an_article_too_long_for_its_page_jumps_where_the_editor_allows(issue_dir: Path,
                                                                        tmp_path: Path):
    lead_left_to_jump(issue_dir, 2)
    result = layout_cli("arrange", str(issue_dir), "--json")
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout)
    assert [len(page["alternatives"]) for page in pages] == [1, 3]
    (page_1,) = pages[0]["alternatives"][0]["modules"]
    assert (page_1["place"]["column"], page_1["place"]["top"]) == (1, 15)
    added = next(m for m in pages[1]["alternatives"][0]["modules"]
                 if m["source"] == "articles/xunchao-jishi.md")
    assert added["key"] == "pages[1].articles[3]"
    assert layout_cli("arrange", str(issue_dir), "--write").returncode == 0
    text = (issue_dir / "issue.toml").read_text(encoding="utf-8")
    assert text.count('source = "articles/xunchao-jishi.md"') == 2
    assert "continues = true" in text.split("第2版", 1)[1]
    fit = layout_cli("fit", str(issue_dir))
    assert fit.returncode == 0, fit.stdout + fit.stderr
    issue, _resources, _lock, sheets = set_issue(issue_dir)
    (lead,) = [f for f in copyfit(sheets, issue) if f.source == "articles/xunchao-jishi.md"]
    assert lead.fits and lead.pages == (1, 2) and lead.empty_lines <= 6, lead
    build = layout_cli("build", str(issue_dir), "--out", str(tmp_path / "out"))
    assert build.returncode == 0, build.stderr
    printed = subprocess.run(["pdftotext", str(tmp_path / "out" / "issue.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
    assert "（下转第2版）" in printed and "（上接第1版）" in printed


def test_a_jump_only_to_a_later_page_of_the_issue(issue_dir: Path):
    lead_left_to_jump(issue_dir, 1)
    result = layout_cli("arrange", str(issue_dir))
    assert result.returncode == 2
    assert "jump_to" in result.stderr and "not a later page of this issue (later pages: 2)" \
        in result.stderr


def test_a_jump_is_adopted_with_both_its_pages(issue_dir: Path):
    """The desk writes a suggested layout of either page of a jump with the other page's:
    the article is never left half placed."""
    lead_left_to_jump(issue_dir, 2)
    _issue, pages = arrange_issue(issue_dir)
    first, second = pages
    for page, alternative in ((first, 0), (second, 2)):
        together = with_its_jump(pages, page, page.alternatives[alternative].layout)
        assert [p.number for p, _layout in together] == [1, 2]
    manifest = issue_dir / "issue.toml"
    text = manifest.read_text(encoding="utf-8")
    for _page, layout in with_its_jump(pages, second, second.alternatives[2].layout):
        text = written(text, layout, issue_dir)
    manifest.write_text(text, encoding="utf-8")
    assert layout_cli("fit", str(issue_dir)).returncode == 0


def test_a_jump_to_a_page_without_room_is_a_verdict_and_nothing_is_written(issue_dir: Path):
    lead_left_to_jump(issue_dir, 2)
    manifest = issue_dir / "issue.toml"
    text = manifest.read_text(encoding="utf-8")   # page 2's top, free for the jump, filled
    text = text.replace("place = { column = 1, span = 3, top = 18, lines = 49 }",
                        "place = { column = 1, span = 3, top = 0, lines = 67 }")
    text = text.replace("place = { column = 4, span = 3, top = 18, lines = 26 }",
                        "place = { column = 4, span = 3, top = 0, lines = 44 }")
    manifest.write_text(text, encoding="utf-8")
    result = layout_cli("arrange", str(issue_dir), "--write")
    assert result.returncode == 5, result.stdout + result.stderr
    assert "page 1, article 1 (利剑出鞘去沉痾) does not fit page 1 and cannot go on on page 2" \
        in result.stdout + result.stderr
    assert manifest.read_text(encoding="utf-8") == text


def test_each_jump_is_adopted_with_its_own_pages_only():
    """Page 1 jumps to page 3 and page 2 to page 4: page 1's layout goes with page 3's,
    page 4's with page 2's, never with another jump's pages."""
    from types import SimpleNamespace

    from layout.arrange.proposals import Alternative, PageArrangement

    def arranged(number: int, jumps_to: int | None = None) -> PageArrangement:
        jumped = SimpleNamespace(wishes=SimpleNamespace(jump_to=jumps_to)) if jumps_to else None
        return PageArrangement(SimpleNamespace(number=number),  # type: ignore[arg-type]
                               [Alternative(f"layout {number}", {})],  # type: ignore[arg-type]
                               jumped=jumped)  # type: ignore[arg-type]

    pages = [arranged(1, 3), arranged(2, 4), arranged(3), arranged(4)]

    def adopted(n: int) -> list[int]:
        page = pages[n - 1]
        return [p.number for p, _ in with_its_jump(pages, page, page.alternatives[0].layout)]

    assert adopted(1) == [1, 3]
    assert adopted(2) == [2, 4]
    assert adopted(3) == [1, 3]
    assert adopted(4) == [2, 4]
