"""Full-text search on PostgreSQL: a weighted tsvector expression with a GIN index.

The text search configuration ``newsgraph_english`` is English Snowball stemming *without*
a stop-word list, so it finds what SQLite's FTS5 (porter, no stop words) finds: "talk"
matches "talks", and "and" or "near" are words like any other. The query is built from
``parse_query`` phrases passed as bind parameters to ``phraseto_tsquery``, so no user text
is ever read as tsquery syntax.

Scripts that a word index cannot split (Chinese, Japanese, Hebrew, Arabic: see
``store.substring``) are searched by substring with ``ILIKE``, served by a ``pg_trgm``
index where the server lets this role create that extension (a trusted one since
PostgreSQL 13: the database owner may), else by reading every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from newsgraph.store import substring
from newsgraph.store.base import SearchHit

CONFIG = "newsgraph_english"
DICTIONARY = "newsgraph_english_stem"
INDEX = "ix_articles_search"
TRIGRAM_INDEX = "ix_articles_trigram"
TRIGRAM_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
# Title weighted A (rank weight 1.0) above the body's B (0.4), as FTS5's bm25 weights 3:1.


def document(alias: str = "") -> str:
    """The indexed expression; a query must repeat it exactly for the index to serve."""
    return (
        f"(setweight(to_tsvector('{CONFIG}'::regconfig, coalesce({alias}title, '')), 'A') || "
        f"setweight(to_tsvector('{CONFIG}'::regconfig, {alias}text), 'B'))"
    )


_WORD_TOKENS = (
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, "
    "numhword, hword_numpart"
)
CREATE = (
    f"CREATE TEXT SEARCH DICTIONARY {DICTIONARY} (TEMPLATE = snowball, Language = english)",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {_WORD_TOKENS} WITH {DICTIONARY}",
    f"CREATE INDEX {INDEX} ON articles USING gin ({document()})",
)
DROP = (
    f"DROP INDEX IF EXISTS {INDEX}",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
    f"DROP TEXT SEARCH DICTIONARY IF EXISTS {DICTIONARY}",
)
SNIPPET_WORDS = 16
_HEADLINE_OPTIONS = f"StartSel=«, StopSel=», MaxWords={SNIPPET_WORDS}, MinWords=8, ShortWord=0"
# ts_headline drops anything its parser reads as an HTML tag; FTS5 keeps it. Hiding "<"
# behind a private-use character keeps the text as stored.
_LT_STAND_IN = "\ue000"


def substring_document(alias: str = "") -> str:
    """The text substring search reads (title, then body, never joined by a space so no
    phrase spans the two); the trigram index is on this exact expression."""
    return f"(coalesce({alias}title, '') || E'\\n' || {alias}text)"


def create_search(conn: Connection) -> None:
    """The configuration and GIN index (run once, by the migration or a fresh store)."""
    for statement in CREATE:
        conn.exec_driver_sql(statement)


def create_trigram(conn: Connection) -> bool:
    """The trigram index for substring search, creating ``pg_trgm`` if this role may (in
    a savepoint, so a refusal leaves the transaction usable). False where the extension
    cannot be had: substring search still works, reading every row."""
    schema = _trigram_schema(conn)
    if schema is None:
        try:
            with conn.begin_nested():
                conn.exec_driver_sql(TRIGRAM_EXTENSION)
        except DBAPIError:
            return False
        schema = _trigram_schema(conn)
    if schema is None:
        return False
    ops = f"{conn.dialect.identifier_preparer.quote(schema)}.gin_trgm_ops"
    conn.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON articles "
        f"USING gin ({substring_document()} {ops})"
    )
    return True


def _trigram_schema(conn: Connection) -> str | None:
    """The schema ``pg_trgm`` is installed in (its operator classes live there, which
    need not be on the search path), or None where it is not installed."""
    found = conn.execute(
        text(
            "SELECT n.nspname FROM pg_extension AS e JOIN pg_namespace AS n "
            "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
        )
    ).scalar()
    return str(found) if found is not None else None


def drop_search(conn: Connection) -> None:
    for statement in DROP:
        conn.exec_driver_sql(statement)


def search(conn: Connection, phrases: Sequence[Sequence[str]], limit: int) -> list[SearchHit]:
    """Articles holding every phrase: by the stemmed index, or by substring for the
    scripts that need it and for a non-ASCII query the stemmed index misses."""
    if substring.wanted(phrases):
        return search_substrings(conn, substring.needles(phrases), limit)
    hits = _search_words(conn, phrases, limit)
    if hits or not substring.retry(phrases):
        return hits
    return search_substrings(conn, substring.needles(phrases), limit)


def search_substrings(conn: Connection, needles: Sequence[str], limit: int) -> list[SearchHit]:
    """Articles holding every needle anywhere in the title or text (``ILIKE``; needles
    hold only letters, digits and spaces, never a wildcard), a title match worth three
    body matches, then newest first."""
    params: dict[str, Any] = {f"p{n}": f"%{needle}%" for n, needle in enumerate(needles)}
    params["limit"] = limit
    document = substring_document("a.")
    found = " AND ".join(f"{document} ILIKE :p{n}" for n in range(len(needles)))
    score = " + ".join(
        f"(CASE WHEN a.title ILIKE :p{n} THEN 3 ELSE 0 END) + "
        f"(CASE WHEN a.text ILIKE :p{n} THEN 1 ELSE 0 END)"
        for n in range(len(needles))
    )
    sql = text(
        f"SELECT a.id, a.title, a.published, a.text, {score} AS score "
        f"FROM articles AS a WHERE {found} "
        f"ORDER BY score DESC, a.published DESC NULLS LAST, a.id LIMIT :limit"
    )
    rows = conn.execute(sql, params).all()
    return substring.hits(needles, rows)


def _search_words(
    conn: Connection, phrases: Sequence[Sequence[str]], limit: int
) -> list[SearchHit]:
    """Articles holding every phrase, best ``ts_rank`` first, with a marked snippet."""
    params: dict[str, object] = {f"p{n}": " ".join(p) for n, p in enumerate(phrases)}
    query = " && ".join(f"phraseto_tsquery('{CONFIG}', :p{n})" for n in range(len(phrases)))
    body = f"replace(a.text, '<', '{_LT_STAND_IN}')"
    title = f"replace(a.title, '<', '{_LT_STAND_IN}')"
    # Rank and cut to ``limit`` first; only the rows kept get their (costly) headline.
    sql = text(
        f"SELECT a.id, a.title, a.published, a.text, "
        f"CASE WHEN to_tsvector('{CONFIG}', a.text) @@ top.q "
        f"THEN ts_headline('{CONFIG}', {body}, top.q, :opts) "
        f"ELSE ts_headline('{CONFIG}', {title}, top.q, :opts) END AS snip, top.score "
        f"FROM (SELECT a.id, q.q, ts_rank({document('a.')}, q.q) AS score "
        f"FROM articles AS a, (SELECT {query} AS q) AS q "
        f"WHERE {document('a.')} @@ q.q "
        f"ORDER BY score DESC, a.id LIMIT :limit) AS top "
        f"JOIN articles AS a ON a.id = top.id ORDER BY top.score DESC, a.id"
    )
    params.update(opts=_HEADLINE_OPTIONS, limit=limit)
    rows = conn.execute(sql, params).all()
    return [
        SearchHit(
            article_id=r[0],
            title=r[1],
            published=r[2],
            snippet=_with_cuts(r[4].replace(_LT_STAND_IN, "<"), r[1], r[3]),
            rank=float(r[5]),
        )
        for r in rows
    ]


def _with_cuts(headline: str, title: str, body: str) -> str:
    """Mark cut ends with "…", as FTS5's snippet does (ts_headline does not)."""
    plain = headline.replace("«", "").replace("»", "").strip()
    for source in (body, title):
        start = source.find(plain)
        if start >= 0:
            before = "…" if source[:start].strip() else ""
            after = "…" if source[start + len(plain) :].strip() else ""
            return before + headline.strip() + after
    return headline.strip()


def installed(conn: Connection) -> bool:
    """Whether this database has the index (a database older than revision 0001 may not)."""
    found = conn.execute(
        text("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = :name"),
        {"name": INDEX},
    ).first()
    return found is not None
