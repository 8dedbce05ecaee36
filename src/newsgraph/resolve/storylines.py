"""Storylines: articles about one developing story, grouped incrementally.

An article joins the storyline whose centroid is most similar to it, or starts a new one when
none is similar enough, so adding an article never recomputes the store. Similarity blends
four views of a brief: its words (TF-IDF over crude stems), its named entities (TF-IDF over
normalised names: who and where tell two earthquakes apart), its event types, and time (the
years its dates name, and its publication date). Two stories of one kind share words and event
types but rarely people, places and years, so the entity and time views carry the split.

Everything here is pure: feature records in, assignments out, no I/O.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.model import Brief
from newsgraph.nlp.gazetteer import norm

WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d{4}")
YEAR = re.compile(r"^(\d{4})")
SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "s")
ENTITY_WEIGHT = {"PERSON": 2.0, "ORG": 1.5, "PLACE": 1.5, "GROUP": 1.0, "COUNTRY": 0.5}


@dataclass(frozen=True)
class Weights:
    """How the views blend, and when an article is close enough to join a storyline."""

    words: float = 0.5
    entities: float = 0.45
    events: float = 0.05
    threshold: float = 0.2
    merge: float = 0.6  # centroids this close become one storyline
    year_clash: float = 0.5  # factor when both name years and share none
    max_days: int = 60  # publication dates further apart than this ...
    far_in_time: float = 0.5  # ... multiply similarity by this
    move_margin: float = 0.0  # refine() moves an article only when another fits better by this


@dataclass(frozen=True)
class StoryFeatures:
    """What storyline grouping reads from one brief."""

    article_id: str
    title: str
    words: Mapping[str, float]
    entities: Mapping[str, float]
    events: Mapping[str, float]
    years: frozenset[int] = frozenset()
    published: date | None = None


def stem(word: str) -> str:
    """A crude English stem: enough to join 'arrests'/'arrested'/'arrest' for TF-IDF."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def word_counts(text: str) -> Counter[str]:
    """Content-word stems of a text (stop words dropped)."""
    return Counter(
        stem(w) for w in WORD.findall(text) if len(w) > 2 and w.lower() not in STOP_WORDS
    )


def entity_key(name: str) -> str:
    """Name key across articles: casefolded, particles' hyphens made spaces."""
    return norm(name).replace("-", " ")


def _published(brief: Brief) -> date | None:
    try:
        return date.fromisoformat((brief.document.published or "")[:10])
    except ValueError:
        return None


def _years(brief: Brief) -> frozenset[int]:
    found = {int(m.group(1)) for t in brief.times if t.value and (m := YEAR.match(t.value))}
    return frozenset(y for y in found if 1900 <= y <= 2100)


def features_from_brief(brief: Brief, article_id: str) -> StoryFeatures:
    """The feature record of one analysed article."""
    doc = brief.document
    entities: dict[str, float] = {}
    for ent in brief.entities:
        weight = ENTITY_WEIGHT.get(ent.type, 0.5)
        key = entity_key(ent.name)
        entities[key] = entities.get(key, 0.0) + weight * max(1, len(ent.mentions))
    return StoryFeatures(
        article_id=article_id,
        title=doc.title or doc.text.strip().split("\n", 1)[0][:120],
        words=word_counts(f"{doc.title}\n{doc.title}\n{doc.text}"),
        entities=entities,
        events=Counter(e.type for e in brief.events),
        years=_years(brief),
        published=_published(brief),
    )


def _sublinear(counts: Mapping[str, float]) -> dict[str, float]:
    return {k: 1.0 + math.log(v) for k, v in counts.items() if v >= 1} | {
        k: v for k, v in counts.items() if 0 < v < 1
    }


def _cosine(a: Mapping[str, float], b: Mapping[str, float], idf: Mapping[str, float] | None,
            default_idf: float = 1.0) -> float:
    """Cosine of two term vectors, each term weighted by its idf (squared: both sides)."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a

    def w(k: str) -> float:
        return idf.get(k, default_idf) if idf is not None else 1.0

    dot = sum(v * b[k] * w(k) ** 2 for k, v in a.items() if k in b)
    if dot == 0.0:
        return 0.0
    na = math.sqrt(sum((v * w(k)) ** 2 for k, v in a.items()))
    nb = math.sqrt(sum((v * w(k)) ** 2 for k, v in b.items()))
    return dot / (na * nb)


@dataclass
class _Frequencies:
    """Document frequencies, kept up to date as articles arrive."""

    docs: int = 0
    df: Counter[str] = field(default_factory=Counter)

    def add(self, terms: Iterable[str]) -> None:
        self.docs += 1
        self.df.update(set(terms))

    def idf(self, term: str) -> float:
        return math.log((1 + self.docs) / (1 + self.df.get(term, 0))) + 1.0

    def table(self, terms: Iterable[str]) -> dict[str, float]:
        return {t: self.idf(t) for t in terms}


@dataclass
class Storyline:
    """A group of articles and the running sums it is compared by."""

    id: str
    articles: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    words: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    events: Counter[str] = field(default_factory=Counter)
    years: Counter[int] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None

    @property
    def title(self) -> str:
        return self.titles[0] if self.titles else ""

    def fold(self, other: Storyline) -> None:
        """Take in every article of another storyline."""
        self.articles += other.articles
        self.titles += other.titles
        for target, source in ((self.words, other.words), (self.entities, other.entities)):
            for k, v in source.items():
                target[k] = target.get(k, 0.0) + v
        self.events.update(other.events)
        self.years.update(other.years)
        days = [d for d in (self.first, self.last, other.first, other.last) if d is not None]
        self.first, self.last = (min(days), max(days)) if days else (None, None)

    def release(self, f: StoryFeatures, words: Mapping[str, float],
                entities: Mapping[str, float]) -> None:
        """Take one article's vectors out again (the inverse of ``absorb``; the date range
        is kept, as it only widens the time window a little)."""
        self.articles.remove(f.article_id)
        self.titles.remove(f.title)
        for target, vec in ((self.words, words), (self.entities, entities)):
            for k, v in vec.items():
                left = target.get(k, 0.0) - v
                if left > 1e-9:
                    target[k] = left
                else:
                    target.pop(k, None)
        self.events.subtract(f.events)
        self.years.subtract(f.years)
        self.events += Counter()  # drop zero and negative counts
        self.years += Counter()

    def absorb(self, f: StoryFeatures, words: Mapping[str, float],
               entities: Mapping[str, float]) -> None:
        """Add one article's normalised vectors (so every member weighs the same)."""
        self.articles.append(f.article_id)
        self.titles.append(f.title)
        for target, vec in ((self.words, words), (self.entities, entities)):
            for k, v in vec.items():
                target[k] = target.get(k, 0.0) + v
        self.events.update(f.events)
        self.years.update(f.years)
        if f.published is not None:
            self.first = min(self.first or f.published, f.published)
            self.last = max(self.last or f.published, f.published)


@dataclass(frozen=True)
class Assignment:
    """Where one article went and why: the storyline, its score, whether it is new."""

    article_id: str
    storyline: str
    score: float
    new: bool
    merged: tuple[str, ...] = ()  # storylines folded into ``storyline`` by this article


def _unit(vec: Mapping[str, float], idf: _Frequencies) -> dict[str, float]:
    """Sublinear TF-IDF, L2-normalised."""
    tfidf = {k: v * idf.idf(k) for k, v in _sublinear(vec).items()}
    size = math.sqrt(sum(v * v for v in tfidf.values())) or 1.0
    return {k: v / size for k, v in tfidf.items()}


def time_factor(f: StoryFeatures, s: Storyline, weights: Weights) -> float:
    """Below 1 when the article's time plainly differs from the storyline's."""
    factor = 1.0
    if f.years and s.years and not f.years & set(s.years):
        factor *= weights.year_clash
    if f.published is not None and s.first is not None and s.last is not None:
        gap = max((s.first - f.published).days, (f.published - s.last).days, 0)
        if gap > weights.max_days:
            factor *= weights.far_in_time
    return factor


class StorylineIndex:
    """Incremental storyline grouping: ``add`` one article's features at a time."""

    def __init__(self, weights: Weights | None = None, prefix: str = "S") -> None:
        self.weights = weights or Weights()
        self.prefix = prefix
        self.storylines: dict[str, Storyline] = {}
        self._words = _Frequencies()
        self._entities = _Frequencies()
        self._events = _Frequencies()
        self._by_term: dict[str, set[str]] = {}
        self._members: dict[str, tuple[StoryFeatures, dict[str, float], dict[str, float]]] = {}
        self._made = 0

    def similarity(self, f: StoryFeatures, s: Storyline,
                   words: Mapping[str, float], entities: Mapping[str, float]) -> float:
        """Blended similarity of an article (unit vectors given) to a storyline's centroid."""
        w = self.weights
        score = (
            w.words * _cosine(words, s.words, None)
            + w.entities * _cosine(entities, s.entities, None)
            + w.events * _cosine(f.events, s.events, self._events.table(f.events))
        )
        return score * time_factor(f, s, w)

    def _candidates(self, words: Mapping[str, float], entities: Mapping[str, float]) -> set[str]:
        top = sorted(words, key=lambda k: -words[k])[:25] + list(entities)
        found: set[str] = set()
        for term in top:
            found |= self._by_term.get(term, set())
        return found & self.storylines.keys()  # refine() may have emptied and dropped some

    def add(self, f: StoryFeatures) -> Assignment:
        """Put one article in the nearest storyline, or a new one."""
        self._words.add(f.words)
        self._entities.add(f.entities)
        self._events.add(f.events)
        words, entities = _unit(f.words, self._words), _unit(f.entities, self._entities)
        best, best_score = None, 0.0
        for sid in sorted(self._candidates(words, entities)):
            score = self.similarity(f, self.storylines[sid], words, entities)
            if score > best_score:
                best, best_score = sid, score
        new = best is None or best_score < self.weights.threshold
        if new:
            self._made += 1  # a counter, not len(): merged-away ids must never be reused
            best = f"{self.prefix}{self._made}"
            self.storylines[best] = Storyline(best)
        assert best is not None
        self.storylines[best].absorb(f, words, entities)
        self._members[f.article_id] = (f, words, entities)
        self._index(best, words, entities)
        merged = self._merge_into(best, words, entities)
        return Assignment(f.article_id, best, round(best_score, 4), new, merged)

    def refine(self, article_ids: Iterable[str] | None = None, rounds: int = 2) -> int:
        """Re-check articles against the storylines as they stand now and move each to a
        clearly better one: undoes what an unlucky arrival order decided early. Cost grows
        with the articles re-checked (the recent ones, say), not with the store. Returns how
        many moved."""
        moved = 0
        ids = list(article_ids) if article_ids is not None else list(self._members)
        for _ in range(rounds):
            changed = 0
            home = self.groups()
            for aid in ids:
                if aid in home and self._move_if_better(aid, home[aid]):
                    changed += 1
                    home = self.groups()
            moved += changed
            if not changed:
                break
        return moved

    def _move_if_better(self, aid: str, sid: str) -> bool:
        f, words, entities = self._members[aid]
        current = self.storylines[sid]
        current.release(f, words, entities)
        # Alone in its storyline, an article moves only where it could have joined at first.
        stay = (self.similarity(f, current, words, entities) if current.articles
                else self.weights.threshold)
        best, best_score = sid, stay
        for other in sorted(self._candidates(words, entities) - {sid}):
            if other in self.storylines:
                score = self.similarity(f, self.storylines[other], words, entities)
                if score > best_score + self.weights.move_margin:
                    best, best_score = other, score
        self.storylines[best].absorb(f, words, entities)
        if not current.articles:
            del self.storylines[sid]
        if best != sid:
            self._index(best, words, entities)
        return best != sid

    def _centroid_similarity(self, a: Storyline, b: Storyline) -> float:
        w = self.weights
        score = (
            w.words * _cosine(a.words, b.words, None)
            + w.entities * _cosine(a.entities, b.entities, None)
            + w.events * _cosine(a.events, b.events, None)
        )
        clash = a.years and b.years and not set(a.years) & set(b.years)
        return score * (w.year_clash if clash else 1.0)

    def _merge_into(self, sid: str, words: Mapping[str, float],
                    entities: Mapping[str, float]) -> tuple[str, ...]:
        """Two storylines an article bridges become one when their centroids are close:
        this undoes the splits an unlucky arrival order makes early on."""
        target = self.storylines[sid]
        merged: list[str] = []
        for other in sorted(self._candidates(words, entities) - {sid}):
            source = self.storylines[other]
            if self._centroid_similarity(target, source) < self.weights.merge:
                continue
            target.fold(source)
            del self.storylines[other]
            for members in self._by_term.values():
                if other in members:
                    members.discard(other)
                    members.add(sid)
            merged.append(other)
        return tuple(merged)

    def _index(self, sid: str, words: Mapping[str, float], entities: Mapping[str, float]) -> None:
        top = sorted(words, key=lambda k: -words[k])[:25] + list(entities)
        for term in top:
            self._by_term.setdefault(term, set()).add(sid)

    def groups(self) -> dict[str, str]:
        """article id -> storyline id."""
        return {a: s.id for s in self.storylines.values() for a in s.articles}


def group(features: Iterable[StoryFeatures], weights: Weights | None = None) -> dict[str, str]:
    """Group many articles in the order given (the incremental rule, run from empty)."""
    index = StorylineIndex(weights)
    for f in features:
        index.add(f)
    index.refine()
    return index.groups()
