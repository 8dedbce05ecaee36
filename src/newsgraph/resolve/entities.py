"""Cross-article entity resolution: one global entity per real person, organisation or place.

Names are compared by a spelling key that folds transliteration variants ("Qadhafi",
"Gaddafi" and "Kadhafi" share one; so do "Zelensky" and "Zelenskyy"), then by rapidfuzz on
that key. A name alone is not enough where it is ambiguous: a bare surname, or a full name
whose first name differs, needs context (shared co-occurring entities, the same country, a
shared role word) before it joins an entity, so two people who share a surname stay apart.
Every link records its reason and score, and ``split`` undoes a merge.

Candidates come from blocks: global entities sharing a word of the name, or its first four
letters. A block keeps its entities in the order they were last linked, and a block that has
grown past ``BLOCK_CAP`` (a common first name, a common prefix) gives only its most recent
``BLOCK_CAP`` entities, beside the exact-key block, which is always read in full: the cost of
resolving a name stays bounded as the store grows, and below the cap nothing changes.

A global entity's id is a hash of what founded it (the article and its local entity id),
not a counter, so two processes resolving into one store never give one id to two
entities, and the same input always gives the same ids. ``to_state``/``from_state`` hold
the resolver as plain JSON-able data, to be reopened without resolving every article again.

Pure and in memory: articles' briefs in, links out; persistence is the store's job.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import Any

from rapidfuzz import fuzz

from newsgraph.model import Brief, Entity
from newsgraph.names import (
    DIFFERENT,
    GIVEN,
    SAME,
    SURNAME,
    PersonName,
    compare_people,
    name_gender,
    person_name,
    plain_name,
    skeleton,
)

FAMILY = {"PERSON": "person", "ORG": "org", "GROUP": "org", "COUNTRY": "place", "PLACE": "place"}
FUZZY_MIN = 90.0
CONTEXT_MIN = 0.15
GIVEN_NAME_CONTEXT = 0.5  # a bare first name joins only where the surroundings agree
BLOCK_CAP = 200  # entities read from one word or prefix block: the most recently linked
ID_HEX = 12  # hex digits of the founder hash in a global id
NAME_LIKE = re.compile(r"^[A-Z][^\d]{1,80}$")  # an alias that can be a name: no 'the minister'


@dataclass(frozen=True)
class _Folds:
    particles: frozenset[str]
    folds: tuple[tuple[re.Pattern[str], str], ...]


@lru_cache(maxsize=1)
def _folds() -> _Folds:
    raw = json.loads(
        resources.files("newsgraph.data").joinpath("transliteration.json").read_text("utf-8")
    )
    return _Folds(
        frozenset(raw["particles"]),
        tuple((re.compile(p), r) for p, r, _, _ in raw["folds"]),
    )


def fold_word(word: str) -> str:
    """One word's spelling key (transliteration folds applied in the data file's order)."""
    for pattern, repl in _folds().folds:
        word = pattern.sub(repl, word)
    return word


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Spelling key of a name: accents, case, particles, punctuation and variant spellings
    folded, so 'Al-Rashidi' and 'al Rashidy' give the same key. Dashes, apostrophes and
    spaces of every kind (no-break hyphen, typographic apostrophe) read as plain ones."""
    text = re.sub(r"^the\s+", "", plain_name(name))
    words = re.sub(r"[-.,]", " ", text).split()
    kept = [w for w in words if w not in _folds().particles] or words
    return " ".join(fold_word(w) for w in kept)


@dataclass
class Link:
    """An article entity resolved to a global entity, and why."""

    article_id: str
    entity_id: str
    global_id: str
    reason: str
    score: float
    name: str = ""  # the article entity's name, kept so a split can regroup by name


@dataclass
class GlobalEntity:
    """One resolved entity with what its articles say about it."""

    id: str
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)  # keys of co-occurring entities
    links: list[Link] = field(default_factory=list)
    _people: tuple[int, tuple[PersonName, ...], frozenset[str]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def family(self) -> str:
        return FAMILY.get(self.type, "other")

    def people(self) -> tuple[tuple[PersonName, ...], frozenset[str]]:
        """Every name this entity is known by, read as a person's name, and the skeletons of
        the single words among them that are not a surname (a nickname the text stated:
        'Bougie'); remembered until a new name joins."""
        if self._people is None or self._people[0] != len(self.aliases):
            forms = tuple(sorted({person_name(a) for a in {self.name, *self.aliases}}, key=str))
            surnames = {skeleton(f.surname) for f in forms if f.given}
            stated = frozenset(
                skeleton(f.surname)
                for f in forms
                if f.surname and not f.given and skeleton(f.surname) not in surnames
            )
            self._people = (len(self.aliases), forms, stated)
        return self._people[1], self._people[2]

    @property
    def full_names(self) -> set[str]:
        return {k for k in self.keys if " " in k}


@dataclass(frozen=True)
class Candidate:
    """A global entity an article entity could be, with the score and reason."""

    global_id: str
    score: float
    reason: str


def _role_words(ent: Entity) -> set[str]:
    return {w for r in ent.roles for w in r.title.casefold().split() if len(w) > 3}


def _context_score(ent: Entity, context: set[str], g: GlobalEntity) -> float:
    """How much the entity's surroundings agree with the global entity's."""
    shared = len(context & g.context) / max(1, min(len(context), len(g.context)))
    if ent.country and ent.country in g.countries:
        shared += 0.3
    if _role_words(ent) & g.roles:
        shared += 0.3
    return min(1.0, shared)


def stated_aliases(ent: Entity) -> list[str]:
    """Names an article gives a person besides forms of their own name ('Mahmoud Abbas,
    also known as Abu Mazen', 'MBS'): name-like aliases whose parts disagree with the
    name. Cross-article resolution files the entity under them too."""
    if FAMILY.get(ent.type) != "person":
        return []
    me = person_name(ent.name)
    return [
        a
        for a in ent.aliases
        if NAME_LIKE.match(a) and compare_people(person_name(a), me) == DIFFERENT
    ]


def person_block(name: str) -> str:
    """The block a person's name is filed under by sound: its surname's skeleton (a given
    name's, for 'King Salman'), so 'Şahin' finds 'Shahin'."""
    parts = person_name(name)
    word = parts.surname or (parts.given[0] if parts.given else "")
    return f"~{skeleton(word)}" if word else ""


def bare_given_name(name: str) -> bool:
    """'Chris' or 'Bill' alone: a first name without a surname names nobody in particular.
    Read from the name as written (the spelling key folds 'Bill' to 'bil')."""
    words = name.split()
    return len(words) == 1 and name_gender(words[0]) is not None


def person_match(name: str, g: GlobalEntity, given_name: bool = False) -> tuple[float, str, float]:
    """(score, reason, context needed) of a person's name against every name a person
    entity is known by (``names.compare_people``): one full name that agrees is enough;
    a full name whose given names clash with the entity's full names is someone else; a
    bare surname needs some shared context, a given name alone much more."""
    forms, stated = g.people()
    me = person_name(name)
    verdicts = {compare_people(me, f, stated) for f in forms}
    if SAME in verdicts:
        return 0.95, "same person, spelled differently", CONTEXT_MIN
    if me.given and me.surname and any(f.given and f.surname for f in forms):
        return 0.0, "", 0.0
    if SURNAME in verdicts:
        return 0.7, "same surname", GIVEN_NAME_CONTEXT if given_name else CONTEXT_MIN
    if GIVEN in verdicts:
        return 0.6, "same given name", GIVEN_NAME_CONTEXT
    return 0.0, "", 0.0


def name_match(
    key: str, family: str, g: GlobalEntity, given_name: bool = False, name: str = ""
) -> tuple[float, str, float]:
    """(score, reason, context needed) of a name against a global entity's keys: a bare
    surname needs some shared context, a bare first name (``given_name``) much more. A
    person's ``name`` as written is compared part by part (``person_match``)."""
    person = family == "person"
    if key in g.keys:
        if not person or " " in key:
            return 1.0, "same name", 0.0
        return 1.0, "same name", GIVEN_NAME_CONTEXT if given_name else CONTEXT_MIN
    if person:
        return person_match(name or key, g, given_name)
    best = max((fuzz.ratio(key, k) for k in g.keys), default=0.0)
    if best >= FUZZY_MIN:
        return best / 100, f"spelling variant ({best:.0f})", 0.0
    return 0.0, "", 0.0


class EntityResolver:
    """Global entities built one article at a time; ``links`` explain every assignment."""

    def __init__(self, prefix: str = "G") -> None:
        self.prefix = prefix
        self.entities: dict[str, GlobalEntity] = {}
        # word or 4-letter prefix -> entities, least recently linked first (an ordered set)
        self._by_word: dict[str, dict[str, None]] = {}
        self._by_key: dict[str, set[str]] = {}  # exact name key -> entities

    def candidates(self, ent: Entity, context: set[str]) -> list[Candidate]:
        """Every global entity this article entity could be, best first."""
        key, family = name_key(ent.name), FAMILY.get(ent.type, "other")
        given = family == "person" and bare_given_name(ent.name)
        stated = stated_aliases(ent)
        found: list[Candidate] = []
        for gid in sorted(self._nearby(key, [ent.name, *stated] if family == "person" else [])):
            g = self.entities[gid]
            if g.family != family:
                continue
            score, reason, needed = name_match(key, family, g, given, ent.name)
            for alias in stated if score < 0.95 else ():
                alt = name_match(name_key(alias), family, g, False, alias)
                if alt[0] >= 0.95 and alt[0] > score:
                    score, reason, needed = alt[0], f"stated alias {alias!r}", alt[2]
            if score == 0.0:
                continue
            ctx = _context_score(ent, context, g)
            if ctx < needed:
                continue
            found.append(
                Candidate(gid, round(score * 0.8 + ctx * 0.2, 4), f"{reason}; context {ctx:.2f}")
            )
        return sorted(found, key=lambda c: -c.score)

    def _nearby(self, key: str, people: list[str] | None = None) -> set[str]:
        """Entities in the key's blocks (big blocks: their most recent ``BLOCK_CAP``), and
        every entity already known by exactly this key; for a person's names (``people``:
        the name and its stated aliases), those filed under each name's key and sound."""
        found = {gid for gid in self._by_key.get(key, ()) if gid in self.entities}
        blocks = [b for word in key.split() for b in (word, word[:4])]
        for name in people or ():
            alias_key = name_key(name)
            found.update(self._by_key.get(alias_key, ()))
            blocks += [*alias_key.split(), person_block(name)]
        for block_key in blocks:
            block = self._by_word.get(block_key)
            if block:
                found.update(islice(reversed(block), BLOCK_CAP))
        return found & self.entities.keys()

    def add(self, article_id: str, brief: Brief) -> list[Link]:
        """Resolve every entity of one article; returns the new links."""
        keys = {e.id: name_key(e.name) for e in brief.entities}
        links: list[Link] = []
        for ent in sorted(brief.entities, key=lambda e: -len(e.name)):
            context = {k for i, k in keys.items() if i != ent.id}
            found = self.candidates(ent, context)
            if found:
                best = found[0]
                gid = best.global_id
                link = Link(article_id, ent.id, gid, best.reason, best.score, ent.name)
            else:
                gid = self._new(article_id, ent)
                link = Link(article_id, ent.id, gid, "new entity", 1.0, ent.name)
            self.attach(self.entities[gid], ent, context, link)
            links.append(link)
        return links

    def _new(self, article_id: str, ent: Entity) -> str:
        """A global entity founded by one article entity, its id derived from the founder
        (a repeat founder, which only a repeated article makes, gets a numbered suffix)."""
        digest = hashlib.sha256(f"{article_id}/{ent.id}".encode()).hexdigest()[:ID_HEX]
        gid, n = f"{self.prefix}{digest}", 1
        while gid in self.entities:
            n += 1
            gid = f"{self.prefix}{digest}-{n}"
        self.entities[gid] = GlobalEntity(gid, ent.name, ent.type)
        return gid

    def attach(self, g: GlobalEntity, ent: Entity, context: set[str], link: Link) -> None:
        """Record ``link`` of article entity ``ent`` to ``g``: its names, country, roles and
        co-occurring ``context`` join ``g``, which is filed under the name's key so later
        candidates find it. Public because the knowledge base re-links entities it loads."""
        key = name_key(ent.name)
        if len(ent.name) > len(g.name):
            g.name = ent.name
        g.aliases |= {ent.name, *ent.aliases}
        g.keys.add(key)
        g.countries |= {ent.country} if ent.country else set()
        g.roles |= _role_words(ent)
        g.context |= context
        g.links.append(link)
        self._post(g.id, key)
        if g.family == "person":
            self._post_block(g.id, person_block(ent.name))
            for alias in stated_aliases(ent):
                g.keys.add(name_key(alias))
                self._post(g.id, name_key(alias))
                self._post_block(g.id, person_block(alias))

    def _post(self, gid: str, key: str) -> None:
        """File an entity under its key, words and prefixes, as the most recent."""
        self._by_key.setdefault(key, set()).add(gid)
        for word in key.split():
            for block_key in (word, word[:4]):
                self._post_block(gid, block_key)

    def _post_block(self, gid: str, block_key: str) -> None:
        if block_key:
            block = self._by_word.setdefault(block_key, {})
            block.pop(gid, None)
            block[gid] = None

    def merge(self, keep: str, other: str, reason: str = "merged by hand") -> GlobalEntity:
        """Fold ``other`` into ``keep``; each moved link keeps its history in the reason."""
        a, b = self.entities[keep], self.entities.pop(other)
        for link in b.links:
            link.reason = f"{reason} (from {other}: {link.reason})"
            link.global_id = keep
        a.links += b.links
        a.aliases |= b.aliases
        a.keys |= b.keys
        a.countries |= b.countries
        a.roles |= b.roles
        a.context |= b.context
        for key in b.keys:
            self._post(keep, key)
        if a.family == "person":
            for name in sorted(b.aliases):
                self._post_block(keep, person_block(name))
        return a

    def split(self, gid: str) -> list[str]:
        """Undo the merges into ``gid``: one global entity per distinct name key again (the
        first keeps the id); each entity keeps the context it had, so it may re-merge only
        by hand."""
        g = self.entities.pop(gid)
        groups: dict[str, list[Link]] = {}
        for link in g.links:
            groups.setdefault(name_key(link.name or g.name), []).append(link)
        made: list[str] = []
        for n, (key, links) in enumerate(sorted(groups.items(), key=lambda kv: -len(kv[1]))):
            new_id = gid if n == 0 else f"{gid}.{n}"
            name = max((link.name for link in links), key=len) or g.name
            self.entities[new_id] = GlobalEntity(
                new_id,
                name,
                g.type,
                {link.name for link in links},
                {key},
                set(g.countries),
                set(g.roles),
                set(g.context),
                links,
            )
            for link in links:
                link.global_id, link.reason = new_id, f"split from {gid} ({link.reason})"
            made.append(new_id)
        return made

    def to_state(self) -> dict[str, Any]:
        """Every global entity (keys, names, context, links) and the block indexes in their
        recency order, as JSON-able data that ``from_state`` turns back into this resolver."""
        return {
            "entities": [_entity_state(g) for g in self.entities.values()],
            "blocks": {word: list(ids) for word, ids in self._by_word.items()},
            "keys": {key: sorted(ids) for key, ids in self._by_key.items()},
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any], prefix: str = "G") -> EntityResolver:
        """The resolver ``to_state`` described (KeyError/TypeError/ValueError if malformed)."""
        resolver = cls(prefix)
        for raw in state["entities"]:
            g = _entity_from(raw)
            resolver.entities[g.id] = g
        resolver._by_word = {word: dict.fromkeys(ids) for word, ids in state["blocks"].items()}
        resolver._by_key = {key: set(ids) for key, ids in state["keys"].items()}
        return resolver

    def link_of(self, article_id: str, entity_id: str) -> str | None:
        """The global entity an article entity resolved to."""
        for g in self.entities.values():
            for link in g.links:
                if link.article_id == article_id and link.entity_id == entity_id:
                    return g.id
        return None


def _entity_state(g: GlobalEntity) -> dict[str, Any]:
    return {
        "id": g.id,
        "name": g.name,
        "type": g.type,
        "aliases": sorted(g.aliases),
        "keys": sorted(g.keys),
        "countries": sorted(g.countries),
        "roles": sorted(g.roles),
        "context": sorted(g.context),
        "links": [[k.article_id, k.entity_id, k.reason, k.score, k.name] for k in g.links],
    }


def _entity_from(raw: Mapping[str, Any]) -> GlobalEntity:
    gid = raw["id"]
    links = [
        Link(str(a), str(e), gid, str(reason), float(score), str(name))
        for a, e, reason, score, name in raw["links"]
    ]
    return GlobalEntity(
        gid,
        raw["name"],
        raw["type"],
        set(raw["aliases"]),
        set(raw["keys"]),
        set(raw["countries"]),
        set(raw["roles"]),
        set(raw["context"]),
        links,
    )
