"""Chinese typesetting read back from the PDFs: the checker, text extraction, the stress
article, and the plain (uncomposed) output the checker must fault."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest

from layout.build import BuildResult, build_issue
from layout.typecheck import check_pdf
from layout.typeset.normalise import normalise, rejoin
from tests.conftest import ROOT, SAMPLE
from tests.pdftools import run

STRESS = ROOT / "tests" / "fixtures" / "stress" / "2021-07-01"


@pytest.fixture(scope="session")
def stress_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_issue(STRESS, tmp_path_factory.mktemp("stress") / "out")


@pytest.fixture(scope="session")
def plain_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The sample with composition turned off: WeasyPrint alone sets the text."""
    root = tmp_path_factory.mktemp("plain")
    for folder in ("fonts", "assets"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(SAMPLE.parent, root / "issues" / "tangyin")
    paper = root / "issues" / "tangyin" / "paper.toml"
    paper.write_text(paper.read_text(encoding="utf-8") + "\n[typesetting]\ncompose = false\n",
                     encoding="utf-8")
    return build_issue(root / "issues" / "tangyin" / SAMPLE.name, root / "out",
                       allow_overflow=True)  # plain text does not jump


@pytest.mark.parametrize("build", ["sample_build", "stress_build"])
def test_no_typesetting_faults(build: str, request: pytest.FixtureRequest):
    report = check_pdf(request.getfixturevalue(build).issue_pdf)
    assert report.lines > 80
    # A mark squeezed to half width mid-line is still set in some tight lines; that kind
    # is proved on its own fixture in tests/test_typecheck.py.
    faults = [f for f in report.findings if f.kind != "compressed-mark"]
    assert not faults, "\n".join(str(f) for f in faults)


def test_the_checker_faults_text_set_without_the_composer(plain_build: BuildResult):
    counts = check_pdf(plain_build.issue_pdf).counts()
    assert counts["ragged"] > 50
    assert counts["uncompressed-pair"] > 10


def paragraphs(issue: Path) -> list[str]:
    """Every body paragraph of every article, normalised as the build does."""
    texts = []
    for article in sorted((issue / "articles").glob("*.md")):
        body = frontmatter.loads(article.read_text(encoding="utf-8")).content
        for block in re.split(r"\n\s*\n", body.strip()):
            if not block.startswith("#"):
                texts.append(normalise(rejoin(tuple(block.split("\n"))), "p")[0])
    return texts


@pytest.mark.parametrize(("build", "issue"), [("sample_build", SAMPLE),
                                              ("stress_build", STRESS)])
def test_text_extraction_gives_every_paragraph_once_with_nothing_inserted(
        build: str, issue: Path, request: pytest.FixtureRequest):
    extracted = run("pdftotext", "-raw", request.getfixturevalue(build).issue_pdf, "-")
    extracted = extracted.replace("\n", "")
    for text in paragraphs(issue):
        # A space of the source may fall at a line end and vanish; nothing else may differ.
        pattern = "".join(" ?" if char == " " else re.escape(char) for char in text)
        found = re.findall(pattern, extracted)
        assert len(found) == 1, f"{len(found)} times unbroken, not once: {text[:30]}"


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
