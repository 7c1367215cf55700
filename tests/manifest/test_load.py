"""Loading and validating manifests: every problem reported at once, by file and key."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from layout.errors import ManifestError
from layout.manifest.check import check_issue
from layout.manifest.load import PLACEHOLDER, load_issue
from layout.manifest.schema import Place
from layout.model import Wishes
from tests.conftest import SAMPLE, replace_in


def problems_of(issue_dir: Path) -> list[str]:
    with pytest.raises(ManifestError) as caught:
        load_issue(issue_dir)
    return [str(p) for p in caught.value.problems]


def test_sample_issue_loads_with_all_its_articles():
    issue = load_issue(SAMPLE)
    assert [p.number for p in issue.pages] == [1, 2]
    assert issue.pages[0].has_masthead
    titles = [a.title for a in issue.articles()]
    assert titles[0] == "利剑出鞘去沉痾"
    assert "为民办实事 点滴见真情" in titles
    lead = issue.articles()[0]
    assert [b.lines[0] for b in lead.blocks if b.kind == "crosshead"] == [
        "党建引领 打造监督铁军", "精准聚焦 凸显巡察实效", "以巡促治 做好“后半篇文章”"]


def test_three_mistakes_are_reported_together(issue_dir: Path):
    issue_toml = issue_dir / "issue.toml"
    replace_in(issue_toml, "issue_number = 1862", 'issue_number = "第1862期"')
    replace_in(issue_toml, 'name = "要闻"', 'name = "要闻"\ncouleur = "red"')
    paper = issue_dir.parent / "paper.toml"
    replace_in(paper, "masthead_lines = 15", "masthead_lines = 15\ncolumns = 0")

    problems = problems_of(issue_dir)

    assert len(problems) == 3, problems
    assert f'{issue_toml} line 5: issue_number: must be a whole number, 1 or more, not ' \
        'the text "第1862期"' in problems
    assert f"page 1 ({issue_toml} line 11): couleur: is not a key this file knows: check its " \
        "spelling (docs/manifest.md lists every key)" in problems
    assert any(p.startswith(f"{issue_dir.parent / 'paper.toml'} line ") and
               "page.columns: must be a whole number, 1 or more and 12 or less, not 0" in p
               for p in problems), problems


def test_problems_in_articles_and_places_are_collected_too(issue_dir: Path):
    issue_toml = issue_dir / "issue.toml"
    replace_in(issue_toml, "articles/renshe-chuangye.md", "articles/missing.md")
    replace_in(issue_toml, "place = { column = 4, span = 3, top = 18, lines = 26 }",
               "place = { column = 5, span = 3, top = 18, lines = 26 }")
    article = issue_dir / "articles" / "chezhan-duanwu.md"
    replace_in(article, "kicker:", "kikker:")

    problems = problems_of(issue_dir)

    assert f"page 1, article 3 ({issue_toml} line 28): source: file not found: " \
           "articles/missing.md" in problems
    assert f"page 2, article 3 ({issue_toml} line 65): place: columns 5-7 go past the " \
           "6-column grid" in problems
    assert f"{article} line 2: front matter.kikker: is not a key this file knows: check its " \
        "spelling (docs/manifest.md lists every key)" in problems


def test_overlapping_modules_are_refused(issue_dir: Path):
    replace_in(issue_dir / "issue.toml", "place = { column = 1, span = 3, top = 18, lines = 49 }",
               "place = { column = 1, span = 3, top = 14, lines = 49 }")
    problems = problems_of(issue_dir)
    assert any("page 2, article 2 (" in p and "line 51): place: overlaps page 2, article 1" in p
               for p in problems), problems


def test_module_over_the_masthead_is_refused(issue_dir: Path):
    replace_in(issue_dir / "issue.toml", "top = 15, lines = 52", "top = 10, lines = 52")
    problems = problems_of(issue_dir)
    assert any("page 1, article 1 (" in p and "): place: overlaps the masthead" in p
               for p in problems), problems


@pytest.mark.parametrize("reference", [
    "../../../../etc/hostname",
    "/etc/hostname",
    "photos/../../paper.toml",
    "https://example.com/photo.jpg",
    "file:///etc/hostname",
])
def test_photo_outside_the_issue_is_refused(issue_dir: Path, reference: str):
    replace_in(issue_dir / "issue.toml", '"photos/geyong-bisai.jpg"', f'"{reference}"')
    problems = problems_of(issue_dir)
    assert len(problems) == 1
    assert problems[0].startswith("page 2, article 4 (")
    assert "line 78): photo.source: " in problems[0]
    assert "outside the folder" in problems[0] or "is a URL" in problems[0]


def test_a_file_that_is_not_an_image_is_refused(issue_dir: Path):
    (issue_dir / "photos" / "geyong-bisai.jpg").write_bytes(b"not a jpeg")
    problems = problems_of(issue_dir)
    assert any("photo.source: photos/geyong-bisai.jpg: not a readable image" in p
               for p in problems)


def test_toml_syntax_error_names_the_file_and_line(issue_dir: Path):
    replace_in(issue_dir / "issue.toml", "issue_number = 1862", "issue_number = ")
    (problem,) = problems_of(issue_dir)
    assert problem.startswith(f"{issue_dir / 'issue.toml'} line 5: is not valid TOML: "
                              "column 32: the value is not one TOML knows")


def test_the_same_article_twice_is_refused_unless_it_continues(issue_dir: Path):
    replace_in(issue_dir / "issue.toml", "articles/renshe-chuangye.md",
               "articles/zhujianju-xuanjiang.md")
    problems = problems_of(issue_dir)
    assert not any(p.startswith("page 1, article 3") for p in problems)  # page 2's is the repeat
    assert any(p.startswith("page 2, article 3 (") and "source: articles/zhujianju-xuanjiang.md is "
               "already placed at page 1, article 3" in p and "continues = true" in p
               for p in problems), problems


def test_a_continuation_needs_an_article_begun_before(issue_dir: Path):
    replace_in(issue_dir / "issue.toml", 'source = "articles/zhujianju-xuanjiang.md"',
               'source = "articles/zhujianju-xuanjiang.md"\ncontinues = true')
    problems = problems_of(issue_dir)
    assert any(p.startswith("page 2, article 3 (") and "continues: articles/zhujianju-xuanjiang.md "
               "does not start" in p for p in problems), problems


def test_unknown_font_family_in_paper_is_reported(issue_dir: Path):
    replace_in(issue_dir.parent / "paper.toml", 'body = "NP Song"', 'body = "SimSun"')
    with pytest.raises(ManifestError) as caught:
        load_issue(issue_dir, font_families={"NP Song", "NP Hei", "NP Kai"})
    (problem,) = caught.value.problems
    assert problem.key == "fonts.body"
    assert "unknown font family 'SimSun'" in problem.message


def test_a_decompression_bomb_is_refused_before_rendering(issue_dir: Path):
    from PIL import Image

    Image.new("1", (16_000, 16_000)).save(issue_dir / "photos" / "geyong-bisai.jpg", "PNG")
    problems = problems_of(issue_dir)
    assert any("photo.source: photos/geyong-bisai.jpg: refused: too many pixels" in p
               for p in problems), problems


# ---------------------------------------------------------------- left to `layout arrange`

RENSHE_PLACE = "place = { column = 5, span = 2, top = 41, lines = 26 }\nhead_lines = 3\n"
WISHED = 'priority = 2\nmin_span = 2\nmax_span = 3\nmin_lines = 10\nheadline = "small"\n'


def unplaced(issue_dir: Path) -> Path:
    """The sample with page 1's third article left to arrange, with the editor's wishes."""
    replace_in(issue_dir / "issue.toml", RENSHE_PLACE, WISHED)
    return issue_dir


def test_a_module_without_a_place_is_refused_with_the_way_to_place_it(issue_dir: Path):
    issue_toml = unplaced(issue_dir) / "issue.toml"
    with pytest.raises(ManifestError) as caught:
        check_issue(issue_dir)
    folder = shlex.quote(str(issue_dir))
    assert [str(p) for p in caught.value.problems] == [
        f"page 1, article 3 ({issue_toml} line 27): place: the module is not placed yet: run "
        f"`layout arrange {folder}` to lay out the page, or give place = "
        "{ column, span, top, lines }",
        f"page 1, article 3 ({issue_toml} line 27): head_lines: the headline's room is not "
        f"given yet: run `layout arrange {folder}` to fit it, or give the body lines the "
        "headline takes (0 for none)"]
    assert caught.value.exit_code == 2


def test_the_refusal_names_the_issue_folder_as_it_was_typed(
        issue_dir: Path, project: Path, monkeypatch: pytest.MonkeyPatch):
    unplaced(issue_dir)
    monkeypatch.chdir(project)
    problems = problems_of(Path("issues/tangyin/2021-06-15"))
    assert all("run `layout arrange issues/tangyin/2021-06-15` to" in p for p in problems), \
        problems


def test_arrange_reads_an_unplaced_module_with_its_wishes(issue_dir: Path):
    issue, _resources, _lock = check_issue(unplaced(issue_dir), unplaced_allowed=True)
    lead, _, renshe = issue.pages[0].modules
    assert renshe.wishes == Wishes(priority=2, min_span=2, max_span=3, min_lines=10,
                                   headline="small", placed=False, head_lines_given=False,
                                   title_size_given=False, photo_sized=True)
    assert (renshe.frame.place, renshe.frame.head_lines) == (PLACEHOLDER, 0)
    assert lead.wishes == Wishes(), "a module the manifest fixes whole"
    assert lead.frame.place == Place(column=1, span=4, top=15, lines=52)
    assert not issue.pages[0].modules[1].wishes.title_size_given


def test_a_photo_may_leave_its_height_to_arrange(issue_dir: Path):
    issue_toml = issue_dir / "issue.toml"
    replace_in(issue_toml, "lines = 18\nspan = 2\n", "span = 2\n")
    (problem,) = problems_of(issue_dir)
    assert problem.startswith(f"page 2, article 2 ({issue_toml} line 55): photo.lines: the "
                              "photo's height is not given yet: run `layout arrange ")
    module = load_issue(issue_dir, unplaced_allowed=True).pages[1].modules[1]
    assert module.frame.photo is not None and module.frame.photo.lines == 2
    assert module.frame.photo.span == 2, "the span given is kept"
    assert not module.wishes.photo_sized and module.wishes.placed


def test_modules_left_to_arrange_are_not_checked_on_the_grid(issue_dir: Path):
    """Their stand-in frames would all overlap; placed modules are still checked."""
    issue_toml = unplaced(issue_dir) / "issue.toml"
    replace_in(issue_toml, "place = { column = 5, span = 2, top = 15, lines = 26 }\n", "")
    page = load_issue(issue_dir, unplaced_allowed=True).pages[0]
    assert [m.wishes.placed for m in page.modules] == [True, False, False]
    replace_in(issue_toml, "top = 15, lines = 52", "top = 10, lines = 52")
    with pytest.raises(ManifestError) as caught:
        load_issue(issue_dir, unplaced_allowed=True)
    assert [p.key for p in caught.value.problems] == ["pages[0].articles[0].place"]


@pytest.mark.parametrize("wishes, key, message", [
    ("min_span = 3\nmax_span = 2\n", "max_span", "must be min_span (3) or more, not 2"),
    ('headline = "huge"\n', "headline",
     "must be one of 'large', 'medium' or 'small', not the text \"huge\""),
    ("priority = 0\n", "priority", "must be a whole number, 1 or more, not 0"),
    ("min_lines = 0\n", "min_lines", "must be a whole number, 1 or more, not 0"),
    ("min_span = 7\n", "min_span", "7 is more than the 6 columns of the grid"),
    ("min_lines = 53\n", "min_lines", "53 is more than the 52 body lines free on the page"),
    ("place = { column = 1, span = 1, top = 0, lines = 1 }\nhead_lines = 0\n"
     'headline = "large"\nmin_lines = 1\n', None, None),
])
def test_the_editors_bounds_are_checked(issue_dir: Path, wishes: str, key: str | None,
                                        message: str | None):
    replace_in(issue_dir / "issue.toml", RENSHE_PLACE, wishes)
    with pytest.raises(ManifestError) as caught:
        load_issue(issue_dir, unplaced_allowed=True)
    problems = [(p.key, p.message) for p in caught.value.problems]
    if key is None:   # bounds that can be met: only the overlap of the place given
        assert [k for k, _ in problems] == ["pages[0].articles[2].place"]
    else:
        assert problems == [(f"pages[0].articles[2].{key}", message)]


def test_a_module_that_continues_an_article_is_never_left_to_arrange(issue_dir: Path):
    issue_toml = issue_dir / "issue.toml"
    replace_in(issue_toml, "place = { column = 1, span = 6, top = 0, lines = 18 }\n",
               "priority = 1\n")
    with pytest.raises(ManifestError) as caught:
        load_issue(issue_dir, unplaced_allowed=True)
    assert [(p.key, p.message) for p in caught.value.problems] == [
        ("pages[1].articles[0].place", "is required where an article continues: `layout "
         "arrange` does not lay out jumps; give place = { column, span, top, lines }"),
        ("pages[1].articles[0].priority", "is for `layout arrange`, which does not lay out "
         "jumps: give it where the article begins")]


def test_the_sample_needs_nothing_of_arrange():
    modules = [m for page in load_issue(SAMPLE).pages for m in page.modules]
    assert all(m.wishes.placed and m.wishes.head_lines_given and m.wishes.photo_sized
               for m in modules)
    assert [m.wishes.title_size_given for m in modules] == \
        [m.title_size is not None for m in modules] == \
        [True, False, False, False, True, True, True]
