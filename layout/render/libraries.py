"""WeasyPrint's C libraries opened by their sonames, without starting a compiler.

WeasyPrint's `text.ffi` opens GObject, Pango, HarfBuzz, Fontconfig and PangoFT2 through
cffi, trying each library's Windows and macOS names before the Linux soname. cffi hands
every name it cannot open to `ctypes.util.find_library`, which on Linux runs ldconfig,
gcc and ld for it: some 200 programs started, 0.12 s for every process that loads
WeasyPrint, and a killed build could leave gcc's scratch files in the temporary folder.

`install()` has that one module run with `find_library` finding nothing for the thread
that imports it (any other thread asks the real one), so that a name cffi cannot open
is passed over and the soname, further down WeasyPrint's list, is opened: the libraries
`find_library` would have named. Should a library still not open, the module is run again
as WeasyPrint wrote it, its first try's words to standard output left unprinted.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import io
import sys
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any

FFI_MODULE = "weasyprint.text.ffi"


class SonamesFirst:
    """A finder for FFI_MODULE alone: the module as found on the path, run by `_Loader`."""

    @classmethod
    def find_spec(cls, name: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if name != FFI_MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


class _Loader(importlib.abc.Loader):
    """FFI_MODULE's own loader, run with `find_library` finding nothing for this thread."""

    def __init__(self, loader: Any):
        self._loader = loader

    def __getattr__(self, name: str) -> Any:   # get_source, is_package, ... as its own
        return getattr(self._loader, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self._loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        import ctypes.util

        searching, importing = ctypes.util.find_library, threading.get_ident()

        def sonames_only(name: str) -> str | None:
            return None if threading.get_ident() == importing else searching(name)

        ctypes.util.find_library = sonames_only
        try:
            with contextlib.redirect_stdout(io.StringIO()):   # WeasyPrint's advice, if it fails
                self._loader.exec_module(module)
            return
        except OSError:
            pass
        finally:
            ctypes.util.find_library = searching
        self._loader.exec_module(module)


def install() -> None:
    """Have WeasyPrint, when this process first imports it, open its libraries by soname."""
    if not any(getattr(finder, "__name__", "") == SonamesFirst.__name__
               for finder in sys.meta_path):
        sys.meta_path.insert(0, SonamesFirst)
