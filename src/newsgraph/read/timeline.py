"""A timeline: the merged events, oldest first, of a storyline or of a resolved entity,
with the disagreements between their sources (``newsgraph timeline KEY``)."""

from __future__ import annotations

from dataclasses import dataclass

from newsgraph.errors import NotFoundError
from newsgraph.read.entities import best_entity, entity_view
from newsgraph.read.events import DisagreementView, EventView
from newsgraph.read.storylines import storyline_view
from newsgraph.store.base import Store


@dataclass(frozen=True)
class TimelineView:
    """Merged events in date order, of a storyline or of a resolved entity."""

    kind: str  # storyline | entity
    id: str
    title: str
    events: list[EventView]
    disagreements: list[DisagreementView]


def timeline(store: Store, key: str) -> TimelineView:
    """The events of the storyline with id ``key`` or, failing that, of the resolved
    entity best matching ``key`` (an id or a name)."""
    try:
        line = storyline_view(store, key)
    except NotFoundError:
        entity = entity_view(store, best_entity(store, key))
        return TimelineView("entity", entity.id, entity.name, entity.events, entity.disagreements)
    return TimelineView("storyline", line.id, line.title, line.events, line.disagreements)
