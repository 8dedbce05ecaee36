"""CAMEO codes an act as the sentence states it: an intention (03), a threat (13), a refusal
(12), or another's demand for it (10), each at the parallel fine code."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from typing import Any

import pytest
from spacy.language import Language

from newsgraph.errors import NewsgraphError
from newsgraph.model import Event
from newsgraph.nlp.cameo import demand_code, load_cameo, parse_cameo, stance_code
from newsgraph.nlp.events import extract_events
from newsgraph.nlp.people import build_entities

ANCHOR = date(2025, 3, 10)


def _events(nlp: Language, text: str) -> list[Event]:
    doc = nlp(text)
    return [e for e in extract_events(doc, build_entities(doc, ANCHOR)) if not e.statement]


@pytest.mark.parametrize(
    ("code", "etype", "status", "stance", "want"),
    [
        ("073", "AID", "planned", "intent", "0333"),  # will send food aid
        ("0874", "RETREAT", "hypothetical", "intent", "0356"),  # is willing to withdraw
        ("043", "CONSULT", "planned", "intent", "036"),  # will host a meeting
        ("1724", "COERCE", "planned", "intent", "1324"),  # prepared to impose martial law
        ("191", "COERCE", "planned", "intent", "1381"),  # would blockade the capital
        ("0841", "RETREAT", "negated", None, "1243"),  # would not release the prisoners
        ("040", "CONSULT", "negated", None, "125"),  # refused to meet
        ("190", "ASSAULT", "happened", None, "190"),  # attacked: as it happened
        ("0874", "RETREAT", "hypothetical", "demand", "0874"),  # Y must withdraw: X's event
        ("090", "ACCUSE", "planned", "intent", "090"),  # no parallel category: unchanged
    ],
)
def test_stance_gives_the_parallel_code(
    code: str, etype: str, status: str, stance: str | None, want: str
) -> None:
    assert stance_code(code, etype, status, stance) == want


def test_demand_code_is_the_parallel_10x() -> None:
    assert demand_code("0874") == "1056"
    assert demand_code("0841") == "1053"
    assert demand_code("190") is None and demand_code(None) is None


def test_sentences_get_the_codebook_code_of_what_is_said(nlp: Language) -> None:
    willing = _events(nlp, "Norway is willing to send troops to help defend Saudi Arabia.")
    assert any(e.type == "AID" and e.cameo == "033" for e in willing)
    refused = _events(nlp, "The United States said it would not release the prisoners.")
    assert ("RETREAT", "1243") in {(e.type, e.cameo) for e in refused}
    demanded = _events(nlp, "Russia said Ukraine must withdraw its troops from the border.")
    assert "1056" in {e.cameo for e in demanded if e.type == "REQUEST"}


def test_every_stance_code_is_in_the_codebook() -> None:
    book = load_cameo()
    assert {"AGREE", "THREATEN", "REJECT", "REQUEST"} <= set(book.stances)
    assert {c for t in book.stances.values() for c in t.values()} <= set(book.names)


def test_an_unknown_stance_code_is_a_clear_error() -> None:
    raw: dict[str, Any] = json.loads(
        resources.files("newsgraph.data").joinpath("cameo.json").read_text(encoding="utf-8")
    )
    raw["stance"]["AGREE"]["07"] = "0399"
    with pytest.raises(NewsgraphError, match="0399"):
        parse_cameo(raw)
