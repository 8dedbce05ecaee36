"""What a storyline is about, and the title that says it.

A storyline is named for its central dyad, its mediator and its kind of event, all counted
over its articles: "Israel–Syria talks, US-mediated". The parties' names come from the
data (a country's common name, an entity's own name), the kind word from
``data/storyline_kinds.json`` (one per PLOVER type that is an interaction between two
parties). Only parties that act politically make a dyad (``story_parties``), and a dyad
names the storyline only when its kind is such an interaction and the dyad is well
supported (``well_supported``). Otherwise the title is the member headline that best
matches the storyline's words, never a photo credit or caption label: the first line of
one article is often neither a headline nor about the story.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from newsgraph.resolve.story_features import is_headline_like, word_counts
from newsgraph.resolve.story_parties import LEAD_WEIGHT, dyad_parts

MIN_DYAD_WEIGHT = 2.0  # a dyad is the storyline's once it is in one lead or two bodies
KEPT_SHARE = 1 / 3  # further dyads and mediators kept: at least this share of the first
MAX_KEPT = 3
DASH = "–"
HEADLINES_LOOKED = 100  # first and last headlines of a big storyline a title is chosen from


@dataclass(frozen=True)
class About:
    """Who a storyline is between: ``dyads`` (pairs of party keys, the central one first),
    ``mediators`` (party keys), ``kind`` (a PLOVER type, "" when unknown), the display
    name of every key in ``labels`` and ``weight``, the central dyad's weight summed over
    the articles (each counting at most ``LEAD_WEIGHT``)."""

    dyads: list[tuple[str, str]] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    kind: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    weight: float = 0.0

    def name(self, key: str) -> str:
        return self.labels.get(key, key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dyads": [list(d) for d in self.dyads],
            "mediators": self.mediators,
            "kind": self.kind,
            "labels": self.labels,
            "weight": self.weight,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> About:
        return cls(
            [(str(a), str(b)) for a, b in raw.get("dyads", [])],
            [str(m) for m in raw.get("mediators", [])],
            str(raw.get("kind", "")),
            {str(k): str(v) for k, v in raw.get("labels", {}).items()},
            float(raw.get("weight", 0.0)),
        )


def _kept(counts: Mapping[str, float], floor: float) -> list[str]:
    """The heaviest keys (ties by key) at or above ``floor`` and a share of the first."""
    ranked = sorted((k for k, v in counts.items() if v >= floor), key=lambda k: (-counts[k], k))
    if not ranked:
        return []
    top = counts[ranked[0]]
    return [k for k in ranked if counts[k] >= top * KEPT_SHARE][:MAX_KEPT]


def about(
    dyads: Mapping[str, float],
    mediators: Mapping[str, float],
    kinds: Mapping[str, float],
    labels: Mapping[str, str],
    events: Mapping[str, float],
) -> About:
    """The central dyads and mediators of a storyline's counts, and its kind of event: the
    commonest type of its dyad events, else of all its events. Only parties with a label
    (those that act politically, ``story_parties``) count: the others group, never name."""
    named = {d: w for d, w in dyads.items() if all(p in labels for p in dyad_parts(d))}
    keys = [d for d in _kept(named, MIN_DYAD_WEIGHT) if len(dyad_parts(d)) == 2]
    kept = [(dyad_parts(d)[0], dyad_parts(d)[1]) for d in keys]
    chosen = _kept({m: w for m, w in mediators.items() if m in labels}, 0.0) if kept else []
    source = kinds if kept and kinds else events
    kind = min(source, key=lambda k: (-source[k], k)) if source else ""
    used = {p for d in kept for p in d} | set(chosen)
    names = {k: v for k, v in labels.items() if k in used}
    return About(kept, chosen, kind, names, float(dyads[keys[0]]) if keys else 0.0)


def well_supported(about: About, articles: int) -> bool:
    """Whether the central dyad is firm enough to name a storyline of ``articles``: in the
    lead of a lone article; else in two articles at least and in at least half of them.
    An article counts at most a lead's weight, so a weight above one lead's means two
    articles carry it, and a weight of ``articles`` means half do. Chosen on data: on the
    ECB+ development topics (crimes, awards, disasters, sport) the dyads that failed this
    were one-off pairings (a president-elect and a TV network named in one body sentence
    of a 13-article storyline), and a disaster story whose governor meets an aid group in
    one of its two articles is about the disaster, not their talks."""
    w = about.weight
    if not about.dyads or w < max(MIN_DYAD_WEIGHT, articles):
        return False
    return articles <= 1 or w > LEAD_WEIGHT


@lru_cache(maxsize=1)
def kind_words() -> dict[str, str]:
    """PLOVER type -> the word a title uses for it."""
    path = resources.files("newsgraph.data").joinpath("storyline_kinds.json")
    table: dict[str, str] = json.loads(path.read_text("utf-8"))["kinds"]
    return table


@lru_cache(maxsize=1)
def _short_country_names() -> dict[str, str]:
    """iso3 -> the short form a compound uses ("US-mediated", "UK-brokered"): an all-capital
    alias of two or three letters where the country has one, else its common name."""
    path = resources.files("newsgraph.data").joinpath("countries.json")
    short: dict[str, str] = {}
    for row in json.loads(path.read_text("utf-8")):
        abbreviations = [n for n in row["names"] if n.isalpha() and n.isupper() and len(n) <= 3]
        short[row["iso3"]] = abbreviations[0] if abbreviations else row["name"]
    return short


def _mediated(about: About) -> str:
    if not about.mediators:
        return ""
    key = about.mediators[0]
    short = _short_country_names().get(key)
    return f", {short}-mediated" if short else f", mediated by {about.name(key)}"


def dyad_title(about: About) -> str:
    """ "A–B talks, X-mediated" for a storyline with a dyad whose kind is an interaction
    between its parties (a word of ``kind_words``); "" otherwise: "Israel–Lebanon" alone,
    or with a statement's or an appointment's word, says nothing of what happened."""
    word = kind_words().get(about.kind, "")
    if not about.dyads or not word:
        return ""
    names = sorted(about.name(k) for k in about.dyads[0])
    return f"{DASH.join(names)} {word}" + _mediated(about)


def representative_headline(titles: Sequence[str], words: Mapping[str, float]) -> str:
    """The member headline whose words recur most in the *other* members' headlines, each
    word weighed by the storyline's words (per word, so a long one is not favoured); where
    no headline echoes another, the one sharing the most weight with the storyline's
    words. The first of equals; never a credit or caption line. The other headlines count
    first because the centroid holds each member's own words, its headline twice: by the
    centroid alone a follow-up repeating a word of its own ("waters") outranks the report
    the others echo."""
    looked = (
        titles
        if len(titles) <= 2 * HEADLINES_LOOKED
        else [*titles[:HEADLINES_LOOKED], *titles[-HEADLINES_LOOKED:]]
    )
    candidates = [(t, word_counts(t)) for t in looked if is_headline_like(t)]
    echoed: Counter[str] = Counter(w for _, stems in candidates for w in set(stems))

    def shared(stems: Mapping[str, float]) -> float:
        return sum(words.get(w, 0.0) * (echoed[w] - 1) for w in stems) / math.sqrt(len(stems) or 1)

    def central(stems: Mapping[str, float]) -> float:
        return sum(words.get(w, 0.0) for w in stems) / math.sqrt(len(stems) or 1)

    if not candidates:
        return ""
    echoes = any(shared(stems) > 0 for _, stems in candidates)
    score = shared if echoes else central
    return max(candidates, key=lambda c: score(c[1]))[0]  # max keeps the first of equals


def storyline_title(about: About, titles: Sequence[str], words: Mapping[str, float]) -> str:
    """The name a storyline is shown and stored with (see the module)."""
    named = dyad_title(about) if well_supported(about, len(titles)) else ""
    return named or representative_headline(titles, words)
