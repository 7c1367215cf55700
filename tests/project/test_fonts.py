"""The font lock: exactly the locked files, or a message naming the package to install."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from layout.errors import FontError
from layout.manifest.resources import DEFAULT_FONT_LOCK
from layout.project.fonts import font_face_css, load_font_lock, verify_fonts
from tests.conftest import replace_in

FIRST_FILE = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def test_the_project_lock_matches_the_installed_fonts():
    lock = load_font_lock(DEFAULT_FONT_LOCK)
    verify_fonts(lock)
    assert {"NP Song", "NP Hei", "NP Kai"} <= lock.families


def test_a_missing_font_file_names_its_debian_package(project: Path):
    lock_file = Path(shutil.copy(DEFAULT_FONT_LOCK, project / "fonts.toml"))
    replace_in(lock_file, FIRST_FILE, "/usr/share/fonts/opentype/noto/Missing.ttc")
    with pytest.raises(FontError) as caught:
        verify_fonts(load_font_lock(lock_file))
    assert "NP Song 400" in str(caught.value)
    assert "apt-get install fonts-noto-cjk" in str(caught.value)


def test_a_different_font_file_is_refused(project: Path):
    lock_file = Path(shutil.copy(DEFAULT_FONT_LOCK, project / "fonts.toml"))
    replace_in(lock_file, FIRST_FILE, "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
    with pytest.raises(FontError, match="not the locked file"):
        verify_fonts(load_font_lock(lock_file))


def test_font_faces_load_from_the_locked_files_only():
    lock = load_font_lock(DEFAULT_FONT_LOCK)
    css = font_face_css(lock)
    assert css.count("@font-face") == len(lock.faces)
    assert f'src: url("file://{FIRST_FILE}")' in css
    assert "local(" not in css


def test_a_font_rewritten_in_place_is_refused_though_its_hash_was_kept(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The hash of a locked file is kept for the next process, under the file's identity.
    A file rewritten with other bytes of the same size, its modification time set back, is
    not the same file: a new process reads it again and refuses it."""
    import subprocess
    import sys

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    font = tmp_path / "fonts" / "Kai.ttf"
    font.parent.mkdir()
    shutil.copy("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", font)
    lock_file = Path(shutil.copy(DEFAULT_FONT_LOCK, project / "fonts.toml"))
    replace_in(lock_file, "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
               str(font))
    check = [sys.executable, "-c", "import sys; from pathlib import Path; "
             "from layout.project.fonts import load_font_lock, verify_fonts; "
             "verify_fonts(load_font_lock(Path(sys.argv[1])))", str(lock_file)]
    subprocess.run(check, check=True, env={**os.environ, "LAYOUT_LANG": "en"})
    assert list((tmp_path / "user-cache" / "newspaper-layout" / "font-hashes").iterdir())
    status = font.stat()
    data = bytearray(font.read_bytes())
    data[-1] ^= 0xFF
    with font.open("r+b") as stream:   # the same inode, the same size
        stream.write(bytes(data))
    os.utime(font, ns=(status.st_atime_ns, status.st_mtime_ns))
    refused = subprocess.run(check, capture_output=True, text=True,
                             env={**os.environ, "LAYOUT_LANG": "en"})
    assert refused.returncode != 0
    assert "is not the locked file" in refused.stderr


def test_a_mistake_in_the_lock_is_told_field_by_field_in_the_users_words(project: Path,
                                                                          chinese):
    lock_file = Path(shutil.copy(DEFAULT_FONT_LOCK, project / "fonts.toml"))
    replace_in(lock_file, "weight = 400", 'weight = "x"')
    with pytest.raises(FontError) as caught:
        load_font_lock(lock_file)
    assert str(caught.value) == \
        f"{lock_file}：face[0].weight：必须是整数，100 或以上且900 或以下，而不是文字“x”"
