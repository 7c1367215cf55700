"""Rebuild newsprint-fogra29-tac220.icc from FOGRA29L.ti3 with ArgyllCMS (Debian's `argyll`).

Not run by builds or tests: the profile is committed. This is its recipe, kept runnable:

    apt-get install argyll icc-profiles-free
    .venv/bin/python layout/defaults/assets/icc/make-newsprint-profile.py

Newspaper separations are black-heavy: a neutral grey must print in black ink alone. Maximum
black generation (`colprof -kx`) is not enough by itself, because black ink on this paper is
not neutral: relative to the paper it drifts warm (a* +1.9, b* +3.2 at K 100 %), so a
colorimetric separation adds cyan to cancel that (a mid grey came out C 8 % beside K 52 %).
Coldset plants treat the black ink's own hue as the neutral axis, which is what the abstract
profile made here does: before the output tables are inverted, colours within a few units of
chroma of neutral are moved to the hue of black ink alone at their lightness (fully at chroma
4 and under, fading out by chroma 12). Together with `-kx`, greys then separate to K only.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "newsprint-fogra29-tac220.icc"
DATA = Path("/usr/share/color/icc/FOGRA29L.ti3")      # icc-profiles-free, Zlib licence
SOURCE_GAMUT = Path("/usr/share/color/icc/sRGB.icc")  # photos arrive as sRGB at worst
DESCRIPTION = "Newsprint approximation: FOGRA29 (uncoated offset) data, TAC 220%, max GCR"
COPYRIGHT = "Built with ArgyllCMS from FOGRA29L.ti3 (icc-profiles-free, Zlib)"
# colprof: medium quality, maximum black, total ink 220 %, black ink up to 100 %, and a
# perceptual table mapped from sRGB's gamut (so sRGB black lands on the paper's black).
COLPROF = ["colprof", "-qm", "-kx", "-l220", "-L100", "-S", str(SOURCE_GAMUT),
           "-A", "newspaper-layout", "-D", DESCRIPTION, "-C", COPYRIGHT]
GRID = 33
FULL, NONE = 4.0, 12.0   # chroma at which neutrals go wholly / not at all to black's hue


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copy(DATA, work / "FOGRA29L.ti3")
        run(COLPROF + ["-O", "first.icc", "FOGRA29L"], work)
        black = black_hue(work / "first.icc")
        write_abstract(work / "neutral-to-black.icc", black)
        run(COLPROF + ["-p", "neutral-to-black.icc", "-O", "final.icc", "FOGRA29L"], work)
        shutil.copy(work / "final.icc", TARGET)
    print(f"wrote {TARGET}")


def run(command: list[str], cwd: Path) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed: {result.stderr or result.stdout}")
    return result.stdout


def black_hue(profile: Path) -> list[tuple[float, float, float]]:
    """Relative Lab of black ink alone, K 0 to 100 % in steps of 5 %, lightest first."""
    steps = "".join(f"0 0 0 {k / 100}\n" for k in range(0, 101, 5))
    result = subprocess.run(["xicclu", "-v0", "-ff", "-ir", "-pl", str(profile)],
                            input=steps, capture_output=True, text=True, check=True)
    rows = [line.split() for line in result.stdout.splitlines() if line.strip()]
    return [(float(row[0]), float(row[1]), float(row[2])) for row in rows]


def shift_at(lightness: float, black: list[tuple[float, float, float]]) -> tuple[float, float]:
    """a*, b* of black ink alone at `lightness`, interpolated; held at the ends."""
    if lightness >= black[0][0]:
        return black[0][1], black[0][2]
    for (l0, a0, b0), (l1, a1, b1) in pairwise(black):
        if l1 <= lightness <= l0:
            t = (l0 - lightness) / (l0 - l1)
            return a0 + t * (a1 - a0), b0 + t * (b1 - b0)
    return black[-1][1], black[-1][2]


def write_abstract(path: Path, black: list[tuple[float, float, float]]) -> None:
    """An ICC v2 abstract profile (Lab to Lab, one 33-point mft2 table) moving near-neutral
    colours to the hue of black ink alone."""
    clut = bytearray()
    for i in range(GRID):
        lightness = i * 65535 / (GRID - 1) / 65280 * 100
        da, db = shift_at(lightness, black)
        for j in range(GRID):
            a = j * 65535 / (GRID - 1) / 256 - 128
            for k in range(GRID):
                b = k * 65535 / (GRID - 1) / 256 - 128
                chroma = (a * a + b * b) ** 0.5
                weight = min(max((NONE - chroma) / (NONE - FULL), 0.0), 1.0)
                out = (lightness * 652.8, (a + weight * da + 128) * 256,
                       (b + weight * db + 128) * 256)
                clut += struct.pack(">3H", *(min(max(round(v), 0), 65535) for v in out))
    identity = [65536, 0, 0, 0, 65536, 0, 0, 0, 65536]
    curve = struct.pack(">2H", 0, 65535)
    mft2 = (b"mft2" + bytes(4) + struct.pack(">BBBx", 3, 3, GRID)
            + struct.pack(">9i", *identity) + struct.pack(">HH", 2, 2)
            + curve * 3 + bytes(clut) + curve * 3)
    tags = [(b"desc", description("Neutrals to the hue of black ink")),
            (b"cprt", b"text" + bytes(4) + b"No copyright, use freely\0"),
            (b"wtpt", b"XYZ " + bytes(4) + struct.pack(">3i", 63190, 65536, 54061)),
            (b"A2B0", mft2)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = struct.pack(">I", len(tags)), b""
    for signature, data in tags:
        data += bytes(-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"argl" + bytes([2, 0x20, 0, 0]) + b"abstLab Lab "
              + struct.pack(">6H", 2024, 1, 1, 0, 0, 0) + b"acsp" + bytes(24)
              + struct.pack(">I", 0) + struct.pack(">3i", 63190, 65536, 54061) + b"argl")
    path.write_bytes(header + bytes(128 - len(header)) + table + body)


def description(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (b"desc" + bytes(4) + struct.pack(">I", len(ascii_text)) + ascii_text
            + struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + bytes(67))


if __name__ == "__main__":
    main()
