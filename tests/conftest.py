"""Shared fixtures: the sample issue, copies of it to break, and one build of it."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from layout import i18n
from layout.build import BuildResult, build_issue

# The suite reads messages in English, as `--lang en` gives them; the tests of the Chinese
# interface ask for it themselves (the `chinese` fixture, or LAYOUT_LANG=zh).
os.environ["LAYOUT_LANG"] = "en"
i18n.use(i18n.ENGLISH)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "tangyin" / "2021-06-15"
STRESS = ROOT / "tests" / "fixtures" / "stress" / "2021-07-01"    # dirty, mixed-script text
LITERAL = ROOT / "tests" / "fixtures" / "literal" / "2021-08-01"  # text that must not change


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regenerate-golden", action="store_true",
                     help="rewrite the page engine's golden traces (tests/pages/golden)")


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests compose into a cache of their own, never the user's."""
    os.environ["LAYOUT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The sample issue built once for every test that reads its outputs."""
    return build_issue(SAMPLE, tmp_path_factory.mktemp("sample") / "out")


@pytest.fixture(scope="session")
def stress_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_issue(STRESS, tmp_path_factory.mktemp("stress") / "out")


@pytest.fixture(scope="session")
def literal_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_issue(LITERAL, tmp_path_factory.mktemp("literal") / "out")


@pytest.fixture(scope="session")
def archive_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The sample issue in the archive variant, for every test that only reads it."""
    return build_issue(SAMPLE, tmp_path_factory.mktemp("archive") / "out", variant="archive")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the sample paper, outside the checkout, to edit freely."""
    shutil.copytree(ROOT / "issues" / "tangyin", tmp_path / "issues" / "tangyin")
    return tmp_path


@pytest.fixture
def issue_dir(project: Path) -> Path:
    return project / "issues" / "tangyin" / "2021-06-15"


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a copied input file; fails loudly if the text to replace is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The interface in Chinese, as an editor has it by default: in this process and in
    the commands it starts."""
    monkeypatch.setenv("LAYOUT_LANG", "zh")
    with i18n.speaking(i18n.CHINESE):
        yield


def plain(paper: Path) -> None:
    """The paper made one that does not compose its text (WeasyPrint sets it), its issues'
    photos running across their modules (`photos_across`)."""
    toml = paper / "paper.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[typesetting]\ncompose = false\n",
                    encoding="utf-8")
    photos_across(paper)


def photos_across(paper: Path) -> None:
    """The paper's issues with every photo across its module: plain columns (compose =
    false) cannot go around a photo beside the text."""
    for issue in paper.glob("*/issue.toml"):
        text = issue.read_text(encoding="utf-8")
        # The sample's 图说新闻 box keeps room for its text under a photo across it.
        text = text.replace("lines = 13\nspan = 2\n", "lines = 9\n")
        issue.write_text(re.sub(r"(?m)^span = \d+\n", "", text), encoding="utf-8")
