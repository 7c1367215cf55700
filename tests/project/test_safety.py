"""What a build may read: files inside the issue, assets and the locked fonts."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.errors import UnsafePathError
from layout.project.safety import resolve_reference
from layout.render.fetcher import Readable, rooted_fetcher


def test_references_resolve_inside_the_issue(tmp_path: Path):
    assert resolve_reference("photos/a.jpg", tmp_path) == tmp_path / "photos" / "a.jpg"


@pytest.mark.parametrize("reference", [
    "../paper.toml", "/etc/passwd", "photos/../../x.jpg",
    "http://example.com/a.jpg", "https://example.com/a.jpg", "//example.com/a.jpg",
    "file:///etc/passwd", "data:image/png;base64,AAAA",
])
def test_references_leaving_the_issue_are_refused(tmp_path: Path, reference: str):
    with pytest.raises(UnsafePathError):
        resolve_reference(reference, tmp_path)


def test_fetcher_serves_files_under_its_roots(tmp_path: Path):
    (tmp_path / "a.txt").write_text("ok")
    response = rooted_fetcher(Readable.of([tmp_path])).fetch((tmp_path / "a.txt").as_uri())
    assert response.read() == b"ok"


@pytest.mark.parametrize("url", [
    "file:///etc/hostname", "http://127.0.0.1/", "https://example.com/font.woff",
])
def test_fetcher_refuses_everything_else(tmp_path: Path, url: str):
    fetcher = rooted_fetcher(Readable.of([tmp_path]))
    with pytest.raises(UnsafePathError):
        fetcher.fetch(url)


def test_fetcher_refuses_percent_encoded_traversal(tmp_path: Path):
    inside = tmp_path / "issue"
    inside.mkdir()
    with pytest.raises(UnsafePathError):
        rooted_fetcher(Readable.of([inside])).fetch(
            inside.as_uri() + "/%2e%2e/%2e%2e/etc/hostname")
