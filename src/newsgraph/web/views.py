"""What each page shows, built from the Store: the JSON API returns these, the HTML pages
render them, so a page and its JSON twin cannot disagree.

Entities are the store's cross-article groups (normalised name + type); an entity's page
reads the briefs of the articles it appears in, newest first, up to a bound.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

from newsgraph.errors import NotFoundError
from newsgraph.model import Brief, Entity, Event, Quote
from newsgraph.store.base import (
    ArticleSource,
    ArticleSummary,
    EntityRow,
    SearchHit,
    Store,
    article_id_for,
    check_entity_type,
    newest_first,
    norm_name,
)
from newsgraph.web.storylines import StorylineRef, storyline_path, storyline_refs

# How many entity groups a name lookup scans, and how many articles an entity page reads.
ENTITY_SCAN = 20000
ENTITY_ARTICLES = 200
CO_OCCURRING = 25
ENTITY_MATCHES = 20


def entity_path(type_: str, name: str) -> str:
    """The page of an entity group; the name is percent-encoded (it may hold "/" or "?")."""
    return f"/entities/{quote(type_, safe='')}/{quote(name, safe='')}"


@dataclass(frozen=True)
class ArticleRef:
    id: str
    title: str
    published: str | None


@dataclass(frozen=True)
class EntityRef:
    """A link to an entity group, by the name and type the store groups it under."""

    name: str
    type: str
    path: str


@dataclass(frozen=True)
class Home:
    total_articles: int
    latest: list[ArticleSummary]
    top_entities: list[EntityRow]
    storylines: list[StorylineRef] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResult:
    query: str
    articles: list[SearchHit]
    entities: list[EntityRow]


@dataclass(frozen=True)
class ArticleView:
    """A stored article: its id, contract brief, further sources and entity links."""

    id: str
    brief: Brief
    sources: list[ArticleSource]
    entity_links: dict[str, EntityRef]
    storylines: list[StorylineRef] = field(default_factory=list)


@dataclass(frozen=True)
class RoleRow:
    title: str
    of: str | None
    sentence: str
    article: ArticleRef


@dataclass(frozen=True)
class QuoteRow:
    text: str
    kind: str
    speaker: str | None
    sentence: str
    article: ArticleRef


@dataclass(frozen=True)
class EventRow:
    type: str
    status: str
    summary: str
    actors: list[str]
    targets: list[str]
    time: str | None
    article: ArticleRef


@dataclass(frozen=True)
class CoOccurrence:
    entity: EntityRef
    articles: int


@dataclass
class EntityView:
    """Everything the stored briefs say about one entity group."""

    name: str
    type: str
    country: str | None
    aliases: list[str]
    article_count: int
    mention_count: int
    roles: list[RoleRow] = field(default_factory=list)
    quotes_by: list[QuoteRow] = field(default_factory=list)
    quotes_about: list[QuoteRow] = field(default_factory=list)
    events_as_actor: list[EventRow] = field(default_factory=list)
    events_as_target: list[EventRow] = field(default_factory=list)
    co_occurring: list[CoOccurrence] = field(default_factory=list)
    articles: list[ArticleRef] = field(default_factory=list)
    storylines: list[StorylineRef] = field(default_factory=list)


def home(store: Store, limit: int = 20) -> Home:
    return Home(store.count_articles(), store.list_articles(limit=limit), store.entities(limit=15),
                storyline_refs(store))


def search(store: Store, query: str, limit: int = 20) -> SearchResult:
    """Full text over articles and names (and aliases) over entities."""
    wanted = norm_name(query)
    matches = [
        row
        for row in store.entities(limit=ENTITY_SCAN)
        if wanted and any(wanted in norm_name(n) for n in (row.name, *row.aliases))
    ]
    return SearchResult(query, store.search(query, limit=limit), matches[:ENTITY_MATCHES])


def article(store: Store, article_id: str) -> ArticleView:
    brief = store.get_brief(article_id)
    full_id = _full_id(store, article_id, brief)
    links = {
        e.id: EntityRef(e.name, e.type, entity_path(e.type, e.name)) for e in brief.entities
    }
    return ArticleView(full_id, brief, store.sources(full_id), links,
                       storylines_of(store, {full_id}))


def storylines_of(store: Store, article_ids: set[str]) -> list[StorylineRef]:
    """The storylines holding any of ``article_ids``, those holding more of them first:
    the way from an article or an entity to the story it belongs to."""
    found: list[tuple[int, StorylineRef]] = []
    for row in store.storylines_of(article_ids):
        shared = sum(m.article_id in article_ids for m in row.articles)
        if shared:
            ref = StorylineRef(row.id, row.title, len(row.articles), storyline_path(row.id))
            found.append((shared, ref))
    found.sort(key=lambda p: (-p[0], -p[1].article_count, p[1].id))
    return [ref for _, ref in found]


def _full_id(store: Store, article_id: str, brief: Brief) -> str:
    """A prefix was enough to find the brief; links and exports use the full id."""
    given = article_id.strip().lower()
    if len(given) == 16:
        return given
    key = article_id_for(brief)
    return key if key.startswith(given) else given


def find_entity(store: Store, type_: str, name: str) -> EntityRow:
    """The group stored under ``name`` (any spelling that normalises alike) and ``type_``."""
    wanted_type = check_entity_type(type_)
    key = norm_name(name)
    for row in store.entities(type=wanted_type, limit=ENTITY_SCAN):
        if norm_name(row.name) == key:
            return row
    raise NotFoundError(f"no {wanted_type} entity named {name!r}")


def entity(store: Store, type_: str, name: str) -> EntityView:
    """Roles, quotes, events, co-occurring entities and articles of one entity group."""
    row = find_entity(store, type_, name)
    view = EntityView(
        row.name, row.type, row.country, row.aliases, row.article_count, row.mention_count
    )
    neighbours: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], str] = {}
    briefs = [(aid, store.get_brief(aid)) for aid in row.article_ids]
    briefs.sort(key=lambda p: newest_first(p[1].document.published), reverse=True)
    key = norm_name(row.name)
    for aid, brief in briefs[:ENTITY_ARTICLES]:
        ref = ArticleRef(aid, brief.document.title, brief.document.published)
        members = [e for e in brief.entities if e.type == row.type and norm_name(e.name) == key]
        if not members:
            continue
        view.articles.append(ref)
        _collect(view, brief, {e.id for e in members}, ref)
        others: dict[tuple[str, str], str] = {
            (norm_name(o.name), o.type): o.name for o in brief.entities
        }
        others.pop((key, row.type), None)
        for other_key, other_name in others.items():
            neighbours[other_key] += 1
            shown.setdefault(other_key, other_name)
    view.co_occurring = [
        CoOccurrence(EntityRef(shown[k], k[1], entity_path(k[1], shown[k])), n)
        for k, n in sorted(neighbours.items(), key=lambda kv: (-kv[1], kv[0]))[:CO_OCCURRING]
    ]
    view.storylines = storylines_of(store, {a.id for a in view.articles})
    return view


def _collect(view: EntityView, brief: Brief, ids: set[str], ref: ArticleRef) -> None:
    """Add one article's roles, quotes and events of the entity ``ids`` to ``view``."""
    names = {e.id: e.name for e in brief.entities}
    for e in brief.entities:
        if e.id in ids:
            view.roles += [
                RoleRow(r.title, names.get(r.of or ""), r.evidence.sentence, ref) for r in e.roles
            ]
    spans = [(m.start, m.end) for e in brief.entities if e.id in ids for m in e.mentions]
    for q in brief.quotes:
        if q.speaker in ids:
            view.quotes_by.append(_quote_row(q, names, ref))
        elif any(q.start <= s and e <= q.end for s, e in spans if q.end > q.start):
            view.quotes_about.append(_quote_row(q, names, ref))
    for ev in brief.events:
        if ids & set(ev.actors):
            view.events_as_actor.append(_event_row(ev, names, ref))
        if ids & set(ev.targets):
            view.events_as_target.append(_event_row(ev, names, ref))


def _quote_row(q: Quote, names: dict[str, str], ref: ArticleRef) -> QuoteRow:
    speaker = names.get(q.speaker or "") or q.speaker_text
    return QuoteRow(q.text, q.kind, speaker, q.evidence.sentence, ref)


def _event_row(ev: Event, names: dict[str, str], ref: ArticleRef) -> EventRow:
    return EventRow(
        ev.type,
        ev.status,
        ev.summary,
        [names.get(a, a) for a in ev.actors],
        [names.get(t, t) for t in ev.targets],
        ev.time.value or ev.time.text if ev.time else None,
        ref,
    )


def people(brief: Brief) -> list[Entity]:
    """The article's people, those with roles first, for the brief beside the text."""
    found = [e for e in brief.entities if e.type == "PERSON"]
    return sorted(found, key=lambda e: (not e.roles, -len(e.mentions), e.name))
