"""What a build may read: files under a few roots, never the network.

Manifests name files relative to the issue folder; `resolve_reference` refuses anything that
leaves it. The renderer fetches through `RootedFetcher`, which serves only files under the
issue folder, `assets/`, and the locked font files, and stops the render on anything else.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from layout.errors import UnsafePathError

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def resolve_reference(reference: str, base: Path) -> Path:
    """The file a manifest reference names, which must lie inside `base`."""
    if _SCHEME.match(reference) or reference.startswith("//"):
        raise UnsafePathError(
            f"{reference!r} is a URL; only files inside the issue folder are allowed")
    path = (base / reference).resolve()
    if not path.is_relative_to(base.resolve()):
        raise UnsafePathError(f"{reference!r} points outside the issue folder {base}")
    return path


class RootedFetcher(URLFetcher):
    """A WeasyPrint URL fetcher confined to some folders and some single files."""

    def __init__(self, roots: Iterable[Path], files: Iterable[Path] = (),
                 aliases: dict[str, Path] | None = None):
        # fail_on_errors: a refused or missing resource stops the render instead of
        # leaving an empty hole where a photo or a font should be.
        super().__init__(fail_on_errors=True)
        self._roots = tuple(root.resolve() for root in roots)
        self._files = frozenset(path.resolve() for path in files)
        self._aliases = dict(aliases or {})  # addresses that stand for one file, like photo:
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = self._allowed_path(url)
        if path is None:
            self.refused.append(url)
            raise UnsafePathError(f"refused to fetch {url!r}: outside the issue, assets and fonts")
        mime, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, path.read_bytes(), {"Content-Type": mime or "application/octet-stream"})

    def _allowed_path(self, url: str) -> Path | None:
        if url in self._aliases:
            return self._allowed_path(self._aliases[url].resolve().as_uri())
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if path in self._files or any(path.is_relative_to(root) for root in self._roots):
            return path
        return None
