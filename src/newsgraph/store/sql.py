"""SqlStore: briefs and what is known of them, kept in a SQL database through
SQLAlchemy 2 Core: a SQLite file, an in-memory SQLite database (``sqlite://``, one per
store, what tests of other layers use), or PostgreSQL.

The class is assembled from one part per concern of the Store protocol (``sql_articles``,
``sql_ledger``, ``sql_knowledge``) over the shared plumbing of ``sql_io``; this module
opens the database, checks it is ours and at this code's schema, and closes it. Each
write is one transaction that first takes the writers' lock (``BEGIN IMMEDIATE`` on
SQLite, an advisory lock on PostgreSQL, see ``engines``), so concurrent writers queue
instead of duplicating an article, failing halfway through, or deadlocking.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, func, insert, inspect, select

from newsgraph.errors import StoreError
from newsgraph.store import engines, locks, migrate, search_postgres, search_sqlite
from newsgraph.store import schema as s
from newsgraph.store.sql_articles import SqlArticles
from newsgraph.store.sql_knowledge import SqlKnowledge
from newsgraph.store.sql_ledger import SqlLedger


class SqlStore(SqlArticles, SqlLedger, SqlKnowledge):
    """A :class:`~newsgraph.store.protocols.Store` over SQLite or PostgreSQL."""

    def __init__(self, url: str, *, fts: bool = True, read_only: bool = False) -> None:
        """Open (and create if missing) the database at ``url``. ``fts=False`` creates a
        new SQLite database without the FTS5 index, to run the portable search path; a
        database that already has the index keeps using (and updating) it. ``read_only``
        writes nothing, on open or after (see ``engines.make_engine``)."""
        self._label = engines.describe(url)
        self._read_only = read_only and not engines.is_memory(url)
        self._engine = engines.make_engine(url, self._label, read_only=self._read_only)
        self._dialect = self._engine.dialect.name
        self._is_sqlite = self._dialect == "sqlite"
        self._lock = threading.RLock() if engines.is_memory(url) else None
        self._knowledge_lock = locks.KnowledgeLock(
            self._engine,
            None
            if self._lock
            else locks.sqlite_file(self._engine.url.database)
            if self._is_sqlite
            else None,
        )
        self._fts = False
        try:
            self._init_schema(want_fts=fts or not self._is_sqlite)
        except BaseException:
            self._engine.dispose()
            raise

    def _init_schema(self, want_fts: bool) -> None:
        """Check the database is ours (or empty) and at this code's schema revision before
        changing anything in it, then switch SQLite to WAL and create what is missing (a
        fresh database is stamped at the head revision). Opening a complete database
        writes nothing, so it never waits on another process's write."""
        with self._read() as conn:
            tables = self._check_database(conn)
        if self._read_only:
            _check_complete(tables, self._label)
            with self._read() as conn:
                self._fts = _has_search(conn, self._dialect)
            return
        if self._is_sqlite:
            with self._guard():
                engines.enable_wal(self._engine)
        if not {t.name for t in s.metadata.sorted_tables} <= tables:
            with self._write() as conn:
                tables = self._check_database(conn)  # another process may have won the race
                s.metadata.create_all(conn)
                if not tables:
                    migrate.stamp_head(conn)
                    conn.execute(insert(s.schema_version).values(version=s.SCHEMA_VERSION))
                    if want_fts:
                        _create_search(conn, self._dialect)
        with self._read() as conn:
            self._fts = _has_search(conn, self._dialect)

    def _check_database(self, conn: Connection) -> set[str]:
        """The tables of a newsgraph database this code can use; StoreError otherwise."""
        tables = set(inspect(conn).get_table_names())
        if tables and s.schema_version.name not in tables:
            raise StoreError(f"not a newsgraph database: {self._label}")
        if tables:
            _check_version(conn, self._label)
            migrate.check_revision(migrate.read_revision(conn, tables), self._label)
        return tables

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# ---------------------------------------------------------------------- helpers


def _create_search(conn: Connection, dialect: str) -> None:
    """The word index and, beside it, the substring one (``store.substring``)."""
    if dialect == "sqlite":
        search_sqlite.create_search(conn)
        search_sqlite.create_trigram(conn)
    elif dialect == "postgresql":
        search_postgres.create_search(conn)
        search_postgres.create_trigram(conn)


def _has_search(conn: Connection, dialect: str) -> bool:
    """Whether the full-text index exists (else search falls back to the portable path)."""
    if dialect == "sqlite":
        return s.FTS_TABLE in inspect(conn).get_table_names()
    if dialect == "postgresql":
        return search_postgres.installed(conn)
    return False


def _check_complete(tables: set[str], label: str) -> None:
    """A database opened read-only must hold every table already: it cannot make them."""
    missing = sorted({t.name for t in s.metadata.sorted_tables} - tables)
    if not tables:
        raise StoreError(
            f"database {label} is empty and was opened read-only: ingest something into it first"
        )
    if missing:
        raise StoreError(
            f"database {label} lacks tables ({', '.join(missing)}) and was "
            "opened read-only: run `newsgraph db upgrade --db URL` once"
        )


def _check_version(conn: Connection, label: str) -> None:
    version = conn.execute(select(func.max(s.schema_version.c.version))).scalar()
    if version is None:
        raise StoreError(f"not a newsgraph database: {label} (no schema version)")
    if version > s.SCHEMA_VERSION:
        raise StoreError(
            f"database {label} has schema version {version}; this newsgraph reads up to "
            f"{s.SCHEMA_VERSION}: upgrade newsgraph"
        )
