"""CAMEO-style actor codes for event participants: country + sector ("KEN GOV").

The country comes from the entity (a country, a place in one, an organisation based in
one) or, for a person, from the entity their role is "of" ("Foreign Minister of X").
The sector comes from the head noun that names the participant ("officials" -> GOV,
"troops" -> MIL) or from the person's role title, looked up in the CAMEO agents table
(``data/actor_agents.json``, built from the Phoenix dictionary by a script).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from newsgraph.model import Entity
from newsgraph.nlp.coref import EntityIndex


@lru_cache(maxsize=1)
def agents() -> dict[str, str]:
    text = resources.files("newsgraph.data").joinpath("actor_agents.json").read_text("utf-8")
    table: dict[str, str] = json.loads(text)["agents"]
    return table


def _singular(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("men", "man"), ("ses", "s"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + repl
    return word


@lru_cache(maxsize=1)
def _longest() -> int:
    return max(len(p.split()) for p in agents())


def sector_for(words: list[str]) -> str | None:
    """The agent code of the longest phrase ending the word list ('prime minister')."""
    table = agents()
    low = [w.lower() for w in words if w.strip()]
    for n in range(min(_longest(), len(low)), 0, -1):
        tail = low[-n:]
        for phrase in (" ".join(tail), " ".join([*tail[:-1], _singular(tail[-1])])):
            if phrase in table:
                return table[phrase]
    return None


def role_sector(ent: Entity) -> str | None:
    """The sector of the first of a person's roles that names one ('Foreign Minister')."""
    for role in ent.roles:
        words = role.title.replace(" of ", " | ").split(" | ")[0].split()
        found = sector_for(words)
        if found:
            return found
    return None


def entity_country(index: EntityIndex, ent: Entity, depth: int = 0) -> str | None:
    """The entity's country, or that of whoever its role is held for (two hops at most)."""
    if ent.country:
        return ent.country
    if depth >= 2:
        return None
    for role in ent.roles:
        owner = index.get(role.of) if role.of else None
        if owner is not None and owner.id != ent.id:
            found = entity_country(index, owner, depth + 1)
            if found:
                return found
    return None


def actor_code(index: EntityIndex, eid: str, head_words: list[str] | None = None) -> str | None:
    """'KEN GOV' for Kenyan officials, 'USA GOV' for a US envoy, 'UGA' for Uganda itself."""
    ent = index.get(eid)
    if ent is None:
        return None
    country = entity_country(index, ent)
    sector = sector_for(head_words) if head_words else None
    if sector is None and ent.type == "PERSON":
        sector = role_sector(ent)
    if sector is None and ent.type in {"ORG", "GROUP"}:
        sector = sector_for(ent.name.split())
    parts = [p for p in (country, sector) if p]
    return " ".join(parts) or None
