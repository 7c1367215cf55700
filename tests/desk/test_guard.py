"""Which Host headers the desk answers to, and when a request may change something."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.datastructures import Headers

from layout.desk.app import create_app
from layout.desk.guard import host_allowed, host_names, refuse_change
from layout.desk.session import Desk

TOKEN = "s3cret-token"
OWN = {"host": "127.0.0.1:8000", "x-desk-token": TOKEN}


@pytest.mark.parametrize("header", [
    "127.0.0.1", "127.0.0.1:8000", "localhost", "LocalHost:8000", "[::1]", "[::1]:8000"])
def test_loopback_names_are_answered_with_or_without_a_port(header: str):
    assert host_allowed(header, host_names("127.0.0.1"))


@pytest.mark.parametrize("header", [
    None, "", "evil.example", "evil.example:8000", "localhost.evil.example",
    "127.0.0.1.nip.io:8000", "localhost:", "localhost:80x", "localhost:８０", "::1",
    "[::1", "evil.example:127.0.0.1"])
def test_other_names_are_not(header: str | None):
    assert not host_allowed(header, host_names("127.0.0.1"))


def test_the_name_given_with_host_is_answered_too():
    assert host_allowed("desk.lan:8000", host_names("desk.lan"))
    assert host_allowed("[fe80::1]:8000", host_names("fe80::1"))
    assert not host_allowed("desk.lan:8000", host_names("127.0.0.1"))


def refusal(**headers: str) -> str | None:
    return refuse_change(Headers({**OWN, **headers}), "http", TOKEN)


def test_a_change_with_the_token_from_the_desks_own_page_goes_on():
    assert refusal(origin="http://127.0.0.1:8000") is None
    assert refusal(referer="http://127.0.0.1:8000/") is None


def test_a_change_without_the_token_is_refused():
    assert "X-Desk-Token" in refusal(origin="http://127.0.0.1:8000", **{"x-desk-token": ""})
    assert "X-Desk-Token" in refusal(origin="http://127.0.0.1:8000", **{"x-desk-token": "x"})
    assert "X-Desk-Token" in refusal(origin="http://127.0.0.1:8000", **{"x-desk-token": "é"})


def test_a_change_from_another_origin_is_refused():
    for other in ({"origin": "http://evil.example"}, {"origin": "null"},
                  {"origin": "http://127.0.0.1:9000"}, {"origin": "https://127.0.0.1:8000"},
                  {"referer": "http://evil.example/http://127.0.0.1:8000/"}, {}):
        assert "origin" in refusal(**other), other


def status_of(app: Starlette, host: str) -> int:
    """The status the app gives a GET of its state with this Host header."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": "/api/state", "raw_path": b"/api/state",
             "query_string": b"", "root_path": "", "headers": [(b"host", host.encode())],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.2", 8000)}
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"]


def test_the_desk_answers_to_the_host_it_was_given(tmp_path: Path):
    app = create_app(Desk(tmp_path / "issue", tmp_path / "desk"), host="127.0.0.2", watch=False)
    assert status_of(app, "127.0.0.2:8000") == 200
    assert status_of(app, "localhost:8000") == 200
    assert status_of(app, "evil.example:8000") == 421
