"""Schema revisions: the shipped Alembic migrations build exactly ``schema.metadata``, a
fresh store is stamped at head, and a database at another revision is refused clearly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from store_briefs import fuel_brief, unspaced_briefs

from newsgraph.errors import StoreError
from newsgraph.store import SqlStore, engines, migrate, search_postgres
from newsgraph.store import schema as s

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
# Search objects live outside ``schema.metadata`` (FTS5 virtual table; expression index).
NOT_IN_METADATA = {search_postgres.INDEX, search_postgres.TRIGRAM_INDEX}


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'm.db'}"


def _keep(name: str | None, type_: str, _parent: object) -> bool:
    return not (name or "").startswith(s.FTS_TABLE) and name not in NOT_IN_METADATA


def schema_diff(url: str) -> list[object]:
    engine = create_engine(engines.driver_url(url))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_name": _keep})
            return list(compare_metadata(context, s.metadata))
    finally:
        engine.dispose()


def test_revisions_listed_in_schema_match_the_scripts() -> None:
    scripts = ScriptDirectory(str(migrate.MIGRATIONS))
    ordered = [r.revision for r in scripts.walk_revisions()][::-1]
    assert tuple(ordered) == s.REVISIONS
    assert migrate.head() == s.HEAD_REVISION


def test_upgrade_on_an_empty_database_builds_exactly_the_metadata(url: str) -> None:
    done = migrate.upgrade(url)
    assert (done.before, done.after) == (None, s.HEAD_REVISION)
    assert schema_diff(url) == []  # a schema change without a migration fails here
    with SqlStore(url) as store:  # and the store opens it as its own, search included
        article_id = store.save_brief(fuel_brief()).article_id
        assert store._fts
        assert [h.article_id for h in store.search("motorists")] == [article_id]


def test_fresh_store_is_stamped_at_head_and_matches_the_metadata(url: str) -> None:
    SqlStore(url).close()
    assert migrate.current(url).after == s.HEAD_REVISION
    assert schema_diff(url) == []
    again = migrate.upgrade(url)  # nothing to do
    assert (again.before, again.after) == (s.HEAD_REVISION, s.HEAD_REVISION)


def test_older_revision_asks_for_db_upgrade(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    SqlStore(url).close()
    stored = s.HEAD_REVISION
    monkeypatch.setattr(s, "REVISIONS", (*s.REVISIONS, "9999"))
    monkeypatch.setattr(s, "HEAD_REVISION", "9999")
    with pytest.raises(StoreError, match=rf"revision {stored}.*needs 9999.*newsgraph db upgrade"):
        SqlStore(url)


def test_unknown_revision_asks_to_upgrade_newsgraph(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    SqlStore(url).close()
    monkeypatch.setattr(s, "REVISIONS", ("0000",))
    monkeypatch.setattr(s, "HEAD_REVISION", "0000")
    with pytest.raises(StoreError, match=r"revision \d+, unknown.*upgrade newsgraph"):
        SqlStore(url)
    with pytest.raises(StoreError, match="upgrade newsgraph"):
        migrate.upgrade(url)


def test_database_from_before_alembic_counts_as_0001(tmp_path: Path) -> None:
    """An old SQLite file: no alembic_version, no FTS index, no cross-article tables."""
    path = tmp_path / "old.db"
    with SqlStore(f"sqlite:///{path}", fts=False) as store:
        article_id = store.save_brief(fuel_brief()).article_id
    with sqlite3.connect(path) as conn:
        for table in ("alembic_version", "entity_links", "global_entities", *_after_0001()):
            conn.execute(f"DROP TABLE {table}")
    assert migrate.current(f"sqlite:///{path}").after == s.LEGACY_REVISION
    if s.LEGACY_REVISION != s.HEAD_REVISION:
        with pytest.raises(StoreError, match="newsgraph db upgrade"):
            SqlStore(f"sqlite:///{path}")
    done = migrate.upgrade(f"sqlite:///{path}")
    assert (done.before, done.after) == (s.LEGACY_REVISION, s.HEAD_REVISION)
    assert schema_diff(f"sqlite:///{path}") == []
    with SqlStore(f"sqlite:///{path}") as store:
        assert store._fts  # the index was built, and filled from the stored articles
        assert [h.article_id for h in store.search("motorists")] == [article_id]


def _after_0001() -> list[str]:
    """Tables that revisions after 0001 added (absent from any pre-Alembic database)."""
    added = {"0002": "knowledge_features", "0003": "knowledge_snapshots", "0004": "knowledge_log"}
    return [table for revision, table in added.items() if revision in s.REVISIONS]


def test_foreign_and_missing_databases_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match="not a newsgraph database"):
        migrate.upgrade(str(other))
    with pytest.raises(StoreError, match="no database at"):
        migrate.current(str(tmp_path / "missing.db"))
    with pytest.raises(StoreError, match="has no SQL schema"):
        migrate.upgrade("memory://")


def _downgrade(url: str, revision: str) -> None:
    """Take the database back to ``revision`` with the shipped migrations' own downgrades."""
    from alembic import command

    engine = create_engine(engines.driver_url(url))
    try:
        with engine.begin() as conn:
            command.downgrade(migrate._config(conn), revision)
    finally:
        engine.dispose()


SUBSTRING_REVISION = "0005"  # substring search (FTS5 trigram table; pg_trgm index)


def test_substring_revision_indexes_the_articles_already_stored(url: str) -> None:
    before = s.REVISIONS[s.REVISIONS.index(SUBSTRING_REVISION) - 1]
    brief = unspaced_briefs()["zh"]
    with SqlStore(url) as store:
        article_id = store.save_brief(brief).article_id
    _downgrade(url, before)
    with pytest.raises(StoreError, match="newsgraph db upgrade"):
        SqlStore(url)
    done = migrate.upgrade(url)
    assert (done.before, done.after) == (before, s.HEAD_REVISION)
    assert schema_diff(url) == []
    with SqlStore(url) as store:
        assert [h.article_id for h in store.search("习近平")] == [article_id]
        assert [h.article_id for h in store.search("北京")] == [article_id]
