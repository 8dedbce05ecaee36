"""Where briefs and what is known of them are kept: small protocols by concern
(``ArticleStore``, ``LedgerStore``, ``KnowledgeStore``, combined as ``Store``) and one SQL
backend for a SQLite file, an in-memory SQLite database, and PostgreSQL.

``open_store(url)`` is the only constructor other layers need::

    with open_store("sqlite:///newsgraph.db") as store:
        result = store.save_brief(brief)
        store.search("ceasefire")

Tests of other layers use ``open_store("sqlite://")`` (``memory://`` is the same): a
private in-memory database that passes the same contract suite as the others.
"""

from __future__ import annotations

from newsgraph import config
from newsgraph.errors import StoreError
from newsgraph.store.base import (
    ArticleSource,
    ArticleStore,
    ArticleSummary,
    EntityLink,
    GlobalEntityRow,
    KnowledgeStore,
    LedgerStore,
    SaveResult,
    SearchHit,
    Store,
    StorylineChanges,
    StorylineMember,
    StorylineRow,
    article_id_for,
    canonical_url,
)
from newsgraph.store.engines import mask_url
from newsgraph.store.sql import SqlStore

SUPPORTED = (
    "sqlite:///PATH (a file), sqlite:// or memory:// (in memory), "
    "postgresql://... (needs the postgres extra), or a bare file path"
)
_SQL_SCHEMES = ("sqlite", "postgresql")


def open_store(url: str | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``url`` (default ``config.DEFAULT_DB_URL``), creating its schema
    if missing. Unknown schemes raise StoreError listing the supported ones.

    ``read_only`` (what every reading command and a server without a write token use)
    opens the database without writing anything, not even on open, so a file in a folder
    this user may not write can still be read; every write then raises StoreError."""
    url = (url if url is not None else config.DEFAULT_DB_URL).strip()
    if not url:
        raise StoreError(f"no database given; use {SUPPORTED}")
    if url == "memory://":  # another name for sqlite://, an in-memory database
        url = "sqlite://"
    if "://" not in url:
        return SqlStore(f"sqlite:///{url}", read_only=read_only)
    scheme = url.split("://", 1)[0].split("+", 1)[0].lower()
    if scheme not in _SQL_SCHEMES:
        raise StoreError(f"unsupported database URL {mask_url(url)!r}; use {SUPPORTED}")
    return SqlStore(url, read_only=read_only)


__all__ = [
    "ArticleSource",
    "ArticleStore",
    "ArticleSummary",
    "EntityLink",
    "GlobalEntityRow",
    "KnowledgeStore",
    "LedgerStore",
    "SaveResult",
    "SearchHit",
    "SqlStore",
    "Store",
    "StoreError",
    "StorylineChanges",
    "StorylineMember",
    "StorylineRow",
    "article_id_for",
    "canonical_url",
    "open_store",
]
