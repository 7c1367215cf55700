"""Preflight: what a printing plant checks before a PDF goes to plate, for any PDF.

A file that cannot be read at all (empty, not a PDF, damaged or cut short, encrypted with
a password) raises UnreadablePdfError saying which and what to do. Errors (the file would
be sent back): encrypted, no pages, not PDF/X, no CMYK output intent, a font not
embedded, RGB or Lab colour anywhere, no TrimBox, an image under the minimum effective
resolution, a total ink above the limit (measured on a CMYK rendering by Ghostscript, the
maximum over pixels), black text printed in four colours; read strictly (strict_pdfx), a
PDF/X-1a with an OpenType font program or a Lab, ICC-based or RGB colour space in any
resource, used or not, and a PDF/X-4 without GTS_PDFXVersion in Info. Warnings: fonts not
subset, a bleed under 3 mm, text under 6 pt inside the trim. Every finding names the page
and the object.

A finding keeps its words as message ids and values (`Phrase`): `--json` and the code that
reads findings get the English, and the finding shown to a person is in their language.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy
import pdfplumber
import pikepdf
from PIL import Image

from layout.errors import RenderError, UnreadablePdfError
from layout.i18n import N_, _, ngettext
from layout.manifest.schema import INK_LIMIT, MIN_PHOTO_PPI
from layout.model import PT_PER_MM

RGB_SPACES = {"/DeviceRGB", "/CalRGB", "/Lab"}
TAC_DPI = 72


@dataclass(frozen=True)
class Phrase:
    """Words for a person, kept as their message id and the values of its placeholders:
    `english()` for the JSON report and for code, `shown()` in the user's language. A value
    may be a Phrase itself."""

    singular: str
    values: tuple[tuple[str, object], ...] = ()
    plural: str | None = None   # with `count`: the words for a number of things
    count: int = 0

    @classmethod
    def ngettext(cls, singular: str, plural: str, n: int, **values: object) -> Phrase:
        """The words for `n` things (named `ngettext` so that the catalogue's extraction
        finds both forms)."""
        return cls(singular, tuple(values.items()), plural, n)

    def english(self) -> str:
        text = self.singular if self.plural is None or self.count == 1 else self.plural
        return text.format(**{name: value.english() if isinstance(value, Phrase) else value
                              for name, value in self.values})

    def shown(self) -> str:
        text = _(self.singular) if self.plural is None else \
            ngettext(self.singular, self.plural, self.count)
        return text.format(**{name: value.shown() if isinstance(value, Phrase) else value
                              for name, value in self.values})


def said(message: str, **values: object) -> Phrase:
    """`message` (marked with N_) and its values, translated when shown."""
    return Phrase(message, tuple(values.items()))


# A finding as a person reads it, by severity and whether it is on a page.
_LINES = {("error", True): N_("error: page {page}: {subject}: {message}"),
          ("error", False): N_("error: document: {subject}: {message}"),
          ("warning", True): N_("warning: page {page}: {subject}: {message}"),
          ("warning", False): N_("warning: document: {subject}: {message}")}


@dataclass(frozen=True)
class Finding:
    severity: Literal["error", "warning"]
    page: int | None
    what: Phrase     # the object: a font, an image, the output intent
    problem: Phrase  # what is wrong with it

    @property
    def subject(self) -> str:
        return self.what.english()

    @property
    def message(self) -> str:
        return self.problem.english()

    def as_dict(self) -> dict:
        """The finding as data, in English whatever the user's language."""
        return {"severity": self.severity, "page": self.page, "subject": self.subject,
                "message": self.message}

    def __str__(self) -> str:
        return _(_LINES[self.severity, bool(self.page)]).format(
            page=self.page, subject=self.what.shown(), message=self.problem.shown())


@dataclass
class PreflightReport:
    path: Path
    findings: list[Finding]
    max_ink: dict[int, float]     # page -> maximum total ink, %

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def passed(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"file": str(self.path), "passed": self.passed,
                "max_ink": {str(k): round(v, 1) for k, v in self.max_ink.items()},
                "findings": [f.as_dict() for f in self.findings]}


def preflight(path: Path, ink_limit: float = INK_LIMIT, min_ppi: float = MIN_PHOTO_PPI,
              min_text: float = 6.0) -> PreflightReport:
    from layout.pdfcheck.pdfa import pdfa_findings  # it builds on Finding, defined here

    with open_pdf(path) as pdf:
        findings, pages = _structure(pdf, path), len(pdf.pages)
        findings += pdfa_findings(pdf)
    if not pages:
        findings.append(Finding("error", None, said(N_("pages")),
                                said(N_("the file has no pages"))))
        return PreflightReport(path, findings, {})
    findings += _images(path, min_ppi)
    findings += _text(path, min_text)
    max_ink = _max_ink(path)
    findings += [Finding("error", page, said(N_("ink")),
                         # "% exceeds" would read as a %-format to the catalogue's tools
                         said(N_("maximum total ink {ink:.0f} %, over the limit of "
                                 "{limit:.0f} %"), ink=ink, limit=ink_limit))
                 for page, ink in max_ink.items() if ink > ink_limit + 0.5]
    return PreflightReport(path, findings, max_ink)


# --------------------------------------------------------------------------- document


def open_pdf(path: Path) -> pikepdf.Pdf:
    """`path` opened as it stands, never repaired: a PDF that qpdf would have to rebuild
    is damaged or cut short, and is refused with UnreadablePdfError as any other that
    cannot be read."""
    try:
        with path.open("rb") as file:
            head = file.read(1024)
    except OSError as error:
        raise UnreadablePdfError(_("{path}: cannot be read ({reason})").format(
            path=path, reason=error.strerror)) from error
    if not head:
        raise UnreadablePdfError(_("{path}: the file is empty: ask for the file again")
                                 .format(path=path))
    if b"%PDF-" not in head:
        raise UnreadablePdfError(_("{path}: not a PDF (it does not begin with %PDF-): check "
                                   "that it is the file meant, or ask for a PDF")
                                 .format(path=path))
    try:
        return pikepdf.open(path, attempt_recovery=False)
    except pikepdf.PasswordError as error:
        raise UnreadablePdfError(_("{path}: encrypted with a password: ask for an "
                                   "unencrypted copy (PDF/X does not allow encryption)")
                                 .format(path=path)) from error
    except pikepdf.PdfError as error:
        raise _damaged(path, error) from error


def _damaged(path: Path, error: pikepdf.PdfError) -> UnreadablePdfError:
    reason = str(error).removeprefix(f"{path}: ")
    return UnreadablePdfError(_("{path}: damaged or cut short ({reason}): ask for the file "
                                "again, sent whole").format(path=path, reason=reason))


def _structure(pdf: pikepdf.Pdf, path: Path) -> list[Finding]:
    """What pikepdf reads from the file: the standard, and every page's boxes, fonts and
    colour spaces."""
    try:
        findings = _standard(pdf)
        for number, page in enumerate(pdf.pages, start=1):
            findings += _boxes(page, number) + _fonts(page, number)
            findings += _colour_spaces(page, number)
        findings += strict_pdfx(pdf)
    except pikepdf.PdfError as error:
        raise _damaged(path, error) from error
    return findings


def _standard(pdf: pikepdf.Pdf) -> list[Finding]:
    findings = []
    if pdf.is_encrypted:
        findings.append(Finding("error", None, said(N_("encryption")),
                                said(N_("encrypted, which PDF/X does not allow: ask for an "
                                        "unencrypted copy"))))
    version = _pdfx_version(pdf)
    if not version:
        findings.append(Finding("error", None, said(N_("standard")),
                                said(N_("not a PDF/X file"))))
    intents = pdf.Root.get("/OutputIntents") or []
    profiles = [i.get("/DestOutputProfile") for i in intents if i.get("/S") == "/GTS_PDFX"]
    if not profiles or profiles[0] is None:
        findings.append(Finding("error", None, said(N_("output intent")),
                                said(N_("no PDF/X output intent"))))
    elif int(profiles[0].get("/N", 0)) != 4:
        findings.append(Finding("error", None, said(N_("output intent")),
                                said(N_("the output profile is not CMYK"))))
    return findings


def _pdfx_version(pdf: pikepdf.Pdf) -> str | None:
    info = pdf.trailer.get("/Info")
    if info is not None and "/GTS_PDFXVersion" in info:
        return str(info.GTS_PDFXVersion)
    try:
        meta = pdf.open_metadata()
    except Exception:  # noqa: BLE001 - broken XMP is the same as none
        return None
    return meta.get("pdfxid:GTS_PDFXVersion") or meta.get("pdfx:GTS_PDFXVersion")


def _boxes(page: pikepdf.Page, number: int) -> list[Finding]:
    if "/TrimBox" not in page.obj:
        return [Finding("error", number, said(N_("TrimBox")), said(N_("missing")))]
    if "/BleedBox" not in page.obj:
        return [Finding("warning", number, said(N_("BleedBox")), said(N_("missing")))]
    trim = [float(v) for v in page.obj.TrimBox]
    bleed = [float(v) for v in page.obj.BleedBox]
    margins = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
    if min(margins) < 3 * PT_PER_MM - 0.1:
        return [Finding("warning", number, said(N_("BleedBox")),
                        said(N_("bleed of {bleed:.1f} mm, under 3 mm"),
                             bleed=min(margins) / PT_PER_MM))]
    return []


# --------------------------------------------------------------------------- fonts


def _fonts(page: pikepdf.Page, number: int) -> list[Finding]:
    findings = []
    for name, font in _resources_of(page.obj, "/Font"):
        base = str(font.get("/BaseFont", name))
        descriptor = _descriptor(font)
        if descriptor is None or not any(k in descriptor for k in
                                         ("/FontFile", "/FontFile2", "/FontFile3")):
            findings.append(Finding("error", number, said(N_("font {name}"), name=base),
                                    said(N_("not embedded"))))
        elif not re.match(r"^/?[A-Z]{6}\+", base):
            findings.append(Finding("warning", number, said(N_("font {name}"), name=base),
                                    said(N_("embedded but not subset"))))
    return findings


def _descriptor(font: pikepdf.Object) -> pikepdf.Object | None:
    if "/DescendantFonts" in font:
        font = font.DescendantFonts[0]
    return font.get("/FontDescriptor")


def _resources_of(obj: pikepdf.Object, kind: str,
                  seen: set | None = None) -> Iterator[tuple[str, pikepdf.Object]]:
    """Every resource of `kind` used by a page or its form XObjects."""
    seen = seen if seen is not None else set()
    resources = obj.get("/Resources")
    if resources is None:
        return
    yield from (resources.get(kind) or {}).items()
    for _name, xobject in (resources.get("/XObject") or {}).items():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _resources_of(xobject, kind, seen)


# --------------------------------------------------------------------------- colour


def _colour_spaces(page: pikepdf.Page, number: int) -> list[Finding]:
    findings = []
    for name, image in _resources_of(page.obj, "/XObject"):
        if image.get("/Subtype") == "/Image" and _is_rgb(image.get("/ColorSpace")):
            findings.append(Finding("error", number, said(N_("image {name}"), name=name),
                                    said(N_("RGB or Lab colour"))))
    spaces = dict(_resources_of(page.obj, "/ColorSpace"))
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("rg", "RG"):
            findings.append(Finding("error", number, said(N_("content")),
                                    said(N_("RGB colour ({operator})"), operator=op)))
            break
        if op in ("cs", "CS") and operands:
            space = str(operands[0])
            if space in RGB_SPACES or _is_rgb(spaces.get(space)):
                findings.append(Finding("error", number, said(N_("content")),
                                        said(N_("colour space {space} is RGB or Lab"),
                                             space=space)))
                break
    return findings


def _is_rgb(space: pikepdf.Object | None) -> bool:
    if space is None:
        return False
    if isinstance(space, pikepdf.Name):
        return str(space) in RGB_SPACES
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])
        if family == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
        if family == "/Indexed":
            return _is_rgb(space[1])
        return family in RGB_SPACES
    return False


# --------------------------------------------------------------------------- strict PDF/X

# Colour space families PDF/X-1a (CMYK and spot colour only) allows in no resource, used or
# not: a strict checker reads the resources, not only what the content draws with.
X1A_FORBIDDEN = {"/DeviceRGB", "/CalRGB", "/CalGray", "/Lab", "/ICCBased"}


def strict_pdfx(pdf: pikepdf.Pdf) -> list[Finding]:
    """What a strict reading of the file's PDF/X version rejects beyond the checks above:
    in PDF/X-1a (PDF 1.4), an OpenType font program (PDF 1.6) or a Lab, ICC-based or RGB
    colour space in any page's or form's resources; in PDF/X-4, GTS_PDFXVersion missing
    from Info; in any, Info and XMP naming different versions."""
    info, xmp = _declared_pdfx(pdf)
    findings = []
    if info and xmp and info != xmp:
        findings.append(Finding("error", None, said(N_("standard")),
                                said(N_("GTS_PDFXVersion is {info} in Info but {xmp} in XMP"),
                                     info=info, xmp=xmp)))
    if xmp.startswith("PDF/X-4") and not info:
        findings.append(Finding("error", None, said(N_("standard")),
                                said(N_("{version} in XMP, but no GTS_PDFXVersion in the Info "
                                        "dictionary: readers of Info (pdfinfo, many RIPs) do "
                                        "not see PDF/X"), version=xmp)))
    if (info or xmp).startswith("PDF/X-1"):
        for number, page in enumerate(pdf.pages, start=1):
            findings += _x1a_fonts(page, number) + _x1a_colour_spaces(page, number)
    return findings


def _declared_pdfx(pdf: pikepdf.Pdf) -> tuple[str, str]:
    """GTS_PDFXVersion as Info and as XMP give it ("" where missing)."""
    info = pdf.trailer.get("/Info")
    in_info = str(info.GTS_PDFXVersion) if info is not None and "/GTS_PDFXVersion" in info \
        else ""
    try:
        meta = pdf.open_metadata()
        in_xmp = meta.get("pdfxid:GTS_PDFXVersion") or meta.get("pdfx:GTS_PDFXVersion") or ""
    except Exception:  # noqa: BLE001 - broken XMP is the same as none
        in_xmp = ""
    return in_info, str(in_xmp)


def _x1a_fonts(page: pikepdf.Page, number: int) -> list[Finding]:
    findings = []
    for name, font in _resources_of(page.obj, "/Font"):
        descriptor = _descriptor(font)
        program = descriptor.get("/FontFile3") if descriptor is not None else None
        if program is not None and program.get("/Subtype") == "/OpenType":
            findings.append(Finding(
                "error", number, said(N_("font {name}"), name=str(font.get("/BaseFont", name))),
                said(N_("embedded as an OpenType program (FontFile3 /OpenType, PDF 1.6), which "
                        "PDF/X-1a (PDF 1.4) does not allow: embed its CFF as /CIDFontType0C "
                        "or /Type1C"))))
    return findings


def _x1a_colour_spaces(page: pikepdf.Page, number: int) -> list[Finding]:
    """Every Lab, ICC-based, calibrated or RGB colour space in the resources of the page and
    its forms: colour spaces, images (those the colour check has not named already) and
    shadings."""
    findings = []
    for name, space in _resources_of(page.obj, "/ColorSpace"):
        if family := _x1a_forbidden(space):
            findings.append(Finding("error", number, said(N_("colour space {name}"), name=name),
                                    said(N_("{family} in the resources (used or not), which "
                                            "PDF/X-1a does not allow"), family=family)))
    for name, xobject in _resources_of(page.obj, "/XObject"):
        space = xobject.get("/ColorSpace")
        if xobject.get("/Subtype") == "/Image" and not _is_rgb(space) \
                and (family := _x1a_forbidden(space)):
            findings.append(Finding("error", number, said(N_("image {name}"), name=name),
                                    said(N_("{family} colour, which PDF/X-1a does not allow"),
                                         family=family)))
    for name, shading in _resources_of(page.obj, "/Shading"):
        if family := _x1a_forbidden(shading.get("/ColorSpace")):
            findings.append(Finding("error", number, said(N_("shading {name}"), name=name),
                                    said(N_("{family} colour, which PDF/X-1a does not allow"),
                                         family=family)))
    return findings


def _x1a_forbidden(space: pikepdf.Object | None) -> str | None:
    """The family of `space` (or of the base or alternate space it is built on) that
    PDF/X-1a does not allow, if any."""
    if isinstance(space, pikepdf.Name):
        return str(space) if str(space) in X1A_FORBIDDEN else None
    if not isinstance(space, pikepdf.Array) or not len(space):
        return None
    family = str(space[0])
    if family in X1A_FORBIDDEN:
        return family
    inner = {"/Indexed": 1, "/Pattern": 1, "/Separation": 2, "/DeviceN": 2}.get(family)
    return _x1a_forbidden(space[inner]) if inner and len(space) > inner else None


# --------------------------------------------------------------------------- images


def _images(path: Path, min_ppi: float) -> list[Finding]:
    """Effective resolution of every image as placed, from Poppler's pdfimages -list."""
    listing = _run(["pdfimages", "-list", str(path)]).splitlines()[2:]
    findings = []
    for line in listing:
        fields = line.split()
        page, width, height, colour = int(fields[0]), fields[3], fields[4], fields[5]
        obj, ppi = f"{fields[10]} {fields[11]}", min(float(fields[12]), float(fields[13]))
        subject = said(N_("image {object} ({width}x{height} px, {colour})"), object=obj,
                       width=width, height=height, colour=colour)
        if ppi < min_ppi:
            findings.append(Finding("error", page, subject,
                                    said(N_("{ppi:.0f} ppi at placed size, under {min:.0f}"),
                                         ppi=ppi, min=min_ppi)))
        if colour not in ("cmyk", "gray", "sep", "devn"):
            findings.append(Finding("error", page, subject,
                                    said(N_("{colour} image"), colour=colour)))
    return findings


# --------------------------------------------------------------------------- text


def _text(path: Path, min_text: float) -> list[Finding]:
    """Rich black and small text inside the trim, from every character's colour and size."""
    findings = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            trim = page.trimbox if hasattr(page, "trimbox") else page.bbox
            chars = page.within_bbox(trim).chars if trim else page.chars
            findings += _rich_black(chars, number) + _small(chars, number, min_text)
    return findings


def _rich_black(chars: list[dict], number: int) -> list[Finding]:
    for char in chars:
        colour = char.get("non_stroking_color")
        if isinstance(colour, (tuple, list)) and len(colour) == 4:
            c, m, y, k = (float(v) for v in colour)
            if k > 0.5 and c + m + y > 0.05:
                return [Finding("error", number, said(N_("text “{text}”"), text=char["text"]),
                                said(N_("black in four colours (C{c:.0%} M{m:.0%} Y{y:.0%} "
                                        "K{k:.0%})"), c=c, m=m, y=y, k=k))]
    return []


def _small(chars: list[dict], number: int, min_text: float) -> list[Finding]:
    small = [c for c in chars if c["text"].strip() and c["size"] < min_text - 0.01]
    if not small:
        return []
    sizes = sorted({round(c["size"], 1) for c in small})
    sample = "".join(c["text"] for c in small[:12])
    return [Finding("warning", number, said(N_("text “{text}”"), text=sample),
                    Phrase.ngettext("{count} character under {size} pt ({sizes})",
                                    "{count} characters under {size} pt ({sizes})", len(small),
                                    count=len(small), size=min_text,
                                    sizes=", ".join(map(str, sizes))))]


# --------------------------------------------------------------------------- ink


def _max_ink(path: Path) -> dict[int, float]:
    """Each page's trim rendered to CMYK by Ghostscript; the highest C+M+Y+K of any pixel."""
    with tempfile.TemporaryDirectory() as folder:
        pattern = Path(folder) / "page-%03d.tif"
        # Inside the trim only: crop marks outside it are meant to carry every ink.
        _run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dUseTrimBox",
              "-sDEVICE=tiff32nc", f"-r{TAC_DPI}", f"-sOutputFile={pattern}", str(path)])
        inks = {}
        for tiff in sorted(Path(folder).glob("page-*.tif")):
            with Image.open(tiff) as image:
                pixels = numpy.asarray(image.convert("CMYK"), dtype=numpy.uint16)
            inks[int(tiff.stem.split("-")[1])] = float(pixels.sum(axis=2).max()) / 255 * 100
    return inks


def _run(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise RenderError(_("{program} is missing; install poppler-utils and ghostscript")
                          .format(program=command[0])) from error
    if result.returncode != 0:
        raise RenderError(_("{program} failed: {reason}").format(
            program=command[0], reason=result.stderr.strip()[:300]))
    return result.stdout
