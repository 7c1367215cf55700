"""The versions of what lays out a page and writes its PDF, read without loading WeasyPrint.

A build records them (build.json), and a page laid out by other versions is laid out again
(render/pages.py keys its cache with them).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import platform
import zlib
from importlib import metadata
from pathlib import Path


@functools.cache
def renderer_versions() -> dict[str, str]:
    """What lays out a page and writes its PDF."""
    from PIL import features

    return {"weasyprint": metadata.version("weasyprint"), "pango": _pango_version(),
            "harfbuzz": _harfbuzz_version(), "pydyf": metadata.version("pydyf"),
            "fonttools": metadata.version("fonttools"),
            "uharfbuzz": metadata.version("uharfbuzz"),     # subsets the fonts
            "pillow": metadata.version("pillow"),           # writes the photos' streams
            "littlecms": features.version("littlecms2") or "unknown",
            "zlib": zlib.ZLIB_RUNTIME_VERSION, "python": platform.python_version()}


@functools.cache
def extension_fingerprint() -> str:
    """The hash of this package's code that acts inside a page's layout and on what is
    kept of it (the extension of WeasyPrint's line layout, the overflow reading): a change
    to it lays every page out again."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in (here / "cjk_spacing.py", here / "overflow.py", here / "pages.py",
                 here / "fetcher.py", here / "weasyprint_fonts.py",
                 here.parent / "variants" / "fonts.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _pango_version() -> str:
    library = _system_library("libpango-1.0.so.0", "pango-1.0")
    if library is None:
        return "unknown"
    number = library.pango_version()
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


def _harfbuzz_version() -> str:
    """The HarfBuzz that Pango shapes with (the system library, not uharfbuzz's own)."""
    library = _system_library("libharfbuzz.so.0", "harfbuzz")
    if library is None:
        return "unknown"
    library.hb_version_string.restype = ctypes.c_char_p
    return str(library.hb_version_string().decode())


def _system_library(soname: str, name: str) -> ctypes.CDLL | None:
    """The shared library WeasyPrint loads, by its soname (find_library, which asks
    ldconfig, only when that fails)."""
    try:
        return ctypes.CDLL(soname)
    except OSError:
        found = ctypes.util.find_library(name)
        return ctypes.CDLL(found) if found else None
