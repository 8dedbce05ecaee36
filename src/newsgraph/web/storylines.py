"""Storyline views: a storyline's articles by source, its events (merged across articles)
in date order, its actor network and the disagreements between its sources, built from
the persisted storylines (``resolve.knowledge``). The JSON API
returns these objects and the pages render them, so a page and its twin cannot disagree.

The drawings (timeline strip, actor circle) are laid out here as plain numbers and
rendered by the template as SVG: no script is needed to see them, and every label goes
through the template's autoescaping.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from newsgraph.resolve.knowledge import storyline_view
from newsgraph.store.base import Store, StorylineRow

UNKNOWN_SOURCE = "unknown"
HOME_STORYLINES = 20
TIMELINE_WIDTH = 800  # SVG user units; the page zooms by scaling the drawn width
CIRCLE_SIZE = 360


@dataclass(frozen=True)
class StorylineRef:
    id: str
    title: str
    article_count: int
    path: str


@dataclass(frozen=True)
class StorylineArticle:
    id: str
    title: str
    url: str | None
    published: str | None
    score: float


@dataclass(frozen=True)
class SourceGroup:
    """The articles of one site (the URL's host without "www."), or of "unknown"."""

    source: str
    articles: list[StorylineArticle]


@dataclass(frozen=True)
class EventReport:
    """One article's report of an event: the sentence it was read from."""

    article_id: str
    url: str | None
    published: str | None
    sentence: str
    start: int
    end: int
    source: str = UNKNOWN_SOURCE  # the site, as in "Articles by source"


@dataclass(frozen=True)
class TimelineEvent:
    """One event merged across articles; ``article_id``/``evidence`` are its first report's,
    ``sources`` the URLs of every report (and copies), ``reports`` each report's sentence."""

    date: str | None
    type: str
    status: str
    summary: str
    actors: list[str]
    targets: list[str]
    place: str | None
    article_id: str
    sources: list[str]
    evidence: str
    id: str = ""
    source_count: int = 1
    reports: list[EventReport] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SourceClaim:
    """What one source says about a disputed field, with its sentence."""

    value: str
    article_id: str
    url: str | None
    source: str  # the site, as in "Articles by source"
    sentence: str
    href: str | None = None  # ``url`` where it is safe to link (http or https)


@dataclass(frozen=True)
class SourceDisagreement:
    """Sources of one event that differ on its date, a number, who took part or its status:
    every value is shown, none is picked."""

    event_id: str
    event: str  # the event as the timeline shows it: date, type, summary
    field: str  # date | number | participants | status
    subject: str | None
    values: list[SourceClaim]


@dataclass(frozen=True)
class ActorEdge:
    """Who acts on whom: ``count`` events with ``actor`` acting on ``target``."""

    actor: str
    target: str
    count: int
    types: list[str]


@dataclass(frozen=True)
class StorylineView:
    id: str
    title: str
    articles: list[StorylineArticle]
    sources: list[SourceGroup]
    events: list[TimelineEvent]
    network: list[ActorEdge]
    disagreements: list[SourceDisagreement] = field(default_factory=list)


def storyline_path(storyline_id: str) -> str:
    return f"/storylines/{storyline_id}"


def storyline_refs(store: Store, limit: int = HOME_STORYLINES) -> list[StorylineRef]:
    """The stored storylines, largest first, as links (no brief is read)."""
    return [_ref(row) for row in store.storylines()[:limit]]


def _ref(row: StorylineRow) -> StorylineRef:
    return StorylineRef(row.id, row.title, len(row.articles), storyline_path(row.id))


def source_of(url: str | None) -> str:
    """The site an article came from: its URL's host without "www.", else "unknown"."""
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        host = ""
    return host.removeprefix("www.") or UNKNOWN_SOURCE


def safe_href(url: str | None) -> str | None:
    """``url`` if a page may link it (http or https), else None: a stored URL is input,
    and autoescaping does not stop a ``javascript:`` link."""
    scheme = url.split(":", 1)[0].strip().casefold() if url else ""
    return url if scheme in {"http", "https"} else None


def storyline(store: Store, storyline_id: str) -> StorylineView:
    """One storyline: articles by source, merged events oldest first, the actor network,
    the disagreements between sources."""
    raw = storyline_view(store, storyline_id)
    articles = [_article(a) for a in raw["articles"]]
    events = [_event(e) for e in raw["events"]]
    labels = {e.id: " ".join(filter(None, (e.date, e.type, e.summary))) for e in events}
    found = [_disagreement(d, labels) for d in raw["disagreements"]]
    return StorylineView(raw["id"], raw["title"], articles, group_by_source(articles), events,
                         actor_network(events), found)


def _article(a: dict[str, Any]) -> StorylineArticle:
    return StorylineArticle(a["id"], a["title"] or "", a["url"], a["published"],
                            float(a["score"]))


def _event(e: dict[str, Any]) -> TimelineEvent:
    reports = [EventReport(r["article_id"], r["url"], r["published"], r["sentence"],
                           r["start"], r["end"], source_of(r["url"]))
               for r in e.get("reports", ())]
    return TimelineEvent(e["date"], e["type"], e["status"], e["summary"], list(e["actors"]),
                         list(e["targets"]), e["place"], e["article_id"], list(e["sources"]),
                         e["evidence"], e.get("id", ""), int(e.get("source_count", 1)),
                         reports, list(e.get("mediators", ())))


def _disagreement(d: dict[str, Any], labels: dict[str, str]) -> SourceDisagreement:
    claims = [SourceClaim(v["value"], v["article_id"], v["url"], source_of(v["url"]),
                          v["sentence"], safe_href(v["url"])) for v in d["values"]]
    return SourceDisagreement(d["event_id"], labels.get(d["event_id"], d["event_id"]),
                              d["field"], d.get("subject"), claims)


def group_by_source(articles: list[StorylineArticle]) -> list[SourceGroup]:
    """Articles grouped by site, sites by name with "unknown" last."""
    groups: dict[str, list[StorylineArticle]] = defaultdict(list)
    for a in articles:
        groups[source_of(a.url)].append(a)
    order = sorted(groups, key=lambda s: (s == UNKNOWN_SOURCE, s))
    return [SourceGroup(s, groups[s]) for s in order]


def actor_network(events: list[TimelineEvent]) -> list[ActorEdge]:
    """One edge per (actor, target) pair, weighted by how many events link them."""
    counts: Counter[tuple[str, str]] = Counter()
    types: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ev in events:
        for actor in ev.actors:
            for target in ev.targets:
                if actor != target:
                    counts[(actor, target)] += 1
                    types[(actor, target)].add(ev.type)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [ActorEdge(a, t, n, sorted(types[(a, t)])) for (a, t), n in ranked]


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
        spot[name] = Point(name, round(centre + radius * math.cos(angle), 1),
                           round(centre + radius * math.sin(angle), 1))
    top = max((e.count for e in edges), default=1)
    lines = [
        Line(spot[e.actor].x, spot[e.actor].y, spot[e.target].x, spot[e.target].y,
             round(1 + 5 * e.count / top, 1), f"{e.actor} → {e.target}: {e.count}")
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
    marks: list[tuple[float, int, TimelineEvent]]  # x, lane, event
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


def timeline_layout(events: list[TimelineEvent], width: int = TIMELINE_WIDTH) -> TimelineLayout:
    """Dated events placed by day on a strip; events of one day stack in lanes."""
    dated = [(d, ev) for ev in events if (d := _day(ev.date)) is not None]
    if not dated:
        return TimelineLayout(width, [], [])
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    span, pad = max((last - first).days, 1), 40

    def x_of(d: date) -> float:
        return round(pad + (width - 2 * pad) * (d - first).days / span, 1)

    lanes: Counter[date] = Counter()
    marks: list[tuple[float, int, TimelineEvent]] = []
    for d, ev in dated:
        marks.append((x_of(d), lanes[d], ev))
        lanes[d] += 1
    ticks = [Tick(x_of(d), d.isoformat()) for d in sorted(lanes)]
    return TimelineLayout(width, marks, ticks)
