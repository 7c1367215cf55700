"""Opening photos safely: Pillow's decompression-bomb guard turned into a hard error."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

# Newspaper photos are at most a few tens of megapixels; anything far larger is
# a mistake or an attack, and decoding it could exhaust memory.
MAX_PIXELS = 120_000_000


class PhotoError(ValueError):
    pass


def photo_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels of the photo at `path`, after checking it decodes."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.verify()
                return image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoError(f"refused: too many pixels for a photo ({error})") from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise PhotoError(f"not a readable image: {error}") from error
