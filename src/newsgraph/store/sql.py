"""SqlStore: briefs kept in a SQL database through SQLAlchemy 2 Core.

SQLite (the default) searches with FTS5, PostgreSQL with a weighted tsvector GIN index
(``search_sqlite``, ``search_postgres``); every other query is plain, portable Core. Each
save is one transaction that first takes the writers' lock (``BEGIN IMMEDIATE`` on SQLite,
an advisory lock on PostgreSQL, see ``engines``), so concurrent writers queue instead of
duplicating an article, failing halfway through, or deadlocking.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy import (
    Connection,
    and_,
    delete,
    func,
    insert,
    inspect,
    or_,
    select,
    update,
)

from newsgraph.errors import InputError, NotFoundError, StoreError
from newsgraph.model import Brief, Entity, brief_from_dict
from newsgraph.store import engines, locks, migrate, search_postgres, search_sqlite
from newsgraph.store import schema as s
from newsgraph.store.base import (
    KEEP_SNAPSHOTS,
    ArticleSource,
    ArticleSummary,
    EntityLink,
    EntityMember,
    EntityRow,
    GlobalEntityRow,
    KnowledgeStep,
    SaveResult,
    SearchCandidate,
    SearchHit,
    StorylineChanges,
    StorylineMember,
    StorylineRow,
    article_id_for,
    canonical_url,
    check_article_id,
    check_brief,
    check_entity_changes,
    check_entity_type,
    check_page,
    check_steps,
    check_storyline_changes,
    content_hash,
    fallback_hits,
    global_order,
    member_order,
    norm_name,
    parse_query,
    source_key,
    storyline_order,
    summarise_group,
)

LINK_CHUNK = 500  # article ids per IN (...) query


class SqlStore:
    """A :class:`~newsgraph.store.base.Store` over SQLite or PostgreSQL."""

    def __init__(self, url: str, *, fts: bool = True, read_only: bool = False) -> None:
        """Open (and create if missing) the database at ``url``. ``fts=False`` creates a
        new SQLite database without the FTS5 index, to run the portable search path; a
        database that already has the index keeps using (and updating) it. ``read_only``
        writes nothing, on open or after (see ``engines.make_engine``)."""
        self._label = engines.describe(url)
        self._read_only = read_only and not engines.is_memory(url)
        self._engine = engines.make_engine(url, self._label, read_only=self._read_only)
        self._dialect = self._engine.dialect.name
        self._is_sqlite = self._dialect == "sqlite"
        # One in-memory SQLite connection is shared by every thread: serialise its use.
        self._lock: threading.RLock | None = (
            threading.RLock() if engines.is_memory(url) else None)
        self._knowledge_lock = locks.KnowledgeLock(
            self._engine, None if self._lock else locks.sqlite_file(self._engine.url.database)
            if self._is_sqlite else None)
        self._fts = False
        try:
            self._init_schema(want_fts=fts or not self._is_sqlite)
        except BaseException:
            self._engine.dispose()
            raise

    # ------------------------------------------------------------------ plumbing

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
            raise StoreError(f"database {self._label} is opened read-only; this needs a "
                             "writing command (or serve --write-token)")
        with self._guard(), self._engine.connect() as conn:
            conn.execution_options(newsgraph_write=True)
            with conn.begin():
                engines.lock_writers(conn)
                yield conn

    def _init_schema(self, want_fts: bool) -> None:
        """Check the database is ours (or empty) and at this code's schema revision before
        changing anything in it, then switch SQLite to WAL and create what is missing (a
        fresh database is stamped at the head revision). Opening a complete database
        writes nothing, so it never waits on another process's write."""
        with self._read() as conn:
            tables = self._check_database(conn)
        if self._read_only:
            _check_complete(tables, self._label)
            with self._read() as conn:
                self._fts = _has_search(conn, self._dialect)
            return
        if self._is_sqlite:
            with self._guard():
                engines.enable_wal(self._engine)
        if not {t.name for t in s.metadata.sorted_tables} <= tables:
            with self._write() as conn:
                tables = self._check_database(conn)  # another process may have won the race
                s.metadata.create_all(conn)
                if not tables:
                    migrate.stamp_head(conn)
                    conn.execute(insert(s.schema_version).values(version=s.SCHEMA_VERSION))
                    if want_fts:
                        _create_search(conn, self._dialect)
        with self._read() as conn:
            self._fts = _has_search(conn, self._dialect)

    def _check_database(self, conn: Connection) -> set[str]:
        """The tables of a newsgraph database this code can use; StoreError otherwise."""
        tables = set(inspect(conn).get_table_names())
        if tables and s.schema_version.name not in tables:
            raise StoreError(f"not a newsgraph database: {self._label}")
        if tables:
            _check_version(conn, self._label)
            migrate.check_revision(migrate.read_revision(conn, tables), self._label)
        return tables

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def save_brief(self, brief: Brief) -> SaveResult:
        """Insert the brief, or update the stored article with the same URL or body text."""
        check_brief(brief)
        doc = brief.document
        url = canonical_url(doc.url) if doc.url else None
        digest = content_hash(doc.text)
        payload = _to_json(brief)
        now = datetime.now(UTC).isoformat(timespec="microseconds")
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
            "updated_at": now,
        }
        with self._write() as conn:
            existing = _find_existing(conn, url, digest, self._label)
            if existing is None:
                article_id = article_id_for(brief)
                conn.execute(
                    insert(s.articles).values(id=article_id, url=url, created_at=now, **values)
                )
            else:
                article_id, old_url = existing
                values["url"] = url or old_url
                conn.execute(update(s.articles).where(s.articles.c.id == article_id).values(values))
                for table in reversed(s.CHILD_TABLES):
                    conn.execute(delete(table).where(table.c.article_id == article_id))
            if self._fts and self._is_sqlite:
                search_sqlite.sync(conn, article_id, doc.title, doc.text,
                                   new=existing is None)
            self._insert_children(conn, article_id, brief)
        return SaveResult(article_id=article_id, created=existing is None)

    def _insert_children(self, conn: Connection, article_id: str, brief: Brief) -> None:
        """Copy the queryable columns of every fact into its child table."""
        for table, rows in child_rows(article_id, brief):
            if rows:
                conn.execute(insert(table), rows)

    # ------------------------------------------------------------------ corpus bookkeeping

    def add_source(
        self, article_id: str, url: str, title: str = "", published: str | None = None
    ) -> bool:
        """Record ``url`` as a further source of the stored article; False if it already is."""
        key = source_key(url)
        src = s.article_sources.c
        with self._write() as conn:
            _require_article(conn, article_id)
            found = conn.execute(
                select(src.id).where(src.article_id == article_id, src.url == key)
            ).first()
            if found is not None:
                return False
            conn.execute(
                insert(s.article_sources).values(
                    article_id=article_id, url=key, title=title, published=published,
                    added_at=_now(),
                )
            )
        return True

    def sources(self, article_id: str) -> list[ArticleSource]:
        """The further sources of an article, in the order they were recorded."""
        src = s.article_sources.c
        with self._read() as conn:
            _require_article(conn, article_id)
            rows = conn.execute(
                select(src.url, src.title, src.published)
                .where(src.article_id == article_id)
                .order_by(src.id)
            ).all()
        return [ArticleSource(url=r.url, title=r.title, published=r.published) for r in rows]

    def save_fingerprint(self, article_id: str, signature: str) -> None:
        """Keep (or replace) the near-duplicate signature of a stored article."""
        fp = s.fingerprints.c
        with self._write() as conn:
            _require_article(conn, article_id)
            conn.execute(delete(s.fingerprints).where(fp.article_id == article_id))
            conn.execute(insert(s.fingerprints).values(article_id=article_id, signature=signature))

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
            rows = [{"feed": feed, "item": i, "seen_at": _now()} for i in sorted(wanted - known)]
            if rows:
                conn.execute(insert(s.seen_items), rows)

    def seen_items(self, feed: str) -> set[str]:
        seen = s.seen_items.c
        with self._read() as conn:
            return set(conn.execute(select(seen.item).where(seen.feed == feed)).scalars())

    # ------------------------------------------------------------------ across articles

    def article_ids(self) -> list[str]:
        """Every article id in the order first stored (the order a replay must follow)."""
        a = s.articles.c
        with self._read() as conn:
            return list(conn.execute(select(a.id).order_by(a.created_at, a.id)).scalars())

    def save_storylines(self, changes: StorylineChanges) -> None:
        """Apply one incremental storyline update in one transaction."""
        st, sa = s.storylines.c, s.storyline_articles.c
        now = _now()
        with self._write() as conn:
            known = set(conn.execute(select(st.id)).scalars())
            check_storyline_changes(changes, known)
            _require_articles(conn, changes.assignments)
            for sid, title in sorted(changes.titles.items()):
                if sid in known:
                    conn.execute(update(s.storylines).where(st.id == sid)
                                 .values(title=title, updated_at=now))
                else:
                    conn.execute(insert(s.storylines).values(
                        id=sid, title=title, created_at=now, updated_at=now))
            moved = sorted(changes.assignments.items())
            if moved:
                conn.execute(delete(s.storyline_articles).where(
                    sa.article_id.in_([aid for aid, _ in moved])))
                conn.execute(insert(s.storyline_articles), [
                    {"article_id": aid, "storyline_id": sid, "score": score}
                    for aid, (sid, score) in moved])
                touched = {sid for _, (sid, _) in moved} - set(changes.titles)
                conn.execute(update(s.storylines).where(st.id.in_(touched))
                             .values(updated_at=now))
            if changes.removed:
                conn.execute(delete(s.storylines).where(st.id.in_(changes.removed)))

    def storylines(self) -> list[StorylineRow]:
        """Every storyline with its articles, largest first."""
        return sorted(self._storyline_rows(None), key=storyline_order)

    def storyline(self, storyline_id: str) -> StorylineRow:
        rows = self._storyline_rows(storyline_id.strip())
        if not rows:
            raise NotFoundError(f"no storyline with id {storyline_id!r}")
        return rows[0]

    def storylines_of(self, article_ids: Iterable[str]) -> list[StorylineRow]:
        """The storylines holding any of ``article_ids``, largest first, found through
        the article key (a page links its storylines without reading them all)."""
        wanted = sorted({a.strip() for a in article_ids})
        sa = s.storyline_articles.c
        found: set[str] = set()
        with self._read() as conn:
            for start in range(0, len(wanted), LINK_CHUNK):
                chunk = wanted[start:start + LINK_CHUNK]
                found.update(conn.execute(select(sa.storyline_id).where(
                    sa.article_id.in_(chunk))).scalars())
        rows = [row for sid in sorted(found) for row in self._storyline_rows(sid)]
        return sorted(rows, key=storyline_order)

    def _storyline_rows(self, storyline_id: str | None) -> list[StorylineRow]:
        st, sa, a = s.storylines.c, s.storyline_articles.c, s.articles.c
        lines = select(st.id, st.title, st.created_at, st.updated_at)
        members = select(sa.storyline_id, sa.article_id, sa.score, a.title, a.url, a.published
                         ).join(s.articles, a.id == sa.article_id)
        if storyline_id is not None:
            lines = lines.where(st.id == storyline_id)
            members = members.where(sa.storyline_id == storyline_id)
        with self._read() as conn:
            heads = conn.execute(lines).all()
            found = conn.execute(members).all()
        by_line: dict[str, list[StorylineMember]] = {h.id: [] for h in heads}
        for m in found:
            by_line[m.storyline_id].append(
                StorylineMember(m.article_id, m.score, m.title, m.url, m.published))
        return [StorylineRow(h.id, h.title, sorted(by_line[h.id], key=member_order),
                             h.created_at, h.updated_at) for h in heads]

    def save_entity_links(
        self,
        entities: Sequence[GlobalEntityRow],
        links: Sequence[EntityLink],
        removed: Iterable[str] = (),
    ) -> None:
        """Upsert global entities and links, then drop ``removed`` entities (which must
        have no links left), in one transaction."""
        ge, el = s.global_entities.c, s.entity_links.c
        gone = set(removed)
        wanted = sorted({e.id for e in entities} | {k.global_id for k in links} | gone)
        with self._write() as conn:
            known: set[str] = set()  # of the ids this change names: never the whole table
            for start in range(0, len(wanted), LINK_CHUNK):
                chunk = wanted[start:start + LINK_CHUNK]
                known.update(conn.execute(select(ge.id).where(ge.id.in_(chunk))).scalars())
            check_entity_changes(entities, links, gone, known)
            _require_articles(conn, {link.article_id for link in links})
            for row in entities:
                values = {"name": row.name, "type": row.type, "country": row.country,
                          "aliases_json": json.dumps(sorted(row.aliases), ensure_ascii=False)}
                if row.id in known:
                    conn.execute(update(s.global_entities).where(ge.id == row.id).values(values))
                else:
                    conn.execute(insert(s.global_entities).values(id=row.id, **values))
            for link in links:
                conn.execute(delete(s.entity_links).where(
                    el.article_id == link.article_id, el.local_id == link.local_id))
            if links:
                conn.execute(insert(s.entity_links), [dataclasses.asdict(k) for k in links])
            if gone:
                conn.execute(delete(s.global_entities).where(ge.id.in_(gone)))

    def global_entities(self, type: str | None = None) -> list[GlobalEntityRow]:
        wanted = check_entity_type(type)
        ge = s.global_entities.c
        query = select(s.global_entities)
        if wanted:
            query = query.where(ge.type == wanted)
        with self._read() as conn:
            rows = [_global_row(r) for r in conn.execute(query)]
        return sorted(rows, key=global_order)

    def global_entity(self, global_id: str) -> GlobalEntityRow:
        ge = s.global_entities.c
        with self._read() as conn:
            found = conn.execute(
                select(s.global_entities).where(ge.id == global_id.strip())).first()
        if found is None:
            raise NotFoundError(f"no resolved entity with id {global_id!r}")
        return _global_row(found)

    def links_of_global(self, global_id: str) -> list[EntityLink]:
        el = s.entity_links.c
        with self._read() as conn:
            rows = conn.execute(select(s.entity_links).where(el.global_id == global_id.strip())
                                .order_by(el.article_id, el.local_id)).all()
        return [EntityLink(r.article_id, r.local_id, r.global_id, r.reason, r.score)
                for r in rows]

    def entity_links(self) -> list[EntityLink]:
        el = s.entity_links.c
        with self._read() as conn:
            rows = conn.execute(select(s.entity_links)
                                .order_by(el.article_id, el.local_id)).all()
        return [EntityLink(r.article_id, r.local_id, r.global_id, r.reason, r.score)
                for r in rows]

    def links_of_articles(self, article_ids: Iterable[str]) -> list[EntityLink]:
        """The links of some articles, read by the article index in bounded chunks (a
        storyline's or an entity's views need these, never the whole table)."""
        wanted = sorted({a.strip() for a in article_ids})
        el = s.entity_links.c
        rows: list[Any] = []
        with self._read() as conn:
            for start in range(0, len(wanted), LINK_CHUNK):
                chunk = wanted[start:start + LINK_CHUNK]
                rows += conn.execute(select(s.entity_links).where(el.article_id.in_(chunk))).all()
        rows.sort(key=lambda r: (r.article_id, r.local_id))
        return [EntityLink(r.article_id, r.local_id, r.global_id, r.reason, r.score)
                for r in rows]

    def entity_article_counts(self) -> dict[str, int]:
        """How many articles each resolved entity appears in, counted by the database."""
        el = s.entity_links.c
        query = select(el.global_id, func.count(func.distinct(el.article_id))).group_by(
            el.global_id)
        with self._read() as conn:
            return {gid: int(n) for gid, n in conn.execute(query)}

    def save_knowledge_features(self, article_id: str, content_hash: str, features: str
                                ) -> None:
        """Keep (or replace) what the knowledge base needs of one article (JSON text),
        with the content hash of the article text it was computed from."""
        kf = s.knowledge_features.c
        with self._write() as conn:
            _require_article(conn, article_id)
            conn.execute(delete(s.knowledge_features).where(kf.article_id == article_id))
            conn.execute(insert(s.knowledge_features).values(
                article_id=article_id, content_hash=content_hash, features_json=features))

    def knowledge_features(self, article_ids: Iterable[str] | None = None) -> dict[str, str]:
        """article id -> features JSON, for every article (or each of ``article_ids``, read
        in bounded chunks) whose text is unchanged since the row was written."""
        kf, a = s.knowledge_features.c, s.articles.c
        query = select(kf.article_id, kf.features_json).join(
            s.articles, and_(a.id == kf.article_id, a.content_hash == kf.content_hash))
        with self._read() as conn:
            if article_ids is None:
                return {r.article_id: r.features_json for r in conn.execute(query)}
            wanted = sorted(set(article_ids))
            found: dict[str, str] = {}
            for start in range(0, len(wanted), LINK_CHUNK):
                chunk = query.where(kf.article_id.in_(wanted[start:start + LINK_CHUNK]))
                found.update((r.article_id, r.features_json) for r in conn.execute(chunk))
            return found

    def save_knowledge_snapshot(self, article_count: int, state: str) -> None:
        """Add a snapshot of the knowledge base (JSON text) and drop all but the latest
        ``KEEP_SNAPSHOTS``, in one transaction."""
        ks = s.knowledge_snapshots.c
        with self._write() as conn:
            conn.execute(insert(s.knowledge_snapshots).values(
                created_at=_now(), article_count=article_count, state_json=state))
            kept = list(conn.execute(
                select(ks.id).order_by(ks.id.desc()).limit(KEEP_SNAPSHOTS)).scalars())
            conn.execute(delete(s.knowledge_snapshots).where(ks.id.not_in(kept)))

    def knowledge_snapshot(self) -> str | None:
        """The latest snapshot's JSON text, or None when none was written."""
        ks = s.knowledge_snapshots.c
        with self._read() as conn:
            found = conn.execute(select(ks.state_json).order_by(ks.id.desc()).limit(1)).first()
        return found.state_json if found is not None else None

    def knowledge_lock(self) -> AbstractContextManager[None]:
        """Held while this process changes the resolved knowledge (``store.locks``)."""
        return self._knowledge_lock()

    def append_knowledge_steps(self, steps: Sequence[tuple[str, str]]) -> int:
        check_steps(steps)
        now = _now()
        with self._write() as conn:
            conn.execute(insert(s.knowledge_log), [
                {"kind": kind, "key": key, "created_at": now} for kind, key in steps])
            return int(conn.execute(select(func.max(s.knowledge_log.c.seq))).scalar_one())

    def knowledge_steps(self, after: int = 0) -> list[KnowledgeStep]:
        log = s.knowledge_log.c
        query = select(log.seq, log.kind, log.key).where(log.seq > after).order_by(log.seq)
        with self._read() as conn:
            return [KnowledgeStep(r.seq, r.kind, r.key) for r in conn.execute(query)]

    def storyline_titles(self, storyline_ids: Iterable[str]) -> dict[str, str]:
        st = s.storylines.c
        wanted = sorted(set(storyline_ids))
        found: dict[str, str] = {}
        with self._read() as conn:
            for start in range(0, len(wanted), LINK_CHUNK):
                chunk = wanted[start:start + LINK_CHUNK]
                found.update((r.id, r.title) for r in conn.execute(
                    select(st.id, st.title).where(st.id.in_(chunk))))
        return found

    def clear_knowledge(self) -> None:
        """One transaction: links, entities, storyline members, storylines, snapshots and
        the log, children first."""
        with self._write() as conn:
            for table in (s.entity_links, s.global_entities, s.storyline_articles,
                          s.storylines, s.knowledge_snapshots, s.knowledge_log):
                conn.execute(delete(table))

    # ------------------------------------------------------------------ reading

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

    def entities(self, type: str | None = None, limit: int = 100) -> list[EntityRow]:
        """Entities grouped across articles by (normalised name, type), most reported first."""
        wanted = check_entity_type(type)
        check_page(limit)
        e = s.entities.c
        n_articles = func.count(e.article_id.distinct())
        n_mentions = func.sum(e.mention_count)
        groups = select(e.norm_name, e.type).group_by(e.norm_name, e.type)
        if wanted:
            groups = groups.where(e.type == wanted)
        groups = groups.order_by(n_articles.desc(), n_mentions.desc(), e.norm_name, e.type)
        with self._read() as conn:
            keys = [(r.norm_name, r.type) for r in conn.execute(groups.limit(limit))]
            members = conn.execute(
                select(
                    e.norm_name,
                    e.type,
                    e.article_id,
                    e.name,
                    e.aliases_json,
                    e.country,
                    e.mention_count,
                ).where(e.norm_name.in_({k[0] for k in keys}))
            ).all()
        by_key: dict[tuple[str, str], list[EntityMember]] = {k: [] for k in keys}
        for m in members:
            if (m.norm_name, m.type) in by_key:
                by_key[(m.norm_name, m.type)].append(_member(m))
        return [summarise_group(k[1], by_key[k]) for k in keys]

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


def _require_article(conn: Connection, article_id: str) -> None:
    a = s.articles.c
    if conn.execute(select(a.id).where(a.id == article_id)).first() is None:
        raise NotFoundError(f"no article with id {article_id!r}")


def _require_articles(conn: Connection, article_ids: Iterable[str]) -> None:
    """NotFoundError naming the first of ``article_ids`` that is not stored."""
    wanted = set(article_ids)
    if not wanted:
        return
    a = s.articles.c
    found = set(conn.execute(select(a.id).where(a.id.in_(wanted))).scalars())
    for missing in sorted(wanted - found)[:1]:
        raise NotFoundError(f"no article with id {missing!r}")


def _global_row(row: Any) -> GlobalEntityRow:
    return GlobalEntityRow(row.id, row.name, row.type, row.country,
                           list(json.loads(row.aliases_json)))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _child_count(table: Any) -> Any:
    return (
        select(func.count())
        .where(table.c.article_id == s.articles.c.id)
        .correlate(s.articles)
        .scalar_subquery()
    )


def _member(row: Any) -> EntityMember:
    """An entities row (norm_name, type, article_id, name, aliases_json, country, count)."""
    return EntityMember(
        article_id=row.article_id,
        name=row.name,
        aliases=tuple(json.loads(row.aliases_json)),
        country=row.country,
        mention_count=row.mention_count,
    )


def _to_json(brief: Brief) -> str:
    try:
        return json.dumps(brief.to_dict(), ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise InputError(f"brief cannot be stored as JSON: {exc}") from exc


def _create_search(conn: Connection, dialect: str) -> None:
    """The word index and, beside it, the substring one (``store.substring``)."""
    if dialect == "sqlite":
        search_sqlite.create_search(conn)
        search_sqlite.create_trigram(conn)
    elif dialect == "postgresql":
        search_postgres.create_search(conn)
        search_postgres.create_trigram(conn)


def _has_search(conn: Connection, dialect: str) -> bool:
    """Whether the full-text index exists (else search falls back to the portable path)."""
    if dialect == "sqlite":
        return s.FTS_TABLE in inspect(conn).get_table_names()
    if dialect == "postgresql":
        return search_postgres.installed(conn)
    return False


def _check_complete(tables: set[str], label: str) -> None:
    """A database opened read-only must hold every table already: it cannot make them."""
    missing = sorted({t.name for t in s.metadata.sorted_tables} - tables)
    if not tables:
        raise StoreError(f"database {label} is empty and was opened read-only: "
                         "ingest something into it first")
    if missing:
        raise StoreError(f"database {label} lacks tables ({', '.join(missing)}) and was "
                         "opened read-only: run `newsgraph db upgrade --db URL` once")


def _check_version(conn: Connection, label: str) -> None:
    version = conn.execute(select(func.max(s.schema_version.c.version))).scalar()
    if version is None:
        raise StoreError(f"not a newsgraph database: {label} (no schema version)")
    if version > s.SCHEMA_VERSION:
        raise StoreError(
            f"database {label} has schema version {version}; this newsgraph reads up to "
            f"{s.SCHEMA_VERSION}: upgrade newsgraph"
        )
