"""In-article coreference: group mention candidates into entities.

Names are matched the way a careful reader matches them: "Ruto" is the "William Ruto"
mentioned before; "al-Assad" is "Bashar al-Assad"; a caption that misspells a first
name ("Jonh Smith") is the body's "John Smith"; "US", "Washington" and "American" are the
United States; a one-word ORG that is a known person's surname is that person. Pronouns and
title-only mentions ("the prime minister") are resolved on demand by :class:`EntityIndex`.
"""

from __future__ import annotations

import re
from bisect import insort
from collections.abc import Iterable
from functools import lru_cache
from typing import cast

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span

from newsgraph.model import Entity, EntityType, Mention
from newsgraph.names import name_gender, norm
from newsgraph.nlp import gazetteer as gz
from newsgraph.nlp.entities import MentionCandidate

PARTICLE = re.compile(
    r"^(al|el|ad|as|an|ash|at|az|bin|ibn|van|von|de|da|del|di|du|le|la)[-\s]", re.I
)
MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
PRONOUNS = MALE | FEMALE


@lru_cache(maxsize=65536)
def surname_key(name: str) -> str:
    """'Bashar al-Assad' and 'Assad' share the key 'assad'."""
    last = norm(name).split()[-1] if name.strip() else ""
    return PARTICLE.sub("", last)


def same_person_name(full_a: str, full_b: str) -> bool:
    """Two full names of one person: same surname and a first name that is a variant."""
    if surname_key(full_a) != surname_key(full_b):
        return False
    first_a, first_b = norm(full_a).split()[0], norm(full_b).split()[0]
    if first_a == first_b or (first_a[:1] == first_b and len(first_b) == 1):
        return True
    return fuzz.ratio(first_a, first_b) >= 70


class _Cluster:
    def __init__(self, cand: MentionCandidate, number: int) -> None:
        self.number = number  # creation order: the lookups below return the same clusters
        self.type = cand.type  # as scanning every cluster in this order would
        self.country = cand.country
        self.cands = [cand]
        self.names = [cand.name] if cand.name else []
        self.surnames = {surname_key(cand.text)}
        self.full = dict.fromkeys([cand.text] if _is_full(cand.text) else [])

    def add(self, cand: MentionCandidate) -> None:
        self.cands.append(cand)
        if cand.name:
            self.names.append(cand.name)
        self.country = self.country or cand.country
        self.surnames.add(surname_key(cand.text))
        if _is_full(cand.text):
            self.full[cand.text] = None

    @property
    def full_names(self) -> list[str]:
        """The distinct full names ("Jane Doe", "al-Assad") among the mentions."""
        return list(self.full)


def _is_full(text: str) -> bool:
    return len(text.split()) > 1 or "-" in text


class _Clusters:
    """The clusters made so far, indexed by surname, key and country, so that each
    candidate costs a few lookups rather than a scan of every cluster (a long list of
    names made clustering quadratic)."""

    def __init__(self) -> None:
        self.all: list[_Cluster] = []
        self.by_surname: dict[str, dict[_Cluster, None]] = {}  # PERSON clusters only
        self.by_key: dict[tuple[str, str], _Cluster] = {}  # (cluster type, key): the first
        self.by_country: dict[str | None, list[_Cluster]] = {}  # COUNTRY clusters only

    def new(self, cand: MentionCandidate) -> None:
        cl = _Cluster(cand, len(self.all))
        self.all.append(cl)
        if cl.type == "COUNTRY":
            self.by_country.setdefault(cl.country, []).append(cl)
        self._index(cl, cand)

    def add(self, cl: _Cluster, cand: MentionCandidate) -> None:
        country = cl.country
        cl.add(cand)
        if cl.type == "COUNTRY" and cl.country != country:
            self.by_country[country].remove(cl)
            self.by_country.setdefault(cl.country, []).append(cl)
        self._index(cl, cand)

    def _index(self, cl: _Cluster, cand: MentionCandidate) -> None:
        if cl.type == "PERSON":
            self.by_surname.setdefault(surname_key(cand.text), {})[cl] = None
        first = self.by_key.setdefault((cl.type, cand.key), cl)
        if cl.number < first.number:
            self.by_key[(cl.type, cand.key)] = cl

    def person_for(self, cand: MentionCandidate) -> _Cluster | None:
        """The latest person cluster ``cand`` names: a full name that is a variant of one
        of its full names, or a single word that is one of its surnames."""
        holders = self.by_surname.get(surname_key(cand.text), {})
        multi = len(cand.text.split()) > 1
        for cl in sorted(holders, key=lambda c: c.number, reverse=True):
            if not multi or any(same_person_name(cand.text, n) for n in cl.full_names):
                return cl
        return None

    def keyed_for(self, cand: MentionCandidate) -> _Cluster | None:
        """The first cluster of ``cand``'s type holding its key, or of its country."""
        found = [self.by_key.get((cand.type, cand.key))]
        if cand.type == "COUNTRY":
            found += self.by_country.get(cand.country, [])
        hits = [cl for cl in found if cl is not None]
        return min(hits, key=lambda c: c.number) if hits else None


def _may_be_surname(cand: MentionCandidate) -> bool:
    """A short ORG, or a model-typed place no gazetteer knows ("Schiff" read as LOC), may
    be a person's surname repeated; a known country or place is not."""
    if len(cand.text.split()) > 2 or cand.type not in {"ORG", "PLACE"}:
        return False
    if cand.type == "ORG":
        return True
    return cand.source == "ner" and cand.country is None and gz.place(cand.text) is None


def _places_read_as_people(cands: list[MentionCandidate]) -> None:
    """One name, one type: where the gazetteer typed 'Valencia' a place ('in Valencia')
    and the model read it as a person elsewhere, it is the place, unless it is the surname
    of a person the article names in full."""
    places = {c.key for c in cands if c.type == "PLACE" and c.source == "gazetteer"}
    if not places:
        return
    surnames = {
        surname_key(c.text) for c in cands if c.type == "PERSON" and len(c.text.split()) > 1
    }
    for c in cands:
        if c.type == "PERSON" and c.key in places and surname_key(c.text) not in surnames:
            c.type = "PLACE"


def cluster(cands: Iterable[MentionCandidate]) -> list[_Cluster]:
    """Group candidates; full names first so that a later surname finds its person."""
    cands = list(cands)
    _places_read_as_people(cands)
    ordered = sorted(cands, key=lambda c: (c.type != "PERSON", -len(c.text.split()), c.start))
    clusters = _Clusters()
    for cand in ordered:
        if _may_be_surname(cand):
            person = clusters.person_for(cand)
            if person is not None:  # "Trump" typed ORG once, PERSON elsewhere
                cand.type = "PERSON"
                clusters.add(person, cand)
                continue
        found = clusters.person_for(cand) if cand.type == "PERSON" else clusters.keyed_for(cand)
        if found is None:
            clusters.new(cand)
        else:
            clusters.add(found, cand)
    return clusters.all


def _canonical(cl: _Cluster) -> str:
    if cl.type == "COUNTRY" and cl.country:
        return gz.country_names().get(cl.country, cl.cands[0].text)
    if cl.names:
        return max(cl.names, key=len)
    return max((c.text for c in cl.cands), key=lambda t: (len(t.split()), len(t)))


def _mention_start(mention: Mention) -> int:
    return mention.start


class EntityIndex:
    """The article's entities with a token -> entity map, for the stages that follow."""

    def __init__(self, doc: Doc, clusters: list[_Cluster]) -> None:
        self.doc = doc
        self.entities: list[Entity] = []
        self._by_id: dict[str, Entity] = {}  # the same entities, for lookups in token loops
        self.by_token: dict[int, str] = {}
        ordered = sorted(clusters, key=lambda cl: min(c.start for c in cl.cands))
        for n, cl in enumerate(ordered, 1):
            ent = self._entity(f"e{n}", cl)
            self._append(ent)
            for cand in cl.cands:
                for i in range(cand.start, cand.end):
                    self.by_token[i] = ent.id

    def _entity(self, eid: str, cl: _Cluster) -> Entity:
        name = _canonical(cl)
        cands = sorted(cl.cands, key=lambda c: c.start)
        mentions = [
            Mention(
                self.doc[c.start].idx, self.doc[c.end - 1].idx + len(self.doc[c.end - 1]), c.text
            )
            for c in cands
        ]
        aliases = list(dict.fromkeys(c.text for c in cands if c.text != name))
        conf = max(c.confidence for c in cands)
        return Entity(
            id=eid,
            name=name,
            type=cast(EntityType, cl.type),
            aliases=aliases,
            country=cl.country,
            mentions=mentions,
            confidence=conf,
        )

    def _append(self, ent: Entity) -> None:
        self.entities.append(ent)
        self._by_id[ent.id] = ent

    def get(self, eid: str | None) -> Entity | None:
        return self._by_id.get(eid) if eid is not None else None

    def entity_at(self, token_i: int) -> str | None:
        return self.by_token.get(token_i)

    def add_entity(self, name: str, etype: str, country: str | None = None) -> Entity:
        ent = Entity(
            id=f"e{len(self.entities) + 1}",
            name=name,
            type=cast(EntityType, etype),
            country=country,
            confidence=0.7,
        )
        self._append(ent)
        return ent

    def add_mention(self, eid: str, span: Span, alias: bool = True) -> None:
        ent = self.get(eid)
        if ent is None:
            return
        insort(
            ent.mentions, Mention(span.start_char, span.end_char, span.text), key=_mention_start
        )  # in place: re-sorting on each add made repeats quadratic
        if alias and span.text != ent.name and span.text not in ent.aliases:
            ent.aliases.append(span.text)
        for i in range(span.start, span.end):
            self.by_token.setdefault(i, eid)

    def move_mention(self, mention: Mention, source: str, target: str) -> None:
        """Give one mention to another entity (a surname that names someone else here)."""
        old, new = self.get(source), self.get(target)
        if old is None or new is None or mention not in old.mentions:
            return
        old.mentions.remove(mention)
        if mention.text in old.aliases and all(m.text != mention.text for m in old.mentions):
            old.aliases.remove(mention.text)
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                self.by_token[i] = target
        new.mentions.append(mention)
        new.mentions.sort(key=lambda m: m.start)
        if mention.text != new.name and mention.text not in new.aliases:
            new.aliases.append(mention.text)

    def resolve(self, span: Span) -> str | None:
        """The entity a speaker/source phrase refers to: a name, a pronoun or a title."""
        root = span.root
        hit = self.entity_at(root.i)
        if hit is not None:
            return hit
        for child in root.children:  # "the party's spokeswoman, Jane Doe"
            if child.dep_ == "appos" and self.entity_at(child.i) is not None:
                return self.entity_at(child.i)
        if root.lower_ in PRONOUNS and len(span) == 1:
            return self._antecedent(root.i)
        return self.entity_by_title(span)

    def gender(self, eid: str) -> str | None:
        """'f', 'm' or None, from honorifics, gendered role nouns and the given name."""
        ent = self.get(eid)
        if ent is None or ent.type != "PERSON":
            return None
        for m in ent.mentions:
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            before = (
                [self.doc[i].text for i in range(max(0, span.start - 2), span.start)]
                if span
                else []
            )
            for word in reversed(before):
                found = gz.honorific_gender(word)
                if found:
                    return found
        for role in ent.roles:
            for word in role.title.split():
                found = gz.noun_gender(word)
                if found:
                    return found
        return name_gender(ent.name)

    def _antecedent(self, token_i: int) -> str | None:
        """Nearest preceding person of agreeing gender, preferring an earlier subject."""
        sent_start = self.doc[token_i].sent.start
        want = "m" if self.doc[token_i].lower_ in MALE else "f"
        fallback = None
        for i in range(token_i - 1, max(-1, sent_start - 120), -1):
            eid = self.by_token.get(i)
            ent = self.get(eid)
            if ent is None or ent.type != "PERSON" or self.gender(ent.id) not in {None, want}:
                continue
            if self.doc[i].dep_ in {"nsubj", "nsubjpass"}:
                return eid
            fallback = fallback or eid
        return fallback

    def entity_by_title(self, span: Span) -> str | None:
        """'the prime minister' -> the one entity holding a role with that title."""
        words = [t for t in span if not t.is_punct]
        while words and words[0].lower_ in {"the", "a", "an"}:
            words = words[1:]
        if not words or not any(gz.in_lexicon("title_heads", t.text) for t in words):
            return None
        title = " ".join(t.lower_ for t in words)
        holders = [
            e.id
            for e in self.entities
            if e.type == "PERSON" and any(norm(r.title) == title for r in e.roles)
        ]
        return holders[0] if len(holders) == 1 else None
