"""Resolution in shards: storylines and entities resolved block by block, in parallel, then
reconciled across the blocks' borders, so a month of a news crawl need not wait on one
process.

**Blocking by time window.** The articles are cut into blocks of consecutive publication
days (``time_blocks``), each holding its articles in store order. Time keeps stories
together where entities do not: a storyline rarely spans a long gap (``storylines`` already
halves the similarity of an article two months from its storyline), whereas entity blocks
collapse into one giant block, since a country, a party or a prime minister appears in
most stories of a news crawl. So a window cuts only the stories that straddle its border,
and the final pass (``reconcile``) mends those. A cut never falls inside one day; an
article without a date goes with the dated article stored before it.

**Per block** (``resolve_block``, pure, shipped to a Ray task or run here in turn) the block's
articles go through exactly what ``KnowledgeBase.add`` does to each, from an empty state:
the storyline index places it and refines the recent window, the entity resolver links its
entities. One block over every article *is* the single-stream result.

**Reconciliation** (``reconcile``) takes the blocks in time order, after the knowledge the
store already holds (block zero). A block's entity group joins an earlier entity when one
of its names finds it through ``EntityResolver.candidates``, the very decision
``EntityResolver.add`` makes for an article's entity (the group's co-occurring names as its
context); otherwise it stays a new entity, with the id the block gave it (a hash of its
founding article entity, so unique across blocks). A block's storyline folds into the
earlier storyline whose centroid is most similar when that passes the test by which the
index merges two storylines an article bridges (``Weights.merge``). Earlier storylines and
entities never move, so what the store held keeps its ids and rows.

What sharding costs in accuracy against one stream is measured, not assumed: see
``tests/resolve/test_shards.py`` and ``scripts/shard_bench.py``.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsgraph.model import Entity
from newsgraph.resolve.entities import (
    Candidate,
    EntityResolver,
    GlobalEntity,
    Link,
    name_key,
    name_match,
)
from newsgraph.resolve.knowledge import RECENT
from newsgraph.resolve.known import Known
from newsgraph.resolve.story_vectors import Storyline
from newsgraph.resolve.storylines import (
    MERGE_CANDIDATES,
    POSTING_CAP,
    TOP_WORDS,
    StorylineIndex,
    Weights,
)

Item = tuple[str, Known]  # (article id, what the knowledge base reads of it)
GroupLink = tuple[str, str, str, float]  # (article id, local entity id, reason, score)


@dataclass(frozen=True)
class Group:
    """One entity a block resolved: its id, type and links, in the order it took them."""

    id: str
    type: str
    links: tuple[GroupLink, ...]


@dataclass
class BlockResult:
    """What one block resolved, as plain data (it travels back from a Ray task): its
    articles in order, the storyline index's state, each article's joining score, and its
    entity groups in founding order."""

    order: list[str]
    storylines: dict[str, Any]
    scores: dict[str, float]
    groups: list[Group]
    cpu_seconds: float = 0.0


@dataclass
class Reconciled:
    """The knowledge after reconciling: the storyline index, the resolver (the one given,
    with the blocks' entities in it), every article's score, and the new links."""

    index: StorylineIndex
    resolver: EntityResolver
    scores: dict[str, float]
    links: list[Link] = field(default_factory=list)
    folded: int = 0  # block storylines folded into an earlier one
    joined: int = 0  # block entities joined to an earlier one


# --------------------------------------------------------------------------- blocking


def time_blocks(items: Sequence[Item], blocks: int) -> list[list[Item]]:
    """``items`` (store order) cut into at most ``blocks`` windows of consecutive days,
    near-equal in size, each in store order (see the module)."""
    if blocks <= 1 or len(items) <= 1:
        return [list(items)] if items else []
    day: list[date | None] = [known.story.published for _, known in items]
    for n in range(1, len(day)):  # undated: the day of the article stored before it
        day[n] = day[n] if day[n] is not None else day[n - 1]
    first = next((d for d in day if d is not None), date.min)
    days = [d or first for d in day]
    ranked = sorted(range(len(items)), key=lambda n: (days[n], n))
    cuts = _day_cuts([days[n] for n in ranked], blocks)
    out: list[list[Item]] = []
    for start, end in zip([0, *cuts], [*cuts, len(ranked)], strict=True):
        chosen = sorted(ranked[start:end])
        if chosen:
            out.append([items[n] for n in chosen])
    return out


def _day_cuts(days: Sequence[date], blocks: int) -> list[int]:
    """Positions in sorted ``days`` where a block ends: near each ``len/blocks`` step,
    moved forward to the next change of day."""
    cuts: list[int] = []
    size = len(days) / blocks
    for k in range(1, blocks):
        at = max(round(k * size), cuts[-1] + 1 if cuts else 1)
        while at < len(days) and days[at] == days[at - 1]:
            at += 1
        if at < len(days):
            cuts.append(at)
    return cuts


# --------------------------------------------------------------------------- one block


def resolve_block(
    items: Sequence[Item], keep: Iterable[str] = (), recent: int = RECENT
) -> BlockResult:
    """Resolve one block from an empty state, as ``KnowledgeBase.add`` does article after
    article (place, refine the last ``recent``, link entities). ``keep``: articles whose
    member vectors the state must hold (the final recent window)."""
    started = time.process_time()
    wanted = set(keep)
    index, resolver = StorylineIndex(), EntityResolver()
    window: deque[str] = deque(maxlen=recent)
    scores: dict[str, float] = {}
    for article_id, known in items:
        assignment = index.add(known.story)
        scores[article_id] = assignment.score
        window.append(article_id)
        index.refine_after(list(window), {assignment.storyline, *assignment.merged})
        resolver.add(article_id, known.brief())
    index.take_changes()
    groups = [
        Group(g.id, g.type, tuple((k.article_id, k.entity_id, k.reason, k.score) for k in g.links))
        for g in resolver.entities.values()
    ]
    return BlockResult(
        [a for a, _ in items],
        index.to_state([a for a, _ in items if a in wanted]),
        scores,
        groups,
        time.process_time() - started,
    )


def resolve_blocks(
    items: Sequence[Item],
    blocks: int,
    run: Callable[[list[list[Item]], set[str]], list[BlockResult]] | None = None,
    recent: int = RECENT,
) -> list[BlockResult]:
    """Cut ``items`` into time blocks and resolve each with ``run`` (default: here, one
    after another; the Ray engine passes one that runs them as tasks)."""
    chunks = time_blocks(items, blocks)
    keep = {a for a, _ in items[-recent:]}
    if run is None:
        return [resolve_block(chunk, keep, recent) for chunk in chunks]
    return run(chunks, keep)


# --------------------------------------------------------------------------- entities


def reconcile_entities(
    resolver: EntityResolver, blocks: Sequence[BlockResult], known: Mapping[str, Known]
) -> tuple[list[Link], int]:
    """Every block's entity groups into ``resolver`` in block order (see the module); the
    links made, and how many groups joined an earlier entity."""
    links: list[Link] = []
    joined = 0
    for block in blocks:
        own: set[str] = set()  # entities this block founded: it kept them apart already
        for group in block.groups:
            members = _members(group, known)
            if not members:
                continue
            found = _earlier_match(resolver, members, own)
            if found is None:
                g = _found(resolver, group, members[0].entity)
                own.add(g.id)
            else:
                g, joined = resolver.entities[found.global_id], joined + 1
            for m in members:
                article_id, entity_id, reason, score = m.link
                if found is not None:
                    reason = f"{reason}; joined across blocks ({found.reason})"
                link = Link(article_id, entity_id, g.id, reason, score, m.entity.name)
                resolver.attach(g, m.entity, set(m.context), link)
                links.append(link)
    return links, joined


@dataclass(frozen=True)
class _Member:
    """One link of a group with the article entity it names and that entity's context
    (the name keys of the article's other entities, as ``EntityResolver.add`` reads it)."""

    link: GroupLink
    entity: Entity
    context: frozenset[str]


def _members(group: Group, known: Mapping[str, Known]) -> list[_Member]:
    """The group's links with their entities (a link whose entity is gone is dropped)."""
    out: list[_Member] = []
    for link in group.links:
        article = known.get(link[0])
        ents = {e.id: e for e in article.entities} if article is not None else {}
        if link[1] in ents:
            context = frozenset(name_key(e.name) for i, e in ents.items() if i != link[1])
            out.append(_Member(link, ents[link[1]], context))
    return out


def _earlier_match(
    resolver: EntityResolver, members: Sequence[_Member], own: set[str]
) -> Candidate | None:
    """The earlier entity the group is, by the decision ``EntityResolver.add`` makes for an
    article's entity, with every name the group co-occurs with as context: its names are
    tried longest first (its fullest name says best who it is), and a candidate that one
    of its full names rules out (another given name) is passed over; None when none fits."""
    context = set().union(*(m.context for m in members))
    names: dict[str, Entity] = {}
    for m in sorted(members, key=lambda m: -len(m.entity.name)):
        names.setdefault(name_key(m.entity.name), m.entity)
    for ent in names.values():
        for cand in resolver.candidates(ent, context):
            g = resolver.entities[cand.global_id]
            if cand.global_id not in own and not _ruled_out(g, names):
                return cand
    return None


def _ruled_out(g: GlobalEntity, names: Mapping[str, Entity]) -> bool:
    """Whether a person's full name among ``names`` cannot be ``g`` (a full name whose given
    name clashes with g's full names): the group holds someone else."""
    return g.family == "person" and any(
        " " in key and name_match(key, "person", g, False, ent.name)[0] == 0.0
        for key, ent in names.items()
    )


def _found(resolver: EntityResolver, group: Group, first: Entity) -> GlobalEntity:
    """A new entity in ``resolver`` under the group's id (numbered on the rare clash)."""
    gid, n = group.id, 1
    while gid in resolver.entities:
        n += 1
        gid = f"{group.id}-{n}"
    g = GlobalEntity(gid, first.name, group.type)
    resolver.entities[gid] = g
    return g


# --------------------------------------------------------------------------- storylines


def reconcile_storylines(
    prior: Mapping[str, Any], states: Sequence[Mapping[str, Any]], weights: Weights | None = None
) -> tuple[StorylineIndex, int]:
    """One storyline index from the store's (``prior``) and the blocks' index states, in
    time order: each block storyline folds into the most similar earlier one that passes
    the index's merge test, or stays (see the module). Also how many folded."""
    judge = StorylineIndex(weights)
    lines: dict[str, Storyline] = {}
    terms = _TermIndex()
    renamed: dict[str, str] = {}
    for n, state in enumerate([prior, *states]):
        fresh: list[Storyline] = []
        for sid, line in StorylineIndex.from_state(state, weights).storylines.items():
            target = _closest(judge, line, lines, terms) if n else None
            if target is None:
                lines[sid] = line
                fresh.append(line)
            else:
                lines[target].fold(line)
                renamed[sid] = target
                terms.post(lines[target])
        for line in fresh:  # a block's own storylines are not candidates for each other
            terms.post(line)
    holder = StorylineIndex(weights)
    holder.storylines = lines
    every = [prior, *states]
    state = {
        "storylines": holder.to_state()["storylines"],
        "frequencies": _summed_frequencies(every),
        "postings": _merged_postings(every, renamed, lines.keys()),
        "home": {a: renamed.get(s, s) for st in every for a, s in st["home"].items()},
        "members": [m for st in every for m in st["members"]],
    }
    return StorylineIndex.from_state(state, weights), len(renamed)


class _TermIndex:
    """Storylines by the terms of their centroids (the heaviest words and entities), the
    candidates a block storyline is compared with, as the index finds an article's."""

    def __init__(self) -> None:
        self._by_term: dict[str, dict[str, None]] = {}

    def post(self, line: Storyline) -> None:
        for term in (*_heaviest(line.words), *_heaviest(line.entities)):
            posting = self._by_term.setdefault(term, {})
            posting.pop(line.id, None)
            posting[line.id] = None
            if len(posting) > POSTING_CAP:
                del posting[next(iter(posting))]

    def nearest(self, line: Storyline, weights: Weights, limit: int) -> list[str]:
        """Up to ``limit`` indexed storylines sharing the most weight with ``line``."""
        shared: dict[str, float] = {}
        for vec, weight in ((line.words, weights.words), (line.entities, weights.entities)):
            for term, value in _heaviest(vec).items():
                for sid in self._by_term.get(term, ()):
                    shared[sid] = shared.get(sid, 0.0) + weight * value
        return sorted(shared, key=lambda sid: (-shared[sid], sid))[:limit]


def _heaviest(vec: Mapping[str, float]) -> dict[str, float]:
    return {k: vec[k] for k in sorted(vec, key=lambda k: -vec[k])[:TOP_WORDS]}


def _closest(
    judge: StorylineIndex, line: Storyline, lines: Mapping[str, Storyline], terms: _TermIndex
) -> str | None:
    """The earlier storyline ``line`` merges into: the most similar candidate whose
    centroid passes the index's own merge test; None when none does."""
    best, best_score = None, judge.weights.merge
    for sid in terms.nearest(line, judge.weights, MERGE_CANDIDATES):
        # the very test the index merges two storylines by (centroid similarity)
        score = judge._centroid_similarity(lines[sid], line)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = sid, score
    return best


def _summed_frequencies(states: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Document frequencies over every state's articles: the blocks' counts add up."""
    out = []
    for view in range(3):
        docs, df = 0, Counter[str]()
        for state in states:
            raw = state["frequencies"][view]
            docs += int(raw["docs"])
            df.update(raw["df"])
        out.append({"docs": docs, "df": dict(df)})
    return out


def _merged_postings(
    states: Sequence[Mapping[str, Any]], renamed: Mapping[str, str], live: Iterable[str]
) -> dict[str, list[str]]:
    """Every state's postings in time order (so the most recent stay last), folded
    storylines under their new ids, each capped as the index caps them."""
    alive = set(live)
    out: dict[str, dict[str, None]] = {}
    for state in states:
        for term, sids in state["postings"].items():
            posting = out.setdefault(term, {})
            for sid in sids:
                sid = renamed.get(sid, sid)
                if sid in alive:
                    posting.pop(sid, None)
                    posting[sid] = None
    return {term: list(p)[-POSTING_CAP:] for term, p in out.items() if p}


# --------------------------------------------------------------------------- together


def reconcile(
    prior: Mapping[str, Any],
    resolver: EntityResolver,
    blocks: Sequence[BlockResult],
    known: Mapping[str, Known],
    weights: Weights | None = None,
) -> Reconciled:
    """The blocks' storylines and entities reconciled with each other and with what the
    store held (``prior``: its index state; ``resolver``: its entities, extended here)."""
    index, folded = reconcile_storylines(prior, [b.storylines for b in blocks], weights)
    links, joined = reconcile_entities(resolver, blocks, known)
    scores = {a: s for b in blocks for a, s in b.scores.items()}
    return Reconciled(index, resolver, scores, links, folded, joined)


def resolve_sharded(
    items: Sequence[Item], blocks: int, weights: Weights | None = None
) -> Reconciled:
    """Resolve ``items`` (store order) from nothing in ``blocks`` time blocks, one after
    another, and reconcile them: what the Ray engine computes, without Ray."""
    results = resolve_blocks(items, blocks)
    known = dict(items)
    return reconcile(StorylineIndex(weights).to_state(), EntityResolver(), results, known, weights)
