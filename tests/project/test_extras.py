"""Optional parts: a command that needs one says which extra to install."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from layout.project.extras import MissingExtraError, require
from tests.conftest import ROOT, SAMPLE


def test_a_missing_extra_is_named_with_the_command_to_install_it(
        monkeypatch: pytest.MonkeyPatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "uvicorn" else real(name, *a))
    with pytest.raises(MissingExtraError) as caught:
        require("desk", "layout serve")
    assert "layout serve needs the 'desk' extra (uvicorn not installed)" in str(caught.value)
    assert "pip install 'newspaper-layout[desk]'" in str(caught.value)
    assert caught.value.exit_code == 9


def test_layout_serve_without_the_desk_extra_says_so(tmp_path: Path):
    # A stand-in `uvicorn` that cannot be found: a package folder without a spec loader.
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(
        "import importlib.util as u\n_real = u.find_spec\n"
        "u.find_spec = lambda n, *a: None if n == 'watchfiles' else _real(n, *a)\n")
    result = subprocess.run([sys.executable, "-m", "layout", "serve", str(SAMPLE)],
                            capture_output=True, text=True, check=False, timeout=120,
                            env={"PYTHONPATH": f"{shim}:{ROOT}", "PATH": "/usr/bin:/bin"},
                            cwd=ROOT)
    assert result.returncode == 9, result.stderr
    assert "newspaper-layout[desk]" in result.stderr
    assert "Traceback" not in result.stderr
