"""Alembic environment for newsgraph's shipped migrations.

``newsgraph.store.migrate`` runs Alembic with an open connection (inside its transaction,
holding the writers' lock) in ``config.attributes["connection"]``; run by the ``alembic``
command itself, the URL comes from ``sqlalchemy.url`` or ``NEWSGRAPH_DB``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from newsgraph import config as settings
from newsgraph.store import engines
from newsgraph.store.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or settings.DEFAULT_DB_URL
    label = engines.describe(url)
    engine = engines.make_engine(url, label)
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("newsgraph migrations run online only: use `newsgraph db upgrade`")
run_migrations_online()
