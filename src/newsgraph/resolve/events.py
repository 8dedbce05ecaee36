"""One event per real-world happening across a storyline's articles.

Each article reports an event in its own words; once its entities are resolved to global ids
(``resolve.entities``) the reports can be compared. Two reports are one event when their
PLOVER types match (or form a compatible pair), they share a resolved participant (or, where
one names none, the same place and type), and their dates fit (same day, one unknown, or
within the small window its status allows: a planned meeting moves). Reports are grouped
greedily in a canonical order with complete linkage (a report joins a group only if it fits
every member), so the groups do not depend on the order the reports arrive in, and one
article contributes at most one report to an event (its own extractor already merged its
repeated mentions). Pure: no I/O; the rules are data in ``data/event_merge.json``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from newsgraph.model import Evidence, Quantity

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
UNDATED = "9999"  # sorts after every real date


@dataclass(frozen=True)
class MergeRules:
    """The data that decides what may be one event (see ``data/event_merge.json``)."""

    type_class: Mapping[str, str]  # type -> the class of types that may be one event
    symmetric: frozenset[str]  # types whose actor and target may swap between reports
    window_days: Mapping[str, int]  # status -> largest date gap still one event
    status_claims: Mapping[str, str]  # status -> what it claims: happened, planned, negated
    ignored_quantity_kinds: frozenset[str]


def parse_rules(data: Mapping[str, Any]) -> MergeRules:
    """Rules from their JSON form; compatible pairs are closed into classes of types."""
    parent: dict[str, str] = {}

    def root(t: str) -> str:
        while parent.setdefault(t, t) != t:
            t = parent[t]
        return t

    for a, b in data["compatible_types"]:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)
    return MergeRules(
        type_class={t: root(t) for t in parent},
        symmetric=frozenset(data["symmetric_types"]),
        window_days=dict(data["date_window_days"]),
        status_claims=dict(data["status_claims"]),
        ignored_quantity_kinds=frozenset(data["ignored_quantity_kinds"]),
    )


@lru_cache(maxsize=1)
def merge_rules() -> MergeRules:
    """The packaged rules, read once."""
    text = resources.files("newsgraph.data").joinpath("event_merge.json").read_text("utf-8")
    return parse_rules(json.loads(text))


@dataclass(frozen=True)
class Party:
    """An entity as the merged event names it: global id and its most used name."""

    id: str
    name: str


@dataclass(frozen=True)
class EventMention:
    """One article's report of an event, its entity ids already global ("G7"); ``date`` is
    the event's own date (None when the article gives it none, not the publication date)."""

    article_id: str
    index: int  # 1-based position among the article's events, as export's ``<article>:<n>``
    type: str
    summary: str
    evidence: Evidence
    status: str = "happened"
    date: str | None = None
    published: str | None = None
    url: str | None = None
    cameo: str | None = None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    place: str | None = None
    names: Mapping[str, str] = field(default_factory=dict)  # global id -> name in the article
    places: frozenset[str] = frozenset()  # places and countries named in its sentence
    quantities: tuple[Quantity, ...] = ()  # the numbers in the event's sentences
    copies: tuple[str, ...] = ()  # URLs of near-duplicate copies of the article
    confidence: float = 0.5

    @property
    def key(self) -> str:
        return f"{self.article_id}:{self.index}"

    @property
    def parties(self) -> frozenset[str]:
        return frozenset((*self.actors, *self.targets))

    @property
    def where(self) -> frozenset[str]:
        """Its place, else the places its sentence names."""
        return frozenset((self.place,)) if self.place else self.places


@dataclass(frozen=True)
class SourceRef:
    """Where one article reports a merged event: the article and the sentence."""

    article_id: str
    url: str | None
    published: str | None
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class MergedEvent:
    """One real-world event with every article that reports it, earliest report first."""

    id: str
    type: str
    cameo: str | None
    summary: str
    date: str | None
    status: str
    actors: list[Party]
    targets: list[Party]
    mediators: list[Party]
    place: Party | None
    sources: list[SourceRef]
    confidence: float
    members: tuple[EventMention, ...]  # the reports, in the order of ``sources``

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (members left out: their facts are in sources and disagreements)."""

        def parties(ps: list[Party]) -> list[dict[str, str]]:
            return [{"id": p.id, "name": p.name} for p in ps]

        return {
            "id": self.id,
            "type": self.type,
            "cameo": self.cameo,
            "summary": self.summary,
            "date": self.date,
            "status": self.status,
            "actors": parties(self.actors),
            "targets": parties(self.targets),
            "mediators": parties(self.mediators),
            "place": None if self.place is None else {"id": self.place.id, "name": self.place.name},
            "sources": [vars(s).copy() for s in self.sources],
            "confidence": self.confidence,
        }


# --------------------------------------------------------------------------- same event?


def day_of(value: str | None) -> tuple[date, int] | None:
    """A ``YYYY[-MM[-DD]]`` prefix as (its first day, how many parts it gives), else None."""
    found = _DATE.match(value or "")
    if not found:
        return None
    parts = [int(p) for p in found.groups() if p is not None]
    try:
        return date(*[*parts, 1, 1][:3]), len(parts)
    except ValueError:
        return None


def dates_fit(a: str | None, b: str | None, window: int = 0) -> bool:
    """Whether two dates can name one day: either unknown, one a coarser form of the other
    ("2024-03" and "2024-03-05"), or days at most ``window`` apart."""
    da, db = day_of(a), day_of(b)
    if da is None or db is None:
        return True
    if da[1] != 3 or db[1] != 3:
        shared = min(da[1], db[1])
        return _cut(da[0], shared) == _cut(db[0], shared)
    return abs((da[0] - db[0]).days) <= window


def _cut(d: date, parts: int) -> tuple[int, ...]:
    return (d.year, d.month, d.day)[:parts]


def types_fit(a: str, b: str, rules: MergeRules | None = None) -> bool:
    """Same type, or two types the rules allow for one event ("agreed" / "signed")."""
    cls = (rules or merge_rules()).type_class
    return a == b or cls.get(a, a) == cls.get(b, b)


def parties_fit(a: EventMention, b: EventMention, rules: MergeRules | None = None) -> bool:
    """A shared resolved participant, with the same actor unless the type is symmetric
    ("A met B" = "B met A"); where one report names no one: the same type and place (its
    own, else one its sentence names)."""
    rules = rules or merge_rules()
    if not a.parties or not b.parties:
        return a.type == b.type and bool(a.where & b.where)
    if not a.parties & b.parties:
        return False
    if a.actors and b.actors and not {a.type, b.type} & rules.symmetric:
        return bool(set(a.actors) & set(b.actors))
    return True


def same_event(a: EventMention, b: EventMention, rules: MergeRules | None = None) -> bool:
    """Whether two reports from different articles can be one real event."""
    rules = rules or merge_rules()
    if a.article_id == b.article_id or not types_fit(a.type, b.type, rules):
        return False
    window = max(rules.window_days.get(a.status, 0), rules.window_days.get(b.status, 0))
    return dates_fit(a.date, b.date, window) and parties_fit(a, b, rules)


# --------------------------------------------------------------------------- grouping


def group_mentions(
    mentions: Iterable[EventMention], rules: MergeRules | None = None
) -> list[list[EventMention]]:
    """Reports grouped into events, whatever order they come in: reports are taken in
    key order and each joins the fitting group it shares most with (complete linkage)."""
    rules = rules or merge_rules()
    groups: list[list[EventMention]] = []
    index: dict[tuple[str, str], set[int]] = {}  # (type class, entity) -> groups naming it
    for m in sorted(mentions, key=_canonical):
        cls = rules.type_class.get(m.type, m.type)
        near = {g for gid in m.parties | m.where for g in index.get((cls, gid), ())}
        fitting = [g for g in sorted(near) if all(same_event(m, x, rules) for x in groups[g])]
        if fitting:
            best = max(fitting, key=lambda g: (_affinity(m, groups[g]), -g))
            groups[best].append(m)
        else:
            best = len(groups)
            groups.append([m])
        for gid in m.parties | m.where:
            index.setdefault((cls, gid), set()).add(best)
    return groups


def _canonical(m: EventMention) -> tuple[str, int, str]:
    return (m.article_id, m.index, m.summary)


def _affinity(m: EventMention, group: Sequence[EventMention]) -> int:
    return sum(
        len(m.parties & x.parties) + (m.date is not None and m.date == x.date) + (m.type == x.type)
        for x in group
    )


def merge_events(
    mentions: Iterable[EventMention], rules: MergeRules | None = None
) -> list[MergedEvent]:
    """Every event the reports describe, each with all its sources, in date order."""
    merged = [merge_group(g) for g in group_mentions(mentions, rules)]
    return sorted(
        merged,
        key=lambda e: (e.date is None, e.date or "", e.sources[0].article_id, e.summary, e.id),
    )


def event_id(members: Iterable[EventMention]) -> str:
    """A stable id from the reports' keys: the same reports always make the same id."""
    keys = "\n".join(sorted(m.key for m in members))
    return "M" + hashlib.sha1(keys.encode("utf-8")).hexdigest()[:12]


def merge_group(group: Sequence[EventMention]) -> MergedEvent:
    """One event from its reports: the best report's words, the commonest values."""
    if not group:
        raise ValueError("an event needs at least one report")
    best = min(group, key=_rank)
    members = sorted(group, key=lambda m: (m.published or UNDATED, m.article_id, m.index))
    kind = _commonest([m.type for m in group], best.type)
    cameo = (
        best.cameo
        if best.type == kind
        else next((m.cameo for m in members if m.type == kind), None)
    )
    dates = [m.date for m in group if m.date]
    first_published = min((m.published for m in group if m.published), default=None)
    places = [m.place for m in group if m.place]
    return MergedEvent(
        id=event_id(group),
        type=kind,
        cameo=cameo,
        summary=best.summary,
        date=_commonest(dates, best.date) if dates else first_published,
        status=_commonest([m.status for m in group], best.status),
        actors=_parties(group, "actors"),
        targets=_parties(group, "targets"),
        mediators=_parties(group, "mediators"),
        place=_party(_commonest(places, best.place), group) if places else None,
        sources=[_source(m) for m in members],
        confidence=_corroborated(group),
        members=tuple(members),
    )


def _rank(m: EventMention) -> tuple[float, int, bool, str, str]:
    """Best first: most confident, most participants, dated, earliest, then by key."""
    named = len(m.actors) + len(m.targets) + len(m.mediators)
    return (-m.confidence, -named, m.date is None, m.published or UNDATED, m.key)


def _commonest(values: Sequence[str], prefer: str | None) -> str:
    """The most frequent value; ties go to ``prefer``, then to the smallest."""
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v != prefer, v))


def _parties(group: Sequence[EventMention], role: str) -> list[Party]:
    """A role's entities over all reports, the most reported first."""
    counts = Counter(gid for m in group for gid in dict.fromkeys(getattr(m, role)))
    return [_party(gid, group) for gid in sorted(counts, key=lambda g: (-counts[g], g))]


def _party(gid: str, group: Sequence[EventMention]) -> Party:
    """The entity with the name the reports use most (then the longest)."""
    names = Counter(m.names[gid] for m in group if gid in m.names)
    if not names:
        return Party(gid, gid)
    return Party(gid, min(names, key=lambda n: (-names[n], -len(n), n)))


def _source(m: EventMention) -> SourceRef:
    ev = m.evidence
    return SourceRef(m.article_id, m.url, m.published, ev.sentence, ev.start, ev.end)


def _corroborated(group: Sequence[EventMention]) -> float:
    """Independent reports raise confidence: 1 - the product of each one's doubt."""
    doubt = 1.0
    for m in group:
        doubt *= 1.0 - min(max(m.confidence, 0.0), 1.0)
    return round(1.0 - doubt, 4)
