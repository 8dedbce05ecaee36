"""The resolved knowledge in SQL: storylines, global entities and their links, the
per-article features, snapshots and the shared log, kept exactly as ``resolve`` decided.

Writes check only what keeps the rows consistent (no article placed in a storyline that
does not exist, no link to a missing entity); what belongs together is decided elsewhere.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, select, update

from newsgraph.errors import NotFoundError
from newsgraph.store import locks
from newsgraph.store import schema as s
from newsgraph.store.base import (
    KEEP_SNAPSHOTS,
    EntityLink,
    FeatureRow,
    GlobalEntityRow,
    KnowledgeStep,
    StorylineChanges,
    StorylineMember,
    StorylineRow,
    check_entity_changes,
    check_entity_type,
    check_steps,
    check_storyline_changes,
    global_order,
    member_order,
    storyline_order,
)
from newsgraph.store.sql_io import SqlIO, chunks, now, require_articles


class SqlKnowledge(SqlIO):
    """The :class:`~newsgraph.store.protocols.KnowledgeStore` part of SqlStore."""

    _knowledge_lock: locks.KnowledgeLock

    def save_storylines(self, changes: StorylineChanges) -> None:
        """Apply one incremental storyline update in one transaction."""
        st, sa = s.storylines.c, s.storyline_articles.c
        stamp = now()
        named = sorted(
            {*changes.titles, *changes.about, *changes.removed}
            | {sid for sid, _ in changes.assignments.values()}
        )
        with self._write() as conn:
            known: set[str] = set()  # of the storylines this change names: never the table
            for chunk in chunks(named):
                known.update(conn.execute(select(st.id).where(st.id.in_(chunk))).scalars())
            check_storyline_changes(changes, known)
            require_articles(conn, changes.assignments)
            for sid, title in sorted(changes.titles.items()):
                about = {"about": changes.about[sid]} if sid in changes.about else {}
                if sid in known:
                    conn.execute(
                        update(s.storylines)
                        .where(st.id == sid)
                        .values(title=title, updated_at=stamp, **about)
                    )
                else:
                    conn.execute(
                        insert(s.storylines).values(
                            id=sid, title=title, created_at=stamp, updated_at=stamp, **about
                        )
                    )
            for sid, about_json in sorted(changes.about.items()):
                if sid not in changes.titles and sid in known:
                    conn.execute(update(s.storylines).where(st.id == sid).values(about=about_json))
            moved = sorted(changes.assignments.items())
            if moved:
                conn.execute(
                    delete(s.storyline_articles).where(sa.article_id.in_([aid for aid, _ in moved]))
                )
                conn.execute(
                    insert(s.storyline_articles),
                    [
                        {"article_id": aid, "storyline_id": sid, "score": score}
                        for aid, (sid, score) in moved
                    ],
                )
                touched = {sid for _, (sid, _) in moved} - set(changes.titles)
                conn.execute(
                    update(s.storylines).where(st.id.in_(touched)).values(updated_at=stamp)
                )
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
            for chunk in chunks(wanted):
                found.update(
                    conn.execute(select(sa.storyline_id).where(sa.article_id.in_(chunk))).scalars()
                )
        rows = [row for sid in sorted(found) for row in self._storyline_rows(sid)]
        return sorted(rows, key=storyline_order)

    def _storyline_rows(self, storyline_id: str | None) -> list[StorylineRow]:
        st, sa, a = s.storylines.c, s.storyline_articles.c, s.articles.c
        lines = select(st.id, st.title, st.created_at, st.updated_at, st.about)
        members = select(
            sa.storyline_id, sa.article_id, sa.score, a.title, a.url, a.published
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
                StorylineMember(m.article_id, m.score, m.title, m.url, m.published)
            )
        return [
            StorylineRow(
                h.id,
                h.title,
                sorted(by_line[h.id], key=member_order),
                h.created_at,
                h.updated_at,
                h.about or "",
            )
            for h in heads
        ]

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
            for chunk in chunks(wanted):
                known.update(conn.execute(select(ge.id).where(ge.id.in_(chunk))).scalars())
            check_entity_changes(entities, links, gone, known)
            require_articles(conn, {link.article_id for link in links})
            # One statement per kind of write, run over all its rows (executemany): a
            # statement per row cost more than the resolution itself.
            rows = [_entity_values(row) for row in entities]
            stale = [r for r in rows if r["id"] in known]
            if stale:
                conn.execute(_UPDATE_ENTITY, [{f"b_{k}": v for k, v in r.items()} for r in stale])
            fresh = [r for r in rows if r["id"] not in known]
            if fresh:
                conn.execute(insert(s.global_entities), fresh)
            if links:
                conn.execute(
                    delete(s.entity_links).where(
                        el.article_id == bindparam("b_article"),
                        el.local_id == bindparam("b_local"),
                    ),
                    [{"b_article": k.article_id, "b_local": k.local_id} for k in links],
                )
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
                select(s.global_entities).where(ge.id == global_id.strip())
            ).first()
        if found is None:
            raise NotFoundError(f"no resolved entity with id {global_id!r}")
        return _global_row(found)

    def links_of_global(self, global_id: str) -> list[EntityLink]:
        el = s.entity_links.c
        with self._read() as conn:
            rows = conn.execute(
                select(s.entity_links)
                .where(el.global_id == global_id.strip())
                .order_by(el.article_id, el.local_id)
            ).all()
        return [_link(r) for r in rows]

    def entity_links(self) -> list[EntityLink]:
        el = s.entity_links.c
        with self._read() as conn:
            rows = conn.execute(select(s.entity_links).order_by(el.article_id, el.local_id)).all()
        return [_link(r) for r in rows]

    def links_of_articles(self, article_ids: Iterable[str]) -> list[EntityLink]:
        """The links of some articles, read by the article index in bounded chunks (a
        storyline's or an entity's views need these, never the whole table)."""
        wanted = sorted({a.strip() for a in article_ids})
        el = s.entity_links.c
        rows: list[Any] = []
        with self._read() as conn:
            for chunk in chunks(wanted):
                rows += conn.execute(select(s.entity_links).where(el.article_id.in_(chunk))).all()
        rows.sort(key=lambda r: (r.article_id, r.local_id))
        return [_link(r) for r in rows]

    def entity_article_counts(self) -> dict[str, int]:
        """How many articles each resolved entity appears in, counted by the database."""
        el = s.entity_links.c
        query = select(el.global_id, func.count(func.distinct(el.article_id))).group_by(
            el.global_id
        )
        with self._read() as conn:
            return {gid: int(n) for gid, n in conn.execute(query)}

    def save_knowledge_features(self, rows: Sequence[FeatureRow]) -> None:
        """Keep (or replace) what the knowledge base needs of each article: (article id,
        content hash of the text it was computed from, features JSON), all in one
        transaction (an ingest writes a batch's at once); an id given twice keeps its last."""
        latest = {article_id: (digest, features) for article_id, digest, features in rows}
        if not latest:
            return
        kf = s.knowledge_features.c
        ids = list(latest)
        with self._write() as conn:
            require_articles(conn, ids)
            for chunk in chunks(ids):
                conn.execute(delete(s.knowledge_features).where(kf.article_id.in_(chunk)))
            conn.execute(
                insert(s.knowledge_features),
                [
                    {"article_id": a, "content_hash": digest, "features_json": features}
                    for a, (digest, features) in latest.items()
                ],
            )

    def knowledge_features(self, article_ids: Iterable[str] | None = None) -> dict[str, str]:
        """article id -> features JSON, for every article (or each of ``article_ids``, read
        in bounded chunks) whose text is unchanged since the row was written."""
        kf, a = s.knowledge_features.c, s.articles.c
        query = select(kf.article_id, kf.features_json).join(
            s.articles, and_(a.id == kf.article_id, a.content_hash == kf.content_hash)
        )
        with self._read() as conn:
            if article_ids is None:
                return {r.article_id: r.features_json for r in conn.execute(query)}
            wanted = sorted(set(article_ids))
            found: dict[str, str] = {}
            for chunk in chunks(wanted):
                rows = conn.execute(query.where(kf.article_id.in_(chunk)))
                found.update((r.article_id, r.features_json) for r in rows)
            return found

    def save_knowledge_snapshot(self, article_count: int, state: str) -> None:
        """Add a snapshot of the knowledge base (JSON text) and drop all but the latest
        ``KEEP_SNAPSHOTS``, in one transaction."""
        ks = s.knowledge_snapshots.c
        with self._write() as conn:
            conn.execute(
                insert(s.knowledge_snapshots).values(
                    created_at=now(), article_count=article_count, state_json=state
                )
            )
            kept = list(
                conn.execute(select(ks.id).order_by(ks.id.desc()).limit(KEEP_SNAPSHOTS)).scalars()
            )
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
        stamp = now()
        with self._write() as conn:
            conn.execute(
                insert(s.knowledge_log),
                [{"kind": kind, "key": key, "created_at": stamp} for kind, key in steps],
            )
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
            for chunk in chunks(wanted):
                found.update(
                    (r.id, r.title)
                    for r in conn.execute(select(st.id, st.title).where(st.id.in_(chunk)))
                )
        return found

    def clear_knowledge(self) -> None:
        """One transaction: links, entities, storyline members, storylines, snapshots and
        the log, children first."""
        with self._write() as conn:
            for table in (
                s.entity_links,
                s.global_entities,
                s.storyline_articles,
                s.storylines,
                s.knowledge_snapshots,
                s.knowledge_log,
            ):
                conn.execute(delete(table))


# ---------------------------------------------------------------------- helpers


def _entity_values(row: GlobalEntityRow) -> dict[str, Any]:
    """A global entity's row as stored."""
    return {
        "id": row.id,
        "name": row.name,
        "type": row.type,
        "country": row.country,
        "aliases_json": json.dumps(sorted(row.aliases), ensure_ascii=False),
    }


# A stored global entity renamed or retyped; run over many rows at once (bound names are
# the column names behind ``b_``: SQLAlchemy keeps the plain ones for its own use).
_UPDATE_ENTITY = (
    update(s.global_entities)
    .where(s.global_entities.c.id == bindparam("b_id"))
    .values({k: bindparam(f"b_{k}") for k in ("name", "type", "country", "aliases_json")})
)


def _global_row(row: Any) -> GlobalEntityRow:
    return GlobalEntityRow(
        row.id, row.name, row.type, row.country, list(json.loads(row.aliases_json))
    )


def _link(row: Any) -> EntityLink:
    return EntityLink(row.article_id, row.local_id, row.global_id, row.reason, row.score)
