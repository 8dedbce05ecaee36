"""The connection plumbing every part of SqlStore shares: one transaction per call, driver
errors translated at this boundary, every write queued behind the writers' lock.

SqlStore (``store.sql``) is built from one class per concern of the Store protocol
(``sql_articles``, ``sql_ledger``, ``sql_knowledge``); each is a ``SqlIO`` that reaches the
database only through ``_read`` and ``_write``, so none can forget the lock or the
translation. ``SqlStore.__init__`` sets the attributes declared here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, select

from newsgraph.errors import NotFoundError, StoreError
from newsgraph.store import engines
from newsgraph.store import schema as s

LINK_CHUNK = 500  # ids per IN (...) query: a bounded statement however many are asked for


class SqlIO:
    """Transactions over one engine, shared by the concern classes of SqlStore."""

    _engine: Engine
    _label: str  # what messages call the database: its file path, or the URL masked
    _read_only: bool
    _dialect: str
    _is_sqlite: bool
    _fts: bool  # whether the full-text index exists (else search takes the portable path)
    # One in-memory SQLite connection is shared by every thread: its use is serialised.
    _lock: threading.RLock | None

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Translate driver errors into one-line StoreErrors at this boundary."""
        with engines.translated(self._label), self._lock or nullcontext():
            yield

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._guard(), self._engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        if self._read_only:
            raise StoreError(
                f"database {self._label} is opened read-only; this needs a "
                "writing command (or serve --write-token)"
            )
        with self._guard(), self._engine.connect() as conn:
            conn.execution_options(newsgraph_write=True)
            with conn.begin():
                engines.lock_writers(conn)
                yield conn


def chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    """``ids`` in slices of ``LINK_CHUNK``, one IN (...) query each."""
    for start in range(0, len(ids), LINK_CHUNK):
        yield ids[start : start + LINK_CHUNK]


def require_article(conn: Connection, article_id: str) -> None:
    a = s.articles.c
    if conn.execute(select(a.id).where(a.id == article_id)).first() is None:
        raise NotFoundError(f"no article with id {article_id!r}")


def require_articles(conn: Connection, article_ids: Iterable[str]) -> None:
    """NotFoundError naming the first of ``article_ids`` that is not stored."""
    wanted = set(article_ids)
    if not wanted:
        return
    a = s.articles.c
    found = set(conn.execute(select(a.id).where(a.id.in_(wanted))).scalars())
    for missing in sorted(wanted - found)[:1]:
        raise NotFoundError(f"no article with id {missing!r}")


def now() -> str:
    """A timestamp that sorts as text: UTC, ISO 8601, to the microsecond."""
    return datetime.now(UTC).isoformat(timespec="microseconds")
