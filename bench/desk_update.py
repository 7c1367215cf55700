"""Desk responsiveness: from saving an article to the desk's new state, against a cold build;
and the fit a dragged frame would have, asked over HTTP as the desk's page asks it.

Starts a desk on a copy of the sample issue (warm: first build done), then edits one
article on page 1 several times and times each save until the desk announces a new build
on its event stream (as the desk's page learns of it), and until the page's new picture
(its preview, as shown at the fitted zoom) is received after the new state;
as the baseline, times `layout build` of the whole issue in a fresh process with an empty
cache. Prints both and their ratio. Then times `POST /api/fit` for a frame dragged a line
at a time and a column wider, once the desk has composed every span in the background.

    .venv/bin/python bench/desk_update.py [--edits 9]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import re
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from harness import LAYOUT, copy_project, timed

ARTICLE = "articles/chezhan-duanwu.md"


def state(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/api/state") as response:
        return json.load(response)


def wait_for_version(url: str, version: int, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            current = state(url)
            if current["version"] >= version:
                return current
        except OSError:
            pass
        time.sleep(0.01)
    raise TimeoutError("the desk did not rebuild")


class BuildEvents:
    """The desk's event stream, read as its page reads it: the version of each new build.
    (Asking for the state in a loop instead would take the desk's interpreter from the
    update it times.)"""

    def __init__(self, url: str):
        self._versions: queue.Queue[int] = queue.Queue()
        self._stream = urllib.request.urlopen(f"{url}/api/events")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            for raw in self._stream:
                line = raw.decode().strip()
                if line.startswith("data:"):
                    self._versions.put(int(line.removeprefix("data:")))

    def wait(self, version: int, timeout: float = 60) -> None:
        """Until the desk announces a build of `version` or later."""
        while self._versions.get(timeout=timeout) < version:
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=9)
    parser.add_argument("--port", type=int, default=8791)
    edits = parser.parse_args().edits
    port = parser.parse_args().port
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        issue = copy_project(work)
        env = {**os.environ, "LAYOUT_CACHE_DIR": str(work / "cache")}
        cold = timed([str(LAYOUT), "build", str(issue), "--out", str(work / "cold")], env=env)
        url = f"http://127.0.0.1:{port}"
        desk = subprocess.Popen([str(LAYOUT), "serve", str(issue), "--port", str(port),
                                 "--out", str(work / "desk")], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            version = wait_for_version(url, 1)["version"]
            article = issue / ARTICLE
            original = article.read_text(encoding="utf-8")
            fits = fit_queries(url, edits * 4)
            events = BuildEvents(url)
            timings, inside, pictures = [], [], []
            for n in range(edits):
                # Each save is text the desk has not seen: no page of it is in the cache.
                edited = original.replace("。", "！", n + 1)
                start = time.perf_counter()
                article.write_text(edited, encoding="utf-8")
                events.wait(version + 1)
                timings.append(time.perf_counter() - start)
                # Then, as the page does, the new state and the picture it shows at its
                # fitted zoom.
                current = state(url)
                with urllib.request.urlopen(f"{url}/files/previews/01.png") as response:
                    response.read()
                pictures.append(time.perf_counter() - start)
                version = current["version"]
                inside.append(current["seconds"])
                time.sleep(1)  # an editor reads the page before the next save
        finally:
            desk.terminate()
            desk.wait()
    update = statistics.median(timings)
    print(f"cold build of the whole issue: {cold:.2f} s")
    print(f"desk, save to the desk's news of a new build (median of {edits}): {update:.2f} s "
          f"(includes the watcher's 50 ms debounce)")
    print(f"of which the desk's own update: {statistics.median(inside):.2f} s")
    print(f"save to the new page picture received: {statistics.median(pictures):.2f} s")
    print(f"ratio: {update / cold:.2f}")
    print(f"fit of a dragged frame over HTTP (median of {len(fits)}): "
          f"{statistics.median(fits) * 1000:.1f} ms (slowest {max(fits) * 1000:.1f} ms)")


def fit_queries(url: str, count: int) -> list[float]:
    """Seconds each `POST /api/fit` takes for 车站's frame made shorter and made narrower in
    turn (places the grid accepts, so that each is set), as the desk's page sends them."""
    with urllib.request.urlopen(url) as response:
        token = re.search(r'name="desk-token" content="([^"]+)"', response.read().decode())[1]
    time.sleep(5)  # the desk composes every span in the background after its first build
    times = []
    for n in range(count):
        place = {"column": 5, "span": 2, "top": 15, "lines": 23 + n % 3}
        if n % 2:
            place = {"column": 6, "span": 1, "top": 15, "lines": 24 + n % 3}
        body = json.dumps({"change": {"op": "place", "key": "pages[0].articles[1]",
                                      "place": place}}).encode()
        request = urllib.request.Request(f"{url}/api/fit", body, method="POST", headers={
            "X-Desk-Token": token, "Origin": url, "Content-Type": "application/json"})
        start = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            answer = json.load(response)
        times.append(time.perf_counter() - start)
        assert answer["verdicts"], answer   # set at that place, not refused by the grid
    return times


if __name__ == "__main__":
    main()
