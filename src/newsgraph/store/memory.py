"""MemoryStore: the Store protocol over plain dicts, for tests of other layers.

It follows the same identity, grouping and ordering rules as SqlStore (they live in
``base``), and the same contract suite checks it; search uses the portable fallback.
Briefs are kept as JSON text so a caller mutating its Brief after saving changes nothing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

from newsgraph.errors import InputError, NotFoundError, StoreError
from newsgraph.model import Brief, brief_from_dict
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
    entity_order,
    fallback_hits,
    global_order,
    member_order,
    newest_first,
    norm_name,
    parse_query,
    source_key,
    storyline_order,
    summarise_group,
)


@dataclass(frozen=True)
class _Record:
    id: str
    url: str | None
    content_hash: str
    title: str
    published: str | None
    text: str
    brief_json: str
    entity_count: int
    quote_count: int
    created_at: str


class MemoryStore:
    """A :class:`~newsgraph.store.base.Store` that forgets everything on close."""

    def __init__(self) -> None:
        self._records: dict[str, _Record] = {}
        self._members: dict[str, list[tuple[str, str, EntityMember]]] = {}
        self._sources: dict[str, list[ArticleSource]] = {}
        self._fingerprints: dict[str, str] = {}
        self._seen: dict[str, set[str]] = {}
        self._storylines: dict[str, tuple[str, str, str]] = {}  # id -> (title, created, updated)
        self._storyline_of: dict[str, tuple[str, float]] = {}  # article -> (storyline, score)
        self._globals: dict[str, GlobalEntityRow] = {}
        self._links: dict[tuple[str, str], EntityLink] = {}
        self._knowledge: dict[str, tuple[str, str]] = {}  # article -> (content hash, JSON)
        self._snapshots: list[tuple[int, str]] = []  # (article count, state JSON), oldest first
        self._log: list[KnowledgeStep] = []
        self._lock = threading.RLock()
        self._knowledge_lock = threading.RLock()  # one process: a thread lock is enough

    def save_brief(self, brief: Brief) -> SaveResult:
        """Insert, or update the record with the same canonical URL or body text; on any
        failure the previous state is put back, as a rolled-back transaction would."""
        check_brief(brief)
        doc = brief.document
        url = canonical_url(doc.url) if doc.url else None
        digest = content_hash(doc.text)
        try:
            payload = json.dumps(brief.to_dict(), ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise InputError(f"brief cannot be stored as JSON: {exc}") from exc
        with self._lock:
            existing = self._find_existing(url, digest)
            article_id = existing.id if existing else article_id_for(brief)
            record = _Record(
                id=article_id,
                url=url or (existing.url if existing else None),
                content_hash=digest,
                title=doc.title,
                published=doc.published,
                text=doc.text,
                brief_json=payload,
                entity_count=len(brief.entities),
                quote_count=len(brief.quotes),
                created_at=existing.created_at if existing else _now(),
            )
            saved = (dict(self._records), dict(self._members))
            try:
                self._records[article_id] = record
                self._members.pop(article_id, None)
                self._insert_children(article_id, brief)
            except BaseException:
                self._records, self._members = saved
                raise
        return SaveResult(article_id=article_id, created=existing is None)

    def _insert_children(self, article_id: str, brief: Brief) -> None:
        self._members[article_id] = [
            (
                norm_name(e.name),
                e.type,
                EntityMember(article_id, e.name, tuple(e.aliases), e.country, len(e.mentions)),
            )
            for e in brief.entities
        ]

    def _find_existing(self, url: str | None, digest: str) -> _Record | None:
        by_url = next((r for r in self._records.values() if url and r.url == url), None)
        by_text = next((r for r in self._records.values() if r.content_hash == digest), None)
        if by_url and by_text and by_url.id != by_text.id:
            raise StoreError(
                f"cannot save {url}: its URL is stored as article {by_url.id} but its text as "
                f"article {by_text.id} in memory"
            )
        return by_url or by_text

    def _require(self, article_id: str) -> None:
        if article_id not in self._records:
            raise NotFoundError(f"no article with id {article_id!r}")

    def add_source(
        self, article_id: str, url: str, title: str = "", published: str | None = None
    ) -> bool:
        key = source_key(url)
        with self._lock:
            self._require(article_id)
            known = self._sources.setdefault(article_id, [])
            if any(s.url == key for s in known):
                return False
            known.append(ArticleSource(url=key, title=title, published=published))
        return True

    def sources(self, article_id: str) -> list[ArticleSource]:
        with self._lock:
            self._require(article_id)
            return list(self._sources.get(article_id, []))

    def save_fingerprint(self, article_id: str, signature: str) -> None:
        with self._lock:
            self._require(article_id)
            self._fingerprints[article_id] = signature

    def fingerprints(self) -> list[tuple[str, str]]:
        with self._lock:
            return sorted(self._fingerprints.items())

    def mark_seen(self, feed: str, items: Iterable[str]) -> None:
        with self._lock:
            self._seen.setdefault(feed, set()).update(items)

    def seen_items(self, feed: str) -> set[str]:
        with self._lock:
            return set(self._seen.get(feed, set()))

    # ------------------------------------------------------------------ across articles

    def article_ids(self) -> list[str]:
        with self._lock:
            return list(self._records)  # dicts keep insertion order; updates keep their place

    def save_storylines(self, changes: StorylineChanges) -> None:
        with self._lock:
            check_storyline_changes(changes, set(self._storylines))
            self._require_all(changes.assignments)
            now = _now()
            lines = dict(self._storylines)
            members = dict(self._storyline_of)
            for sid, title in changes.titles.items():
                created = lines[sid][1] if sid in lines else now
                lines[sid] = (title, created, now)
            for aid, (sid, score) in changes.assignments.items():
                members[aid] = (sid, score)
                title, created, _ = lines[sid]
                lines[sid] = (title, created, now)
            still = {sid for sid, _ in members.values()} & changes.removed
            if still:
                raise StoreError(f"storyline {min(still)} still has articles; cannot remove it")
            for sid in changes.removed:
                lines.pop(sid, None)
            self._storylines, self._storyline_of = lines, members

    def storylines(self) -> list[StorylineRow]:
        with self._lock:
            rows = [self._storyline_row(sid) for sid in self._storylines]
        return sorted(rows, key=storyline_order)

    def storyline(self, storyline_id: str) -> StorylineRow:
        with self._lock:
            if storyline_id.strip() not in self._storylines:
                raise NotFoundError(f"no storyline with id {storyline_id!r}")
            return self._storyline_row(storyline_id.strip())

    def storylines_of(self, article_ids: Iterable[str]) -> list[StorylineRow]:
        wanted = {a.strip() for a in article_ids}
        return [row for row in self.storylines()
                if any(m.article_id in wanted for m in row.articles)]

    def _storyline_row(self, sid: str) -> StorylineRow:
        title, created, updated = self._storylines[sid]
        members = [
            StorylineMember(aid, score, r.title, r.url, r.published)
            for aid, (line, score) in self._storyline_of.items()
            if line == sid and (r := self._records.get(aid)) is not None
        ]
        return StorylineRow(sid, title, sorted(members, key=member_order), created, updated)

    def save_entity_links(
        self,
        entities: Sequence[GlobalEntityRow],
        links: Sequence[EntityLink],
        removed: Iterable[str] = (),
    ) -> None:
        gone = set(removed)
        with self._lock:
            check_entity_changes(entities, links, gone, set(self._globals))
            self._require_all(link.article_id for link in links)
            known = dict(self._globals)
            for row in entities:
                known[row.id] = replace(row, aliases=sorted(row.aliases))
            linked = dict(self._links)
            for link in links:
                linked[(link.article_id, link.local_id)] = link
            still = {k.global_id for k in linked.values()} & gone
            if still:
                raise StoreError(f"global entity {min(still)} still has links; cannot remove it")
            for gid in gone:
                known.pop(gid, None)
            self._globals, self._links = known, linked

    def global_entities(self, type: str | None = None) -> list[GlobalEntityRow]:
        wanted = check_entity_type(type)
        with self._lock:
            rows = [g for g in self._globals.values() if wanted is None or g.type == wanted]
        return sorted(rows, key=global_order)

    def global_entity(self, global_id: str) -> GlobalEntityRow:
        with self._lock:
            found = self._globals.get(global_id.strip())
        if found is None:
            raise NotFoundError(f"no resolved entity with id {global_id!r}")
        return found

    def links_of_global(self, global_id: str) -> list[EntityLink]:
        return [k for k in self.entity_links() if k.global_id == global_id.strip()]

    def entity_links(self) -> list[EntityLink]:
        with self._lock:
            return [self._links[key] for key in sorted(self._links)]

    def links_of_articles(self, article_ids: Iterable[str]) -> list[EntityLink]:
        wanted = {a.strip() for a in article_ids}
        return [k for k in self.entity_links() if k.article_id in wanted]

    def entity_article_counts(self) -> dict[str, int]:
        found: dict[str, set[str]] = {}
        for link in self.entity_links():
            found.setdefault(link.global_id, set()).add(link.article_id)
        return {gid: len(ids) for gid, ids in found.items()}

    def save_knowledge_features(self, article_id: str, content_hash: str, features: str
                                ) -> None:
        with self._lock:
            self._require(article_id)
            self._knowledge[article_id] = (content_hash, features)

    def knowledge_features(self, article_ids: Iterable[str] | None = None) -> dict[str, str]:
        with self._lock:
            wanted = self._knowledge.keys() if article_ids is None else set(article_ids)
            return {aid: features for aid, (digest, features) in self._knowledge.items()
                    if aid in wanted and aid in self._records
                    and self._records[aid].content_hash == digest}

    def save_knowledge_snapshot(self, article_count: int, state: str) -> None:
        with self._lock:
            self._snapshots = [*self._snapshots, (article_count, state)][-KEEP_SNAPSHOTS:]

    def knowledge_snapshot(self) -> str | None:
        with self._lock:
            return self._snapshots[-1][1] if self._snapshots else None

    @contextmanager
    def knowledge_lock(self) -> Iterator[None]:
        with self._knowledge_lock:
            yield

    def append_knowledge_steps(self, steps: Sequence[tuple[str, str]]) -> int:
        check_steps(steps)
        with self._lock:
            self._log += [KnowledgeStep(len(self._log) + n, kind, key)
                          for n, (kind, key) in enumerate(steps, 1)]
            return len(self._log)

    def knowledge_steps(self, after: int = 0) -> list[KnowledgeStep]:
        with self._lock:
            return self._log[max(after, 0):]

    def storyline_titles(self, storyline_ids: Iterable[str]) -> dict[str, str]:
        with self._lock:
            return {sid: self._storylines[sid][0] for sid in set(storyline_ids)
                    if sid in self._storylines}

    def clear_knowledge(self) -> None:
        with self._lock:
            self._storylines.clear()
            self._storyline_of.clear()
            self._globals.clear()
            self._links.clear()
            self._snapshots.clear()
            self._log.clear()

    def _require_all(self, article_ids: Iterable[str]) -> None:
        for aid in sorted(set(article_ids)):
            self._require(aid)

    def get_brief(self, article_id: str) -> Brief:
        key = check_article_id(article_id)
        with self._lock:
            record = self._records.get(key)
            matches = (
                [record] if record else [r for r in self._records.values() if r.id.startswith(key)]
            )
        if not matches:
            raise NotFoundError(f"no article with id {article_id!r}")
        if len(matches) > 1:
            raise InputError(f"article id prefix {article_id!r} is ambiguous; give more characters")
        return brief_from_dict(json.loads(matches[0].brief_json))

    def list_articles(self, limit: int = 50, offset: int = 0) -> list[ArticleSummary]:
        check_page(limit, offset)
        with self._lock:
            records = sorted(self._records.values(), key=lambda r: r.id)
        records.sort(key=lambda r: r.created_at, reverse=True)
        records.sort(key=lambda r: newest_first(r.published), reverse=True)
        return [
            ArticleSummary(
                id=r.id,
                title=r.title,
                url=r.url,
                published=r.published,
                entity_count=r.entity_count,
                quote_count=r.quote_count,
            )
            for r in records[offset : offset + limit]
        ]

    def count_articles(self) -> int:
        return len(self._records)

    def entities(self, type: str | None = None, limit: int = 100) -> list[EntityRow]:
        wanted = check_entity_type(type)
        check_page(limit)
        groups: dict[tuple[str, str], list[EntityMember]] = {}
        with self._lock:
            for members in self._members.values():
                for key_name, key_type, member in members:
                    if wanted is None or key_type == wanted:
                        groups.setdefault((key_name, key_type), []).append(member)
        rows = [summarise_group(t, ms) for (_, t), ms in groups.items()]
        return sorted(rows, key=entity_order)[:limit]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        phrases = parse_query(query)
        check_page(limit)
        if not phrases:
            return []
        with self._lock:
            candidates = [
                SearchCandidate(r.id, r.title, r.published, r.text) for r in self._records.values()
            ]
        return fallback_hits(phrases, candidates, limit)

    def close(self) -> None:
        with self._lock:
            self._records.clear()
            self._members.clear()
            self._sources.clear()
            self._fingerprints.clear()
            self._seen.clear()
            self._storylines.clear()
            self._storyline_of.clear()
            self._globals.clear()
            self._links.clear()
            self._knowledge.clear()
            self._snapshots.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
