"""What changed since a moment: the events first reported, the people first named, the
roles first given, and the disagreements between sources that new articles opened, each
with the sentence (article, URL, offsets) it was read from (``newsgraph changes``).

"Since" is by when an article was first *stored* (``articles.created_at``, UTC), not by
its publication date: an analyst asking what changed since last week means what the
store learned since then, and an old article ingested today is news to it. Re-ingesting
an article keeps its first stored time, so it is not new again.

- an event is new when every article reporting it was stored since (its first report is);
- a person is new when every article naming it was stored since;
- a role is new when a new article gives it to a resolved entity whose older articles
  (the newest ``OLDER_ARTICLES`` of them) never did;
- a disagreement is new when an article stored since takes part in it.

Events and disagreements come from the storyline (or entity) views, so they are merged
across old and new articles exactly as every other surface shows them. Bounded: the newest
``MAX_ARTICLES`` new articles are read, in the ``MAX_STORYLINES`` storylines holding most of
them; ``truncated`` says when a bound was reached.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from newsgraph.errors import InputError
from newsgraph.model import Brief
from newsgraph.read.dates import parse_moment
from newsgraph.read.entities import entity_view
from newsgraph.read.events import DisagreementView, EventView, links_by_article
from newsgraph.read.refs import ArticleRef, EntityRef, StorylineRef, article_ref, entity_ref
from newsgraph.read.roles import RoleReader, shown_title, title_key
from newsgraph.read.storylines import storyline_ref, storyline_view
from newsgraph.store.base import Store

MAX_ARTICLES = 500
MAX_STORYLINES = 50
OLDER_ARTICLES = 300
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n+")


@dataclass(frozen=True)
class ChangeEvidence:
    """The sentence a change was read from: its article, URL and offsets in the body."""

    article_id: str
    url: str | None
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class NewArticle:
    article: ArticleRef
    stored_at: str


@dataclass(frozen=True)
class NewEvent:
    """An event with when it was first reported (its earliest stored report) and that
    report's key ``article:start:end``, which stays the same while later reports join the
    event (its merged id does not); its reports carry the evidence."""

    first_reported: str
    key: str
    storyline: StorylineRef | None
    event: EventView


@dataclass(frozen=True)
class NewPerson:
    entity: EntityRef
    first_reported: str
    evidence: ChangeEvidence


@dataclass(frozen=True)
class NewRole:
    """A role first given to ``entity``; ``date`` the day it speaks of (read.roles)."""

    entity: EntityRef
    title: str
    date: str
    first_reported: str
    evidence: ChangeEvidence


@dataclass(frozen=True)
class NewDisagreement:
    """A disagreement a new article takes part in, with every side's sentence."""

    first_reported: str
    storyline: StorylineRef | None
    disagreement: DisagreementView
    evidence: list[ChangeEvidence]


@dataclass(frozen=True)
class ChangesView:
    """Everything new since ``since`` (a UTC stamp), in the whole store or in one
    storyline or entity (``scope``); each list oldest first."""

    since: str
    scope: str  # all | storyline | entity
    scope_id: str | None
    scope_title: str | None
    article_count: int
    articles: list[NewArticle]
    events: list[NewEvent]
    people: list[NewPerson]
    roles: list[NewRole]
    disagreements: list[NewDisagreement]
    truncated: bool


def changes(
    store: Store, since: str, *, storyline: str | None = None, entity: str | None = None
) -> ChangesView:
    """What changed since ``since`` (a day, a time or a span back, ``read.dates``), in
    one storyline or about one entity if asked (not both: InputError)."""
    if storyline is not None and entity is not None:
        raise InputError("ask for the changes of one storyline or of one entity, not both")
    stamp = parse_moment(since, "since")
    stamps = dict(store.stored_since(stamp))
    if storyline is not None:
        row = store.storyline(storyline.strip())
        stamps = {
            m.article_id: stamps[m.article_id] for m in row.articles if m.article_id in stamps
        }
        scope, scope_id, title = "storyline", row.id, row.title
    elif entity is not None:
        ent = store.global_entity(entity.strip())
        mine = {link.article_id for link in store.links_of_global(ent.id)}
        stamps = {aid: at for aid, at in stamps.items() if aid in mine}
        scope, scope_id, title = "entity", ent.id, ent.name
    else:
        scope, scope_id, title = "all", None, None
    newest = sorted(stamps, key=lambda a: (stamps[a], a))[-MAX_ARTICLES:]
    briefs = {aid: store.get_brief(aid) for aid in newest}
    links = links_by_article(store, newest)
    events, disagreements, more = _event_changes(store, stamps, scope, scope_id)
    return ChangesView(
        stamp,
        scope,
        scope_id,
        title,
        len(stamps),
        [_new_article(aid, briefs[aid], stamps[aid]) for aid in newest],
        events,
        _new_people(store, briefs, links, stamps, entity and scope_id),
        _new_roles(store, briefs, links, stamps, entity and scope_id),
        disagreements,
        more or len(stamps) > len(newest),
    )


def _new_article(article_id: str, brief: Brief, stored_at: str) -> NewArticle:
    doc = brief.document
    return NewArticle(article_ref(article_id, doc.title, doc.url, doc.published), stored_at)


# --------------------------------------------------------------------------- events


def _event_changes(
    store: Store, stamps: Mapping[str, str], scope: str, scope_id: str | None
) -> tuple[list[NewEvent], list[NewDisagreement], bool]:
    """New events and disagreements from the views that hold the new articles."""
    if not stamps:
        return [], [], False
    views: list[tuple[StorylineRef | None, list[EventView], list[DisagreementView]]] = []
    truncated = False
    if scope == "entity" and scope_id is not None:
        ent = entity_view(store, scope_id)
        views.append((None, ent.events, ent.disagreements))
    else:
        rows = store.storylines_of(stamps)
        counts = {r.id: sum(m.article_id in stamps for m in r.articles) for r in rows}
        rows.sort(key=lambda r: (-counts[r.id], r.id))
        truncated = len(rows) > MAX_STORYLINES
        for row in rows[:MAX_STORYLINES]:
            line = storyline_view(store, row.id)
            views.append((storyline_ref(row), line.events, line.disagreements))
    events: list[NewEvent] = []
    found: list[NewDisagreement] = []
    for ref, line_events, line_disagreements in views:
        for ev in line_events:
            if ev.reports and {r.article_id for r in ev.reports} <= stamps.keys():
                events.extend(_dated(ev, stamps, ref))
        by_id = {ev.id: ev for ev in line_events}
        for d in line_disagreements:
            new = [c.article_id for c in d.values if c.article_id in stamps]
            if new:
                proof = _claim_evidence(d, by_id.get(d.event_id))
                found.append(NewDisagreement(min(stamps[a] for a in new), ref, d, proof))
    events.sort(key=lambda n: (n.first_reported, n.key))
    found.sort(key=lambda n: (n.first_reported, n.disagreement.event_id, n.disagreement.field))
    return events, found, truncated


def _claim_evidence(d: DisagreementView, event: EventView | None) -> list[ChangeEvidence]:
    """Each side's sentence with its offsets, from the event's report of that article."""
    reports = {(r.article_id, r.sentence): r for r in (event.reports if event else [])}
    firsts = {r.article_id: r for r in reversed(event.reports)} if event else {}
    out: list[ChangeEvidence] = []
    for c in d.values:
        r = reports.get((c.article_id, c.sentence)) or firsts.get(c.article_id)
        start, end = (r.start, r.end) if r else (0, 0)
        out.append(ChangeEvidence(c.article_id, c.url, c.sentence, start, end))
    return out


# --------------------------------------------------------------------------- people, roles


def _new_people(
    store: Store,
    briefs: Mapping[str, Brief],
    links: Mapping[str, Mapping[str, str]],
    stamps: Mapping[str, str],
    only: str | None,
) -> list[NewPerson]:
    """People every article of whom was stored since, at their first new mention."""
    named: dict[str, set[str]] = {}
    for aid, linked in links.items():
        for gid in linked.values():
            if only is None or gid == only:
                named.setdefault(gid, set()).add(aid)
    if not named:
        return []
    counts = store.entity_article_counts()
    people: list[NewPerson] = []
    for gid, aids in sorted(named.items()):
        if counts.get(gid, 0) > len(aids):  # named in an older article (or one not read)
            continue
        first = min(aids, key=lambda a: (stamps[a], a))
        found = _person_in(briefs[first], links[first], gid, first)
        if found is not None:
            people.append(NewPerson(found[0], stamps[first], found[1]))
    return sorted(people, key=lambda p: (p.first_reported, p.entity.name, p.entity.id))


def _person_in(
    brief: Brief, linked: Mapping[str, str], gid: str, article_id: str
) -> tuple[EntityRef, ChangeEvidence] | None:
    for ent in brief.entities:
        if linked.get(ent.id) == gid and ent.type == "PERSON" and ent.mentions:
            m = ent.mentions[0]
            sentence, start, end = sentence_around(brief.document.text, m.start, m.end)
            proof = ChangeEvidence(article_id, brief.document.url, sentence, start, end)
            return entity_ref(gid, ent.name, ent.type), proof
    return None


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence of ``text`` holding ``start:end``, and its offsets: from the end of the
    sentence before to the end of this one (a full stop, a line break)."""
    begin = 0
    for found in _SENTENCE_END.finditer(text, 0, max(start, 0)):
        begin = found.end()
    after = _SENTENCE_END.search(text, max(end, begin))
    stop = after.start() + 1 if after else len(text)
    stop = min(stop, len(text))
    return text[begin:stop].strip(), begin, stop


def _new_roles(
    store: Store,
    briefs: Mapping[str, Brief],
    links: Mapping[str, Mapping[str, str]],
    stamps: Mapping[str, str],
    only: str | None,
) -> list[NewRole]:
    """Roles first given since: each (entity, title) at its earliest new mention, unless
    an older article of the entity already gave that title."""
    reader = RoleReader()
    for aid in sorted(briefs, key=lambda a: (stamps[a], a)):
        reader.read(aid, briefs[aid], links[aid])
    first: dict[tuple[str, str], NewRole] = {}
    for m in reader.roles:
        gid = m.holder.id
        if m.former or "/" in gid or (only is not None and gid != only):
            continue
        at = stamps[m.evidence.article_id]
        key = (gid, m.key)
        if key not in first or at < first[key].first_reported:
            e = m.evidence
            proof = ChangeEvidence(e.article_id, e.url, e.sentence, e.start, e.end)
            first[key] = NewRole(m.holder, shown_title(m.title, m.of_name), e.date, at, proof)
    known = _older_titles(store, {gid for gid, _ in first}, stamps)
    fresh = [r for (gid, key), r in first.items() if key not in known.get(gid, set())]
    return sorted(fresh, key=lambda r: (r.first_reported, r.entity.name, r.title))


def _older_titles(
    store: Store, gids: Iterable[str], stamps: Mapping[str, str]
) -> dict[str, set[str]]:
    """gid -> the title keys its older articles (the newest ``OLDER_ARTICLES``) gave it,
    read from the knowledge features (no brief is read)."""
    wanted: dict[str, dict[str, set[str]]] = {}  # article -> local ids -> gids
    order: dict[str, int] | None = None
    for gid in gids:
        older = sorted({link.article_id for link in store.links_of_global(gid)} - stamps.keys())
        if len(older) > OLDER_ARTICLES:
            order = order or {aid: n for n, aid in enumerate(store.article_ids())}
            older = sorted(older, key=lambda a: order.get(a, -1) if order else -1)
        for link in store.links_of_articles(older[-OLDER_ARTICLES:]):
            if link.global_id == gid:
                wanted.setdefault(link.article_id, {}).setdefault(link.local_id, set()).add(gid)
    titles: dict[str, set[str]] = {}
    for aid, raw in store.knowledge_features(wanted).items():
        for ent in json.loads(raw).get("linked", []):
            for gid in wanted[aid].get(ent.get("id"), ()):
                titles.setdefault(gid, set()).update(title_key(t) for t in ent.get("roles", []))
    return titles


def reported_events(
    store: Store, events: Iterable[EventView], storyline: StorylineRef | None = None
) -> list[NewEvent]:
    """``events`` with when each was first reported (its earliest stored report), newest
    first: the entries of a storyline's or an entity's feed."""
    events = list(events)
    stamps = store.stored_at({r.article_id for ev in events for r in ev.reports})
    out = [found for ev in events for found in _dated(ev, stamps, storyline)]
    return sorted(out, key=lambda n: (n.first_reported, n.key), reverse=True)


def _dated(
    ev: EventView, stamps: Mapping[str, str], storyline: StorylineRef | None
) -> list[NewEvent]:
    """The event with its first report (earliest stored, then earliest in its article);
    none if no report of it is stored."""
    stored = [r for r in ev.reports if r.article_id in stamps]
    if not stored:
        return []
    first = min(stored, key=lambda r: (stamps[r.article_id], r.article_id, r.start, r.end))
    key = f"{first.article_id}:{first.start}:{first.end}"
    return [NewEvent(stamps[first.article_id], key, storyline, ev)]


def change_counts(view: ChangesView) -> Counter[str]:
    """How many of each kind of change: what ``watch`` tells and a feed counts."""
    return Counter(
        articles=view.article_count,
        events=len(view.events),
        people=len(view.people),
        roles=len(view.roles),
        disagreements=len(view.disagreements),
    )
