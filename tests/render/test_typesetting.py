"""Chinese typesetting read back from the PDFs: the checker, text extraction, the stress
article, and the plain (uncomposed) output the checker must fault."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from layout.build import BuildResult, build_issue
from layout.errors import ManifestError
from layout.manifest.check import check_issue
from layout.pdfcheck.typecheck import check_pdf
from tests.conftest import SAMPLE, plain


@pytest.fixture(scope="session")
def plain_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The sample with composition turned off: WeasyPrint alone sets the text."""
    root = tmp_path_factory.mktemp("plain")
    shutil.copytree(SAMPLE.parent, root / "issues" / "tangyin")
    plain(root / "issues" / "tangyin")
    return build_issue(root / "issues" / "tangyin" / SAMPLE.name, root / "out",
                       allow_overflow=True)  # plain text does not jump


# The stress article is made hard on purpose: where a paragraph has no line without gaps
# wider than a tenth of an em (they read as spaces), a mid-line mark may be set at half
# width, and typecheck counts the line.
ALLOWED = {"sample_build": {}, "literal_build": {}, "stress_build": {"compressed-mark": 3}}


@pytest.mark.parametrize("build", sorted(ALLOWED))
def test_no_typesetting_faults(build: str, request: pytest.FixtureRequest):
    report = check_pdf(request.getfixturevalue(build).issue_pdf)
    assert report.lines > 20
    counts = {kind: n for kind, n in report.counts().items() if n}
    assert counts == ALLOWED[build], "\n".join(str(f) for f in report.findings)


def test_the_checker_faults_text_set_without_the_composer(plain_build: BuildResult):
    counts = check_pdf(plain_build.issue_pdf).counts()
    assert counts["ragged"] > 50
    assert counts["uncompressed-pair"] > 10


def test_typecheck_command_exits_by_what_it_finds(sample_build: BuildResult,
                                                  plain_build: BuildResult):
    command = [sys.executable, "-m", "layout", "typecheck", "--json"]
    clean = subprocess.run([*command, str(sample_build.issue_pdf)], capture_output=True,
                           text=True, check=False)
    faulty = subprocess.run([*command, str(plain_build.issue_pdf)], capture_output=True,
                            text=True, check=False)
    assert clean.returncode == 0
    assert json.loads(clean.stdout)["counts"]["ragged"] == 0
    assert faulty.returncode == 1
    findings = json.loads(faulty.stdout)["findings"]
    assert {"kind", "page", "line"} <= set(findings[0])


def test_plain_text_beside_a_photo_is_refused_not_printed_over_it(issue_dir: Path):
    """WeasyPrint's columns cannot go around a photo beside the text: it would print the
    text over the photo."""
    paper = issue_dir.parent / "paper.toml"
    paper.write_text(paper.read_text(encoding="utf-8") + "\n[typesetting]\ncompose = false\n",
                     encoding="utf-8")
    with pytest.raises(ManifestError) as refused:
        check_issue(issue_dir)
    assert "photo.span: with [typesetting] compose = false" in str(refused.value)
    assert "line 58" in str(refused.value)
