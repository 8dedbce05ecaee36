"""The knowledge lock: one writer at a time changes the resolved knowledge of a database.

Saving a brief is one short transaction behind the writers' lock (``engines.lock_writers``).
Resolving it is longer: read the knowledge log, bring the in-memory indexes up to date,
place the article, link its entities, write the rows, append to the log. Two processes
doing that at once would each decide from a state that misses the other's article (one
person resolved twice, a storyline emptied by one and refilled by the other), so the
whole sequence runs under this second, longer lock, taken *before* any write transaction
and never while one is open (so the two locks cannot deadlock):

- a SQLite file: ``flock`` on a file beside the database (``<db>-knowledge.lock``); the
  kernel releases it when the process dies, however it dies;
- an in-memory SQLite database (one process): a thread lock;
- PostgreSQL: a session advisory lock on a connection of its own, released on exit or
  when the connection drops.

The lock is re-entrant within a thread, so a knowledge step may call another.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from newsgraph.errors import StoreError

# pg_advisory_lock key of the knowledge lock ("ngkb"), apart from the writers' lock key.
KNOWLEDGE_LOCK_KEY = 0x6E676B62
LOCK_SUFFIX = "-knowledge.lock"


class KnowledgeLock:
    """A re-entrant, cross-process lock over one database's knowledge (see the module)."""

    def __init__(self, engine: Engine, sqlite_path: str | None) -> None:
        self._engine = engine
        self._path = Path(sqlite_path + LOCK_SUFFIX) if sqlite_path else None
        self._local = threading.RLock()  # threads of this process queue here first
        self._depth = 0

    def __call__(self) -> AbstractContextManager[None]:
        return self._held()

    @contextmanager
    def _held(self) -> Iterator[None]:
        with self._local:
            if self._depth:  # already held by this thread
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            with self._across_processes():
                self._depth = 1
                try:
                    yield
                finally:
                    self._depth = 0

    @contextmanager
    def _across_processes(self) -> Iterator[None]:
        if self._engine.dialect.name == "postgresql":
            with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": KNOWLEDGE_LOCK_KEY})
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": KNOWLEDGE_LOCK_KEY})
        elif self._path is not None:
            with _file_lock(self._path):
                yield
        else:  # in-memory SQLite: this process is the only one
            yield


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``path`` (created if missing), waited for."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"cannot lock {path} for writing: {exc.strerror or exc}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def sqlite_file(database: str | None) -> str | None:
    """The file path of a SQLite database name (``file:`` URIs and their query stripped);
    None for an in-memory one."""
    if not database or database == ":memory:":
        return None
    name = database.removeprefix("file:").split("?", 1)[0]
    return None if name in ("", ":memory:") or "mode=memory" in database else name
