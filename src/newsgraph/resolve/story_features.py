"""What storyline grouping reads from one brief: its words, named entities, event types,
time and parties.

Words are crude stems (enough for TF-IDF to join "arrests" and "arrested"); entities are
keyed by name and weighted by type (who and where tell two stories of one kind apart); time
is the years the brief's dates name and its publication date; parties are the dyads and
mediators of its events (``story_parties``: who the story is between, which tells apart two
negotiations that share an envoy, a city and a day). Pure: a brief in, a
:class:`StoryFeatures` record out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from newsgraph.model import Brief
from newsgraph.names import norm
from newsgraph.resolve.story_parties import parties_of
from newsgraph.sources.text import credit_text

WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d{4}")
YEAR = re.compile(r"^(\d{4})")
SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "s")
MIN_HEADLINE_WORDS = 3  # "Israel News" is a section label, not a headline
HEADLINE_LINES = 5  # lines of the body looked at for a headline when there is no title
HEADLINE_CHARS = 120
ENTITY_WEIGHT = {"PERSON": 2.0, "ORG": 1.5, "PLACE": 1.5, "GROUP": 1.0, "COUNTRY": 0.5}


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
    dyads: Mapping[str, float] = field(default_factory=dict)
    mediators: Mapping[str, float] = field(default_factory=dict)
    kinds: Mapping[str, float] = field(default_factory=dict)  # event types of its dyad events
    labels: Mapping[str, str] = field(default_factory=dict)  # party key -> display name


def party_state(f: StoryFeatures) -> dict[str, Any]:
    """The party fields of a feature record as JSON-able data (``party_fields`` reverses)."""
    return {
        "dyads": dict(f.dyads),
        "mediators": dict(f.mediators),
        "kinds": dict(f.kinds),
        "labels": dict(f.labels),
    }


def party_fields(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The party fields of a stored feature record, empty where it was stored before
    parties were (a replay then groups it by words, names and time alone)."""
    return {
        "dyads": dict(raw.get("dyads", {})),
        "mediators": dict(raw.get("mediators", {})),
        "kinds": dict(raw.get("kinds", {})),
        "labels": dict(raw.get("labels", {})),
    }


def stem(word: str) -> str:
    """A crude English stem: enough to join 'arrests'/'arrested'/'arrest' for TF-IDF."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def word_counts(text: str) -> Counter[str]:
    """Content-word stems of a text (stop words dropped)."""
    stop = stop_words()
    return Counter(stem(w) for w in WORD.findall(text) if len(w) > 2 and w.lower() not in stop)


@cache
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, imported on first use rather than with this module:
    importing spaCy takes most of a second, and the commands that import this module to
    read storylines (and a batch run's driver) mostly never count words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def entity_key(name: str) -> str:
    """Name key across articles: casefolded, particles' hyphens made spaces."""
    return norm(name).replace("-", " ")


def is_headline_like(line: str) -> bool:
    """Whether a line can stand as a headline: a few words, not a photo credit or a
    caption label ("Photo: Getty Images", "AP Photo/Jane Doe")."""
    text = line.strip()
    return len(text.split()) >= MIN_HEADLINE_WORDS and credit_text(text) is None


def headline(title: str, text: str) -> str:
    """The article's title, else its first line that reads as a headline (never a credit
    or a caption label), cut to ``HEADLINE_CHARS``; "" when there is none."""
    if title.strip() and is_headline_like(title):
        return title.strip()
    for line in text.strip().split("\n")[:HEADLINE_LINES]:
        if is_headline_like(line):
            return line.strip()[:HEADLINE_CHARS]
    return title.strip()


def _published(brief: Brief) -> date | None:
    """The publication day, None where the brief has none (or no valid one)."""
    try:
        return date.fromisoformat((brief.document.published or "")[:10])
    except ValueError:
        return None


def _years(brief: Brief) -> frozenset[int]:
    """Plausible years (1900-2100) its time values name: two stories of one kind rarely
    share them."""
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
    parties = parties_of(brief)
    return StoryFeatures(
        article_id=article_id,
        title=headline(doc.title, doc.text),
        words=word_counts(f"{doc.title}\n{doc.title}\n{doc.text}"),
        entities=entities,
        events=Counter(e.type for e in brief.events),
        years=_years(brief),
        published=_published(brief),
        dyads=parties.dyads,
        mediators=parties.mediators,
        kinds=parties.kinds,
        labels=parties.labels,
    )
