"""What storyline grouping reads from one brief: its words, named entities, event types
and time.

Words are crude stems (enough for TF-IDF to join "arrests" and "arrested"); entities are
keyed by name and weighted by type (who and where tell two stories of one kind apart); time
is the years the brief's dates name and its publication date. Pure: a brief in, a
:class:`StoryFeatures` record out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.model import Brief
from newsgraph.names import norm

WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d{4}")
YEAR = re.compile(r"^(\d{4})")
SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "s")
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
    return StoryFeatures(
        article_id=article_id,
        title=doc.title or doc.text.strip().split("\n", 1)[0][:120],
        words=word_counts(f"{doc.title}\n{doc.title}\n{doc.text}"),
        entities=entities,
        events=Counter(e.type for e in brief.events),
        years=_years(brief),
        published=_published(brief),
    )
