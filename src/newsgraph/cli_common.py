"""What every newsgraph command shares: the Typer app, the --format and --db options, and
the one way a command calls the API, prints its result and fails (one line, exit 1).

The commands live in ``cli`` (one article, ingest, serve, eval, batch) and
``cli_knowledge`` (the resolved knowledge: storylines, timelines, entities, changes,
export, the database); both register on ``app``.
"""

from __future__ import annotations

import dataclasses
import io
import json
import signal
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, BinaryIO, TypeVar

import typer
from rich.console import Console, RenderableType

from newsgraph import api, render
from newsgraph.errors import NewsgraphError
from newsgraph.store import Store
from newsgraph.store.engines import redact

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


def count_opt(help_text: str) -> Any:
    return typer.Option(min=1, max=MAX_COUNT, help=f"{help_text} (1 to {MAX_COUNT})")


def fail(message: str) -> None:
    """One line on stderr, with any terminal control characters from the input defused."""
    typer.echo(f"error: {' '.join(render.printable(redact(message)).split())}", err=True)
    raise typer.Exit(1)


def run_api(func: Callable[[], T]) -> T:
    """Call into the API; turn newsgraph's own errors (and a broken pipe) into exit 1.

    Anything else is a bug, but the contract still holds: one line and exit 1, never a
    traceback, with the exception type named so the report is useful.
    """
    try:
        return func()
    except NewsgraphError as exc:
        fail(str(exc))
    except KeyboardInterrupt:  # Ctrl-C: one line, and the shell's exit status for SIGINT
        typer.echo("error: interrupted", err=True)
        raise typer.Exit(128 + signal.SIGINT) from None
    except BrokenPipeError:
        raise typer.Exit(0) from None
    except Exception as exc:  # the last line of defence for the CLI contract
        fail(f"internal error ({type(exc).__name__}: {exc}); please report it")
    raise AssertionError("unreachable")


def stdin_bytes() -> BinaryIO:
    """Standard input as bytes; a closed stdin (``<&-``) reads as empty, not as a crash."""
    return sys.stdin.buffer if sys.stdin is not None else io.BytesIO()


def emit(fmt: Format, data: Any, renderable: Callable[[], RenderableType]) -> None:
    if fmt is Format.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        Console(highlight=False, soft_wrap=False).print(renderable())


def plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    return [plain(o) for o in obj] if isinstance(obj, list) else obj


def with_store(db: str, read: Callable[[Store], T], *, read_only: bool = True) -> T:
    """Open the store, read from it, close it: the shape of every read-back command (read
    only, so a database this user may not write can be read)."""

    def get() -> T:
        with api.open_store(db, read_only=read_only) as store:
            return read(store)

    return run_api(get)
