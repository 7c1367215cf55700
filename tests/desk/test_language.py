"""The desk speaks the language the server runs in: its page, desk.js's messages, the fit."""

from __future__ import annotations

import json
import re
from pathlib import Path

from babel.messages.extract import extract_from_file

from layout.desk.app import ASSETS, script_messages
from tests.desk.conftest import ask, served

DESK_JS = Path(__file__).resolve().parents[2] / "layout" / "desk" / "static" / "desk.js"
MESSAGES = re.compile(rb'<script id="desk-messages" type="application/json">(.*?)</script>', re.S)


def test_the_server_finds_the_messages_the_catalogue_extracts_from_desk_js():
    extracted = [message for _line, message, _comments, _context
                 in extract_from_file("javascript", str(DESK_JS))]
    assert "desk.js" in ASSETS and extracted
    assert script_messages(DESK_JS.read_text(encoding="utf-8")) == list(dict.fromkeys(extracted))


def test_the_page_carries_every_message_of_desk_js_in_english(desk_url: str):
    status_code, page = ask(desk_url, "/")
    assert status_code == 200
    assert b'<html lang="en">' in page and b"<title>Page preview</title>" in page
    messages = json.loads(MESSAGES.search(page).group(1))
    assert set(messages) == set(script_messages(DESK_JS.read_text(encoding="utf-8")))
    assert messages["Updated ({seconds} s)"] == "Updated ({seconds} s)"


def test_the_desk_speaks_chinese(issue_dir: Path, tmp_path: Path, browser: object):
    with served(issue_dir, tmp_path / "desk", "--lang", "zh") as url:
        _status, html = ask(url, "/")
        assert b'<html lang="zh-Hans">' in html and "<title>版面预览</title>".encode() in html
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("#page-2 img[src]")
        assert page.title() == "版面预览"
        assert page.locator("#copyfit thead th").all_text_contents() == [
            "稿件", "版", "容量（行）", "稿长（行）", "字数", "结果"]
        assert re.fullmatch(r"已更新（[\d.]+ 秒）", page.text_content("#status"))
        assert page.text_content("#title") == "汤阴新闻 2021-06-15 总第1862期"
        assert page.text_content("#page-1 .label") == "第1版 要闻"
        assert page.get_attribute("#page-1 img", "alt") == "第1版"
        page.wait_for_selector('#downloads a[href^="/files/issue.pdf"]', timeout=60000)
        links = page.locator("#downloads a").all_text_contents()
        assert links[:4] == ["校样 PDF", "版面总览", "第1版 PDF", "第2版 PDF"]
        assert page.get_attribute('#downloads a[href^="/files/pages/01.pdf"]', "download") \
            == "汤阴新闻-2021-06-15-第1版.pdf"
        tools = page.locator(".tools button").all_text_contents()
        assert tools[:2] == ["撤销", "重做"]
        assert not any(re.search("[A-Za-z]", text) for text in tools)
        badges = page.locator(".badge").all_text_contents()   # 正好, 空 N 行
        assert badges and not any(re.search("[A-Za-z]", badge) for badge in badges)
        page.click('#page-1 .frame[data-source="articles/xunchao-jishi.md"]',
                   position={"x": 5, "y": 5})
        page.wait_for_selector("#detail-text:not(:empty)")
        assert page.text_content("#detail-source") == "源文件：articles/xunchao-jishi.md"
        assert re.fullmatch(r"容量 \d+ 行 / \d+ 字，稿长 \d+ 行 / \d+ 字：[^A-Za-z]+",
                            page.text_content("#detail-fit"))
        # A page whose token is no longer the desk's says so in Chinese.
        page.evaluate("document.querySelector('meta[name=desk-token]').content = 'old'")
        page.evaluate("checkToken()")
        page.wait_for_selector("#stale:not([hidden])")
        assert page.text_content("#stale") == "这个页面已过期（编辑台重新启动过），请刷新页面。"
