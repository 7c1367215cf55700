"""Photos: refused when they cannot be read whole; prepared for the screen (8 bits) and for
print (orientation, crop, resolution, separation, ink limit)."""

from __future__ import annotations

import math
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy
import pytest
from PIL import Image, ImageCms

from layout.errors import ManifestError
from layout.manifest.load import load_issue
from layout.manifest.resources import DEFAULT_ASSETS
from layout.render.photos import (
    MAX_PIXELS,
    PhotoError,
    black_only_separation,
    limit_ink,
    photo_size,
    placed_ppi,
    prepare_for_print,
    prepare_for_screen,
    separation,
)
from tests.conftest import SAMPLE

PROFILE = DEFAULT_ASSETS / "icc" / "newsprint-fogra29-tac220.icc"


def prepare(source: Path, tmp_path: Path, width=50.0, height=50.0, focus=(0.5, 0.5),
            black=False):
    return prepare_for_print(source, width, height, focus, 200, PROFILE, black, 220,
                             tmp_path / "cache")


def test_exif_orientation_is_honoured(tmp_path: Path):
    source = tmp_path / "turned.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: rotate 90 degrees to show
    Image.new("RGB", (400, 200), (90, 120, 160)).save(source, exif=exif)
    prepared = prepare(source, tmp_path, width=20, height=40)
    with Image.open(prepared.path) as image:
        assert image.height > image.width  # upright: 200 wide, 400 tall, cropped to 1:2


def test_cropping_keeps_the_focus_and_resampling_reaches_the_target(tmp_path: Path):
    source = tmp_path / "wide.png"
    picture = Image.new("RGB", (3000, 1000), (255, 255, 255))
    picture.paste((0, 0, 0), (2600, 0, 3000, 1000))  # something dark at the right
    picture.save(source)
    prepared = prepare(source, tmp_path, width=25.4, height=25.4, focus=(0.95, 0.5))
    with Image.open(prepared.path) as image:
        assert image.size == (200, 200)  # 1 inch at 200 ppi, from a 1000 px square crop
        assert image.mode == "CMYK"
        assert image.getpixel((199, 100))[3] > 200  # the dark part is in the crop
    assert prepared.ppi == 200


def test_rgb_is_separated_within_the_ink_limit(tmp_path: Path):
    source = tmp_path / "dark.png"
    Image.new("RGB", (300, 300), (30, 10, 40)).save(source)   # a deep violet: all four inks
    with Image.open(prepare(source, tmp_path).path) as image:
        total = numpy.asarray(image, dtype=numpy.uint16).sum(axis=2).max() / 255 * 100
    assert 150 < total <= 220


def test_ink_above_the_limit_is_taken_from_c_m_and_y(tmp_path: Path):
    rich = Image.new("CMYK", (4, 4), (255, 255, 255, 255))  # 400 %
    limited = numpy.asarray(limit_ink(rich, 210), dtype=numpy.uint16)
    assert limited.sum(axis=2).max() <= 210 / 100 * 255 + 1
    assert (limited[..., 3] == 255).all()  # black kept


def test_black_only_photos_have_no_colour_ink(tmp_path: Path):
    source = tmp_path / "colour.png"
    Image.new("RGB", (300, 300), (200, 50, 50)).save(source)
    with Image.open(prepare(source, tmp_path, black=True).path) as image:
        c, m, y, k = image.split()
        assert c.getextrema() == m.getextrema() == y.getextrema() == (0, 0)
        assert k.getextrema()[0] > 0


# --------------------------------------------------------------------------- refused at check


SAMPLE_JPEG = SAMPLE / "photos" / "geyong-bisai.jpg"
UNREADABLE = {
    "a truncated JPEG": (lambda: SAMPLE_JPEG.read_bytes()[:20_000], "cut short or damaged"),
    "a zero-byte file": (lambda: b"", "the file is empty"),
    "a text file named .jpg": (lambda: "这不是照片\n".encode(), "not a readable image"),
}


@pytest.mark.parametrize("kind", UNREADABLE)
def test_an_unreadable_photo_is_refused_with_what_to_do(tmp_path: Path, kind: str):
    content, reason = UNREADABLE[kind]
    source = tmp_path / "photo.jpg"
    source.write_bytes(content())
    with pytest.raises(PhotoError) as refused:
        photo_size(source)
    assert reason in str(refused.value)
    assert "export it again" in str(refused.value)


def test_layout_check_names_the_key_and_file_of_a_cut_short_photo(issue_dir: Path):
    photo = issue_dir / "photos" / "geyong-bisai.jpg"
    photo.write_bytes(photo.read_bytes()[:20_000])

    with pytest.raises(ManifestError) as refused:
        load_issue(issue_dir)
    result = subprocess.run([sys.executable, "-m", "layout", "check", str(issue_dir)],
                            capture_output=True, text=True, check=False)

    (problem,) = refused.value.problems
    assert problem.file == issue_dir / "issue.toml"
    assert problem.key == "pages[1].articles[3].photo.source"
    what = "photos/geyong-bisai.jpg: the file is cut short or damaged"
    assert problem.message.startswith(what) and problem.message.endswith("export it again")
    assert result.returncode == 2, result.stderr
    assert what in result.stderr


def test_a_photo_of_floating_point_pixels_is_refused(tmp_path: Path):
    source = tmp_path / "float.tif"
    Image.new("F", (8, 8), 0.5).save(source)
    with pytest.raises(PhotoError, match="mode F, which cannot be printed: export it again"):
        photo_size(source)


def test_a_photo_over_the_pixel_limit_is_refused_before_it_is_decoded(tmp_path: Path):
    side = math.isqrt(MAX_PIXELS) + 1   # a header claiming just over the limit, no pixels
    source = tmp_path / "bomb.png"
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    source.write_bytes(PNG_SIGNATURE + png_chunk(b"IHDR", header)
                       + png_chunk(b"IDAT", zlib.compress(b"")))
    with pytest.raises(PhotoError) as refused:
        photo_size(source)
    assert "too many pixels for a photo (more than 120 million)" in str(refused.value)
    assert "scale it down" in str(refused.value)


# --------------------------------------------------------------------------- 16-bit photos


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data)))


def write_png16(path: Path, pixels: numpy.ndarray) -> Path:
    """A 16-bit greyscale (H x W) or 48-bit RGB (H x W x 3) PNG, which Pillow cannot write."""
    height, width = pixels.shape[:2]
    header = struct.pack(">IIBBBBB", width, height, 16, 2 if pixels.ndim == 3 else 0, 0, 0, 0)
    rows = b"".join(b"\x00" + row.astype(">u2").tobytes() for row in pixels)
    path.write_bytes(PNG_SIGNATURE + png_chunk(b"IHDR", header)
                     + png_chunk(b"IDAT", zlib.compress(rows)) + png_chunk(b"IEND", b""))
    return path


def gradient16(width: int = 256, height: int = 32, colour: bool = False) -> numpy.ndarray:
    """Dark to light across; in colour, red rising, green falling, blue at half of red."""
    ramp = numpy.linspace(0, 65535, width).round().astype(numpy.uint16)
    grey = numpy.tile(ramp, (height, 1))
    return numpy.stack([grey, 65535 - grey, grey // 2], axis=2) if colour else grey


def eight_bit(pixels: numpy.ndarray) -> numpy.ndarray:
    """What a 16-bit value should become: scaled, 65535 -> 255, not clipped."""
    return numpy.round(pixels / 257).astype(numpy.uint8)


def sixteen_bit_source(tmp_path: Path, kind: str) -> tuple[Path, numpy.ndarray]:
    """A 16-bit photo of `kind` and the 8-bit pixels it should show."""
    if kind == "I":   # 32-bit integer pixels (a TIFF) holding 16-bit values
        pixels = gradient16()
        path = tmp_path / "grey32.tif"
        Image.fromarray(pixels.astype(numpy.int32)).save(path)
        return path, eight_bit(pixels)
    pixels = gradient16(colour=kind == "RGB;16")
    return write_png16(tmp_path / "photo16.png", pixels), eight_bit(pixels)


SIXTEEN_BIT = ["I;16", "I", "RGB;16"]


@pytest.mark.parametrize("kind", SIXTEEN_BIT)
def test_a_sixteen_bit_photo_gets_an_eight_bit_copy_for_the_screen(tmp_path: Path, kind: str):
    source, expected = sixteen_bit_source(tmp_path, kind)
    shown = prepare_for_screen(source, tmp_path / "cache")
    if kind != "RGB;16":   # which Pillow, and the renderer through it, reads as 8-bit RGB
        assert shown.parent == tmp_path / "cache"
    with Image.open(shown) as image:
        assert image.mode in ("L", "RGB")
        actual = numpy.asarray(image)
    assert numpy.abs(actual.astype(int) - expected).max() <= 1, actual[0, ::32]


def test_an_eight_bit_photo_goes_to_the_screen_untouched(tmp_path: Path):
    assert prepare_for_screen(SAMPLE_JPEG, tmp_path / "cache") == SAMPLE_JPEG


@pytest.mark.parametrize("kind", SIXTEEN_BIT)
def test_a_sixteen_bit_photo_prints_as_its_eight_bit_equal(tmp_path: Path, kind: str):
    source, expected = sixteen_bit_source(tmp_path, kind)
    equal = tmp_path / "equal.png"
    Image.fromarray(expected).save(equal)
    size = (256 / 200 * 25.4, 32 / 200 * 25.4)   # 200 ppi: printed without resampling
    black = kind != "RGB;16"
    printed = [numpy.asarray(Image.open(prepare(path, tmp_path, *size, black=black).path),
                             dtype=int) for path in (source, equal)]
    assert numpy.abs(printed[0] - printed[1]).max() <= 6
    if black:
        assert printed[0][..., 3].max() - printed[0][..., 3].min() > 200  # light to dark


def test_a_one_pixel_photo_is_cropped_to_any_frame(tmp_path: Path):
    source = tmp_path / "dot.png"
    Image.new("RGB", (1, 1), (20, 20, 20)).save(source)
    prepared = prepare(source, tmp_path, width=10, height=60)
    with Image.open(prepared.path) as image:
        assert image.size == (1, 1)
    assert prepared.ppi < 3


def test_placed_resolution_is_that_of_the_crop(tmp_path: Path):
    # 1000 x 500 px in a 50 x 50 mm frame: the crop is 500 px square, 254 ppi.
    assert placed_ppi((1000, 500), 50, 50) == pytest.approx(254)
    assert placed_ppi((1, 1), 10, 60) == pytest.approx(25.4 / 60)


# --------------------------------------------------------------------------- black-heavy separation
# Newsprint separations carry neutral greys in black ink alone (domain.md section 4). With the
# profile and separation before (colprof -kr; perceptual), a neutral ramp came out with cyan
# beside black at every step: C 22 % beside K 79 % (sRGB 102), C 8 % beside K 59 % (sRGB
# 136), and sRGB black to sRGB 51 as C 78 M 39 Y 0 K 95.


def grey_ramp_separated(profile: Path = PROFILE) -> numpy.ndarray:
    """sRGB greys 0, 5, ... 255 separated as a colour photo is, in % (C, M, Y, K)."""
    greys = numpy.arange(0, 256, 5, dtype=numpy.uint8)
    ramp = Image.fromarray(numpy.stack([greys] * 3, axis=1)[None], "RGB")
    cmyk = ImageCms.applyTransform(ramp, separation(ImageCms.createProfile("sRGB"), profile))
    return numpy.asarray(cmyk, dtype=float)[0] / 255 * 100


def test_neutral_greys_separate_to_black_ink_where_black_carries_the_tone():
    inks = grey_ramp_separated()
    carried = inks[:, 3] < 90    # K carries the tone on its own from white to K 90 %
    assert carried.sum() >= 36   # of 52 steps: sRGB 65 and lighter
    assert inks[carried, :3].max() <= 1.0, inks[carried].round()
    # Darker than black ink alone can print, C, M and Y deepen it within the ink limit.
    assert inks[0, 3] > 99 and 150 < inks[0].sum() <= 220


def test_the_darkest_grey_is_not_a_blue_black(tmp_path: Path):
    c, m, y, k = grey_ramp_separated()[0]
    assert k > 99 and c < 50 and abs(c - m) < 20   # was C 78 M 39 Y 0: a cast, not a grey


@pytest.mark.parametrize("mode", ["L", "RGB grey", "RGB near grey"])
def test_a_greyscale_photo_prints_in_black_ink_on_a_colour_page(tmp_path: Path, mode: str):
    ramp = numpy.tile(numpy.linspace(0, 255, 300).astype(numpy.uint8), (300, 1))
    if mode == "L":
        picture = Image.fromarray(ramp, "L")
    else:
        tint = (4, 0, -3) if mode == "RGB near grey" else (0, 0, 0)   # a warm scan
        picture = Image.fromarray(numpy.stack(
            [numpy.clip(ramp.astype(int) + t, 0, 255).astype(numpy.uint8) for t in tint],
            axis=2), "RGB")
    source = tmp_path / "grey.png"
    picture.save(source)
    with Image.open(prepare(source, tmp_path).path) as image:
        c, m, y, k = (numpy.asarray(band, dtype=int) for band in image.split())
    assert c.max() <= 2 and m.max() <= 2 and y.max() <= 2   # JPEG noise at most
    assert k.min() <= 2 and k.max() >= 250                  # paper to solid black


def test_a_colour_photo_keeps_its_colour_inks(tmp_path: Path):
    source = tmp_path / "colour.png"
    Image.new("RGB", (300, 300), (200, 50, 50)).save(source)
    with Image.open(prepare(source, tmp_path).path) as image:
        c, m, y, k = image.split()
        assert m.getextrema()[1] > 150 and y.getextrema()[1] > 100


def test_a_photo_in_black_ink_matches_the_lightness_of_its_greys(tmp_path: Path):
    # Black ink alone, dot gain allowed for: a mid grey (sRGB 119, L* 50) needs far less
    # than half of solid black on newsprint, and the tones keep their order.
    greys = Image.fromarray(numpy.arange(256, dtype=numpy.uint8)[None], "L")
    curve = [int(k) for k in numpy.asarray(black_only_separation(greys, PROFILE))[0, :, 3]]
    assert curve[0] == 255 and curve[255] == 0
    assert all(a >= b for a, b in zip(curve, curve[1:], strict=False))
    assert 0.3 < curve[119] / 255 < 0.5
