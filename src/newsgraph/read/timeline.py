"""A timeline: the merged events, oldest first, of a storyline or of a resolved entity,
with the disagreements between their sources (``newsgraph timeline KEY``).

What an analyst reads first must be facts they can place: by default the timeline holds the
events that someone named did (an actor or a mediator) on a known date (the sentence's, or
the article's where it told the event as news, as ``date_source`` says). History the
articles recall ("the 1974 agreement") is kept apart as background: events dated before the
story's first article by more than ``HISTORY_DAYS``. The rest (no one named, no date) stays
available with ``show_all``: nothing is dropped, only left off the first view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from newsgraph.errors import NotFoundError
from newsgraph.read.entities import best_entity, entity_view
from newsgraph.read.events import DisagreementView, EventView
from newsgraph.read.storylines import StorylineView, storyline_view
from newsgraph.resolve.events import day_of
from newsgraph.store.base import Store

HISTORY_DAYS = 7  # an event this long before the first article is background, not news


@dataclass(frozen=True)
class TimelineView:
    """Merged events in date order, of a storyline or of a resolved entity: ``events`` the
    timeline (every event of the story's span when ``show_all``), ``background`` the history
    its articles recall, ``left_out`` how many events the default view does not show (no
    one named or no date), ``span`` the first and last publication dates of its articles."""

    kind: str  # storyline | entity
    id: str
    title: str
    events: list[EventView]
    disagreements: list[DisagreementView]
    background: list[EventView]
    left_out: int
    span: tuple[str | None, str | None]
    show_all: bool


def timeline(store: Store, key: str, show_all: bool = False) -> TimelineView:
    """The events of the storyline with id ``key`` or, failing that, of the resolved
    entity best matching ``key`` (an id or a name); ``show_all`` keeps every event of the span
    in the timeline, not only the named and dated ones."""
    try:
        line = storyline_view(store, key)
    except NotFoundError:
        entity = entity_view(store, best_entity(store, key))
        published = [a.published for a in entity.articles]
        return build_timeline(
            "entity",
            entity.id,
            entity.name,
            entity.events,
            entity.disagreements,
            published,
            show_all,
        )
    return storyline_timeline(line, show_all)


def storyline_timeline(line: StorylineView, show_all: bool = False) -> TimelineView:
    """The timeline of an already read storyline (its page shows both)."""
    published = [a.published for a in line.articles]
    return build_timeline(
        "storyline", line.id, line.title, line.events, line.disagreements, published, show_all
    )


def build_timeline(
    kind: str,
    key: str,
    title: str,
    events: Sequence[EventView],
    disagreements: Sequence[DisagreementView],
    published: Sequence[str | None],
    show_all: bool = False,
) -> TimelineView:
    """The timeline of ``events`` whose articles were published on ``published`` dates."""
    span = story_span(published)
    start = date.fromisoformat(span[0]) if span[0] else None
    background = [e for e in events if is_history(e, start)]
    news = [e for e in events if not is_history(e, start)]
    shown = news if show_all else [e for e in news if on_timeline(e)]
    history = background if show_all else [e for e in background if e.named]
    kept = {e.id for e in (*shown, *history)}
    return TimelineView(
        kind,
        key,
        title,
        shown,
        [d for d in disagreements if d.event_id in kept],
        history,
        len(events) - len(shown) - len(history),
        span,
        show_all,
    )


def story_span(published: Sequence[str | None]) -> tuple[str | None, str | None]:
    """The first and last publication day among ``published`` (None where none is known)."""
    days = sorted(p[:10] for p in published if p and day_of(p[:10]) and len(p) >= 10)
    return (days[0], days[-1]) if days else (None, None)


def on_timeline(event: EventView) -> bool:
    """Whether the default timeline shows the event: someone named did it, on a known date."""
    return event.named and day_of(event.date) is not None


def is_history(event: EventView, first: date | None) -> bool:
    """Whether the event ended more than ``HISTORY_DAYS`` before the story's first article
    (a year-only date ends on 31 December, a month on its last day)."""
    found = day_of(event.date)
    if found is None or first is None:
        return False
    return last_day(found[0], found[1]) < first - timedelta(days=HISTORY_DAYS)


def last_day(start: date, parts: int) -> date:
    """The last day of the year, month or day that begins on ``start``."""
    if parts == 1:
        return date(start.year, 12, 31)
    if parts == 2:
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return start
