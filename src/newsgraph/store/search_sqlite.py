"""Full-text search on SQLite: a self-contained FTS5 table (see ``schema.FTS_CREATE``)
and its trigram twin for substring search (``schema.TRIGRAM_CREATE``, ``store.substring``),
both rewritten inside each save's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, text

from newsgraph.store import substring
from newsgraph.store.base import SearchHit
from newsgraph.store.schema import FTS_CREATE, FTS_TABLE, TRIGRAM_CREATE, TRIGRAM_TABLE

SNIPPET_TOKENS = 16
TRIGRAM = 3  # the shortest string the trigram index can look up


def create_search(conn: Connection) -> None:
    """The stemmed word index (revision 0001 made only this one)."""
    conn.exec_driver_sql(FTS_CREATE)


def create_trigram(conn: Connection) -> None:
    conn.exec_driver_sql(TRIGRAM_CREATE)


def sync(conn: Connection, article_id: str, title: str, body: str, *, new: bool = False) -> None:
    """Replace the article's row in the index. The FTS table has no unique key, so removing
    an old row scans it: done only for an article stored before (``new`` False), never for
    a new one, or each insert would cost the size of the whole index."""
    for table in (FTS_TABLE, TRIGRAM_TABLE):
        if not new:
            conn.execute(text(f"DELETE FROM {table} WHERE article_id = :id"), {"id": article_id})
        conn.execute(
            text(f"INSERT INTO {table} (article_id, title, text) VALUES (:id, :title, :text)"),
            {"id": article_id, "title": title, "text": body},
        )


def search(conn: Connection, phrases: Sequence[Sequence[str]], limit: int) -> list[SearchHit]:
    """Articles holding every phrase: by the stemmed index, or by substring for the
    scripts that need it and for a non-ASCII query the stemmed index misses."""
    if substring.wanted(phrases):
        return search_substrings(conn, substring.needles(phrases), limit)
    hits = _search_words(conn, phrases, limit)
    if hits or not substring.retry(phrases):
        return hits
    return search_substrings(conn, substring.needles(phrases), limit)


def _search_words(
    conn: Connection, phrases: Sequence[Sequence[str]], limit: int
) -> list[SearchHit]:
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


def search_substrings(conn: Connection, needles: Sequence[str], limit: int) -> list[SearchHit]:
    """Articles holding every needle anywhere in the title or text. Needles of three
    characters or more are looked up in the trigram index and ranked by its bm25 (title
    3:1); shorter ones (two-character Chinese words) filter by LIKE and, on their own,
    rank by where they occur, newest first."""
    long = [n for n in needles if len(n) >= TRIGRAM]
    short = [n for n in needles if len(n) < TRIGRAM]
    params: dict[str, Any] = {f"s{n}": f"%{needle}%" for n, needle in enumerate(short)}
    params["limit"] = limit
    found = [f"(a.title LIKE :s{n} OR a.text LIKE :s{n})" for n in range(len(short))]
    if long:
        params["match"] = " ".join('"' + n.replace('"', '""') + '"' for n in long)
        sql = (
            f"SELECT a.id, a.title, a.published, a.text, "
            f"-bm25({TRIGRAM_TABLE}, 0.0, 3.0, 1.0) AS score "
            f"FROM {TRIGRAM_TABLE} AS t JOIN articles AS a ON a.id = t.article_id "
            f"WHERE {' AND '.join([f'{TRIGRAM_TABLE} MATCH :match', *found])} "
            f"ORDER BY score DESC, a.id LIMIT :limit"
        )
    else:
        score = " + ".join(
            f"(CASE WHEN a.title LIKE :s{n} THEN 3 ELSE 0 END) + "
            f"(CASE WHEN a.text LIKE :s{n} THEN 1 ELSE 0 END)"
            for n in range(len(short))
        )
        sql = (
            f"SELECT a.id, a.title, a.published, a.text, {score} AS score "
            f"FROM articles AS a WHERE {' AND '.join(found)} "
            f"ORDER BY score DESC, a.published DESC, a.id LIMIT :limit"
        )
    rows = conn.execute(text(sql), params).all()
    return substring.hits(needles, rows)
