"""What a build may read: files under a few roots, never the network.

Manifests name files relative to the issue folder; `resolve_reference` refuses anything that
leaves it. The renderer fetches through `render.fetcher.RootedFetcher`, which serves only
files under the issue folder, the assets, and the locked font files.
"""

from __future__ import annotations

import re
from pathlib import Path

from layout.errors import UnsafePathError
from layout.i18n import _

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def resolve_reference(reference: str, base: Path) -> Path:
    """The file a manifest reference names, which must lie inside `base`."""
    if _SCHEME.match(reference) or reference.startswith("//"):
        raise UnsafePathError(_(
            "{reference!r} is a URL; only files inside the issue folder are allowed").format(
                reference=reference))
    path = (base / reference).resolve()
    if not path.is_relative_to(base.resolve()):
        raise UnsafePathError(_("{reference!r} points outside the folder {base}").format(
            reference=reference, base=base))
    return path
