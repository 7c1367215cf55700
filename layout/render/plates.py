"""Finishing a print PDF where WeasyPrint leaves off: bleed box and overprinting text.

WeasyPrint puts the PDF BleedBox up to 10 pt outside the trim; a plant expects it 3 mm
out, the marks area beyond it. Black text must overprint (a hairline of misregister must
not show paper white around it); the PDF writer has no setting for that, so each text
object is wrapped in a graphics state that overprints (OPM 1: only the inks it uses).
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Dictionary, Name, Operator

BLEED = 3.0  # mm
PT_PER_MM = 72 / 25.4
OVERPRINT, KNOCKOUT = Name("/NPOverprint"), Name("/NPKnockout")


def finish_plates(pdf: bytes, pdf_version: str) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            _set_bleed_box(page)
            _overprint_text(document, page)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, force_version=pdf_version,
                      object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def _set_bleed_box(page: pikepdf.Page) -> None:
    x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
    bleed = BLEED * PT_PER_MM
    page.obj.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])


def _overprint_text(document: pikepdf.Pdf, page: pikepdf.Page) -> None:
    if Name.Resources not in page.obj:
        page.obj.Resources = Dictionary()
    resources = page.obj.Resources
    if Name.ExtGState not in resources:
        resources.ExtGState = Dictionary()
    states = resources.ExtGState
    states[OVERPRINT] = Dictionary(Type=Name.ExtGState, OP=True, op=True, OPM=1)
    states[KNOCKOUT] = Dictionary(Type=Name.ExtGState, OP=False, op=False)
    instructions = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if operator == Operator("BT"):
            instructions.append(([OVERPRINT], Operator("gs")))
        instructions.append((operands, operator))
        if operator == Operator("ET"):
            instructions.append(([KNOCKOUT], Operator("gs")))
    page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))
