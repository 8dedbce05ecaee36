"""Full-text search on PostgreSQL: a weighted tsvector expression with a GIN index.

The text search configuration ``newsgraph_english`` is English Snowball stemming *without*
a stop-word list, so it finds what SQLite's FTS5 (porter, no stop words) finds: "talk"
matches "talks", and "and" or "near" are words like any other. The query is built from
``parse_query`` phrases passed as bind parameters to ``phraseto_tsquery``, so no user text
is ever read as tsquery syntax.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

from newsgraph.store.base import SearchHit

CONFIG = "newsgraph_english"
DICTIONARY = "newsgraph_english_stem"
INDEX = "ix_articles_search"
# Title weighted A (rank weight 1.0) above the body's B (0.4), as FTS5's bm25 weights 3:1.


def document(alias: str = "") -> str:
    """The indexed expression; a query must repeat it exactly for the index to serve."""
    return (
        f"(setweight(to_tsvector('{CONFIG}'::regconfig, coalesce({alias}title, '')), 'A') || "
        f"setweight(to_tsvector('{CONFIG}'::regconfig, {alias}text), 'B'))"
    )


_WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, " \
    "numhword, hword_numpart"
CREATE = (
    f"CREATE TEXT SEARCH DICTIONARY {DICTIONARY} (TEMPLATE = snowball, Language = english)",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {_WORD_TOKENS} "
    f"WITH {DICTIONARY}",
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


def create_search(conn: Connection) -> None:
    """The configuration and GIN index (run once, by the migration or a fresh store)."""
    for statement in CREATE:
        conn.exec_driver_sql(statement)


def drop_search(conn: Connection) -> None:
    for statement in DROP:
        conn.exec_driver_sql(statement)


def search(conn: Connection, phrases: Sequence[Sequence[str]], limit: int) -> list[SearchHit]:
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
        SearchHit(article_id=r[0], title=r[1], published=r[2],
                  snippet=_with_cuts(r[4].replace(_LT_STAND_IN, "<"), r[1], r[3]),
                  rank=float(r[5]))
        for r in rows
    ]


def _with_cuts(headline: str, title: str, body: str) -> str:
    """Mark cut ends with "…", as FTS5's snippet does (ts_headline does not)."""
    plain = headline.replace("«", "").replace("»", "").strip()
    for source in (body, title):
        start = source.find(plain)
        if start >= 0:
            before = "…" if source[:start].strip() else ""
            after = "…" if source[start + len(plain):].strip() else ""
            return before + headline.strip() + after
    return headline.strip()


def installed(conn: Connection) -> bool:
    """Whether this database has the index (a database older than revision 0001 may not)."""
    found = conn.execute(
        text("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() "
             "AND indexname = :name"), {"name": INDEX}).first()
    return found is not None
