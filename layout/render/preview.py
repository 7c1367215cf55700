"""PNG previews of pages, drawn by Poppler's pdftoppm."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from layout.errors import RenderError
from layout.i18n import _

PREVIEW_DPI = 72


def write_preview(pdf: Path, png: Path, dpi: int = PREVIEW_DPI) -> None:
    """Render the first page of `pdf` to `png`, replacing it only once complete."""
    if shutil.which("pdftoppm") is None:
        raise RenderError(_("pdftoppm is missing; install it with "
                            "`apt-get install poppler-utils`"))
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=png.parent) as tmp:
        stem = Path(tmp) / "page"
        result = subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(stem)],
            capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RenderError(_("pdftoppm failed on {pdf}: {reason}").format(
                pdf=pdf, reason=result.stderr.strip()))
        stem.with_suffix(".png").replace(png)
