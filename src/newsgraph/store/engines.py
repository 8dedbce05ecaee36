"""Engines for SqlStore and the migrations: URL handling, per-dialect connection settings,
the writers' lock, and driver errors translated into one line a user can act on.

Writers queue on one lock per database, so two processes never interleave their
check-then-write sequences (which article a brief updates, which storyline exists) and
never deadlock on each other's row locks: ``BEGIN IMMEDIATE`` on SQLite, a transaction-level
advisory lock on PostgreSQL. Readers never wait (WAL on SQLite, MVCC on PostgreSQL).
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from newsgraph import config
from newsgraph.errors import NewsgraphError, StoreError

BUSY_TIMEOUT_MS = 5000
WAL_RETRY_S = 0.05  # between asks for the WAL switch while another process holds the file
SQLITE_HEADER = b"SQLite format 3\x00"
POSTGRES_DRIVER = "psycopg"  # psycopg 3, from the ``postgres`` extra
INSTALL_POSTGRES = "pip install 'newsgraph[postgres]'"
# pg_advisory_xact_lock key shared by every newsgraph writer of one database ("ngrp").
WRITE_LOCK_KEY = 0x6E677270
MASK = "***"
# A query parameter whose value is a credential: password, pass, passwd, sslpassword, pwd,
# secret, token, key... (libpq takes ``password`` and ``sslpassword`` from the query too).
_SECRET_PARAM = re.compile(
    r"([?&;][^=&#\s]*(?:pass|pwd|secret|token|key)[^=&#\s]*=)[^&#\s]*", re.IGNORECASE
)
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]*")
PORTS = "a number from 1 to 65535"


def mask_url(url: str) -> str:
    """``url`` with its password and every credential-like query value replaced by ``***``:
    the one way a database URL reaches a message, a banner or a log. It works on the text,
    not the parsed URL, so a URL that does not parse is masked as well."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    return scheme + sep + _SECRET_PARAM.sub(rf"\g<1>{MASK}", _mask_userinfo(rest))


def _mask_userinfo(rest: str) -> str:
    """``user:password@host...`` to ``user:***@host...``. The password runs to the *last*
    "@", as users leave "@" and "/" in it unescaped (masking too much is harmless)."""
    if rest.startswith("/") or "@" not in rest:
        return rest
    userinfo, _, host = rest.rpartition("@")
    user, colon, _ = userinfo.partition(":")
    return f"{user}:{MASK}@{host}" if colon else rest


def redact(text: str) -> str:
    """Free text (a driver's error, a traceback) with every URL in it masked. A password
    holding spaces is only masked by ``mask_url`` on the URL itself."""
    return _URL_IN_TEXT.sub(lambda found: mask_url(found.group(0)), text)


def driver_url(url: str) -> URL:
    """The SQLAlchemy URL, a bare ``postgresql://`` mapped to the psycopg 3 dialect. A URL
    that does not parse, or whose port is no port, is a one-line StoreError."""
    try:
        parsed = make_url(url)
    except ValueError as exc:  # SQLAlchemy's int(port)
        raise StoreError(f"bad port in database URL {mask_url(url)!r}: use {PORTS}") from exc
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {mask_url(url)!r}") from exc
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise StoreError(f"bad port in database URL {mask_url(url)!r}: use {PORTS}")
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername=f"postgresql+{POSTGRES_DRIVER}")
    return parsed


def is_memory(url: str) -> bool:
    parsed = driver_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def missing_sqlite_file(url: str) -> bool:
    """A SQLite file URL whose file does not exist (yet)."""
    parsed = driver_url(url)
    return (
        parsed.get_backend_name() == "sqlite"
        and not is_memory(url)
        and not Path(parsed.database or "").exists()
    )


def describe(url: str) -> str:
    """What to call the database in messages: its file path, or the URL masked."""
    parsed = driver_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return mask_url(url.strip())


def sql_url(url: str | None) -> str:
    """A SQL URL from what users type: a bare file path is a SQLite file."""
    url = (url if url is not None else config.DEFAULT_DB_URL).strip()
    if not url:
        raise StoreError("no database given")
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.split("://", 1)[0].split("+", 1)[0].lower() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"{url.split('://', 1)[0]}:// has no SQL schema; use sqlite:///PATH or postgresql://..."
        )
    return url


def make_engine(url: str, label: str, *, read_only: bool = False) -> Engine:
    """The engine for ``url``. ``read_only`` opens a SQLite file with ``mode=ro`` (a file
    or folder it may not write can still be read) and makes every PostgreSQL transaction
    read-only; an in-memory database is private to this process and ignores it."""
    parsed = driver_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = _server_engine(parsed, label)
        if read_only:
            _read_only_sessions(engine)
        return engine
    if is_memory(url):
        engine = create_engine(
            parsed, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        path = Path(parsed.database or "")
        check_sqlite_file(path)
        if read_only and not path.exists():
            raise StoreError(f"no database at {label}")
        engine = create_engine(
            read_only_url(path) if read_only else parsed, connect_args={"check_same_thread": False}
        )
    configure_sqlite(engine)
    return engine


def _server_engine(parsed: URL, label: str) -> Engine:
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        if parsed.drivername == f"postgresql+{POSTGRES_DRIVER}":
            raise StoreError(f"no PostgreSQL driver for {label}: {INSTALL_POSTGRES}") from exc
        raise StoreError(f"no driver for {label}: {exc}") from exc


def _read_only_sessions(engine: Engine) -> None:
    """Every transaction of every connection read-only, so the server refuses any write."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        finally:
            cursor.close()
        dbapi_conn.commit()  # SET is transactional: keep it past this first transaction


def read_only_url(path: Path) -> URL:
    """A ``mode=ro`` URI for the SQLite file at ``path``. SQLite reads a WAL database only
    where it can create the ``-shm`` file beside it; where it cannot (a folder this user
    may not write) and no writer is at work (no ``-wal`` or ``-shm`` file), the file is
    opened ``immutable``, which needs neither."""
    query = {"mode": "ro", "uri": "true"}
    wal_files = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    if not _writable(path.parent) and not any(f.exists() for f in wal_files):
        query["immutable"] = "1"
    return URL.create("sqlite", database="file:" + quote(str(path.absolute())), query=query)


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


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


def enable_wal(engine: Engine, wait_s: float = BUSY_TIMEOUT_MS / 1000) -> None:
    """WAL is a property of the file (it persists), so setting it once on open is enough;
    it must run outside a transaction, hence the raw connection. Processes opening a new
    file at once race for it: the switch needs the file to itself, SQLite can refuse it
    as locked without waiting, and a raw connection's error is the driver's own (no
    SQLAlchemy error, so ``translated`` would let it through). So a refusal is asked
    again for up to ``wait_s`` (by then another process has mostly made the switch),
    then becomes a StoreError."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            _switch_to_wal(engine)
            return
        except sqlite3.OperationalError as exc:
            if not _busy(str(exc)) or time.monotonic() >= deadline:
                raise StoreError(f"cannot switch the database to WAL: {exc}") from exc
            time.sleep(WAL_RETRY_S)


def _switch_to_wal(engine: Engine) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
    finally:
        raw.close()


def _busy(message: str) -> bool:
    """Whether a driver's message is a refusal because another connection holds the
    database (SQLite's "database is locked", "database table is locked", SQLITE_BUSY)."""
    return "locked" in message or "busy" in message


def explain(exc: SQLAlchemyError, label: str) -> str:
    """One line a user can act on, from a driver error."""
    detail = redact((str(getattr(exc, "orig", None) or exc).splitlines() or [""])[0])
    lowered = detail.lower()
    if "file is not a database" in lowered:
        return f"not a newsgraph database: {label}"
    if "malformed" in lowered or "corrupt" in lowered:
        return f"database {label} is damaged ({detail}); restore it from a backup"
    if "unable to open database" in lowered:
        return f"cannot open database {label}: check the path and its permissions"
    if "password authentication failed" in lowered or (
        "role" in lowered and "does not exist" in lowered
    ):
        return f"cannot connect to {label}: check the user name and password ({detail})"
    if "connection" in lowered and ("refused" in lowered or "failed" in lowered):
        return f"cannot connect to {label} ({detail}); is the server running?"
    if _busy(lowered):
        return f"database {label} is busy (another process is writing); try again"
    if "readonly" in lowered or "read-only" in lowered:
        return f"database {label} is read-only"
    return f"database error on {label}: {detail}"
