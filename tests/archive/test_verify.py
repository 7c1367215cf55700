"""`layout archive verify`: the stored files are those recorded (fixity), and a rebuild
matches the record, or the damaged file and the changed input or version are named."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import fontTools
import pikepdf
import pydyf
import pytest

from layout.build import BuildResult
from layout.manifest.resources import DEFAULT_FONT_LOCK
from layout.reports.record import fixity, read_record
from tests.conftest import SAMPLE, replace_in
from tests.test_cli import layout

LIGHT_KAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf")
LIGHT_KAI_SHA256 = "e302f84a1967817f91fc4011de7c8c12489c41072a7f0605a1c7b1399352cb93"


def test_the_record_names_inputs_versions_and_outputs(archive_build: BuildResult):
    folder = archive_build.issue_pdf.parent
    record = read_record(folder)
    inputs = record["inputs"]
    assert set(inputs["manifest"]) == {"paper.toml", "issue.toml"}
    assert len(inputs["articles"]) == 6 and "articles/xunchao-jishi.md" in inputs["articles"]
    assert "NP Song 400" in inputs["fonts"]
    assert "templates/module.html" in inputs["templates"]
    versions = record["versions"]
    assert versions["weasyprint"] == "70.0"
    assert versions["pydyf"] == pydyf.__version__
    assert versions["fonttools"] == fontTools.version
    assert versions["qpdf"] == pikepdf.__libqpdf_version__
    assert versions["pikepdf"] == pikepdf.__version__
    for name in ("littlecms", "pango", "harfbuzz", "pillow", "python"):
        assert re.fullmatch(r"\d+\.\d+(\.\d+)?", versions[name]), (name, versions[name])
    assert re.fullmatch(r"pypdfium2 \d+\.\d+\.\d+, pdfium \d+\.\d+\.\d+\.\d+\S*",
                        versions["pdfium"]), versions["pdfium"]


def test_the_record_lists_every_file_the_build_wrote(archive_build: BuildResult):
    folder = archive_build.issue_pdf.parent
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    recorded = set(read_record(folder)["outputs"])
    assert recorded == written - {"build.json"}
    assert {"issue.pdf", "issue.html", "flatplan.pdf", "report.json", "pages/02.pdf",
            "previews/02.png"} <= recorded


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-1000])


def _append(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"%%EOF\n")


def _delete(path: Path) -> None:
    path.unlink()


def _unreadable(path: Path) -> None:
    path.unlink()
    path.mkdir()  # a folder where the file stood: unreadable even to root


@pytest.mark.parametrize(("damage", "problem"), [
    (_truncate, "differs from the record"), (_append, "differs from the record"),
    (_delete, "missing"), (_unreadable, "unreadable (Is a directory)")])
def test_fixity_names_a_damaged_stored_file(stored: Path, damage, problem: str):
    folder = stored / "archive"
    damage(folder / "issue.pdf")
    faults = fixity(folder, read_record(folder)["outputs"])
    assert [str(fault) for fault in faults] == [f"issue.pdf {problem}"]


def test_verify_names_every_damaged_stored_file(stored: Path):
    folder = stored / "archive"
    _truncate(folder / "issue.pdf")
    _append(folder / "pages" / "01.pdf")
    _delete(folder / "previews" / "02.png")
    result = layout("archive", "verify", SAMPLE, "--out", stored)
    assert result.returncode == 1, result.stderr
    assert "verified" not in result.stdout
    assert "fixity: 3 of 14 stored files are not as recorded" in result.stdout
    assert "stored: issue.pdf differs from the record" in result.stdout
    assert "stored: pages/01.pdf differs from the record" in result.stdout
    assert "stored: previews/02.png missing" in result.stdout
    # The sources still make the recorded files: the fault is the stored copy.
    assert "rebuild: the same 14 files as recorded" in result.stdout


def test_an_intact_issue_verifies_and_a_newer_release_is_named(stored: Path):
    record_file = stored / "archive" / "build.json"
    record = json.loads(record_file.read_text(encoding="utf-8"))
    record["versions"]["pydyf"] = "0.10.0"  # as if built with an older pydyf
    record_file.write_text(json.dumps(record), encoding="utf-8")
    result = layout("archive", "verify", SAMPLE, "--out", stored)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "verified, 14 files identical" in result.stdout
    assert f"since the record: pydyf 0.10.0 -> {pydyf.__version__}" in result.stdout


def test_a_changed_template_is_named(issue_dir: Path, stored: Path):
    paper = issue_dir.parent
    (paper / "templates").mkdir()
    folio = Path(__file__).parents[2] / "layout" / "templates" / "folio.html"
    shutil.copy(folio, paper / "templates" / "folio.html")
    (paper / "templates" / "folio.html").write_text(
        folio.read_text(encoding="utf-8").replace("</", "<!-- local -->\n</", 1), encoding="utf-8")
    replace_in(paper / "paper.toml", 'price = "0.50元"',
               'price = "0.50元"\ntemplates = "templates"')
    result = layout("archive", "verify", issue_dir, "--out", stored)
    assert result.returncode == 1
    assert "changed: template paper templates/folio.html added" in result.stdout


def test_a_changed_font_is_named(project: Path, issue_dir: Path, stored: Path):
    if not LIGHT_KAI.is_file():
        pytest.fail(f"{LIGHT_KAI} (fonts-lxgw-wenkai) is needed for this test")
    lock = Path(shutil.copy(DEFAULT_FONT_LOCK, issue_dir.parent / "fonts.toml"))
    replace_in(issue_dir.parent / "paper.toml", "schema_version = 1\n",
               'schema_version = 1\nfont_lock = "fonts.toml"\n')
    replace_in(lock, "LXGWWenKai-Regular.ttf", LIGHT_KAI.name)
    replace_in(lock, "bbf534b0ca093928f94d1782855e65a19a32cde82b075d495d072025521953c8",
               LIGHT_KAI_SHA256)
    result = layout("archive", "verify", issue_dir, "--out", stored)
    assert result.returncode == 1
    assert "changed: font NP Kai 400 changed" in result.stdout
    assert "changed: font lock paper fonts.toml added" in result.stdout
    assert "files differ from the record" in result.stdout
    assert "fixity" not in result.stdout  # the stored files themselves are intact


def test_verify_without_a_build_says_what_to_do(issue_dir: Path, tmp_path: Path):
    result = layout("archive", "verify", issue_dir, "--out", tmp_path / "nothing")
    assert result.returncode != 0
    assert "no build record" in result.stderr
    assert "Traceback" not in result.stderr
