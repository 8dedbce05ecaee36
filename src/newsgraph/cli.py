"""The command line: thin commands over the Python API.

Every command that prints takes ``--format text|json``. Exit codes: 0 ok, 1 bad input or a
store problem (one line on stderr, never a traceback), 2 usage (an out-of-range number
included), 130 interrupted.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import signal
import sys
import threading
from collections.abc import Callable
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any, BinaryIO, TypeVar

import typer
from rich.console import Console, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsgraph import api, export, read, render
from newsgraph.config import DEFAULT_DB_URL
from newsgraph.errors import InputError, NewsgraphError
from newsgraph.store import Store
from newsgraph.store.engines import mask_url, redact

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="newsgraph: a sourced, queryable record of what the news reports.",
)
T = TypeVar("T")


class Format(StrEnum):
    text = "text"
    json = "json"


FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="text for people, json for scripts")
]
DbOpt = Annotated[str, typer.Option("--db", envvar="NEWSGRAPH_DB", help="database URL or file")]
# Bounds of every numeric option: past them a number is a usage error (exit 2), never a
# value the database, the OS or the machine cannot take.
MAX_COUNT = 1_000_000  # rows listed, items scored
MAX_WORKERS = 256


def _count_opt(help_text: str) -> Any:
    return typer.Option(min=1, max=MAX_COUNT, help=f"{help_text} (1 to {MAX_COUNT})")


def _fail(message: str) -> None:
    """One line on stderr, with any terminal control characters from the input defused."""
    typer.echo(f"error: {' '.join(render.printable(redact(message)).split())}", err=True)
    raise typer.Exit(1)


def _run(func: Callable[[], T]) -> T:
    """Call into the API; turn newsgraph's own errors (and a broken pipe) into exit 1.

    Anything else is a bug, but the contract still holds: one line and exit 1, never a
    traceback, with the exception type named so the report is useful.
    """
    try:
        return func()
    except NewsgraphError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:  # Ctrl-C: one line, and the shell's exit status for SIGINT
        typer.echo("error: interrupted", err=True)
        raise typer.Exit(128 + signal.SIGINT) from None
    except BrokenPipeError:
        raise typer.Exit(0) from None
    except Exception as exc:  # the last line of defence for the CLI contract
        _fail(f"internal error ({type(exc).__name__}: {exc}); please report it")
    raise AssertionError("unreachable")


def _stdin() -> BinaryIO:
    """Standard input as bytes; a closed stdin (``<&-``) reads as empty, not as a crash."""
    return sys.stdin.buffer if sys.stdin is not None else io.BytesIO()


def _emit(fmt: Format, data: Any, renderable: Callable[[], RenderableType]) -> None:
    if fmt is Format.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        Console(highlight=False, soft_wrap=False).print(renderable())


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    return [_plain(o) for o in obj] if isinstance(obj, list) else obj


@app.command()
def brief(
    source: Annotated[str, typer.Argument(help="file, http(s) URL, or - for standard input")],
    published: Annotated[str | None, typer.Option(help="publication date, YYYY-MM-DD")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Print the brief of one article."""
    result = _run(lambda: api.brief(source, published=published, stdin=_stdin()))
    _emit(fmt, result.to_dict(), lambda: render.brief_report(result))


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
        report = _run(
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
    _emit(fmt, data, lambda: render.ingest_summary(report))
    if report.failed and not report.created and not report.updated:
        _fail(f"nothing ingested: all {len(report.failed)} inputs failed")


@app.command()
def show(article_id: str, db: DbOpt = DEFAULT_DB_URL, fmt: FormatOpt = Format.text) -> None:
    """Print a stored article's brief (an unambiguous id prefix is enough)."""

    def get() -> Any:
        with api.open_store(db, read_only=True) as store:
            return store.get_brief(article_id)

    stored = _run(get)
    _emit(fmt, stored.to_dict(), lambda: render.brief_report(stored))


# ``entities`` lists (as before) and holds the ``merge`` and ``split`` sub-commands.
entities_app = typer.Typer(help="List the resolved entities; merge or split them.")
app.add_typer(entities_app, name="entities")


@entities_app.callback(invoke_without_command=True)
def entities(
    ctx: typer.Context,
    type_: Annotated[
        str | None, typer.Option("--type", help="PERSON, ORG, COUNTRY, PLACE, GROUP")
    ] = None,
    limit: Annotated[int, _count_opt("most entities to list")] = 100,
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """List the resolved entities, those named in most articles first."""
    if ctx.invoked_subcommand is not None:
        return

    rows = _with_store(db, lambda store: read.entity_list(store, type_, limit))
    _emit(fmt, _plain(rows), lambda: render.entities_table(rows))


@app.command()
def search(
    query: str,
    limit: Annotated[int, _count_opt("most articles to list")] = 20,
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """Full-text search over stored articles, and resolved entities by name."""
    hits = _with_store(db, lambda store: read.search(store, query, limit))
    _emit(fmt, _plain(hits), lambda: render.search_report(hits))


@app.command()
def articles(
    limit: Annotated[int, _count_opt("most articles to list")] = 50,
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """List stored articles, newest first."""

    def get() -> Any:
        with api.open_store(db, read_only=True) as store:
            return store.list_articles(limit=limit)

    rows = _run(get)
    _emit(fmt, _plain(rows), lambda: render.articles_table(rows))


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
    fmt: FormatOpt = Format.text,
) -> None:
    """Poll feeds and ingest their new items, remembering what was seen (Ctrl-C stops)."""
    interval = _run(lambda: parse_interval(every))
    stop = threading.Event()
    # Ctrl-C lets the item in hand finish and be saved, then stops (signals reach the
    # main thread only; elsewhere, e.g. embedded, the default handling stays).
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set()) if main else None
    try:
        with _run(lambda: api.open_store(db)) as store:
            while not stop.is_set():
                report = _run(lambda: api.poll_feeds(feeds, store, stop=stop.is_set))
                _watch_line(fmt, report)
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

    web_app = _run(lambda: create_app(db, write_token=write_token))
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
        str, typer.Argument(help="seed, ner, times, attribution, html, events, or all")
    ],
    data: Annotated[
        Path | None, typer.Option(help="evaluation data folder (../shared/eval)")
    ] = None,
    limit: Annotated[int | None, _count_opt("score only the first N items")] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f")] = EvalFormat.text,
    save: Annotated[Path | None, typer.Option(help="also write each suite's JSON here")] = None,
) -> None:
    """Measure extraction quality on public data beside the open baselines."""
    from newsgraph.eval import available, report, run_suite

    names = available() if suite == "all" else [suite]
    results = [_run(partial(run_suite, name, data, limit)) for name in names]
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
    fmt: FormatOpt = Format.text,
) -> None:
    """Analyse a corpus in batch, on this machine or on Ray, into a database or Parquet."""
    from newsgraph.jobs import run_batch

    def tell(done: int, total: int) -> None:
        if fmt is Format.text:  # one line that moves on a terminal, a line a chunk in a log
            live = sys.stderr.isatty()
            typer.echo(f"\r{done}/{total} articles", err=True, nl=not live or done == total)

    report = _run(
        lambda: run_batch(
            paths, engine=engine, db=db, out=out, workers=workers, address=address, progress=tell
        )
    )
    rate = len(report.written) / report.seconds if report.seconds else 0.0
    data = {
        "written": len(report.written),
        "failed": [{"source": s, "error": e} for s, e in report.failed],
        "seconds": round(report.seconds, 2),
        "articles_per_second": round(rate, 2),
    }
    if fmt is Format.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        typer.echo(
            f"{len(report.written)} written, {len(report.failed)} failed "
            f"in {report.seconds:.1f} s ({rate:.2f} articles/s)"
        )
        for source, error in report.failed:
            typer.echo(f"  {render.printable(source)}: {render.printable(error)}")
    if report.failed and not report.written:
        _fail(f"nothing written: all {len(report.failed)} inputs failed")


# --------------------------------------------------------------------------- across articles


def _with_store(db: str, read: Callable[[Store], T], *, read_only: bool = True) -> T:
    """Open the store, read from it, close it: the shape of every read-back command (read
    only, so a database this user may not write can be read)."""

    def get() -> T:
        with api.open_store(db, read_only=read_only) as store:
            return read(store)

    return _run(get)


@app.command()
def storylines(db: DbOpt = DEFAULT_DB_URL, fmt: FormatOpt = Format.text) -> None:
    """List storylines: articles about one developing story, with their events."""
    views = _with_store(db, read.storyline_views)
    _emit(fmt, _plain(views), lambda: render.storylines_report(views))


@app.command()
def timeline(
    key: Annotated[str, typer.Argument(help="a storyline id, or an entity's name or id")],
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """A storyline's (or an entity's) events in date order, with their sources."""
    data = _with_store(db, lambda store: read.timeline(store, key))
    _emit(fmt, _plain(data), lambda: render.timeline_report(data))


@app.command()
def entity(
    name: Annotated[str, typer.Argument(help="a name (any spelling) or a resolved entity id")],
    all_: Annotated[
        bool, typer.Option("--all", help="list every candidate with its score")
    ] = False,
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """The resolved entity best matching NAME: aliases, roles over time, quotes, events."""
    if all_:
        matches = _with_store(db, lambda store: read.find_entities(store, name))
        _emit(fmt, _plain(matches), lambda: render.entity_matches_table(matches))
        return
    view = _with_store(db, lambda store: read.entity_view(store, read.best_entity(store, name)))
    _emit(fmt, _plain(view), lambda: render.entity_report(view))


@entities_app.command("merge")
def entities_merge(
    keep: Annotated[str, typer.Argument(help="resolved entity id that stays")],
    other: Annotated[str, typer.Argument(help="resolved entity id folded into KEEP")],
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """Merge two resolved entities (undo it with: newsgraph entities split KEEP)."""
    row = _with_store(db, lambda store: api.merge_entities(store, keep, other), read_only=False)
    _emit(fmt, _plain(row), lambda: render.global_entities_table("Merged", [row]))


@entities_app.command("split")
def entities_split(
    global_id: Annotated[str, typer.Argument(help="resolved entity id to split by name")],
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """Undo merges: one resolved entity per distinct name again."""
    rows = _with_store(db, lambda store: api.split_entity(store, global_id), read_only=False)
    _emit(fmt, _plain(rows), lambda: render.global_entities_table("Split into", rows))


@app.command("export")
def export_(
    fmt: Annotated[export.ExportFormat, typer.Option("--format", "-f", help="output format")],
    out: Annotated[Path, typer.Option("--output", "-o", help="file (a folder for parquet)")],
    db: DbOpt = DEFAULT_DB_URL,
) -> None:
    """Export articles, resolved entities, events and storylines (jsonl, csv, graphml, parquet)."""
    counts = _with_store(db, lambda store: export.export(store, fmt, out))
    typer.echo(", ".join(f"{n} {kind}" for kind, n in counts.items()) + f" -> {out}", err=True)


# --------------------------------------------------------------------------- db

db_app = typer.Typer(
    help="The database: upgrade its schema, show its revision, check its knowledge."
)
app.add_typer(db_app, name="db")


def _emit_line(fmt: Format, data: Any, line: str) -> None:
    """JSON, or one plain line never wrapped (a URL or path stays copyable)."""
    if fmt is Format.json:
        _emit(fmt, data, lambda: line)
    else:
        typer.echo(render.printable(line))


def _revision_line(done: Any) -> str:
    if done.before == done.after:
        return f"{done.database}: revision {done.after or 'none (empty)'}"
    return f"{done.database}: upgraded from {done.before or 'empty'} to {done.after}"


@db_app.command("upgrade")
def db_upgrade(db: DbOpt = DEFAULT_DB_URL, fmt: FormatOpt = Format.text) -> None:
    """Bring the database's schema to this version's revision (creating it if empty)."""
    from newsgraph.store import migrate

    done = _run(lambda: migrate.upgrade(db))
    _emit_line(fmt, _plain(done), _revision_line(done))


@db_app.command("current")
def db_current(db: DbOpt = DEFAULT_DB_URL, fmt: FormatOpt = Format.text) -> None:
    """Show the database's schema revision and the one this version needs."""
    from newsgraph.store import migrate

    done = _run(lambda: migrate.current(db))
    data = {"database": done.database, "revision": done.after, "head": migrate.head()}
    _emit_line(fmt, data, _revision_line(done) + f" (this newsgraph: {data['head']})")


@db_app.command("check")
def db_check(
    repair: Annotated[
        bool, typer.Option("--repair", help="rebuild the knowledge by replaying resolution")
    ] = False,
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """Verify the knowledge's invariants (every resolved entity linked, no empty storyline,
    each article in one storyline, no entity a single writer would have merged); exit 1
    when one is broken. --repair rebuilds it first."""
    report = _run(lambda: api.check_knowledge(db, repair=repair))
    data = {**dataclasses.asdict(report), "ok": report.ok}
    _emit(fmt, data, lambda: render.check_report(report))
    if not report.ok:
        _fail(
            f"{len(report.findings)} knowledge invariant(s) broken; "
            + ("repair did not fix them" if repair else "run: newsgraph db check --repair")
        )


def main() -> None:
    """Entry point: usage errors exit 2 (click's convention), everything else as above."""
    app(prog_name="newsgraph")
