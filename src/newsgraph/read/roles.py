"""Who held which role when: the terms a resolved entity held each of its roles, read from
dated evidence, and for an office only one person holds at a time, who held it before and
after, and who held it on a given day (``newsgraph entity NAME --as-of DATE``).

Each role mention is dated by its sentence's own resolved time (a full day, not after the
publication date: a sentence cannot attest the future) or else by its article's
publication date; undated mentions are left out. A term runs from its first evidence and
is held on every day after its latest evidence until something ends it: a resignation,
dismissal or fall of the holder that happened (``role_time.json``'s ``end_events``), a
mention of the holder as its *former* holder, or, for an exclusive role, another person's
evidence of the same role after the holder's latest. A role is exclusive when it names its
organisation or country and its title is not one many hold at once (``shared_titles``):
"lead negotiator (Hamas)" is, "minister (Israel)" is not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from newsgraph.model import Brief, Role
from newsgraph.read.events import links_by_article, own_date
from newsgraph.read.refs import EntityRef, entity_ref
from newsgraph.resolve.entities import name_key
from newsgraph.store.base import Store

ROLE_ARTICLES = 100  # newest articles of an organisation or country read for its roles' holders
ROLE_ANCHORS = 3  # organisations or countries whose articles are read per view
EVIDENCE_PER_TERM = 3
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HOW = {"RESIGN": "resigned", "DISMISS": "dismissed", "REGIME_CHANGE": "removed"}


@dataclass(frozen=True)
class DatedEvidence:
    """The sentence a role (or its end) was read from, and the day it speaks of:
    ``dated_by`` "sentence" (its own resolved time) or "published" (its article's date)."""

    article_id: str
    url: str | None
    date: str
    dated_by: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class RoleEnd:
    """How a term ended: resigned, dismissed, removed, former (a later article calls the
    holder its former holder) or succeeded (``by`` another person holding it after)."""

    date: str
    how: str
    evidence: DatedEvidence
    by: EntityRef | None = None


@dataclass(frozen=True)
class RoleTerm:
    """One holder's hold of a role: from its first to its latest evidence, and how it ended
    (None: held still, as far as the articles say). ``first`` is None for a holder known
    only as a former one."""

    holder: EntityRef
    first: str | None
    last: str | None
    mentions: int
    ended: RoleEnd | None
    evidence: list[DatedEvidence]


@dataclass(frozen=True)
class RoleHistory:
    """One role of the entity over time: its terms (oldest first), the holder before its
    first and after its last (exclusive roles), and on ``as_of`` whether it held the role
    and who did (None when no day was asked)."""

    title: str
    of: str | None
    exclusive: bool
    terms: list[RoleTerm]
    before: RoleTerm | None = None
    after: RoleTerm | None = None
    as_of: str | None = None
    held: bool | None = None
    holder: RoleTerm | None = None


@dataclass(frozen=True)
class RoleMention:
    """One dated mention of a holder in a role, as read from one article."""

    holder: EntityRef
    title: str  # as written, without its time word ("former", "new")
    key: str  # the title folded: what two mentions of one office share
    of_key: str | None  # the organisation or country: its resolved id, else its name key
    of_name: str | None
    of_id: str | None  # the resolved id of the organisation or country, where linked
    former: bool
    evidence: DatedEvidence

    @property
    def role(self) -> tuple[str, str | None]:
        return self.key, self.of_key


@dataclass(frozen=True)
class EndMention:
    """An event that ends the offices of ``holder`` (resigned, dismissed, removed)."""

    holder: str
    how: str
    evidence: DatedEvidence


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """``data/role_time.json``: the time words of titles, shared offices, ending events."""
    text = resources.files("newsgraph.data").joinpath("role_time.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def split_title(title: str) -> tuple[str, str]:
    """(time word or "", the title without it): "former lead negotiator" -> ("former",
    "lead negotiator"); "ex-president" -> ("ex", "president")."""
    words = title.split()
    if words and "-" in words[0]:
        head, _, rest = words[0].partition("-")
        if head.casefold() in rules()["ended"] and rest:
            words = [head, rest, *words[1:]]
    if len(words) > 1 and words[0].casefold() in _time_words():
        return words[0].casefold(), " ".join(words[1:])
    return "", title.strip()


@lru_cache(maxsize=1)
def _time_words() -> frozenset[str]:
    r = rules()
    return frozenset([*r["ended"], *r["past"], *r["current"]])


def title_key(title: str) -> str:
    return " ".join(split_title(title)[1].casefold().split())


def is_exclusive(key: str, of_key: str | None) -> bool:
    """Whether only one person holds the role at a time (see the module)."""
    if of_key is None or key in rules()["shared_titles"]:
        return False
    return not set(key.split()) & set(rules()["shared_modifiers"])


def shown_title(title: str, of_name: str | None) -> str:
    """The title with its organisation or country where it does not name it already."""
    named = of_name is None or of_name.casefold() in title.casefold()
    return title if named else f"{title} ({of_name})"


# --------------------------------------------------------------------------- reading


class RoleReader:
    """Collects every dated role mention and every office-ending event of the articles it
    is given, for every holder in them (the reverse question needs the others too)."""

    def __init__(self) -> None:
        self.roles: list[RoleMention] = []
        self.ends: list[EndMention] = []
        self.read_ids: set[str] = set()

    def read(self, article_id: str, brief: Brief, linked: Mapping[str, str]) -> None:
        if article_id in self.read_ids:
            return
        self.read_ids.add(article_id)
        doc, by_id = brief.document, {e.id: e for e in brief.entities}

        def gid(local: str) -> str:
            return linked.get(local, f"{article_id}/{local}")

        for ent in brief.entities:
            holder = entity_ref(gid(ent.id), ent.name, ent.type)
            for role in ent.roles:
                of = by_id.get(role.of or "")
                of_id = linked.get(role.of or "") if of else None
                of_name = of.name if of else None
                mention = self._mention(article_id, brief, holder, role, of_id, of_name)
                if mention is not None:
                    self.roles.append(mention)
        ends = rules()["end_events"]
        for ev in brief.events:
            part = ends.get(ev.type)
            if part is None or ev.status != "happened":
                continue
            s = ev.evidence
            own = own_date(ev)
            if not (own and _DAY.match(own)):  # a month or a year: the sentence may say more
                own = sentence_day(brief, s.field, s.start)
            day = _day(own, doc.published)
            if day is None:
                continue
            proof = DatedEvidence(article_id, doc.url, day[0], day[1], s.sentence, s.start, s.end)
            for local in getattr(ev, part):
                self.ends.append(EndMention(gid(local), _HOW[ev.type], proof))

    def _mention(
        self,
        article_id: str,
        brief: Brief,
        holder: EntityRef,
        role: Role,
        of_id: str | None,
        of_name: str | None,
    ) -> RoleMention | None:
        word, title = split_title(role.title)
        s = role.evidence
        own = sentence_day(brief, s.field, s.start)
        if word in rules()["past"] and own is None:
            return None  # "then foreign minister", with no day to say when
        day = _day(own, brief.document.published)
        if day is None:
            return None
        proof = DatedEvidence(
            article_id, brief.document.url, day[0], day[1], s.sentence, s.start, s.end
        )
        of_key = of_id or (f"name:{name_key(of_name)}" if of_name else None)
        former = word in rules()["ended"]
        return RoleMention(holder, title, title_key(title), of_key, of_name, of_id, former, proof)

    def read_anchors(self, store: Store, anchors: Iterable[str]) -> None:
        """Read the newest ``ROLE_ARTICLES`` articles of each organisation or country in
        ``anchors`` (at most ``ROLE_ANCHORS``): where the other holders of its offices are."""
        order: dict[str, int] | None = None
        for anchor in list(dict.fromkeys(anchors))[:ROLE_ANCHORS]:
            ids = {link.article_id for link in store.links_of_global(anchor)} - self.read_ids
            if len(ids) > ROLE_ARTICLES:
                order = order or {aid: n for n, aid in enumerate(store.article_ids())}
                ids = set(sorted(ids, key=lambda a: order.get(a, -1))[-ROLE_ARTICLES:])
            links = links_by_article(store, ids)
            for aid in sorted(ids):
                self.read(aid, store.get_brief(aid), links[aid])


def sentence_day(brief: Brief, field_: str, start: int) -> str | None:
    """The first full day a time of the sentence (at ``start`` in ``field_``) resolves to."""
    for t in brief.times:
        e = t.evidence
        same = e.field == field_ and e.start == start
        if same and t.kind == "date" and t.value and _DAY.match(t.value):
            return t.value
    return None


def _day(own: str | None, published: str | None) -> tuple[str, str] | None:
    """(day, dated_by): the sentence's own day unless it is after publication."""
    if own and _DAY.match(own) and (published is None or own <= published):
        return own, "sentence"
    return (published, "published") if published else None


# --------------------------------------------------------------------------- terms


@dataclass
class _Open:
    first: str | None
    evidence: list[DatedEvidence] = field(default_factory=list)


def terms_of(
    holder: EntityRef,
    mentions: Sequence[RoleMention],
    ends: Sequence[EndMention],
    rivals: Sequence[RoleMention],
) -> list[RoleTerm]:
    """The holder's terms in one role, from its mentions, the events that end its offices
    and (exclusive roles) the other holders' mentions of the same role."""
    items: list[tuple[str, int, str, Any]] = []
    for m in mentions:
        items.append((m.evidence.date, 1 if m.former else 0, "former" if m.former else "held", m))
    items += [(e.evidence.date, 1, e.how, e) for e in ends]
    items += [(r.evidence.date, 2, "succeeded", r) for r in rivals]
    items.sort(key=lambda i: (i[0], i[1], i[3].evidence.article_id, i[3].evidence.start))
    terms: list[RoleTerm] = []
    current: _Open | None = None
    for day, _, kind, item in items:
        if kind == "held":
            current = current or _Open(day)
            current.evidence.append(item.evidence)
        elif current is not None and (kind != "succeeded" or day > current.evidence[-1].date):
            by = item.holder if kind == "succeeded" else None
            terms.append(_close(holder, current, RoleEnd(day, kind, item.evidence, by)))
            current = None
        elif kind == "former" and not (terms and terms[-1].ended):
            terms.append(_close(holder, _Open(None), RoleEnd(day, kind, item.evidence)))
    if current is not None:
        terms.append(_close(holder, current, None))
    return terms


def _close(holder: EntityRef, term: _Open, ended: RoleEnd | None) -> RoleTerm:
    ev = term.evidence
    shown = ev if len(ev) <= EVIDENCE_PER_TERM else [*ev[: EVIDENCE_PER_TERM - 1], ev[-1]]
    last = ev[-1].date if ev else None
    return RoleTerm(holder, term.first, last, len(ev), ended, shown)


def holder_on(terms: Iterable[RoleTerm], day: str) -> RoleTerm | None:
    """The term covering ``day`` that began last (its evidence on or before the day, not
    ended by then); None if no one is known to hold the role that day."""
    covering = [
        t
        for t in terms
        if t.first is not None and t.first <= day and (t.ended is None or day < t.ended.date)
    ]
    return max(covering, key=lambda t: (t.first or "", t.holder.id), default=None)


def applies(end: EndMention, key: str, keys: Iterable[str]) -> bool:
    """Whether an ending event ends role ``key``: it does when its sentence names that
    title, or names none of the holder's titles ("X resigned" ends every office)."""
    sentence = " ".join(end.evidence.sentence.casefold().split())
    named = [k for k in keys if k and k in sentence]
    return not named or key in named


# --------------------------------------------------------------------------- histories


def role_histories(reader: RoleReader, entity_id: str, as_of: str | None) -> list[RoleHistory]:
    """Every role the entity held, with its terms and the holders around them (see the
    module), oldest first; on ``as_of`` whether it held each and who did."""
    groups: dict[tuple[str, str | None], list[RoleMention]] = {}
    for m in reader.roles:
        if m.holder.id == entity_id:
            groups.setdefault(m.role, []).append(m)
    titles: dict[str, set[str]] = {}
    for m in reader.roles:
        titles.setdefault(m.holder.id, set()).add(m.key)
    found = [_history(reader, entity_id, ms, titles, as_of) for ms in groups.values()]
    return sorted(found, key=lambda h: (_start(h.terms), h.title))


def _history(
    reader: RoleReader,
    entity_id: str,
    mine: list[RoleMention],
    titles: Mapping[str, set[str]],
    as_of: str | None,
) -> RoleHistory:
    key, of_key = mine[0].role
    exclusive = is_exclusive(key, of_key)
    everyone = [m for m in reader.roles if m.role == mine[0].role] if exclusive else mine
    by_holder: dict[str, list[RoleMention]] = {}
    for m in everyone:
        by_holder.setdefault(m.holder.id, []).append(m)
    terms: list[RoleTerm] = []
    for holder_id, held in by_holder.items():
        ends = [
            e
            for e in reader.ends
            if e.holder == holder_id and applies(e, key, titles.get(holder_id, ()))
        ]
        rivals = [m for m in everyone if m.holder.id != holder_id and not m.former]
        terms += terms_of(_holder(held, entity_id, mine), held, ends, rivals)
    own = sorted((t for t in terms if t.holder.id == entity_id), key=lambda t: _start([t]))
    others = [t for t in terms if t.holder.id != entity_id and t.first is not None]
    named = [m for m in mine if not m.former] or mine
    history = RoleHistory(
        shown_title(named[0].title, named[0].of_name),
        named[0].of_name,
        exclusive,
        own,
        _before(own, others),
        _after(own, others),
    )
    return _on(history, terms, entity_id, as_of) if as_of else history


def _holder(held: list[RoleMention], entity_id: str, mine: list[RoleMention]) -> EntityRef:
    """The holder as its mentions name it (the viewed entity as its own mentions do)."""
    return mine[0].holder if held[0].holder.id == entity_id else held[0].holder


def _start(terms: Sequence[RoleTerm]) -> str:
    starts = [t.first or (t.ended.date if t.ended else "") for t in terms]
    return min(starts, default="")


def _before(own: list[RoleTerm], others: list[RoleTerm]) -> RoleTerm | None:
    first = min((t.first for t in own if t.first), default=None)
    earlier = [t for t in others if first and t.first and t.first < first]
    return max(earlier, key=lambda t: (t.first or "", t.holder.id), default=None)


def _after(own: list[RoleTerm], others: list[RoleTerm]) -> RoleTerm | None:
    dated = [t for t in own if t.first]
    if not dated:
        return None
    last = dated[-1]
    since = last.ended.date if last.ended else last.first or ""
    later = [t for t in others if t.first and (t.first >= since if last.ended else t.first > since)]
    return min(later, key=lambda t: (t.first or "", t.holder.id), default=None)


def _on(history: RoleHistory, terms: list[RoleTerm], entity_id: str, day: str) -> RoleHistory:
    """``history`` with who held the role on ``day``: for an exclusive role whoever's term
    began last, for a shared one this entity's own term."""
    pool = terms if history.exclusive else history.terms
    holder = holder_on(pool, day)
    held = holder is not None and holder.holder.id == entity_id
    return RoleHistory(
        history.title,
        history.of,
        history.exclusive,
        history.terms,
        history.before,
        history.after,
        day,
        held,
        holder,
    )
