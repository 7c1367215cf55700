"""Page pictures for the screen and the library, drawn by PDFium from the page PDFs.

At 96 dpi a page shows at its printed size in a browser at 100 % (a CSS pixel is 1/96
inch); the 192 dpi picture serves high-density screens, zooming and IIIF. Both come from
the preview cache (render/preview.py), keyed by the PDF's bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from layout.project.files import atomic_write
from layout.render.preview import preview_bytes

SCREEN_DPI = 96
LARGE_DPI = 2 * SCREEN_DPI
FOLDER = "pictures"


@dataclass(frozen=True)
class Picture:
    name: str        # its path in the output folder: pictures/01.png, pictures/01@2x.png
    width: int       # pixels
    height: int
    data: bytes


def picture_name(page: int, dpi: int) -> str:
    suffix = "" if dpi == SCREEN_DPI else f"@{dpi // SCREEN_DPI}x"
    return f"{FOLDER}/{page:02d}{suffix}.png"


def draw_pictures(pdfs: list[bytes], numbers: list[int], dpi: int) -> list[Picture]:
    return [_picture(picture_name(n, dpi), preview_bytes(pdf, dpi))
            for pdf, n in zip(pdfs, numbers, strict=True)]


def write_pictures(folder: Path, pictures: list[Picture]) -> list[Path]:
    written = []
    for picture in pictures:
        atomic_write(folder / picture.name, picture.data)
        written.append(folder / picture.name)
    return written


def _picture(name: str, png: bytes) -> Picture:
    width, height = struct.unpack(">II", png[16:24])   # the IHDR chunk
    return Picture(name, width, height, png)
