"""What we know about a storyline: its articles with every outlet that ran them, its
events merged across articles in date order, the actor network and the disagreements
between sources. Built from the
stored storylines and entity links only; the CLI, the web and the export all read these."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from newsgraph.read.events import (
    DisagreementView,
    EventView,
    copies_of,
    event_mentions,
    links_by_article,
    merge_reports,
)
from newsgraph.read.refs import (
    UNKNOWN_OUTLET,
    SourceRef,
    StorylineRef,
    article_path,
    outlet_of,
    storyline_path,
)
from newsgraph.read.story_about import about_of, matches
from newsgraph.resolve.events import EventMention
from newsgraph.store.base import Store, StorylineMember, StorylineRow

STORYLINE_ARTICLES = 300  # most recent articles whose events a storyline view merges
HOME_STORYLINES = 20


@dataclass(frozen=True)
class StorylineArticle:
    """One article of a storyline, with the further sources that ran the same text."""

    id: str
    title: str
    url: str | None
    published: str | None
    score: float
    outlet: str
    path: str
    sources: list[SourceRef] = field(default_factory=list)


@dataclass(frozen=True)
class OutletGroup:
    """The articles of one outlet (the URL's host without "www."), or of "unknown"."""

    source: str
    articles: list[StorylineArticle]


@dataclass(frozen=True)
class ActorEdge:
    """Who acts on whom: ``count`` events with ``actor`` acting on ``target``."""

    actor: str
    target: str
    count: int
    types: list[str]


@dataclass(frozen=True)
class StorylineView:
    """One storyline: ``articles`` oldest first, each with its further sources;
    ``sources`` the articles grouped by outlet; ``outlets`` every outlet that reported it
    (copies included); ``events`` merged across articles, oldest first. ``dyad`` names the
    two parties it is between (empty when not known), ``dyads`` every pair it keeps (the
    central one first), ``mediators`` who mediates, ``kind`` the PLOVER type of its dyad
    events (of all its events without a dyad; "" when it has none)."""

    id: str
    title: str
    dyad: list[str]
    dyads: list[list[str]]
    mediators: list[str]
    kind: str
    path: str
    articles: list[StorylineArticle]
    sources: list[OutletGroup]
    outlets: list[str]
    events: list[EventView]
    network: list[ActorEdge]
    disagreements: list[DisagreementView]


def storyline_ref(row: StorylineRow) -> StorylineRef:
    return StorylineRef(row.id, row.title, len(row.articles), storyline_path(row.id))


def storyline_refs(
    store: Store,
    limit: int = HOME_STORYLINES,
    actor: str | None = None,
    dyad: str | None = None,
) -> list[StorylineRef]:
    """The stored storylines, largest first, as links (no brief is read); only those
    with ``actor`` as a party or mediator, or between the two parties of ``dyad``
    ("Israel,Syria"), when asked."""
    rows = [row for row in store.storylines() if matches(about_of(row), actor, dyad)]
    return [storyline_ref(row) for row in rows[:limit]]


def storylines_of(store: Store, article_ids: set[str]) -> list[StorylineRef]:
    """The storylines holding any of ``article_ids``, those holding more of them first:
    the way from an article or an entity to the story it belongs to."""
    found: list[tuple[int, StorylineRef]] = []
    for row in store.storylines_of(article_ids):
        shared = sum(m.article_id in article_ids for m in row.articles)
        if shared:
            found.append((shared, storyline_ref(row)))
    found.sort(key=lambda p: (-p[0], -p[1].article_count, p[1].id))
    return [ref for _, ref in found]


def storyline_view(store: Store, storyline_id: str) -> StorylineView:
    """One storyline (NotFoundError if the store has none of that id)."""
    return _view(store, store.storyline(storyline_id.strip()))


def storyline_views(
    store: Store, actor: str | None = None, dyad: str | None = None
) -> list[StorylineView]:
    """Every storyline, largest first; filtered as ``storyline_refs`` is."""
    return [_view(store, row) for row in store.storylines() if matches(about_of(row), actor, dyad)]


def _view(store: Store, row: StorylineRow) -> StorylineView:
    articles = [storyline_article(store, m) for m in row.articles]
    read = _newest_members(row)
    links = links_by_article(store, (m.article_id for m in read))
    mentions: list[EventMention] = []
    for member in read:
        aid = member.article_id
        mentions += event_mentions(
            aid, store.get_brief(aid), links.get(aid, {}), copies_of(store, aid)
        )
    events, disagreements = merge_reports(mentions)
    outlets = sorted(
        ({a.outlet for a in articles} | {s.outlet for a in articles for s in a.sources})
        - {UNKNOWN_OUTLET}
    )
    about = about_of(row)
    return StorylineView(
        row.id,
        row.title,
        [about.name(k) for k in about.dyads[0]] if about.dyads else [],
        [[about.name(k) for k in pair] for pair in about.dyads],
        [about.name(k) for k in about.mediators],
        about.kind,
        storyline_path(row.id),
        articles,
        group_by_outlet(articles),
        outlets,
        events,
        actor_network(events),
        disagreements,
    )


def storyline_article(store: Store, m: StorylineMember) -> StorylineArticle:
    """A member of a storyline with the outlets that ran the same text."""
    sources = [
        SourceRef(s.url, outlet_of(s.url), s.title or None, s.published)
        for s in store.sources(m.article_id)
    ]
    return StorylineArticle(
        m.article_id,
        m.title or "",
        m.url,
        m.published,
        m.score,
        outlet_of(m.url),
        article_path(m.article_id),
        sources,
    )


def _newest_members(row: StorylineRow) -> list[StorylineMember]:
    """The members whose events a view reads: all of them up to ``STORYLINE_ARTICLES``,
    else the most recently published that many (undated ones counted oldest), so a
    storyline of thousands of articles costs a bounded number of brief reads."""
    members = list(row.articles)
    if len(members) <= STORYLINE_ARTICLES:
        return members
    undated = [m for m in members if not m.published]
    dated = [m for m in members if m.published]
    return (undated + dated)[-STORYLINE_ARTICLES:]


def group_by_outlet(articles: list[StorylineArticle]) -> list[OutletGroup]:
    """Articles grouped by outlet, outlets by name with "unknown" last."""
    groups: dict[str, list[StorylineArticle]] = defaultdict(list)
    for a in articles:
        groups[a.outlet].append(a)
    order = sorted(groups, key=lambda s: (s == UNKNOWN_OUTLET, s))
    return [OutletGroup(s, groups[s]) for s in order]


def actor_network(events: list[EventView]) -> list[ActorEdge]:
    """One edge per (actor, target) pair, weighted by how many events link them."""
    counts: Counter[tuple[str, str]] = Counter()
    types: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ev in events:
        for actor in ev.actors:
            for target in ev.targets:
                if actor != target:
                    counts[(actor, target)] += 1
                    types[(actor, target)].add(ev.type)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [ActorEdge(a, t, n, sorted(types[(a, t)])) for (a, t), n in ranked]
