"""What we know about a resolved entity: the names the press uses for it (and which
articles use each), the roles it held with their first and last dates and evidence, its
quotes, the events it takes part in merged across articles, the entities and storylines it
appears with, and how its articles came to be linked to it (merges and splits by hand
included). Built from the stored resolved entities and links, reading at most
``ENTITY_ARTICLES`` briefs; the CLI, the web and its JSON API all show this one view."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from newsgraph.errors import InputError, NotFoundError
from newsgraph.model import Brief
from newsgraph.read.dates import parse_day
from newsgraph.read.events import (
    DisagreementView,
    EventView,
    copies_of,
    event_mentions,
    links_by_article,
    merge_reports,
)
from newsgraph.read.refs import ArticleRef, EntityRef, StorylineRef, article_ref, entity_path
from newsgraph.read.roles import RoleHistory, RoleReader, is_exclusive, role_histories
from newsgraph.read.storylines import storylines_of
from newsgraph.resolve.entities import name_key
from newsgraph.resolve.events import EventMention
from newsgraph.store.base import EntityLink, GlobalEntityRow, Store, check_entity_type

MATCH_MIN = 0.6  # weakest name match still offered as a candidate
ENTITY_ARTICLES = 300  # most recent articles an entity view reads (it counts them all)
CO_OCCURRING = 25
EVIDENCE_PER_ROLE = 3
ARTICLES_PER_ENTRY = 10  # article ids listed per alias or history entry (all are counted)
_MERGED = re.compile(r"^merged by hand \(from (\S+): ")
_SPLIT = re.compile(r"^split from (\S+) \(")


@dataclass(frozen=True)
class EntityMatch:
    """A resolved entity a name could mean, with how well the name fits it."""

    id: str
    name: str
    type: str
    score: float
    articles: int


@dataclass(frozen=True)
class EntityListItem:
    """A resolved entity in a list: its names and how many articles name it."""

    id: str
    name: str
    type: str
    country: str | None
    aliases: list[str]
    article_count: int
    path: str


@dataclass(frozen=True)
class AliasUse:
    """A name the articles use for the entity, and the articles that use it."""

    name: str
    article_count: int
    article_ids: list[str]


@dataclass(frozen=True)
class RoleEvidence:
    article_id: str
    published: str | None
    sentence: str


@dataclass(frozen=True)
class RoleSpan:
    """A role the entity held, from the first to the last publication date that says so."""

    title: str
    first: str | None
    last: str | None
    article_ids: list[str]
    evidence: list[RoleEvidence]


@dataclass(frozen=True)
class QuoteView:
    text: str
    kind: str
    article_id: str
    published: str | None
    evidence: str


@dataclass(frozen=True)
class CoOccurrence:
    """Another resolved entity named in the same articles, and in how many."""

    entity: EntityRef
    articles: int


@dataclass(frozen=True)
class HistoryEntry:
    """Why some of the entity's article mentions were linked to it: the resolver's reason
    ("same name", "spelling variant (92)", "new entity"), or a merge or split by hand
    (``other`` the entity merged in or split from)."""

    kind: str  # linked | merged | split
    reason: str
    other: str | None
    link_count: int
    article_ids: list[str]


@dataclass(frozen=True)
class EntityView:
    """Everything the store knows about one resolved entity (see the module)."""

    id: str
    name: str
    type: str
    country: str | None
    path: str
    aliases: list[str]
    alias_uses: list[AliasUse]
    roles: list[RoleSpan]
    article_count: int
    articles: list[ArticleRef]
    quotes: list[QuoteView]
    events: list[EventView]
    disagreements: list[DisagreementView]
    co_occurring: list[CoOccurrence]
    storylines: list[StorylineRef]
    history: list[HistoryEntry] = field(default_factory=list)
    # Roles over time (``read.roles``): terms, holders before and after, and on ``as_of``
    # (a day asked for, or None) whether it held each role and who did.
    as_of: str | None = None
    role_history: list[RoleHistory] = field(default_factory=list)


# --------------------------------------------------------------------------- finding


def find_entities(store: Store, name: str) -> list[EntityMatch]:
    """Resolved entities ``name`` could mean, best first: an id, a name or alias spelled
    alike (the transliteration-folding key, then edit distance), or one word of a name
    ("Ruto" for "William Ruto"). Ties go to the entity more articles mention."""
    wanted = name_key(name)
    if not wanted:
        raise InputError("entity name is empty")
    scored = []
    for row in store.global_entities():
        score = 1.0 if row.id == name.strip() else _name_score(wanted, [row.name, *row.aliases])
        if score >= MATCH_MIN:
            scored.append((row, score))
    counts = store.entity_article_counts() if scored else {}
    found = [
        EntityMatch(row.id, row.name, row.type, round(score, 4), counts.get(row.id, 0))
        for row, score in scored
    ]
    return sorted(found, key=lambda m: (-m.score, -m.articles, len(m.id), m.id))


@lru_cache(maxsize=1 << 18)
def _key_of(form: str) -> str:
    """``name_key`` remembered: a long-running server looks the same names up again."""
    return name_key(form)


def _name_score(wanted: str, forms: Iterable[str]) -> float:
    best = 0.0
    for form in forms:
        key = _key_of(form)
        score = fuzz.ratio(wanted, key) / 100
        if set(wanted.split()) <= set(key.split()):
            score = max(score, 0.85)
        best = max(best, score)
    return best


def best_entity(store: Store, name: str, type_: str | None = None) -> str:
    """The id of the resolved entity that best matches ``name`` (of ``type_``, if given);
    NotFoundError if none."""
    wanted = check_entity_type(type_)
    found = [m for m in find_entities(store, name) if wanted is None or m.type == wanted]
    if not found:
        kind = f"{wanted} " if wanted else ""
        raise NotFoundError(f"no resolved {kind}entity matches {name!r}")
    return found[0].id


def entity_list(store: Store, type_: str | None = None, limit: int = 100) -> list[EntityListItem]:
    """Resolved entities (of ``type_``), those named in most articles first."""
    counts = store.entity_article_counts()
    rows = store.global_entities(check_entity_type(type_))
    rows.sort(key=lambda r: (-counts.get(r.id, 0), r.name, r.id))
    return [_item(r, counts.get(r.id, 0)) for r in rows[:limit]]


def matching_entities(store: Store, text: str, limit: int = 20) -> list[EntityListItem]:
    """Resolved entities whose name or an alias contains ``text`` (spelling folded), those
    named in most articles first: the entity half of a search."""
    wanted = name_key(text)
    if not wanted:
        return []
    rows = [
        r
        for r in store.global_entities()
        if any(wanted in _key_of(n) for n in (r.name, *r.aliases))
    ]
    counts = store.entity_article_counts() if rows else {}
    rows.sort(key=lambda r: (-counts.get(r.id, 0), r.name, r.id))
    return [_item(r, counts.get(r.id, 0)) for r in rows[:limit]]


def _item(row: GlobalEntityRow, articles: int) -> EntityListItem:
    return EntityListItem(
        row.id, row.name, row.type, row.country, list(row.aliases), articles, entity_path(row.id)
    )


# --------------------------------------------------------------------------- the view


def entity_view(store: Store, global_id: str, as_of: str | None = None) -> EntityView:
    """The whole view of one resolved entity (NotFoundError if there is none); with
    ``as_of`` (YYYY-MM-DD, InputError if not) who held each of its roles that day."""
    day = parse_day(as_of, "as_of") if as_of is not None else None
    row = store.global_entity(global_id.strip())
    stored = store.links_of_global(row.id)
    every: dict[str, set[str]] = {}
    for link in stored:
        every.setdefault(link.article_id, set()).add(link.local_id)
    local = _latest(store, every)
    links = links_by_article(store, local)
    reader = _Reader(row.id)
    for article_id in sorted(local):
        reader.read(
            article_id,
            store.get_brief(article_id),
            local[article_id],
            links[article_id],
            copies_of(store, article_id),
        )
    reader.roles.read_anchors(store, _anchors(reader.roles, row.id))
    events, disagreements = merge_reports(reader.mentions)
    articles = sorted(reader.articles, key=lambda a: (a.published is None, a.published or ""))
    return EntityView(
        row.id,
        row.name,
        row.type,
        row.country,
        entity_path(row.id),
        list(row.aliases),
        reader.alias_uses(),
        reader.role_spans(),
        len(every),
        articles,
        reader.quotes,
        events,
        disagreements,
        reader.neighbours(),
        storylines_of(store, set(every)),
        history(stored),
        day,
        role_histories(reader.roles, row.id, day),
    )


def _anchors(roles: RoleReader, global_id: str) -> list[str]:
    """The organisations and countries of the entity's exclusive roles, most mentioned
    first: their articles name the other holders of those offices."""
    found = Counter(
        m.of_id
        for m in roles.roles
        if m.holder.id == global_id and m.of_id and is_exclusive(m.key, m.of_key)
    )
    return [of_id for of_id, _ in found.most_common()]


def _latest(store: Store, local: dict[str, set[str]]) -> dict[str, set[str]]:
    """The ``ENTITY_ARTICLES`` most recently stored of an entity's articles: a view reads
    each one's brief, so an entity named in thousands of articles (a president) must not
    cost thousands of reads; ``article_count`` still counts them all."""
    if len(local) <= ENTITY_ARTICLES:
        return local
    order = {aid: n for n, aid in enumerate(store.article_ids())}
    newest = sorted(local, key=lambda a: order.get(a, -1))[-ENTITY_ARTICLES:]
    return {aid: local[aid] for aid in newest}


@dataclass
class _RoleNotes:
    """A role as the articles read so far give it."""

    title: str
    first: str | None = None
    last: str | None = None
    article_ids: list[str] = field(default_factory=list)
    evidence: list[RoleEvidence] = field(default_factory=list)


class _Reader:
    """Collects one entity's facts from the briefs of its articles, one at a time."""

    def __init__(self, global_id: str) -> None:
        self.global_id = global_id
        self.articles: list[ArticleRef] = []
        self.quotes: list[QuoteView] = []
        self.mentions: list[EventMention] = []
        self.roles = RoleReader()  # every holder's dated roles, for ``read.roles``
        self._names: dict[str, list[str]] = {}  # name as written -> article ids
        self._roles: dict[str, _RoleNotes] = {}  # casefolded title -> what is known
        self._others: Counter[str] = Counter()
        self._other_names: dict[str, Counter[tuple[str, str]]] = {}

    def read(
        self,
        article_id: str,
        brief: Brief,
        ids: set[str],
        linked: dict[str, str],
        copies: tuple[str, ...],
    ) -> None:
        doc = brief.document
        self.articles.append(article_ref(article_id, doc.title, doc.url, doc.published))
        names = {e.id: e.name for e in brief.entities}
        for ent in brief.entities:
            if ent.id in ids:
                for form in dict.fromkeys([ent.name, *ent.aliases]):
                    self._names.setdefault(form, []).append(article_id)
                for role in ent.roles:
                    self._note_role(
                        _role_title(role.title, names.get(role.of or "")),
                        article_id,
                        doc.published,
                        role.evidence.sentence,
                    )
            elif (gid := linked.get(ent.id)) and gid != self.global_id:
                self._other_names.setdefault(gid, Counter())[(ent.name, ent.type)] += 1
        self._others.update(
            {g for local, g in linked.items() if g != self.global_id and local not in ids}
        )
        self.quotes += [
            QuoteView(q.text, q.kind, article_id, doc.published, q.evidence.sentence)
            for q in brief.quotes
            if q.speaker in ids
        ]
        self.mentions += event_mentions(article_id, brief, linked, copies, only=ids)
        self.roles.read(article_id, brief, linked)

    def _note_role(self, title: str, article_id: str, published: str | None, sentence: str) -> None:
        notes = self._roles.setdefault(title.casefold(), _RoleNotes(title))
        if article_id not in notes.article_ids:
            notes.article_ids.append(article_id)
            if len(notes.evidence) < EVIDENCE_PER_ROLE:
                notes.evidence.append(RoleEvidence(article_id, published, sentence))
        if published:
            notes.first = min(notes.first or published, published)
            notes.last = max(notes.last or published, published)

    def role_spans(self) -> list[RoleSpan]:
        spans = [
            RoleSpan(n.title, n.first, n.last, n.article_ids, n.evidence)
            for n in self._roles.values()
        ]
        return sorted(spans, key=lambda r: (r.first is None, r.first or "", r.title))

    def alias_uses(self) -> list[AliasUse]:
        uses = [
            AliasUse(name, len(ids), ids[:ARTICLES_PER_ENTRY]) for name, ids in self._names.items()
        ]
        return sorted(uses, key=lambda u: (-u.article_count, u.name))

    def neighbours(self) -> list[CoOccurrence]:
        ranked = sorted(self._others.items(), key=lambda kv: (-kv[1], kv[0]))[:CO_OCCURRING]
        out = []
        for gid, n in ranked:
            forms = self._other_names.get(gid)
            name, type_ = forms.most_common(1)[0][0] if forms else (gid, "")
            out.append(CoOccurrence(EntityRef(gid, name, type_, entity_path(gid)), n))
        return out


def _role_title(title: str, holder: str | None) -> str:
    """The role's title, the holder named where the title does not ("minister (Israel)")."""
    named = holder is None or holder.casefold() in title.casefold()
    return title if named else f"{title} ({holder})"


def history(links: Sequence[EntityLink]) -> list[HistoryEntry]:
    """How the entity's links came to be: grouped by the resolver's reason, with merges
    and splits by hand (and the entity they came from) apart."""
    groups: dict[tuple[str, str, str | None], list[str]] = {}
    for link in links:
        groups.setdefault(_reason(link.reason), []).append(link.article_id)
    entries = [
        HistoryEntry(kind, reason, other, len(ids), list(dict.fromkeys(ids))[:ARTICLES_PER_ENTRY])
        for (kind, reason, other), ids in groups.items()
    ]
    order = {"merged": 0, "split": 1, "linked": 2}
    return sorted(entries, key=lambda h: (order[h.kind], -h.link_count, h.reason))


def _reason(reason: str) -> tuple[str, str, str | None]:
    """(kind, reason, other entity) of a stored link reason."""
    if found := _MERGED.match(reason):
        return "merged", "merged by hand", found.group(1)
    if found := _SPLIT.match(reason):
        return "split", "split by hand", found.group(1)
    return "linked", reason.split(";", 1)[0].strip() or "linked", None
