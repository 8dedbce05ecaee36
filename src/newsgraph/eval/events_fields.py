"""PLOVER's full record scored beside the type, and the event-free sentences.

Fields (``events/PLOVER_GSR_CAMEO.txt``): each scored on the records whose gold has it,
from newsgraph's main event of the sentence: ``mode`` (the 2016 gold's demo-org/demo-spon
and riot-spon are read as the current demo and riot), ``context`` (a hit when one of ours
is one of the gold's; refugee(s) read as migration), ``eventLoc`` (the gold place name and
the name of our event's place contain one another, case-insensitive), ``dead``,
``injured`` and ``size`` (equal numbers; the gold's "Thousands" or "scores" read with the
same table our reader uses). Records are split into halves by the sha256 of their id
(:mod:`newsgraph.eval.halves`).

Event-free sentences (``tests/data/event_free/sentences.tsv``, see its README): real news
sentences that report no political event; the share of them that gets any event (a bare
public statement, which PLOVER does not code, is not counted), on each half (sha256 of
source and sentence). The later sets (``second_set.tsv``, ``third_set.tsv``) are tuning
data, each also reported alone.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from newsgraph.eval.base import sample, share
from newsgraph.eval.halves import HALVES, Half, half_of
from newsgraph.nlp.event_attributes import load_rules
from newsgraph.nlp.event_merge import Candidate
from newsgraph.nlp.events import event_candidates
from newsgraph.nlp.people import build_entities

EVENT_FREE = Path(__file__).resolve().parents[3] / "tests" / "data" / "event_free" / "sentences.tsv"
EVENT_FREE_SECOND = EVENT_FREE.with_name("second_set.tsv")  # a later draw, tuning data only
EVENT_FREE_THIRD = EVENT_FREE.with_name("third_set.tsv")  # another, tuning data only
SECOND_SET = "second"
LATER_SETS = ((EVENT_FREE_SECOND, SECOND_SET), (EVENT_FREE_THIRD, "third"))
FIELDS = ("mode", "context", "location", "dead", "injured", "size")


@dataclass
class FieldGold:
    """The supplementary fields of one PLOVER record (None or empty where it has none)."""

    id: str
    mode: str | None
    context: list[str] = field(default_factory=list)
    location: str | None = None
    dead: int | None = None
    injured: int | None = None
    size: int | None = None


@dataclass
class FieldReading:
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    location: str | None = None
    dead: int | None = None
    injured: int | None = None
    size: int | None = None


def gold_number(raw: Any) -> int | None:
    """'23' -> 23, 'Tens of thousands' -> the vague table's value, 'group' -> None."""
    if raw is None or raw == "":
        return None
    text = str(raw).strip().lower()
    if re.fullmatch(r"\d[\d,]*", text):
        return int(text.replace(",", ""))
    return load_rules().vague.get(text)


def load_field_gold(folder: Path) -> list[FieldGold]:
    """One entry per record ``load_plover`` keeps, in the same order."""
    rules = load_rules()
    raw = json.loads((folder / "PLOVER_GSR_CAMEO.txt").read_text(encoding="utf-8"))
    out = []
    for rec in raw:
        if rec.get("event") == "DOCUMENT" or not rec.get("text"):
            continue
        mode = (rec.get("mode") or "").strip() or None
        ctx = [c.strip() for c in (rec.get("context") or "").split(",") if c.strip()]
        loc = rec.get("eventLoc") or {}
        out.append(
            FieldGold(
                id=rec["id"],
                mode=rules.gold_modes.get(mode, mode) if mode else None,
                context=[rules.gold_contexts.get(c, c) for c in ctx if c != "unknown"],
                location=loc.get("name") if isinstance(loc, dict) else None,
                dead=gold_number(rec.get("dead")),
                injured=gold_number(rec.get("injured")),
                size=gold_number(rec.get("size")),
            )
        )
    return out


def read_fields(doc: Doc, pick: Any) -> FieldReading:
    """Our main event's fields (``pick`` chooses the main candidate, as the type scorer)."""
    index = build_entities(doc, None)
    cand: Candidate | None = pick(event_candidates(doc, index))
    if cand is None:
        return FieldReading()
    e = cand.event
    place = index.get(e.place) if e.place else None
    return FieldReading(
        e.mode, list(e.context), place.name if place else None, e.dead, e.injured, e.size
    )


def _field_right(name: str, ours: FieldReading, gold: FieldGold) -> bool:
    if name == "context":
        return bool(set(ours.context) & set(gold.context))
    if name == "location":
        a, b = (ours.location or "").lower(), (gold.location or "").lower()
        return bool(a and b and (a in b or b in a))
    return bool(getattr(ours, name) == getattr(gold, name))


def field_metrics(readings: list[FieldReading], gold: list[FieldGold]) -> dict[str, float]:
    """Accuracy of each field on the records that have it, overall and on each half."""
    out: dict[str, float] = {}
    for name in FIELDS:
        for half in (None, *HALVES):
            pairs = [
                (r, g)
                for r, g in zip(readings, gold, strict=True)
                if getattr(g, name) not in (None, []) and (half is None or half_of(g.id) == half)
            ]
            label = f"{name} accuracy" + (f" ({half} half)" if half else "")
            out[label] = sum(_field_right(name, r, g) for r, g in pairs) / (len(pairs) or 1)
            out[label.replace("accuracy", "records")] = float(len(pairs))
    return out


# ----------------------------------------------------------------------------- event-free


def load_event_free(path: Path = EVENT_FREE) -> list[dict[str, str]]:
    """The event-free sentences (source, sentence, kind, why); empty where absent."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def load_all_event_free() -> list[dict[str, str]]:
    """The event-free set, then its later sets (tuning only: each row's ``set`` says which)."""
    later = [dict(row, set=name) for path, name in LATER_SETS for row in load_event_free(path)]
    return load_event_free() + later


def event_free_key(row: dict[str, str]) -> str:
    """The name an event-free sentence is halved by: its source and text."""
    return f"{row['source']}\t{row['sentence']}"


def event_free_half(row: dict[str, str]) -> Half:
    """The later sets are tuning data; the first is halved by its source and text."""
    return "tuning" if row.get("set") else half_of(event_free_key(row))


def event_free_metrics(rows: list[dict[str, str]], fired: list[bool]) -> dict[str, float]:
    """The share of event-free sentences with an event (``fired``: newsgraph read one that
    is not a bare statement), on each half, on each later set alone and overall."""
    hits: dict[str, list[bool]] = {h: [] for h in HALVES}
    later: dict[str, list[bool]] = {}
    for row, hit in zip(rows, fired, strict=True):
        hits[event_free_half(row)].append(hit)
        if row.get("set"):
            later.setdefault(row["set"], []).append(hit)
    every = hits["tuning"] + hits["check"]
    out = {"event-free sentences with an event": share(every)}
    for half, seen in hits.items():
        out[f"event-free sentences with an event ({half} half)"] = share(seen)
    for name, seen in later.items():
        out[f"event-free sentences with an event ({name} set, tuning)"] = share(seen)
    return out


def full_record_metrics(
    docs: list[Doc], folder: Path, limit: int | None, pick: Any
) -> dict[str, float]:
    """The field accuracies on the PLOVER records (``docs``, parsed in ``load_plover``'s
    order; the first ``limit`` records under ``--limit``)."""
    gold = sample(load_field_gold(folder), limit)
    return field_metrics([read_fields(d, pick) for d in docs], gold)
