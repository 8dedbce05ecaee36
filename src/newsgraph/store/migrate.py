"""Schema revisions: the Alembic migrations shipped in ``store/migrations``, and the
revision check every SqlStore makes on open.

A store never imports Alembic to open a database: a fresh database is created from
``schema.metadata`` and stamped with ``schema.HEAD_REVISION`` directly (a test proves the
migrations build exactly that schema). ``newsgraph db upgrade`` is where Alembic runs.
Databases made before Alembic (a ``schema_version`` row, no ``alembic_version``) count as
revision ``schema.LEGACY_REVISION``; revision 0001 is written to complete them safely.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    inspect,
    select,
)

from newsgraph.errors import StoreError
from newsgraph.store import engines
from newsgraph.store import schema as s

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"

# Alembic's own version table, as its ``stamp`` would create it.
alembic_version = Table(
    VERSION_TABLE,
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def read_revision(conn: Connection, tables: set[str]) -> str | None:
    """The database's revision: None when empty, the legacy one before Alembic."""
    if VERSION_TABLE in tables:
        return conn.execute(select(alembic_version.c.version_num)).scalar()
    return s.LEGACY_REVISION if s.schema_version.name in tables else None


def check_revision(revision: str | None, label: str) -> None:
    """Refuse a database this code cannot use, saying which side to upgrade."""
    if revision is None or revision == s.HEAD_REVISION:
        return
    if revision in s.REVISIONS:
        raise StoreError(
            f"database {label} is at schema revision {revision}, this newsgraph needs "
            f"{s.HEAD_REVISION}: run `newsgraph db upgrade --db URL` once"
        )
    raise StoreError(
        f"database {label} has schema revision {revision}, unknown to this newsgraph "
        f"(it knows up to {s.HEAD_REVISION}): upgrade newsgraph"
    )


def stamp_head(conn: Connection) -> None:
    """Record a database just created from ``schema.metadata`` as being at head."""
    alembic_version.create(conn, checkfirst=True)
    conn.execute(alembic_version.delete())
    conn.execute(alembic_version.insert().values(version_num=s.HEAD_REVISION))


@dataclass(frozen=True)
class Upgrade:
    """What ``newsgraph db upgrade`` did: the revision before (None: empty) and after."""

    database: str
    before: str | None
    after: str | None


def upgrade(url: str | None, revision: str = "head") -> Upgrade:
    """Run the migrations up to ``revision`` on the database at ``url`` (created if new),
    in one transaction holding the writers' lock, so a concurrent ingest waits for it."""
    from alembic import command
    from alembic.util.exc import CommandError

    url = engines.sql_url(url)
    label = engines.describe(url)
    engine = engines.make_engine(url, label)
    try:
        with engines.translated(label), engine.connect() as conn:
            conn.execution_options(newsgraph_write=True)
            with conn.begin():
                engines.lock_writers(conn)
                before = _ours(conn, label)
                try:
                    command.upgrade(_config(conn), revision)
                except CommandError as exc:
                    raise StoreError(f"cannot upgrade {label}: {exc}") from exc
                after = read_revision(conn, set(inspect(conn).get_table_names()))
    finally:
        engine.dispose()
    return Upgrade(label, before, after)


def current(url: str | None) -> Upgrade:
    """The database's revision (before = after), read-only: it changes nothing, and reads
    a database this user may not write."""
    url = engines.sql_url(url)
    label = engines.describe(url)
    if engines.missing_sqlite_file(url):
        raise StoreError(f"no database at {label}")
    engine = engines.make_engine(url, label, read_only=True)
    try:
        with engines.translated(label), engine.connect() as conn, conn.begin():
            found = _ours(conn, label)
    finally:
        engine.dispose()
    return Upgrade(label, found, found)


def head() -> str:
    """The newest revision of the shipped migrations, as Alembic reads them."""
    from alembic.script import ScriptDirectory

    found = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    return found or ""


def _ours(conn: Connection, label: str) -> str | None:
    """The revision of a newsgraph (or empty) database; refuse anything else."""
    tables = set(inspect(conn).get_table_names())
    if tables and not tables & {s.schema_version.name, VERSION_TABLE}:
        raise StoreError(f"not a newsgraph database: {label}")
    found = read_revision(conn, tables)
    if found not in (None, *s.REVISIONS):
        check_revision(found, label)
    return found


def _config(conn: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config
