"""Articles in SQL: briefs saved, read back, listed and searched, and the further
sources of an article. SQLite searches with FTS5, PostgreSQL with a weighted tsvector
index (``search_sqlite``, ``search_postgres``); a database without one searches through
the portable fallback of ``store.base``.

Each save is one transaction: the article row, its search entry and the queryable copy
of its facts (the child tables) change together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from newsgraph.errors import InputError, NotFoundError, StoreError
from newsgraph.model import Brief, Entity, brief_from_dict
from newsgraph.store import schema as s
from newsgraph.store import search_postgres, search_sqlite
from newsgraph.store.base import (
    ArticleSource,
    ArticleSummary,
    SaveResult,
    SearchCandidate,
    SearchHit,
    article_id_for,
    canonical_url,
    check_article_id,
    check_brief,
    check_page,
    content_hash,
    fallback_hits,
    norm_name,
    parse_query,
    source_key,
)
from newsgraph.store.sql_io import SqlIO, chunks, now, require_article
from newsgraph.store.sql_ledger import replace_fingerprint


class SqlArticles(SqlIO):
    """The :class:`~newsgraph.store.protocols.ArticleStore` part of SqlStore."""

    def save_brief(self, brief: Brief, fingerprint: str | None = None) -> SaveResult:
        """Insert the brief, or update the stored article with the same URL or body text;
        with ``fingerprint``, keep (or replace) the article's near-duplicate signature in
        the same transaction (as ``save_fingerprint`` would after it)."""
        check_brief(brief)
        doc = brief.document
        url = canonical_url(doc.url) if doc.url else None
        digest = content_hash(doc.text)
        payload = _to_json(brief)
        stamp = now()
        values: dict[str, Any] = {
            "content_hash": digest,
            "title": doc.title,
            "subtitle": doc.subtitle,
            "section": doc.section,
            "byline": doc.byline,
            "published": doc.published,
            "language": doc.language,
            "text": doc.text,
            "brief_json": payload,
            "updated_at": stamp,
        }
        with self._write() as conn:
            existing = _find_existing(conn, url, digest, self._label)
            if existing is None:
                article_id = article_id_for(brief)
                conn.execute(
                    insert(s.articles).values(id=article_id, url=url, created_at=stamp, **values)
                )
            else:
                article_id, old_url = existing
                values["url"] = url or old_url
                conn.execute(update(s.articles).where(s.articles.c.id == article_id).values(values))
                for table in reversed(s.CHILD_TABLES):
                    conn.execute(delete(table).where(table.c.article_id == article_id))
            if self._fts and self._is_sqlite:
                search_sqlite.sync(conn, article_id, doc.title, doc.text, new=existing is None)
            self._insert_children(conn, article_id, brief)
            if fingerprint is not None:
                replace_fingerprint(conn, article_id, fingerprint)
        return SaveResult(article_id=article_id, created=existing is None)

    def _insert_children(self, conn: Connection, article_id: str, brief: Brief) -> None:
        """Copy the queryable columns of every fact into its child table."""
        for table, rows in child_rows(article_id, brief):
            if rows:
                conn.execute(insert(table), rows)

    def add_source(
        self, article_id: str, url: str, title: str = "", published: str | None = None
    ) -> bool:
        """Record ``url`` as a further source of the stored article; False if it already is."""
        key = source_key(url)
        src = s.article_sources.c
        with self._write() as conn:
            require_article(conn, article_id)
            found = conn.execute(
                select(src.id).where(src.article_id == article_id, src.url == key)
            ).first()
            if found is not None:
                return False
            conn.execute(
                insert(s.article_sources).values(
                    article_id=article_id,
                    url=key,
                    title=title,
                    published=published,
                    added_at=now(),
                )
            )
        return True

    def sources(self, article_id: str) -> list[ArticleSource]:
        """The further sources of an article, in the order they were recorded."""
        src = s.article_sources.c
        with self._read() as conn:
            require_article(conn, article_id)
            rows = conn.execute(
                select(src.url, src.title, src.published)
                .where(src.article_id == article_id)
                .order_by(src.id)
            ).all()
        return [ArticleSource(url=r.url, title=r.title, published=r.published) for r in rows]

    def article_ids(self) -> list[str]:
        """Every article id in the order first stored (the order a replay must follow)."""
        a = s.articles.c
        with self._read() as conn:
            return list(conn.execute(select(a.id).order_by(a.created_at, a.id)).scalars())

    def stored_since(self, since: str) -> list[tuple[str, str]]:
        """(id, first stored at) of the articles first stored at or after ``since``; an
        update keeps ``created_at``, so re-ingesting an old article does not make it new."""
        a = s.articles.c
        query = select(a.id, a.created_at).where(a.created_at >= since)
        with self._read() as conn:
            rows = conn.execute(query.order_by(a.created_at, a.id)).all()
        return [(r.id, r.created_at) for r in rows]

    def stored_at(self, article_ids: Iterable[str]) -> dict[str, str]:
        """id -> when first stored, for those of ``article_ids`` stored."""
        wanted = sorted(set(article_ids))
        a = s.articles.c
        out: dict[str, str] = {}
        with self._read() as conn:
            for part in chunks(wanted):
                rows = conn.execute(select(a.id, a.created_at).where(a.id.in_(part))).all()
                out.update((r.id, r.created_at) for r in rows)
        return out

    def get_brief(self, article_id: str) -> Brief:
        """The stored brief for a full id or a unique id prefix."""
        key = check_article_id(article_id)
        a = s.articles.c
        with self._read() as conn:
            found = conn.execute(select(a.id, a.brief_json).where(a.id == key)).all()
            if not found:
                found = conn.execute(
                    select(a.id, a.brief_json).where(a.id.like(key + "%")).limit(2)
                ).all()
        if not found:
            raise NotFoundError(f"no article with id {article_id!r}")
        if len(found) > 1:
            raise InputError(f"article id prefix {article_id!r} is ambiguous; give more characters")
        try:
            return brief_from_dict(json.loads(found[0].brief_json))
        except (ValueError, TypeError, KeyError) as exc:
            raise StoreError(f"stored brief {found[0].id} is unreadable: {exc}") from exc

    def list_articles(self, limit: int = 50, offset: int = 0) -> list[ArticleSummary]:
        """Newest published first (undated last), then most recently stored."""
        check_page(limit, offset)
        a = s.articles.c
        n_entities = _child_count(s.entities)
        n_quotes = _child_count(s.quotes)
        query = (
            select(a.id, a.title, a.url, a.published, n_entities, n_quotes)
            .order_by(a.published.desc().nulls_last(), a.created_at.desc(), a.id)
            .limit(limit)
            .offset(offset)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            ArticleSummary(
                id=r[0], title=r[1], url=r[2], published=r[3], entity_count=r[4], quote_count=r[5]
            )
            for r in rows
        ]

    def count_articles(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(s.articles)).scalar_one())

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles whose title or body holds every word (or "quoted phrase") of ``query``."""
        phrases = parse_query(query)
        check_page(limit)
        if not phrases:
            return []
        if not self._fts:
            return self._search_like(phrases, limit)
        with self._read() as conn:
            if self._is_sqlite:
                return search_sqlite.search(conn, phrases, limit)
            return search_postgres.search(conn, phrases, limit)

    def _search_like(self, phrases: Sequence[Sequence[str]], limit: int) -> list[SearchHit]:
        # Words hold only letters and digits (parse_query), so no LIKE wildcard can sneak in.
        a = s.articles.c
        words = {w for p in phrases for w in p}
        cond = and_(*(or_(a.title.ilike(f"%{w}%"), a.text.ilike(f"%{w}%")) for w in words))
        with self._read() as conn:
            rows = conn.execute(select(a.id, a.title, a.published, a.text).where(cond)).all()
        candidates = (SearchCandidate(r[0], r[1], r[2], r[3]) for r in rows)
        return fallback_hits(phrases, candidates, limit)


# ---------------------------------------------------------------------- helpers


# Fields copied as they are from each kind of fact into its table's columns of the same name.
_COPIED_FIELDS = {
    "quotes": ("kind", "text"),
    "attributions": ("claim", "source", "anonymous", "source_entity"),
    "times": ("text", "kind", "value", "approximate"),
    "quantities": ("text", "kind", "value", "unit", "approximate", "warning"),
    "events": ("type", "status", "summary", "confidence"),
}


def child_rows(article_id: str, brief: Brief) -> list[tuple[Any, list[dict[str, Any]]]]:
    """The rows of each child table for one brief (the queryable copy of its facts).
    ``sentence``/``start``/``end`` are the fact's evidence sentence and its offsets."""
    names = {e.id: e.name for e in brief.entities}

    def rows(table: Any, facts: Sequence[Any]) -> list[dict[str, Any]]:
        return [_fact_row(table.name, article_id, fact) for fact in facts]

    quote_rows = rows(s.quotes, brief.quotes)
    for row, quote in zip(quote_rows, brief.quotes, strict=True):
        row["speaker_id"] = quote.speaker
        row["speaker_name"] = names.get(quote.speaker or "", quote.speaker_text)
    quantity_rows = rows(s.quantities, brief.quantities)
    for row, quantity in zip(quantity_rows, brief.quantities, strict=True):
        row["norm_value"] = quantity.normalized.value if quantity.normalized else None
        row["norm_unit"] = quantity.normalized.unit if quantity.normalized else None
    return [
        (s.entities, [_entity_row(article_id, e) for e in brief.entities]),
        (s.quotes, quote_rows),
        (s.attributions, rows(s.attributions, brief.attributions)),
        (s.times, rows(s.times, brief.times)),
        (s.quantities, quantity_rows),
        (s.events, rows(s.events, brief.events)),
    ]


def _fact_row(table_name: str, article_id: str, fact: Any) -> dict[str, Any]:
    row = {field: getattr(fact, field) for field in _COPIED_FIELDS[table_name]}
    evidence = fact.evidence
    row.update(
        article_id=article_id, sentence=evidence.sentence, start=evidence.start, end=evidence.end
    )
    return row


def _entity_row(article_id: str, entity: Entity) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "local_id": entity.id,
        "name": entity.name,
        "norm_name": norm_name(entity.name),
        "type": entity.type,
        "country": entity.country,
        "aliases_json": json.dumps(entity.aliases),
        "mention_count": len(entity.mentions),
        "roles_json": json.dumps([{"title": r.title, "of": r.of} for r in entity.roles]),
    }


def _find_existing(
    conn: Connection, url: str | None, digest: str, label: str
) -> tuple[str, str | None] | None:
    """The stored article this one updates: same canonical URL, or same body text."""
    a = s.articles.c
    same = a.content_hash == digest if url is None else or_(a.url == url, a.content_hash == digest)
    rows = conn.execute(select(a.id, a.url, a.content_hash).where(same)).all()
    if len(rows) > 1:
        by_url = next(r.id for r in rows if r.url == url)
        by_text = next(r.id for r in rows if r.id != by_url)
        raise StoreError(
            f"cannot save {url}: its URL is stored as article {by_url} but its text as "
            f"article {by_text} in {label}"
        )
    return (rows[0].id, rows[0].url) if rows else None


def _child_count(table: Any) -> Any:
    return (
        select(func.count())
        .where(table.c.article_id == s.articles.c.id)
        .correlate(s.articles)
        .scalar_subquery()
    )


def _to_json(brief: Brief) -> str:
    try:
        return json.dumps(brief.to_dict(), ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise InputError(f"brief cannot be stored as JSON: {exc}") from exc
