"""Finishing a print PDF where WeasyPrint leaves off: bleed box and overprinting text.

WeasyPrint puts the PDF BleedBox up to 10 pt outside the trim; a plant expects it 3 mm
out, the marks area beyond it. Black text must overprint (a hairline of misregister must
not show paper white around it); the PDF writer has no setting for that, so each text
object is wrapped in a graphics state that overprints (OPM 1: only the inks it uses).
"""

from __future__ import annotations

import io
from decimal import Decimal

import pikepdf
from pikepdf import Dictionary, Name, Operator

BLEED = 3.0  # mm
PT_PER_MM = 72 / 25.4
OVERPRINT, KNOCKOUT = Name("/NPOverprint"), Name("/NPKnockout")


def finish_plates(pdf: bytes, pdf_version: str, document_id: str) -> bytes:
    """`pdf` with its bleed boxes, overprinting black text, and an XMP document ID made from
    `document_id` (WeasyPrint writes a random one for PDF/X-4)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            _set_bleed_box(page)
            _overprint_text(document, page)
        if "/Metadata" in document.Root:
            with document.open_metadata(set_pikepdf_as_editor=False,
                                        update_docinfo=False) as meta:
                if "xmpMM:DocumentID" in meta:
                    meta["xmpMM:DocumentID"] = f"xmp.did:{document_id}"
        out = io.BytesIO()
        document.save(out, deterministic_id=True, force_version=pdf_version,
                      object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def _set_bleed_box(page: pikepdf.Page) -> None:
    x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
    bleed = BLEED * PT_PER_MM
    page.obj.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])


def _overprint_text(document: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Text in black ink alone overprints; any other text (white on a black box, red in
    the masthead) knocks out as usual."""
    if Name.Resources not in page.obj:
        page.obj.Resources = Dictionary()
    resources = page.obj.Resources
    if Name.ExtGState not in resources:
        resources.ExtGState = Dictionary()
    resources.ExtGState[OVERPRINT] = Dictionary(Type=Name.ExtGState, OP=True, op=True, OPM=1)
    resources.ExtGState[KNOCKOUT] = Dictionary(Type=Name.ExtGState, OP=False, op=False)
    instructions = []
    fill, state, saved = None, KNOCKOUT, []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            saved.append((fill, state))
        elif op == "Q" and saved:
            fill, state = saved.pop()
        elif op in ("k", "sc", "scn", "g", "rg"):
            fill = tuple(float(v) for v in operands if isinstance(v, (int, float, Decimal)))
        elif op in SHOW_TEXT:
            wanted = OVERPRINT if _black_ink_only(fill) else KNOCKOUT
            if wanted != state:
                instructions.append(([wanted], Operator("gs")))
                state = wanted
        instructions.append((operands, operator))
    page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))


SHOW_TEXT = {"Tj", "TJ", "'", '"'}


def _black_ink_only(fill: tuple[float, ...] | None) -> bool:
    return fill is not None and len(fill) == 4 and not any(fill[:3]) and fill[3] > 0
