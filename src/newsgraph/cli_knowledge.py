"""Commands over the resolved knowledge: storylines, timelines, entities (and merging or
splitting them), what changed since a moment, the export, and the database itself.

Each is a thin layer over ``newsgraph.read`` or ``newsgraph.api``: open the store read-only,
build a view, print it as text or JSON (the same content).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any

import typer

from newsgraph import api, export, read, render
from newsgraph.cli_common import (
    DbOpt,
    Format,
    FormatOpt,
    app,
    count_opt,
    emit,
    fail,
    plain,
    run_api,
    with_store,
)
from newsgraph.config import DEFAULT_DB_URL
from newsgraph.read.changes import changes as read_changes
from newsgraph.read.dates import parse_day, parse_moment

# ``entities`` lists (as before) and holds the ``merge`` and ``split`` sub-commands.
entities_app = typer.Typer(help="List the resolved entities; merge or split them.")
app.add_typer(entities_app, name="entities")


@entities_app.callback(invoke_without_command=True)
def entities(
    ctx: typer.Context,
    type_: Annotated[
        str | None, typer.Option("--type", help="PERSON, ORG, COUNTRY, PLACE, GROUP")
    ] = None,
    limit: Annotated[int, count_opt("most entities to list")] = 100,
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """List the resolved entities, those named in most articles first."""
    if ctx.invoked_subcommand is not None:
        return

    rows = with_store(db, lambda store: read.entity_list(store, type_, limit))
    emit(fmt, plain(rows), lambda: render.entities_table(rows))


@app.command()
def storylines(
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
    actor: Annotated[
        str | None,
        typer.Option(
            help="only storylines with this party or mediator: a country by any of its "
            "names ('US', 'Syrian') or a person or organisation by name",
        ),
    ] = None,
    dyad: Annotated[
        str | None,
        typer.Option(
            help="only storylines between these two parties, comma-separated: 'Israel,Syria'"
        ),
    ] = None,
) -> None:
    """List storylines: articles about one developing story, with who it is between
    (dyad, mediators, kind of event) and their events."""
    views = with_store(db, lambda store: read.storyline_views(store, actor, dyad))
    emit(fmt, plain(views), lambda: render.storylines_report(views))


@app.command()
def changes(
    since: Annotated[
        str,
        typer.Option(
            help="first stored at or after: a date (2026-01-05), a UTC time "
            "(2026-01-05T10:30Z) or a span back from now (36h, 7d, 2w)"
        ),
    ],
    storyline: Annotated[str | None, typer.Option(help="only this storyline (its id)")] = None,
    entity: Annotated[str | None, typer.Option(help="only this resolved entity (its id)")] = None,
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """What changed since a moment: new events, people, roles and disagreements between
    sources, each with its evidence. "Since" is when the store first stored an article."""
    run_api(lambda: parse_moment(since, "--since"))  # a bad date is one line before any I/O
    view = with_store(
        db, lambda store: read_changes(store, since, storyline=storyline, entity=entity)
    )
    emit(fmt, plain(view), lambda: render.changes_report(view))


@app.command()
def timeline(
    key: Annotated[str, typer.Argument(help="a storyline id, or an entity's name or id")],
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all", help="also the events with no one named or no date (left out by default)"
        ),
    ] = False,
) -> None:
    """A storyline's (or an entity's) events in date order, with their sources: those a
    named participant did on a known date, then the history its articles recall."""
    data = with_store(db, lambda store: read.timeline(store, key, show_all=show_all))
    emit(fmt, plain(data), lambda: render.timeline_report(data))


@app.command()
def entity(
    name: Annotated[str, typer.Argument(help="a name (any spelling) or a resolved entity id")],
    all_: Annotated[
        bool, typer.Option("--all", help="list every candidate with its score")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="show who held each of its roles on this day, YYYY-MM-DD"),
    ] = None,
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """The resolved entity best matching NAME: aliases, roles over time, quotes, events."""
    day = run_api(lambda: parse_day(as_of, "--as-of")) if as_of is not None else None
    if all_:
        matches = with_store(db, lambda store: read.find_entities(store, name))
        emit(fmt, plain(matches), lambda: render.entity_matches_table(matches))
        return
    view = with_store(db, lambda store: read.entity_view(store, read.best_entity(store, name), day))
    emit(fmt, plain(view), lambda: render.entity_report(view))


@entities_app.command("merge")
def entities_merge(
    keep: Annotated[str, typer.Argument(help="resolved entity id that stays")],
    other: Annotated[str, typer.Argument(help="resolved entity id folded into KEEP")],
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """Merge two resolved entities (undo it with: newsgraph entities split KEEP)."""
    row = with_store(db, lambda store: api.merge_entities(store, keep, other), read_only=False)
    emit(fmt, plain(row), lambda: render.global_entities_table("Merged", [row]))


@entities_app.command("split")
def entities_split(
    global_id: Annotated[str, typer.Argument(help="resolved entity id to split by name")],
    db: DbOpt = DEFAULT_DB_URL,
    fmt: FormatOpt = Format.text,
) -> None:
    """Undo merges: one resolved entity per distinct name again."""
    rows = with_store(db, lambda store: api.split_entity(store, global_id), read_only=False)
    emit(fmt, plain(rows), lambda: render.global_entities_table("Split into", rows))


@app.command("export")
def export_(
    fmt: Annotated[export.ExportFormat, typer.Option("--format", "-f", help="output format")],
    out: Annotated[Path, typer.Option("--output", "-o", help="file (a folder for parquet)")],
    db: DbOpt = DEFAULT_DB_URL,
) -> None:
    """Export articles, resolved entities, events and storylines (jsonl, csv, graphml, parquet)."""
    counts = with_store(db, lambda store: export.export(store, fmt, out))
    typer.echo(", ".join(f"{n} {kind}" for kind, n in counts.items()) + f" -> {out}", err=True)


# --------------------------------------------------------------------------- db

db_app = typer.Typer(
    help="The database: upgrade its schema, show its revision, check its knowledge."
)
app.add_typer(db_app, name="db")


def _emit_line(fmt: Format, data: Any, line: str) -> None:
    """JSON, or one plain line never wrapped (a URL or path stays copyable)."""
    if fmt is Format.json:
        emit(fmt, data, lambda: line)
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

    done = run_api(lambda: migrate.upgrade(db))
    _emit_line(fmt, plain(done), _revision_line(done))


@db_app.command("current")
def db_current(db: DbOpt = DEFAULT_DB_URL, fmt: FormatOpt = Format.text) -> None:
    """Show the database's schema revision and the one this version needs."""
    from newsgraph.store import migrate

    done = run_api(lambda: migrate.current(db))
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
    report = run_api(lambda: api.check_knowledge(db, repair=repair))
    data = {**dataclasses.asdict(report), "ok": report.ok}
    emit(fmt, data, lambda: render.check_report(report))
    if not report.ok:
        fail(
            f"{len(report.findings)} knowledge invariant(s) broken; "
            + ("repair did not fix them" if repair else "run: newsgraph db check --repair")
        )
