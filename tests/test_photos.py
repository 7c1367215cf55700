"""The photo pipeline for print: orientation, crop, resolution, separation, ink limit."""

from __future__ import annotations

from pathlib import Path

import numpy
from PIL import Image

from layout.photos import limit_ink, prepare_for_print
from tests.conftest import ROOT

PROFILE = ROOT / "assets" / "icc" / "newsprint-fogra29-tac220.icc"


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
    Image.new("RGB", (300, 300), (10, 10, 10)).save(source)
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
