"""Engines for SqlStore and the migrations: URL handling, per-dialect connection settings,
the writers' lock, and driver errors translated into one line a user can act on.

Writers queue on one lock per database, so two processes never interleave their
check-then-write sequences (which article a brief updates, which storyline exists) and
never deadlock on each other's row locks: ``BEGIN IMMEDIATE`` on SQLite, a transaction-level
advisory lock on PostgreSQL. Readers never wait (WAL on SQLite, MVCC on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from newsgraph import config
from newsgraph.errors import NewsgraphError, StoreError

BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"
POSTGRES_DRIVER = "psycopg"  # psycopg 3, from the ``postgres`` extra
INSTALL_POSTGRES = "pip install 'newsgraph[postgres]'"
# pg_advisory_xact_lock key shared by every newsgraph writer of one database ("ngrp").
WRITE_LOCK_KEY = 0x6E677270


def driver_url(url: str) -> URL:
    """The SQLAlchemy URL, a bare ``postgresql://`` mapped to the psycopg 3 dialect."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r}") from exc
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername=f"postgresql+{POSTGRES_DRIVER}")
    return parsed


def is_memory(url: str) -> bool:
    parsed = driver_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def missing_sqlite_file(url: str) -> bool:
    """A SQLite file URL whose file does not exist (yet)."""
    parsed = driver_url(url)
    return (parsed.get_backend_name() == "sqlite" and not is_memory(url)
            and not Path(parsed.database or "").exists())


def describe(url: str) -> str:
    """What to call the database in messages: its file path, or the URL without password."""
    parsed = driver_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return make_url(url).render_as_string(hide_password=True)


def sql_url(url: str | None) -> str:
    """A SQL URL from what users type: a bare file path is a SQLite file."""
    url = (url if url is not None else config.DEFAULT_DB_URL).strip()
    if not url:
        raise StoreError("no database given")
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.split("://", 1)[0].split("+", 1)[0].lower() not in ("sqlite", "postgresql"):
        raise StoreError(f"{url.split('://', 1)[0]}:// has no SQL schema; use sqlite:///PATH "
                         "or postgresql://...")
    return url


def make_engine(url: str, label: str) -> Engine:
    parsed = driver_url(url)
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except (NoSuchModuleError, ImportError) as exc:
            if parsed.drivername == f"postgresql+{POSTGRES_DRIVER}":
                raise StoreError(
                    f"no PostgreSQL driver for {label}: {INSTALL_POSTGRES}") from exc
            raise StoreError(f"no driver for {label}: {exc}") from exc
    if is_memory(url):
        engine = create_engine(
            parsed, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        check_sqlite_file(Path(parsed.database or ""))
        engine = create_engine(parsed, connect_args={"check_same_thread": False})
    configure_sqlite(engine)
    return engine


def lock_writers(conn: Connection) -> None:
    """Queue behind any other newsgraph writer until this transaction ends (PostgreSQL;
    SQLite's ``BEGIN IMMEDIATE`` already did the same)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})


@contextmanager
def translated(label: str) -> Iterator[None]:
    """Driver errors become one-line StoreErrors at this boundary."""
    try:
        yield
    except NewsgraphError:
        raise
    except SQLAlchemyError as exc:
        raise StoreError(explain(exc, label)) from exc


def check_sqlite_file(path: Path) -> None:
    """Refuse, before SQLite touches it, any path that is not (or cannot be) a SQLite file."""
    if path.is_dir():
        raise StoreError(f"cannot open database {path}: it is a directory")
    if not path.parent.is_dir():
        raise StoreError(f"cannot open database {path}: directory {path.parent} does not exist")
    if not path.exists():
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot open database {path}: {exc.strerror or exc}") from exc
    if header and header != SQLITE_HEADER:
        raise StoreError(f"not a newsgraph database: {path}")


def configure_sqlite(engine: Engine) -> None:
    """Foreign keys, a busy timeout, and transactions begun by us: BEGIN IMMEDIATE for
    writes so they queue on the timeout. (WAL is set once the file is known to be ours.)"""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # pysqlite must not begin transactions itself
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            # With WAL, NORMAL never corrupts; a power cut may lose only the last commits.
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("newsgraph_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def enable_wal(engine: Engine) -> None:
    """WAL is a property of the file (it persists), so setting it once on open is enough;
    it must run outside a transaction, hence the raw connection."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
    finally:
        raw.close()


def explain(exc: SQLAlchemyError, label: str) -> str:
    """One line a user can act on, from a driver error."""
    detail = (str(getattr(exc, "orig", None) or exc).splitlines() or [""])[0]
    lowered = detail.lower()
    if "file is not a database" in lowered:
        return f"not a newsgraph database: {label}"
    if "malformed" in lowered or "corrupt" in lowered:
        return f"database {label} is damaged ({detail}); restore it from a backup"
    if "unable to open database" in lowered:
        return f"cannot open database {label}: check the path and its permissions"
    if "password authentication failed" in lowered or (
            "role" in lowered and "does not exist" in lowered):
        return f"cannot connect to {label}: check the user name and password ({detail})"
    if "connection" in lowered and ("refused" in lowered or "failed" in lowered):
        return f"cannot connect to {label} ({detail}); is the server running?"
    if "locked" in lowered or "busy" in lowered:
        return f"database {label} is busy (another process is writing); try again"
    if "readonly" in lowered or "read-only" in lowered:
        return f"database {label} is read-only"
    return f"database error on {label}: {detail}"
