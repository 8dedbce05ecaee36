"""One event per real-world action: merge candidates that describe the same action.

An article tells one meeting several times: "the two sides met on Monday", "the talks were
hosted by X", "the meeting was meant to ...". A later mention with no
participants of its own that names an event of the same type ("the talks", "the meeting")
refers back to the latest such event, preferring one with the same CAMEO code; mentions with
the same participants, type and a compatible time are one event. The merged event keeps every
evidence sentence (``attributes["more_evidence"]``) and gains what the later mentions add:
place, time, duration, mediators, sources.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from newsgraph.config import MAX_MERGE_LOOKBACK
from newsgraph.model import Event
from newsgraph.nlp.event_args import Arg

WINDOW = 12  # sentences an anaphoric mention may reach back (by candidate count)


@dataclass
class Candidate:
    """One predicate occurrence before merging, with what merging needs to know.

    Defined here, beside the merging that reads it, so that :mod:`newsgraph.nlp.events`
    (which builds candidates) imports this module and not the other way round."""

    event: Event
    token: int
    sent: int
    depth: int
    nominal: bool
    intent: str | None = None  # stance: "intent" or "demand" (see status_of)
    about: int | None = None  # token of an event noun this predicate is about
    past_ref: bool = False
    cameos: set[str] = field(default_factory=set)
    arg_spans: dict[str, list[Arg]] = field(default_factory=dict)
    more_starts: set[int] = field(default_factory=set)  # the more_evidence sentences' starts
    said: bool = False  # read from a speech verb as its speaker's words (01, or 111)


def goes_on(cand: Candidate, earlier: list[Candidate]) -> bool:
    """Whether an earlier sentence read an event of the candidate's type (not a bare
    statement), which this one may go on with ('The negotiations are being mediated by ...'
    after 'X and Y are meeting')."""
    return any(
        c.event.type == cand.event.type and c.sent < cand.sent and not c.event.statement
        for c in earlier
    )


def _times_agree(a: Event, b: Event) -> bool:
    return a.time is None or b.time is None or a.time.value == b.time.value


def _participants(e: Event) -> set[str]:
    return set(e.actors) | set(e.targets)


def _antecedent(cand: Candidate, kept: list[Candidate], same_type: list[int]) -> int | None:
    """The event a participant-less mention ('the talks') refers back to, among the kept
    events of its type (``same_type``: their positions, latest last)."""
    if cand.past_ref:
        return None
    pool: list[int] = []
    for n in reversed(same_type):
        k = kept[n]
        if k.event.actors and _times_agree(k.event, cand.event):
            pool.insert(0, n)
            if len(pool) == WINDOW:
                break
    if cand.event.status in {"happened", "ongoing"}:  # "the talks come ...": the real ones
        pool = [n for n in pool if kept[n].event.status in {"happened", "ongoing"}] or pool
    same_code = [n for n in pool if kept[n].cameos & cand.cameos]
    chosen = same_code or [n for n in pool if "045" not in kept[n].cameos]
    return chosen[-1] if chosen else None


def _same_action(cand: Candidate, k: Candidate) -> bool:
    a, b = cand.event, k.event
    if a.type != b.type or not _times_agree(a, b):
        return False
    mediation = ("045" in cand.cameos) != ("045" in k.cameos)
    if mediation or (cand.sent != k.sent and cand.cameos and not cand.cameos & k.cameos):
        return False
    pa, pb = _participants(a), _participants(b)
    if cand.sent == k.sent:
        return bool(pa and pb and (pa <= pb or pb <= pa))
    return bool(pa) and pa == pb


def _absorb(keep: Candidate, other: Candidate) -> None:
    e, o = keep.event, other.event
    if o.evidence.start != e.evidence.start and o.evidence.start not in keep.more_starts:
        keep.more_starts.add(o.evidence.start)  # a set: one event told 1,000 times is linear
        e.attributes.setdefault("more_evidence", []).append(asdict(o.evidence))
    e.place = e.place or o.place
    e.time = e.time or o.time
    for key, value in o.attributes.items():
        if key not in {"predicate", "more_evidence"}:
            e.attributes.setdefault(key, value)
    e.actors += [x for x in o.actors if x not in e.actors and not e.targets.count(x)]
    e.mediators += [x for x in o.mediators if x not in e.mediators]
    e.sources += [s for s in o.sources if s not in e.sources]
    for eid, code in o.actor_codes.items():
        e.actor_codes.setdefault(eid, code)
    e.confidence = round(min(0.95, max(e.confidence, o.confidence) + 0.05), 2)
    keep.cameos |= other.cameos


def merge_candidates(
    cands: list[Candidate], notes: list[str] | None = None
) -> tuple[list[Candidate], dict[int, int]]:
    """Kept candidates (each one action) and a map token -> position in the kept list.

    Only events of the candidate's own type can be the same action, and only the latest
    MAX_MERGE_LOOKBACK of them are compared (else a list of thousands of distinct
    meetings costs their square); a note goes to ``notes`` when the bound was reached.
    """
    kept: list[Candidate] = []
    where: dict[int, int] = {}
    by_type: dict[str, list[int]] = {}
    for cand in cands:
        same_type = by_type.setdefault(cand.event.type, [])
        if len(same_type) > MAX_MERGE_LOOKBACK and notes is not None and not notes:
            notes.append(
                f"over {MAX_MERGE_LOOKBACK} distinct {cand.event.type} events: each "
                f"later mention was compared with the latest {MAX_MERGE_LOOKBACK}"
            )
        recent = same_type[-MAX_MERGE_LOOKBACK:]
        target: int | None = None
        if not _participants(cand.event) and cand.nominal:
            target = _antecedent(cand, kept, recent)
            if target is None:
                where[cand.token] = -1
                continue
        else:
            target = next((n for n in reversed(recent) if _same_action(cand, kept[n])), None)
        if target is None:
            kept.append(cand)
            same_type.append(len(kept) - 1)
            where[cand.token] = len(kept) - 1
        else:
            _absorb(kept[target], cand)
            where[cand.token] = target
    return kept, where


def implicit_agents(kept: list[Candidate], types: frozenset[str]) -> None:
    """'X appointed a team ... Y, who has been nominated to lead Z': an agentless passive
    appointment continues the one just reported, so it inherits that appointer (flagged
    ``actor_inferred`` and with lower confidence)."""
    for n, cand in enumerate(kept):
        e = cand.event
        if e.type not in types or e.actors or not e.targets or n == 0:
            continue
        prev = kept[n - 1]
        if prev.event.type == e.type and prev.event.actors and cand.sent - prev.sent < 80:
            e.actors = [a for a in prev.event.actors if a not in e.targets]
            e.attributes["actor_inferred"] = True
            e.confidence = round(max(0.3, e.confidence - 0.2), 2)


def link_about(kept: list[Candidate], where: dict[int, int]) -> None:
    """'The talks are mediated by X' / 'pushed by Y': the mediation or push is directed at
    the talks' participants, and a mediator joins the talks themselves."""
    for cand in kept:
        n = where.get(cand.about, -1) if cand.about is not None else -1
        if n < 0 or kept[n] is cand:
            continue
        talks = kept[n].event
        if not cand.event.targets:
            cand.event.targets = [a for a in talks.actors if a not in cand.event.actors]
        if "045" in cand.cameos:
            talks.mediators += [a for a in cand.event.actors if a not in talks.mediators]
