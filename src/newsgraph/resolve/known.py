"""What the knowledge base reads of one stored article, kept as one JSON row per article.

Replaying an article (on open, after another writer's turn, in a shard) needs its storyline
features and its entities, never its whole brief: ``Known`` is that much, and its JSON is
the store's ``knowledge_features`` row, so a replay reads no brief.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import cast

from newsgraph.model import Article, Brief, Entity, EntityType, Evidence, Role
from newsgraph.resolve.story_features import (
    StoryFeatures,
    features_from_brief,
    party_fields,
    party_state,
)

_NO_EVIDENCE = Evidence("", 0, 0)


@dataclass(frozen=True)
class Known:
    """What the knowledge base reads of one article: its storyline features and its
    entities (without mentions or evidence), kept as one JSON row in the store."""

    story: StoryFeatures
    entities: tuple[Entity, ...]

    @classmethod
    def of(cls, article_id: str, brief: Brief) -> Known:
        return cls(features_from_brief(brief, article_id), tuple(brief.entities))

    def to_json(self) -> str:
        f = self.story
        ents = [
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "aliases": e.aliases,
                "country": e.country,
                "roles": [r.title for r in e.roles],
            }
            for e in self.entities
        ]
        return json.dumps(
            {
                "title": f.title,
                "words": f.words,
                "entities": f.entities,
                "events": f.events,
                "years": sorted(f.years),
                "published": f.published.isoformat() if f.published else None,
                **party_state(f),
                "linked": ents,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, article_id: str, raw: str) -> Known:
        d = json.loads(raw)
        story = StoryFeatures(
            article_id,
            d["title"],
            Counter(d["words"]),
            dict(d["entities"]),
            Counter(d["events"]),
            frozenset(d["years"]),
            date.fromisoformat(d["published"]) if d["published"] else None,
            **party_fields(d),
        )
        ents = tuple(
            Entity(
                e["id"],
                e["name"],
                cast(EntityType, e["type"]),
                list(e["aliases"]),
                e["country"],
                [Role(t, None, _NO_EVIDENCE) for t in e["roles"]],
            )
            for e in d["linked"]
        )
        return cls(story, ents)

    def brief(self) -> Brief:
        """A brief holding just the entities: what ``EntityResolver.add`` reads."""
        return Brief(document=Article(text=""), entities=list(self.entities))
