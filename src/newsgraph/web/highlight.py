"""Article body text with its facts marked: the one place article text becomes HTML.

Article text is hostile input, so every piece of it goes through ``markupsafe.escape``
here and nothing else builds markup from it. Facts overlap (a time inside a quote, a name
inside a claim), so the body is cut at every fact boundary into flat segments, each
carrying the facts that cover it; one ``<span>`` per segment is always valid HTML.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from newsgraph.model import Brief, Entity

# Fact kinds, in the order their classes are listed and their spans nest (widest first).
KINDS = ("event", "attribution", "quote", "speaker", "source", "entity", "time", "quantity")


@dataclass(frozen=True)
class FactSpan:
    """One fact's place in the body: ``key`` names it in the page's fact table,
    ``entity`` is the entity id a mention or speaker links to."""

    start: int
    end: int
    kind: str
    key: str
    entity: str | None = None


@dataclass(frozen=True)
class Segment:
    """A run of body text covered by the same facts (none for plain text)."""

    text: str
    facts: tuple[FactSpan, ...] = ()


def _valid(start: int | None, end: int | None, size: int) -> bool:
    return start is not None and end is not None and 0 <= start < end <= size


def fact_spans(brief: Brief) -> list[FactSpan]:
    """Every fact with offsets into the body; offsets into the title or subtitle, or that
    fall outside the text (a corrupt or hand-edited brief), are left out, not trusted."""
    size = len(brief.document.text)
    out: list[FactSpan] = []
    for e in brief.entities:
        out += [
            FactSpan(m.start, m.end, "entity", f"entity-{e.id}", e.id)
            for m in e.mentions
            if _valid(m.start, m.end, size)
        ]
    for i, q in enumerate(brief.quotes):
        if q.evidence.field == "text":
            out += _spans(size, ("quote", q.start, q.end, f"quote-{i}", None))
            speaker = ("speaker", q.speaker_start, q.speaker_end, f"quote-{i}", q.speaker)
            out += _spans(size, speaker)
    for i, a in enumerate(brief.attributions):
        if a.evidence.field == "text":
            out += _spans(size, ("attribution", a.start, a.end, f"attribution-{i}", None))
            out += _spans(
                size,
                ("source", a.source_start, a.source_end, f"attribution-{i}", a.source_entity),
            )
    for i, t in enumerate(brief.times):
        if t.evidence.field == "text":
            out += _spans(size, ("time", t.start, t.end, f"time-{i}", None))
    for i, n in enumerate(brief.quantities):
        if n.evidence.field == "text":
            out += _spans(size, ("quantity", n.start, n.end, f"quantity-{i}", None))
    for i, ev in enumerate(brief.events):
        if ev.evidence.field == "text":
            out += _spans(size, ("event", ev.evidence.start, ev.evidence.end, f"event-{i}", None))
    return out


def _spans(size: int, fact: tuple[str, int | None, int | None, str, str | None]) -> list[FactSpan]:
    kind, start, end, key, entity = fact
    if not _valid(start, end, size):
        return []
    assert start is not None and end is not None
    return [FactSpan(start, end, kind, key, entity)]


def segment(text: str, spans: Iterable[FactSpan]) -> list[Segment]:
    """Cut ``text`` at every span boundary; the segments' texts join back to ``text``."""
    spans = [s for s in spans if _valid(s.start, s.end, len(text))]
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    order = {k: i for i, k in enumerate(KINDS)}
    out: list[Segment] = []
    for lo, hi in itertools.pairwise(cuts):
        covering = sorted(
            (s for s in spans if s.start <= lo and hi <= s.end),
            key=lambda s: (order.get(s.kind, len(order)), s.key),
        )
        out.append(Segment(text[lo:hi], tuple(covering)))
    return out


def render(segments: Sequence[Segment], entity_href: Callable[[str], str | None]) -> Markup:
    """Segments to HTML: plain text escaped, covered text in a ``<span>`` naming its fact
    kinds and keys (for the page script), wrapped in a link when it names a stored entity."""
    parts: list[str] = []
    for seg in segments:
        body = escape(seg.text)
        if not seg.facts:
            parts.append(body)
            continue
        kinds = " ".join(dict.fromkeys(f"f-{f.kind}" for f in seg.facts))
        keys = " ".join(dict.fromkeys(f.key for f in seg.facts))
        span = Markup('<span class="fact {}" data-facts="{}" tabindex="0">{}</span>').format(
            kinds, keys, body
        )
        href = _first_href(seg.facts, entity_href)
        if href is not None:
            span = Markup('<a class="entity-link" href="{}">{}</a>').format(href, span)
        parts.append(span)
    return Markup("").join(parts)


def _first_href(facts: Sequence[FactSpan], entity_href: Callable[[str], str | None]) -> str | None:
    for fact in facts:
        if fact.kind in ("entity", "speaker", "source") and fact.entity:
            href = entity_href(fact.entity)
            if href is not None:
                return href
    return None


def highlight(brief: Brief, entity_href: Callable[[str], str | None]) -> Markup:
    """The body of ``brief`` as safe HTML with every fact marked."""
    return render(segment(brief.document.text, fact_spans(brief)), entity_href)


def fact_table(brief: Brief) -> dict[str, dict[str, Any]]:
    """What the page shows when a fact is hovered or clicked: its type and resolved value,
    keyed as in :func:`fact_spans`. Plain strings only: the page inserts them as text."""
    names = {e.id: e.name for e in brief.entities}
    table: dict[str, dict[str, Any]] = {}
    for e in brief.entities:
        table[f"entity-{e.id}"] = {"kind": e.type.lower(), "label": e.name, "value": _roles(e)}
    for i, q in enumerate(brief.quotes):
        who = names.get(q.speaker or "", q.speaker_text or "unknown speaker")
        table[f"quote-{i}"] = {"kind": f"{q.kind} quote", "label": who, "value": q.text}
    for i, a in enumerate(brief.attributions):
        kind = "anonymous attribution" if a.anonymous else "attribution"
        table[f"attribution-{i}"] = {"kind": kind, "label": a.source, "value": a.claim}
    for i, t in enumerate(brief.times):
        value = t.value or "unresolved"
        table[f"time-{i}"] = {"kind": f"time ({t.kind})", "label": t.text, "value": value}
    for i, n in enumerate(brief.quantities):
        table[f"quantity-{i}"] = {
            "kind": f"quantity ({n.kind})",
            "label": n.text,
            "value": _quantity_value(n.value, n.unit, n.normalized),
        }
    for i, ev in enumerate(brief.events):
        table[f"event-{i}"] = {
            "kind": f"event {ev.type} ({ev.status})",
            "label": ev.summary,
            "value": _event_parties(ev.actors, ev.targets, names),
        }
    return table


def _roles(entity: Entity) -> str:
    titles = list(dict.fromkeys(r.title for r in entity.roles))
    return ", ".join(titles) if titles else ""


def _quantity_value(value: float, unit: str | None, normalized: Any) -> str:
    shown = f"{value:g}" + (f" {unit}" if unit else "")
    if normalized is not None:
        shown += f" = {normalized.value:g} {normalized.unit}"
    return shown


def _event_parties(actors: list[str], targets: list[str], names: dict[str, str]) -> str:
    who = ", ".join(names.get(a, a) for a in actors) or "?"
    whom = ", ".join(names.get(t, t) for t in targets)
    return f"{who} → {whom}" if whom else who
