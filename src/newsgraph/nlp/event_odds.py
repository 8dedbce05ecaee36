"""How likely a read event is one that coders would code: a logistic model over what the
parse says about the candidate, weighed together.

The rules of :mod:`newsgraph.nlp.event_filter` each reject one kind of non-event (a
metaphor, a sports result, an act nobody does). What passes them all can still rest on weak
evidence: no actor named, a sentence that names no nationality, country or political role,
an act of a mild type (a meeting, a request, an allowance) told inside a quotation. No one
of these signs makes a non-event, so no rule can drop on it; taken together they do. The
weights are learnt (``scripts/train_event_odds.py``) from the tuning halves of the
development sets: the PLOVER records and the PETRARCH2 unit tests (the coded event is a
positive), the event-free sentences and the news sentences coded with CAMEO roots (every
event read in a sentence with no gold event is a negative). The model and its threshold are
data (``data/event_odds.json``); docs/events.md says how they were chosen.

Bare statements are left alone: they have rules of their own (a political speaker). So is
an event that goes on with one an earlier sentence reported (the same type), since the
model learnt from sentences read alone and cannot see that evidence.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Entity
from newsgraph.nlp.coref import EntityIndex
from newsgraph.nlp.event_args import Arg
from newsgraph.nlp.event_filter import (
    FilterRules,
    agent_token,
    doer,
    load_rules,
    qualifies,
    role_word,
)
from newsgraph.nlp.event_merge import Candidate, goes_on
from newsgraph.nlp.gazetteer import known_person

MODEL_FILE = "event_odds.json"  # in newsgraph.data
SENTENCE_LABELS = ("GPE", "NORP", "ORG")
QUOTE_MARKS = frozenset({'"', "“", "”"})
# signs that can only count for an event: a side that holds an office, acts on purpose, is
# an actor or a political one; a country, a nationality, an organisation or a political role
# named in the sentence; a place read; a main clause. The model never weighs them against
# one (scripts/train_event_odds.py holds a negative one at zero).
EVIDENCE_FOR = frozenset(
    [
        f"{side} {sign}"
        for side in ("actor", "target")
        for sign in ("office", "doer", "actor", "political")
    ]
    + [f"sentence has {label}" for label in (*SENTENCE_LABELS, "role")]
    + ["place", "main clause"]
)


@dataclass(frozen=True)
class OddsModel:
    """Feature weights, the intercept, and the probability below which an event is dropped."""

    weights: dict[str, float]
    intercept: float
    threshold: float


@lru_cache(maxsize=1)
def load_model() -> OddsModel:
    raw = json.loads(resources.files("newsgraph.data").joinpath(MODEL_FILE).read_text("utf-8"))
    return OddsModel(dict(raw["weights"]), float(raw["intercept"]), float(raw["threshold"]))


def probability(features: dict[str, float], model: OddsModel) -> float:
    """The model's probability that the candidate is a coded event; a feature the model
    never saw weighs nothing."""
    score = model.intercept + sum(model.weights.get(k, 0.0) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, score))))


def _side_features(
    prefix: str, args: list[Arg], index: EntityIndex, rules: FilterRules
) -> dict[str, float]:
    """What the first participant on one side is: named or not, which kind of entity, its
    head's part of speech, whether it holds an office, acts on purpose or names an actor."""
    out = {f"{prefix}any": float(bool(args))}
    if not args:
        return out
    arg = args[0]
    ent = index.get(arg.entity) if arg.entity else None
    head = index.doc[arg.head]
    out[f"{prefix}entity={ent.type if ent else 'none'}"] = 1.0
    out[f"{prefix}pos={head.pos_}"] = 1.0
    out[f"{prefix}office"] = float(_holds_office(ent))
    out[f"{prefix}doer"] = float(doer(arg, index, rules))
    out[f"{prefix}actor"] = float(qualifies(arg, index, rules))
    out[f"{prefix}political"] = float(
        any(agent_token(t, index, rules, strict=True) for t in head.subtree)
    )
    return out


def _holds_office(ent: Entity | None) -> bool:
    """A title the article gives ('Foreign Minister X', 'X, the home secretary') or an office
    the gazetteer knows: what makes a named person a political actor."""
    return ent is not None and (bool(ent.roles) or known_person(ent.name) is not None)


def _sentence_features(sent: Span, tok: Token, rules: FilterRules) -> dict[str, float]:
    """Which sides the sentence names anywhere, whether the predicate sits inside a
    quotation, and how long the sentence is."""
    labels = {t.ent_type_ for t in sent}
    out = {f"sentence has {label}": float(label in labels) for label in SENTENCE_LABELS}
    out["sentence has role"] = float(any(role_word(t, rules) for t in sent))
    opened = sum(t.text in QUOTE_MARKS for t in sent.doc[sent.start : tok.i])
    out["quoted"] = float(opened % 2 == 1)
    out["length"] = min(len(sent), 60) / 60
    return out


def candidate_features(cand: Candidate, doc: Doc, index: EntityIndex) -> dict[str, float]:
    """The signs the model weighs for one candidate (names are the model file's keys)."""
    rules = load_rules()
    tok = doc[cand.token]
    event = cand.event
    out = {
        f"type={event.type}": 1.0,
        f"status={event.status}": 1.0,
        f"stance={cand.intent}": 1.0,
        f"pos={tok.pos_}": 1.0,
        "nominal": float(cand.nominal),
        "main clause": float(cand.depth == 0),
        "depth": min(cand.depth, 4) / 4,
        "place": float(event.place is not None),
    }
    out |= _side_features("actor ", cand.arg_spans.get("actors", []), index, rules)
    out |= _side_features("target ", cand.arg_spans.get("targets", []), index, rules)
    out |= _sentence_features(tok.sent, tok, rules)
    return out


def plausible(cands: list[Candidate], doc: Doc, index: EntityIndex) -> list[Candidate]:
    """The candidates without the events the model finds unlikely. Not weighed: bare
    statements, events that go on with an earlier sentence's event of the same type, and
    acts of someone who holds an office."""
    model = load_model()
    kept: list[Candidate] = []
    for cand in cands:
        if (
            cand.event.statement
            or goes_on(cand, kept)
            or _by_office_holder(cand, index)
            or probability(candidate_features(cand, doc, index), model) >= model.threshold
        ):
            kept.append(cand)
    return kept


def _by_office_holder(cand: Candidate, index: EntityIndex) -> bool:
    """A minister's resignation, a president's request: whoever holds an office is a
    political actor by definition. The training sentences, read alone, title too few people
    to weigh this (the office sign came out at zero), while an article names its officials'
    offices once and then uses their names."""
    actors = cand.arg_spans.get("actors", [])
    return (
        bool(actors) and actors[0].entity is not None and _holds_office(index.get(actors[0].entity))
    )
