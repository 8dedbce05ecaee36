"""The ingest ledger in SQL: near-duplicate signatures of stored articles, and the feed
items already ingested, so a re-run or the next poll skips work already done."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select

from newsgraph.store import schema as s
from newsgraph.store.sql_io import SqlIO, now, require_article


def replace_fingerprint(conn: Connection, article_id: str, signature: str) -> None:
    """The article's signature, in place of any it had (within the caller's transaction)."""
    fp = s.fingerprints.c
    conn.execute(delete(s.fingerprints).where(fp.article_id == article_id))
    conn.execute(insert(s.fingerprints).values(article_id=article_id, signature=signature))


class SqlLedger(SqlIO):
    """The :class:`~newsgraph.store.protocols.LedgerStore` half of SqlStore."""

    def save_fingerprint(self, article_id: str, signature: str) -> None:
        """Keep (or replace) the near-duplicate signature of a stored article."""
        with self._write() as conn:
            require_article(conn, article_id)
            replace_fingerprint(conn, article_id, signature)

    def fingerprints(self) -> list[tuple[str, str]]:
        """(article id, signature) of every fingerprinted article, by id."""
        fp = s.fingerprints.c
        with self._read() as conn:
            rows = conn.execute(select(fp.article_id, fp.signature).order_by(fp.article_id))
            return [(r.article_id, r.signature) for r in rows]

    def mark_seen(self, feed: str, items: Iterable[str]) -> None:
        """Remember that these items of ``feed`` were ingested (repeats are ignored)."""
        wanted = set(items)
        if not wanted:
            return
        seen = s.seen_items.c
        with self._write() as conn:
            known = set(conn.execute(select(seen.item).where(seen.feed == feed)).scalars())
            rows = [{"feed": feed, "item": i, "seen_at": now()} for i in sorted(wanted - known)]
            if rows:
                conn.execute(insert(s.seen_items), rows)

    def seen_items(self, feed: str) -> set[str]:
        seen = s.seen_items.c
        with self._read() as conn:
            return set(conn.execute(select(seen.item).where(seen.feed == feed)).scalars())
