"""The event model: events the rules keep but whose evidence is weak are dropped, strong ones
stay, bare statements and events that go on with an earlier one are left alone, and the
model file and its training script agree with the feature extractor."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from newsgraph.model import Event, Evidence
from newsgraph.nlp.event_merge import Candidate
from newsgraph.nlp.event_odds import (
    EVIDENCE_FOR,
    OddsModel,
    candidate_features,
    load_model,
    probability,
)
from newsgraph.nlp.events import event_candidates
from newsgraph.nlp.people import build_entities

FAMILIES = re.compile(
    r"(type|status|stance|pos)=\S+|nominal|main clause|depth|place|quoted|length"
    r"|sentence has (GPE|NORP|ORG|role)"
    r"|(actor|target) (any|entity=\S+|pos=\S+|office|doer|actor|political)"
)


def _types(nlp: Language, text: str, weigh: bool = True) -> list[str]:
    doc = nlp(text)
    cands: list[Candidate] = event_candidates(doc, build_entities(doc, None), weigh=weigh)
    return [c.event.type for c in cands if not c.event.statement]


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("He and Mr Ruto have met over the years in the lobby and elevators.", "CONSULT"),
        ("Macron won the presidential election on Sunday.", "ELECT"),
    ],
)
def test_an_event_on_weak_evidence_is_dropped(nlp: Language, text: str, etype: str) -> None:
    """Two people meeting over the years, no side named; an election result, which coders
    do not code (CAMEO has no root for it)."""
    assert etype in _types(nlp, text, weigh=False)
    assert etype not in _types(nlp, text)


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Kenyan troops attacked rebel positions near the border.", "ASSAULT"),
        ("Police arrested three men in Nairobi on Friday.", "COERCE"),
        ("Kenyan and Somali officials met in Nairobi on Monday.", "CONSULT"),
        ("Protests erupted in Lagos on Monday.", "PROTEST"),
    ],
)
def test_an_event_on_strong_evidence_stays(nlp: Language, text: str, etype: str) -> None:
    assert etype in _types(nlp, text)


def test_an_event_that_goes_on_with_an_earlier_one_stays(nlp: Language) -> None:
    second = "He and Mr Ruto have met over the years in the lobby and elevators."
    assert "CONSULT" not in _types(nlp, second)
    both = _types(nlp, f"Kenyan and Somali officials met in Nairobi. {second}")
    assert both.count("CONSULT") == 2


def test_an_office_holders_act_is_not_weighed(nlp: Language) -> None:
    """Two leaders the gazetteer knows: the model alone weighs the request low (two people,
    no country named), but whoever holds an office is a political actor."""
    doc = nlp("The vote followed a formal request from Olaf Scholz to Emmanuel Macron.")
    index = build_entities(doc, None)
    (request,) = [c for c in event_candidates(doc, index, weigh=False) if c.event.type == "REQUEST"]
    model = load_model()
    assert probability(candidate_features(request, doc, index), model) < model.threshold
    assert "REQUEST" in [c.event.type for c in event_candidates(doc, index)]


def test_bare_statements_are_not_weighed(nlp: Language) -> None:
    text = "Kenya's foreign ministry said the talks were constructive."
    doc = nlp(text)
    index = build_entities(doc, None)
    weighed = [c.event.statement for c in event_candidates(doc, index)]
    assert weighed == [c.event.statement for c in event_candidates(doc, index, weigh=False)]
    assert any(weighed)


@given(st.dictionaries(st.sampled_from(sorted(load_model().weights)), st.floats(0, 1)))
def test_probability_is_a_probability_and_rises_with_a_positive_sign(
    features: dict[str, float],
) -> None:
    model = load_model()
    p = probability(features, model)
    assert 0.0 <= p <= 1.0
    positive = max(model.weights, key=lambda k: model.weights[k])
    assert probability(features | {positive: 1.0}, model) >= probability(
        features | {positive: 0.0}, model
    )


def test_a_feature_the_model_never_saw_weighs_nothing() -> None:
    model = OddsModel({"type=ASSAULT": 2.0}, -1.0, 0.5)
    assert probability({"type=NEW": 1.0}, model) == probability({}, model)
    assert probability({"type=ASSAULT": 1.0}, model) > 0.5 > probability({}, model)


def test_every_weight_names_a_feature_the_extractor_makes() -> None:
    model = load_model()
    assert 0.0 < model.threshold < 1.0
    strays = [k for k in model.weights if not FAMILIES.fullmatch(k)]
    assert not strays
    assert all(FAMILIES.fullmatch(k) for k in EVIDENCE_FOR)


def test_evidence_for_an_event_never_counts_against_one() -> None:
    model = load_model()
    assert all(model.weights.get(k, 0.0) >= 0.0 for k in EVIDENCE_FOR)


@pytest.fixture(scope="module")
def trainer(load_script: Callable[[str], ModuleType]) -> ModuleType:
    return load_script("train_event_odds")


def test_a_sign_that_must_count_for_an_event_is_held_at_zero(trainer: ModuleType) -> None:
    rows = [{"place": 1.0, "type=X": 1.0}, {"place": 1.0}, {"type=X": 1.0}, {}] * 5
    labels = [0, 0, 1, 1] * 5  # 'place' would come out negative
    model = trainer.train(rows, labels, 10.0)
    assert "place" not in model.weights
    assert model.weights.get("type=X", 0.0) == pytest.approx(0.0, abs=1e-3)


def test_the_fit_finds_the_sign_and_shrinks_with_the_penalty(trainer: ModuleType) -> None:
    x = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]] * 5)
    y = np.array([1.0, 1.0, 0.0, 0.0] * 5)
    loose, tight = trainer.fit(x, y, 10.0), trainer.fit(x, y, 0.1)
    assert loose[0] > 1.0 and abs(loose[1]) < 1e-6
    assert 0.0 < tight[0] < loose[0]


def test_labels_follow_each_gold(trainer: ModuleType) -> None:
    event = Event("ASSAULT", "", Evidence("", 0, 0), cameo="190")
    read = trainer.Read(Candidate(event, token=0, sent=0, depth=0, nominal=False), {})
    assert trainer.label(read, "ASSAULT") == 1
    assert trainer.label(read, "PROTEST") is None  # the record says nothing of this one
    assert trainer.label(read, frozenset({"19"})) == 1
    assert trainer.label(read, frozenset({"11"})) is None
    assert trainer.label(read, frozenset()) == 0
    assert trainer.label(read, None) == 0
    assert trainer.label(read, trainer.UnitTest(frozenset({"22"}))) == 1  # WEIS force
    assert trainer.label(read, trainer.UnitTest(frozenset())) == 0
