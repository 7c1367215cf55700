"""Photos: decoded whole before use (a file cut short, damaged, empty, not a picture, or
over MAX_PIXELS is refused with what to do), brought to 8 bits (16-bit values scaled, not
clipped), and prepared for the screen or for the plate (cropped, resampled, separated into
the paper's CMYK or black only)."""

from __future__ import annotations

import functools
import hashlib
import io
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from layout.i18n import _
from layout.model import MM_PER_INCH
from layout.project.files import atomic_write

# NumPy is imported by the functions that prepare photos, when they run: checking an
# issue (photo_size) needs none, and `layout check` starts faster without it.
if TYPE_CHECKING:
    import numpy

# Newspaper photos are at most a few tens of megapixels (a whole page at 300 ppi is 12);
# anything far larger is a mistake or an attack, and decoding it could exhaust memory.
# Refused from the file's header, before a pixel is decoded.
MAX_PIXELS = 120_000_000
# What Pillow raises for a file over MAX_PIXELS, and for one cut short or damaged.
TOO_LARGE = (Image.DecompressionBombError, Image.DecompressionBombWarning)
DAMAGED = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)
# Pixel modes the renderer and the separation take as they are: 8 bits a channel.
EIGHT_BIT_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "CMYK"})
# 16-bit greyscale, and 32-bit integer pixels read as holding 16-bit values: scaled to L.
SIXTEEN_BIT_MODES = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I"})
# Other 8-bit modes Pillow converts faithfully. Any mode not named here (F, LAB, HSV, ...)
# is refused when the manifest is checked.
CONVERTED_MODES = {"RGBX": "RGB", "RGBa": "RGBA", "PA": "RGBA", "YCbCr": "RGB"}
PRINTABLE_MODES = EIGHT_BIT_MODES | SIXTEEN_BIT_MODES | frozenset(CONVERTED_MODES)
# Part of every cache key: changed when preparing gives other pixels for the same input.
PREPARATION = b"3"   # 2: 16-bit photos scaled, no longer clipped; 3: greys in black ink
# A photo whose pixels are all this close to grey (the spread of R, G and B, of 255, in all
# but one pixel in a thousand) is a greyscale photo however it was saved: black ink only.
NEUTRAL_SPREAD = 10


class PhotoError(ValueError):
    pass


def photo_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels of the photo at `path` as it stands upright (EXIF
    orientation), after decoding all of it; PhotoError says what is wrong and what to do."""
    with _open(path) as image:
        if image.mode not in PRINTABLE_MODES:
            raise PhotoError(_("its pixels are in mode {mode}, which cannot be printed: "
                               "export it again as 8- or 16-bit RGB, greyscale or CMYK").format(
                                   mode=image.mode))
        width, height = image.size
        turned = image.getexif().get(0x0112) in (5, 6, 7, 8)  # a quarter turn to stand up
        return (height, width) if turned else (width, height)


def placed_ppi(pixels: tuple[int, int], width_mm: float, height_mm: float) -> float:
    """Effective resolution of a photo of `pixels` (width, height) filling a frame: the
    photo is cropped to the frame's aspect, so the lower of the two directions counts."""
    return min(pixels[0] / (width_mm / MM_PER_INCH), pixels[1] / (height_mm / MM_PER_INCH))


def resolution_warning(source: Path, issue_dir: Path, page: int, ppi: float,
                       minimum: int) -> list[str]:
    """A warning naming the photo (its path as issue.toml gives it), the page and the
    resolution, when `ppi` at placed size is under the paper's `minimum`; else none."""
    if ppi >= minimum:
        return []
    name = source.resolve().relative_to(issue_dir.resolve()).as_posix()
    shown = f"{ppi:.0f}" if ppi >= 1 else _("less than 1")
    return [_("{photo}: {ppi} ppi at placed size on page {page}, under the paper's minimum of "
              "{minimum} ([print] min_photo_ppi): use a larger original or a smaller "
              "frame").format(photo=name, ppi=shown, page=page, minimum=minimum)]


@dataclass(frozen=True)
class PreparedPhoto:
    path: Path
    ppi: float           # effective resolution at placed size


def prepare_for_print(source: Path, width_mm: float, height_mm: float,
                      focus: tuple[float, float], ppi: int, profile: Path, black_only: bool,
                      ink_limit: int, folder: Path) -> PreparedPhoto:
    """The photo as the plate needs it: upright, cropped to its frame around `focus`,
    resampled to `ppi` at placed size (never up), in the CMYK of `profile` or in black
    only, its total ink kept under `ink_limit` %. A greyscale photo (or one that is grey
    in all but name, see NEUTRAL_SPREAD) is printed in black ink only on any page. Results
    are kept in `folder` by content hash."""
    key = hashlib.sha256(b"".join([
        PREPARATION, source.read_bytes(), profile.read_bytes(),
        repr((round(width_mm, 3), round(height_mm, 3), focus, ppi, black_only,
              ink_limit)).encode(),
    ])).hexdigest()[:32]
    path = folder / f"{key}.jpg"
    with _open(source) as image:
        image = _eight_bit(ImageOps.exif_transpose(image))
        image = _crop(image, width_mm / height_mm, focus)
        wanted = (round(width_mm / MM_PER_INCH * ppi), round(height_mm / MM_PER_INCH * ppi))
        if image.width > wanted[0]:
            image = image.resize(wanted, Image.Resampling.LANCZOS)
        effective = placed_ppi(image.size, width_mm, height_mm)
        if not path.is_file():
            grey = black_only or is_neutral(image)
            converted = black_only_separation(image, profile) if grey else \
                _to_cmyk(image, profile)
            converted = limit_ink(converted, ink_limit - INK_MARGIN)
            buffer = io.BytesIO()
            converted.save(buffer, "JPEG", quality=92, dpi=(round(effective),) * 2)
            atomic_write(path, buffer.getvalue())
    return PreparedPhoto(path, effective)


def prepare_for_screen(source: Path, folder: Path) -> Path:
    """The photo as the renderer can show it: `source` itself when its pixels are 8-bit,
    else an 8-bit PNG copy, upright, kept in `folder` by content hash."""
    with Image.open(source) as image:   # the header only
        if image.mode in EIGHT_BIT_MODES:
            return source
    data = source.read_bytes()
    path = folder / f"{hashlib.sha256(PREPARATION + data).hexdigest()[:32]}.png"
    if not path.is_file():
        with _open(source) as image:
            upright = _eight_bit(ImageOps.exif_transpose(image))
            buffer = io.BytesIO()
            upright.save(buffer, "PNG", icc_profile=image.info.get("icc_profile"))
        atomic_write(path, buffer.getvalue())
    return path


def _open(path: Path) -> Image.Image:
    """The photo at `path`, decoded whole; PhotoError says what is wrong and what to do."""
    if path.stat().st_size == 0:
        raise PhotoError(_("the file is empty: export it again"))
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    ImageFile.LOAD_TRUNCATED_IMAGES = False   # a photo cut short is refused, never padded
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (*TOO_LARGE, *DAMAGED) as error:
        raise _refusal(error) from error
    try:
        image.load()
    except DAMAGED as error:
        image.close()
        raise _refusal(error) from error
    return image


def _refusal(error: Exception) -> PhotoError:
    """What to tell the editor of a photo Pillow could not open or decode."""
    if isinstance(error, TOO_LARGE):
        return PhotoError(_("refused: too many pixels for a photo (more than {million} "
                            "million): scale it down to the size it prints at and export it "
                            "again").format(million=MAX_PIXELS // 1_000_000))
    if isinstance(error, UnidentifiedImageError):
        return PhotoError(_("not a readable image (not JPEG, PNG, TIFF or another picture "
                            "format): export it again as JPEG or PNG"))
    if isinstance(error, PermissionError):
        return PhotoError(_("cannot be read ({reason}): check its permissions").format(
            reason=error.strerror))
    return PhotoError(_("the file is cut short or damaged ({reason}): export it again").format(
        reason=error))


def _eight_bit(image: Image.Image) -> Image.Image:
    """`image` in one of EIGHT_BIT_MODES: 16-bit values scaled to 8 bits (65535 -> 255, so
    a 16-bit gradient keeps its tones) rather than clipped at 255 as Pillow's convert does."""
    import numpy

    if image.mode in EIGHT_BIT_MODES:
        return image
    if image.mode in SIXTEEN_BIT_MODES:
        values = numpy.clip(numpy.asarray(image, dtype=numpy.float64), 0, 65535)
        return Image.fromarray(numpy.round(values / 257).astype(numpy.uint8))
    return image.convert(CONVERTED_MODES[image.mode])


def _crop(image: Image.Image, aspect: float, focus: tuple[float, float]) -> Image.Image:
    """The largest part of `image` with the frame's aspect, as centred on `focus` as fits."""
    width, height = image.size
    if width / height > aspect:
        new_w, new_h = max(round(height * aspect), 1), height
    else:
        new_w, new_h = width, max(round(width / aspect), 1)
    left = min(max(round(focus[0] * width - new_w / 2), 0), width - new_w)
    top = min(max(round(focus[1] * height - new_h / 2), 0), height - new_h)
    return image.crop((left, top, left + new_w, top + new_h))


def _to_cmyk(image: Image.Image, profile: Path) -> Image.Image:
    if image.mode == "CMYK":
        return image  # already separated for print: passed through
    source = _embedded_profile(image) or ImageCms.createProfile("sRGB")
    rgb = image.convert("RGB")
    return ImageCms.applyTransform(rgb, separation(source, profile))


def separation(source: ImageCms.ImageCmsProfile, profile: Path) -> ImageCms.ImageCmsTransform:
    """RGB to the CMYK of `profile`, relative colorimetric with black point compensation:
    the profile's black generation then carries a neutral grey in black ink alone down to
    its darkest tones (newsprint-fogra29-tac220.icc; see layout/defaults/assets/README.md), and the
    source's black lands on the paper's."""
    return ImageCms.buildTransform(source, ImageCms.getOpenProfile(str(profile)), "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


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
    import numpy

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


def is_neutral(image: Image.Image) -> bool:
    """Whether `image` is a greyscale photo: greyscale pixels, or colour pixels all (but one
    in a thousand) within NEUTRAL_SPREAD of grey."""
    import numpy

    if image.mode in ("1", "L", "LA"):
        return True
    if image.mode == "CMYK":
        return False
    pixels = numpy.asarray(image.convert("RGB"), dtype=numpy.int16)
    spread = pixels.max(axis=2) - pixels.min(axis=2)
    return float(numpy.percentile(spread, 99.9)) <= NEUTRAL_SPREAD


def black_only_separation(image: Image.Image, profile: Path) -> Image.Image:
    """`image` for the black plate alone: every tone in K, none in C, M or Y, each grey's
    lightness (read as sRGB) matched on the paper by black ink alone as `profile`
    describes it, white to paper and black to solid black (dot gain allowed for)."""
    import numpy

    grey = numpy.asarray(image.convert("L"), dtype=numpy.uint8)
    black = numpy.take(_black_curve(profile.read_bytes()), grey)
    empty = numpy.zeros_like(black)
    return Image.fromarray(numpy.stack([empty, empty, empty, black], axis=2), "CMYK")


@functools.lru_cache(maxsize=4)
def _black_curve(profile: bytes) -> numpy.ndarray:
    """For each 8-bit grey, the K (0-255) whose print has the grey's lightness, scaled
    between paper (L* 100) and solid black, from the profile's own measure of K alone."""
    import numpy

    ramp = Image.fromarray(numpy.stack([numpy.zeros(256, numpy.uint8)] * 3
                                       + [numpy.arange(256, dtype=numpy.uint8)], axis=1)[None],
                           "CMYK")
    transform = ImageCms.buildTransform(ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                        ImageCms.createProfile("LAB"), "CMYK", "LAB",
                                        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    printed = numpy.asarray(ImageCms.applyTransform(ramp, transform))[0, :, 0] / 255 * 100
    printed = numpy.minimum.accumulate(printed.astype(numpy.float64))  # darker with more K
    wanted = _lightness(numpy.arange(256) / 255)
    target = printed[-1] + wanted / 100 * (100 - printed[-1])
    # numpy.interp needs rising x: the printed lightness runs down as K rises.
    black = numpy.interp(target, printed[::-1], numpy.arange(256)[::-1].astype(numpy.float64))
    black[0] = 255   # black is solid black, whatever ties the 8-bit lightness has there
    return numpy.clip(numpy.round(black), 0, 255).astype(numpy.uint8)


def _lightness(value: numpy.ndarray) -> numpy.ndarray:
    """CIE L* of sRGB grey `value` (0-1)."""
    import numpy

    linear = numpy.where(value <= 0.04045, value / 12.92, ((value + 0.055) / 1.055) ** 2.4)
    return numpy.where(linear > 216 / 24389, 116 * numpy.cbrt(linear) - 16,
                       linear * 24389 / 27)
