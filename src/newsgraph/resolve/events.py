"""One event per real-world happening across a storyline's articles.

Each article reports an event in its own words; once its entities are resolved to global ids
(``resolve.entities``) the reports can be compared. Participants are compared by name where
resolution kept two ids apart ("Oscar" tagged a person, "Oscars" an organisation). Two
reports are one event when their PLOVER types match (or form a compatible pair), they share
their participants (two, where both name two or more: "A met B" and "A met C" are two
meetings; where one names none, the same type, place and day, or, where no date is known at
all, the same predicate), the places they name do not differ, and their dates fit at the
precision both give (same day, or within the small window its status allows: a planned
meeting moves; a year alone never takes in a dated event). A report whose sentence gives no
date stands on its article's date when it tells the event as news: it happened in the few
days before publication. Reports are grouped greedily, the most precisely dated first, in a
canonical order with complete linkage (a report joins a group only if it fits every
member), so the groups do not depend on the order the reports arrive in, and one article
contributes at most one report to an event (its own extractor already merged its repeated
mentions). Pure: no I/O; the rules are data in ``data/event_merge.json``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz

from newsgraph.model import Evidence, Quantity
from newsgraph.names import SAME, compare_people, person_name
from newsgraph.resolve.entities import FUZZY_MIN, name_key

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
    article_dated: frozenset[str] = frozenset()  # statuses that take the article's date
    article_days_back: int = 0  # how long before publication such an event may be


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
        article_dated=frozenset(data.get("article_dated_statuses", ())),
        article_days_back=int(data.get("article_days_back", 0)),
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


def reported_date(
    m: EventMention, rules: MergeRules | None = None
) -> tuple[str | None, str | None]:
    """(date, where it comes from): the sentence's own date; else, for a report that tells
    the event as news (its status), the article's publication date; else (None, None)."""
    if m.date:
        return m.date, "sentence"
    if m.published and m.status in (rules or merge_rules()).article_dated:
        return m.published[:10], "article"
    return None, None


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
    date_source: str | None = None  # sentence | article (its publication date) | None
    precision: str | None = None  # day | month | year, of ``date``

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
            "date_source": self.date_source,
            "precision": self.precision,
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
    """Whether two dates can name one day: either unknown, the same year, a month and a day
    in it ("2024-03" and "2024-03-05"), or days at most ``window`` apart. A year alone
    never fits a finer date: "in 2025" says too little to be one of the year's meetings."""
    da, db = day_of(a), day_of(b)
    if da is None or db is None:
        return True
    if (da[1] == 1 or db[1] == 1) and da[1] != db[1]:
        return False
    if da[1] != 3 or db[1] != 3:
        shared = min(da[1], db[1])
        return _cut(da[0], shared) == _cut(db[0], shared)
    return abs((da[0] - db[0]).days) <= window


def fits_before(own: str, published: str, back: int, ahead: int) -> bool:
    """Whether a sentence's date can be the day of an event another article reports, without
    a date, as news on ``published``: from ``back`` days before to ``ahead`` days after."""
    do, dp = day_of(own), day_of(published)
    if do is None or dp is None:
        return True
    if do[1] == 1:
        return False
    earliest, latest = dp[0] - timedelta(days=back), dp[0] + timedelta(days=ahead)
    if do[1] == 2:
        return _cut(earliest, 2) <= _cut(do[0], 2) <= _cut(latest, 2)
    return earliest <= do[0] <= latest


def when_fits(a: EventMention, b: EventMention, rules: MergeRules) -> bool:
    """Whether two reports' dates (their own, else their article's) can be one day."""
    window = max(rules.window_days.get(a.status, 0), rules.window_days.get(b.status, 0))
    (da, sa), (db, sb) = reported_date(a, rules), reported_date(b, rules)
    if da is None or db is None:
        return True
    if sa == sb == "sentence":
        return dates_fit(da, db, window)
    if sa == sb == "article":
        return dates_fit(da, db, rules.article_days_back)
    own, published = (db, da) if sa == "article" else (da, db)
    return fits_before(own, published, rules.article_days_back, window)


def places_fit(a: EventMention, b: EventMention) -> bool:
    """Two reports that both say where it happened (their own place, "met in Baku") must
    say the same place, or one's sentence must name the other's ("in Paris, France"):
    meetings in Baku and in Paris are two meetings. Places a sentence merely names are not
    compared: on ECB+'s tuning topics they split more events than they kept apart."""
    if not a.place or not b.place or a.place == b.place:
        return True
    return a.place in b.places or b.place in a.places


def _cut(d: date, parts: int) -> tuple[int, ...]:
    return (d.year, d.month, d.day)[:parts]


def types_fit(a: str, b: str, rules: MergeRules | None = None) -> bool:
    """Same type, or two types the rules allow for one event ("agreed" / "signed")."""
    cls = (rules or merge_rules()).type_class
    return a == b or cls.get(a, a) == cls.get(b, b)


def parties_fit(a: EventMention, b: EventMention, rules: MergeRules | None = None) -> bool:
    """Shared resolved participants (two where both name two or more, so "A met B" is not
    "A met C"), with the same actor unless the type is symmetric ("A met B" = "B met A");
    where one report names no one: the same type and place (its own, else one its sentence
    names)."""
    rules = rules or merge_rules()
    if not a.parties or not b.parties:
        return a.type == b.type and bool(a.where & b.where)
    if len(a.parties & b.parties) < min(2, len(a.parties), len(b.parties)):
        return False
    if a.actors and b.actors and not {a.type, b.type} & rules.symmetric:
        return bool(set(a.actors) & set(b.actors))
    return True


def same_event(a: EventMention, b: EventMention, rules: MergeRules | None = None) -> bool:
    """Whether two reports from different articles can be one real event. A report that
    names no participant joins only where ``actorless_fit`` finds the day or the deed the
    same, so an actorless "someone agreed" never gathers a year's agreements around it."""
    rules = rules or merge_rules()
    if a.article_id == b.article_id or not types_fit(a.type, b.type, rules):
        return False
    if not when_fits(a, b, rules) or not places_fit(a, b):
        return False
    if (not a.parties or not b.parties) and not actorless_fit(a, b, rules):
        return False
    return parties_fit(a, b, rules)


def actorless_fit(a: EventMention, b: EventMention, rules: MergeRules | None = None) -> bool:
    """Where one report names no participant: both dated to the day, or neither dated at
    all (no date in the sentence nor an article date it may take) and telling it with the
    same predicate ("killed", "killed"): with no day to tell two deeds apart, the word is
    the least the reports must share beside the type and the place."""
    rules = rules or merge_rules()
    if _to_day(a, rules) and _to_day(b, rules):
        return True
    undated = reported_date(a, rules)[0] is None and reported_date(b, rules)[0] is None
    return undated and bool(predicate_of(a)) and predicate_of(a) == predicate_of(b)


def predicate_of(m: EventMention) -> str:
    """The report's predicate, read from its summary ("Kenya and Uganda meet (CONSULT) ->
    Tanzania", "someone walk out (SANCTION)"): the words between the actors and the type."""
    head = m.summary.partition(f" ({m.type})")[0]
    actors = " and ".join(m.names.get(g, "") for g in m.actors) if m.actors else "someone"
    if actors and head.startswith(actors + " "):
        return head[len(actors) + 1 :].casefold()
    return head.rpartition(" ")[2].casefold()


def _to_day(m: EventMention, rules: MergeRules) -> bool:
    found = day_of(reported_date(m, rules)[0])
    return found is not None and found[1] == 3


# --------------------------------------------------------------------------- grouping


def same_name(a: str, b: str) -> bool:
    """Whether two names can be one participant where resolution kept their entities
    apart (it compares within a family of types, and a tagger may call "Oscar" a person
    and "Oscars" an organisation): one spelling key (``resolve.entities.name_key``); two
    full personal names ``names.compare_people`` reads as one person; else keys within
    resolution's fuzzy threshold."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb or ka == kb:
        return bool(ka) and ka == kb
    pa, pb = person_name(a), person_name(b)
    if pa.given and pa.surname and pb.given and pb.surname:
        return compare_people(pa, pb) == SAME
    return fuzz.ratio(ka, kb) >= FUZZY_MIN


def one_id_per_name(mentions: Iterable[EventMention]) -> list[EventMention]:
    """The reports with every participant and place that ``same_name`` reads as another's
    under that one's id (the id most reports use, then the smallest), so two reports of one
    event are compared on what they name, not on how resolution filed it. Names are only
    compared within blocks sharing a word's first three letters."""
    reports = list(mentions)
    uses: Counter[str] = Counter(gid for m in reports for gid in _named(m))
    spelled: dict[str, Counter[str]] = {}
    for m in reports:
        for gid in _named(m) & m.names.keys():
            spelled.setdefault(gid, Counter())[m.names[gid]] += 1
    names = {g: min(c, key=lambda n: (-c[n], -len(n), n)) for g, c in spelled.items()}
    parent = {gid: gid for gid in uses}

    def root(gid: str) -> str:
        while parent[gid] != gid:
            gid = parent[gid]
        return gid

    blocks: dict[str, list[str]] = {}
    for gid in sorted(names):
        for word in sorted({w[:3] for w in name_key(names[gid]).split()}):
            for other in blocks.get(word, ()):
                ra, rb = root(gid), root(other)
                if ra != rb and same_name(names[gid], names[other]):
                    keep, drop = sorted((ra, rb), key=lambda g: (-uses[g], g))
                    parent[drop] = keep
            blocks.setdefault(word, []).append(gid)
    alias = {gid: root(gid) for gid in uses if root(gid) != gid}
    return [_renamed(m, alias) if alias.keys() & _named(m) else m for m in reports]


def _named(m: EventMention) -> set[str]:
    return {*m.actors, *m.targets, *m.mediators, *m.where, *m.places}


def _renamed(m: EventMention, alias: Mapping[str, str]) -> EventMention:
    def ids(gids: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(alias.get(g, g) for g in gids))

    names = {g: n for g, n in m.names.items() if g not in alias}
    for g, n in m.names.items():
        names.setdefault(alias.get(g, g), n)  # the article's own words for the kept id
    return replace(
        m,
        actors=ids(m.actors),
        targets=ids(m.targets),
        mediators=ids(m.mediators),
        place=alias.get(m.place, m.place) if m.place else None,
        places=frozenset(ids(m.places)),
        names=names,
    )


def group_mentions(
    mentions: Iterable[EventMention], rules: MergeRules | None = None
) -> list[list[EventMention]]:
    """Reports grouped into events, whatever order they come in: reports are taken in a
    canonical order (``_canonical``) and each joins the fitting group it shares most with
    (complete linkage). Participants are compared by name first (``one_id_per_name``):
    the grouped reports carry the ids they agree on."""
    rules = rules or merge_rules()
    groups: list[list[EventMention]] = []
    index: dict[tuple[str, str], set[int]] = {}  # (type class, entity) -> groups naming it
    for m in sorted(one_id_per_name(mentions), key=lambda m: _canonical(m, rules)):
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


def _canonical(m: EventMention, rules: MergeRules) -> tuple[int, int, str, int, str]:
    """The order reports are grouped in: the most precisely dated, then the most named,
    first, so a vague report (it fits many) joins an event a precise one began instead of
    beginning one that splits the precise reports; then by key."""
    found = day_of(reported_date(m, rules)[0])
    return (-(found[1] if found else 0), -len(m.parties), m.article_id, m.index, m.summary)


def _affinity(m: EventMention, group: Sequence[EventMention]) -> int:
    return sum(
        len(m.parties & x.parties) + (m.date is not None and m.date == x.date) + (m.type == x.type)
        for x in group
    )


def merge_events(
    mentions: Iterable[EventMention], rules: MergeRules | None = None
) -> list[MergedEvent]:
    """Every event the reports describe, each with all its sources, in date order."""
    merged = [merge_group(g, rules) for g in group_mentions(mentions, rules)]
    return sorted(
        merged,
        key=lambda e: (e.date is None, e.date or "", e.sources[0].article_id, e.summary, e.id),
    )


def event_id(members: Iterable[EventMention]) -> str:
    """A stable id from the reports' keys: the same reports always make the same id."""
    keys = "\n".join(sorted(m.key for m in members))
    return "M" + hashlib.sha1(keys.encode("utf-8")).hexdigest()[:12]


def merge_group(group: Sequence[EventMention], rules: MergeRules | None = None) -> MergedEvent:
    """One event from its reports: the best report's words, the commonest values; its date
    the commonest its sentences give, else the first publication date of a report telling
    it as news (marked as the article's), else none."""
    if not group:
        raise ValueError("an event needs at least one report")
    rules = rules or merge_rules()
    best = min(group, key=_rank)
    members = sorted(group, key=lambda m: (m.published or UNDATED, m.article_id, m.index))
    kind = _commonest([m.type for m in group], best.type)
    cameo = (
        best.cameo
        if best.type == kind
        else next((m.cameo for m in members if m.type == kind), None)
    )
    dates = [m.date for m in group if m.date]
    first_published = min(
        (d for m in group for d, src in [reported_date(m, rules)] if src == "article" and d),
        default=None,
    )
    date = _commonest(dates, best.date) if dates else first_published
    places = [m.place for m in group if m.place]
    return MergedEvent(
        id=event_id(group),
        type=kind,
        cameo=cameo,
        summary=best.summary,
        date=date,
        status=_commonest([m.status for m in group], best.status),
        actors=_parties(group, "actors"),
        targets=_parties(group, "targets"),
        mediators=_parties(group, "mediators"),
        place=_party(_commonest(places, best.place), group) if places else None,
        sources=[_source(m) for m in members],
        confidence=_corroborated(group),
        members=tuple(members),
        date_source="sentence" if dates else ("article" if date else None),
        precision=precision_of(date),
    )


def precision_of(value: str | None) -> str | None:
    """How much of a date is known: day, month or year."""
    found = day_of(value)
    return None if found is None else ("year", "month", "day")[found[1] - 1]


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
