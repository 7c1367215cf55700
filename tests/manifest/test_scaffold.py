"""A new paper and a new issue: what the editor gets is valid, builds, keeps the plan, and
never overwrites anything."""

from __future__ import annotations

import datetime
import errno
import io
import re
import shutil
import string
import tomllib
import typing
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from pydantic import BaseModel

from layout.build import build_issue
from layout.errors import ManifestError
from layout.manifest import scaffold
from layout.manifest.check import check_issue
from layout.manifest.scaffold import (
    EXAMPLE_DATE,
    FolderExistsError,
    FolderWriteError,
    ScaffoldError,
    init_paper,
    new_issue,
)
from layout.manifest.schema import (
    PRESETS,
    Limits,
    NormaliseRules,
    PaperManifest,
    PrintSettings,
    Typesetting,
)
from tests.conftest import ROOT, replace_in

TEMPLATE = ROOT / "layout" / "manifest" / "starter" / "paper.toml"
SAMPLE_PAPER = ROOT / "issues" / "tangyin"
SAMPLE_DAY = datetime.date(2021, 6, 15)
SETTING = re.compile(r"^(?:# )?([A-Za-z_]\w*\s*=.*)$")
TABLE = re.compile(r"^(?:# )?\[([\w.]+)\]")


# ---------------------------------------------------------------- the paper.toml template


def schema_keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every key a paper.toml may hold, dotted: a table's keys, not the table's own name,
    unless the key may also be a plain value (`normalise = true`)."""
    keys = set()
    for name, field in model.model_fields.items():
        members = typing.get_args(field.annotation) or (field.annotation,)
        tables = [t for t in members if isinstance(t, type) and issubclass(t, BaseModel)]
        for table in tables:
            keys |= schema_keys(table, f"{prefix}{name}.")
        if any(t not in tables and t is not type(None) for t in members):
            keys.add(f"{prefix}{name}")
    return keys


def leaves(data: dict, prefix: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            found |= leaves(value, f"{prefix}{key}.")
        else:
            found[f"{prefix}{key}"] = value
    return found


def template_settings(text: str) -> list[tuple[str, Any, bool]]:
    """(dotted key, value, commented out) for every setting the template writes, set or
    shown in a comment; a setting that is not valid TOML fails here."""
    settings, table = [], ""
    for line in text.splitlines():
        if header := TABLE.match(line):
            table = f"{header[1]}."
        elif setting := SETTING.match(line):
            for key, value in leaves(tomllib.loads(setting[1]), table).items():
                settings.append((key, value, line.startswith("#")))
    return settings


def test_the_template_writes_out_every_key_of_the_schema():
    written = {key for key, _, _ in template_settings(TEMPLATE.read_text(encoding="utf-8"))}
    assert schema_keys(PaperManifest) - written == set(), "keys missing from the template"
    assert written - schema_keys(PaperManifest) == set(), "keys the schema does not know"


def test_the_commented_settings_show_the_defaults():
    defaults = leaves({"page": PRESETS["四开"], "typesetting": Typesetting().model_dump(),
                       "print": PrintSettings().model_dump(), "limits": Limits().model_dump()})
    defaults |= leaves(NormaliseRules().model_dump(), "typesetting.normalise.")
    shown = {key: (type(value), value) for key, value, commented
             in template_settings(TEMPLATE.read_text(encoding="utf-8")) if commented}
    assert {key: shown.get(key) for key in defaults} == \
        {key: (type(value), value) for key, value in defaults.items()}


def test_every_setting_shown_may_be_uncommented():
    """Every optional line, its comment mark taken away, is a valid paper (the table of
    normalisation rules standing for `normalise = true`, which it replaces)."""
    lines = [line[2:] if line.startswith("# ") and (SETTING.match(line) or TABLE.match(line))
             and not line.startswith("# normalise =") else line
             for line in TEMPLATE.read_text(encoding="utf-8").splitlines()]
    paper = PaperManifest.model_validate(tomllib.loads("\n".join(lines)))
    assert paper.typesetting.normalise == NormaliseRules()
    assert paper.issn is not None and paper.templates is not None


# ---------------------------------------------------------------- init_paper


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    """A new paper made in a temporary folder, outside the checkout."""
    folder = tmp_path / "papers" / "shili"
    init_paper(folder, name="示例县报")
    return folder


def test_init_writes_a_paper_and_its_example_issue(tmp_path: Path):
    folder = tmp_path / "xinbao"
    written = init_paper(folder, name='新"报')
    issue = folder / EXAMPLE_DATE.isoformat()
    assert {p.relative_to(folder).as_posix() for p in written} >= {
        "paper.toml", f"{issue.name}/issue.toml", f"{issue.name}/photos/shili-tupian.jpg"}
    assert all(p.is_file() for p in written)
    assert len(list((issue / "articles").glob("*.md"))) >= 2
    paper = PaperManifest.model_validate(tomllib.loads((folder / "paper.toml").read_text()))
    assert paper.name == '新"报'
    assert paper.sample, "placeholder CN number and imprint are printed as a sample"
    assert "# 报名" in (folder / "paper.toml").read_text(), "the comments are kept"


def test_the_example_issue_passes_check(paper: Path):
    issue, _, _ = check_issue(paper / EXAMPLE_DATE.isoformat())
    assert issue.date == EXAMPLE_DATE and len(issue.pages) == 1
    assert len(issue.pages[0].modules) == 3


def test_the_example_issue_builds_with_the_packaged_defaults(paper: Path, tmp_path: Path):
    result = build_issue(paper / EXAMPLE_DATE.isoformat(), tmp_path / "out")
    with pdfplumber.open(result.issue_pdf) as pdf:
        text = pdf.pages[0].extract_text()
        assert len(pdf.pages) == 1
    assert "欢迎使用报纸排版工具" in text and "稿件这样写" in text
    assert "总第1期" in text


def test_init_into_an_empty_folder(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    init_paper(tmp_path / "empty")
    assert (tmp_path / "empty" / "paper.toml").is_file()


def test_init_refuses_a_folder_with_files_in_it(tmp_path: Path):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(FolderExistsError) as caught:
        init_paper(folder)
    assert str(folder) in str(caught.value)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]


def test_init_refuses_a_blank_name(tmp_path: Path):
    with pytest.raises(ScaffoldError):
        init_paper(tmp_path / "paper", name="  ")
    assert not (tmp_path / "paper").exists()


def test_a_failed_init_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    writes = []

    def full_disk(path: Path, data: bytes) -> None:
        writes.append(path)
        if len(writes) > 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    monkeypatch.setattr(scaffold, "atomic_write", full_disk)
    with pytest.raises(FolderWriteError) as caught:
        init_paper(tmp_path / "paper")
    assert str(tmp_path / "paper") in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_the_placeholder_photo_prints_at_a_broadsheet_width():
    from PIL import Image

    with Image.open(io.BytesIO(scaffold.placeholder_photo())) as image:
        width_inches = 327 / 25.4    # 对开: the type area's width
        assert image.format == "JPEG" and image.width / width_inches >= 150


# ---------------------------------------------------------------- new_issue


@pytest.fixture
def sample_paper(tmp_path: Path) -> Path:
    """A copy of the sample paper, outside the checkout."""
    return Path(shutil.copytree(SAMPLE_PAPER, tmp_path / "tangyin"))


def plan_of(issue_dir: Path) -> dict:
    """The page plan: every key of the pages but the articles' and photos' own."""
    pages = tomllib.loads((issue_dir / "issue.toml").read_text(encoding="utf-8"))["pages"]
    for page in pages:
        for slot in page["articles"]:
            del slot["source"]
            for key in ("source", "caption", "credit", "focus"):
                slot.get("photo", {}).pop(key, None)
    return pages


def test_new_issue_keeps_the_plan_and_advances_date_and_number(sample_paper: Path):
    made = new_issue(sample_paper, datetime.date(2021, 6, 18))
    assert made == sample_paper / "2021-06-18"
    previous = tomllib.loads((sample_paper / "2021-06-15" / "issue.toml").read_text())
    issue = tomllib.loads((made / "issue.toml").read_text(encoding="utf-8"))
    assert issue["date"] == datetime.date(2021, 6, 18)
    assert issue["issue_number"] == previous["issue_number"] + 1
    assert plan_of(made) == plan_of(sample_paper / "2021-06-15")


def test_new_issue_leaves_every_article_and_photo_pending(sample_paper: Path):
    made = new_issue(sample_paper, datetime.date(2021, 6, 18))
    text = (made / "issue.toml").read_text(encoding="utf-8")
    pages = tomllib.loads(text)["pages"]
    slots = [slot for page in pages for slot in page["articles"]]
    photos = [slot["photo"] for slot in slots if "photo" in slot]
    assert text.count("# 稿件待定") == len(slots) and text.count("# 图片待定") == len(photos)
    assert all(photo["caption"] == "图片待定" and "credit" not in photo for photo in photos)
    for slot in slots:
        assert "稿件待定" in (made / slot["source"]).read_text(encoding="utf-8")
    assert slots[3]["continues"] and slots[3]["source"] == slots[0]["source"], \
        "the jump from page 1 to page 2 is kept, on one placeholder"
    assert {p.name for p in (made / "photos").iterdir()} == \
        {Path(photo["source"]).name for photo in photos}


def test_new_issue_keeps_the_comments(sample_paper: Path):
    previous = (sample_paper / "2021-06-15" / "issue.toml").read_text(encoding="utf-8")
    made = new_issue(sample_paper, datetime.date(2021, 6, 18))
    text = (made / "issue.toml").read_text(encoding="utf-8")
    comments = [line for line in previous.splitlines() if line.startswith("#")]
    assert [line for line in text.splitlines() if line in comments] == comments
    assert "# 总期号 (sample)" in text, "a comment beside a value that changed"


def test_the_new_issue_passes_check(sample_paper: Path):
    issue, _, _ = check_issue(new_issue(sample_paper, datetime.date(2021, 6, 18)))
    assert issue.issue_number == 1863
    assert {module.article.title for page in issue.pages for module in page.modules} == \
        {"稿件待定"}


def test_the_example_issue_is_a_plan_for_the_next(paper: Path):
    issue, _, _ = check_issue(new_issue(paper, datetime.date(2024, 3, 1)))
    assert issue.issue_number == 2 and len(issue.pages[0].modules) == 3


def test_the_latest_issue_before_the_date_is_followed(sample_paper: Path):
    new_issue(sample_paper, datetime.date(2021, 6, 18))
    between = new_issue(sample_paper, datetime.date(2021, 6, 17))
    after = new_issue(sample_paper, datetime.date(2021, 6, 22))
    assert tomllib.loads((between / "issue.toml").read_text())["issue_number"] == 1863
    text = (after / "issue.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text)["issue_number"] == 1864
    assert text.count("# ※") == 2 and "版面沿用 2021-06-18 期" in text, \
        "one note, naming the issue followed"


def test_the_issue_to_follow_may_be_named(sample_paper: Path):
    new_issue(sample_paper, datetime.date(2021, 6, 18))
    made = new_issue(sample_paper, datetime.date(2021, 6, 22), from_date=SAMPLE_DAY)
    assert tomllib.loads((made / "issue.toml").read_text())["issue_number"] == 1863


def test_new_issue_refuses_an_issue_already_there(sample_paper: Path):
    before = (sample_paper / "2021-06-15" / "issue.toml").read_bytes()
    with pytest.raises(FolderExistsError) as caught:
        new_issue(sample_paper, SAMPLE_DAY)
    assert str(sample_paper / "2021-06-15") in str(caught.value)
    assert (sample_paper / "2021-06-15" / "issue.toml").read_bytes() == before


@pytest.mark.parametrize("date, from_date", [
    (datetime.date(2021, 6, 1), None),                  # nothing earlier
    (datetime.date(2021, 6, 18), datetime.date(2021, 6, 14)),   # no such issue
    (datetime.date(2021, 6, 14), SAMPLE_DAY),           # the issue to follow comes later
])
def test_new_issue_needs_an_earlier_issue(sample_paper: Path, date: datetime.date,
                                          from_date: datetime.date | None):
    with pytest.raises(ScaffoldError):
        new_issue(sample_paper, date, from_date)
    assert not (sample_paper / date.isoformat()).exists()


def test_new_issue_needs_a_paper_folder(sample_paper: Path):
    with pytest.raises(ScaffoldError) as caught:
        new_issue(sample_paper / "2021-06-15", datetime.date(2021, 6, 18))
    assert "paper.toml" in str(caught.value)


def test_an_invalid_plan_is_reported_and_nothing_written(sample_paper: Path):
    replace_in(sample_paper / "2021-06-15" / "issue.toml", "head_lines = 13", "head_lines = -1")
    with pytest.raises(ManifestError) as caught:
        new_issue(sample_paper, datetime.date(2021, 6, 18))
    assert [problem.key for problem in caught.value.problems] == \
        ["pages[0].articles[0].head_lines"]
    assert sorted(p.name for p in sample_paper.iterdir()) == ["2021-06-15", "paper.toml"]


def test_a_plan_that_is_not_toml_is_reported(sample_paper: Path):
    replace_in(sample_paper / "2021-06-15" / "issue.toml", "[[pages]]", "[[pages]")
    with pytest.raises(ManifestError) as caught:
        new_issue(sample_paper, datetime.date(2021, 6, 18))
    (problem,) = caught.value.problems
    assert problem.file == sample_paper / "2021-06-15" / "issue.toml"
    assert problem.line is not None
    assert "a [[table]] heading must end with ]]" in problem.message   # not tomlkit's English


# ---------------------------------------------------------------- messages


def catalogue_entries() -> dict[str, str]:
    locale = ROOT / "layout" / "locale"
    entries: dict[str, str] = {}
    for po in (locale / "zh_Hans" / "LC_MESSAGES" / "layout.po",
               locale / "pending-scaffold.po"):
        if po.is_file():
            with po.open("rb") as file:
                entries |= {m.id: m.string for m in read_po(file)
                            if isinstance(m.id, str) and isinstance(m.string, str) and m.string}
    return entries


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_every_message_has_its_chinese_with_the_same_placeholders():
    translated = catalogue_entries()
    messages = [message for _, message, _, _ in extract_from_file(
        "python", str(ROOT / "layout" / "manifest" / "scaffold.py"))]
    assert messages
    for message in messages:
        assert message in translated, message
        assert placeholders(translated[message]) == placeholders(message), message
