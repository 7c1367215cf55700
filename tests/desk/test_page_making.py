"""Making a page in the desk, in a real Chromium: frames dragged with the mouse and moved with
the keys, each change written into issue.toml with its comments kept, undone byte for byte,
refused with its reason, never over an edit made on disk meanwhile."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.desk.conftest import ask

CHEZHAN = "articles/chezhan-duanwu.md"     # page 1, right column, top
RENSHE = "articles/renshe-chuangye.md"     # page 1, right column, under 车站
CHEZHAN_PLACE = "place = { column = 5, span = 2, top = 15, lines = 26 }"
RENSHE_PLACE = "place = { column = 5, span = 2, top = 41, lines = 26 }"


def opened(browser: object, desk_url: str) -> object:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(desk_url)
    page.wait_for_selector("#page-2 img[src]")
    page.wait_for_selector(f'.frame[data-source="{RENSHE}"]')
    return page


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")
            or "  #" in line]


def place_of(issue_dir: Path, page: int, article: int) -> dict:
    manifest = tomllib.loads((issue_dir / "issue.toml").read_text(encoding="utf-8"))
    return manifest["pages"][page - 1]["articles"][article - 1]["place"]


def wait_for_version_after(page: object, version: int) -> None:
    page.wait_for_function(f"Number(document.querySelector('#status').dataset.version) > {version}",
                           timeout=30000)


def wait_for_manifest(page: object, data: bytes) -> None:
    """Until the page shows the build of issue.toml holding `data`."""
    digest = hashlib.sha256(data).hexdigest()
    page.wait_for_function(f"shown.state && shown.state.manifest === '{digest}'", timeout=30000)


def version(page: object) -> int:
    return int(page.get_attribute("#status", "data-version"))


def press_on(page: object, locator: object) -> tuple[float, float]:
    """The mouse pressed at the middle of what `locator` finds; where that is."""
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    return x, y


def grid_pixels(page: object) -> dict:
    """The grid's column step and line in screen pixels, from the page as drawn."""
    return page.evaluate("""() => {
        const g = shown.state.plan.grid;
        const box = document.querySelector('#page-1').getBoundingClientRect();
        const px = box.width / shown.state.report.trim_mm[0];
        return { column: (g.column_w + g.gutter) * px, line: g.line * px };
    }""")


def test_dragging_a_frame_edge_resizes_it_in_issue_toml(desk_url: str, browser: object,
                                                        issue_dir: Path):
    page = opened(browser, desk_url)
    original = (issue_dir / "issue.toml").read_text(encoding="utf-8")
    picture = page.get_attribute("#page-1 img", "src")
    grid = grid_pixels(page)
    edge = page.locator(f'.frame[data-source="{CHEZHAN}"] .edge-s')
    before = version(page)
    x, y = press_on(page, edge)
    page.mouse.move(x, y - grid["line"] * 1, steps=3)
    page.mouse.move(x, y - grid["line"] * 3, steps=3)
    # While dragging, the badge says how the article would fit there, from the server.
    dragged = page.locator(f'.frame.dragging[data-source="{CHEZHAN}"] .badge')
    page.wait_for_function("""() => {
        const b = document.querySelector('.frame.dragging .badge');
        return b && /over|fits|empty/.test(b.textContent);
    }""", timeout=10000)
    assert re.fullmatch(r"\d+ characters / \d+ lines? over|fits|\d+ empty lines?",
                        dragged.text_content())
    page.mouse.up()
    wait_for_version_after(page, before)
    assert place_of(issue_dir, 1, 2) == {"column": 5, "span": 2, "top": 15, "lines": 23}
    written = (issue_dir / "issue.toml").read_text(encoding="utf-8")
    assert comments(written) == comments(original)
    assert written == original.replace(CHEZHAN_PLACE, CHEZHAN_PLACE.replace("26", "23"))
    page.wait_for_function(f"document.querySelector('#page-1 img').getAttribute('src') !== "
                           f"{json.dumps(picture)}", timeout=30000)
    badge = page.text_content(f'.frame[data-source="{CHEZHAN}"] .badge')
    assert re.fullmatch(r"\d+ characters / \d+ lines? over|fits|\d+ empty lines?", badge)


def test_the_keys_move_and_resize_a_frame_and_undo_restores_the_file(
        desk_url: str, browser: object, issue_dir: Path):
    page = opened(browser, desk_url)
    manifest = issue_dir / "issue.toml"
    original = manifest.read_bytes()
    frame = page.locator(f'.frame[data-source="{RENSHE}"]')
    assert frame.get_attribute("data-page") == "1"
    frame.focus()
    before = version(page)
    page.keyboard.press("Shift+ArrowUp")            # one body line shorter
    wait_for_version_after(page, before)
    assert place_of(issue_dir, 1, 3)["lines"] == 25
    shorter = manifest.read_bytes()
    wait_for_manifest(page, shorter)   # not a rebuild the file watcher asked for before
    before = version(page)
    page.keyboard.press("ArrowDown")                # one line down
    wait_for_version_after(page, before)
    assert place_of(issue_dir, 1, 3) == {"column": 5, "span": 2, "top": 42, "lines": 25}
    moved = manifest.read_bytes()
    wait_for_manifest(page, moved)
    # Focus stays on the frame the editor moves.
    assert page.evaluate("document.activeElement.dataset.source") == RENSHE

    for keys, expected in (("Control+z", shorter), ("Control+z", original),
                           ("Control+Shift+z", shorter), ("Control+Shift+z", moved)):
        page.keyboard.press(keys)
        wait_for_manifest(page, expected)
        assert manifest.read_bytes() == expected
    assert page.is_disabled("#redo") and not page.is_disabled("#undo")


def test_a_frame_moved_onto_another_is_refused_with_the_reason(
        desk_url: str, browser: object, issue_dir: Path):
    page = opened(browser, desk_url)
    manifest = issue_dir / "issue.toml"
    original = manifest.read_bytes()
    page.locator(f'.frame[data-source="{RENSHE}"]').focus()
    page.keyboard.press("ArrowLeft")                # onto the lead's fourth column
    page.wait_for_selector("#notice:not([hidden])", timeout=30000)
    assert "overlaps" in page.text_content("#notice")
    assert "page 1, article 3" in page.text_content("#notice")
    assert manifest.read_bytes() == original

    # With the mouse: the frame shows the refusal while it is dragged, and is put back.
    grid = grid_pixels(page)
    frame = page.locator(f'.frame[data-source="{CHEZHAN}"]')
    x, y = press_on(page, frame)
    page.mouse.move(x, y + grid["line"] * 5, steps=4)
    page.wait_for_selector(f'.frame.refused[data-source="{CHEZHAN}"]', timeout=10000)
    assert "overlaps" in page.text_content(f'.frame.refused[data-source="{CHEZHAN}"] .badge')
    page.mouse.up()
    page.wait_for_selector(f'.frame:not(.refused)[data-source="{CHEZHAN}"]', timeout=30000)
    assert manifest.read_bytes() == original


def test_an_edit_on_disk_meanwhile_is_never_overwritten(desk_url: str, browser: object,
                                                       issue_dir: Path):
    page = opened(browser, desk_url)
    manifest = issue_dir / "issue.toml"
    token = page.get_attribute('meta[name="desk-token"]', "content")
    shown_base = page.evaluate("shown.state.manifest")
    edited_on_disk = manifest.read_text(encoding="utf-8").replace(
        "# One issue:", "# Edited in another editor.\n# One issue:")
    manifest.write_text(edited_on_disk, encoding="utf-8")
    # A change based on the file as the page showed it is refused, and the edit is kept.
    change = {"op": "place", "key": "pages[0].articles[2]",
              "place": {"column": 5, "span": 2, "top": 41, "lines": 25}}
    status, body = ask(desk_url, "/api/change", "POST", headers={
        "X-Desk-Token": token, "Origin": desk_url, "Content-Type": "application/json"},
        body=json.dumps({"change": change, "base": shown_base}).encode())
    assert status == 409
    assert "changed since the page showed it (on disk" in json.loads(body)["message"]
    assert manifest.read_text(encoding="utf-8") == edited_on_disk
    # Once the page shows the file as it is, the same change is made on top of the edit.
    page.wait_for_function(f"shown.state.manifest !== {json.dumps(shown_base)}", timeout=30000)
    before = version(page)
    page.locator(f'.frame[data-source="{RENSHE}"]').focus()
    page.keyboard.press("Shift+ArrowUp")
    wait_for_version_after(page, before)
    written = manifest.read_text(encoding="utf-8")
    assert "# Edited in another editor." in written
    assert place_of(issue_dir, 1, 3)["lines"] == 25


def test_an_article_taken_off_can_be_dropped_back_on_the_page(desk_url: str, browser: object,
                                                             issue_dir: Path):
    page = opened(browser, desk_url)
    frame = page.locator(f'.frame[data-source="{RENSHE}"]')
    box = frame.bounding_box()
    frame.focus()
    before = version(page)
    page.keyboard.press("Delete")
    wait_for_version_after(page, before)
    manifest = issue_dir / "issue.toml"
    assert RENSHE not in manifest.read_text(encoding="utf-8")
    wait_for_manifest(page, manifest.read_bytes())     # the page shows the article taken off
    item = page.locator(f'#unplaced li[data-source="{RENSHE}"]')
    item.hover(timeout=30000)
    page.mouse.down()
    page.mouse.move(box["x"] + 4, box["y"] + 4, steps=5)
    page.mouse.up()
    page.wait_for_function(f"shown.state && shown.state.manifest !== "
                           f"'{hashlib.sha256(manifest.read_bytes()).hexdigest()}'",
                           timeout=30000)
    placed = tomllib.loads(manifest.read_text(encoding="utf-8"))
    added = placed["pages"][0]["articles"][-1]
    assert added["source"] == RENSHE
    assert added["place"]["column"] == 5 and added["place"]["top"] == 41
    # Given the height and headline room it fits in, on the composer's figures.
    assert added["place"]["top"] + added["place"]["lines"] <= 67
    page.wait_for_selector(f'.frame[data-source="{RENSHE}"] .badge')
    badge = page.text_content(f'.frame[data-source="{RENSHE}"] .badge')
    assert badge in ("fits", "1 empty line", "2 empty lines"), badge


def test_layout_suggestions_point_to_the_articles_waiting_for_a_place(desk_url: str,
                                                                      browser: object,
                                                                      issue_dir: Path):
    """An article taken off waits for a place, yet 排版建议 said 没有要排的: it arranges
    only the manifest's modules without a place. It says where the waiting ones go."""
    page = opened(browser, desk_url)
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.locator(f'.frame[data-source="{RENSHE}"]').click()
    page.wait_for_selector("#detail:not([hidden])")
    before = version(page)
    page.keyboard.press("Delete")
    wait_for_version_after(page, before)
    page.wait_for_selector(f'#unplaced li[data-source="{RENSHE}"]', timeout=30000)
    # The article's detail closes with it: it stood open on its file's name, empty.
    page.wait_for_selector("#detail", state="hidden", timeout=10000)
    assert missing == []
    page.click("#arrange")
    page.wait_for_function("!document.getElementById('suggestions-status').textContent"
                           ".startsWith('Arranging')", timeout=60000)
    assert page.text_content("#suggestions-status") == (
        "Every article in the manifest has its place: drag the articles waiting for a place "
        "onto a page.")


def test_downloads_are_named_by_paper_date_and_page(desk_url: str, browser: object):
    page = opened(browser, desk_url)
    link = page.locator('#downloads a[href^="/files/pages/01.pdf"]')
    assert link.get_attribute("download") == "汤阴新闻-2021-06-15-第1版.pdf"   # the paper's words
    with urllib.request.urlopen(f"{desk_url}/files/pages/01.pdf") as response:
        disposition = response.headers["Content-Disposition"]
    assert urllib.parse.unquote(disposition.split("''", 1)[1]) == "汤阴新闻-2021-06-15-第1版.pdf"
    # The proof of the version on screen only: offered once made from it.
    page.wait_for_selector('#downloads a[href^="/files/issue.pdf"]', timeout=60000)
    assert page.evaluate("shown.state.proof_version === shown.state.version")


def test_zoomed_pages_are_drawn_sharp(desk_url: str, browser: object):
    page = opened(browser, desk_url)
    fitted = page.evaluate("document.querySelector('#page-1 img').naturalWidth")
    page.click('[data-zoom="2"]')
    page.wait_for_function("document.querySelector('#page-1 img').src.includes('/pictures/1/')")
    page.wait_for_function("document.querySelector('#page-1 img').complete && "
                           "document.querySelector('#page-1 img').naturalWidth > 0")
    drawn = page.evaluate("document.querySelector('#page-1 img').naturalWidth")
    shown_width = page.evaluate("document.querySelector('#page-1').getBoundingClientRect().width")
    assert drawn >= shown_width > fitted        # at least one picture pixel per screen pixel
    page.click('[data-view="one"]')
    assert page.locator("#page-2").is_hidden()


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"change": {"op": "explode"}}',
                                  b'{"change": {"op": "place", "key": "pages[0].articles[1]"}}'])
def test_a_malformed_change_is_refused_and_nothing_written(desk_url: str, issue_dir: Path,
                                                          body: bytes):
    status, page = ask(desk_url, "/")
    token = re.search(rb'name="desk-token" content="([^"]+)"', page).group(1).decode()
    original = (issue_dir / "issue.toml").read_bytes()
    for path in ("/api/change", "/api/fit"):
        status, answer = ask(desk_url, path, "POST", headers={
            "X-Desk-Token": token, "Origin": desk_url}, body=body)
        assert status in (400, 422), answer
    assert ask(desk_url, "/api/change", "POST", body=body)[0] == 403   # no token
    assert (issue_dir / "issue.toml").read_bytes() == original


def test_one_click_makes_a_loose_article_fit(desk_url: str, browser: object, issue_dir: Path):
    page = opened(browser, desk_url)
    row = page.locator(f'#copyfit tr[data-source="{CHEZHAN}"]')
    assert "empty line" in row.text_content()          # the sample leaves 3 lines empty
    row.click()
    fix = page.locator("#fixes button.fix").first
    fix.wait_for(timeout=30000)
    assert re.match(r"Frame \d+ lines high: (fits|1 empty line)", fix.text_content())
    before = version(page)
    fix.click()
    wait_for_version_after(page, before)
    page.wait_for_selector(f'#copyfit tr[data-source="{CHEZHAN}"]')
    verdict = page.text_content(f'#copyfit tr[data-source="{CHEZHAN}"] td:last-child')
    assert verdict in ("fits", "1 empty line")
    assert place_of(issue_dir, 1, 2)["lines"] < 26


def test_the_text_that_does_not_fit_is_shown_exactly(issue_dir: Path, browser: object,
                                                     request: pytest.FixtureRequest):
    article = issue_dir / RENSHE
    head, body = article.read_text(encoding="utf-8").rsplit("---\n", 1)
    tail = "这是超出版面的最后一句话，用来核对。"
    article.write_text(head + "---\n" + body + "\n" + body + "\n" + tail + "\n", encoding="utf-8")
    page = opened(browser, request.getfixturevalue("desk_url"))
    page.click(f'#copyfit tr[data-source="{RENSHE}"]')
    page.wait_for_selector("#detail-overset-box:not([hidden])")
    overset = page.text_content("#detail-overset")
    assert overset.rstrip().endswith(tail)
    badge = page.text_content(f'.frame[data-source="{RENSHE}"] .badge')
    over = int(re.match(r"(\d+) characters", badge).group(1))
    assert len(overset.replace("\n", "")) == over
    assert not page.locator("#detail-text").text_content().startswith("---")


def test_dragging_a_photo_edge_resizes_the_photo(desk_url: str, browser: object,
                                                 issue_dir: Path):
    page = opened(browser, desk_url)
    original = (issue_dir / "issue.toml").read_text(encoding="utf-8")
    grid = grid_pixels(page)
    handle = page.locator('.frame[data-source="articles/hanzhuang-bangfu.md"] .photo-handle')
    before = version(page)
    x, y = press_on(page, handle)
    page.mouse.move(x, y - grid["line"] * 2, steps=4)
    page.mouse.up()
    wait_for_version_after(page, before)
    written = (issue_dir / "issue.toml").read_text(encoding="utf-8")
    manifest = tomllib.loads(written)
    assert manifest["pages"][1]["articles"][1]["photo"]["lines"] == 16
    assert written == original.replace("lines = 18\nspan = 2", "lines = 16\nspan = 2", 1)


def test_the_desk_starts_on_a_broken_manifest_and_says_what_is_wrong(
        issue_dir: Path, browser: object, request: pytest.FixtureRequest):
    manifest = issue_dir / "issue.toml"
    good = manifest.read_text(encoding="utf-8")
    manifest.write_text(good.replace("issue_number = 1862", "issue_number = 0"), encoding="utf-8")
    page = browser.new_page()
    page.goto(request.getfixturevalue("desk_url"))
    page.wait_for_selector("#errors:not([hidden])", timeout=60000)
    assert "issue_number" in page.text_content("#errors")
    assert "Traceback" not in page.content()
    manifest.write_text(good, encoding="utf-8")          # corrected: the pages appear
    page.wait_for_selector("#page-2 img[src]", timeout=60000)
    assert page.locator("#errors").is_hidden()


def test_the_page_says_when_it_has_lost_the_desk(issue_dir: Path, tmp_path: Path,
                                                browser: object):
    from tests.desk.conftest import running_desk

    with running_desk(issue_dir, tmp_path) as url:
        page = opened(browser, url)
        assert page.locator("#offline").is_hidden()
    page.wait_for_selector("#offline:not([hidden])", timeout=30000)


def test_keys_pressed_quickly_each_make_their_step(desk_url: str, browser: object,
                                                   issue_dir: Path):
    page = opened(browser, desk_url)
    page.locator(f'.frame[data-source="{RENSHE}"]').focus()
    for _ in range(4):
        page.keyboard.press("Shift+ArrowUp")          # no wait: as a key held down
    page.keyboard.press("ArrowDown")
    page.wait_for_function("busy.pending === 0", timeout=60000)
    assert place_of(issue_dir, 1, 3) == {"column": 5, "span": 2, "top": 42, "lines": 22}


def test_delete_pressed_twice_takes_off_one_article(desk_url: str, browser: object,
                                                    issue_dir: Path):
    page = opened(browser, desk_url)
    page.locator(f'.frame[data-source="{CHEZHAN}"]').focus()
    page.keyboard.press("Delete")
    page.keyboard.press("Delete")                     # aimed at 车站, which is gone
    page.wait_for_function("busy.pending === 0", timeout=60000)
    written = (issue_dir / "issue.toml").read_text(encoding="utf-8")
    assert CHEZHAN not in written and RENSHE in written
    assert "no longer the article the page showed" in page.text_content("#notice")


def test_the_start_of_a_jumped_article_is_not_taken_off_alone(desk_url: str, browser: object,
                                                              issue_dir: Path):
    page = opened(browser, desk_url)
    before = (issue_dir / "issue.toml").read_bytes()
    page.locator('#page-1 .frame[data-source="articles/xunchao-jishi.md"]').focus()
    page.keyboard.press("Delete")
    page.wait_for_selector("#notice:not([hidden])", timeout=30000)
    assert "would leave issue.toml wrong" in page.text_content("#notice")
    assert "does not start in an earlier module" in page.text_content("#notice")
    assert (issue_dir / "issue.toml").read_bytes() == before


def test_an_edge_dragged_past_the_page_or_the_other_edge_stops_and_the_other_stays(
        desk_url: str, browser: object):
    page = opened(browser, desk_url)
    def dragged(start: dict, edge: str, dx: float, dy: float) -> dict:
        return page.evaluate("([p, e, x, y]) => draggedPlace(p, e, x, y)", [start, edge, dx, dy])

    frame = {"column": 3, "span": 2, "top": 4, "lines": 10}
    assert dragged(frame, "n", 0, -1000) == {"column": 3, "span": 2, "top": 0, "lines": 14}
    assert dragged(frame, "n", 0, 1000) == {"column": 3, "span": 2, "top": 13, "lines": 1}
    assert dragged(frame, "w", -1000, 0) == {"column": 1, "span": 4, "top": 4, "lines": 10}
    assert dragged(frame, "w", 1000, 0) == {"column": 4, "span": 1, "top": 4, "lines": 10}
    assert dragged(frame, "move", -1000, -1000) == {"column": 1, "span": 2, "top": 0, "lines": 10}


def test_a_drag_the_browser_cancels_or_esc_writes_nothing(desk_url: str, browser: object,
                                                         issue_dir: Path):
    page = opened(browser, desk_url)
    before = (issue_dir / "issue.toml").read_bytes()
    grid = grid_pixels(page)
    frame = page.locator(f'.frame[data-source="{RENSHE}"]')
    x, y = press_on(page, frame.locator(".edge-s"))
    page.mouse.move(x, y - grid["line"] * 3, steps=3)
    page.keyboard.press("Escape")
    page.mouse.up()
    x, y = press_on(page, frame.locator(".edge-s"))
    page.mouse.move(x, y - grid["line"] * 3, steps=3)
    frame.dispatch_event("pointercancel")               # a pen lifted away, a touch taken
    page.mouse.up()
    page.wait_for_timeout(500)
    assert (issue_dir / "issue.toml").read_bytes() == before
    assert page.evaluate("busy.drag") is None


def test_a_drag_survives_a_rebuild_that_comes_meanwhile(desk_url: str, browser: object,
                                                        issue_dir: Path):
    page = opened(browser, desk_url)
    grid = grid_pixels(page)
    x, y = press_on(page, page.locator(f'.frame[data-source="{RENSHE}"] .edge-s'))
    page.mouse.move(x, y - grid["line"] * 2, steps=3)
    before = version(page)
    article = issue_dir / "articles" / "baiying-geyong.md"      # saved elsewhere meanwhile
    article.write_text(article.read_text(encoding="utf-8").replace("。", "！", 1),
                       encoding="utf-8")
    wait_for_version_after(page, before)
    page.mouse.move(x, y - grid["line"] * 3, steps=2)
    page.mouse.up()
    page.wait_for_function("busy.pending === 0", timeout=60000)
    page.wait_for_function("shown.state.plan.modules['pages[0].articles[2]'].place.lines === 23",
                           timeout=30000)
    assert place_of(issue_dir, 1, 3)["lines"] == 23


def test_layout_suggestions_are_pictures_and_one_is_adopted_and_undone(
        issue_dir: Path, browser: object, request: pytest.FixtureRequest):
    from tests.arrange.conftest import unplaced

    manifest = issue_dir / "issue.toml"
    manifest.write_text(unplaced(manifest.read_text(encoding="utf-8")), encoding="utf-8")
    before = manifest.read_bytes()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(request.getfixturevalue("desk_url"))
    page.wait_for_selector("#errors:not([hidden])", timeout=60000)
    assert "layout arrange" in page.text_content("#errors")      # not placed yet
    page.click("#arrange")
    page.wait_for_selector(".suggestion img", timeout=120000)
    figures = page.locator('.suggested-page[data-page="2"] .suggestion')
    assert figures.count() == 3
    page.wait_for_function("[...document.querySelectorAll('.suggestion img')]"
                           ".every(i => i.complete && i.naturalWidth > 300)")
    assert "0 grid cells white" in figures.first.text_content()
    figures.first.locator("button.adopt").click()
    # The box closes when the desk answers the adoption; the page's new picture may come first.
    page.wait_for_selector("#suggestions", state="hidden", timeout=60000)
    page.wait_for_selector("#page-2 img[src]", timeout=60000)
    assert page.locator("#errors").is_hidden()
    written = tomllib.loads(manifest.read_text(encoding="utf-8"))
    assert all("place" in module for module in written["pages"][1]["articles"])
    page.keyboard.press("Control+z")
    wait_for_manifest(page, before)
    assert manifest.read_bytes() == before


def test_dragging_a_photo_side_makes_it_narrower(desk_url: str, browser: object,
                                                 issue_dir: Path):
    page = opened(browser, desk_url)
    grid = grid_pixels(page)
    handle = page.locator('.frame[data-source="articles/hanzhuang-bangfu.md"] .photo-side-handle')
    x, y = press_on(page, handle)
    page.mouse.move(x + grid["column"], y, steps=4)     # a photo at the right, one column less
    page.mouse.up()
    page.wait_for_function("busy.pending === 0", timeout=60000)
    page.wait_for_function("shown.state.plan.modules['pages[1].articles[1]'].photo.span === 1",
                           timeout=30000)
    manifest = tomllib.loads((issue_dir / "issue.toml").read_text(encoding="utf-8"))
    assert manifest["pages"][1]["articles"][1]["photo"]["span"] == 1


def test_an_article_dropped_on_the_masthead_or_a_frame_is_refused_with_the_reason(
        issue_dir: Path, request: pytest.FixtureRequest):
    article = issue_dir / "articles" / "new.md"
    article.write_text("---\ntitle: 新稿\n---\n\n正文一段。\n", encoding="utf-8")
    desk_url = request.getfixturevalue("desk_url")
    token = re.search(rb'name="desk-token" content="([^"]+)"', ask(desk_url, "/")[1])[1].decode()
    before = (issue_dir / "issue.toml").read_bytes()
    state = json.loads(ask(desk_url, "/api/state")[1])
    for top, said in ((0, "overlaps the masthead"), (20, "overlaps page 1, article 1")):
        change = {"op": "add", "page": 1, "source": "articles/new.md",
                  "place": {"column": 1, "span": 2, "top": top, "lines": 6}}
        status, body = ask(desk_url, "/api/change", "POST", body=json.dumps(
            {"change": change, "base": state["manifest"]}).encode(), headers={
            "X-Desk-Token": token, "Origin": desk_url, "Content-Type": "application/json"})
        assert status == 422
        assert "page 1, article 4" in json.loads(body)["message"]
        assert said in json.loads(body)["message"]
    assert (issue_dir / "issue.toml").read_bytes() == before


def test_a_frame_s_outline_covers_none_of_the_page_inside_it(desk_url: str, browser: object):
    page = opened(browser, desk_url)
    page.click('[data-zoom="1"]')
    page.wait_for_function("document.querySelector('#page-1 img').complete")
    frame = page.locator(f'.frame[data-source="{RENSHE}"]').bounding_box()
    # Its left edge, where each line's first character stands (its badge is at the right;
    # the outline of 车站's frame, which it touches, reaches 2 px into its top).
    inside = {"x": frame["x"], "y": frame["y"] + 3, "width": 6, "height": frame["height"] - 3}
    with_frames = page.screenshot(clip=inside)
    page.add_style_tag(content=".frame { visibility: hidden !important; }")
    assert page.screenshot(clip=inside) == with_frames


def test_the_pages_stay_put_while_the_downloads_are_made_again(
        desk_url: str, browser: object, issue_dir: Path):
    page = opened(browser, desk_url)
    page.wait_for_selector('#downloads a[href^="/files/pages/01.pdf"]', timeout=60000)
    top = page.eval_on_selector("#pages", "p => p.getBoundingClientRect().top")
    article = issue_dir / RENSHE
    article.write_text(article.read_text(encoding="utf-8").replace("。", "！", 1),
                       encoding="utf-8")
    page.wait_for_selector("#downloads .making", timeout=30000)
    assert page.eval_on_selector("#pages", "p => p.getBoundingClientRect().top") == top


def test_each_badge_is_in_the_colour_of_its_fit(desk_url: str, browser: object):
    page = opened(browser, desk_url)
    colours = page.eval_on_selector_all(".frame .badge", """badges => badges.map(b =>
        [b.closest('.frame').className, getComputedStyle(b).backgroundColor])""")
    expected = {"fits": "rgb(42, 138, 58)", "loose": "rgb(217, 154, 0)", "over": "rgb(221, 0, 0)"}
    found = {kind: colour for classes, colour in colours for kind in expected
             if kind in classes.split()}
    assert found and all(colour == expected[kind] for kind, colour in found.items()), colours


def test_a_proof_that_cannot_be_made_shows_why_instead_of_making(
        issue_dir: Path, tmp_path: Path, browser: object):
    from tests.desk.conftest import running_desk

    (tmp_path / "desk").mkdir()
    blocked = tmp_path / "desk" / "proof"
    blocked.write_text("a file where the proof folder goes")
    with running_desk(issue_dir, tmp_path) as url:
        page = opened(browser, url)
        page.wait_for_selector("#downloads .failed", timeout=60000)
        said = page.inner_text("#downloads")
        colour = page.eval_on_selector("#downloads .failed", "s => getComputedStyle(s).color")
    assert str(blocked) in said and "Making the proof" not in said, said
    assert colour == "rgb(187, 0, 0)"
