"""Full-text search on SQLite: a self-contained FTS5 table (see ``schema.FTS_CREATE``),
rewritten inside each save's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

from newsgraph.store.base import SearchHit
from newsgraph.store.schema import FTS_CREATE, FTS_TABLE

SNIPPET_TOKENS = 16


def create_search(conn: Connection) -> None:
    conn.exec_driver_sql(FTS_CREATE)


def sync(conn: Connection, article_id: str, title: str, body: str, *, new: bool = False
         ) -> None:
    """Replace the article's row in the index. The FTS table has no unique key, so removing
    an old row scans it: done only for an article stored before (``new`` False), never for
    a new one, or each insert would cost the size of the whole index."""
    if not new:
        conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE article_id = :id"),
                     {"id": article_id})
    conn.execute(
        text(f"INSERT INTO {FTS_TABLE} (article_id, title, text) VALUES (:id, :title, :text)"),
        {"id": article_id, "title": title, "text": body},
    )


def search(conn: Connection, phrases: Sequence[Sequence[str]], limit: int) -> list[SearchHit]:
    """Articles holding every phrase, best bm25 first (title weighted 3:1 over the body)."""
    # Every term is a quoted FTS5 string, so no user text is ever read as syntax.
    match = " ".join('"' + " ".join(words).replace('"', '""') + '"' for words in phrases)
    sql = text(
        f"SELECT f.article_id, a.title, a.published, "
        f"snippet({FTS_TABLE}, -1, '«', '»', '…', {SNIPPET_TOKENS}) AS snip, "
        f"bm25({FTS_TABLE}, 0.0, 3.0, 1.0) AS score "
        f"FROM {FTS_TABLE} AS f JOIN articles AS a ON a.id = f.article_id "
        f"WHERE {FTS_TABLE} MATCH :match ORDER BY score, f.article_id LIMIT :limit"
    )
    rows = conn.execute(sql, {"match": match, "limit": limit}).all()
    return [
        SearchHit(article_id=r[0], title=r[1], published=r[2], snippet=r[3], rank=-r[4])
        for r in rows
    ]
