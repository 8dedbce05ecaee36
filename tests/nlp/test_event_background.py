"""An event noun that only refers to an event is no event ('before the election'), and a
statement needs a political speaker on an occasion: not a company, a medium, or someone
who 'often says' something."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from newsgraph.model import Event
from newsgraph.nlp.event_merge import Candidate
from newsgraph.nlp.events import event_candidates, extract_events
from newsgraph.nlp.people import build_entities

ANCHOR = date(2025, 3, 10)


def _events(nlp: Language, text: str) -> list[Event]:
    doc = nlp(text)
    return extract_events(doc, build_entities(doc, ANCHOR))


def _candidates(nlp: Language, text: str) -> list[Candidate]:
    """Every event read before merging (which also drops events with no participant)."""
    doc = nlp(text)
    return event_candidates(doc, build_entities(doc, ANCHOR))


@pytest.mark.parametrize(
    "text",
    [
        "The author wants the book out before the election.",
        "The bombing will doubtless set back those efforts.",
        "The dispute in Nevada showed the determination of her rivals ahead of the nomination.",
    ],
)
def test_an_event_noun_used_as_a_reference_is_no_event(nlp: Language, text: str) -> None:
    assert [c.event.type for c in _candidates(nlp, text) if not c.event.statement] == []


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("The bombing killed five people in Kabul.", "ASSAULT"),
        ("Protests erupted in Lagos on Monday.", "PROTEST"),
        ("Months of protests in Lagos shook the government.", "PROTEST"),
        ("The talks were mediated by Qatar.", "CONSULT"),
    ],
)
def test_an_event_noun_that_a_verb_reports_stays_an_event(
    nlp: Language, text: str, etype: str
) -> None:
    assert etype in {c.event.type for c in _candidates(nlp, text)}


@pytest.mark.parametrize(
    "text",
    [
        '"The moment he hit the gas, I knew," said WCCO TV Managing Editor Angela Benson.',
        "Kyle Technology Corp. said its sales rose in March.",
        "The Washington Post said its new edition will appear on Monday.",
        "Government ministers often say the economy is strong.",
    ],
)
def test_no_statement_from_a_company_a_medium_or_habitual_speech(nlp: Language, text: str) -> None:
    assert [e for e in _events(nlp, text) if e.statement] == []


@pytest.mark.parametrize(
    "text",
    [
        "Kenya's foreign minister said the talks were constructive.",
        "The Interior Ministry said the border would stay open.",
        "Amnesty International said the trial would resume in May.",
    ],
)
def test_political_speakers_still_make_statements(nlp: Language, text: str) -> None:
    assert [e.cameo[:2] for e in _events(nlp, text) if e.statement and e.cameo] != []
