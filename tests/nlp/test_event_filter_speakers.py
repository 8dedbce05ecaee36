"""Second-pass filter rules on short sentences: appeals and demands need a political
speaker, a demand verb reporting a claim is no demand, an election ahead is no event, a verb
with no actor needs an actor as target, a company's statement is no political statement,
and an armed group named '<name> rebels' is the event's actor."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from newsgraph.model import Event
from newsgraph.nlp.event_filter import load_rules, told_in
from newsgraph.nlp.events import extract_events
from newsgraph.nlp.people import build_entities

ANCHOR = date(2025, 3, 10)


def _read(nlp: Language, text: str) -> tuple[list[Event], dict[str, tuple[str, str]]]:
    doc = nlp(text)
    index = build_entities(doc, ANCHOR)
    events = extract_events(doc, index)
    return events, {e.id: (e.name, e.type) for e in index.entities}


def _acts(nlp: Language, text: str) -> list[Event]:
    return [e for e in _read(nlp, text)[0] if not e.statement]


@pytest.mark.parametrize(
    "text",
    [
        "We want Powys people to ask to be referred to our modern hospital.",
        "Talk that the Missouri banks were seeking inflated prices was seen as a reason.",
        "Lord Falconer insists that the proposals do not equate to a police state.",
        "He made a personal appeal to activists to go out and win the next election.",
        "The Liberal Democrats are entering the expected 2005 election campaign.",
        "Files from the CIA contained evidence of programs that allowed hackers to break in.",
        "Kyle Technology Corp. said a Seattle investor has signed a letter of intent.",
    ],
)
def test_no_event_where_no_political_actor_acts(nlp: Language, text: str) -> None:
    assert _acts(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("The United Nations urged Sudan to protect civilians.", "REQUEST"),
        ("Kenyan officials asked Somalia to reopen the border.", "REQUEST"),
        ("Tens of thousands of students demanded the release of the journalists.", "REQUEST"),
        ("The opposition insisted that the president resign.", "REQUEST"),
        ("The militia disarmed under the peace plan.", "RETREAT"),
        ("The blast wounded ten soldiers in Kandahar.", "ASSAULT"),
        ("Kenya and Ethiopia signed a trade agreement with shares for both.", "SUPPORT"),
    ],
)
def test_political_acts_are_kept(nlp: Language, text: str, etype: str) -> None:
    assert etype in {e.type for e in _acts(nlp, text)}


def test_a_company_statement_is_no_political_statement(nlp: Language) -> None:
    company = "BellSouth said the merger would dilute its earnings by 9% next year."
    assert not any(e.statement for e in _read(nlp, company)[0])
    ministry = "Kenya's foreign ministry said the talks were constructive."
    assert any(e.statement for e in _read(nlp, ministry)[0])


def test_business_talk_needs_no_country_named(nlp: Language) -> None:
    rules = load_rules()
    assert any(c.kind == "business" and c.unless_types for c in rules.contexts)
    firms = nlp("Kyle Technology Corp. said a Seattle investor will buy the company.")
    states = nlp("Kenya said an investor will buy shares in the state airline.")
    assert told_in(frozenset({"business"}), firms[:], build_entities(firms, ANCHOR))
    assert not told_in(frozenset({"business"}), states[:], build_entities(states, ANCHOR))


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("M23 rebels attacked an army base in Goma on Tuesday.", "M23"),
        ("Houthi militants fired on a cargo ship in the Red Sea.", "Houthi"),
    ],
)
def test_an_armed_group_named_by_its_fighters_is_the_actor(
    nlp: Language, text: str, group: str
) -> None:
    events, entities = _read(nlp, text)
    (attack,) = [e for e in events if e.type == "ASSAULT"]
    assert [entities[a] for a in attack.actors] == [(group, "GROUP")]


def test_a_group_named_twice_is_one_entity(nlp: Language) -> None:
    events, entities = _read(
        nlp, "M23 rebels seized two villages on Monday, and M23 fighters later withdrew."
    )
    actors = {a for e in events for a in e.actors}
    assert len(actors) == 1 and entities[actors.pop()] == ("M23", "GROUP")
