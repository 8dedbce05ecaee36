"""What we know about one article, what a search finds, and the front page: the brief with
its further sources, each of its entities linked to the resolved entity it belongs to, and
the storylines it is in."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.model import Brief
from newsgraph.read.entities import EntityListItem, entity_list, matching_entities
from newsgraph.read.refs import EntityRef, SourceRef, StorylineRef, entity_ref, outlet_of
from newsgraph.read.storylines import storyline_refs, storylines_of
from newsgraph.store.base import ArticleSummary, SearchHit, Store, article_id_for

HOME_ENTITIES = 15


@dataclass(frozen=True)
class ArticleView:
    """A stored article: its id, brief, further sources, the resolved entity of each of its
    entities (by local id; an entity not resolved yet has none) and its storylines."""

    id: str
    brief: Brief
    sources: list[SourceRef]
    entity_links: dict[str, EntityRef]
    storylines: list[StorylineRef] = field(default_factory=list)


@dataclass(frozen=True)
class SearchHits:
    """Articles whose text matches, and resolved entities whose names do."""

    query: str
    articles: list[SearchHit]
    entities: list[EntityListItem]


@dataclass(frozen=True)
class Home:
    total_articles: int
    latest: list[ArticleSummary]
    top_entities: list[EntityListItem]
    storylines: list[StorylineRef] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleList:
    """A page of the stored articles, newest first, and how many there are in all."""

    total: int
    limit: int
    offset: int
    articles: list[ArticleSummary]


def article_view(store: Store, article_id: str) -> ArticleView:
    """One article by its id or a unique prefix of it (NotFoundError otherwise)."""
    brief = store.get_brief(article_id)
    full_id = _full_id(article_id, brief)
    linked = {k.local_id: k.global_id for k in store.links_of_articles([full_id])}
    rows = {gid: store.global_entity(gid) for gid in set(linked.values())}
    links = {
        local: entity_ref(gid, rows[gid].name, rows[gid].type) for local, gid in linked.items()
    }
    sources = [
        SourceRef(s.url, outlet_of(s.url), s.title or None, s.published)
        for s in store.sources(full_id)
    ]
    return ArticleView(full_id, brief, sources, links, storylines_of(store, {full_id}))


def _full_id(given: str, brief: Brief) -> str:
    """A prefix was enough to find the brief; links and exports use the full id."""
    given = given.strip().lower()
    if len(given) == 16:
        return given
    key = article_id_for(brief)
    return key if key.startswith(given) else given


def search(store: Store, query: str, limit: int = 20) -> SearchHits:
    """Full text over articles; names and aliases over resolved entities."""
    return SearchHits(query, store.search(query, limit=limit), matching_entities(store, query))


def article_list(store: Store, limit: int = 50, offset: int = 0) -> ArticleList:
    rows = store.list_articles(limit=limit, offset=offset)
    return ArticleList(store.count_articles(), limit, offset, rows)


def home(store: Store, limit: int = 20) -> Home:
    return Home(
        store.count_articles(),
        store.list_articles(limit=limit),
        entity_list(store, limit=HOME_ENTITIES),
        storyline_refs(store),
    )
