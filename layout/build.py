"""Building an issue: manifest -> model -> typeset -> frames -> HTML -> PDF -> previews.

`build_issue` is the whole pipeline, top to bottom; each stage is a function of the
package that returns a value.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from layout.manifest.check import check_issue, profile_path
from layout.manifest.load import plate_name, template_folder
from layout.manifest.resources import PaperResources
from layout.model import Issue
from layout.pages.copyfit import copyfit
from layout.pages.engine import Sheet, lay_out_sheets
from layout.project.cache import cache_folder, write_held, writes_held, written_meanwhile
from layout.project.files import RECORD, Stage, atomic_write, staged_output
from layout.project.fonts import (
    FontLock,
    font_face_css,
)
from layout.render.checks import (
    refuse_glyphs_outside_the_lock,
    refuse_overflow,
    refuse_unloaded_fonts,
)
from layout.render.fetcher import Readable
from layout.render.html import (
    FOOT_LAYER,
    HEAD_LAYER,
    Output,
    front_page_index,
    make_environment,
    render_html,
)
from layout.render.page_workers import PageWorkers, page_workers
from layout.render.pages import overflowing, render_pages
from layout.render.pdf import (
    WarningsCollector,
    font_configuration,
    join_pages,
    kept_font_configuration,
    render_document,
    write_page_pdfs,
)
from layout.render.photos import (
    placed_ppi,
    prepare_for_print,
    prepare_for_screen,
    resolution_warning,
)
from layout.render.preview import pages_kept_open, write_preview
from layout.reports.flatplan import flatplan
from layout.reports.record import build_record, write_record
from layout.reports.report import build_report, report_json
from layout.typeset.setter import setter_for
from layout.variants.table import VARIANTS, Variant

if TYPE_CHECKING:
    from weasyprint.document import Document

STEPS = ("check", "typeset", "render", "write", "preview")


Step = Callable[[str], None]


def photo_cache() -> Path:
    """Where photos prepared for print are kept (and the renderer may read them)."""
    return cache_folder() / "photos"


@dataclass(frozen=True)
class BuildResult:
    issue_pdf: Path
    html: Path
    page_pdfs: list[Path]
    previews: list[Path]
    report: Path
    warnings: list[str]
    normalised: int = 0   # punctuation changes made to the sources, listed in the report


@dataclass(frozen=True)
class RenderJob:
    """An issue checked, set and ready for WeasyPrint in one variant."""

    issue: Issue
    resources: PaperResources
    lock: FontLock
    sheets: list[Sheet]
    output: Output
    photo_warnings: list[str]
    readable: Readable

    def html(self, sheets: list[Sheet], layer: str | None = None) -> str:
        """The HTML of `sheets` (all of the issue's, or some pages alone); with a `layer`,
        that part of each page alone (render/html.py: render_html)."""
        env = make_environment(template_folder(self.issue.paper, self.issue.paper_dir))
        return render_html(self.issue, sheets, font_face_css(self.lock), env, self.output,
                           front_page_index(self.sheets), layer)

    def layers(self, sheet: Sheet) -> list[str] | None:
        """The page of `sheet` as HTML layers which, drawn one over the other in order, are
        the page (render/pdf.py: overlay_pages), in the order the page paints them: its
        head, each module, its foot. A page drawn so changes only where its HTML changed.
        None when the paper has an issue template of its own, which decides what a page
        holds and in what order."""
        own = template_folder(self.issue.paper, self.issue.paper_dir)
        if own is not None and (own / "issue.html").exists():
            return None
        parts = [HEAD_LAYER, *(module.id for module in sheet.modules), FOOT_LAYER]
        return [self.html([sheet], part) for part in parts]


def prepare_render(issue_dir: Path, kind: Variant, allow_overflow: bool = False,
                   step: Step = lambda _: None) -> RenderJob:
    """Check, frame, compose and flow the issue; prepare its photos for the variant."""
    step("check")
    issue, resources, lock = check_issue(issue_dir)
    step("typeset")
    return render_job(issue, resources, lock, kind, allow_overflow)


def render_job(issue: Issue, resources: PaperResources, lock: FontLock, kind: Variant,
               allow_overflow: bool = False) -> RenderJob:
    """Frame, compose and flow an issue already checked (or made in memory, as the desk's
    layout suggestions are); prepare its photos for the variant."""
    sheets = lay_out_sheets(issue, setter_for(issue.paper, lock))
    sheets = [replace(sheet, proof=allow_overflow) for sheet in sheets]
    output, photo_warnings = _variant_output(issue, resources, sheets, kind)
    readable = Readable.of(roots=[issue.issue_dir, *resources.assets, photo_cache()],
                           files=lock.files, aliases=output.addresses())
    return RenderJob(issue, resources, lock, sheets, output, photo_warnings, readable)


def build_issue(issue_dir: Path, out_dir: Path, step: Step = lambda _: None,
                allow_overflow: bool = False, variant: str = "proof",
                jobs: int = 1, keep_fonts: bool = False) -> BuildResult:
    """Build the issue's PDFs and previews in one of the VARIANTS. Text that does not fit
    fails the build, unless `allow_overflow` (proof mode): then it is marked in red on the
    page and reported. Up to `jobs` processes lay out pages side by side. `keep_fonts`:
    the process keeps its font configuration for its next build of an issue laid out
    whole (a batch's worker: render/pdf.py, `kept_font_configuration`)."""
    kind = VARIANTS[variant]
    step("check")
    issue, resources, lock = check_issue(issue_dir)
    composed: list[Callable[[], None]] = []   # cache entries, written while pages are laid out
    with page_workers(jobs if kind.pages_alone else 1, lock) as workers:
        step("typeset")
        try:
            with writes_held(composed):
                job = render_job(issue, resources, lock, kind, allow_overflow)
                sheets, html = job.sheets, job.html(job.sheets)
        except BaseException:
            write_held(composed)   # what was composed is kept for the next try
            raise
        step("render")
        with written_meanwhile(composed):
            rendering = (_pages_alone(job, workers) if kind.pages_alone
                         else _whole_issue(job, html, keep_fonts))
    overflow = refuse_overflow(rendering.laid_out, rendering.overflowing, sheets, issue,
                               allow=allow_overflow)
    refuse_unloaded_fonts(rendering.warnings)
    refuse_glyphs_outside_the_lock(rendering.families, rendering.warnings, job.lock, issue)

    step("write")
    notes = rendering.warnings + overflow + job.photo_warnings
    with staged_output(kind.folder(out_dir)) as stage, pages_kept_open(rendering.page_pdfs):
        result = _write_set(stage, job, rendering, html, notes, step)
    return result


@dataclass(frozen=True)
class Rendering:
    """The issue laid out: its PDFs, and what the checks read of the layout."""

    issue_pdf: bytes
    page_pdfs: list[bytes]
    warnings: list[str]           # WeasyPrint's
    overflowing: Counter[str]     # lines outside each frame
    families: set[str]            # font families text was set in
    laid_out: int                 # pages made


def _pages_alone(job: RenderJob, workers: PageWorkers | None) -> Rendering:
    """Each page laid out on its own, once (the proof): issue.pdf joins their PDFs."""
    pages = render_pages([job.html([sheet]) for sheet in job.sheets], job.issue.issue_dir,
                         job.readable, job.lock, workers)
    pdfs = [page.pdf for page in pages]
    return Rendering(join_pages(pdfs), pdfs,
                     [w for page in pages for w in page.layout.warnings], overflowing(pages),
                     {f for page in pages for f in page.layout.families},
                     sum(page.layout.laid_out for page in pages))


def _whole_issue(job: RenderJob, html: str, keep_fonts: bool) -> Rendering:
    """The issue laid out at once (print and archive: their standards finish the whole
    file); each page's PDF written from the same layout, or cut from the archive's file
    (variants/pdfa_pages.py)."""
    from layout.render.overflow import overflowing_lines
    from layout.variants.pdfa_pages import archive_pages

    configuration = (kept_font_configuration(job.lock) if keep_fonts
                     else font_configuration())
    with WarningsCollector() as warnings, configuration as fonts:
        document = render_document(html, job.issue.issue_dir, job.readable, fonts)
        pdf = _pdf(document, job.issue, job.output)
        pages = (archive_pages(pdf, len(document.pages)) if job.output.variant.archive else
                 [_pdf(document.copy([page]), job.issue, job.output) for page in document.pages])
    return Rendering(pdf, pages, warnings.messages, overflowing_lines(document),
                     {font.family for font in document.fonts.values()}, len(document.pages))


def _write_set(stage: Stage, job: RenderJob, rendering: Rendering, html: str,
               notes: list[str], step: Step) -> BuildResult:
    """Every file of the build's output set, written into the staging folder; the result
    names them where they will stand once the set is switched."""
    issue, sheets, output, folder = job.issue, job.sheets, job.output, stage.folder
    kind = output.variant
    names = [output.plates[s.page.number] if kind.plates else f"{s.page.number:02d}"
             for s in sheets]
    issue_pdf, html_file = folder / "issue.pdf", folder / "issue.html"
    atomic_write(issue_pdf, rendering.issue_pdf)
    atomic_write(html_file, html.encode("utf-8"))
    page_pdfs = write_page_pdfs(rendering.page_pdfs,
                                folder / ("plates" if kind.plates else "pages"), names)
    step("preview")
    previews = [folder / "previews" / f"{name}.png" for name in names]
    for pdf, png in zip(rendering.page_pdfs, previews, strict=True):
        write_preview(pdf, png)
    fits = copyfit(sheets, issue)
    report = folder / "report.json"
    # A proof sheet (RGB thumbnails, no PDF/X) stays out of a folder that goes to the plant:
    # every PDF there passes preflight. The proof's folder keeps the flatplan.
    flatplans = [] if kind.plates else [folder / "flatplan.pdf"]
    for flatplan_pdf in flatplans:
        kai = job.lock.file_of(issue.paper.fonts.caption, 400)
        atomic_write(flatplan_pdf, flatplan(issue, sheets, previews, fits, kai))
    atomic_write(report, report_json(build_report(issue, sheets, page_pdfs, previews, notes,
                                                  folder, fits)))
    written = [issue_pdf, html_file, *page_pdfs, *previews, *flatplans, report]
    # ALTO, METS, IIIF and the e-paper site, for the variants that publish them (imported
    # only then: a proof build has no use for them).
    if kind.publish:
        from layout.publish.write import publish

        written += publish(folder, issue, sheets, job.lock, rendering.page_pdfs,
                           output.photos, kind)
    record = build_record(issue, job.lock, template_folder(issue.paper, issue.paper_dir),
                          output.profile, kind.name, written, folder)
    atomic_write(folder / RECORD, write_record(record, folder / RECORD))
    changes = sum(len(m.typeset.changes) for sheet in sheets for m in sheet.modules)
    final = stage.final
    return BuildResult(final(issue_pdf), final(html_file), [final(p) for p in page_pdfs],
                       [final(p) for p in previews], final(report), notes, changes)


def _variant_output(issue: Issue, resources: PaperResources, sheets: list[Sheet],
                    kind: Variant) -> tuple[Output, list[str]]:
    """What the variant puts in the HTML: plates, and every placed photo as prepared for
    print, or for the screen (8-bit); with a warning, in every variant, for each photo
    under the paper's minimum resolution at its placed size."""
    placed = [(sheet, view.module.photo, view.frames.photo) for sheet in sheets
              for view in sheet.modules
              if view.module.photo is not None and view.frames.photo is not None]
    settings = issue.paper.print
    photos, warnings = {}, []
    if not kind.cmyk:
        for sheet, photo, frame in placed:
            photos[photo.source] = prepare_for_screen(photo.source, photo_cache())
            warnings += resolution_warning(photo.source, issue.issue_dir, sheet.page.number,
                                           placed_ppi(photo.pixels, frame.w, frame.h),
                                           settings.min_photo_ppi)
        return Output(kind, issue.issue_dir, photos=photos), warnings
    profile = profile_path(issue, resources)
    for sheet, photo, frame in placed:
        prepared = prepare_for_print(photo.source, frame.w, frame.h, photo.focus,
                                     settings.photo_ppi, profile, not sheet.page.colour,
                                     settings.ink_limit, photo_cache())
        photos[photo.source] = prepared.path
        warnings += resolution_warning(photo.source, issue.issue_dir, sheet.page.number,
                                       prepared.ppi, settings.min_photo_ppi)
    plates = {s.page.number: plate_name(issue.paper, issue.date, s.page.number) for s in sheets}
    return Output(kind, issue.issue_dir, profile, plates, photos, build_id(issue)), warnings


def _pdf(document: Document, issue: Issue, output: Output) -> bytes:
    """The PDF of `document` in the variant's standard, dated by the issue, not the clock."""
    from layout.variants.interpolation import without_interpolation
    from layout.variants.pdfa import archive_pdf
    from layout.variants.pdfx import finish_plates

    kind = output.variant
    if kind.pdf_variant is None:
        return document.write_pdf()
    stamp = f"{issue.date.isoformat()}T00:00:00+00:00"
    document.metadata.created = document.metadata.modified = stamp
    document.metadata.title = f"{issue.paper.name} {issue.date.isoformat()}"
    if kind.archive:
        return archive_pdf(document, issue)
    pdf = without_interpolation(document.write_pdf(pdf_variant=kind.pdf_variant,
                                                   pdf_identifier=output.build_id.encode()))
    version = "1.4" if kind.pdf_variant == "pdf/x-1a" else "1.6"
    return finish_plates(pdf, version, document_id=output.build_id)


def build_id(issue: Issue) -> str:
    """A short hash of the issue's sources (the manifests, and the articles and photos they
    name, not stray files beside them), printed in the slug line of each plate."""
    digest = hashlib.sha256()
    for path in sorted(issue_sources(issue)):
        digest.update(path.relative_to(issue.paper_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def issue_sources(issue: Issue) -> set[Path]:
    return {path for files in issue.sources().values() for path in files.values()}
