"""Readings that report no act though a lexicon word is there (a question, a visit to one's
family, an act named as a risk, a question put to someone), and claims that are statements
rather than the act their verb names ('denied that ...', 'insisted that ...')."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from newsgraph.model import Event
from newsgraph.nlp.actors import sector_for
from newsgraph.nlp.events import extract_events
from newsgraph.nlp.people import build_entities

ANCHOR = date(2025, 3, 10)


def _events(nlp: Language, text: str) -> list[Event]:
    doc = nlp(text)
    return extract_events(doc, build_entities(doc, ANCHOR))


def _acts(nlp: Language, text: str) -> set[str]:
    return {e.type for e in _events(nlp, text) if not e.statement}


@pytest.mark.parametrize(
    ("asked", "told", "etype"),
    [
        (
            "Did the army shell the border town on Monday?",
            "The army shelled the border town on Monday.",
            "ASSAULT",
        ),
        (
            "Has Washington ever imposed sanctions on Iran?",
            "Washington imposed sanctions on Iran.",
            "SANCTION",
        ),
    ],
)
def test_a_yes_no_question_reports_no_act(nlp: Language, asked: str, told: str, etype: str) -> None:
    assert etype in _acts(nlp, told)
    assert etype not in _acts(nlp, asked)


def test_a_visit_to_ones_own_family_is_private(nlp: Language) -> None:
    assert "CONSULT" not in _acts(nlp, "The former president visited his daughter in Geneva.")
    assert "CONSULT" in _acts(nlp, "The president visited Ethiopian leaders in Addis Ababa.")


def test_a_question_put_to_someone_is_no_appeal(nlp: Language) -> None:
    text = "The minister was asked by a reporter why troops are leaving the province."
    assert "REQUEST" not in _acts(nlp, text)


@pytest.mark.parametrize(
    ("risk", "act", "etype"),
    [
        (
            "Analysts warned of the risk of an Israeli air strike on the port.",
            "Israeli jets carried out air strikes on the port.",
            "ASSAULT",
        ),
        (
            "The potential for killing civilians worries the generals.",
            "Rebels killed civilians near the border.",
            "ASSAULT",
        ),
    ],
)
def test_an_act_named_as_a_risk_did_not_happen(
    nlp: Language, risk: str, act: str, etype: str
) -> None:
    assert etype in _acts(nlp, act)
    assert etype not in _acts(nlp, risk)


def test_denying_a_claim_is_a_statement_and_denying_a_request_a_rejection(nlp: Language) -> None:
    claim = _events(nlp, "The ministry denied that troops had entered the town.")
    assert [(e.type, e.cameo, e.statement) for e in claim] == [("STATEMENT", "016", True)]
    request = _events(nlp, "Kenya denied the request for talks.")
    assert [e.type for e in request] == ["REJECT"]


def test_insisting_that_something_is_so_is_the_speakers_statement(nlp: Language) -> None:
    events = _events(nlp, "The defence secretary insisted that the base would stay open.")
    assert [(e.type, e.statement) for e in events] == [("STATEMENT", True)]
    assert events[0].summary.startswith("The defence secretary says")


@pytest.mark.parametrize(
    "words", ["home secretary", "shadow home secretary", "culture secretary", "press secretary"]
)
def test_cabinet_portfolios_are_government(words: str) -> None:
    assert sector_for(words.split()) == "GOV"


def test_what_someone_does_as_a_rule_is_no_act(nlp: Language) -> None:
    assert "REJECT" not in _acts(nlp, "Amnesty is a group that opposes the death penalty.")
    assert "REJECT" in _acts(nlp, "Kenya rejected the proposal from Uganda.")


def test_accepting_that_something_is_so_agrees_to_nothing(nlp: Language) -> None:
    assert "AGREE" not in _acts(nlp, "Voters in Ohio should accept that the tax will rise.")


def test_seeking_an_office_is_no_appeal(nlp: Language) -> None:
    assert "REQUEST" not in _acts(nlp, "The senator from Ohio is seeking the nomination.")
    assert "REQUEST" in _acts(nlp, "Iran sought help from the European Union.")


def test_a_verdict_on_a_rivals_plans_is_criticism(nlp: Language) -> None:
    events = _events(nlp, "The Conservatives say the government's tax plans are unrealistic.")
    assert [e.cameo for e in events] == ["111"]


def test_a_party_chairmans_words_are_no_business_news(nlp: Language) -> None:
    text = "Tory co-chairman Mark Ellis said the comments were at odds with the cabinet."
    assert [e.statement for e in _events(nlp, text)] == [True]


def test_a_demand_is_not_also_a_criticism_for_the_words_it_demands_with(nlp: Language) -> None:
    text = "The European Union declared that Turkey must end its unfair trade practices."
    assert [(e.type, e.cameo[:2]) for e in _events(nlp, text)] == [("REQUEST", "10")]
