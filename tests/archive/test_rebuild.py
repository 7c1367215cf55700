"""Batch rebuilds: parallel, resumable, and one broken issue never stops the rest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from layout.archive.rebuild import rebuild
from layout.archive.synthetic import synthesize
from layout.build import build_issue
from layout.reports.record import fixity, read_record
from tests.conftest import SAMPLE
from tests.test_cli import layout


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, list[Path]]:
    """Three synthetic issues; the middle one names an article that is not there."""
    root = tmp_path / "archive"
    issues = synthesize(SAMPLE, root, issues=3)
    (issues[1] / "articles" / "xunchao-jishi.md").unlink()
    return root, issues


def test_synthetic_issues_differ_in_date_number_and_text(tmp_path: Path):
    first, second = synthesize(SAMPLE, tmp_path, issues=2)
    assert first.name == "2021-06-16" and second.name == "2021-06-17"
    assert "issue_number = 1864" in (second / "issue.toml").read_text(encoding="utf-8")
    lead = "articles/xunchao-jishi.md"
    assert (first / lead).read_text(encoding="utf-8") != (second / lead).read_text(encoding="utf-8")


def test_on_a_dask_cluster_the_others_are_built_and_the_broken_one_named(
        archive: tuple[Path, list[Path]], tmp_path: Path):
    root, issues = archive
    out = tmp_path / "out"
    outcomes = rebuild(root, out, "proof", jobs=2, dask=True)
    status = {outcome.issue: outcome.status for outcome in outcomes}
    names = [str(issue.relative_to(root)) for issue in issues]
    assert status == {names[0]: "built", names[1]: "failed", names[2]: "built"}
    failure = next(o for o in outcomes if o.status == "failed")
    assert "xunchao-jishi.md" in failure.message
    for name in (names[0], names[2]):
        assert (out / name / "issue.pdf").is_file()
    assert not (out / names[1] / "issue.pdf").exists()


def test_the_command_line_exits_non_zero_and_a_second_run_resumes(
        archive: tuple[Path, list[Path]], tmp_path: Path):
    root, issues = archive
    out = tmp_path / "out"
    first = layout("archive", "rebuild", root, "--out", out, "--jobs", "2", "--variant", "proof")
    assert first.returncode == 1
    assert "2 built, 0 up to date, 1 failed" in first.stdout
    assert issues[1].name in first.stderr and "Traceback" not in first.stderr
    second = layout("archive", "rebuild", root, "--out", out, "--variant", "proof")
    assert "0 built, 2 up to date, 1 failed" in second.stdout
    # An edited article makes its issue out of date again.
    lead = issues[2] / "articles" / "xunchao-jishi.md"
    lead.write_text(lead.read_text(encoding="utf-8").replace("。", "！", 1), encoding="utf-8")
    third = layout("archive", "rebuild", root, "--out", out, "--variant", "proof")
    assert "1 built, 1 up to date, 1 failed" in third.stdout


def test_an_issue_whose_stored_files_are_damaged_is_built_again_and_restored(tmp_path: Path):
    root = tmp_path / "archive"
    (issue,) = synthesize(SAMPLE, root, issues=1)
    out = tmp_path / "out"
    assert [o.status for o in rebuild(root, out, "proof")] == ["built"]
    folder = out / issue.relative_to(root)
    recorded = read_record(folder)["outputs"]
    pdf = folder / "issue.pdf"
    pdf.write_bytes(pdf.read_bytes()[:-1000])
    (folder / "previews" / "01.png").write_bytes(b"not a picture")  # its page is unchanged
    result = layout("archive", "rebuild", root, "--out", out, "--variant", "proof")
    assert result.returncode == 0, result.stderr
    assert "1 built, 0 up to date, 0 failed" in result.stdout
    assert "restored: issue.pdf differs from the record, previews/01.png differs from the " \
           "record" in " ".join(result.stderr.split())
    assert fixity(folder, recorded) == []  # the very bytes first built, preview included
    assert read_record(folder)["outputs"] == recorded
    assert [o.status for o in rebuild(root, out, "proof")] == ["up to date"]


def test_a_worker_building_issue_after_issue_makes_the_bytes_a_fresh_build_makes(
        tmp_path: Path):
    """One worker builds both issues, keeping its fonts and freezing what stays after the
    first: the second issue's files are those a build of it alone makes."""
    root = tmp_path / "archive"
    issues = synthesize(SAMPLE, root, issues=2)
    out = tmp_path / "out"
    assert [o.status for o in rebuild(root, out, "archive", jobs=1)] == ["built", "built"]
    alone = build_issue(issues[1], tmp_path / "alone", variant="archive")
    made = out / issues[1].relative_to(root) / "archive"
    files = sorted(p.relative_to(alone.issue_pdf.parent) for p in
                   alone.issue_pdf.parent.rglob("*") if p.is_file())
    assert len(files) > 10
    assert [f for f in files
            if (made / f).read_bytes() != (alone.issue_pdf.parent / f).read_bytes()] == []


def test_a_worker_freezes_what_stays_after_its_first_issue_built_only(tmp_path: Path):
    """Python's full collections then skip what every issue uses (the fonts, the word
    list: loaded by a build); what later issues make stays collectable."""
    script = ("import gc, sys\n"
              "from layout.archive.rebuild import rebuild_one\n"
              "def build(folder):\n"
              "    return rebuild_one(folder, sys.argv[3], 'proof', sys.argv[4]).status\n"
              "before = [object()]\n"
              "print(build(sys.argv[1]), gc.get_freeze_count())\n"
              "print(build(sys.argv[2]), gc.get_freeze_count())\n"
              "after = [object()]\n"
              "print(build(sys.argv[2]))\n"
              "collectable = {id(o) for o in gc.get_objects()}\n"
              "print(id(before) in collectable, id(after) in collectable)\n")
    missing = SAMPLE.parent / "no-such-issue"
    result = subprocess.run([sys.executable, "-c", script, str(missing), str(SAMPLE),
                             str(tmp_path / "out"), str(SAMPLE.parent)],
                            capture_output=True, text=True, check=True)
    failed, built, again, frozen = result.stdout.splitlines()
    assert failed == "failed 0"   # nothing frozen before a build has loaded what stays
    assert built.split()[0] == "built" and int(built.split()[1]) > 10_000
    assert again == "built" and frozen == "False True"
