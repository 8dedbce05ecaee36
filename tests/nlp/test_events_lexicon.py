"""Every entry of data/events.json exercised on a short sentence of our own."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from spacy.language import Language

from newsgraph.errors import NewsgraphError
from newsgraph.nlp.event_lexicon import load_lexicon, parse_lexicon
from newsgraph.nlp.events import event_candidates
from newsgraph.nlp.people import build_entities

LEX = load_lexicon()
ENTRIES = sorted(
    [
        (kind, key)
        for kind, table in (("verbs", LEX.verbs), ("phrasal", LEX.phrasal), ("nouns", LEX.nouns))
        for key in table
    ]
)


def _raw() -> dict[str, Any]:
    text = resources.files("newsgraph.data").joinpath("events.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _candidates(nlp: Language, text: str) -> list[Any]:
    """What the lexicon and the rules read, before the event model weighs it: these tests
    are about the lexicon's entries, and an example sentence is too short to carry the
    evidence the model weighs (tests/nlp/test_event_odds.py tests that)."""
    doc = nlp(text)
    return event_candidates(doc, build_entities(doc, None), weigh=False)


@pytest.mark.parametrize(("kind", "key"), ENTRIES)
def test_every_entry_fires_on_its_example(nlp: Language, kind: str, key: str) -> None:
    pred = {"verbs": LEX.verbs, "phrasal": LEX.phrasal, "nouns": LEX.nouns}[kind][key]
    found = [
        (c.event.attributes["predicate"], c.event.type) for c in _candidates(nlp, pred.example)
    ]
    assert (key, pred.type) in found, f"{pred.example!r} gave {found}"


LIGHT_EXAMPLES = {
    "agree": "Kenya agreed a truce with Somalia.",
    "announce": "Kenya announced a ceasefire in the north.",
    "attend": "Kenya attended talks with Somalia.",
    "begin": "Kenya began talks with Somalia.",
    "call": "The unions called a strike in Nairobi.",
    "carry": "Rebels carried out an attack on the base.",
    "conduct": "Kenya conducted negotiations with Somalia.",
    "continue": "Kenya continued talks with Somalia.",
    "declare": "Kenya declared a ceasefire in the north.",
    "enter": "Kenya entered negotiations with Somalia.",
    "extend": "The army extended the curfew in Mombasa.",
    "file": "Kenya filed a complaint against Somalia.",
    "give": "The president gave a warm welcome to the Somali leader.",
    "go": "Kenya went to talks with Somalia.",
    "have": "Kenya had talks with Somalia.",
    "hold": "Kenya held talks with Somalia.",
    "impose": "The army imposed a curfew in Mombasa.",
    "issue": "Kenya issued an ultimatum to Somalia.",
    "join": "Kenya joined talks with Somalia.",
    "launch": "Kenya launched an offensive against the militants.",
    "lodge": "Kenya lodged a complaint with Somalia.",
    "make": "Kenya made a request to Somalia.",
    "mount": "Rebels mounted an attack on the base.",
    "open": "Prosecutors opened an investigation into the minister.",
    "organise": "The unions organised a strike in Nairobi.",
    "organize": "The unions organized a strike in Nairobi.",
    "place": "Kenya placed its army on alert.",
    "put": "Kenya put its army on alert.",
    "reach": "Kenya reached an agreement with Somalia.",
    "remain": "The army remained on alert in Mombasa.",
    "renew": "Kenya renewed talks with Somalia.",
    "restart": "Kenya restarted talks with Somalia.",
    "resume": "Kenya resumed talks with Somalia.",
    "seek": "Kenya sought talks with Somalia.",
    "stage": "Farmers staged a protest in Nairobi.",
    "start": "Kenya started talks with Somalia.",
    "stay": "The army stayed on alert in Mombasa.",
    "take": "Kenya took part in talks with Somalia.",
    "tighten": "The army tightened the curfew in Mombasa.",
    "undertake": "Kenya undertook a mediation between the factions.",
    "wage": "Rebels waged an offensive in the north.",
    "win": "Kenya won an agreement from Somalia.",
}


def test_every_light_verb_has_an_example() -> None:
    assert set(LIGHT_EXAMPLES) == set(LEX.light_verbs)


@pytest.mark.parametrize("verb", sorted(LIGHT_EXAMPLES))
def test_light_verb_lends_its_noun_an_event(nlp: Language, verb: str) -> None:
    cands = _candidates(nlp, LIGHT_EXAMPLES[verb])
    assert any(c.nominal for c in cands), [c.event.summary for c in cands]
    assert not any(c.event.attributes["predicate"] == verb for c in cands)


ASPECT_EXAMPLES = {
    "bid": "Qatar launched a mediation bid between the factions.",
    "campaign": "Kenya began a mediation campaign between the clans.",
    "effort": "Qatar launched a mediation effort between Chad and Sudan.",
    "efforts": "Qatar ended its mediation efforts between Chad and Sudan.",
    "mission": "Qatar undertook a mediation mission between Chad and Sudan.",
    "days": "Chad and Sudan began three days of talks in Doha.",
    "hours": "Chad and Sudan held five hours of talks in Doha.",
    "months": "Months of protests in Lagos shook the government.",
    "weeks": "Weeks of protests in Lagos shook the government.",
    "continuation": "The continuation of talks between Chad and Sudan was agreed.",
    "outbreak": "The outbreak of protests in Lagos worried Abuja.",
    "renewal": "The renewal of talks between Chad and Sudan surprised diplomats.",
    "restart": "The restart of talks between Chad and Sudan was welcomed.",
    "resumption": "The resumption of talks between Chad and Sudan was welcomed.",
    "round": "A new round of talks between Chad and Sudan opened in Doha.",
    "rounds": "Two rounds of talks between Chad and Sudan failed.",
    "series": "A series of talks between Chad and Sudan ended in Doha.",
    "start": "The start of talks between Chad and Sudan was delayed.",
    "string": "A string of protests in Lagos worried the government.",
    "wave": "A wave of protests in Lagos shook the government.",
}


def test_every_aspect_noun_has_an_example() -> None:
    assert set(ASPECT_EXAMPLES) == set(LEX.aspect_nouns)


@pytest.mark.parametrize("noun", sorted(ASPECT_EXAMPLES))
def test_aspect_noun_passes_through_to_its_event(nlp: Language, noun: str) -> None:
    cands = _candidates(nlp, ASPECT_EXAMPLES[noun])
    assert any(c.event.type in {"CONSULT", "PROTEST", "ASSAULT", "SANCTION"} for c in cands)
    assert not any(c.event.attributes["predicate"] == noun for c in cands)


def test_every_type_is_declared_and_glossed() -> None:
    raw = _raw()
    used = {e["type"] for kind in ("verbs", "phrasal", "nouns") for e in raw[kind].values()}
    assert used <= set(raw["types"])
    assert all(t["gloss"] for t in raw["types"].values())


def test_undeclared_type_is_rejected() -> None:
    raw = _raw()
    raw["verbs"]["parley"] = {"type": "PARLEY", "cameo": None, "example": "x"}
    with pytest.raises(NewsgraphError, match="undeclared"):
        parse_lexicon(raw)


def test_malformed_lexicon_is_a_clear_error() -> None:
    with pytest.raises(NewsgraphError, match="malformed"):
        parse_lexicon({"types": {}})
