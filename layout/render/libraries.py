"""WeasyPrint's C libraries opened by their sonames, without starting a compiler.

WeasyPrint's `text.ffi` opens GObject, Pango, HarfBuzz, Fontconfig and PangoFT2 through
cffi, trying each library's Windows and macOS names before the Linux soname. cffi hands
every name it cannot open to `ctypes.util.find_library`, which on Linux runs ldconfig,
gcc and ld for it: some 200 programs started, 0.12 s for every process that loads
WeasyPrint, and a killed build could leave gcc's scratch files in the temporary folder.

`install()` has that one module run with `find_library` finding nothing, so each name that
does not open as it stands is passed over and the soname is opened: the same libraries.
Should a library still not open, the module is run again as WeasyPrint wrote it.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

FFI_MODULE = "weasyprint.text.ffi"


class _SonamesFirst:
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
    """FFI_MODULE's own loader, run with `find_library` finding nothing."""

    def __init__(self, loader: Any):
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self._loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        import ctypes.util

        searching = ctypes.util.find_library
        ctypes.util.find_library = lambda name: None
        try:
            self._loader.exec_module(module)
            return
        except OSError:
            pass
        finally:
            ctypes.util.find_library = searching
        self._loader.exec_module(module)


def install() -> None:
    """Have the next import of WeasyPrint open its libraries by soname (once per process)."""
    if _SonamesFirst not in sys.meta_path:
        sys.meta_path.insert(0, _SonamesFirst)
