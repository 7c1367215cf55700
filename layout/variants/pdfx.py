"""Finishing a print PDF where WeasyPrint leaves off, for a strict reading of PDF/X.

- Bleed box: WeasyPrint puts the PDF BleedBox up to 10 pt outside the trim; a plant expects
  it 3 mm out, the marks area beyond it.
- Overprint: black text and solid black rules and boxes must overprint (a hairline of
  misregister must not show paper white around them); the PDF writer has no setting for
  that, so each text object and path in black ink alone is wrapped in a graphics state
  that overprints (OPM 1: only the inks it uses).
- Colour spaces: WeasyPrint defines two Lab and one ICC-based colour space on every page
  whether used or not; strict PDF/X-1a checks reject any in a resource, so those nothing
  uses are removed.
- Fonts: PDF/X-1a is PDF 1.4, where CFF is embedded bare (FontFile3 /CIDFontType0C or
  /Type1C); WeasyPrint embeds the whole OpenType program (/OpenType, PDF 1.6), each glyph
  keeping its id, so a CJK subset of a few hundred glyphs holds some 60,000 empty ones;
  Ghostscript's PDF interpreter took 0.4 to 1 s to load each such font (2.7 s a plate,
  where the drawing takes 0.1 s). Each is made bare and cut to the glyphs shown
  (variants/fonts.py): the plate prints the same and is half the size.
- Identification: PDF/X-4 carries GTS_PDFXVersion in Info as well as in XMP, and the XMP
  rendition class `default`; the output intent names the output condition of its profile.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal

import pikepdf
from pikepdf import Dictionary, Name, Operator
from PIL import ImageCms

from layout.errors import RenderError
from layout.i18n import _
from layout.model import BLEED, PT_PER_MM
from layout.variants.fonts import embed_bare_font_programs, glyphs_by_program

OVERPRINT, KNOCKOUT = Name("/NPOverprint"), Name("/NPKnockout")


def finish_plates(pdf: bytes, pdf_version: str, document_id: str) -> bytes:
    """`pdf` with its bleed boxes, overprinting black, no unused colour spaces, fonts
    embedded as PDF `pdf_version` allows, its output condition named, identified as its
    PDF/X version requires, and an XMP document ID made from `document_id` (WeasyPrint
    writes a random one for PDF/X-4)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            _set_bleed_box(page)
            _overprint_black(document, page)
        drop_unused_colour_spaces(document)
        if pdf_version < "1.6":
            embed_bare_font_programs(document, glyphs_by_program(document))
        _name_output_condition(document)
        _identify(document, document_id)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, force_version=pdf_version,
                      object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def _set_bleed_box(page: pikepdf.Page) -> None:
    x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
    bleed = BLEED * PT_PER_MM
    page.obj.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])


# --------------------------------------------------------------------------- overprint


SHOW_TEXT = {"Tj", "TJ", "'", '"'}
FILL_COLOUR, STROKE_COLOUR = {"k", "sc", "scn", "g", "rg"}, {"K", "SC", "SCN", "G", "RG"}
PATH = {"m", "l", "c", "v", "y", "h", "re"}
# Painting operators, and whether each fills and strokes.
PAINT = {"f": (True, False), "F": (True, False), "f*": (True, False),
         "S": (False, True), "s": (False, True), "B": (True, True), "B*": (True, True),
         "b": (True, True), "b*": (True, True)}


def _overprint_black(document: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Text in black ink alone overprints, and so do paths (rules, box borders, bars)
    filled or stroked in solid black ink alone; anything else (white text on a black box,
    red in the masthead, crop marks in registration colour) knocks out as usual."""
    if Name.Resources not in page.obj:
        page.obj.Resources = Dictionary()
    resources = page.obj.Resources
    if Name.ExtGState not in resources:
        resources.ExtGState = Dictionary()
    resources.ExtGState[OVERPRINT] = Dictionary(Type=Name.ExtGState, OP=True, op=True, OPM=1)
    resources.ExtGState[KNOCKOUT] = Dictionary(Type=Name.ExtGState, OP=False, op=False)
    instructions: list[tuple[list, Operator]] = []
    fill: tuple[float, ...] | None = None
    stroke: tuple[float, ...] | None = None
    saved: list[tuple[tuple[float, ...] | None, tuple[float, ...] | None, Name]] = []
    state, path_start = KNOCKOUT, None

    def set_state(wanted: Name, at: int) -> None:
        nonlocal state
        if wanted != state:
            instructions.insert(at, ([wanted], Operator("gs")))
            state = wanted

    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            saved.append((fill, stroke, state))
        elif op == "Q" and saved:
            fill, stroke, state = saved.pop()
        elif op in FILL_COLOUR:
            fill = _numbers(operands)
        elif op in STROKE_COLOUR:
            stroke = _numbers(operands)
        elif op in SHOW_TEXT:
            set_state(OVERPRINT if _black_ink_only(fill) else KNOCKOUT, len(instructions))
        elif op in PATH and path_start is None:
            path_start = len(instructions)
        elif op in PAINT and path_start is not None:
            fills, strokes = PAINT[op]
            black = ((not fills or _solid_black(fill)) and (not strokes or _solid_black(stroke)))
            set_state(OVERPRINT if black else KNOCKOUT, path_start)
        if op not in PATH and op not in ("W", "W*"):
            path_start = None
        instructions.append((operands, operator))
    page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))


def _numbers(operands: list) -> tuple[float, ...]:
    return tuple(float(v) for v in operands if isinstance(v, (int, float, Decimal)))


def _black_ink_only(colour: tuple[float, ...] | None) -> bool:
    return colour is not None and len(colour) == 4 and not any(colour[:3]) and colour[3] > 0


def _solid_black(colour: tuple[float, ...] | None) -> bool:
    return _black_ink_only(colour) and colour is not None and colour[3] >= 0.999


# --------------------------------------------------------------------------- colour spaces


def drop_unused_colour_spaces(document: pikepdf.Pdf) -> None:
    """Remove from every /ColorSpace resource dictionary (of pages, and of the form
    XObjects and patterns they draw) the entries no content stream names; a dictionary
    shared by several pages keeps what any of them uses."""
    used: dict[tuple, set[str]] = {}
    owners: dict[tuple, pikepdf.Object] = {}
    seen: set[tuple[int, int]] = set()
    for page in document.pages:
        _collect_colour_spaces(page.obj, None, used, owners, seen)
    for key, resources in owners.items():
        spaces = resources.ColorSpace
        for name in [n for n in spaces if n not in used[key]]:
            del spaces[name]
        if not len(spaces):
            del resources.ColorSpace


def _collect_colour_spaces(holder: pikepdf.Object, inherited: tuple | None,
                           used: dict[tuple, set[str]], owners: dict[tuple, pikepdf.Object],
                           seen: set[tuple[int, int]]) -> None:
    """Note the colour space names `holder`'s content uses against the resources that
    define them (its own, or `inherited` from the page when it has none), then go into
    the forms and patterns it draws."""
    resources = holder.get("/Resources")
    key = inherited
    if resources is not None:
        key = (resources.objgen if resources.is_indirect else holder.objgen)
        if "/ColorSpace" in resources:
            owners[key] = resources
    names = used.setdefault(key, set()) if key is not None else set()
    names.update(_colour_space_names(holder))
    children = []
    if resources is not None:
        children += [x for _, x in (resources.get("/XObject") or {}).items()
                     if x.get("/Subtype") == "/Form"]
        children += [p for _, p in (resources.get("/Pattern") or {}).items()
                     if isinstance(p, pikepdf.Stream)]
    for child in children:
        if child.objgen not in seen:
            seen.add(child.objgen)
            _collect_colour_spaces(child, key, used, owners, seen)


def _colour_space_names(holder: pikepdf.Object) -> Iterator[str]:
    for operands, operator in pikepdf.parse_content_stream(holder):
        op = str(operator)
        if op in ("cs", "CS") and operands:
            yield str(operands[0])
        elif op == "INLINE IMAGE":
            image = operands[0].obj
            space = image.get("/CS", image.get("/ColorSpace"))
            if isinstance(space, pikepdf.Name):
                yield str(space)


# --------------------------------------------------------------------------- identification


# Characterization data registered with the ICC (www.color.org), by names a profile's
# description gives them: the output intent names the condition, else "Custom".
REGISTERED_CONDITIONS = {"IFRA26": "IFRA26", "ISOnewspaper26": "IFRA26",
                         "WAN-IFRAnewspaper26": "IFRA26", "IFRA30": "IFRA30",
                         "ISOnewspaper30": "IFRA30", "FOGRA29": "FOGRA29",
                         "FOGRA39": "FOGRA39", "FOGRA47": "FOGRA47"}
ICC_REGISTRY = "http://www.color.org"


def output_condition(description: str) -> tuple[str, str | None]:
    """The OutputConditionIdentifier for a profile described as `description`, and the
    registry the identifier is from (None for "Custom")."""
    for name, identifier in REGISTERED_CONDITIONS.items():
        if name.lower() in description.lower():
            return identifier, ICC_REGISTRY
    return "Custom", None


def _name_output_condition(document: pikepdf.Pdf) -> None:
    """The PDF/X output intent names its condition: a registered characterization the
    profile is made for, with the profile's own description as the condition and info."""
    for intent in document.Root.get("/OutputIntents") or []:
        profile = intent.get("/DestOutputProfile")
        if intent.get("/S") != "/GTS_PDFX" or profile is None:
            continue
        description = _profile_description(profile.read_bytes())
        identifier, registry = output_condition(description)
        intent.OutputConditionIdentifier = pikepdf.String(identifier)
        intent.OutputCondition = pikepdf.String(description)
        intent.Info = pikepdf.String(description)
        if registry:
            intent.RegistryName = pikepdf.String(registry)


def _profile_description(data: bytes) -> str:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ImageCms.PyCMSError) as error:
        raise RenderError(_("the output profile cannot be read: {reason}").format(
            reason=error)) from error
    return (profile.profile.profile_description or "").strip() or "CMYK output profile"


def _identify(document: pikepdf.Pdf, document_id: str) -> None:
    """XMP document ID from the build; for PDF/X-4, GTS_PDFXVersion in Info as in XMP, the
    rendition class `default`, and no GTS_PDFXConformance (a key of X-1a and X-3 only)."""
    if "/Metadata" not in document.Root:
        return
    with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        if "xmpMM:DocumentID" in meta:
            meta["xmpMM:DocumentID"] = f"xmp.did:{document_id}"
        version = meta.get("pdfxid:GTS_PDFXVersion")
        if version and version.startswith("PDF/X-4"):
            meta["xmpMM:RenditionClass"] = "default"
            if "pdfx:GTS_PDFXConformance" in meta:
                del meta["pdfx:GTS_PDFXConformance"]
            document.docinfo[Name.GTS_PDFXVersion] = pikepdf.String(version)
