"""The knowledge base across stored articles: storylines and resolved entities, kept up to
date one article at a time and persisted in the store.

Opening rebuilds the in-memory state from the store. Storylines are *replayed*: every stored
article's features are added, and the recent ones refined, in the order the articles were
first stored, so the state equals what one uninterrupted ingest held; that is what lets an
ingest killed halfway resume to the rows of one clean run. Entities are *restored* from the
persisted links (so merges and splits made by hand survive), and an article stored without
links (a run killed between its two writes, or ingested with ``resolve=False``) is resolved
in its place. This load is O(stored articles), every brief read once: it is the next thing
to make incremental for scale (persist the index's running sums instead of replaying).

After the load, ``add`` costs the same whatever the store size, except for one in-memory
comparison of the article -> storyline map: the new article is placed, the last ``recent``
articles are refined, its entities are linked, and only the rows that changed are written.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from newsgraph.errors import InputError, NotFoundError
from newsgraph.model import Brief, Entity, Event
from newsgraph.resolve.entities import EntityResolver, GlobalEntity, Link, name_key
from newsgraph.resolve.storylines import StorylineIndex, features_from_brief
from newsgraph.store.base import EntityLink, GlobalEntityRow, Store, StorylineChanges

RECENT = 50  # articles re-checked after each arrival: cost independent of the store size
_NUMBERED = re.compile(r"^[A-Za-z]+(\d+)$")


class KnowledgeBase:
    """A StorylineIndex and an EntityResolver over one store, written through to it."""

    def __init__(self, store: Store, *, recent: int = RECENT) -> None:
        self.store = store
        self.index = StorylineIndex()
        self.resolver = EntityResolver()
        self._recent: deque[str] = deque(maxlen=recent)
        self._scores: dict[str, float] = {}  # article -> score it joined its storyline with
        self._saved_home: dict[str, tuple[str, float]] = {}  # what the store holds
        self._saved_titles: dict[str, str] = {}

    @classmethod
    def open(cls, store: Store, *, recent: int = RECENT) -> KnowledgeBase:
        """The knowledge base of ``store``, rebuilt (O(stored articles), see the module)."""
        kb = cls(store, recent=recent)
        kb._load()
        return kb

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._scores

    def _load(self) -> None:
        for row in self.store.storylines():
            self._saved_titles[row.id] = row.title
            self._saved_home.update((m.article_id, (row.id, m.score)) for m in row.articles)
        by_article: dict[str, list[EntityLink]] = {}
        for link in self.store.entity_links():
            by_article.setdefault(link.article_id, []).append(link)
        self._restore_globals(self.store.global_entities())
        fresh: list[Link] = []
        for article_id in self.store.article_ids():
            brief = self.store.get_brief(article_id)
            self._place(article_id, brief)
            if article_id in by_article:
                self._restore_links(article_id, brief, by_article[article_id])
            elif brief.entities:
                fresh += self.resolver.add(article_id, brief)
        self._persist_storylines()
        self._persist_links(fresh)

    def add(self, article_id: str, brief: Brief) -> bool:
        """Place a newly stored article and link its entities; False (and nothing done)
        when the article is already known, so ingesting twice changes nothing."""
        if article_id in self:
            return False
        self._place(article_id, brief)
        links = self.resolver.add(article_id, brief)
        self._persist_storylines()
        self._persist_links(links)
        return True

    def _place(self, article_id: str, brief: Brief) -> None:
        assignment = self.index.add(features_from_brief(brief, article_id))
        self._scores[article_id] = assignment.score
        self._recent.append(article_id)
        self.index.refine(list(self._recent))

    # ------------------------------------------------------------------ entities by hand

    def merge(self, keep: str, other: str) -> GlobalEntityRow:
        """Fold global entity ``other`` into ``keep``, persisted; undone by ``split``."""
        keep, other = keep.strip(), other.strip()
        if keep == other:
            raise InputError(f"cannot merge {keep} with itself")
        for gid in (keep, other):
            self._require(gid)
        merged = self.resolver.merge(keep, other, reason="merged by hand")
        self._save_entities([merged], removed={other})
        return _row(merged)

    def split(self, global_id: str) -> list[GlobalEntityRow]:
        """Undo the merges into ``global_id``: one entity per distinct name again."""
        gid = global_id.strip()
        g = self._require(gid)
        names = {name_key(link.name or g.name) for link in g.links}
        parts = (f"{gid}.{n}" for n in range(1, len(names)))
        taken = [part for part in parts if part in self.resolver.entities]
        if taken:
            raise InputError(f"cannot split {gid}: {taken[0]} exists; split or merge it first")
        made = [self.resolver.entities[m] for m in self.resolver.split(gid)]
        self._save_entities(made)
        return [_row(g) for g in made]

    def _require(self, gid: str) -> GlobalEntity:
        if gid not in self.resolver.entities:
            raise NotFoundError(f"no resolved entity with id {gid!r}")
        return self.resolver.entities[gid]

    # ------------------------------------------------------------------ persistence

    def _persist_storylines(self) -> None:
        """Write only what differs from the store: new or renamed storylines, articles
        placed or moved, storylines emptied by a merge or a refinement."""
        titles = {sid: s.title for sid, s in self.index.storylines.items()}
        changes = StorylineChanges(
            titles={sid: t for sid, t in titles.items() if self._saved_titles.get(sid) != t},
            removed=set(self._saved_titles) - set(titles),
        )
        for article_id, sid in self.index.groups().items():
            wanted = (sid, self._scores[article_id])
            if self._saved_home.get(article_id) != wanted:
                changes.assignments[article_id] = wanted
        if not changes:
            return
        self.store.save_storylines(changes)
        self._saved_titles = titles
        self._saved_home.update(changes.assignments)

    def _persist_links(self, links: Sequence[Link]) -> None:
        if links:
            touched = {link.global_id for link in links}
            self.store.save_entity_links(
                [_row(self.resolver.entities[gid]) for gid in sorted(touched)],
                [_stored(link) for link in links],
            )

    def _save_entities(self, entities: Iterable[GlobalEntity], removed: Iterable[str] = ()
                       ) -> None:
        chosen = list(entities)
        links = [_stored(link) for g in chosen for link in g.links]
        self.store.save_entity_links([_row(g) for g in chosen], links, removed)

    def _restore_globals(self, rows: Iterable[GlobalEntityRow]) -> None:
        """Global entities as stored; their keys and context come back with their links."""
        for row in rows:
            self.resolver.entities[row.id] = GlobalEntity(row.id, row.name, row.type,
                                                          set(row.aliases))
            numbered = _NUMBERED.match(row.id)
            if numbered:  # new ids continue after the highest one stored
                self.resolver._count = max(self.resolver._count, int(numbered.group(1)))

    def _restore_links(self, article_id: str, brief: Brief, links: Sequence[EntityLink]) -> None:
        """Attach an article's stored links as ``EntityResolver.add`` made them (longest
        names first), so resolution goes on exactly as in an uninterrupted run."""
        entities = {e.id: e for e in brief.entities}
        keys = {e.id: name_key(e.name) for e in brief.entities}
        order = {e.id: n for n, e in enumerate(sorted(brief.entities, key=lambda e: -len(e.name)))}
        for stored in sorted(links, key=lambda k: order.get(k.local_id, len(order))):
            ent: Entity | None = entities.get(stored.local_id)
            g = self.resolver.entities.get(stored.global_id)
            if ent is None or g is None:  # the brief changed since: keep what still fits
                continue
            context = {k for i, k in keys.items() if i != ent.id}
            link = Link(article_id, ent.id, g.id, stored.reason, stored.score, ent.name)
            self.resolver._attach(g, ent, context, link)


def _row(g: GlobalEntity) -> GlobalEntityRow:
    country = min(g.countries) if g.countries else None
    return GlobalEntityRow(g.id, g.name, g.type, country, sorted(g.aliases))


def _stored(link: Link) -> EntityLink:
    return EntityLink(link.article_id, link.entity_id, link.global_id, link.reason, link.score)


# --------------------------------------------------------------------------- reading back
# Plain JSON-shaped views for the CLI (and later the web pages). They read only the rows
# and briefs they show, never the whole store (except the name match, O(global entities)).

MATCH_MIN = 0.6  # weakest name match still offered as a candidate
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class EntityMatch:
    """A resolved entity a name could mean, with how well the name fits it."""

    id: str
    name: str
    type: str
    score: float
    articles: int


def _article_ref(article_id: str, brief: Brief) -> dict[str, Any]:
    doc = brief.document
    return {"id": article_id, "url": doc.url, "title": doc.title, "published": doc.published}


def _event_date(event: Event, brief: Brief) -> str | None:
    """The event's own date where it names one, else the article's publication date."""
    found = _DATE.match(event.time.value or "") if event.time else None
    return found.group(0) if found else brief.document.published


def _sources(store: Store, article_id: str, brief: Brief) -> list[str]:
    """Where an event was read: the article, then its near-duplicate copies."""
    return [brief.document.url or f"article {article_id}",
            *(s.url for s in store.sources(article_id))]


def event_views(store: Store, article_id: str, brief: Brief,
                only: set[str] | None = None) -> list[dict[str, Any]]:
    """An article's events (those involving one of ``only``'s local entity ids, if given)."""
    names = {e.id: e.name for e in brief.entities}
    out: list[dict[str, Any]] = []
    for ev in brief.events:
        involved = {*ev.actors, *ev.targets, *ev.mediators, ev.place or ""}
        if only is not None and not involved & only:
            continue
        out.append({
            "date": _event_date(ev, brief), "type": ev.type, "summary": ev.summary,
            "status": ev.status, "actors": [names.get(a, a) for a in ev.actors],
            "targets": [names.get(t, t) for t in ev.targets],
            "place": names.get(ev.place, ev.place) if ev.place else None,
            "article_id": article_id, "sources": _sources(store, article_id, brief),
            "evidence": ev.evidence.sentence,
        })
    return out


def in_date_order(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events oldest first, undated last; ties by article id then summary."""
    return sorted(events, key=lambda e: (e["date"] is None, e["date"] or "", e["article_id"],
                                         e["summary"]))


def storyline_views(store: Store) -> list[dict[str, Any]]:
    """Every storyline: ``{id, title, articles: [{id, url, title, published}], events}``."""
    return [storyline_view(store, row.id) for row in store.storylines()]


def storyline_view(store: Store, storyline_id: str) -> dict[str, Any]:
    row = store.storyline(storyline_id)
    articles, events = [], []
    for member in row.articles:
        brief = store.get_brief(member.article_id)
        articles.append(_article_ref(member.article_id, brief) | {"score": member.score})
        events += event_views(store, member.article_id, brief)
    return {"id": row.id, "title": row.title, "articles": articles,
            "events": in_date_order(events)}


def find_entities(store: Store, name: str) -> list[EntityMatch]:
    """Resolved entities ``name`` could mean, best first: an id, a name or alias spelled
    alike (the transliteration-folding key, then edit distance), or one word of a name
    ("Ruto" for "William Ruto"). Ties go to the entity more articles mention."""
    wanted = name_key(name)
    if not wanted:
        raise InputError("entity name is empty")
    counts: dict[str, set[str]] = {}
    for link in store.entity_links():
        counts.setdefault(link.global_id, set()).add(link.article_id)
    found = []
    for row in store.global_entities():
        score = 1.0 if row.id == name.strip() else _name_score(wanted, [row.name, *row.aliases])
        if score >= MATCH_MIN:
            found.append(EntityMatch(row.id, row.name, row.type, round(score, 4),
                                     len(counts.get(row.id, ()))))
    return sorted(found, key=lambda m: (-m.score, -m.articles, len(m.id), m.id))


def _name_score(wanted: str, forms: Iterable[str]) -> float:
    best = 0.0
    for form in forms:
        key = name_key(form)
        score = fuzz.ratio(wanted, key) / 100
        if set(wanted.split()) <= set(key.split()):
            score = max(score, 0.85)
        best = max(best, score)
    return best


def best_entity(store: Store, name: str) -> str:
    """The id of the resolved entity that best matches ``name`` (NotFoundError if none)."""
    found = find_entities(store, name)
    if not found:
        raise NotFoundError(f"no resolved entity matches {name!r}")
    return found[0].id


def entity_view(store: Store, global_id: str) -> dict[str, Any]:
    """``{id, name, type, country, aliases, roles, articles, quotes, events}``; each role
    with the first and last publication dates of the articles that give it."""
    row = store.global_entity(global_id)
    local: dict[str, set[str]] = {}
    for link in store.links_of_global(row.id):
        local.setdefault(link.article_id, set()).add(link.local_id)
    articles, quotes, events = [], [], []
    roles: dict[str, dict[str, Any]] = {}
    for article_id in sorted(local):
        brief = store.get_brief(article_id)
        ids = local[article_id]
        articles.append(_article_ref(article_id, brief))
        published = brief.document.published
        for title in _role_titles(brief, ids):
            _note_role(roles, title, article_id, published)
        quotes += [{"text": q.text, "article_id": article_id, "published": published,
                    "evidence": q.evidence.sentence} for q in brief.quotes if q.speaker in ids]
        events += event_views(store, article_id, brief, only=ids)
    by_date = sorted(articles, key=lambda a: (a["published"] is None, a["published"] or ""))
    return {"id": row.id, "name": row.name, "type": row.type, "country": row.country,
            "aliases": row.aliases, "roles": sorted(roles.values(), key=_role_order),
            "articles": by_date, "quotes": quotes, "events": in_date_order(events)}


def _role_titles(brief: Brief, ids: set[str]) -> list[str]:
    """Role titles of the linked entities, the holder named where the title does not."""
    names = {e.id: e.name for e in brief.entities}
    out = []
    for ent in brief.entities:
        for role in ent.roles if ent.id in ids else ():
            holder = names.get(role.of or "")
            named = holder is None or holder.casefold() in role.title.casefold()
            out.append(role.title if named else f"{role.title} ({holder})")
    return out


def _note_role(roles: dict[str, dict[str, Any]], title: str, article_id: str,
               published: str | None) -> None:
    entry = roles.setdefault(title.casefold(), {"title": title, "first": None, "last": None,
                                                "article_ids": []})
    if article_id not in entry["article_ids"]:
        entry["article_ids"].append(article_id)
    if published:
        entry["first"] = min(entry["first"] or published, published)
        entry["last"] = max(entry["last"] or published, published)


def _role_order(role: dict[str, Any]) -> tuple[bool, str, str]:
    return (role["first"] is None, role["first"] or "", role["title"])


def timeline(store: Store, key: str) -> dict[str, Any]:
    """Events in date order with their sources, of a storyline (by id) or, failing that,
    of the resolved entity best matching ``key`` (an id or a name)."""
    try:
        line = storyline_view(store, key)
    except NotFoundError:
        entity = entity_view(store, best_entity(store, key))
        return {"kind": "entity", "id": entity["id"], "title": entity["name"],
                "events": entity["events"]}
    return {"kind": "storyline", "id": line["id"], "title": line["title"],
            "events": line["events"]}
