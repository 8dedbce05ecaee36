"""``newsgraph watch --on-change COMMAND``: after a poll that stored something, COMMAND
gets the changes since the poll began (``changes --format json``) on its standard input;
a failing command is one line on stderr and watching goes on; no credential reaches it."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.on_change import parse_command, run_on_change
from newsgraph.store import open_store

from .test_watch import SITE, feed_url  # noqa: F401  (the local feed server fixture)

# Writes what it was given (standard input, and the database variable if it got it).
RECORD = (
    "import json, os, sys; "
    "json.dump({'stdin': sys.stdin.read(), 'db': os.environ.get('NEWSGRAPH_DB')}, "
    "open(sys.argv[1], 'w'))"
)


def _recorder(out: Path) -> str:
    return shlex.join([sys.executable, "-c", RECORD, str(out)])


def _watch(feed: str, db: str, command: str) -> object:
    runner = CliRunner()
    return runner.invoke(
        app,
        ["watch", feed, "--once", "-f", "json", "--on-change", command],
        env={"NEWSGRAPH_DB": db},
    )


def test_the_command_gets_the_changes_of_the_poll(feed_url: str, tmp_path: Path) -> None:  # noqa: F811
    db = f"sqlite:///{tmp_path / 'w.db'}"
    out = tmp_path / "change.json"
    result = _watch(feed_url, db, _recorder(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["db"] is None  # the database URL is not handed on
    change = json.loads(got["stdin"])
    assert db not in got["stdin"] and str(tmp_path) not in got["stdin"]
    assert change["article_count"] == 2 and change["scope"] == "all"
    urls = sorted(a["article"]["url"] for a in change["articles"])
    assert urls == sorted(feed_url.replace("feed", n) for n in ("port", "farm"))
    assert set(change) >= {"events", "people", "roles", "disagreements", "since"}
    with open_store(db) as store:
        stored = {aid for aid, _ in store.stored_since(change["since"])}
    assert stored == {a["article"]["id"] for a in change["articles"]}

    out.unlink()
    again = _watch(feed_url, db, _recorder(out))  # nothing new: the command does not run
    assert again.exit_code == 0 and not out.exists()  # type: ignore[attr-defined]
    SITE.items = ["rail", "port", "farm"]
    _watch(feed_url, db, _recorder(out))
    third = json.loads(json.loads(out.read_text(encoding="utf-8"))["stdin"])
    assert [a["article"]["url"] for a in third["articles"]] == [feed_url.replace("feed", "rail")]


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (shlex.join([sys.executable, "-c", "import sys; sys.exit(3)"]), "exited with status 3"),
        ("/nonexistent/notify --now", "could not start"),
    ],
)
def test_a_failing_command_is_one_line_and_watching_goes_on(
    feed_url: str,  # noqa: F811
    tmp_path: Path,
    command: str,
    says: str,
) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    result = _watch(feed_url, db, command)
    assert result.exit_code == 0  # type: ignore[attr-defined]
    err = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(err) == 1 and says in err[0] and "watching goes on" in err[0]
    assert len(json.loads(result.stdout)["created"]) == 2  # type: ignore[attr-defined]
    with open_store(db) as store:
        assert run_on_change(shlex.split(command), store, "2000-01-01", db) is False


@pytest.mark.parametrize("bad", ["", "   ", "notify 'unclosed"])
def test_a_bad_on_change_is_one_line_and_exit_1(bad: str) -> None:
    result = CliRunner().invoke(app, ["watch", "http://127.0.0.1:9/f", "--on-change", bad])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith("error: --on-change")


def test_commands_split_like_a_shell_without_one() -> None:
    assert parse_command("notify --to 'ops team' $HOME;rm") == [
        "notify",
        "--to",
        "ops team",
        "$HOME;rm",
    ]
