"""``newsgraph db upgrade`` and ``newsgraph db current`` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.store import SqlStore
from newsgraph.store import schema as s


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'news.db'}"


def test_upgrade_then_current(url: str) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["db", "upgrade", "--db", url, "-f", "json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["after"] == s.HEAD_REVISION
    again = runner.invoke(app, ["db", "upgrade", "--db", url])
    assert again.exit_code == 0 and f"revision {s.HEAD_REVISION}" in again.stdout
    current = runner.invoke(app, ["db", "current"], env={"NEWSGRAPH_DB": url})
    assert current.exit_code == 0, current.output
    assert f"revision {s.HEAD_REVISION} (this newsgraph: {s.HEAD_REVISION})" in current.stdout
    assert "newsgraph:newsgraph@" not in current.stdout  # no password shown
    SqlStore(url).close()  # the store opens what the migrations built


def test_current_of_a_fresh_store_in_json(url: str) -> None:
    SqlStore(url).close()
    result = CliRunner().invoke(app, ["db", "current", "--db", url, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["revision"] == json.loads(result.stdout)["head"]


@pytest.mark.parametrize("bad", ["memory://", "mysql://x/y"])
def test_db_commands_refuse_what_has_no_schema(bad: str) -> None:
    result = CliRunner().invoke(app, ["db", "upgrade", "--db", bad])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "has no SQL schema" in result.stderr


def test_current_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["db", "current", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no database at" in result.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.mark.postgres
def test_current_masks_a_password_given_in_the_query(pg_url: str) -> None:
    from sqlalchemy.engine import make_url

    given = make_url(pg_url)
    url = given.set(password=None).update_query_dict({"password": given.password or ""})
    typed = url.render_as_string(hide_password=False)
    SqlStore(typed).close()
    for fmt in ("text", "json"):
        result = CliRunner().invoke(app, ["db", "current", "--db", typed, "-f", fmt])
        assert result.exit_code == 0, result.output
        assert f"password={given.password}" not in result.output
        assert "password=***" in result.output
