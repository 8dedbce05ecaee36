"""Storylines: articles about one developing story, grouped incrementally.

An article joins the storyline whose centroid is most similar to it, or starts a new one when
none is similar enough, so adding an article never recomputes the store. Similarity blends
four views of a brief: its words (TF-IDF over crude stems), its named entities (TF-IDF over
normalised names: who and where tell two earthquakes apart), its event types, and time (the
years its dates name, and its publication date). Two stories of one kind share words and event
types but rarely people, places and years, so the entity and time views carry the split.

Everything here is pure: feature records in, assignments out, no I/O.

Cost per article does not grow with the number of storylines: candidates come from an
inverted index whose postings keep only the ``POSTING_CAP`` storylines that most recently
took the term (a word every story uses is not a reason to look at every story), and of
those only the ``MAX_CANDIDATES`` sharing the most weight with the article are scored
exactly. Below the caps the result is exactly that of scoring every indexed candidate.
Centroid and article norms are cached, and article -> storyline homes kept as a map, so
nothing is recomputed over the whole index per article. ``refine_after`` re-checks only
the articles that a change could move (see there).

A storyline's id is its founding article's id behind the prefix ("S" + 16 hex), not a
counter: two processes adding to one store from their own copies of the index can then
never hand one id to two unrelated stories, and a merged-away id never comes back.
``to_state``/``from_state`` give the whole index as plain JSON-able data (a snapshot that
continues exactly as the index it was taken from), so a reopened store need not replay.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

from newsgraph.resolve.story_features import StoryFeatures, party_fields, party_state
from newsgraph.resolve.story_parties import MAIN_DYAD, dyad_signature, is_state_dyad
from newsgraph.resolve.story_vectors import (
    ArticleVectors,
    DocumentFrequencies,
    Storyline,
    centroid_cosine,
    cosine,
    cosine_to_centroid,
    cosine_to_centroid_without,
    counts_without,
    unit_vector,
)

REFINE_CANDIDATES = 20  # storylines a re-checked article is scored against
MERGE_CANDIDATES = 12  # storylines an arrival may bridge: the closest by shared weight
TOP_WORDS = 25  # an article is indexed (and looked up) by its heaviest words, plus entities
POSTING_CAP = 200  # storylines kept per term: the most recent to take it
MAX_CANDIDATES = 100  # storylines scored exactly per article: those sharing the most weight
STAYS_KEPT = 4096  # members' kept scores against their own storylines (then forgotten)


@dataclass(frozen=True)
class Weights:
    """How the views blend, and when an article is close enough to join a storyline."""

    words: float = 0.5
    entities: float = 0.45
    events: float = 0.05
    dyads: float = 0.1  # who the story is between (``story_parties``)
    dyad_clash: float = 1.0  # factor when both have firm dyads and share none ...
    state_clash: float = 0.3  # ... and all of those are between countries
    threshold: float = 0.2
    merge: float = 0.6  # centroids this close become one storyline
    year_clash: float = 0.5  # factor when both name years and share none
    max_days: int = 60  # publication dates further apart than this ...
    far_in_time: float = 0.5  # ... multiply similarity by this
    move_margin: float = 0.0  # refine() moves an article only when another fits better by this


@dataclass(frozen=True)
class _StayParts:
    """What a member's score against its own storyline without it is made of, but for
    the event-type cosine (its idf moves with every arrival)."""

    words: float
    entities: float
    events: dict[str, float]  # the storyline's event counts without the member's
    dyads: float
    time: float
    dyad_clash: float


@dataclass(frozen=True)
class Assignment:
    """Where one article went and why: the storyline, its score, whether it is new."""

    article_id: str
    storyline: str
    score: float
    new: bool
    merged: tuple[str, ...] = ()  # storylines folded into ``storyline`` by this article


def time_factor(
    f: StoryFeatures, s: Storyline, weights: Weights, years: Mapping[int, float] | None = None
) -> float:
    """Below 1 when the article's time plainly differs from the storyline's (``years``:
    the storyline's year counts, when not its own)."""
    factor = 1.0
    years = s.years if years is None else years
    if f.years and years and not f.years & years.keys():
        factor *= weights.year_clash
    if f.published is not None and s.first is not None and s.last is not None:
        gap = max((s.first - f.published).days, (f.published - s.last).days, 0)
        if gap > weights.max_days:
            factor *= weights.far_in_time
    return factor


def dyad_factor(a: Mapping[str, float], b: Mapping[str, float], weights: Weights) -> float:
    """Below 1 when both sides say firmly who the story is between (a dyad of a main
    event, see ``MAIN_DYAD``) and no firm dyad of one is a dyad of the other at all: A-B
    talks and A-C talks under one mediator, in one city, on one day. Parties compare as
    ``same_party`` says, so "Hugh Jackman" and "Jackman" are one."""
    main_a = [k for k, v in a.items() if v >= MAIN_DYAD]
    if not main_a:  # before reading ``b``, a storyline's dyads over all its articles
        return 1.0
    main_b = [k for k, v in b.items() if v >= MAIN_DYAD]
    if not main_b:
        return 1.0
    if any(x in b for x in main_a) or any(x in a for x in main_b):
        return 1.0  # one dyad both name (a key is ``same_dyad`` as itself): no pair walk
    # some firm dyad of one is ``same_dyad`` as a dyad of the other: equal signatures
    sig_a, sig_b = {dyad_signature(k) for k in a}, {dyad_signature(k) for k in b}
    if any(dyad_signature(x) in sig_b for x in main_a) or any(
        dyad_signature(x) in sig_a for x in main_b
    ):
        return 1.0
    states = all(is_state_dyad(k) for k in (*main_a, *main_b))
    return weights.state_clash if states else weights.dyad_clash


def _top(words: Mapping[str, float]) -> dict[str, float]:
    """The ``TOP_WORDS`` heaviest words (ties in the vector's order), with their weights."""
    return {k: words[k] for k in islice(sorted(words, key=lambda k: -words[k]), TOP_WORDS)}


class StorylineIndex:
    """Incremental storyline grouping: ``add`` one article's features at a time."""

    def __init__(self, weights: Weights | None = None, prefix: str = "S") -> None:
        self.weights = weights or Weights()
        self.prefix = prefix
        self.storylines: dict[str, Storyline] = {}
        self._words = DocumentFrequencies()
        self._entities = DocumentFrequencies()
        self._events = DocumentFrequencies()
        # term -> storylines that took it, least recent first (a dict as an ordered set)
        self._by_term: dict[str, dict[str, None]] = {}
        self._terms_of: dict[str, set[str]] = {}  # storyline -> terms it is posted under
        self._members: dict[str, ArticleVectors] = {}
        self._home: dict[str, str] = {}  # article -> storyline
        self._changed_articles: set[str] = set()
        self._changed_lines: set[str] = set()
        # member -> (its storyline, that storyline's version, the score's parts)
        self._stays: dict[str, tuple[Storyline, int, _StayParts]] = {}

    def similarity(
        self,
        f: StoryFeatures,
        s: Storyline,
        words: Mapping[str, float],
        entities: Mapping[str, float],
    ) -> float:
        """Blended similarity of an article (unit vectors given) to a storyline's centroid."""
        member = ArticleVectors.of(f, dict(words), dict(entities))
        return self._score(member, s, self._events.table(f.events))

    def _score(self, m: ArticleVectors, s: Storyline, event_idf: Mapping[str, float]) -> float:
        w = self.weights
        score = (
            w.words * cosine_to_centroid(m.words, m.norms[0], s, "words")
            + w.entities * cosine_to_centroid(m.entities, m.norms[1], s, "entities")
            + w.events * cosine(m.f.events, s.events, event_idf)
            + w.dyads * cosine(m.f.dyads, s.dyads, None)
        )
        return score * time_factor(m.f, s, w) * dyad_factor(m.f.dyads, s.dyads, w)

    def _score_without(
        self, m: ArticleVectors, s: Storyline, event_idf: Mapping[str, float]
    ) -> float:
        """``_score`` of a member against its own storyline with the member taken out, as
        ``Storyline.release`` would leave it (the date range kept, as there), without
        taking it out. All but the event-type term depends only on the two, so it is kept
        while the storyline does not change (``Storyline.version``): a recent article is
        re-checked after every arrival, mostly with its own storyline as it was."""
        w, f = self.weights, m.f
        kept = self._stays.get(f.article_id)
        if kept is not None and kept[0] is s and kept[1] == s.version:
            parts = kept[2]
        else:
            dyads = counts_without(s.dyads, f.dyads)
            years = counts_without(s.years, dict.fromkeys(f.years, 1))
            parts = _StayParts(
                cosine_to_centroid_without(m.words, m.norms[0], s, "words"),
                cosine_to_centroid_without(m.entities, m.norms[1], s, "entities"),
                counts_without(s.events, f.events),
                cosine(f.dyads, dyads, None),
                time_factor(f, s, w, years),
                dyad_factor(f.dyads, dyads, w),
            )
            if len(self._stays) >= STAYS_KEPT:
                self._stays.clear()
            self._stays[f.article_id] = (s, s.version, parts)
        score = (
            w.words * parts.words
            + w.entities * parts.entities
            + w.events * cosine(f.events, parts.events, event_idf)
            + w.dyads * parts.dyads
        )
        return score * parts.time * parts.dyad_clash

    def _candidates(self, m: ArticleVectors, limit: int | None = None) -> set[str]:
        """Storylines sharing an indexed term, at most ``limit`` (``MAX_CANDIDATES``) of
        them: those sharing the most weight (words and entities weighed as ``similarity``
        does)."""
        limit = MAX_CANDIDATES if limit is None else limit
        shared: dict[str, float] = {}
        w = self.weights
        for vec, weight in ((_top(m.words), w.words), (m.entities, w.entities)):
            for term, value in vec.items():
                for sid in self._by_term.get(term, ()):
                    shared[sid] = shared.get(sid, 0.0) + weight * value
        live = shared.keys() & self.storylines.keys()  # refine() may have dropped some
        if len(live) <= limit:
            return live
        return set(sorted(live, key=lambda sid: (-shared[sid], sid))[:limit])

    def add(self, f: StoryFeatures) -> Assignment:
        """Put one article in the nearest storyline, or a new one."""
        self._words.add(f.words)
        self._entities.add(f.entities)
        self._events.add(f.events)
        m = ArticleVectors.of(
            f, unit_vector(f.words, self._words), unit_vector(f.entities, self._entities)
        )
        event_idf = self._events.table(f.events)
        best, best_score = None, 0.0
        for sid in sorted(self._candidates(m)):
            score = self._score(m, self.storylines[sid], event_idf)
            if score > best_score:
                best, best_score = sid, score
        new = best is None or best_score < self.weights.threshold
        if new:
            best = self._founded_by(f.article_id)
            self.storylines[best] = Storyline(best)
        assert best is not None
        self._members[f.article_id] = m
        self._put(f.article_id, best)
        self._index(best, m)
        merged = self._merge_into(best, m)
        return Assignment(f.article_id, best, round(best_score, 4), new, merged)

    def _founded_by(self, article_id: str) -> str:
        """The id of a storyline an article starts: its own id, so unique across processes
        and never one a merged-away storyline had (a repeat add gets a numbered suffix)."""
        sid, n = f"{self.prefix}{article_id}", 1
        while sid in self.storylines:
            n += 1
            sid = f"{self.prefix}{article_id}-{n}"
        return sid

    def _put(self, aid: str, sid: str) -> None:
        m = self._members[aid]
        self.storylines[sid].absorb(m.f, m.words, m.entities)
        self._home[aid] = sid
        self._changed_articles.add(aid)
        self._changed_lines.add(sid)

    def refine(self, article_ids: Iterable[str] | None = None, rounds: int = 2) -> int:
        """Re-check articles against the storylines as they stand now and move each to a
        clearly better one: undoes what an unlucky arrival order decided early. Cost grows
        with the articles re-checked (the recent ones, say), not with the store. Returns how
        many moved."""
        ids = list(article_ids) if article_ids is not None else list(self._members)
        return self._refine(ids, None, rounds)

    def refine_after(
        self, article_ids: Iterable[str], touched: Iterable[str], rounds: int = 2
    ) -> int:
        """``refine`` limited to what a change could alter, for articles checked after every
        earlier change: an article whose storyline was ``touched`` (or touched by a move in
        this call) is re-checked against all its candidates; any other only against its
        touched candidates, as the rest compare as they did at its last check (but for the
        slowly drifting event-type idf) and lost then. Cost: the touched storylines, not
        every candidate of every recent article."""
        return self._refine(list(article_ids), set(touched), rounds)

    def _refine(self, ids: list[str], touched: set[str] | None, rounds: int) -> int:
        moved = 0
        for _ in range(rounds):
            changed = 0
            for aid in ids:
                if aid not in self._home:
                    continue
                sid, m = self._home[aid], self._members[aid]
                if touched is not None and sid not in touched:
                    # The rest scored as at the last check, no better: only the touched
                    # storylines (a few) need scoring, without an index lookup.
                    candidates = (touched & self.storylines.keys()) - {sid}
                    if not candidates:
                        continue
                else:
                    candidates = self._candidates(m, REFINE_CANDIDATES) - {sid}
                best = self._move_if_better(aid, sid, candidates)
                if best != sid:
                    changed += 1
                    if touched is not None:
                        touched |= {sid, best}
            moved += changed
            if not changed:
                break
        return moved

    def _move_if_better(self, aid: str, sid: str, candidates: set[str]) -> str:
        m = self._members[aid]
        current = self.storylines[sid]
        event_idf = self._events.table(m.f.events)
        if current.articles == [aid]:
            # Alone in its storyline, an article moves only where it could have joined at
            # first; its storyline need not be emptied and filled again to know that.
            best = self._better(m, sid, self.weights.threshold, candidates, event_idf)
            if best == sid:
                return sid
            current.release(m.f, m.words, m.entities)
        else:
            # Scored against its storyline without it, which is left as it is: most
            # re-checked articles stay.
            stay = self._score_without(m, current, event_idf)
            best = self._better(m, sid, stay, candidates, event_idf)
            if best == sid:
                return sid
            current.release(m.f, m.words, m.entities)
        self._put(aid, best)
        self._changed_lines.add(sid)
        if not current.articles:
            del self.storylines[sid]
            self._unpost(sid)
        self._index(best, m)
        return best

    def _better(
        self,
        m: ArticleVectors,
        sid: str,
        stay: float,
        candidates: set[str],
        event_idf: Mapping[str, float],
    ) -> str:
        """The candidate that fits the article better than ``stay`` by the move margin
        (the best such, ties to the first id), else ``sid``: where it stays."""
        best, best_score = sid, stay
        for other in sorted(candidates):
            score = self._score(m, self.storylines[other], event_idf)
            if score > best_score + self.weights.move_margin:
                best, best_score = other, score
        return best

    def _centroid_similarity(self, a: Storyline, b: Storyline) -> float:
        w = self.weights
        score = (
            w.words * centroid_cosine(a, b, "words")
            + w.entities * centroid_cosine(a, b, "entities")
            + w.events * cosine(a.events, b.events, None)
            + w.dyads * cosine(a.dyads, b.dyads, None)
        )
        clash = a.years and b.years and not set(a.years) & set(b.years)
        return score * (w.year_clash if clash else 1.0) * dyad_factor(a.dyads, b.dyads, w)

    def _merge_into(self, sid: str, m: ArticleVectors) -> tuple[str, ...]:
        """Two storylines an article bridges become one when their centroids are close:
        this undoes the splits an unlucky arrival order makes early on."""
        target = self.storylines[sid]
        merged: list[str] = []
        for other in sorted(self._candidates(m, MERGE_CANDIDATES) - {sid}):
            source = self.storylines[other]
            if self._centroid_similarity(target, source) < self.weights.merge:
                continue
            target.fold(source)
            del self.storylines[other]
            for aid in source.articles:
                self._home[aid] = sid
            self._changed_articles.update(source.articles)
            self._changed_lines.update((sid, other))
            self._repost(other, sid)
            merged.append(other)
        return tuple(merged)

    def _unpost(self, sid: str) -> None:
        """A storyline gone: its postings make room for live ones."""
        for term in self._terms_of.pop(sid, set()):
            self._by_term.get(term, {}).pop(sid, None)

    def _repost(self, old: str, new: str) -> None:
        """Postings of a storyline folded into another now name the other."""
        terms = self._terms_of.pop(old, set())
        for term in terms:
            posting = self._by_term.get(term)
            if posting is not None and old in posting:
                del posting[old]
                posting[new] = None
        self._terms_of.setdefault(new, set()).update(terms)

    def _index(self, sid: str, m: ArticleVectors) -> None:
        terms = self._terms_of.setdefault(sid, set())
        for term in [*_top(m.words), *m.entities]:
            posting = self._by_term.setdefault(term, {})
            posting.pop(sid, None)
            posting[sid] = None  # most recent last
            terms.add(term)
            if len(posting) > POSTING_CAP:
                del posting[next(iter(posting))]  # the least recent goes

    def forget(self, article_id: str) -> None:
        """Drop an article's vectors: it will not be re-checked again (it left the window
        ``refine_after`` is given). Its storyline keeps its sums; a long stream's memory
        stays bounded, as a snapshot keeps only the ``keep`` articles' vectors anyway."""
        self._members.pop(article_id, None)
        self._stays.pop(article_id, None)

    def groups(self) -> dict[str, str]:
        """article id -> storyline id."""
        return dict(self._home)

    def home(self, article_id: str) -> str:
        """The storyline an article is in now (KeyError if it was never added)."""
        return self._home[article_id]

    def take_changes(self) -> tuple[set[str], set[str]]:
        """(articles whose storyline changed, storylines added, changed or removed) since
        the last call: what a caller persisting the groups must look at, and no more."""
        changed = (self._changed_articles, self._changed_lines)
        self._changed_articles, self._changed_lines = set(), set()
        return changed

    def to_state(self, keep: Iterable[str] = ()) -> dict[str, Any]:
        """The index as JSON-able data: every storyline's running sums, the document
        frequencies, the postings (in recency order), each article's storyline, and the
        member vectors of the ``keep`` articles (those a later ``refine_after`` may
        re-check). ``from_state`` on it goes on exactly as this index would. Call it after
        ``take_changes``: pending changes are not kept."""
        return {
            "storylines": [_storyline_state(s) for s in self.storylines.values()],
            "frequencies": [
                {"docs": q.docs, "df": dict(q.df)}
                for q in (self._words, self._entities, self._events)
            ],
            "postings": {term: list(sids) for term, sids in self._by_term.items()},
            "home": dict(self._home),
            "members": [_member_state(self._members[a]) for a in keep if a in self._members],
        }

    @classmethod
    def from_state(
        cls, state: Mapping[str, Any], weights: Weights | None = None, prefix: str = "S"
    ) -> StorylineIndex:
        """The index ``to_state`` described (KeyError/TypeError/ValueError if malformed)."""
        index = cls(weights, prefix)
        for raw in state["storylines"]:
            line = _storyline_from(raw)
            index.storylines[line.id] = line
        index._words, index._entities, index._events = (
            DocumentFrequencies(int(q["docs"]), Counter(q["df"])) for q in state["frequencies"]
        )
        index._by_term = {term: dict.fromkeys(sids) for term, sids in state["postings"].items()}
        for term, sids in index._by_term.items():  # what _unpost/_repost walk
            for sid in sids:
                index._terms_of.setdefault(sid, set()).add(term)
        index._home = dict(state["home"])
        for raw in state["members"]:
            member = _member_from(raw)
            index._members[member.f.article_id] = member
        return index


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _storyline_state(s: Storyline) -> dict[str, Any]:
    return {
        "id": s.id,
        "articles": s.articles,
        "titles": s.titles,
        "words": s.words,
        "entities": s.entities,
        "events": dict(s.events),
        "years": [[y, n] for y, n in s.years.items()],  # int keys, order kept
        "first": _day(s.first),
        "last": _day(s.last),
        "dyads": dict(s.dyads),
        "mediators": dict(s.mediators),
        "kinds": dict(s.kinds),
        "labels": s.labels,
    }


def _storyline_from(raw: Mapping[str, Any]) -> Storyline:
    return Storyline(
        raw["id"],
        list(raw["articles"]),
        list(raw["titles"]),
        dict(raw["words"]),
        dict(raw["entities"]),
        Counter(raw["events"]),
        Counter({int(y): n for y, n in raw["years"]}),
        _from_day(raw["first"]),
        _from_day(raw["last"]),
        Counter(raw.get("dyads", {})),  # absent from snapshots written before dyads
        Counter(raw.get("mediators", {})),
        Counter(raw.get("kinds", {})),
        dict(raw.get("labels", {})),
    )


def _member_state(m: ArticleVectors) -> dict[str, Any]:
    f = m.f
    return {
        "id": f.article_id,
        "title": f.title,
        "words": dict(f.words),
        "entities": dict(f.entities),
        "events": dict(f.events),
        "years": sorted(f.years),
        "published": _day(f.published),
        **party_state(f),
        "unit_words": m.words,
        "unit_entities": m.entities,
    }


def _member_from(raw: Mapping[str, Any]) -> ArticleVectors:
    f = StoryFeatures(
        raw["id"],
        raw["title"],
        Counter(raw["words"]),
        dict(raw["entities"]),
        Counter(raw["events"]),
        frozenset(raw["years"]),
        _from_day(raw["published"]),
        **party_fields(raw),
    )
    return ArticleVectors.of(f, dict(raw["unit_words"]), dict(raw["unit_entities"]))


def group(features: Iterable[StoryFeatures], weights: Weights | None = None) -> dict[str, str]:
    """Group many articles in the order given (the incremental rule, run from empty)."""
    index = StorylineIndex(weights)
    for f in features:
        index.add(f)
    index.refine()
    return index.groups()
