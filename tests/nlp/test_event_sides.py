"""Who an event's sides are when the parse hides them, and no event where no side is there:
a light verb that carries its noun through a preposition ('went on strike'), 'its'/'their'
on an event noun the subject acts on, an event read with no actor and no target in a
sentence that names no political side, a person who merely 'delivers', and
'demonstrated that' (showed)."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from newsgraph.nlp.event_merge import Candidate
from newsgraph.nlp.events import event_candidates
from newsgraph.nlp.people import build_entities

ANCHOR = date(2025, 3, 10)


def _candidates(nlp: Language, text: str) -> list[Candidate]:
    doc = nlp(text)
    return event_candidates(doc, build_entities(doc, ANCHOR))


def _actors(nlp: Language, text: str, etype: str) -> list[str]:
    found = [c for c in _candidates(nlp, text) if c.event.type == etype]
    assert found, [c.event.type for c in _candidates(nlp, text)]
    return [a.text for a in found[0].arg_spans["actors"]]


@pytest.mark.parametrize(
    ("text", "etype", "actor"),
    [
        ("Dock workers went on strike in Mombasa on Monday.", "PROTEST", "Dock workers"),
        ("Kenyan troops remained on alert along the border.", "MOBILIZE", "Kenyan troops"),
        ("Chad and Sudan agreed to a ceasefire after two days of fighting.", "RETREAT", "Chad"),
    ],
)
def test_a_light_verb_with_a_preposition_lends_its_subject(
    nlp: Language, text: str, etype: str, actor: str
) -> None:
    assert actor in _actors(nlp, text, etype)


@pytest.mark.parametrize(
    ("text", "etype", "actor"),
    [
        ("The army completed its investigation into the shooting.", "ACCUSE", "The army"),
        ("The unions ended their strike after three weeks.", "PROTEST", "The unions"),
    ],
)
def test_its_on_an_event_noun_is_the_subject_acting_on_it(
    nlp: Language, text: str, etype: str, actor: str
) -> None:
    assert _actors(nlp, text, etype) == [actor]


def test_a_passive_subject_does_not_own_the_event_noun(nlp: Language) -> None:
    """'its inquiry was criticised': the inquiry's owner is not the one criticised."""
    cands = _candidates(nlp, "The report was criticised for its investigation of the leak.")
    assert all(
        a.text != "The report"
        for c in cands
        if c.event.type == "ACCUSE" and c.nominal
        for a in c.arg_spans["actors"]
    )


@pytest.mark.parametrize(
    "text",
    [
        "The price of the house was based on previous negotiations.",
        "Nothing was decided at the meeting that lasted until midnight.",
        "Women there do not become victims of armed attack, but they cannot work.",
    ],
)
def test_no_side_named_no_event(nlp: Language, text: str) -> None:
    assert [c.event.type for c in _candidates(nlp, text) if not c.event.statement] == []


@pytest.mark.parametrize(
    "text",
    [
        "Protests erupted in Lagos on Monday.",  # a place: coders code its country
        "Talks between rebel leaders resumed on Monday.",  # a role noun
        "The suspect was taken into custody on Friday.",
    ],
)
def test_an_event_with_a_side_somewhere_in_its_sentence_stays(nlp: Language, text: str) -> None:
    assert [c for c in _candidates(nlp, text) if not c.event.statement]


def test_an_event_going_on_from_an_earlier_sentence_stays(nlp: Language) -> None:
    text = (
        "Ethiopian and Egyptian officials held talks in Doha on Monday. "
        "The negotiations lasted until midnight."
    )
    talks = [c for c in _candidates(nlp, text) if c.event.type == "CONSULT"]
    assert len({c.sent for c in talks}) == 2


def test_a_person_who_delivers_gives_nothing(nlp: Language) -> None:
    text = '"He is so personable, and he delivers," said the director.'
    assert "AID" not in {c.event.type for c in _candidates(nlp, text)}
    assert "AID" in {c.event.type for c in _candidates(nlp, "Britain delivered arms to Ukraine.")}


def test_demonstrating_that_something_is_so_is_no_protest(nlp: Language) -> None:
    shown = "The four candidates demonstrated that it helps to have had some training."
    assert "PROTEST" not in {c.event.type for c in _candidates(nlp, shown)}
    marched = "Thousands demonstrated in Nairobi against the tax rises."
    assert "PROTEST" in {c.event.type for c in _candidates(nlp, marched)}
