"""The desk's fixtures: a desk on a free loopback port, a headless Chromium, and `ask`."""

from __future__ import annotations

import contextlib
import http.client
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from layout.desk.app import create_app
from layout.desk.session import Desk

CHROMIUM = Path("/usr/bin/chromium")


# Each pytest-xdist worker takes ports from a range of its own, below the range the system
# hands out at random: a port one worker has just found free is never another's to find.
_PORTS = 200
_next_port = itertools.count(
    20000 + _PORTS * int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").lstrip("gw") or 0))


def free_port() -> int:
    """A loopback port free now, from this worker's own range."""
    for port in itertools.islice(_next_port, _PORTS):
        with socket.socket() as probe, contextlib.suppress(OSError):
            probe.bind(("127.0.0.1", port))
            return port
    raise AssertionError("no free port left in this worker's range")


def ask(desk_url: str, path: str, method: str = "GET", headers: dict[str, str] | None = None,
        body: bytes | None = None) -> tuple[int, bytes]:
    """Status and body of one request to the desk, with exactly these headers."""
    address = urllib.parse.urlsplit(desk_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def status(url: str) -> int:
    """The status a GET of `url` answers; 0 while nothing listens."""
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except urllib.error.URLError:
        return 0


@contextlib.contextmanager
def served(issue_dir: Path, out: Path, *options: str) -> Iterator[str]:
    """`layout [options] serve issue_dir` in its own process on a free port, for as long as
    the block runs; its address once it answers."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "layout", *options, "serve",
                               str(issue_dir), "--port", str(port), "--out", str(out)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while status(f"{url}/api/state") != 200:
            assert time.monotonic() < deadline and server.poll() is None, "desk did not start"
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def desk_url(issue_dir: Path, tmp_path: Path) -> Iterator[str]:
    """A desk on a free loopback port, serving a copy of the sample issue; its outputs go
    to `tmp_path / "desk"`."""
    with running_desk(issue_dir, tmp_path) as url:
        yield url


@contextlib.contextmanager
def running_desk(issue_dir: Path, tmp_path: Path) -> Iterator[str]:
    """A desk serving `issue_dir` for as long as the block runs."""
    port = free_port()
    app = create_app(Desk(issue_dir, tmp_path / "desk"))
    # A page still open holds its event stream: stop waiting for it after a second.
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, f"the desk did not start on port {port}"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail("Debian's chromium package is needed (make test installs it)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=["--no-sandbox"])
        yield chromium
        chromium.close()
