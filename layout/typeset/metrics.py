"""Advance widths as the renderer will set them, measured with HarfBuzz on the locked fonts.

Pango, under WeasyPrint, shapes with HarfBuzz too: Chinese text and its punctuation as Han
script in the language zh-Hans (so the font's locl picks Simplified Chinese forms), Latin
runs as Latin script. Measuring the same way makes the composer's widths the printed ones.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

LANGUAGE = "zh-Hans"


class FaceMetrics:
    """Advances of one font file at one size, in points."""

    def __init__(self, path: Path, size: float):
        face = _face(str(path))
        self.path = path
        self._font = hb.Font(face)
        self._scale = size / face.upem
        self.size = size
        self._cache: dict[tuple[str, str, frozenset[str]], float] = {}

    def advance(self, text: str, script: str = "Hani",
                features: frozenset[str] = frozenset()) -> float:
        """Width of `text` in pt; `features` are OpenType tags, "-kern" turning one off."""
        key = (text, script, features)
        if key not in self._cache:
            self._cache[key] = self._shape(text, script, features)
        return self._cache[key]

    def extents(self) -> tuple[float, float]:
        """Ascent and descent in pt (HarfBuzz's horizontal extents, which Pango lays lines
        out with); the descent is negative."""
        extents = self._font.get_font_extents("ltr")
        return extents.ascender * self._scale, extents.descender * self._scale

    def _shape(self, text: str, script: str, features: frozenset[str]) -> float:
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        buffer.script = script
        buffer.language = LANGUAGE
        hb.shape(self._font, buffer, {f.lstrip("-"): not f.startswith("-") for f in features})
        return sum(p.x_advance for p in buffer.glyph_positions) * self._scale


@lru_cache(maxsize=16)
def _face(path: str) -> hb.Face:
    return hb.Face(hb.Blob.from_file_path(path), 0)
