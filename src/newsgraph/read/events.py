"""Events as every view shows them: each article's events turned into reports with
resolved entity ids, merged across articles (``resolve.events``), and the disagreements
between the sources of one event (``resolve.disagreements``). A storyline's timeline, an
entity's events and the export's merged-event ids all come from here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsgraph.model import Brief, Event, Quantity
from newsgraph.read.refs import outlet_of, safe_href
from newsgraph.resolve.disagreements import Disagreement, find_disagreements
from newsgraph.resolve.events import EventMention, MergedEvent, Party, merge_events
from newsgraph.store.base import Store

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")
_PLACE_TYPES = frozenset({"PLACE", "COUNTRY"})


@dataclass(frozen=True)
class Report:
    """One article's report of an event: the sentence it was read from."""

    article_id: str
    url: str | None
    published: str | None
    sentence: str
    start: int
    end: int
    outlet: str


@dataclass(frozen=True)
class EventView:
    """One real event merged across the articles that report it. Names in ``actors``,
    ``targets``, ``mediators`` and ``place``, resolved ids beside them; ``article_id`` and
    ``evidence`` are the first report's; ``sources`` the URLs of every report and copy."""

    id: str
    date: str | None
    type: str
    cameo: str | None
    summary: str
    status: str
    actors: list[str]
    targets: list[str]
    mediators: list[str]
    place: str | None
    actor_ids: list[str]
    target_ids: list[str]
    mediator_ids: list[str]
    place_id: str | None
    article_id: str
    evidence: str
    sources: list[str]
    source_count: int
    reports: list[Report]
    confidence: float
    date_source: str | None = None  # sentence | article (its publication date) | None
    precision: str | None = None  # day | month | year, of ``date``

    @property
    def label(self) -> str:
        """How a list names the event: its date, type and summary."""
        return " ".join(filter(None, (self.date, self.type, self.summary)))

    @property
    def named(self) -> bool:
        """Whether someone named did it (an actor or a mediator): "someone release" is not
        a fact an analyst can place."""
        return bool(self.actors or self.mediators)


@dataclass(frozen=True)
class Claim:
    """What one source says about a disputed field, with its sentence."""

    value: str
    article_id: str
    url: str | None
    outlet: str
    sentence: str
    href: str | None  # ``url`` where a page may link it (http or https)


@dataclass(frozen=True)
class DisagreementView:
    """Sources of one event that differ on its date, a number, who took part or its
    status: every value is shown, none is picked."""

    event_id: str
    event: str  # the event as the timeline shows it: date, type, summary
    field: str  # date | number | participants | status
    subject: str | None
    values: list[Claim]


def own_date(event: Event) -> str | None:
    """The event's own date where its time names one (not the publication date)."""
    found = _DATE.match(event.time.value or "") if event.time else None
    return found.group(0) if found else None


def event_mentions(
    article_id: str,
    brief: Brief,
    linked: Mapping[str, str],
    copies: tuple[str, ...] = (),
    only: set[str] | None = None,
) -> list[EventMention]:
    """An article's events as reports with global entity ids (those involving one of
    ``only``'s local ids, if given); an unlinked entity stands as ``<article>/<local>``."""

    def gid(local: str) -> str:
        return linked.get(local, f"{article_id}/{local}")

    names = {gid(e.id): e.name for e in brief.entities}
    places = [
        (m.start, gid(e.id)) for e in brief.entities if e.type in _PLACE_TYPES for m in e.mentions
    ]
    by_sentence: dict[tuple[str, int], list[Quantity]] = {}
    for q in brief.quantities:
        by_sentence.setdefault((q.evidence.field, q.evidence.start), []).append(q)
    doc, out = brief.document, []
    for n, ev in enumerate(brief.events, start=1):
        if ev.statement:  # PLOVER has no statements: the CAMEO export keeps them
            continue
        if only is not None and not {*ev.actors, *ev.targets, *ev.mediators, ev.place} & only:
            continue
        numbers = [
            q
            for start in _sentence_starts(ev)
            for q in by_sentence.get((ev.evidence.field, start), ())
        ]
        out.append(
            EventMention(
                article_id,
                n,
                ev.type,
                ev.summary,
                ev.evidence,
                ev.status,
                own_date(ev),
                doc.published,
                doc.url,
                ev.cameo,
                tuple(map(gid, ev.actors)),
                tuple(map(gid, ev.targets)),
                tuple(map(gid, ev.mediators)),
                gid(ev.place) if ev.place else None,
                names,
                _places_in(ev, places),
                tuple(numbers),
                copies,
                ev.confidence,
            )
        )
    return out


def _places_in(event: Event, places: Sequence[tuple[int, str]]) -> frozenset[str]:
    """Places and countries mentioned in the event's sentence (of the body)."""
    ev = event.evidence
    if ev.field != "text":
        return frozenset()
    return frozenset(gid for start, gid in places if ev.start <= start < ev.end)


def _sentence_starts(event: Event) -> list[int]:
    """The event's sentence and those its in-article merge folded in."""
    more = event.attributes.get("more_evidence", [])
    extra = [m["start"] for m in more if isinstance(m, dict) and isinstance(m.get("start"), int)]
    return list(dict.fromkeys([event.evidence.start, *extra]))


def links_by_article(store: Store, article_ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """Local entity id -> resolved id for each of ``article_ids``."""
    wanted = set(article_ids)
    out: dict[str, dict[str, str]] = {aid: {} for aid in wanted}
    for link in store.links_of_articles(wanted):
        out[link.article_id][link.local_id] = link.global_id
    return out


def copies_of(store: Store, article_id: str) -> tuple[str, ...]:
    """URLs of the article's near-duplicate copies (other outlets carrying the same text)."""
    return tuple(s.url for s in store.sources(article_id))


def merge_reports(
    mentions: Iterable[EventMention],
) -> tuple[list[EventView], list[DisagreementView]]:
    """Reports merged into events (date order) and the disagreements between sources."""
    merged = merge_events(mentions)
    views = [event_view(e) for e in merged]
    labels = {e.id: e.label for e in views}
    return views, [disagreement_view(d, labels) for d in find_disagreements(merged)]


def event_view(event: MergedEvent) -> EventView:
    """A merged event as every view shows it (see ``EventView``)."""
    first = event.sources[0]
    urls = [u for m in event.members for u in (m.url or f"article {m.article_id}", *m.copies)]
    reports = [
        Report(s.article_id, s.url, s.published, s.sentence, s.start, s.end, outlet_of(s.url))
        for s in event.sources
    ]
    return EventView(
        event.id,
        event.date,
        event.type,
        event.cameo,
        event.summary,
        event.status,
        _names(event.actors),
        _names(event.targets),
        _names(event.mediators),
        event.place.name if event.place else None,
        _ids(event.actors),
        _ids(event.targets),
        _ids(event.mediators),
        event.place.id if event.place else None,
        first.article_id,
        first.sentence,
        list(dict.fromkeys(urls)),
        len(event.sources),
        reports,
        event.confidence,
        event.date_source,
        event.precision,
    )


def _names(parties: Sequence[Party]) -> list[str]:
    return [p.name for p in parties]


def _ids(parties: Sequence[Party]) -> list[str]:
    return [p.id for p in parties]


def disagreement_view(d: Disagreement, labels: Mapping[str, str]) -> DisagreementView:
    claims = [
        Claim(c.value, c.article_id, c.url, outlet_of(c.url), c.sentence, safe_href(c.url))
        for c in d.values
    ]
    return DisagreementView(
        d.event_id, labels.get(d.event_id, d.event_id), d.field, d.subject, claims
    )
