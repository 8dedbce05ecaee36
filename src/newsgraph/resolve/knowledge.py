"""The knowledge base across stored articles: storylines and resolved entities, kept up to
date one article at a time and persisted in the store.

Opening loads the latest *snapshot* (the whole in-memory state as JSON, see
``save_snapshot``) and *replays* only the articles stored since: those whose ids the
snapshot does not hold, in the order they were first stored, whoever stored them. Each is
placed (and the recent ones refined) as ``add`` would, so the state equals what one
uninterrupted ingest held; that is what lets an ingest killed halfway resume to the rows of
one clean run. Its entities are *restored* from its persisted links where it has them (so
another process's choices stand), else resolved in its place. The cost of opening grows with
the snapshot's size and the articles stored since, not with a replay of every article.

A snapshot is written at the end of each ingest (``checkpoint``), every ``SNAPSHOT_EVERY``
articles (or a tenth of the store, whichever is more) during a long one, after a merge or
split by hand, and by an open that had to replay much. A store without one (made before
snapshots, or whose snapshot does not fit: another format, another ``recent``, an article it
holds since deleted) is replayed in full once, as before, and then snapshotted. The links
table stays the truth for entities: when the entities the store counts differ from the
snapshot's (a merge overwritten by a stale process's snapshot, say), they are rebuilt from
the links.

A replay reads no brief: what it needs of each article (storyline features, entities) is
kept in the store's ``knowledge_features`` rows, written as each article is added. An
article without a current row (a database made before the rows existed, an article stored
by ``newsgraph batch`` or whose text changed since) has its brief read once and its row
written.

Several processes may write one store at once (two ``ingest`` runs, a ``watch``, a merge
by hand). Every change to the knowledge is one *turn* under the store's knowledge lock
(``store.locks``): the turn first replays the entries other writers appended to the
knowledge log since this process last looked (their articles placed with their stored
links, their merges and splits redone), then makes its own change, writes its rows and
appends its own entry. Every process thus replays one log in one order, and the knowledge
is what one writer processing the articles in log order leaves (``resolve.check`` verifies
it). Snapshots record the log position they include; opening replays the log after it,
then places any stored article no entry names (stored by ``batch`` or by a killed ingest).

After the load, ``add`` costs the same whatever the store size: the new article is placed
(capped candidate sets, see ``resolve.storylines``), the last ``recent`` articles are
refined, its entities are linked (capped blocks, see ``resolve.entities``), and only the
rows that changed are written.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from newsgraph.errors import InputError, NotFoundError
from newsgraph.model import Brief, Entity
from newsgraph.resolve.entities import EntityResolver, GlobalEntity, Link, name_key
from newsgraph.resolve.known import Known
from newsgraph.resolve.story_features import (
    StoryFeatures,
)
from newsgraph.resolve.storylines import StorylineIndex
from newsgraph.store.base import (
    EntityLink,
    GlobalEntityRow,
    KnowledgeStep,
    Store,
    StorylineChanges,
    content_hash,
)

if TYPE_CHECKING:
    from newsgraph.resolve.shards import BlockResult

RECENT = 50  # articles re-checked after each arrival: cost independent of the store size
SNAPSHOT_EVERY = 1000  # articles added (or replayed) between snapshots, at least ...
SNAPSHOT_SHARE = 10  # ... and at least a tenth of the articles known
SNAPSHOT_FORMAT = 1  # bumped when the snapshot's shape changes: older ones are replayed over


class KnowledgeBase:
    """A StorylineIndex and an EntityResolver over one store, written through to it.

    Every change runs as one *turn* under the store's knowledge lock: first the changes
    other processes logged since this one last looked are replayed (``_follow_log``), then
    this change is made, written and logged. So any number of concurrent writers leave
    the knowledge one writer would leave, each replaying the same log in the same order."""

    def __init__(self, store: Store, *, recent: int = RECENT) -> None:
        self.store = store
        self._window = recent
        self._forget()

    def _forget(self) -> None:
        """The empty state, before anything is loaded."""
        recent = self._window
        self.index = StorylineIndex()
        self.resolver = EntityResolver()
        self._recent: deque[str] = deque(maxlen=recent)
        self._scores: dict[str, float] = {}  # article -> score it joined its storyline with
        self._saved_home: dict[str, tuple[str, float]] = {}  # what the store holds
        self._saved_titles: dict[str, str] = {}
        self._saved_about: dict[str, str] = {}  # storyline -> its stored ``about`` JSON
        self._seq = 0  # the last knowledge-log entry this state includes
        self.replayed = 0  # articles the open replayed (all of them without a snapshot)
        self._unsaved = 0  # changes since the last snapshot

    @classmethod
    def open(cls, store: Store, *, recent: int = RECENT) -> KnowledgeBase:
        """The knowledge base of ``store``, rebuilt from its feature rows (see the module)."""
        kb = cls(store, recent=recent)
        with store.knowledge_lock():
            kb._load()
        return kb

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._scores

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """This process's turn to change the knowledge: the lock held, and the changes
        other writers made since this state's last look replayed first."""
        with self.store.knowledge_lock():
            self._follow_log()
            yield

    def _load(self) -> None:
        """Snapshot, then the log after it, then any stored article no log entry names
        (stored by ``batch``, by an ingest killed before it resolved, or before the log)."""
        for row in self.store.storylines():
            self._saved_titles[row.id] = row.title
            self._saved_about[row.id] = row.about
            self._saved_home.update((m.article_id, (row.id, m.score)) for m in row.articles)
        stored = self.store.article_ids()
        restored = self._restore_snapshot(set(stored))
        if not restored:
            self._restore_globals(self.store.global_entities())
        known = set(stored)
        replayed = self._apply_steps(
            [
                step
                for step in self.store.knowledge_steps(self._seq)
                if step.kind != "article" or step.key in known
            ]
        )
        unlogged = [a for a in stored if a not in self._scores]
        if unlogged:
            self._replay(unlogged)
            self._log([("article", a) for a in unlogged])
        self._persist_storylines(drop_stale=not restored)
        self.replayed = replayed + len(unlogged)
        due = not restored and bool(stored)  # once: the next open starts from here
        if restored and (self._check_entities() or self.replayed >= SNAPSHOT_EVERY):
            due = True
        if due:
            self.save_snapshot()

    def _restore_snapshot(self, stored: set[str]) -> bool:
        """Load the latest snapshot, if there is one that fits this store and this
        ``recent``; False (and nothing loaded) otherwise."""
        raw = self.store.knowledge_snapshot()
        try:
            state = json.loads(raw) if raw else None
            if (
                not isinstance(state, dict)
                or state.get("format") != SNAPSHOT_FORMAT
                or state.get("recent_size") != self._recent.maxlen
                or not set(state["scores"]) <= stored
            ):
                return False
            index = StorylineIndex.from_state(state["storylines"])
            resolver = EntityResolver.from_state(state["entities"])
            scores = {str(k): float(v) for k, v in state["scores"].items()}
            recent = [str(a) for a in state["recent"]]
            seq = int(state.get("seq", 0))
        except (ValueError, KeyError, TypeError, AttributeError):
            return False  # unreadable: replay in full, as a store without one
        self.index, self.resolver, self._scores, self._seq = index, resolver, scores, seq
        self._recent.extend(recent)
        return True

    # ------------------------------------------------------------------ the log

    def _follow_log(self) -> None:
        """Replay what other writers logged since this state's last look. They wrote the
        rows already: the cached view of the store is refreshed for what they touched, so
        only a real difference is written again."""
        steps = self.store.knowledge_steps(self._seq)
        if any(step.kind == "reset" for step in steps):
            self._reload()
        elif steps:
            self._apply_steps(steps)
            self._persist_storylines(refresh=True)

    def _reload(self) -> None:
        """The knowledge was rebuilt by another process: start again from the store."""
        self._forget()
        self._load()

    def _apply_steps(self, steps: Sequence[KnowledgeStep]) -> int:
        """Replay logged steps in order: runs of articles placed with their stored links,
        merges and splits redone on the resolver. The number of articles replayed."""
        replayed, run = 0, []
        for step in steps:
            if step.kind == "reset":  # a rebuild's mark: what follows starts from nothing
                continue
            if step.kind == "article":
                if step.key not in self._scores and step.key not in run:
                    run.append(step.key)
                continue
            replayed += self._replay(run)
            run = []
            self._redo(step)
        replayed += self._replay(run)
        if steps:
            self._seq = max(self._seq, steps[-1].seq)
        return replayed

    def _redo(self, step: KnowledgeStep) -> None:
        """A merge or split another writer made (its rows already written); a step that
        no longer applies (its entities gone) is passed over."""
        if step.kind == "merge":
            keep, _, other = step.key.partition(" ")
            if keep in self.resolver.entities and other in self.resolver.entities:
                self.resolver.merge(keep, other, reason="merged by hand")
        elif step.kind == "split" and step.key in self.resolver.entities:
            self.resolver.split(step.key)

    def _log(self, steps: Sequence[tuple[str, str]]) -> None:
        """Append this process's changes to the log (under the lock, after their rows)."""
        if steps:
            self._seq = self.store.append_knowledge_steps(steps)

    def _replay(self, article_ids: Sequence[str]) -> int:
        """Place the articles in order, restoring their stored links (see the module);
        the number placed."""
        if not article_ids:
            return 0
        links = self.store.links_of_articles(article_ids)
        self._restore_missing({link.global_id for link in links})
        by_article: dict[str, list[EntityLink]] = {}
        for link in links:
            by_article.setdefault(link.article_id, []).append(link)
        saved = self.store.knowledge_features(article_ids)
        fresh: list[Link] = []
        for article_id in article_ids:
            raw = saved.get(article_id)
            known = Known.from_json(article_id, raw) if raw else self._known(article_id)
            self._place(known.story)
            if article_id in by_article:
                self._restore_links(article_id, known.entities, by_article[article_id])
            elif known.entities:
                fresh += self.resolver.add(article_id, known.brief())
        self._unsaved += len(article_ids)
        self._persist_links(fresh)
        return len(article_ids)

    def _restore_missing(self, global_ids: set[str]) -> None:
        """Global entities that replayed links name but the snapshot lacks (made by
        another process since): as stored, their keys and context come with the links."""
        if global_ids - self.resolver.entities.keys():
            self._restore_globals(
                row
                for row in self.store.global_entities()
                if row.id in global_ids and row.id not in self.resolver.entities
            )

    def _check_entities(self) -> bool:
        """The links table is the truth for entities: when the store counts articles per
        entity differently from the snapshot, rebuild the entities from the links (True)."""
        mine = {
            g.id: len({k.article_id for k in g.links})
            for g in self.resolver.entities.values()
            if g.links
        }
        if self.store.entity_article_counts() == mine:
            return False
        self.resolver = EntityResolver()
        self._restore_globals(self.store.global_entities())
        by_article: dict[str, list[EntityLink]] = {}
        for link in self.store.entity_links():
            by_article.setdefault(link.article_id, []).append(link)
        saved = self.store.knowledge_features(by_article)
        for article_id in self.store.article_ids():
            if article_id in by_article:
                raw = saved.get(article_id)
                known = Known.from_json(article_id, raw) if raw else self._known(article_id)
                self._restore_links(article_id, known.entities, by_article[article_id])
        return True

    def _known(self, article_id: str) -> Known:
        """An article without a current feature row: read its brief once, keep the row."""
        brief = self.store.get_brief(article_id)
        return self._save_known(article_id, brief)

    def _save_known(self, article_id: str, brief: Brief) -> Known:
        return self._save_knowns([(article_id, brief)])[0]

    def _save_knowns(self, items: Sequence[tuple[str, Brief]]) -> list[Known]:
        """The features of each article, their rows written in one transaction."""
        knowns = [Known.of(article_id, brief) for article_id, brief in items]
        self.store.save_knowledge_features(
            [
                (article_id, content_hash(brief.document.text), known.to_json())
                for (article_id, brief), known in zip(items, knowns, strict=True)
            ]
        )
        return knowns

    def add(self, article_id: str, brief: Brief) -> bool:
        """Place a newly stored article and link its entities; False (and nothing done)
        when the article is already known, so ingesting twice changes nothing (but its
        feature row is renewed: a later open replays what the store now holds)."""
        return self.add_many([(article_id, brief)])[0]

    def add_many(self, items: Sequence[tuple[str, Brief]]) -> list[bool]:
        """``add`` for stored articles in order, in one turn: the log is followed once and
        the storylines, links and log entries written once for them all, which leaves what
        as many ``add`` calls leave with no writer between them. If one raises, none of
        those is written (the state is then stale: drop it); the next open replays the
        batch's stored articles, as after an ingest killed before it resolved them."""
        with self._turn():
            added, links = [], []
            knowns = self._save_knowns(items)
            for (article_id, _), known in zip(items, knowns, strict=True):
                added.append(article_id not in self)
                if added[-1]:
                    self._place(known.story)
                    links += self.resolver.add(article_id, known.brief())
            self._persist_storylines()
            self._persist_links(links)
            self._log([("article", a) for (a, _), new in zip(items, added, strict=True) if new])
            self._unsaved += sum(added)
            # A snapshot costs its size, which grows with the store: spacing them by a
            # tenth of the store keeps the cost per added article flat.
            if self._unsaved >= max(SNAPSHOT_EVERY, len(self._scores) // SNAPSHOT_SHARE):
                self.save_snapshot()
            return added

    def add_resolved(self, blocks: Sequence[BlockResult], known: Mapping[str, Known]) -> bool:
        """Stored articles (``known``, in order) resolved in blocks (``resolve.shards``), reconciled
        here, written as ``add_many`` writes; False if another writer placed one meanwhile."""
        from newsgraph.resolve.shards import reconcile  # shards imports this module

        with self._turn():
            order = [a for a in known if a not in self]
            if len(order) < len(known):
                return False
            done = reconcile(self.index.to_state(self._recent), self.resolver, blocks, known)
            self.index = done.index
            self._scores.update(done.scores)
            self._remember(order)
            self._persist_storylines(only=(set(order), {self.index.home(a) for a in order}))
            self._persist_links(done.links)
            self._log([("article", a) for a in order])
            self.save_snapshot()
            return True

    def checkpoint(self) -> bool:
        """Write a snapshot if anything changed since the last one (the end of an ingest
        calls this); True if one was written."""
        with self._turn():
            if not self._unsaved:
                return False
            self.save_snapshot()
            return True

    def save_snapshot(self) -> None:
        """Persist the whole in-memory state as one JSON row (never pickle: the database
        may be shared), after the rows it describes: a later open loads it and replays only
        the articles stored after it. Its size grows with the storylines' vocabularies, the
        resolved entities and the articles placed; it holds the member vectors of just the
        ``recent`` window."""
        state = {
            "format": SNAPSHOT_FORMAT,
            "recent_size": self._recent.maxlen,
            "seq": self._seq,
            "scores": self._scores,
            "recent": list(self._recent),
            "storylines": self.index.to_state(self._recent),
            "entities": self.resolver.to_state(),
        }
        self.store.save_knowledge_snapshot(len(self._scores), json.dumps(state, ensure_ascii=False))
        self._unsaved = 0

    def _remember(self, article_ids: Iterable[str]) -> None:
        """Put articles last in the window of those re-checked after each arrival; one
        that leaves it is never re-checked again, so the storyline index drops its vectors
        (about 16 KB an article: a long ingest or watch would otherwise hold every one)."""
        for article_id in article_ids:
            full = bool(self._recent) and len(self._recent) == self._recent.maxlen
            oldest = self._recent[0] if full else None
            self._recent.append(article_id)
            if oldest is not None and oldest not in self._recent:
                self.index.forget(oldest)

    def _place(self, features: StoryFeatures) -> None:
        assignment = self.index.add(features)
        self._scores[features.article_id] = assignment.score
        self._remember([features.article_id])
        touched = {assignment.storyline, *assignment.merged}
        self.index.refine_after(list(self._recent), touched)

    # ------------------------------------------------------------------ entities by hand

    def merge(self, keep: str, other: str) -> GlobalEntityRow:
        """Fold global entity ``other`` into ``keep``, persisted; undone by ``split``."""
        keep, other = keep.strip(), other.strip()
        if keep == other:
            raise InputError(f"cannot merge {keep} with itself")
        with self._turn():
            for gid in (keep, other):
                self._require(gid)
            merged = self.resolver.merge(keep, other, reason="merged by hand")
            self._save_entities([merged], removed={other})
            self._log([("merge", f"{keep} {other}")])
            self.save_snapshot()  # so the next open starts from the merge
            return _row(merged)

    def split(self, global_id: str) -> list[GlobalEntityRow]:
        """Undo the merges into ``global_id``: one entity per distinct name again."""
        gid = global_id.strip()
        with self._turn():
            g = self._require(gid)
            names = {name_key(link.name or g.name) for link in g.links}
            parts = (f"{gid}.{n}" for n in range(1, len(names)))
            taken = [part for part in parts if part in self.resolver.entities]
            if taken:
                raise InputError(f"cannot split {gid}: {taken[0]} exists; split or merge it first")
            made = [self.resolver.entities[m] for m in self.resolver.split(gid)]
            self._save_entities(made)
            self._log([("split", gid)])
            self.save_snapshot()
            return [_row(g) for g in made]

    def _require(self, gid: str) -> GlobalEntity:
        if gid not in self.resolver.entities:
            raise NotFoundError(f"no resolved entity with id {gid!r}")
        return self.resolver.entities[gid]

    # ------------------------------------------------------------------ persistence

    def _persist_storylines(
        self, drop_stale: bool = False, refresh: bool = False, only: tuple[set[str], ...] = ()
    ) -> None:
        """Write only what differs from the store: new or renamed storylines, articles
        placed or moved, storylines emptied by a merge or a refinement. Only what the
        index reports changed since the last write is compared, against this process's
        view of the store, first re-read for those rows when another writer may have
        changed them (``refresh``). After a full replay (``drop_stale``) every stored
        storyline the index no longer has is removed too: a database whose storylines
        were numbered before ids came from their founders gets them renamed, not left
        behind empty."""
        articles, lines = only or self.index.take_changes()  # only: (articles, storylines)
        if refresh:
            self._reread(articles, lines)
        live = self.index.storylines
        stale = set(self._saved_titles) - live.keys() if drop_stale else set()
        changes = StorylineChanges(
            titles={
                sid: live[sid].title
                for sid in lines
                if sid in live and self._saved_titles.get(sid) != live[sid].title
            },
            removed={sid for sid in lines if sid not in live and sid in self._saved_titles} | stale,
        )
        for sid in lines & live.keys():
            about = json.dumps(live[sid].about().to_dict(), ensure_ascii=False, sort_keys=True)
            if self._saved_about.get(sid) != about:
                changes.about[sid] = about
        for article_id in articles:
            wanted = (self.index.home(article_id), self._scores[article_id])
            if self._saved_home.get(article_id) != wanted:
                changes.assignments[article_id] = wanted
        if not changes:
            return
        self.store.save_storylines(changes)
        self._saved_titles.update(changes.titles)
        self._saved_about.update(changes.about)
        for sid in changes.removed:
            del self._saved_titles[sid]
            self._saved_about.pop(sid, None)
        self._saved_home.update(changes.assignments)

    def _reread(self, articles: set[str], lines: set[str]) -> None:
        """The store's current rows for these articles and storylines, into the view."""
        for row in self.store.storylines_of(articles):
            self._saved_titles[row.id] = row.title
            self._saved_about[row.id] = row.about
            self._saved_home.update(
                (m.article_id, (row.id, m.score)) for m in row.articles if m.article_id in articles
            )
        titles = self.store.storyline_titles(lines)
        for sid in lines:
            if sid in titles:
                self._saved_titles[sid] = titles[sid]
            else:
                self._saved_titles.pop(sid, None)

    def _persist_links(self, links: Sequence[Link]) -> None:
        if links:
            touched = {link.global_id for link in links}
            self.store.save_entity_links(
                [_row(self.resolver.entities[gid]) for gid in sorted(touched)],
                [_stored(link) for link in links],
            )

    def _save_entities(self, entities: Iterable[GlobalEntity], removed: Iterable[str] = ()) -> None:
        chosen = list(entities)
        links = [_stored(link) for g in chosen for link in g.links]
        self.store.save_entity_links([_row(g) for g in chosen], links, removed)

    def _restore_globals(self, rows: Iterable[GlobalEntityRow]) -> None:
        """Global entities as stored; their keys and context come back with their links."""
        for row in rows:
            self.resolver.entities[row.id] = GlobalEntity(
                row.id, row.name, row.type, set(row.aliases)
            )

    def _restore_links(
        self, article_id: str, entities: Sequence[Entity], links: Sequence[EntityLink]
    ) -> None:
        """Attach an article's stored links as ``EntityResolver.add`` made them (longest
        names first), so resolution goes on exactly as in an uninterrupted run."""
        by_id = {e.id: e for e in entities}
        keys = {e.id: name_key(e.name) for e in entities}
        order = {e.id: n for n, e in enumerate(sorted(entities, key=lambda e: -len(e.name)))}
        for stored in sorted(links, key=lambda k: order.get(k.local_id, len(order))):
            ent: Entity | None = by_id.get(stored.local_id)
            g = self.resolver.entities.get(stored.global_id)
            if g is None:
                continue
            if ent is None:  # the brief changed since: the link stays, its name does not count
                g.links.append(Link(article_id, stored.local_id, g.id, stored.reason, stored.score))
                continue
            context = {k for i, k in keys.items() if i != ent.id}
            link = Link(article_id, ent.id, g.id, stored.reason, stored.score, ent.name)
            self.resolver.attach(g, ent, context, link)


def _row(g: GlobalEntity) -> GlobalEntityRow:
    country = min(g.countries) if g.countries else None
    return GlobalEntityRow(g.id, g.name, g.type, country, sorted(g.aliases))


def _stored(link: Link) -> EntityLink:
    return EntityLink(link.article_id, link.entity_id, link.global_id, link.reason, link.score)
