"""General argument rules for event participants, each on a short sentence of our own:
participle clauses, 'according to' sources, mediation 'between' phrases, collective and
reciprocal nouns and bare demands ('X said Y must ...')."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from newsgraph.model import Event
from newsgraph.nlp.event_lexicon import load_lexicon
from newsgraph.nlp.events import extract_events
from newsgraph.nlp.people import build_entities

ANCHOR = date(2025, 3, 10)
LEX = load_lexicon()


def _events(nlp: Language, text: str) -> tuple[list[Event], dict[str, str]]:
    doc = nlp(text)
    index = build_entities(doc, ANCHOR)
    return extract_events(doc, index, [], [], ANCHOR), {e.id: e.name for e in index.entities}


def _of_type(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert found, [(e.type, e.summary) for e in events]
    return found[0]


def test_statement_issuer_acts_in_its_participle_clause(nlp: Language) -> None:
    text = "The Kenyan government issued a statement demanding that Uganda withdraw its troops."
    events, names = _events(nlp, text)
    request = _of_type(events, "REQUEST")
    assert [names[a] for a in request.actors] == ["Kenya"]


@pytest.mark.parametrize("prep", sorted(LEX.arg("attribution_preps")))
def test_cited_source_is_not_a_target(nlp: Language, prep: str) -> None:
    text = f"Ghana shared evidence {prep} to Nigerian officials."
    events, names = _events(nlp, text)
    assert not _of_type(events, "COOPERATE").targets
    events, names = _events(nlp, "Ghana shared evidence with Nigerian officials.")
    assert [names[t] for t in _of_type(events, "COOPERATE").targets] == ["Nigeria"]


def test_mediator_acts_on_the_sides_between(nlp: Language) -> None:
    events, names = _events(nlp, "Qatar launched a mediation effort between Chad and Sudan.")
    e = _of_type(events, "CONSULT")
    assert [names[a] for a in e.actors] == ["Qatar"]
    assert {names[t] for t in e.targets} == {"Chad", "Sudan"}
    events, names = _events(nlp, "Talks between Chad and Sudan broke down.")
    assert {names[a] for a in events[0].actors} == {"Chad", "Sudan"}


@pytest.mark.parametrize("noun", sorted(LEX.arg("collective_nouns")))
def test_collective_noun_with_a_national_modifier_is_a_target(nlp: Language, noun: str) -> None:
    events, names = _events(nlp, f"Tanzania accused the Kenyan {noun} of fraud.")
    assert "Kenya" in {names[t] for t in _of_type(events, "ACCUSE").targets}


@pytest.mark.parametrize("cue", sorted(LEX.arg("reciprocal_determiners")))
def test_reciprocal_noun_stands_for_the_parties_named(nlp: Language, cue: str) -> None:
    text = f"Peru and Chile ended a long dispute, and {cue} countries signed a treaty."
    events, names = _events(nlp, text)
    signed = [e for e in events if e.attributes.get("predicate") in {"sign", "treaty"}]
    assert signed, [(e.type, e.summary) for e in events]
    assert {names[a] for a in signed[0].actors} == {"Peru", "Chile"}


def test_demand_of_an_act_the_lexicon_does_not_know(nlp: Language) -> None:
    events, names = _events(nlp, "Germany said on Monday that Poland must return the paintings.")
    e = _of_type(events, "REQUEST")
    assert [names[a] for a in e.actors] == ["Germany"]
    assert [names[t] for t in e.targets] == ["Poland"]
    assert e.attributes["demanded"] == "return"
    events, _ = _events(nlp, "Germany said on Monday that Poland returned the paintings.")
    assert not [e for e in events if e.type == "REQUEST"]
