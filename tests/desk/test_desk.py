"""The editor's desk in a real Chromium: pages, frames and fit badges, live updates."""

from __future__ import annotations

import contextlib
import json
import re
import time
from pathlib import Path

import pytest

from layout.desk.session import Desk
from tests.conftest import replace_in
from tests.desk.conftest import ask, served, status

LEAD_ON_PAGE_1 = "articles/chezhan-duanwu.md"



def built_and_settled(issue_dir: Path, out: Path) -> Desk:
    """A desk on `issue_dir` after its first update, once its downloads are made or given
    up."""
    import asyncio

    async def rebuild_and_wait() -> Desk:
        desk = Desk(issue_dir, out)
        await desk.rebuild()
        await desk.settled()
        return desk

    return asyncio.run(rebuild_and_wait())

def test_the_desk_shows_pages_frames_and_fit(desk_url: str, browser: object):
    page = browser.new_page()
    errors: list[str] = []   # what the browser's console would show the editor in red
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400
            else None)
    page.goto(desk_url)
    page.wait_for_selector("#page-2 img[src]")
    page.wait_for_load_state("networkidle")
    assert errors == []
    assert page.locator(".page").count() == 2
    assert page.locator("#page-1 .frame").count() == 3  # the lead, 车站, 人社
    assert page.locator("#copyfit tbody tr").count() == 6
    badges = page.locator(".badge").all_text_contents()
    assert badges and all(b == "fits" or b.endswith((" empty line", " empty lines"))
                          for b in badges)
    assert page.locator(".frame.over").count() == 0
    # Every picture of a page is really there.
    widths = page.eval_on_selector_all(".page img", "imgs => imgs.map(i => i.naturalWidth)")
    assert len(widths) == 2 and all(width > 300 for width in widths)


def test_an_edit_updates_the_open_page_and_only_its_page(
        desk_url: str, browser: object, issue_dir: Path):
    page = browser.new_page()
    page.goto(desk_url)
    page.wait_for_selector("#page-2 img[src]")
    before = {n: page.get_attribute(f"#page-{n} img", "src") for n in (1, 2)}
    article = issue_dir / LEAD_ON_PAGE_1
    text = article.read_text(encoding="utf-8")
    head, body = text.rsplit("---\n", 1)
    article.write_text(head + "---\n" + body + "\n" + body, encoding="utf-8")  # twice as long
    page.wait_for_selector(f'.frame.over[data-source="{LEAD_ON_PAGE_1}"] .badge', timeout=30000)
    badge = page.text_content(f'.frame.over[data-source="{LEAD_ON_PAGE_1}"] .badge')
    assert re.fullmatch(r"\d+ characters / \d+ lines over", badge)
    assert page.get_attribute("#page-1 img", "src") != before[1]
    assert page.get_attribute("#page-2 img", "src") == before[2]


def test_a_headline_too_big_for_its_lines_turns_its_frame_red(
        desk_url: str, browser: object, issue_dir: Path):
    page = browser.new_page()
    page.goto(desk_url)
    page.wait_for_selector("#page-2 img[src]")
    replace_in(issue_dir / "issue.toml", "head_lines = 13", "head_lines = 5")
    lead = '.frame.over[data-source="articles/xunchao-jishi.md"] .badge'
    page.wait_for_selector(lead, timeout=30000)
    assert page.text_content(lead) == "headline 2 lines over"


def test_a_broken_manifest_shows_its_errors_and_keeps_the_last_pages(
        desk_url: str, browser: object, issue_dir: Path):
    page = browser.new_page()
    page.goto(desk_url)
    page.wait_for_selector("#page-2 img[src]")
    manifest = issue_dir / "issue.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "issue_number = 1862", "issue_number = 0"), encoding="utf-8")
    page.wait_for_selector("#errors:not([hidden])", timeout=30000)
    assert "issue.toml" in page.text_content("#errors")
    assert "issue_number" in page.text_content("#errors")
    assert page.locator(".page img").count() == 2


def test_clicking_an_article_shows_its_source_and_changes(issue_dir: Path, browser: object,
                                                          request: pytest.FixtureRequest):
    article = issue_dir / "articles" / "xunchao-jishi.md"
    replace_in(article, "全县共发现各类问题5154个，", "全县共发现各类问题5154个,")
    desk_url = request.getfixturevalue("desk_url")  # started on the edited copy
    page = browser.new_page()
    page.goto(desk_url)
    page.wait_for_selector("#page-1 .frame")
    page.click('#page-1 .frame[data-source="articles/xunchao-jishi.md"]', position={"x": 5, "y": 5})
    page.wait_for_selector("#detail-text:not(:empty)")
    assert "articles/xunchao-jishi.md" in page.text_content("#detail-source")
    assert "利剑出鞘" in page.text_content("#detail-title")
    # The text as set, the change made and marked, the original on hover.
    assert page.text_content("#detail-text").startswith("自十三届汤阴县委启动巡察工作以来")
    assert "题5154个，挽回" in page.text_content("#detail-text")
    assert page.locator("#detail-text mark").all_text_contents() == ["，"]
    assert page.get_attribute("#detail-text mark", "title") == "was ,"
    changes = page.locator("#detail-normalised li").all_text_contents()
    line = next(n for n, text in enumerate(article.read_text("utf-8").splitlines(), 1)
                if "5154个," in text)
    column = article.read_text("utf-8").splitlines()[line - 1].index(",") + 1
    assert changes == [f"line {line}, column {column}: , → ， (题5154个，挽回经济损失)"]


def test_only_the_outputs_are_served(desk_url: str, issue_dir: Path, tmp_path: Path):
    deadline = time.monotonic() + 60  # the whole-issue proof is made after the pages
    while status(f"{desk_url}/files/flatplan.pdf") != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert status(f"{desk_url}/files/issue.pdf") == 200
    # A page's download is the page `layout build` made, not the desk's drawing in layers.
    made = (tmp_path / "desk" / "proof" / "pages" / "01.pdf").read_bytes()
    assert ask(desk_url, "/files/pages/01.pdf") == (200, made)
    while status(f"{desk_url}/files/plates/TY20210615A01.pdf") != 200 \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    assert status(f"{desk_url}/files/plates/TY20210615A02.pdf") == 200
    assert status(f"{desk_url}/files/plates/../../issue.toml") == 404
    assert status(f"{desk_url}/files/flatplan.pdf") == 200
    for attempt in ("/files/../../../etc/passwd", "/files/%2e%2e/%2e%2e/etc/passwd",
                    "/files/..%2f..%2fissue.toml", "/sources/../paper.toml",
                    "/sources/%2e%2e%2fpaper.toml", "/sources/issue.toml",
                    "/assets/..%2fsession.py", "/files/previews/../../issue.toml"):
        assert status(desk_url + attempt) == 404, attempt


def test_layout_serve_listens_on_loopback_only(issue_dir: Path, tmp_path: Path):
    with served(issue_dir, tmp_path / "desk") as url:
        port = int(url.rsplit(":", 1)[1])
        listening = Path("/proc/net/tcp").read_text().splitlines()[1:]
        addresses = {line.split()[1] for line in listening if line.split()[3] == "0A"}
        assert f"0100007F:{port:04X}" in addresses  # 127.0.0.1, not 0.0.0.0
        assert f"00000000:{port:04X}" not in addresses
        assert ask(url, "/", headers={"Host": "evil.example"})[0] == 421


def test_only_the_page_whose_text_changed_is_rendered_again(issue_dir: Path, tmp_path: Path):
    from layout.desk.live import LivePages

    live = LivePages(tmp_path / "live")
    _, first = live.update(issue_dir)
    assert first == {1, 2}
    page_2 = (tmp_path / "live" / "previews" / "02.png").stat().st_mtime_ns
    article = issue_dir / LEAD_ON_PAGE_1
    article.write_text(article.read_text(encoding="utf-8").replace("。", "！", 1),
                       encoding="utf-8")
    report, changed = live.update(issue_dir)
    assert changed == {1}
    assert (tmp_path / "live" / "previews" / "02.png").stat().st_mtime_ns == page_2
    assert [page["number"] for page in report["pages"]] == [1, 2]
    assert live.update(issue_dir)[1] == set()


def test_no_plates_are_offered_while_an_article_does_not_fit(issue_dir: Path, tmp_path: Path):

    article = issue_dir / LEAD_ON_PAGE_1
    head, body = article.read_text(encoding="utf-8").rsplit("---\n", 1)
    article.write_text(head + "---\n" + body + "\n" + body, encoding="utf-8")

    desk = built_and_settled(issue_dir, tmp_path / "desk")
    assert desk.state.errors == []
    assert (tmp_path / "desk" / "proof" / "issue.pdf").is_file()  # the proof, overflow shown
    assert desk.state.plates == []
    assert not any(name.startswith("plates/") for name in desk.files())
    # The editor is told why, not left to wonder where the plates went.
    said = desk.snapshot()["plates_error"]
    assert LEAD_ON_PAGE_1.split("/")[-1] in said and "lines over" in said, said


def test_a_broken_manifest_takes_the_last_versions_plates_off_offer(issue_dir: Path,
                                                                   tmp_path: Path):
    """Plates of the page before a mistake were still offered while the manifest was
    broken: a plate with a hole where an article had been could go to the plant."""
    import asyncio

    desk = built_and_settled(issue_dir, tmp_path / "desk")
    assert desk.state.plates and any(name.startswith("plates/") for name in desk.files())
    manifest = issue_dir / "issue.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n[broken\n",
                        encoding="utf-8")

    async def broken() -> None:
        await desk.rebuild()
        await desk.settled()

    asyncio.run(broken())
    assert desk.state.errors
    assert desk.state.plates == []
    assert not any(name.startswith("plates/") or name.endswith(".pdf") for name in desk.files())


def test_layout_serve_starts_on_a_broken_manifest_and_shows_its_errors(issue_dir: Path,
                                                                      tmp_path: Path):
    manifest = issue_dir / "issue.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "issue_number = 1862", "issue_number = 0"), encoding="utf-8")
    with served(issue_dir, tmp_path / "desk") as url:
        state = json.loads(ask(url, "/api/state")[1])
        assert state["report"] is None
        assert any("issue_number" in line for line in state["errors"])


def test_saves_while_the_downloads_are_made_stop_them_once_and_offer_only_the_version_on_screen(
        issue_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A save while the last version's downloads are made stops them, each build once (a
    second SIGTERM could cut its clean-up short): nothing half made is left, and what
    was made of them is not offered, under that version or the next."""
    import asyncio
    import subprocess

    told: list[int] = []
    terminate = asyncio.subprocess.Process.terminate

    def counted(process: asyncio.subprocess.Process) -> None:
        told.append(process.pid)
        terminate(process)

    monkeypatch.setattr(asyncio.subprocess.Process, "terminate", counted)
    article = issue_dir / LEAD_ON_PAGE_1
    texts = {}   # version -> the mark its article has

    def edit(old: str, new: str) -> None:
        article.write_text(article.read_text(encoding="utf-8").replace(old, new, 1),
                           encoding="utf-8")

    async def saves() -> tuple[Desk, list[tuple[int, str]]]:
        desk = Desk(issue_dir, tmp_path / "desk")
        await desk.rebuild()
        await desk.settled()
        seen: list[tuple[int, str]] = []

        async def watch() -> None:
            while True:
                version, offered = desk.state.version, desk.files().get("pages/01.pdf")
                if offered is not None:   # read as served then, the version of that moment
                    page = subprocess.run(["pdftotext", "-", "-"], input=offered.read_bytes(),
                                          capture_output=True).stdout.decode()
                    seen.append((version, "".join(m for m in "ＸＹ" if m in page)))
                await asyncio.sleep(0.01)

        watching = asyncio.create_task(watch())
        edit("居民", "Ｘ")
        texts[(await desk.rebuild()).version] = "Ｘ"
        await asyncio.sleep(0.4)   # this version's downloads under way
        edit("Ｘ", "Ｙ")
        await asyncio.gather(desk.rebuild(), desk.rebuild())   # two updates of one save
        texts[desk.state.version] = texts[desk.state.version - 1] = "Ｙ"
        await desk.settled()
        await asyncio.sleep(0.05)
        watching.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watching   # a failure of the watcher's own is the test's to report
        return desk, seen

    desk, seen = asyncio.run(saves())
    assert told and len(told) == len(set(told))   # each build told to stop once
    assert not [p.name for p in (tmp_path / "desk").iterdir() if p.name.startswith(".")]
    assert seen and all(mark == texts.get(version, "") for version, mark in seen), seen
    assert seen[-1] == (desk.state.version, "Ｙ") and desk.state.proof_version == seen[-1][0], (
        f"version {desk.state.version}, proof made for {desk.state.proof_version}, "
        f"errors {desk.state.errors}, "
        f"last downloads' exit {desk._downloads and desk._downloads.returncode}")


def test_the_downloads_are_made_below_the_desk_s_own_priority(issue_dir: Path, tmp_path: Path):
    """On a machine of few cores the editor's next update gets the processor first."""
    import asyncio
    import os

    async def niceness_of_the_downloads() -> int:
        desk = Desk(issue_dir, tmp_path / "desk")
        await desk.rebuild()
        await asyncio.sleep(0.5)
        assert desk._downloads is not None and desk._downloads.returncode is None
        stat = Path(f"/proc/{desk._downloads.pid}/stat").read_text().rsplit(")", 1)[1]
        await desk.close()
        return int(stat.split()[16])   # field 19 of proc(5): nice

    assert asyncio.run(niceness_of_the_downloads()) == min(os.nice(0) + 10, 19)


def test_a_proof_that_cannot_be_made_is_said_so_with_the_reason(issue_dir: Path,
                                                               tmp_path: Path):
    """The page is not left saying the proof is being made: it shows why it is not."""
    import asyncio

    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "proof").write_text("a file where the proof folder goes")

    desk = built_and_settled(issue_dir, tmp_path / "desk")
    assert desk.state.errors == [] and desk.state.proof_version != desk.state.version
    said = desk.state.proof_error
    assert str(tmp_path / "desk" / "proof") in said and not said.lower().startswith("error")
    assert "Traceback" not in said and "\n" not in said
    assert desk.snapshot()["proof_error"] == said

    async def mended() -> tuple[str, str]:
        (tmp_path / "desk" / "proof").unlink()
        state = await desk.rebuild()   # what the page reads as soon as the version is new
        told = state.proof_error
        await desk.settled()
        return told, desk.state.proof_error

    told, after = asyncio.run(mended())
    assert told == "" and after == "" and desk.state.proof_version == desk.state.version


@pytest.mark.parametrize(("said", "reason"), [
    ("Usage: layout build [OPTIONS] ISSUE_DIR\nTry 'layout build --help' for help.\n\n"
     "Error: Invalid value for '--out': Folder '/o/proof' is a file.\n",
     "Invalid value for '--out': Folder '/o/proof' is a file."),
    ("error: issue.toml line 3: page 1 article 2: no such file\n  check the path\n",
     "issue.toml line 3: page 1 article 2: no such file check the path"),
    ("internal error: OSError: [Errno 27] File too large\n"
     "Run again with --debug for the traceback.\n",
     "OSError: [Errno 27] File too large"),
    ("", ""),
])
def test_what_a_failed_proof_build_said_is_its_reason_alone(said: str, reason: str):
    from layout.desk.session import _failure

    assert _failure(said) == reason
