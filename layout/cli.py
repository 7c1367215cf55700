"""The `layout` command: a thin layer over the library, with exit codes from its errors.

Each command imports the parts of the library it uses when it runs: `layout --help` and
`layout check` do not load WeasyPrint, NumPy or the web stack.
"""

from __future__ import annotations

import json
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
from layout.errors import FitError, LayoutError

if TYPE_CHECKING:
    from layout.pages.copyfit import ArticleFit
from layout.manifest.schema import INK_LIMIT, MIN_PHOTO_PPI
from layout.variants.table import VARIANTS

INTERNAL_ERROR = 70
INTERRUPTED = 130
STEP_LABELS = {"check": "checking manifests and fonts", "typeset": "typesetting",
               "render": "laying out pages", "write": "writing PDFs",
               "preview": "drawing previews"}

err = Console(stderr=True, highlight=False)
ISSUE_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


@click.group()
@click.version_option(__version__, prog_name="layout")
@click.option("--debug", is_flag=True, help="Show tracebacks for every error.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Lay out newspaper issues and publish them as PDF."""
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("issue_dir", type=ISSUE_DIR)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder [default: out/<paper>/<date>].")
@click.option("--allow-overflow", is_flag=True,
              help="Proof mode: mark text that does not fit in red instead of failing.")
@click.option("--variant", type=click.Choice(list(VARIANTS)), default="proof", show_default=True,
              help="; ".join(f"{v.name}: {v.description}" for v in VARIANTS.values()))
@click.pass_context
def build(ctx: click.Context, issue_dir: Path, out_dir: Path | None,
          allow_overflow: bool, variant: str) -> None:
    """Build ISSUE_DIR into issue.pdf, one PDF per page (pages/, or plates/ for print
    variants, in a folder of the variant's name), and previews/."""

    def run() -> None:
        from layout.build import build_issue

        target = out_dir or _default_out(issue_dir)
        with _progress() as step:
            result = build_issue(issue_dir, target, step, allow_overflow=allow_overflow,
                                 variant=variant)
        for warning in result.warnings:
            err.print(f"[yellow]warning:[/] {escape(warning)}")
        if result.normalised:
            err.print(f"normalised {result.normalised} punctuation marks; "
                      f"each is listed in {result.report}")
        click.echo(f"{result.issue_pdf} ({len(result.page_pdfs)} pages)")

    _guarded(ctx, run)


@main.command()
@click.argument("issue_dir", type=ISSUE_DIR)
@click.pass_context
def check(ctx: click.Context, issue_dir: Path) -> None:
    """Validate ISSUE_DIR's manifests, articles, photos and fonts, and that every headline
    and caption fits its room, without rendering."""

    def run() -> None:
        from layout.pages.copyfit import issue_faults
        from layout.pages.engine import set_issue

        issue, _, _, sheets = set_issue(issue_dir)
        if faults := issue_faults(sheets, issue):
            raise FitError("\n".join(faults))
        articles = len(issue.articles())
        click.echo(f"{issue_dir}: OK ({len(issue.pages)} pages, {articles} articles)")

    _guarded(ctx, run)


@main.command()
@click.argument("issue_dir", type=ISSUE_DIR)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def fit(ctx: click.Context, issue_dir: Path, as_json: bool) -> None:
    """Copyfit ISSUE_DIR: each article's room and length in characters and lines, and what
    is over (超 N 字 / M 行) or empty (空 N 行). Exits 5 when an article does not fit."""

    def run() -> None:
        from layout.pages.copyfit import copyfit
        from layout.pages.engine import set_issue

        issue, _, _, sheets = set_issue(issue_dir)
        fits = copyfit(sheets, issue)
        if as_json:
            click.echo(json.dumps([f.as_dict() for f in fits], ensure_ascii=False, indent=2))
        else:
            Console(highlight=False, width=max(err.width, 120)).print(_fit_table(fits))
        if not all(f.fits for f in fits):
            sys.exit(FitError.exit_code)

    _guarded(ctx, run)


def _fit_table(fits: list[ArticleFit]) -> Table:
    table = Table("版", "稿件", "容量 行/字", "稿长 行/字", "字距", "结果", box=None)
    for f in fits:
        pages = "→".join(str(p) for p in f.pages)
        style = "bold red" if not f.fits else ""
        table.add_row(pages, f"{f.title} ({f.source})",
                      f"{f.capacity_lines}/{f.capacity_characters}", f"{f.lines}/{f.characters}",
                      f"{f.tracking:+.1%}" if f.tracking else "", f.verdict, style=style)
    return table


@main.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--ink-limit", type=click.IntRange(100, 400), default=INK_LIMIT, show_default=True,
              help="Maximum total ink, %.")
@click.option("--min-ppi", type=click.IntRange(50, 2400), default=MIN_PHOTO_PPI, show_default=True,
              help="Minimum effective resolution of images at placed size.")
@click.pass_context
def preflight(ctx: click.Context, pdf: Path, as_json: bool, ink_limit: int,
              min_ppi: int) -> None:
    """Check PDF as a printing plant would: PDF/X and output intent, fonts, RGB, boxes,
    image resolution, total ink, rich black and small text. Exits 1 on any error, 8 when
    PDF cannot be read at all (empty, not a PDF, damaged or cut short, or encrypted)."""

    def run() -> None:
        from layout.pdfcheck.preflight import preflight as check_plate

        report = check_plate(pdf, ink_limit=ink_limit, min_ppi=min_ppi)
        if as_json:
            click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            for finding in report.findings:
                click.echo(str(finding))
            inks = ", ".join(f"page {p} {v:.0f} %" for p, v in report.max_ink.items())
            verdict = "passed" if report.passed else f"{len(report.errors)} errors"
            click.echo(f"{pdf}: {verdict}; maximum ink {inks}")
        if not report.passed:
            sys.exit(1)

    _guarded(ctx, run)


@main.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--report", "layout_report", type=click.Path(exists=True, dir_okay=False,
                                                           path_type=Path),
              help="The build's report.json, to name articles and columns "
                   "[default: found beside PDF or one folder up].")
@click.pass_context
def typecheck(ctx: click.Context, pdf: Path, as_json: bool, layout_report: Path | None) -> None:
    """Check the Chinese typesetting of PDF: short and overfull lines, line-start and
    line-end marks, split and uncompressed punctuation pairs, compressed mid-line marks,
    lone last characters, each named by page, article and column. Exits 1 when anything
    is found."""

    def run() -> None:
        from layout.pdfcheck.typecheck import check_pdf

        report = check_pdf(pdf, layout_report)
        if as_json:
            click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            for finding in report.findings:
                click.echo(str(finding))
            counts = ", ".join(f"{kind} {n}" for kind, n in report.counts().items())
            named = f" (articles from {report.layout})" if report.layout else ""
            click.echo(f"{pdf}: {report.lines} lines{named}; {counts}")
        if report.findings:
            sys.exit(1)

    _guarded(ctx, run)


@main.command()
@click.argument("issue_dir", type=ISSUE_DIR)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback shows the desk to the network.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where the proof is built [default: out/<paper>/<date>/desk].")
@click.pass_context
def serve(ctx: click.Context, issue_dir: Path, port: int, host: str,
          out_dir: Path | None) -> None:
    """The editor's desk: a live preview of ISSUE_DIR in the browser, rebuilt on every save."""

    def run() -> None:
        from layout.manifest.check import check_issue
        from layout.project.extras import require

        require("desk", "layout serve")
        import uvicorn

        from layout.desk.app import create_app
        from layout.desk.session import Desk

        check_issue(issue_dir)  # a broken issue is reported here, before the server starts
        desk = Desk(issue_dir, out_dir or _default_out(issue_dir) / "desk")
        err.print(f"desk: http://{host}:{port}/  (Ctrl+C to stop)")
        uvicorn.run(create_app(desk, host=host), host=host, port=port, log_level="warning")

    _guarded(ctx, run)


@main.group()
def archive() -> None:
    """Archive: verify rebuilds, catalogue and search, rebuild many issues."""


@archive.command("verify")
@click.argument("issue_dir", type=ISSUE_DIR)
@click.option("--variant", type=click.Choice(list(VARIANTS)), default="archive", show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where the issue was built [default: out/<paper>/<date>].")
@click.pass_context
def archive_verify(ctx: click.Context, issue_dir: Path, variant: str,
                   out_dir: Path | None) -> None:
    """Check the stored outputs of ISSUE_DIR against their build record (fixity), then
    rebuild it and compare; name every file that differs and what changed. Exits 1 if
    either check fails."""

    def run() -> None:
        from layout.archive.verify import verify_issue

        target = out_dir or _default_out(issue_dir)
        result = verify_issue(issue_dir, target, variant)
        click.echo("\n".join(result.report(issue_dir)))
        if not result.identical:
            sys.exit(1)

    _guarded(ctx, run)


@archive.command("index")
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--db", "database", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="The SQLite catalogue to make or update.")
@click.option("--variant", type=click.Choice(list(VARIANTS)), default="archive", show_default=True)
@click.pass_context
def archive_index(ctx: click.Context, root: Path, database: Path, variant: str) -> None:
    """Catalogue what the stored PDFs under ROOT (where builds are written, e.g. out) say,
    page by page, into a searchable SQLite database."""

    def run() -> None:
        from layout.archive.catalogue import index

        count, problems = index(root, database, variant)
        for problem in problems:
            err.print(f"[yellow]skipped:[/] {escape(problem)}")
        click.echo(f"{database}: {count} issues catalogued")

    _guarded(ctx, run)


@archive.command("search")
@click.argument("query")
@click.option("--db", "database", type=click.Path(dir_okay=False, path_type=Path),
              required=True)
@click.pass_context
def archive_search(ctx: click.Context, query: str, database: Path) -> None:
    """List paper, date, page and headline of every article that contains QUERY."""

    def run() -> None:
        from layout.archive.catalogue import search

        hits = search(database, query)
        for hit in hits:
            click.echo(str(hit))
        if not hits:
            click.echo(f"nothing found for {query}")

    _guarded(ctx, run)


@archive.command("rebuild")
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_root", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True)
@click.option("--variant", type=click.Choice(list(VARIANTS)), default="archive", show_default=True)
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option("--dask", "use_dask", is_flag=True, help="Run on Dask distributed.")
@click.option("--scheduler", help="A Dask scheduler address; without it, a local cluster.")
@click.pass_context
def archive_rebuild(ctx: click.Context, root: Path, out_root: Path, variant: str, jobs: int,
                    use_dask: bool, scheduler: str | None) -> None:
    """Rebuild every issue under ROOT; skip those already built from the same sources
    whose stored outputs are intact, and restore those that are not. Exits 1 if any issue
    failed (the others are still built)."""

    def run() -> None:
        from layout.archive.catalogue import issue_folders
        from layout.archive.rebuild import rebuild

        total = sum(1 for _ in issue_folders(root))
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err) as bar:
            task = bar.add_task("rebuilding", total=total)
            outcomes = rebuild(root, out_root, variant, jobs, use_dask or bool(scheduler),
                               scheduler, lambda _: bar.advance(task))
        failed = [o for o in outcomes if o.status == "failed"]
        for outcome in failed:
            err.print(f"[bold red]failed:[/] {escape(outcome.issue)}: {escape(outcome.message)}")
        for outcome in outcomes:
            if outcome.status == "built" and outcome.message:
                err.print(f"[yellow]{escape(outcome.issue)}:[/] {escape(outcome.message)}")
        built = sum(o.status == "built" for o in outcomes)
        skipped = sum(o.status == "up to date" for o in outcomes)
        click.echo(f"{built} built, {skipped} up to date, {len(failed)} failed")
        if failed:
            sys.exit(1)

    _guarded(ctx, run)


@archive.command("synthesize")
@click.argument("root", type=click.Path(file_okay=False, path_type=Path))
@click.option("--issues", type=click.IntRange(1, 10000), default=200, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--from", "sample", type=ISSUE_DIR, default=Path("issues/tangyin/2021-06-15"),
              show_default=True)
@click.pass_context
def archive_synthesize(ctx: click.Context, root: Path, issues: int, seed: int,
                       sample: Path) -> None:
    """Make a synthetic archive under ROOT: ISSUES issues made from the issue SAMPLE."""

    def run() -> None:
        from layout.archive.synthetic import synthesize

        made = synthesize(sample, root, issues, seed)
        click.echo(f"{root}: {len(made)} issues")

    _guarded(ctx, run)


def _default_out(issue_dir: Path) -> Path:
    return Path("out") / issue_dir.resolve().parent.name / issue_dir.resolve().name


def _guarded(ctx: click.Context, action: Callable[[], None]) -> None:
    """Run `action`; user errors print their message and exit with their code."""
    debug = ctx.obj["debug"]
    try:
        action()
    except LayoutError as error:
        if debug:
            traceback.print_exc()
        err.print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted: the outputs are as they were before this command")
        sys.exit(INTERRUPTED)
    except Exception as error:  # a bug, not a user mistake
        if debug:
            raise
        err.print(f"[bold red]internal error:[/] {type(error).__name__}: {escape(str(error))}\n"
                  "Run again with --debug for the traceback.", soft_wrap=True)
        sys.exit(INTERNAL_ERROR)


class _progress:
    """A progress bar over the build's steps, on standard error."""

    def __enter__(self) -> Callable[[str], None]:
        from layout.build import STEPS

        self._steps = len(STEPS)
        self._bar = Progress(TextColumn("{task.description:<28}"), BarColumn(),
                             TimeElapsedColumn(), console=err, transient=False)
        self._bar.start()
        self._task = self._bar.add_task("starting", total=self._steps)
        self._started = False
        return self._step

    def _step(self, name: str) -> None:
        if self._started:
            self._bar.advance(self._task)
        self._started = True
        self._bar.update(self._task, description=STEP_LABELS.get(name, name))

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self._bar.update(self._task, completed=self._steps, description="done")
        self._bar.stop()
