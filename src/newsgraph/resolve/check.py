"""``newsgraph db check [--repair]``: does the stored knowledge hold its invariants, and is
it what one writer replaying the knowledge log would have made?

The invariants, each a *finding* when broken:

- every resolved entity is linked from at least one article;
- no storyline is empty, and every stored article is in exactly one storyline (the schema
  keeps it to at most one);
- no two resolved entities share a name and type where a replay makes them one (what two
  writers deciding from stale states left behind).

The replay is a dry run: a knowledge base built afresh in memory over the stored feature
rows, in the log's order with its merges and splits, that writes nothing. Its counts are
reported beside the stored ones; storylines placed differently are reported but are not a
finding (an article re-ingested with a new text keeps its place; a replay would not).

``repair`` rebuilds the knowledge from scratch under the knowledge lock: it forgets every
storyline, resolved entity and link, marks the log (so running ingests reload), replays
every stored article in order, and redoes the merges and splits made by hand.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from newsgraph.errors import NewsgraphError
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.store.base import (
    EntityLink,
    FeatureRow,
    GlobalEntityRow,
    KnowledgeStep,
    Store,
    StorylineChanges,
    StorylineRow,
)

EXAMPLES = 5  # ids named per finding


@dataclass(frozen=True)
class Finding:
    """One broken invariant: what, how many, and a few of them by id."""

    kind: str
    count: int
    examples: list[str] = field(default_factory=list)


@dataclass
class CheckReport:
    """The stored knowledge's counts, a dry replay's, and every broken invariant."""

    articles: int
    resolved_entities: int
    storylines: int
    replay_entities: int
    replay_storylines: int
    placed_differently: int
    findings: list[Finding] = field(default_factory=list)
    repaired: bool = False

    @property
    def ok(self) -> bool:
        return not self.findings


def check(store: Store) -> CheckReport:
    """Read the store's knowledge, replay it dry, and compare (see the module)."""
    ids = store.article_ids()
    entities = store.global_entities()
    links = store.entity_links()
    lines = store.storylines()
    replay = KnowledgeBase.open(cast(Store, DryRun(store)))
    findings = [
        f
        for f in (
            _orphans(entities, links),
            _empty(lines),
            _unplaced(ids, lines),
            _duplicates(entities, links, replay),
        )
        if f.count
    ]
    return CheckReport(
        articles=len(ids),
        resolved_entities=len(entities),
        storylines=len(lines),
        replay_entities=len(replay.resolver.entities),
        replay_storylines=len(replay.index.storylines),
        placed_differently=_placed_differently(lines, replay),
        findings=findings,
    )


def repair(store: Store) -> CheckReport:
    """Rebuild the knowledge by replaying every article (see the module); the check of
    the result, marked repaired."""
    with store.knowledge_lock():
        by_hand = [s for s in store.knowledge_steps() if s.kind in ("merge", "split")]
        store.clear_knowledge()
        store.append_knowledge_steps([("reset", "db check --repair")])
        kb = KnowledgeBase.open(store)
        for step in by_hand:
            _redo(kb, step)
    report = check(store)
    report.repaired = True
    return report


def _redo(kb: KnowledgeBase, step: KnowledgeStep) -> None:
    """A merge or split by hand, again, where its entities still exist."""
    try:
        if step.kind == "merge":
            keep, _, other = step.key.partition(" ")
            kb.merge(keep, other)
        else:
            kb.split(step.key)
    except NewsgraphError:
        pass  # the rebuild resolved them differently: nothing left to merge or split


def _orphans(entities: Sequence[GlobalEntityRow], links: Sequence[EntityLink]) -> Finding:
    linked = {k.global_id for k in links}
    gone = [g.id for g in entities if g.id not in linked]
    return Finding("resolved entities linked to no article", len(gone), gone[:EXAMPLES])


def _empty(lines: Sequence[StorylineRow]) -> Finding:
    empty = [row.id for row in lines if not row.articles]
    return Finding("empty storylines", len(empty), empty[:EXAMPLES])


def _unplaced(ids: Sequence[str], lines: Sequence[StorylineRow]) -> Finding:
    placed = {m.article_id for row in lines for m in row.articles}
    missing = [a for a in ids if a not in placed]
    return Finding("articles in no storyline", len(missing), missing[:EXAMPLES])


def _duplicates(
    entities: Sequence[GlobalEntityRow], links: Sequence[EntityLink], replay: KnowledgeBase
) -> Finding:
    """Resolved entities of one name and type whose articles' entities a replay resolves
    to one entity: all but one of each such group are duplicates."""
    names = Counter((g.name, g.type) for g in entities)
    shared = {g.id: (g.name, g.type) for g in entities if names[(g.name, g.type)] > 1}
    resolved = {
        (link.article_id, link.entity_id): g.id
        for g in replay.resolver.entities.values()
        for link in g.links
    }
    replayed: dict[str, set[str]] = {}  # stored id -> the replay's ids for its links
    for k in links:
        if k.global_id in shared:
            gid = resolved.get((k.article_id, k.local_id), "")
            replayed.setdefault(k.global_id, set()).add(gid)
    extra: list[str] = []
    for _key, group in _groups(shared).items():
        seen: set[str] = set()
        for gid in sorted(group):
            mine = replayed.get(gid, set()) - {""}
            if mine & seen:
                extra.append(gid)
            seen |= mine
    return Finding(
        "resolved entities a single writer would have merged", len(extra), extra[:EXAMPLES]
    )


def _groups(shared: dict[str, tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    groups: dict[tuple[str, str], list[str]] = {}
    for gid, key in shared.items():
        groups.setdefault(key, []).append(gid)
    return groups


def _placed_differently(lines: Sequence[StorylineRow], replay: KnowledgeBase) -> int:
    """Articles whose stored storyline holds other articles than the replay's does."""
    stored = {
        m.article_id: frozenset(x.article_id for x in row.articles)
        for row in lines
        for m in row.articles
    }
    home = {a: _home(replay, a) for a in stored}
    fresh: dict[str, set[str]] = {}
    for article_id, sid in home.items():
        fresh.setdefault(sid, set()).add(article_id)
    return sum(1 for a, members in stored.items() if members != fresh[home[a]])


def _home(kb: KnowledgeBase, article_id: str) -> str:
    try:
        return kb.index.home(article_id)
    except KeyError:  # stored but not replayed: a storyline of its own
        return f"?{article_id}"


class DryRun:
    """A store seen as if it held no knowledge yet, that keeps nothing written to it: a
    knowledge base opened over it replays every article afresh, in the log's order, and
    leaves the real store untouched. Reads of articles and features pass through."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._seq = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    @contextmanager
    def knowledge_lock(self) -> Iterator[None]:
        yield

    def storylines(self) -> list[StorylineRow]:
        return []

    def knowledge_snapshot(self) -> None:
        return None

    def global_entities(self, type: str | None = None) -> list[GlobalEntityRow]:
        return []

    def links_of_articles(self, article_ids: Iterable[str]) -> list[EntityLink]:
        return []

    def entity_article_counts(self) -> dict[str, int]:
        return {}

    def save_storylines(self, changes: StorylineChanges) -> None:
        pass

    def save_entity_links(
        self,
        entities: Sequence[GlobalEntityRow],
        links: Sequence[EntityLink],
        removed: Iterable[str] = (),
    ) -> None:
        pass

    def save_knowledge_features(self, rows: Sequence[FeatureRow]) -> None:
        pass

    def save_knowledge_snapshot(self, article_count: int, state: str) -> None:
        pass

    def append_knowledge_steps(self, steps: Sequence[tuple[str, str]]) -> int:
        self._seq += len(steps)
        return self._seq
