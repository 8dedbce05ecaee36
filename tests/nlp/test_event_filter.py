"""The event filter on short sentences: metaphors, sports, business, ceremonies, accidents,
illness and actorless readings give no event; true political events are still found."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from newsgraph.model import Event
from newsgraph.nlp.event_filter import load_rules
from newsgraph.nlp.events import extract_events
from newsgraph.nlp.people import build_entities

ANCHOR = date(2025, 3, 10)


def _events(nlp: Language, text: str) -> list[Event]:
    doc = nlp(text)
    return [e for e in extract_events(doc, build_entities(doc, ANCHOR)) if not e.statement]


@pytest.mark.parametrize(
    "text",
    [
        # metaphor frames
        "The minister took a parting shot at the chancellor over the budget.",
        "Mr Howard attacked the lies in the Labour manifesto.",
        "Campaign groups said trade policy was a major barrier to fighting poverty.",
        "The opening shot in that battle was fired at the weekend.",
        "Sales shot up 7.9 percent last month.",
        "The governor said the state would meet its targets for new schools.",
        "The judge was taken to hospital after a heart attack.",
        "Alito later seized on the lawyer's argument.",
        "The party is eager to tap a growing list of small donors.",
        "Clinton is having to fight harder than she had planned.",
        # sports
        "Arsenal beat Chelsea 2-1 in the cup final on Saturday.",
        "England beat Pakistan by 107 runs in the second one-day international.",
        "Tapani allowed two runs and six hits over seven innings.",
        # business
        "Jayark Corp. agreed to pay $4 million in cash to acquire Kofcoh Imports Inc.",
        "LIN and BellSouth sweetened their merger agreement to keep shareholders.",
        # ceremony
        "The charity gave him its Tree of Life award in the early 1980s.",
        "Stars accepted awards at the ceremony for their outstanding work.",
        # accident and illness
        "A mine collapse in Shanxi killed nine workers on Tuesday.",
        "A Russian airliner crashed as it came in to land, killing all 141 people on board.",
        "The surgery was cancelled when the cancer was discovered in his liver.",
        # no actor
        "I agree with much of what he said about the leadership.",
    ],
)
def test_no_event_where_nothing_political_happened(nlp: Language, text: str) -> None:
    assert _events(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Police arrested 20 protesters in Cairo.", "COERCE"),
        ("Militants killed 9 soldiers.", "ASSAULT"),
        ("Israeli soldiers routinely beat up Palestinian detainees.", "ASSAULT"),
        ("A Serbian army jet shot down a helicopter carrying truce monitors.", "ASSAULT"),
        ("Three US servicemen were killed by an improvised explosive device in Basra.", "ASSAULT"),
        ("The US Congress agreed to lift embargoes on pharmaceutical sales to Iran.", "AGREE"),
        ("Mr Blair signed the constitution at a ceremony in Rome.", "SUPPORT"),
        ("Bodyguards fired at spectators of a football match, killing 20 people.", "ASSAULT"),
        ("Kenyan President William Ruto met Ethiopian leaders in Nairobi.", "CONSULT"),
    ],
)
def test_true_political_events_are_kept(nlp: Language, text: str, etype: str) -> None:
    assert etype in {e.type for e in _events(nlp, text)}


def test_every_rule_kind_is_named_and_loaded() -> None:
    rules = load_rules()
    kinds = {f.kind for f in rules.frames} | {c.kind for c in rules.contexts}
    assert {"metaphor", "sports", "business", "ceremony", "accident", "illness"} <= kinds
    assert all(f.predicates for f in rules.frames)
    assert all(c.predicates and (c.cues or c.patterns) for c in rules.contexts)
    assert {"arrest", "bombing", "talks"} <= rules.unambiguous
