"""The command line: thin commands over the Python API.

Every command that prints takes ``--format text|json``. Exit codes: 0 ok, 1 bad input or a
store problem (one line on stderr, never a traceback), 2 usage (an out-of-range number
included), 130 interrupted.
"""

from __future__ import annotations

import json
import re
import signal
import sys
import threading
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsgraph import api, read, render
from newsgraph.cli_common import (
    MAX_WORKERS,
    DbOpt,
    Format,
    FormatOpt,
    app,
    count_opt,
    emit,
    fail,
    plain,
    run_api,
    stdin_bytes,
    with_store,
)
from newsgraph.config import DEFAULT_DB_URL
from newsgraph.errors import InputError
from newsgraph.on_change import parse_command, run_on_change
from newsgraph.store.engines import mask_url


@app.command()
def brief(
    source: Annotated[str, typer.Argument(help="file, http(s) URL, or - for standard input")],
    published: Annotated[str | None, typer.Option(help="publication date, YYYY-MM-DD")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Print the brief of one article."""
    result = run_api(lambda: api.brief(source, published=published, stdin=stdin_bytes()))
    emit(fmt, result.to_dict(), lambda: render.brief_report(result))


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="files or folders of articles")],
    db: DbOpt = DEFAULT_DB_URL,
    published: Annotated[str | None, typer.Option(help="publication date for all")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Analyse articles and store their briefs (an article already stored is updated)."""
    sources = api.expand_inputs(paths)
    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(
        *columns,
        console=Console(stderr=True),
        transient=True,
        disable=fmt is Format.json or not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task("ingest", total=len(sources))
        report = run_api(
            lambda: api.ingest(
                sources,
                db=db,
                published=published,
                progress=lambda n: bar.update(task, completed=n),
            )
        )
    data = {
        "created": report.created,
        "updated": report.updated,
        "failed": [{"source": s, "error": e} for s, e in report.failed],
        "duplicates": [{"source": s, "kept": k} for s, k in report.duplicates],
        "warnings": [{"article": a, "warning": w} for a, w in report.warnings],
    }
    emit(fmt, data, lambda: render.ingest_summary(report))
    if report.failed and not report.created and not report.updated:
        fail(f"nothing ingested: all {len(report.failed)} inputs failed")


@app.command()
def show(article_id: str, db: DbOpt = DEFAULT_DB_URL, fmt: FormatOpt = Format.text) -> None:
    """Print a stored article's brief (an unambiguous id prefix is enough)."""

    def get() -> Any:
        with api.open_store(db, read_only=True) as store:
            return store.get_brief(article_id)

    stored = run_api(get)
    emit(fmt, stored.to_dict(), lambda: render.brief_report(stored))


@app.command()
def search(
    query: str,
    limit: Annotated[int, count_opt("most articles to list")] = 20,
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """Full-text search over stored articles, and resolved entities by name."""
    hits = with_store(db, lambda store: read.search(store, query, limit))
    emit(fmt, plain(hits), lambda: render.search_report(hits))


@app.command()
def articles(
    limit: Annotated[int, count_opt("most articles to list")] = 50,
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """List stored articles, newest first."""

    def get() -> Any:
        with api.open_store(db, read_only=True) as store:
            return store.list_articles(limit=limit)

    rows = run_api(get)
    emit(fmt, plain(rows), lambda: render.articles_table(rows))


_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """ "90", "30s", "15m", "2h" or "1d" to seconds; anything else is an InputError."""
    found = _INTERVAL.fullmatch(text.strip().lower())
    if found is None or float(found.group(1)) <= 0:
        raise InputError(f"--every must be a positive time like 30s, 15m, 2h or 1d, not {text!r}")
    return float(found.group(1)) * _UNIT_SECONDS[found.group(2)]


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs")],
    every: Annotated[str, typer.Option(help="time between polls: 30s, 15m, 2h, 1d")] = "15m",
    db: DbOpt = DEFAULT_DB_URL,
    once: Annotated[bool, typer.Option("--once", help="poll once, then exit")] = False,
    on_change: Annotated[
        str | None,
        typer.Option(
            "--on-change",
            help="after a poll that ingested something, run this command (no shell) with "
            "the changes since the poll began on its standard input, as JSON",
        ),
    ] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Poll feeds and ingest their new items, remembering what was seen (Ctrl-C stops)."""
    interval = run_api(lambda: parse_interval(every))
    hook = run_api(lambda: parse_command(on_change)) if on_change is not None else None
    stop = threading.Event()
    # Ctrl-C lets the item in hand finish and be saved, then stops (signals reach the
    # main thread only; elsewhere, e.g. embedded, the default handling stays).
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set()) if main else None
    try:
        with run_api(lambda: api.open_store(db)) as store:
            while not stop.is_set():
                began = datetime.now(UTC).isoformat(timespec="microseconds")
                report = run_api(lambda: api.poll_feeds(feeds, store, stop=stop.is_set))
                _watch_line(fmt, report)
                if hook and (report.created or report.updated):
                    run_on_change(hook, store, began, db)
                if once:
                    break
                stop.wait(interval)
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)


def _watch_line(fmt: Format, report: api.IngestReport) -> None:
    """One line per poll: JSON Lines for scripts, a short summary for people."""
    if fmt is Format.json:
        data = {
            "created": report.created,
            "updated": report.updated,
            "duplicates": [{"source": s, "kept": k} for s, k in report.duplicates],
            "failed": [{"source": s, "error": e} for s, e in report.failed],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        typer.echo(
            f"{len(report.created)} stored, {len(report.updated)} updated, "
            f"{len(report.duplicates)} duplicates, {len(report.failed)} failed"
        )
        for source, error in report.failed:
            typer.echo(f"  {render.printable(source)}: {render.printable(error)}", err=True)
    sys.stdout.flush()


@app.command()
def serve(
    db: DbOpt = DEFAULT_DB_URL,
    host: Annotated[str, typer.Option(help="address to bind (localhost unless told)")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8000,
    write_token: Annotated[
        str | None,
        typer.Option(
            envvar="NEWSGRAPH_WRITE_TOKEN",
            help="allow POST /api/ingest with 'Authorization: Bearer TOKEN' (else read-only)",
        ),
    ] = None,
) -> None:
    """Serve the web UI and JSON API over the store (read-only without --write-token)."""
    import uvicorn

    from newsgraph.web import create_app

    web_app = run_api(lambda: create_app(db, write_token=write_token))
    typer.echo(serve_banner(db, host, port), err=True)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


def serve_banner(db: str, host: str, port: int) -> str:
    """The line ``serve`` starts with, its database URL masked (it may hold a password)."""
    return f"serving {mask_url(db)} at http://{host}:{port}/ (Ctrl-C stops)"


class EvalFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command("eval")
def eval_(
    suite: Annotated[
        str,
        typer.Argument(
            help="seed, ner, times, attribution, html, events, storylines, xdoc, names, "
            "timeline, or all"
        ),
    ],
    data: Annotated[
        Path | None, typer.Option(help="evaluation data folder (../shared/eval)")
    ] = None,
    limit: Annotated[int | None, count_opt("score only the first N items")] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f")] = EvalFormat.text,
    save: Annotated[Path | None, typer.Option(help="also write each suite's JSON here")] = None,
) -> None:
    """Measure extraction quality on public data beside the open baselines."""
    from newsgraph.eval import available, report, run_suite

    names = available() if suite == "all" else [suite]
    results = [run_api(partial(run_suite, name, data, limit)) for name in names]
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        for result, data_json in zip(results, report.as_json(results), strict=True):
            (save / f"{result.suite}.json").write_text(json.dumps(data_json, indent=2) + "\n")
    if fmt is EvalFormat.markdown:
        command = "newsgraph eval " + " ".join(sys.argv[2:]) if len(sys.argv) > 2 else suite
        sys.stdout.write(report.as_markdown(results, command))
    elif fmt is EvalFormat.json:
        sys.stdout.write(json.dumps(report.as_json(results), indent=2) + "\n")
    else:
        Console(highlight=False).print(report.as_text(results))


@app.command()
def batch(
    paths: Annotated[list[str], typer.Argument(help="files or folders: articles, JSONL, WARC")],
    engine: Annotated[str, typer.Option(help="local (in process) or ray")] = "local",
    address: Annotated[
        str | None, typer.Option(help="Ray cluster: auto or ray://HOST:PORT (default: local)")
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=MAX_WORKERS,
            help=f"analysis workers (Ray: CPUs of a local Ray; 1 to {MAX_WORKERS})",
        ),
    ] = 1,
    db: Annotated[str | None, typer.Option(help="database URL to store briefs in")] = None,
    out: Annotated[Path | None, typer.Option(help="folder for Parquet output")] = None,
    blocks: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="time blocks to resolve stored articles in (default: local 1, Ray one per "
            "1,000 articles)",
        ),
    ] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Analyse a corpus in batch, on this machine or on Ray, into a database or Parquet."""
    from newsgraph.jobs import run_batch

    def tell(done: int, total: int) -> None:
        if fmt is Format.text:  # one line that moves on a terminal, a line a chunk in a log
            live = sys.stderr.isatty()
            typer.echo(f"\r{done}/{total} articles", err=True, nl=not live or done == total)

    report = run_api(
        lambda: run_batch(
            paths,
            engine=engine,
            db=db,
            out=out,
            workers=workers,
            address=address,
            progress=tell,
            blocks=blocks,
        )
    )
    rate = len(report.written) / report.seconds if report.seconds else 0.0
    data = {
        "written": len(report.written),
        "failed": [{"source": s, "error": e} for s, e in report.failed],
        "seconds": round(report.seconds, 2),
        "articles_per_second": round(rate, 2),
        "startup_seconds": round(report.startup_seconds, 2),
        "analyse_seconds": round(report.analyse_seconds, 2),
        "resolve_seconds": round(report.resolve_seconds, 2),
    }
    if fmt is Format.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        typer.echo(
            f"{len(report.written)} written, {len(report.failed)} failed "
            f"in {report.seconds:.1f} s ({rate:.2f} articles/s; start-up "
            f"{report.startup_seconds:.1f} s, analysis {report.analyse_seconds:.1f} s, "
            f"resolution {report.resolve_seconds:.1f} s)"
        )
        for source, error in report.failed:
            typer.echo(f"  {render.printable(source)}: {render.printable(error)}")
    if report.failed and not report.written:
        fail(f"nothing written: all {len(report.failed)} inputs failed")


# --------------------------------------------------------------------------- across articles


import newsgraph.cli_knowledge  # noqa: E402,F401  (registers its commands on app)


def main() -> None:
    """Entry point: usage errors exit 2 (click's convention), everything else as above."""
    app(prog_name="newsgraph")
