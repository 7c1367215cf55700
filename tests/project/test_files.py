"""The output folder: switched whole, never mixed, nothing lost that the build did not write."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from layout.build import build_issue
from layout.errors import FitError, OutputError
from tests.conftest import LITERAL, replace_in


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def consistent(folder: Path) -> dict[str, str]:
    """The folder's build record, after checking that every file it lists is there with
    the recorded bytes; the record's outputs."""
    record = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    for name, digest in record["outputs"].items():
        assert sha256(folder / name) == digest, f"{name} does not match build.json"
    return record["outputs"]


def leftovers(out: Path) -> list[Path]:
    return [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]


@pytest.fixture
def literal_issue(tmp_path: Path) -> Path:
    """A copy of the one-page literal-text issue, in a project of its own."""
    shutil.copytree(LITERAL.parent, tmp_path / "issues" / "literal")
    return tmp_path / "issues" / "literal" / LITERAL.name


def test_files_the_build_did_not_write_are_kept(literal_issue: Path, tmp_path: Path):
    out = tmp_path / "out"
    build_issue(literal_issue, out)
    (out / "pages" / "contract-signed.pdf").write_bytes(b"the user's")
    (out / "previews" / "holiday.png").write_bytes(b"the user's")
    (out / "notes.txt").write_text("the user's")

    build_issue(literal_issue, out)

    for name in ("pages/contract-signed.pdf", "previews/holiday.png", "notes.txt"):
        assert (out / name).read_bytes().startswith(b"the user's"), name
    consistent(out)
    assert not leftovers(out)


def test_pages_of_an_earlier_build_that_are_not_made_again_go(literal_issue: Path,
                                                              tmp_path: Path):
    out = tmp_path / "out"
    build_issue(literal_issue, out)
    # The earlier build had a second page: its files are its own, recorded as such.
    record = json.loads((out / "build.json").read_text(encoding="utf-8"))
    for name in ("pages/02.pdf", "previews/02.png"):
        (out / name).write_bytes(b"old page")
        record["outputs"][name] = sha256(out / name)
    (out / "build.json").write_text(json.dumps(record), encoding="utf-8")

    build_issue(literal_issue, out)

    assert not (out / "pages" / "02.pdf").exists()
    assert not (out / "previews" / "02.png").exists()
    assert sorted(consistent(out)) == sorted(json.loads(
        (out / "build.json").read_text(encoding="utf-8"))["outputs"])


def test_other_variants_in_the_folder_survive_a_proof_build(literal_issue: Path,
                                                            tmp_path: Path):
    out = tmp_path / "out"
    build_issue(literal_issue, out, variant="print")
    plates = consistent(out / "print")
    build_issue(literal_issue, out)
    assert consistent(out / "print") == plates
    consistent(out)


def test_a_failed_build_leaves_the_previous_set_whole(literal_issue: Path, tmp_path: Path):
    out = tmp_path / "out"
    build_issue(literal_issue, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    article = literal_issue / "articles" / "gaojian.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n\n" + "很长的稿件。" * 400,
                       encoding="utf-8")
    with pytest.raises(FitError):
        build_issue(literal_issue, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not leftovers(out)


def test_an_output_folder_that_cannot_be_written_is_named(literal_issue: Path,
                                                          tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError) as caught:
        build_issue(literal_issue, blocker / "out")
    assert str(blocker) in str(caught.value)
    assert caught.value.exit_code == 7


def mount_tmpfs(folder: Path, options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                            capture_output=True, check=False)
    return result.returncode == 0


@pytest.mark.parametrize(("options", "cause"), [("size=64k", "the disk is full"),
                                                ("ro", "the file system is read-only")])
def test_a_full_or_read_only_disk_is_named_with_its_exit_code(literal_issue: Path,
                                                              tmp_path: Path, options: str,
                                                              cause: str):
    disk = tmp_path / "disk"
    if os.geteuid() != 0 or not mount_tmpfs(disk, options):
        pytest.skip("needs root to mount a small file system")
    try:
        result = subprocess.run([sys.executable, "-m", "layout", "build", str(literal_issue),
                                 "--out", str(disk / "out")], capture_output=True, text=True,
                                check=False)
    finally:
        subprocess.run(["umount", str(disk)], check=False)
    assert result.returncode == 7, result.stderr
    assert cause in result.stderr and str(disk) in result.stderr
    assert "Traceback" not in result.stderr


def test_a_build_killed_at_any_moment_leaves_the_old_set_or_the_new(
        literal_issue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "out"
    build_issue(literal_issue, out)
    command = [sys.executable, "-m", "layout", "build", str(literal_issue), "--out", str(out)]
    randomness = random.Random(20211)
    article = literal_issue / "articles" / "gaojian.md"
    scratch = tmp_path / "tmp"   # where the builds' page workers keep their scratch folders
    scratch.mkdir()
    stops = [signal.SIGINT, signal.SIGKILL, signal.SIGTERM, signal.SIGKILL]   # Ctrl-C, kill
    for attempt, stop in enumerate(stops):
        # Each attempt changes the text, so that a finished build is a new set.
        replace_in(article, "标点只改该改的", f"标点只改该改的{attempt}")
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL,
                                   env={**os.environ, "TMPDIR": str(scratch)})
        time.sleep(randomness.uniform(0.3, 3.0))
        process.send_signal(stop)
        process.wait()
        consistent(out)  # whichever set it is, it is whole
        assert not still_running(str(out)), "its page workers end with it"
        if stop != signal.SIGKILL and process.returncode in (-stop, 130):
            assert not leftovers(out), "Ctrl-C or kill leaves no staging folder behind"
        replace_in(article, f"标点只改该改的{attempt}", "标点只改该改的")
    hour_ago = time.time() - 3700
    for folder in scratch.iterdir():   # the killed builds' scratch, an hour later
        os.utime(folder, (hour_ago, hour_ago))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    build_issue(literal_issue, out, jobs=2)  # the next build clears what the killed ones left
    consistent(out)
    assert not leftovers(out)
    assert list(scratch.iterdir()) == []


def still_running(text: str, patience: float = 10.0) -> list[str]:
    """The command lines of processes naming `text` once they have had `patience`
    seconds to end (a page worker busy with a page ends when the page is done)."""
    deadline = time.monotonic() + patience
    while True:
        running = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            with contextlib.suppress(OSError):
                if text in (line := cmdline.read_bytes().decode(errors="replace")):
                    running.append(line.replace("\0", " "))
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.1)
