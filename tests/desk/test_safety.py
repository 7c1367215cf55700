"""The desk against a hostile neighbour: files swapped for links after the build, a page
from another site reaching it by DNS rebinding or by a cross-site request."""

from __future__ import annotations

import re
import shutil
import time
import urllib.parse
from pathlib import Path

from tests.desk.conftest import ask

ARTICLE = "articles/xunchao-jishi.md"
ARTICLE_TEXT = "利剑出鞘".encode()
PASSWD = b"root:"


def swap_for_link(path: Path, target: Path) -> None:
    """Put a link to `target` where `path` was, keeping what was there beside `target`."""
    if path.is_dir():
        shutil.copytree(path, target)
        shutil.rmtree(path)
    else:
        path.unlink()
    path.symlink_to(target)


def page_token(desk_url: str) -> str:
    status, page = ask(desk_url, "/")
    assert status == 200
    found = re.search(rb'<meta name="desk-token" content="([A-Za-z0-9_-]{32,})">', page)
    assert found, "the desk page carries no token"
    return found.group(1).decode()


def test_files_swapped_for_links_after_the_build_are_not_served(
        desk_url: str, issue_dir: Path, tmp_path: Path):
    live, proof = tmp_path / "desk" / "live", tmp_path / "desk" / "proof"
    # Outputs first: a save in the issue would render the pages again over the links.
    assert ask(desk_url, "/files/previews/01.png")[0] == 200
    deadline = time.monotonic() + 60   # page downloads are offered once the proof is made
    while ask(desk_url, "/files/pages/02.pdf")[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    swap_for_link(live / "previews" / "01.png", Path("/etc/passwd"))
    assert ask(desk_url, "/pictures/2/72")[0] == 200
    swap_for_link(proof / "pages", tmp_path / "elsewhere-pages")
    (tmp_path / "elsewhere-pages" / "02.pdf").write_bytes(b"outside the desk")
    swap_for_link(live / "pages", tmp_path / "elsewhere-drawn")
    (tmp_path / "elsewhere-drawn" / "02.pdf").write_bytes(b"outside the desk")
    for address in ("/files/previews/01.png", "/files/pages/02.pdf", "/pictures/2/72"):
        status, body = ask(desk_url, address)
        assert (status, PASSWD in body, b"outside" in body) == (404, False, False), address
    # Then sources: an article, and the folder of another.
    status, body = ask(desk_url, "/sources/" + ARTICLE)
    assert status == 200 and ARTICLE_TEXT in body
    swap_for_link(issue_dir / "articles" / "chezhan-duanwu.md", Path("/etc/passwd"))
    status, body = ask(desk_url, "/sources/articles/chezhan-duanwu.md")
    assert (status, PASSWD in body) == (404, False)
    swap_for_link(issue_dir / "articles", tmp_path / "elsewhere-articles")
    status, body = ask(desk_url, "/sources/" + ARTICLE)
    assert (status, ARTICLE_TEXT in body) == (404, False)


def test_the_desk_answers_only_to_its_own_host_names(desk_url: str):
    port = urllib.parse.urlsplit(desk_url).port
    for host in ("evil.example", f"evil.example:{port}", f"localhost.evil.example:{port}"):
        for address in ("/", "/api/state", "/sources/" + ARTICLE):
            status, body = ask(desk_url, address, headers={"Host": host})
            assert status == 421, (host, address)
            assert ARTICLE_TEXT not in body and b"desk-token" not in body
            assert b"127.0.0.1, [::1], localhost" in body  # says which names it answers to
    for host in (f"localhost:{port}", "localhost", f"127.0.0.1:{port}", f"[::1]:{port}"):
        status, body = ask(desk_url, "/sources/" + ARTICLE, headers={"Host": host})
        assert (status, ARTICLE_TEXT in body) == (200, True), host


def test_a_change_needs_the_pages_token_and_the_desks_own_origin(desk_url: str):
    token = page_token(desk_url)
    own = {"Host": urllib.parse.urlsplit(desk_url).netloc, "Origin": desk_url}
    assert ask(desk_url, "/api/ping", "POST", own)[0] == 403
    assert ask(desk_url, "/api/ping", "POST", own | {"X-Desk-Token": token[::-1]})[0] == 403
    with_token = own | {"X-Desk-Token": token}
    assert ask(desk_url, "/api/ping", "POST", with_token | {"Origin": "http://evil.example"}
               )[0] == 403
    del with_token["Origin"]
    assert ask(desk_url, "/api/ping", "POST", with_token)[0] == 403  # no Origin, no Referer
    assert ask(desk_url, "/api/ping", "POST",
               with_token | {"Referer": "http://evil.example/"})[0] == 403
    assert ask(desk_url, "/api/ping", "POST", with_token | {"Referer": desk_url + "/"})[0] == 204
    assert ask(desk_url, "/api/ping", "POST", with_token | {"Origin": desk_url})[0] == 204
    # Every method that may change something is guarded, routed or not.
    for method in ("PUT", "DELETE", "PATCH"):
        status, body = ask(desk_url, "/sources/" + ARTICLE, method, own)
        assert status == 403 and b"X-Desk-Token" in body, method
    assert page_token(desk_url) == token  # one token for the whole session


def test_the_page_gets_the_token_and_can_post(desk_url: str, browser: object):
    page = browser.new_page()
    page.goto(desk_url)
    page.wait_for_selector("#page-1 .frame")
    assert page.evaluate("send('POST', '/api/ping').then((r) => r.status)") == 204
    # Without the token, the desk's own page is refused like any other.
    assert page.evaluate("fetch('/api/ping', {method: 'POST'}).then((r) => r.status)") == 403
    assert page.is_hidden("#stale")
    # A page whose token is no longer the desk's (the desk was started again) says so.
    page.evaluate("document.querySelector('meta[name=desk-token]').content = 'old'")
    page.evaluate("checkToken()")
    page.wait_for_selector("#stale:not([hidden])")
    assert "reload the page" in page.text_content("#stale")
