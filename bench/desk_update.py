"""Desk responsiveness: from saving an article to the desk's new state, against a cold build.

Starts a desk on a copy of the sample issue (warm: first build done), then edits one
article on page 1 several times and times each save until the desk reports a new build;
as the baseline, times `layout build` of the whole issue in a fresh process with an empty
cache. Prints both and their ratio.

    .venv/bin/python bench/desk_update.py [--edits 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5)
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
            timings, inside = [], []
            for n in range(edits):
                # Each save is text the desk has not seen: no page of it is in the cache.
                edited = original.replace("。", "！", n + 1)
                start = time.perf_counter()
                article.write_text(edited, encoding="utf-8")
                current = wait_for_version(url, version + 1)
                timings.append(time.perf_counter() - start)
                version = current["version"]
                inside.append(current["seconds"])
                time.sleep(1)  # an editor reads the page before the next save
        finally:
            desk.terminate()
            desk.wait()
    update = statistics.median(timings)
    print(f"cold build of the whole issue: {cold:.2f} s")
    print(f"desk, save to new state (median of {edits}): {update:.2f} s "
          f"(includes the watcher's 50 ms debounce)")
    print(f"of which the desk's own update: {statistics.median(inside):.2f} s")
    print(f"ratio: {update / cold:.2f}")


if __name__ == "__main__":
    main()
