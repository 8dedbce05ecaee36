"""Who a stored storyline is between, and the filters that ask it: ``--actor`` (a party of
any of its dyads, or a mediator) and ``--dyad A,B`` (both parties of one of its dyads).

A name is matched as a reader types it: a country by any of its names, demonyms or capital
("US", "Syrian"), anyone else by name, case aside, a surname matching the full
name ("Jackman" finds "Hugh Jackman").
"""

from __future__ import annotations

import json

from newsgraph.errors import InputError
from newsgraph.names import norm
from newsgraph.nlp.gazetteer import country
from newsgraph.resolve.story_parties import same_party
from newsgraph.resolve.story_titles import About
from newsgraph.store.base import StorylineRow


def about_of(row: StorylineRow) -> About:
    """The storyline's stored ``about``; empty where none was stored (or it is unreadable)."""
    try:
        raw = json.loads(row.about) if row.about else {}
        return About.from_dict(raw) if isinstance(raw, dict) else About()
    except (ValueError, TypeError):
        return About()


def _keys(name: str) -> set[str]:
    """The party keys a typed name can stand for: a country code and/or a name key."""
    keys = {norm(name).replace("-", " ")}
    hit = country(name)
    if hit is not None:
        keys.add(hit.iso3)
    return {k for k in keys if k}


def names_party(name: str, key: str, about: About) -> bool:
    """Whether a typed name names the party ``key`` (its key or its display name)."""
    label = norm(about.name(key))
    return any(same_party(k, key) or k == label for k in _keys(name))


def parse_dyad(text: str) -> tuple[str, str]:
    """ "Israel,Syria" -> ("Israel", "Syria"); InputError unless exactly two names."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise InputError(f"a dyad is two names separated by a comma, e.g. 'Israel,Syria': {text!r}")
    return parts[0], parts[1]


def matches(about: About, actor: str | None, dyad: str | None) -> bool:
    """Whether a storyline passes the ``actor`` and ``dyad`` filters (None: no filter)."""
    if actor is not None and actor.strip():
        parties = {k for pair in about.dyads for k in pair} | set(about.mediators)
        if not any(names_party(actor, k, about) for k in parties):
            return False
    if dyad is not None and dyad.strip():
        a, b = parse_dyad(dyad)
        return any(
            (names_party(a, x, about) and names_party(b, y, about))
            or (names_party(a, y, about) and names_party(b, x, about))
            for x, y in about.dyads
        )
    return True
