"""The renderer's only way to read a file: under a few roots, never the network.

`Readable` says which files: under the issue folder, the assets, the photo cache, and the
locked font files; `rooted_fetcher` serves them to WeasyPrint and stops the render on
anything else.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from layout.errors import UnsafePathError
from layout.i18n import _


@dataclass(frozen=True)
class Readable:
    """What a render may read: files under `roots`, the single `files`, and `aliases`,
    addresses that stand for one file (photo:...). Plain data: it goes to the processes
    that lay out pages side by side."""

    roots: tuple[Path, ...]
    files: frozenset[Path]
    aliases: tuple[tuple[str, Path], ...]

    @classmethod
    def of(cls, roots: Iterable[Path], files: Iterable[Path] = (),
           aliases: dict[str, Path] | None = None) -> Readable:
        return cls(tuple(root.resolve() for root in roots),
                   frozenset(path.resolve() for path in files),
                   tuple(sorted((aliases or {}).items())))

    def path(self, url: str) -> Path | None:
        """The file `url` names if it may be read, else None."""
        aliases = dict(self.aliases)
        if url in aliases:
            return self.path(aliases[url].resolve().as_uri())
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if path in self.files or any(path.is_relative_to(root) for root in self.roots):
            return path
        return None


@dataclass(frozen=True)
class Read:
    """A file a render read: the address asked for, the file it named, what it held."""

    url: str
    path: Path
    sha256: str


def rooted_fetcher(readable: Readable, fetched: list[Read] | None = None) -> Any:
    """A WeasyPrint URL fetcher that serves `readable` and stops the render on anything
    else (made when a render starts: WeasyPrint is loaded only then); every file it
    serves is added to `fetched`, with the hash of the very bytes served."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RootedFetcher(URLFetcher):
        def __init__(self) -> None:
            # fail_on_errors: a refused or missing resource stops the render instead of
            # leaving an empty hole where a photo or a font should be.
            super().__init__(fail_on_errors=True)

        def locked_font(self, url: str) -> Path | None:
            """The locked font file `url` names, if it names one: render/weasyprint_fonts.py
            gives those to Fontconfig where they stand instead of fetching them."""
            path = readable.path(url)
            return path if path in readable.files else None

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            path = readable.path(url)
            if path is None:
                raise UnsafePathError(_("refused to fetch {url!r}: outside the issue, assets "
                                        "and fonts").format(url=url))
            data = path.read_bytes()
            if fetched is not None:
                fetched.append(Read(url, path, hashlib.sha256(data).hexdigest()))
            mime, _encoding = mimetypes.guess_type(path.name)
            return URLFetcherResponse(
                url, data, {"Content-Type": mime or "application/octet-stream"})

    return RootedFetcher()
