"""Who a story is between: the dyads, mediators and kinds of event of one brief.

Two negotiations run by one envoy in one city on one day share people, places, days and
words; what tells them apart is *who sits at the table*. Each event's participants (its
actors and targets) become parties: a country stands for itself, a person or organisation
acting for a country (its CAMEO actor code names one) stands for that country, anyone else
for their own name; a place counts only as the country it lies in. Every pair of distinct
parties of one event is a dyad ("ISR|SYR"), weighed more when the event is in the headline
or the lead, and at most a lead's weight per article, so a storyline's weight bounds how
many of its articles carry the dyad. A statement (CAMEO root 01) makes no dyad: "X said of
Y" is not X and Y dealing with each other. A mediator (an event's ``mediators``, or the
actor of a "mediate" event, CAMEO 045) is never a party: "X mediates between A and B" is
A-B talks, not X-A talks.

Only parties that act politically are *named* (given a label): countries, anyone acting
for one or for a state or organised force (a sector code of ``data/story_parties.json``:
government, military, rebels...), and known organisations. The others (a doctor, an
athlete, a river the tagger took for an organisation) still group a storyline's articles,
as any shared pair of participants does, but never title it nor show as who it is between.

Pure: a brief in, a :class:`Parties` record out.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import combinations

from newsgraph.model import Brief, Entity, Event
from newsgraph.names import norm
from newsgraph.nlp.gazetteer import acronyms, country, country_names, is_org_name

LEAD_CHARS = 400  # an event starting this early in the body is one of the article's main ones
LEAD_WEIGHT = 2.0  # its dyads count this many times one from further down
MAX_PARTIES = 4  # parties of one event paired (a list of ten names is not ten dyads)
MEDIATE_CAMEO = "045"
SEPARATOR = "|"
MAIN_DYAD = LEAD_WEIGHT  # a dyad this heavy is firm: in an article's lead, or in two bodies


@dataclass(frozen=True)
class Parties:
    """One article's dyads ("a|b", parties sorted), mediators and the event types of its
    dyad events, weighted by salience; ``labels`` gives each party that acts politically
    its display name (the others have none)."""

    dyads: dict[str, float] = field(default_factory=dict)
    mediators: dict[str, float] = field(default_factory=dict)
    kinds: dict[str, float] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


def dyad_key(a: str, b: str) -> str:
    """The key of the unordered pair of two party keys."""
    return SEPARATOR.join(sorted((a, b)))


def dyad_parts(key: str) -> tuple[str, ...]:
    """The party keys of a dyad key."""
    return tuple(key.split(SEPARATOR))


def same_party(a: str, b: str) -> bool:
    """Whether two party keys name one party: equal, or two names ending in the same word
    ("hugh jackman", "jackman"); a country code matches only itself."""
    return a == b or party_signature(a) == party_signature(b)


@lru_cache(maxsize=1 << 16)
def party_signature(key: str) -> str:
    """What ``same_party`` compares: a country code itself, a name its last word (marked,
    so that no name's word equals a code)."""
    if key.isupper():
        return key
    words = key.split()
    return "~" + (words[-1] if words else key)


@lru_cache(maxsize=1 << 16)
def dyad_signature(key: str) -> tuple[str, ...]:
    """What ``same_dyad`` compares: the two parties' signatures in order, so that two
    dyads are the same exactly when their signatures are equal; a key that is not a pair
    stands only for itself."""
    parts = dyad_parts(key)
    if len(parts) != 2:
        return ("#", key)
    return tuple(sorted(party_signature(p) for p in parts))


def is_state_dyad(key: str) -> bool:
    """Whether both parties of a dyad are countries (keys in capitals): a firm reading."""
    return all(p.isupper() for p in dyad_parts(key))


def same_dyad(a: str, b: str) -> bool:
    """Whether two dyad keys pair the same two parties (``same_party``), either way round."""
    return a == b or dyad_signature(a) == dyad_signature(b)


@lru_cache(maxsize=1)
def political_sectors() -> frozenset[str]:
    """The CAMEO sector codes whose holders act politically (``data/story_parties.json``)."""
    path = resources.files("newsgraph.data").joinpath("story_parties.json")
    return frozenset(json.loads(path.read_text("utf-8"))["sectors"])


@dataclass(frozen=True)
class _Codes:
    """What the brief's actor codes say of its entities: the ISO country each acts for
    ("ISR GOV" -> ISR), and which act for a state or an organised force ("GOV", "REB")."""

    countries: dict[str, str]
    political: set[str]


def _codes(brief: Brief) -> _Codes:
    known, sectors = country_names(), political_sectors()
    countries: dict[str, str] = {}
    political: set[str] = set()
    for ev in brief.events:
        for eid, code in ev.actor_codes.items():
            parts = (code or "").split()
            if parts and parts[0] in known:
                countries.setdefault(eid, parts[0])
            if any(p in sectors for p in parts):
                political.add(eid)
    return _Codes(countries, political)


def _known_org(ent: Entity) -> bool:
    """An organisation of the actor dictionaries or the acronym table ("Hamas", "UN")."""
    if ent.type not in {"ORG", "GROUP"}:
        return False
    return is_org_name(ent.name) or ent.name in acronyms()


def _party(ent: Entity, codes: _Codes) -> tuple[str, str] | None:
    """(key, display name) of the party an entity stands for, None for a bare place; the
    name is "" for a party that does not act politically (see the module)."""
    hit = country(ent.name)  # "Azerbaijani" taken for a person is still Azerbaijan
    if hit is not None and len(ent.name.split()) == 1:
        return hit.iso3, country_names().get(hit.iso3, hit.name)
    country_code = ent.country or codes.countries.get(ent.id)
    stands_for_country = ent.type in {"COUNTRY", "PLACE"} or ent.id in codes.countries
    if country_code and country_code in country_names() and stands_for_country:
        return country_code, country_names()[country_code]
    if ent.type == "PLACE":
        return None
    key = norm(ent.name).replace("-", " ")
    political = ent.type in {"PERSON", "ORG", "GROUP"} and (
        ent.id in codes.political or _known_org(ent)
    )
    return (key, ent.name if political else "") if key else None


def _salience(ev: Event) -> float:
    lead = ev.evidence.field != "text" or ev.evidence.start < LEAD_CHARS
    return LEAD_WEIGHT if lead else 1.0


def parties_of(brief: Brief) -> Parties:
    """The dyads, mediators and dyad-event kinds of one analysed article."""
    codes = _codes(brief)
    keys = {e.id: p for e in brief.entities if (p := _party(e, codes)) is not None}
    mediating = {keys[m][0] for ev in brief.events for m in _mediators(ev) if m in keys}
    dyads: Counter[str] = Counter()
    mediators: Counter[str] = Counter()
    kinds: dict[str, float] = {}
    for ev in brief.events:
        weight = _salience(ev)
        mediators.update({keys[m][0]: weight for m in _mediators(ev) if m in keys})
        pairs = _pairs(ev, keys, mediating)
        dyads.update(dict.fromkeys(pairs, weight))
        if pairs:
            kinds[ev.type] = kinds.get(ev.type, 0.0) + weight
    capped = {d: min(w, LEAD_WEIGHT) for d, w in dyads.items()}
    used = {p for d in capped for p in dyad_parts(d)} | set(mediators)
    labels = {key: label for key, label in keys.values() if key in used and label}
    return Parties(capped, dict(mediators), dict(kinds), labels)


def _pairs(ev: Event, keys: dict[str, tuple[str, str]], mediating: set[str]) -> list[str]:
    """The dyads of one event: every pair of its distinct parties, mediators left out;
    none for a statement."""
    if ev.statement:
        return []
    own = set(_mediators(ev))
    sides = [keys[x][0] for x in (*ev.actors, *ev.targets) if x in keys and x not in own]
    parties = sorted(dict.fromkeys(k for k in sides if k not in mediating))[:MAX_PARTIES]
    return [dyad_key(a, b) for a, b in combinations(parties, 2)]


def _mediators(ev: Event) -> list[str]:
    """The event's mediators, and its actors where the event is itself a mediation."""
    if ev.cameo == MEDIATE_CAMEO:
        return [*ev.mediators, *(a for a in ev.actors if a not in ev.mediators)]
    return ev.mediators
