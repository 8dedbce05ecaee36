"""Term vectors and storyline centroids: the arithmetic storyline grouping compares with.

An article becomes sublinear TF-IDF unit vectors (words and entities) under document
frequencies kept up to date as articles arrive; a :class:`Storyline` keeps the running sums
of its members' vectors (its centroid), with the centroid norms updated as articles come and
go rather than recomputed. Pure, no I/O; :mod:`newsgraph.resolve.storylines` decides where
each article goes.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsgraph.resolve.story_features import StoryFeatures
from newsgraph.resolve.story_titles import About, about, storyline_title

NORM_REFRESH = 256  # incremental centroid-norm updates before a full recomputation
LEFT_OVER = 1e-9  # a centroid term released down to this or less is rounding: dropped


def squared_norm_after(
    squared: float, centroid: Mapping[str, float], vec: Mapping[str, float], sign: float
) -> float:
    """|c ± v|² = |c|² ± 2 c·v + |v|²: the squared norm of centroid ``c`` (``squared``
    now) once it takes in (sign 1) or gives back (sign -1) the vector ``v``."""
    dot = sum([v * centroid.get(k, 0.0) for k, v in vec.items()])  # lists: a third faster
    return squared + (sign * 2 * dot + sum([v * v for v in vec.values()]))


def _sublinear(counts: Mapping[str, float]) -> dict[str, float]:
    """1 + log(count) for counts of at least one (a term said ten times is not ten times as
    telling); fractional weights kept as they are."""
    return {k: 1.0 + math.log(v) for k, v in counts.items() if v >= 1} | {
        k: v for k, v in counts.items() if 0 < v < 1
    }


def cosine(
    a: Mapping[str, float],
    b: Mapping[str, float],
    idf: Mapping[str, float] | None,
    default_idf: float = 1.0,
) -> float:
    """Cosine of two term vectors, each term weighted by its idf (squared: both sides)."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    if idf is None:  # unweighted: the same sums without a weight per term
        dot = sum([v * b[k] for k, v in a.items() if k in b])
        if dot == 0.0:
            return 0.0
        na = math.sqrt(sum([v**2 for v in a.values()]))
        nb = math.sqrt(sum([v**2 for v in b.values()]))
        return dot / (na * nb)
    get = idf.get
    dot = sum([v * b[k] * get(k, default_idf) ** 2 for k, v in a.items() if k in b])
    if dot == 0.0:
        return 0.0
    na = math.sqrt(sum([(v * get(k, default_idf)) ** 2 for k, v in a.items()]))
    nb = math.sqrt(sum([(v * get(k, default_idf)) ** 2 for k, v in b.items()]))
    return dot / (na * nb)


def l2_norm(vec: Mapping[str, float]) -> float:
    """The Euclidean length of a sparse vector."""
    return math.sqrt(sum(v**2 for v in vec.values()))


@dataclass
class DocumentFrequencies:
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


@dataclass(frozen=True)
class ArticleVectors:
    """An article as the index compares it: features, unit vectors and their norms."""

    f: StoryFeatures
    words: dict[str, float]
    entities: dict[str, float]
    norms: tuple[float, float]

    @classmethod
    def of(
        cls, f: StoryFeatures, words: dict[str, float], entities: dict[str, float]
    ) -> ArticleVectors:
        return cls(f, words, entities, (l2_norm(words), l2_norm(entities)))


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
    dyads: Counter[str] = field(default_factory=Counter)  # who it is between, over its articles
    mediators: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)  # event types of its dyad events
    labels: dict[str, str] = field(default_factory=dict)  # party key -> display name
    # squared L2 norms of the centroids, kept up to date as articles come and go
    _sq: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    _updates: int = field(default=0, repr=False, compare=False)
    # bumped by every change to the sums, so what was computed from them can be kept
    version: int = field(default=0, repr=False, compare=False)

    @property
    def title(self) -> str:
        """What the storyline is about: its central dyad, mediator and kind of event
        ("Israel–Syria talks, US-mediated"), else its most representative headline."""
        return storyline_title(self.about(), self.titles, self.words)

    def about(self) -> About:
        """Its central dyad, main mediators and kind, from the counts over its articles."""
        return about(self.dyads, self.mediators, self.kinds, self.labels, self.events)

    def norm(self, view: str) -> float:
        """L2 norm of the ``words`` or ``entities`` centroid. Computed in full once, then
        updated as each article is absorbed or released (a big storyline's centroid holds
        thousands of terms, an article a few hundred), and recomputed in full every
        ``NORM_REFRESH`` updates so rounding never drifts far."""
        return math.sqrt(max(self.squared_norm(view), 0.0))

    def squared_norm(self, view: str) -> float:
        """The squared L2 norm ``norm`` is the root of (kept, not recomputed)."""
        if view not in self._sq:
            self._sq[view] = l2_norm(self.words if view == "words" else self.entities) ** 2
        return self._sq[view]

    def _update_norms(
        self, words: Mapping[str, float], entities: Mapping[str, float], sign: float
    ) -> None:
        """|c ± v|² = |c|² ± 2 c·v + |v|², before the centroid ``c`` takes in (sign 1)
        or gives back (sign -1) the article vector ``v``."""
        self._updates += 1
        if self._updates >= NORM_REFRESH:
            self._sq.clear()
            self._updates = 0
            return
        for view, centroid, vec in (
            ("words", self.words, words),
            ("entities", self.entities, entities),
        ):
            if view in self._sq:
                self._sq[view] = squared_norm_after(self._sq[view], centroid, vec, sign)

    def fold(self, other: Storyline) -> None:
        """Take in every article of another storyline."""
        self.version += 1
        self._sq.clear()
        self.articles += other.articles
        self.titles += other.titles
        for target, source in ((self.words, other.words), (self.entities, other.entities)):
            for k, v in source.items():
                target[k] = target.get(k, 0.0) + v
        self.events.update(other.events)
        self.years.update(other.years)
        for mine, theirs in (
            (self.dyads, other.dyads),
            (self.mediators, other.mediators),
            (self.kinds, other.kinds),
        ):
            mine.update(theirs)
        self.labels.update({k: v for k, v in other.labels.items() if k not in self.labels})
        days = [d for d in (self.first, self.last, other.first, other.last) if d is not None]
        self.first, self.last = (min(days), max(days)) if days else (None, None)

    def release(
        self, f: StoryFeatures, words: Mapping[str, float], entities: Mapping[str, float]
    ) -> None:
        """Take one article's vectors out again (the inverse of ``absorb``; the date range
        is kept, as it only widens the time window a little)."""
        self.version += 1
        self._update_norms(words, entities, -1.0)
        place = self.articles.index(f.article_id)
        del self.articles[place]
        del self.titles[place]
        for target, vec in ((self.words, words), (self.entities, entities)):
            for k, v in vec.items():
                left = target.get(k, 0.0) - v
                if left > LEFT_OVER:
                    target[k] = left
                else:
                    target.pop(k, None)
        for counts, gone in self._counted(f):
            counts.subtract(gone)
            counts += Counter()  # drop zero and negative counts

    def _counted(self, f: StoryFeatures) -> list[tuple[Counter[Any], Mapping[Any, float]]]:
        """The storyline's counters beside what one article adds to each."""
        return [
            (self.events, f.events),
            (self.years, Counter(f.years)),
            (self.dyads, f.dyads),
            (self.mediators, f.mediators),
            (self.kinds, f.kinds),
        ]

    def absorb(
        self, f: StoryFeatures, words: Mapping[str, float], entities: Mapping[str, float]
    ) -> None:
        """Add one article's normalised vectors (so every member weighs the same), last."""
        self.version += 1
        self._update_norms(words, entities, 1.0)
        self.articles.append(f.article_id)
        self.titles.append(f.title)
        for target, vec in ((self.words, words), (self.entities, entities)):
            for k, v in vec.items():
                target[k] = target.get(k, 0.0) + v
        for counts, added in self._counted(f):
            counts.update(added)
        self.labels.update({k: v for k, v in f.labels.items() if k not in self.labels})
        if f.published is not None:
            self.first = min(self.first or f.published, f.published)
            self.last = max(self.last or f.published, f.published)


def unit_vector(vec: Mapping[str, float], idf: DocumentFrequencies) -> dict[str, float]:
    """Sublinear TF-IDF, L2-normalised."""
    tfidf = {k: v * idf.idf(k) for k, v in _sublinear(vec).items()}
    size = math.sqrt(sum(v * v for v in tfidf.values())) or 1.0
    return {k: v / size for k, v in tfidf.items()}


def cosine_to_centroid(a: Mapping[str, float], norm_a: float, s: Storyline, view: str) -> float:
    """``cosine(a, centroid, None)`` with both norms known (the centroid's cached)."""
    b: Mapping[str, float] = s.words if view == "words" else s.entities
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum([v * large[k] for k, v in small.items() if k in large])  # a list: faster
    if dot == 0.0:
        return 0.0
    return dot / (norm_a * s.norm(view))


def cosine_to_centroid_without(
    a: Mapping[str, float], norm_a: float, s: Storyline, view: str
) -> float:
    """``cosine_to_centroid`` of a member's vector ``a`` to its storyline's centroid with
    ``a`` taken out, as after ``Storyline.release`` (terms left at ``LEFT_OVER`` or less
    dropped, the norm updated as ``release`` updates it), without changing the storyline: a member
    re-checked where it is (``StorylineIndex.refine``) mostly stays, and emptying and
    refilling the sums for that cost more than the scoring itself."""
    b: Mapping[str, float] = s.words if view == "words" else s.entities
    if not a or not b:
        return 0.0
    dot = 0.0
    for k, v in a.items():
        left = b.get(k, 0.0) - v
        if left > LEFT_OVER:
            dot += v * left
    if dot == 0.0:
        return 0.0
    squared = squared_norm_after(s.squared_norm(view), b, a, -1.0)
    return dot / (norm_a * math.sqrt(squared)) if squared > 0.0 else 0.0


def counts_without(counts: Mapping[Any, float], gone: Mapping[Any, float]) -> dict[Any, float]:
    """``counts`` less ``gone``, positive counts only (what ``Storyline.release`` leaves)."""
    left = {k: v - gone.get(k, 0) for k, v in counts.items()}
    return {k: v for k, v in left.items() if v > 0}


def centroid_cosine(a: Storyline, b: Storyline, view: str) -> float:
    """``cosine`` of two centroids (no idf), both norms from the cache."""
    return cosine_to_centroid(a.words if view == "words" else a.entities, a.norm(view), b, view)
