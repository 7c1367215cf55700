"""Optional parts: the desk's web stack and Dask, installed only by those who need them.

`pip install newspaper-layout` gives every command but `layout serve` (extra `desk`) and
`layout archive rebuild --dask` (extra `dask`); asking for one without its extra says
which extra to install instead of failing on an import.
"""

from __future__ import annotations

import importlib.util

from layout.errors import LayoutError
from layout.i18n import _

EXTRAS = {"desk": ("starlette", "uvicorn", "sse_starlette", "watchfiles"),
          "dask": ("dask", "distributed")}


class MissingExtraError(LayoutError):
    """A command needs an optional part of the package that is not installed."""

    exit_code = 9


def require(extra: str, command: str) -> None:
    """Raise MissingExtraError naming the extra to install if any of its modules is missing."""
    missing = [name for name in EXTRAS[extra] if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtraError(_(
            "{command} needs the {extra!r} extra ({missing} not installed): "
            "pip install 'newspaper-layout[{extra}]'").format(
                command=command, extra=extra, missing=", ".join(missing)))
