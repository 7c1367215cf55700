"""Output variants as one table: what each gives the PDF writer and which steps follow.

The CLI's --variant choices come from this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from layout.i18n import N_


@dataclass(frozen=True)
class Variant:
    name: str
    description: str
    pdf_variant: str | None     # WeasyPrint's name of the PDF standard, if any
    cmyk: bool                  # device CMYK colours, CMYK photos, a CMYK output intent
    marks: bool                 # bleed, crop marks in registration colour, a slug line
    plates: bool                # one PDF per page named by the paper's plate pattern
    archive: bool = False       # tagged, XMP catalogue metadata, the sources attached
    # What is published besides the PDFs (layout/publish): "library" (ALTO, METS, IIIF),
    # "epaper" (the 数字报 site).
    publish: tuple[str, ...] = ()

    @property
    def pages_alone(self) -> bool:
        """Laid out page by page, each page's layout kept and issue.pdf joined from the
        pages (render/pages.py); the standards of the others finish the whole file."""
        return self.pdf_variant is None

    def folder(self, out_dir: Path) -> Path:
        """Where the variant's files go: the proof in `out_dir`, others in a folder of
        their name inside it."""
        return out_dir if self.name == "proof" else out_dir / self.name


VARIANTS = {variant.name: variant for variant in (
    Variant("proof", N_("RGB proof for the desk and the web"), None, False, False, False),
    Variant("print", N_("PDF/X-1a:2003 plates in CMYK with marks"), "pdf/x-1a",
            True, True, True),
    Variant("print-x4", N_("PDF/X-4 plates in CMYK with marks"), "pdf/x-4",
            True, True, True),
    Variant("archive", N_("PDF/A-3b, tagged, with XMP metadata and the sources attached"),
            "pdf/a-3b", False, False, False, archive=True, publish=("library",)),
    Variant("epaper", N_("e-paper (数字报): a static site of page pictures and article pages, "
                         "with ALTO, METS and IIIF"), None, False, False, False,
            publish=("library", "epaper")),
)}
