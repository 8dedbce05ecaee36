"""``newsgraph watch --on-change COMMAND``: after a poll that ingested something, run a
command of the user's with what changed on its standard input, as the JSON ``newsgraph
changes --since <poll start> --format json`` prints.

The command is split like a shell would split it but run without one, so nothing in it is
interpreted twice. It gets neither the database URL (which may hold a password) nor the
web write token in its environment. A command that fails, cannot start or runs too long is
one line on standard error and watching goes on; its own output goes to standard error,
so watch's standard output (JSON Lines with ``--format json``) stays clean.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shlex
import subprocess

import typer

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.read.changes import changes
from newsgraph.render import printable
from newsgraph.store import Store
from newsgraph.store.engines import redact

ON_CHANGE_SECONDS = 300  # longest an --on-change command may run before it is stopped
# Never handed to an --on-change command: the database URL (it may hold a password) and
# the web write token.
_HIDDEN_ENV = ("NEWSGRAPH_DB", "NEWSGRAPH_WRITE_TOKEN")


def parse_command(text: str) -> list[str]:
    """``--on-change`` split as a shell would split it (no shell runs it); InputError if
    it is empty or its quotes do not close."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise InputError(f"--on-change is not a command line ({exc})") from None
    if not words:
        raise InputError("--on-change needs a command")
    return words


def run_on_change(command: list[str], store: Store, since: str, db: str) -> bool:
    """Run ``command`` with the changes since ``since`` (``changes --since`` JSON) on its
    standard input, its output sent to standard error so watch's own stays clean. A
    failure is one line on stderr and False: watching goes on."""
    try:
        view = dataclasses.asdict(changes(store, since))
        payload = json.dumps(view, ensure_ascii=False, indent=2)
    except NewsgraphError as exc:
        return _hook_failed(f"could not list the changes: {exc}")
    env = {k: v for k, v in os.environ.items() if k not in _HIDDEN_ENV and db not in v}
    try:
        done = subprocess.run(
            command,
            input=(payload + "\n").encode("utf-8", "replace"),
            stdout=2,
            env=env,
            timeout=ON_CHANGE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return _hook_failed(f"{command[0]} ran past {ON_CHANGE_SECONDS} s and was stopped")
    except OSError as exc:
        return _hook_failed(f"{command[0]} could not start ({exc.strerror or exc})")
    if done.returncode != 0:
        return _hook_failed(f"{command[0]} exited with status {done.returncode}")
    return True


def _hook_failed(message: str) -> bool:
    line = " ".join(printable(redact(message)).split())
    typer.echo(f"error: --on-change: {line}; watching goes on", err=True)
    return False
