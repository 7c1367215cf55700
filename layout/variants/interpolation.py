"""Images drawn as they are, without /Interpolate.

WeasyPrint marks every image whose CSS `image-rendering` is `auto` with `/Interpolate
true`, asking the viewer or RIP to smooth it. PDF/A-2 and -3 forbid that (ISO 19005-2,
6.2.8.1), and a plate has no use for it: its photos are prepared at the resolution they
print at. The archive and print variants take the key out of every image; the proof keeps
it, for smoother photos on screen.
"""

from __future__ import annotations

import io

import pikepdf

INTERPOLATE = pikepdf.Name("/Interpolate")


def remove_interpolation(pdf: pikepdf.Pdf) -> int:
    """Take /Interpolate out of every image of `pdf` (soft masks included); the number of
    images that had it."""
    count = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image" \
                and INTERPOLATE in obj:
            del obj[INTERPOLATE]
            count += 1
    return count


def without_interpolation(data: bytes) -> bytes:
    """The PDF `data` with no image asking to be interpolated (the same bytes for the same
    input: the document ID is derived from the content)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if not remove_interpolation(pdf):
            return data
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()
