"""The renderer's only way to read a file: under a few roots, never the network.

`RootedFetcher` serves files under the issue folder, the assets, the photo cache and the
locked font files, and stops the render on anything else.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from layout.errors import UnsafePathError
from layout.i18n import _


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
            raise UnsafePathError(_("refused to fetch {url!r}: outside the issue, assets and "
                                    "fonts").format(url=url))
        mime, _encoding = mimetypes.guess_type(path.name)
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
