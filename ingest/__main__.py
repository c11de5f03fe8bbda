"""`python -m ingest [SOURCE...] [--prune] [--rebuild] [--rescan]`: add or refresh articles."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from ingest.pipeline import IngestProgress, IngestReport, run
from retrieval.cli.console import console
from retrieval.embedding.base import ModelUnavailableError
from retrieval.embedding.factory import load_embedder
from retrieval.index.errors import StoreError
from retrieval.index.registry import Index
from retrieval.index.scopes import DEFAULT_SCOPE, AccessError
from retrieval.logs import setup_logging
from retrieval.settings import Settings

DATES_HELP = """\
article dates:
  Each article's date is read from the file or page: HTML meta tags and JSON-LD, the feed
  entry, a JSON field (published, date, ...), Markdown front matter, a date line near the
  top, the URL (/2018/02/08/), the lede ("Sáng 8/2, ..." with the year from the text), Word
  "created" / PDF CreationDate, the file's name or folder. An article whose date cannot be
  found stays undated (listed after the summary). To set dates yourself (they win):
    <file>.date    beside a file, e.g. bao-cao.docx.date, holding one date: 2018-02-08
    dates.toml     in a folder, for it and its subfolders, one line per file or pattern:
                     "hoi-nghi.docx" = "2018-02-08"
                     "bao-cao/*.pdf" = "12/2019"
                     "*.txt" = "2017"
  Dates may be day/month/year (8/2/2018), month/year (2/2018) or a year (2018). Editing
  either file makes the files it covers read again on the next run."""
_UNDATED_LISTED = 20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Ingest articles (files, folders, article URLs, RSS/Atom feeds) into the "
        "index. With no SOURCE, every scope's sources in ACCESS_FILE are used, or the "
        "INGEST_SOURCES setting when there is no such file.",
        epilog=DATES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help="file, folder or URL")
    parser.add_argument("--prune", action="store_true", help="remove articles whose files are gone")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="re-embed everything into a new collection (e.g. after changing "
        "EMBEDDING_MODEL); the old one answers until the new one is complete",
    )
    parser.add_argument(
        "--rescan",
        action="store_true",
        help="also read the files whose size and modification time are unchanged since "
        "they were last ingested (skipped by default): after an upgrade that changes how "
        "files are read, or for a file edited without its modification time changing",
    )
    args = parser.parse_args(argv)

    settings = Settings()
    setup_logging(settings.log_level)
    out = console()
    err = console(stderr=True)
    try:
        with out.status("Loading the embedding model…"):
            embedder = load_embedder(settings)
        index = Index(settings)
        with _Bar(out) as bar:
            report = run(
                settings,
                embedder,
                args.sources or None,
                prune=args.prune,
                rebuild=args.rebuild,
                rescan=args.rescan,
                index=index,
                progress=bar.update,
            )
        stats = index.active().stats()
    except (StoreError, ModelUnavailableError, AccessError) as exc:
        err.print(f"[bold red]error:[/] {exc}")
        return 2
    _print_report(out, report)
    out.print(
        f"Index: {stats.articles} articles, {stats.chunks} chunks "
        f"(generation {stats.generation}, model {stats.model}, "
        f"fingerprint {stats.fingerprint}) at {settings.chroma_path}"
    )
    if report.exit_code:
        err.print("[bold red]Nothing could be ingested[/] (see the reasons above).")
    return report.exit_code


class _Bar:
    """A rich progress bar fed by the pipeline's progress snapshots."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("sources · {task.fields[articles]} articles"),
            TextColumn("· {task.fields[chunks]} chunks embedded ({task.fields[rate]})"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> _Bar:
        self.progress.__enter__()
        self.task = self.progress.add_task("ingest", total=None, articles=0, chunks=0, rate="-")
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)

    def update(self, p: IngestProgress) -> None:
        assert self.task is not None
        rate = f"{p.chunks_per_second:.1f}/s" if p.embed_seconds else "-"
        self.progress.update(
            self.task,
            total=p.items_total or None,
            completed=p.items_done,
            articles=p.articles,
            chunks=p.chunks_embedded,
            rate=rate,
        )


def _print_report(out: Console, report: IngestReport) -> None:
    table = Table(title="Ingestion summary", show_lines=False)
    table.add_column("result")
    table.add_column("articles", justify="right")
    table.add_column("examples")
    for label, items in (
        ("added", report.added),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("removed", report.removed),
    ):
        examples = ", ".join(a.title[:40] for a in items[:3]) + ("…" if len(items) > 3 else "")
        table.add_row(label, str(len(items)), examples)
    table.add_row("failed", str(len(report.failed)), "see below" if report.failed else "")
    undated = report.undated
    table.add_row("undated", str(len(undated)), "see below" if undated else "")
    out.print(table)
    if report.failed or report.skipped:
        problems = Table(title="Not ingested", show_lines=False)
        problems.add_column("source")
        problems.add_column("reason")
        for p in report.failed:
            problems.add_row(p.origin, f"[red]{p.reason}[/]")
        for p in report.skipped:
            problems.add_row(p.origin, f"[yellow]{p.reason}[/]")
        out.print(problems)
    if undated:
        missing = Table(
            title=f"Articles without a date ({len(undated)})",
            caption="set dates in <file>.date or dates.toml beside the files (see --help)",
            show_lines=False,
        )
        missing.add_column("source")
        missing.add_column("title")
        for rec in undated[:_UNDATED_LISTED]:
            missing.add_row(rec.origin, rec.title[:60])
        if len(undated) > _UNDATED_LISTED:
            missing.add_row(f"… and {len(undated) - _UNDATED_LISTED} more", "")
        out.print(missing)
    if report.scopes and set(report.scopes) != {DEFAULT_SCOPE}:
        scopes = Table(title="Articles per knowledge scope (ACCESS_FILE)", show_lines=False)
        scopes.add_column("scope")
        scopes.add_column("articles", justify="right")
        for name, n in report.scopes.items():
            scopes.add_row(name or "(in no scope: admins only)", str(n))
        out.print(scopes)
    if report.restamped:
        out.print(f"{report.restamped} articles changed scopes (metadata only, not re-embedded)")
    rate = report.chunks_embedded / report.seconds if report.seconds else 0.0
    out.print(
        f"{report.chunks_embedded} chunks embedded, {report.chunks_reused} reused, "
        f"{report.stale_chunks_deleted} stale removed in {report.seconds:.1f} s "
        f"({rate:.1f} chunks/s overall)"
        + (" · rebuilt into a new collection" if report.rebuilt else "")
    )


if __name__ == "__main__":
    sys.exit(main())
