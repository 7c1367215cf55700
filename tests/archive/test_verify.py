"""`layout archive verify`: a rebuild matches its record, or the changed input is named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from layout.build import build_issue
from tests.conftest import replace_in
from tests.test_cli import layout

LIGHT_KAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf")
LIGHT_KAI_SHA256 = "e302f84a1967817f91fc4011de7c8c12489c41072a7f0605a1c7b1399352cb93"


@pytest.fixture
def built(issue_dir: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build_issue(issue_dir, out, variant="archive")
    return out


def test_the_record_names_inputs_versions_and_outputs(built: Path):
    record = json.loads((built / "archive" / "build.json").read_text(encoding="utf-8"))
    inputs = record["inputs"]
    assert set(inputs["manifest"]) == {"paper.toml", "issue.toml"}
    assert len(inputs["articles"]) == 6 and "articles/xunchao-jishi.md" in inputs["articles"]
    assert "NP Song 400" in inputs["fonts"]
    assert "templates/module.html" in inputs["templates"]
    assert {"weasyprint", "pango", "harfbuzz", "pillow", "python"} <= set(record["versions"])
    assert record["versions"]["weasyprint"] == "70.0"
    assert "issue.pdf" in record["outputs"]


def test_an_unchanged_issue_verifies(issue_dir: Path, built: Path):
    result = layout("archive", "verify", issue_dir, "--out", built)
    assert result.returncode == 0, result.stderr
    assert "verified" in result.stdout


def test_a_changed_template_is_named(issue_dir: Path, built: Path):
    paper = issue_dir.parent
    (paper / "templates").mkdir()
    folio = Path(__file__).parents[2] / "layout" / "templates" / "folio.html"
    shutil.copy(folio, paper / "templates" / "folio.html")
    (paper / "templates" / "folio.html").write_text(
        folio.read_text(encoding="utf-8").replace("</", "<!-- local -->\n</", 1), encoding="utf-8")
    replace_in(paper / "paper.toml", 'price = "0.50元"',
               'price = "0.50元"\ntemplates = "templates"')
    result = layout("archive", "verify", issue_dir, "--out", built)
    assert result.returncode == 1
    assert "changed: template paper templates/folio.html added" in result.stdout


def test_a_changed_font_is_named(project: Path, issue_dir: Path, built: Path):
    if not LIGHT_KAI.is_file():
        pytest.fail(f"{LIGHT_KAI} (fonts-lxgw-wenkai) is needed for this test")
    lock = project / "fonts" / "fonts.toml"
    replace_in(lock, "LXGWWenKai-Regular.ttf", LIGHT_KAI.name)
    replace_in(lock, "bbf534b0ca093928f94d1782855e65a19a32cde82b075d495d072025521953c8",
               LIGHT_KAI_SHA256)
    result = layout("archive", "verify", issue_dir, "--out", built)
    assert result.returncode == 1
    assert "changed: font NP Kai 400 changed" in result.stdout
    assert "files differ from the record" in result.stdout


def test_verify_without_a_build_says_what_to_do(issue_dir: Path, tmp_path: Path):
    result = layout("archive", "verify", issue_dir, "--out", tmp_path / "nothing")
    assert result.returncode != 0
    assert "no build record" in result.stderr
    assert "Traceback" not in result.stderr
