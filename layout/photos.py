"""Photos: opened safely (Pillow's decompression-bomb guard as a hard error), and prepared
for the plate (cropped, resampled, separated into the paper's CMYK or black only)."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from layout.output import atomic_write

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


@dataclass(frozen=True)
class PreparedPhoto:
    path: Path
    ppi: float           # effective resolution at placed size


def prepare_for_print(source: Path, width_mm: float, height_mm: float,
                      focus: tuple[float, float], ppi: int, profile: Path, black_only: bool,
                      ink_limit: int, folder: Path) -> PreparedPhoto:
    """The photo as the plate needs it: upright, cropped to its frame around `focus`,
    resampled to `ppi` at placed size (never up), in the CMYK of `profile` or in black
    only, its total ink kept under `ink_limit` %. Results are kept in `folder` by
    content hash."""
    key = hashlib.sha256(b"".join([
        source.read_bytes(), profile.read_bytes(),
        repr((round(width_mm, 3), round(height_mm, 3), focus, ppi, black_only,
              ink_limit)).encode(),
    ])).hexdigest()[:32]
    path = folder / f"{key}.jpg"
    with _open(source) as image:
        image = ImageOps.exif_transpose(image)
        image = _crop(image, width_mm / height_mm, focus)
        wanted = (round(width_mm / 25.4 * ppi), round(height_mm / 25.4 * ppi))
        if image.width > wanted[0]:
            image = image.resize(wanted, Image.Resampling.LANCZOS)
        effective = image.width / (width_mm / 25.4)
        if not path.is_file():
            converted = _black_only(image) if black_only else _to_cmyk(image, profile)
            converted = limit_ink(converted, ink_limit - INK_MARGIN)
            buffer = io.BytesIO()
            converted.save(buffer, "JPEG", quality=92, dpi=(round(effective),) * 2)
            atomic_write(path, buffer.getvalue())
    return PreparedPhoto(path, effective)


def _open(path: Path) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(path)
        image.load()
    return image


def _crop(image: Image.Image, aspect: float, focus: tuple[float, float]) -> Image.Image:
    """The largest part of `image` with the frame's aspect, as centred on `focus` as fits."""
    width, height = image.size
    if width / height > aspect:
        new_w, new_h = round(height * aspect), height
    else:
        new_w, new_h = width, round(width / aspect)
    left = min(max(round(focus[0] * width - new_w / 2), 0), width - new_w)
    top = min(max(round(focus[1] * height - new_h / 2), 0), height - new_h)
    return image.crop((left, top, left + new_w, top + new_h))


def _to_cmyk(image: Image.Image, profile: Path) -> Image.Image:
    if image.mode == "CMYK":
        return image  # already separated for print: passed through
    source = _embedded_profile(image) or ImageCms.createProfile("sRGB")
    rgb = image.convert("RGB")
    transform = ImageCms.buildTransform(source, ImageCms.getOpenProfile(str(profile)), "RGB",
                                        "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL)
    return ImageCms.applyTransform(rgb, transform)


def _embedded_profile(image: Image.Image) -> ImageCms.ImageCmsProfile | None:
    data = image.info.get("icc_profile")
    if not data or image.mode not in ("RGB", "RGBA", "P"):
        return None
    try:
        return ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ImageCms.PyCMSError):
        return None


# JPEG compression moves tones a little: photos are held this far under the ink limit.
INK_MARGIN = 10


def limit_ink(image: Image.Image, limit: float) -> Image.Image:
    """`image` (CMYK) with C, M and Y scaled down wherever C+M+Y+K exceeds `limit` %,
    keeping K, the ink that carries the detail."""
    pixels = numpy.asarray(image, dtype=numpy.float32)
    total = pixels.sum(axis=2)
    cap = limit / 100 * 255
    over = total > cap
    if not over.any():
        return image
    colour = pixels[..., :3].sum(axis=2)
    room = numpy.clip(cap - pixels[..., 3], 0, None)
    scale = numpy.where(over & (colour > 0), room / numpy.maximum(colour, 1e-6), 1.0)
    pixels[..., :3] *= numpy.minimum(scale, 1.0)[..., None]
    return Image.fromarray(numpy.floor(pixels).astype(numpy.uint8), "CMYK")


def _black_only(image: Image.Image) -> Image.Image:
    """A greyscale photo for a black plate: every tone in K, none in C, M or Y."""
    grey = image.convert("L")
    black = grey.point(lambda v: 255 - v)
    empty = Image.new("L", grey.size, 0)
    return Image.merge("CMYK", (empty, empty, empty, black))
