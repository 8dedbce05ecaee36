"""The storyline page's drawings laid out as plain numbers: the timeline strip and the
actor circle. The template renders them as SVG, so no script is needed to see them and
every label goes through the template's autoescaping. Presentation only: the events and
the network come from ``newsgraph.read``."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from newsgraph.read import EventView
from newsgraph.read.storylines import ActorEdge

TIMELINE_WIDTH = 800  # SVG user units; the page zooms by scaling the drawn width
CIRCLE_SIZE = 360


@dataclass(frozen=True)
class Point:
    label: str
    x: float
    y: float


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    title: str


@dataclass(frozen=True)
class CircleLayout:
    size: int
    nodes: list[Point]
    lines: list[Line]


def circle_layout(edges: list[ActorEdge], size: int = CIRCLE_SIZE) -> CircleLayout:
    """Actors on a circle, edges as lines whose width grows with the event count."""
    names = sorted({n for e in edges for n in (e.actor, e.target)})
    radius, centre = size * 0.36, size / 2
    spot: dict[str, Point] = {}
    for i, name in enumerate(names):
        angle = 2 * math.pi * i / max(len(names), 1) - math.pi / 2
        spot[name] = Point(
            name,
            round(centre + radius * math.cos(angle), 1),
            round(centre + radius * math.sin(angle), 1),
        )
    top = max((e.count for e in edges), default=1)
    lines = [
        Line(
            spot[e.actor].x,
            spot[e.actor].y,
            spot[e.target].x,
            spot[e.target].y,
            round(1 + 5 * e.count / top, 1),
            f"{e.actor} → {e.target}: {e.count}",
        )
        for e in edges
    ]
    return CircleLayout(size, [spot[n] for n in names], lines)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class TimelineLayout:
    width: int
    marks: list[tuple[float, int, EventView]]  # x, lane, event
    ticks: list[Tick]


def _day(text: str | None) -> date | None:
    """A "YYYY", "YYYY-MM" or "YYYY-MM-DD" date as its first day, else None."""
    if not text:
        return None
    parts = [*text.split("-"), "01", "01"][:3]
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def timeline_layout(events: list[EventView], width: int = TIMELINE_WIDTH) -> TimelineLayout:
    """Dated events placed by day on a strip; events of one day stack in lanes."""
    dated = [(d, ev) for ev in events if (d := _day(ev.date)) is not None]
    if not dated:
        return TimelineLayout(width, [], [])
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    span, pad = max((last - first).days, 1), 40

    def x_of(d: date) -> float:
        return round(pad + (width - 2 * pad) * (d - first).days / span, 1)

    lanes: Counter[date] = Counter()
    marks: list[tuple[float, int, EventView]] = []
    for d, ev in dated:
        marks.append((x_of(d), lanes[d], ev))
        lanes[d] += 1
    ticks = [Tick(x_of(d), d.isoformat()) for d in sorted(lanes)]
    return TimelineLayout(width, marks, ticks)
