"""The `layout` command: a thin layer over the library, with exit codes from its errors.

Each command imports the parts of the library it uses when it runs: `layout --help` and
`layout check` do not load WeasyPrint, NumPy or the web stack.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime
import json
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from layout import __version__
from layout.cli_language import (
    TranslatedGroup,
    TranslatedPath,
    choose_language,
    option,
    speak_click_in_our_language,
)
from layout.errors import FitError, LayoutError
from layout.i18n import LANGUAGES, N_, USER, _, ngettext

if TYPE_CHECKING:
    from layout.pages.copyfit import ArticleFit
from layout.manifest.schema import INK_LIMIT, MIN_PHOTO_PPI
from layout.variants.table import VARIANTS

INTERNAL_ERROR = 70
INTERRUPTED = 130
STEP_LABELS = {"check": N_("checking manifests and fonts"), "typeset": N_("typesetting"),
               "render": N_("laying out pages"), "write": N_("writing PDFs"),
               "preview": N_("drawing previews")}

err = Console(stderr=True, highlight=False)
speak_click_in_our_language()
ISSUE_DIR = TranslatedPath(exists=True, file_okay=False, path_type=Path)


def run() -> None:
    """The `layout` command. Once a command is done (its files written and closed, its
    workers stopped, the handlers registered to run at exit run), the process ends without
    tearing the interpreter down: freeing a build's hundreds of thousands of objects one by
    one takes 0.15 s, for nothing. An error that escapes (--debug) ends it as Python does."""
    try:
        main()
    except SystemExit as stop:
        code = stop.code
    else:
        code = 0
    if isinstance(code, str):
        err.print(escape(code))
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):   # a closed pipe, say
            stream.flush()
    os._exit(code or 0)


@click.group(cls=TranslatedGroup,
             help=N_("Lay out newspaper issues and publish them as PDF."))
@click.version_option(__version__, prog_name="layout")
@option("--lang", type=click.Choice(LANGUAGES), is_eager=True, expose_value=False,
        callback=choose_language,
        help=N_("Language of messages: zh (简体中文) or en [default: zh, or en for an "
                "English locale]."))
@option("--debug", is_flag=True, help=N_("Show tracebacks for every error."))
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    ctx.obj = {"debug": debug}


def _variant_help() -> str:
    return _("; ").join(f"{v.name}: {_(v.description)}" for v in VARIANTS.values())


@main.command(help=N_("""Build ISSUE_DIR into issue.pdf, one PDF per page (pages/, or
plates/ for print variants, in a folder of the variant's name), and previews/."""))
@click.argument("issue_dir", type=ISSUE_DIR)
@option("--out", "out_dir", type=TranslatedPath(file_okay=False, path_type=Path),
        help=N_("Output folder [default: out/<paper>/<date>]."))
@option("--allow-overflow", is_flag=True,
        help=N_("Proof mode: mark text that does not fit in red instead of failing."))
@option("--variant", type=click.Choice(list(VARIANTS)), default="proof", show_default=True,
        help_text=_variant_help)
@click.pass_context
def build(ctx: click.Context, issue_dir: Path, out_dir: Path | None,
          allow_overflow: bool, variant: str) -> None:

    def run() -> None:
        from layout.build import build_issue

        target = out_dir or _default_out(issue_dir)
        with _progress() as step:
            result = build_issue(issue_dir, target, step, allow_overflow=allow_overflow,
                                 variant=variant, jobs=os.cpu_count() or 1)
        for warning in result.warnings:
            err.print("[yellow]" + _("warning:") + f"[/] {escape(warning)}")
        if result.normalised:
            err.print(ngettext("normalised {count} punctuation mark; it is listed in {report}",
                               "normalised {count} punctuation marks; each is listed in "
                               "{report}", result.normalised)
                      .format(count=result.normalised, report=escape(str(result.report))))
        click.echo(ngettext("{pdf} ({count} page)", "{pdf} ({count} pages)",
                            len(result.page_pdfs))
                   .format(pdf=result.issue_pdf, count=len(result.page_pdfs)))

    _guarded(ctx, run)


@main.command(help=N_("""Validate ISSUE_DIR's manifests, articles, photos and fonts, and
that every headline and caption fits its room, without rendering."""))
@click.argument("issue_dir", type=ISSUE_DIR)
@click.pass_context
def check(ctx: click.Context, issue_dir: Path) -> None:

    def run() -> None:
        from layout.pages.copyfit import issue_faults
        from layout.pages.engine import set_issue

        issue, _resources, _lock, sheets = set_issue(issue_dir)
        if faults := issue_faults(sheets, issue):
            raise FitError("\n".join(faults))
        click.echo(_("{issue}: OK ({pages}, {articles})").format(
            issue=issue_dir,
            pages=ngettext("{count} page", "{count} pages", len(issue.pages))
            .format(count=len(issue.pages)),
            articles=ngettext("{count} article", "{count} articles", len(issue.articles()))
            .format(count=len(issue.articles()))))

    _guarded(ctx, run)


@main.command(help=N_("""Copyfit ISSUE_DIR: each article's room and length in characters
and lines, and what is over (超 N 字 / M 行) or empty (空 N 行). Exits 5 when an article
does not fit."""))
@click.argument("issue_dir", type=ISSUE_DIR)
@option("--json", "as_json", is_flag=True, help=N_("Print the report as JSON."))
@click.pass_context
def fit(ctx: click.Context, issue_dir: Path, as_json: bool) -> None:

    def run() -> None:
        from layout.pages.copyfit import copyfit
        from layout.pages.engine import set_issue

        issue, _resources, _lock, sheets = set_issue(issue_dir)
        fits = copyfit(sheets, issue)
        if as_json:
            click.echo(json.dumps([f.as_dict() for f in fits], ensure_ascii=False, indent=2))
        else:
            Console(highlight=False, width=max(err.width, 120)).print(_fit_table(fits))
        if not all(f.fits for f in fits):
            sys.exit(FitError.exit_code)

    _guarded(ctx, run)


@main.command(help=N_("""Lay out the pages of ISSUE_DIR whose modules have no place yet
(自动组版): ranked layouts in which every article fits and no white is left, each with its
figures, found by a constraint solver on the composer's exact line counts. --write writes
the chosen one into issue.toml, keeping its comments. Exits 5 when a page cannot be
arranged, saying which article to cut and by how much."""))
@click.argument("issue_dir", type=ISSUE_DIR)
@option("--page", "page_number", type=click.IntRange(1), help=N_("Arrange this page only."))
@option("--alternatives", type=click.IntRange(1, 10), default=3, show_default=True,
        help=N_("Layouts to propose for each page."))
@option("--write", is_flag=True, help=N_("Write a layout of each page into issue.toml."))
@option("--choose", type=click.IntRange(1, 10), default=1, show_default=True,
        help=N_("Which of the layouts --write writes."))
@option("--json", "as_json", is_flag=True, help=N_("Print the layouts as JSON."))
@click.pass_context
def arrange(ctx: click.Context, issue_dir: Path, page_number: int | None, alternatives: int,
            write: bool, choose: int, as_json: bool) -> None:

    def run() -> None:
        from layout.arrange.proposals import arrange_issue, as_dict, described, write_layouts

        _issue, pages = arrange_issue(issue_dir, page_number, alternatives)
        if as_json:
            click.echo(json.dumps([as_dict(p) for p in pages], ensure_ascii=False, indent=2))
        elif not pages:
            click.echo(_("{issue}: nothing to arrange, every module has its place").format(
                issue=issue_dir))
        else:
            click.echo("\n".join(line for page in pages for line in described(page)))
        if write and pages:
            click.echo(write_layouts(issue_dir, pages, choose))
        if any(page.verdict for page in pages):
            sys.exit(FitError.exit_code)

    _guarded(ctx, run)


def _fit_table(fits: list[ArticleFit]) -> Table:
    table = Table(_("page"), _("article"), _("room lines/chars"), _("length lines/chars"),
                  _("tracking"), _("fit"), box=None)
    for f in fits:
        pages = "→".join(str(p) for p in f.pages)
        style = "bold red" if not f.fits else ""
        table.add_row(pages, f"{f.title} ({f.source})",
                      f"{f.capacity_lines}/{f.capacity_characters}", f"{f.lines}/{f.characters}",
                      f"{f.tracking:+.1%}" if f.tracking else "", f.verdict(USER), style=style)
    return table


@main.command(help=N_("""Check PDF as a printing plant would: PDF/X and output intent,
fonts, RGB, boxes, image resolution, total ink, rich black and small text. Exits 1 on any
error, 8 when PDF cannot be read at all (empty, not a PDF, damaged or cut short, or
encrypted)."""))
@click.argument("pdf", type=TranslatedPath(exists=True, dir_okay=False, path_type=Path))
@option("--json", "as_json", is_flag=True, help=N_("Print the report as JSON."))
@option("--ink-limit", type=click.IntRange(100, 400), default=INK_LIMIT, show_default=True,
        help=N_("Maximum total ink, %."))
@option("--min-ppi", type=click.IntRange(50, 2400), default=MIN_PHOTO_PPI, show_default=True,
        help=N_("Minimum effective resolution of images at placed size."))
@click.pass_context
def preflight(ctx: click.Context, pdf: Path, as_json: bool, ink_limit: int,
              min_ppi: int) -> None:

    def run() -> None:
        from layout.pdfcheck.preflight import preflight as check_plate

        report = check_plate(pdf, ink_limit=ink_limit, min_ppi=min_ppi)
        if as_json:
            click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            for finding in report.findings:
                click.echo(str(finding))
            inks = _(", ").join(_("page {page} {ink:.0f} %").format(page=p, ink=v)
                                for p, v in report.max_ink.items())
            verdict = _("passed") if report.passed else ngettext(
                "{count} error", "{count} errors", len(report.errors)).format(
                count=len(report.errors))
            click.echo(_("{pdf}: {verdict}; maximum ink {inks}").format(
                pdf=pdf, verdict=verdict, inks=inks))
        if not report.passed:
            sys.exit(1)

    _guarded(ctx, run)


@main.command(help=N_("""Check the Chinese typesetting of PDF: short and overfull lines,
line-start and line-end marks, split and uncompressed punctuation pairs, compressed
mid-line marks, lone last characters, each named by page, article and column. Exits 1 when
anything is found."""))
@click.argument("pdf", type=TranslatedPath(exists=True, dir_okay=False, path_type=Path))
@option("--json", "as_json", is_flag=True, help=N_("Print the report as JSON."))
@option("--report", "layout_report", type=TranslatedPath(exists=True, dir_okay=False,
                                                     path_type=Path),
        help=N_("The build's report.json, to name articles and columns "
                "[default: found beside PDF or one folder up]."))
@click.pass_context
def typecheck(ctx: click.Context, pdf: Path, as_json: bool, layout_report: Path | None) -> None:

    def run() -> None:
        from layout.pdfcheck.typecheck import check_pdf, kind_name

        report = check_pdf(pdf, layout_report)
        if as_json:
            click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            for finding in report.findings:
                click.echo(str(finding))
            counts = _(", ").join(f"{kind_name(kind)} {n}"
                                  for kind, n in report.counts().items())
            named = _(" (articles from {report})").format(report=report.layout) \
                if report.layout else ""
            click.echo(_("{pdf}: {lines} lines{named}; {counts}").format(
                pdf=pdf, lines=report.lines, named=named, counts=counts))
        if report.findings:
            sys.exit(1)

    _guarded(ctx, run)


@main.command(help=N_("The editor's desk: a live preview of ISSUE_DIR in the browser, "
                      "rebuilt on every save."))
@click.argument("issue_dir", type=ISSUE_DIR)
@option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
        help=N_("Port to listen on."))
@option("--host", default="127.0.0.1", show_default=True,
        help=N_("Address to listen on; anything but loopback shows the desk to the network."))
@option("--out", "out_dir", type=TranslatedPath(file_okay=False, path_type=Path),
        help=N_("Where the proof is built [default: out/<paper>/<date>/desk]."))
@click.pass_context
def serve(ctx: click.Context, issue_dir: Path, port: int, host: str,
          out_dir: Path | None) -> None:

    def run() -> None:
        from layout.project.extras import require

        require("desk", "layout serve")
        import uvicorn

        from layout.desk.app import create_app
        from layout.desk.session import Desk

        # A broken manifest does not stop the desk: it shows the errors until they are fixed.
        desk = Desk(issue_dir, out_dir or _default_out(issue_dir) / "desk")
        err.print(_("desk: http://{host}:{port}/  (Ctrl+C to stop)").format(host=host,
                                                                              port=port))
        uvicorn.run(create_app(desk, host=host), host=host, port=port, log_level="warning")

    _guarded(ctx, run)


@main.command("init", help=N_("""Start a new paper in PAPER_DIR: a paper.toml with every
setting explained, and an example issue that builds. PAPER_DIR must be new or empty."""))
@click.argument("paper_dir", type=TranslatedPath(file_okay=False, path_type=Path))
@option("--name", help=N_("The paper's name, as the masthead prints it [default: 示例县报]."))
@click.pass_context
def init(ctx: click.Context, paper_dir: Path, name: str | None) -> None:

    def run() -> None:
        from layout.manifest.scaffold import init_paper

        written = init_paper(paper_dir, name)
        issue = next(path.parent for path in written if path.name == "issue.toml")
        click.echo(_("{paper}: a new paper, with the example issue {issue}; try: layout "
                     "build {issue}").format(paper=paper_dir, issue=issue))

    _guarded(ctx, run)


@main.command("new", help=N_("""Start the issue of DATE (like 2021-06-16) in PAPER_DIR from
the page plan of the issue before it (pages, frames, furniture), with placeholder articles
and photos marked 待定 for the editor to replace."""))
@click.argument("paper_dir", type=TranslatedPath(exists=True, file_okay=False, path_type=Path))
@click.argument("date", type=click.DateTime(["%Y-%m-%d"]))
@option("--from", "from_date", type=click.DateTime(["%Y-%m-%d"]),
        help=N_("The date of the issue whose page plan to follow [default: the latest "
                "before DATE]."))
@click.pass_context
def new(ctx: click.Context, paper_dir: Path, date: datetime.datetime,
        from_date: datetime.datetime | None) -> None:

    def run() -> None:
        from layout.manifest.scaffold import new_issue

        issue = new_issue(paper_dir, date.date(), from_date.date() if from_date else None)
        click.echo(_("{issue}: the new issue; replace its placeholder articles (待定), "
                     "then: layout fit {issue}").format(issue=issue))

    _guarded(ctx, run)


@main.command("import", help=N_("""Turn reporters' copy (FILE: Word .docx, or plain text
.txt in UTF-8 or GB18030) into articles of the issue given with --issue: headline parts,
byline and dateline, crossheads, photos with their captions. Every guess is listed for the
editor to check; no file is overwritten."""))
@click.argument("files", nargs=-1, required=True,
                type=TranslatedPath(exists=True, dir_okay=False, path_type=Path))
@option("--issue", "issue_dir", type=ISSUE_DIR, required=True,
        help=N_("The issue folder the articles are written into."))
@click.pass_context
def import_(ctx: click.Context, files: tuple[Path, ...], issue_dir: Path) -> None:

    def run() -> None:
        from layout.intake import import_copy

        report = import_copy(list(files), issue_dir)
        click.echo("\n".join(report.lines()))

    _guarded(ctx, run)


@main.command(help=N_("""Publish the e-paper (数字报) of every issue under ROOT (a paper's
folder of issues, or a folder of papers) into SITE: each issue built in the epaper variant
in the same place under SITE as under ROOT (an issue built before from the same sources is
kept), and the paper's calendar of issues, index.html. Copy SITE to any static web server.
Exits 1 if any issue failed (the others are still published)."""))
@click.argument("root", type=TranslatedPath(exists=True, file_okay=False, path_type=Path))
@option("--out", "site", type=TranslatedPath(file_okay=False, path_type=Path), required=True,
        help=N_("The site's folder."))
@option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
        help=N_("Issues built at once, one process each."))
@click.pass_context
def epaper(ctx: click.Context, root: Path, site: Path, jobs: int) -> None:

    def run() -> None:
        from layout.publish.paper_site import publish_paper

        published = publish_paper(root, site, jobs)
        failed = [o for o in published.outcomes if o.status == "failed"]
        for outcome in failed:
            err.print("[bold red]" + _("failed:") + f"[/] {escape(outcome.issue)}: "
                      f"{escape(outcome.message)}")
        built = sum(o.status == "built" for o in published.outcomes)
        kept = sum(o.status == "up to date" for o in published.outcomes)
        calendars = [str(p) for p in published.calendars if p.name == "index.html"]
        click.echo(_("{built} built, {skipped} up to date, {failed} failed; calendar: "
                     "{calendar}").format(built=built, skipped=kept, failed=len(failed),
                                          calendar=_(", ").join(calendars) or "-"))
        if failed:
            sys.exit(1)

    _guarded(ctx, run, BATCH_INTERRUPTED)


@main.group(help=N_("Archive: verify rebuilds, catalogue and search, rebuild many issues."))
def archive() -> None:
    pass


@archive.command("verify", help=N_("""Check the stored outputs of ISSUE_DIR against their
build record (fixity), then rebuild it and compare; name every file that differs and what
changed. Exits 1 if either check fails."""))
@click.argument("issue_dir", type=ISSUE_DIR)
@option("--variant", type=click.Choice(list(VARIANTS)), default="archive", show_default=True,
        help_text=_variant_help)
@option("--out", "out_dir", type=TranslatedPath(file_okay=False, path_type=Path),
        help=N_("Where the issue was built [default: out/<paper>/<date>]."))
@click.pass_context
def archive_verify(ctx: click.Context, issue_dir: Path, variant: str,
                   out_dir: Path | None) -> None:

    def run() -> None:
        from layout.archive.verify import verify_issue

        target = out_dir or _default_out(issue_dir)
        result = verify_issue(issue_dir, target, variant)
        click.echo("\n".join(result.report(issue_dir)))
        if not result.identical:
            sys.exit(1)

    _guarded(ctx, run)


@archive.command("index", help=N_("""Catalogue what the stored PDFs under ROOT (where
builds are written, e.g. out) say, page by page, into a searchable SQLite database."""))
@click.argument("root", type=TranslatedPath(exists=True, file_okay=False, path_type=Path))
@option("--db", "database", type=TranslatedPath(dir_okay=False, path_type=Path),
        required=True, help=N_("The SQLite catalogue to make or update."))
@option("--variant", type=click.Choice(list(VARIANTS)), default="archive", show_default=True,
        help_text=_variant_help)
@click.pass_context
def archive_index(ctx: click.Context, root: Path, database: Path, variant: str) -> None:

    def run() -> None:
        from layout.archive.catalogue import index

        count, problems = index(root, database, variant)
        for problem in problems:
            err.print("[yellow]" + _("skipped:") + f"[/] {escape(problem)}")
        click.echo(ngettext("{database}: {count} issue catalogued",
                            "{database}: {count} issues catalogued", count)
                   .format(database=database, count=count))

    _guarded(ctx, run)


@archive.command("search", help=N_("List paper, date, page and headline of every article "
                                   "that contains QUERY."))
@click.argument("query")
@option("--db", "database", type=TranslatedPath(dir_okay=False, path_type=Path),
        required=True, help=N_("The SQLite catalogue to search."))
@click.pass_context
def archive_search(ctx: click.Context, query: str, database: Path) -> None:

    def run() -> None:
        from layout.archive.catalogue import search

        hits = search(database, query)
        for hit in hits:
            click.echo(str(hit))
        if not hits:
            click.echo(_("nothing found for {query}").format(query=query))

    _guarded(ctx, run)


@archive.command("rebuild", help=N_("""Rebuild every issue under ROOT; skip those already
built from the same sources whose stored outputs are intact, and restore those that are
not. Exits 1 if any issue failed (the others are still built)."""))
@click.argument("root", type=TranslatedPath(exists=True, file_okay=False, path_type=Path))
@option("--out", "out_root", type=TranslatedPath(file_okay=False, path_type=Path),
        default=Path("out"), show_default=True,
        help=N_("Where the issues are built, each in <paper>/<date>."))
@option("--variant", type=click.Choice(list(VARIANTS)), default="archive", show_default=True,
        help_text=_variant_help)
@option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
        help=N_("Issues built at once, one process each."))
@option("--dask", "use_dask", is_flag=True, help=N_("Run on Dask distributed."))
@option("--scheduler", help=N_("A Dask scheduler address; without it, a local cluster."))
@click.pass_context
def archive_rebuild(ctx: click.Context, root: Path, out_root: Path, variant: str, jobs: int,
                    use_dask: bool, scheduler: str | None) -> None:

    def run() -> None:
        from layout.archive.catalogue import issue_folders
        from layout.archive.rebuild import rebuild

        total = sum(1 for _folder in issue_folders(root))
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err) as bar:
            task = bar.add_task(_("rebuilding"), total=total)
            outcomes = rebuild(root, out_root, variant, jobs, use_dask or bool(scheduler),
                               scheduler, lambda _: bar.advance(task))
        failed = [o for o in outcomes if o.status == "failed"]
        for outcome in failed:
            err.print("[bold red]" + _("failed:") + f"[/] {escape(outcome.issue)}: "
                      f"{escape(outcome.message)}")
        for outcome in outcomes:
            if outcome.status == "built" and outcome.message:
                err.print(f"[yellow]{escape(outcome.issue)}:[/] {escape(outcome.message)}")
        built = sum(o.status == "built" for o in outcomes)
        skipped = sum(o.status == "up to date" for o in outcomes)
        click.echo(_("{built} built, {skipped} up to date, {failed} failed").format(
            built=built, skipped=skipped, failed=len(failed)))
        if failed:
            sys.exit(1)

    _guarded(ctx, run, BATCH_INTERRUPTED)


@archive.command("synthesize", help=N_("Make a synthetic archive under ROOT: many issues "
                                       "made from one, for tests and benchmarks."))
@click.argument("root", type=TranslatedPath(file_okay=False, path_type=Path))
@option("--issues", type=click.IntRange(1, 10000), default=200, show_default=True,
        help=N_("How many issues to make."))
@option("--seed", type=int, default=1, show_default=True,
        help=N_("Seed of the sentence shuffling."))
@option("--from", "sample", type=ISSUE_DIR, default=Path("issues/tangyin/2021-06-15"),
        show_default=True, help=N_("The issue the others are made from."))
@click.pass_context
def archive_synthesize(ctx: click.Context, root: Path, issues: int, seed: int,
                       sample: Path) -> None:

    def run() -> None:
        from layout.archive.synthetic import synthesize

        made = synthesize(sample, root, issues, seed)
        click.echo(ngettext("{root}: {count} issue", "{root}: {count} issues", len(made))
                   .format(root=root, count=len(made)))

    _guarded(ctx, run)


def _default_out(issue_dir: Path) -> Path:
    return Path("out") / issue_dir.resolve().parent.name / issue_dir.resolve().name


# What Ctrl-C leaves: one build's outputs as they were; a batch's issues built so far.
INTERRUPTED_MESSAGE = N_("interrupted: the outputs are as they were before this command")
BATCH_INTERRUPTED = N_("interrupted: each issue built so far is complete and stays; the one "
                       "being built is as it was: run the command again for the rest")


def _guarded(ctx: click.Context, action: Callable[[], None],
             interrupted: str = INTERRUPTED_MESSAGE) -> None:
    """Run `action`; user errors print their message and exit with their code. Stopped
    (SIGTERM, as the desk stops a build it no longer needs), it cleans up as on Ctrl-C."""
    debug = ctx.obj["debug"]
    signal.signal(signal.SIGTERM, _stopped)
    try:
        action()
    except LayoutError as error:
        if debug:
            traceback.print_exc()
        err.print("[bold red]" + _("error:") + f"[/] {escape(str(error))}", soft_wrap=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        err.print(_(interrupted))
        sys.exit(INTERRUPTED)
    except Exception as error:  # a bug, not a user mistake
        if debug:
            raise
        err.print("[bold red]" + _("internal error:") + f"[/] {type(error).__name__}: "
                  f"{escape(str(error))}\n" + _("Run again with --debug for the traceback."),
                  soft_wrap=True)
        sys.exit(INTERNAL_ERROR)


def _stopped(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class _progress:
    """A progress bar over the build's steps, on standard error."""

    def __enter__(self) -> Callable[[str], None]:
        from layout.build import STEPS

        self._steps = len(STEPS)
        self._bar = Progress(TextColumn("{task.description:<28}"), BarColumn(),
                             TimeElapsedColumn(), console=err, transient=False)
        self._bar.start()
        self._task = self._bar.add_task(_("starting"), total=self._steps)
        self._started = False
        return self._step

    def _step(self, name: str) -> None:
        if self._started:
            self._bar.advance(self._task)
        self._started = True
        self._bar.update(self._task, description=_(STEP_LABELS.get(name, name)))

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self._bar.update(self._task, completed=self._steps, description=_("done"))
        self._bar.stop()
