"""Where the sources of one merged event disagree, recorded rather than resolved.

A merged event (``resolve.events``) keeps each article's report. Reports are compared on
four fields: the date, the numbers in the event's sentences (same kind and unit, e.g. a
count of "soldier", but another value), who took part (only roles both reports fill, so
silence is not disagreement) and the status (happened, planned, denied). Each disagreement
lists every source's value with its sentence, so a reader sees both sides and judges.
A plan reported before another source says it happened is the story moving on, not a
disagreement, so such early "planned" reports are left out of the status comparison.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsgraph.model import Quantity
from newsgraph.resolve.events import (
    UNDATED,
    EventMention,
    MergedEvent,
    MergeRules,
    dates_fit,
    merge_rules,
)

FIELDS = ("date", "number", "participants", "status")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
_SUFFIX = re.compile(r"(?:ing|ed|es|s|e)$")
_NumberKey = tuple[str, str]


@dataclass(frozen=True)
class Claim:
    """What one source says about the disputed field."""

    value: str
    article_id: str
    url: str | None
    sentence: str


@dataclass(frozen=True)
class Disagreement:
    """Sources of one event that say different things about one field."""

    event_id: str
    field: str  # date | number | participants | status
    subject: str | None  # what is disputed: "soldier (count)", "mediators", ...
    values: list[Claim]

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "field": self.field,
            "subject": self.subject,
            "values": [vars(c).copy() for c in self.values],
        }


def find_disagreements(
    events: Iterable[MergedEvent], rules: MergeRules | None = None
) -> list[Disagreement]:
    """Every disagreement between the sources of each event reported by >= 2 articles;
    one already shown for an event from the same sentences (two events read from one
    sentence, say "attacked ... killing 12") is not repeated."""
    rules = rules or merge_rules()
    out: list[Disagreement] = []
    shown: set[tuple[str, str | None, tuple[Claim, ...]]] = set()
    for ev in events:
        if len({m.article_id for m in ev.members}) < 2:
            continue
        for d in (
            *date_disagreements(ev),
            *number_disagreements(ev, rules),
            *participant_disagreements(ev, rules),
            *status_disagreements(ev, rules),
        ):
            key = (d.field, d.subject, tuple(d.values))
            if key not in shown:
                shown.add(key)
                out.append(d)
    return out


def _claim(m: EventMention, value: str, sentence: str | None = None) -> Claim:
    return Claim(value, m.article_id, m.url, m.evidence.sentence if sentence is None else sentence)


def date_disagreements(ev: MergedEvent) -> list[Disagreement]:
    """Reports whose own dates cannot be one day ("2024-03" fits "2024-03-05")."""
    dated = [m for m in ev.members if m.date]
    clash = any(not dates_fit(a.date, b.date) for i, a in enumerate(dated) for b in dated[i:])
    if not clash:
        return []
    return [Disagreement(ev.id, "date", None, [_claim(m, m.date or "") for m in dated])]


def number_disagreements(ev: MergedEvent, rules: MergeRules) -> list[Disagreement]:
    """Same kind of number about the same thing, different values across sources."""
    said: dict[_NumberKey, list[tuple[EventMention, Quantity]]] = {}
    for m in ev.members:
        for key, q in _numbers(m, rules).items():
            said.setdefault(key, []).append((m, q))
    out = []
    for key in sorted(said):
        pairs = said[key]
        if len(pairs) > 1 and len({_value(q) for _, q in pairs}) > 1:
            claims = [_claim(m, q.text, q.evidence.sentence) for m, q in pairs]
            out.append(Disagreement(ev.id, "number", _subject(key), claims))
    return out


def _numbers(m: EventMention, rules: MergeRules) -> dict[_NumberKey, Quantity]:
    """The report's one number per key; a key given two values in one report is dropped
    (the report does not say which one is about the event)."""
    seen: dict[_NumberKey, list[Quantity]] = {}
    for q in m.quantities:
        if q.kind not in rules.ignored_quantity_kinds:
            seen.setdefault(number_key(q), []).append(q)
    return {k: qs[0] for k, qs in seen.items() if len({_value(q) for q in qs}) == 1}


def number_key(q: Quantity) -> _NumberKey:
    """What a number counts or measures: its kind and (normalised) unit, which for a
    count is its head noun ("soldier"); a bare number is keyed by the word before it,
    stemmed ("killing 12" and "killed 15" are both "kill")."""
    unit = q.normalized.unit if q.normalized else q.unit
    if unit:
        return (q.kind, unit)
    offset = q.start - q.evidence.start
    before = _WORD_BEFORE.search(q.evidence.sentence[: max(offset, 0)]) if offset > 0 else None
    word = before.group(1).casefold() if before else ""
    return (q.kind, "after " + (_SUFFIX.sub("", word) if len(word) > 4 else word))


def _value(q: Quantity) -> float:
    return q.normalized.value if q.normalized else q.value


def _subject(key: _NumberKey) -> str:
    return f"{key[1]} ({key[0]})"


def participant_disagreements(ev: MergedEvent, rules: MergeRules) -> list[Disagreement]:
    """Roles two or more sources fill with different entities; for symmetric types
    ("met", "agreed") actors and targets are compared together as "participants"."""
    names = {p.id: p.name for p in (*ev.actors, *ev.targets, *ev.mediators)}
    symmetric = any(m.type in rules.symmetric for m in ev.members)
    roles: dict[str, list[tuple[EventMention, tuple[str, ...]]]] = {}
    for m in ev.members:
        given = (
            {"participants": (*m.actors, *m.targets)}
            if symmetric
            else {"actors": m.actors, "targets": m.targets}
        )
        for role, ids in {**given, "mediators": m.mediators}.items():
            if ids:
                roles.setdefault(role, []).append((m, ids))
    out = []
    for role, said in roles.items():
        if len(said) > 1 and len({frozenset(ids) for _, ids in said}) > 1:
            claims = [_claim(m, ", ".join(_names(ids, names))) for m, ids in said]
            out.append(Disagreement(ev.id, "participants", role, claims))
    return out


def _names(ids: Sequence[str], names: Mapping[str, str]) -> list[str]:
    return sorted({names.get(i, i) for i in ids})


def status_disagreements(ev: MergedEvent, rules: MergeRules) -> list[Disagreement]:
    """Sources that claim it happened, was only planned, or was denied."""
    claims = {m.key: rules.status_claims.get(m.status, m.status) for m in ev.members}
    happened = [m.published or UNDATED for m in ev.members if claims[m.key] == "happened"]
    since = min(happened, default=None)
    kept = [
        m
        for m in ev.members
        if not (
            claims[m.key] == "planned" and since is not None and (m.published or UNDATED) < since
        )
    ]
    if len({claims[m.key] for m in kept}) < 2:
        return []
    return [Disagreement(ev.id, "status", None, [_claim(m, m.status) for m in kept])]
