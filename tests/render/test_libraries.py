"""Loading WeasyPrint starts no compiler, and opens the libraries WeasyPrint would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LIBRARIES = ("pango", "harfbuzz", "fontconfig", "gobject")
OPENED = ("import sys; print(sorted({l.split()[-1] for l in open('/proc/self/maps') "
          f"if any(k in l for k in {LIBRARIES!r})}}))")


def loading(code: str, tmp_path: Path) -> tuple[list[str], str]:
    """The programs a fresh process running `code` started through PATH (a stand-in for
    each of gcc, cc and ld records its name), and what the process printed."""
    tools, started = tmp_path / "bin", tmp_path / "started"
    tools.mkdir(exist_ok=True)
    for name in ("gcc", "cc", "ld"):
        tool = tools / name
        tool.write_text(f"#!/bin/sh\necho {name} >> {started}\nexit 1\n")
        tool.chmod(0o755)
    started.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=tmp_path,
                          env={**os.environ, "PATH": f"{tools}:{os.environ['PATH']}"})
    return (started.read_text().split() if started.exists() else []), done.stdout


def test_weasyprint_loaded_by_the_tool_starts_no_compiler(tmp_path: Path):
    alone, _ = loading("import weasyprint", tmp_path)
    assert alone, "WeasyPrint on its own asks gcc for its libraries (the stand-in saw none)"
    ours, _ = loading("import layout, weasyprint", tmp_path)
    assert ours == []


def test_the_same_libraries_are_opened(tmp_path: Path):
    _, alone = loading(f"import weasyprint; {OPENED}", tmp_path)
    _, ours = loading(f"import layout, weasyprint; {OPENED}", tmp_path)
    assert "libpango-1.0.so" in ours
    assert ours == alone


def test_other_threads_find_libraries_as_ever_while_weasyprint_loads(tmp_path: Path):
    code = """
import ctypes.util, threading
answers, loading = [], threading.Event()
def ask():
    loading.wait()
    while loading.is_set():
        answers.append(ctypes.util.find_library("c"))
asking = threading.Thread(target=ask)
asking.start()
loading.set()
import layout, weasyprint
loading.clear()
asking.join()
print(len(answers), sorted(set(map(str, answers))))
"""
    _, said = loading(code, tmp_path)
    count, answers = said.split(" ", 1)
    assert int(count) > 0 and answers.strip() == "['libc.so.6']"
