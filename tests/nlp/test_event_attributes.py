"""PLOVER's supplementary fields on short sentences: mode, context, dead, injured, size,
and the place read from the sentence."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from newsgraph.model import Event
from newsgraph.nlp.event_attributes import contexts_of, load_rules, mode_of
from newsgraph.nlp.events import extract_events
from newsgraph.nlp.people import build_entities

ANCHOR = date(2025, 3, 10)


def _main(nlp: Language, text: str, etype: str) -> tuple[Event, dict[str, str]]:
    doc = nlp(text)
    index = build_entities(doc, ANCHOR)
    found = [e for e in extract_events(doc, index) if e.type == etype]
    assert found, text
    return found[0], {e.id: e.name for e in index.entities}


def test_assault_with_a_bomb_reads_mode_dead_and_injured(nlp: Language) -> None:
    e, _ = _main(
        nlp,
        "A roadside bombing near the town of Samarra on Sunday killed one U.S. soldier and "
        "wounded two others, the military said.",
        "ASSAULT",
    )
    assert (e.mode, e.dead, e.injured) == ("explosives", 1, 2)
    assert "military" in e.context


def test_suicide_attack_counts_the_dead(nlp: Language) -> None:
    e, _ = _main(nlp, "Two Palestinian suicide bombers killed 23 people in Tel Aviv.", "ASSAULT")
    assert (e.mode, e.dead, e.size) == ("suicide-attack", 23, None)


def test_hunger_strike_mode_and_crowd_size(nlp: Language) -> None:
    e, _ = _main(
        nlp,
        "Up to 1,000 ethnic Turks began a hunger strike on Monday to protest against the decision.",
        "PROTEST",
    )
    assert (e.mode, e.size) == ("strike-hun", 1000)


def test_arrest_mode_size_and_place(nlp: Language) -> None:
    e, names = _main(nlp, "Police arrested 20 protesters in Cairo.", "COERCE")
    assert (e.mode, e.size) == ("arrest", 20)
    assert e.place is not None and names[e.place] == "Cairo"


def test_place_is_read_from_the_sentence_when_the_predicate_has_none(nlp: Language) -> None:
    e, names = _main(nlp, "Thousands of Iraqi Kurds demonstrated in the city of Kirkuk.", "PROTEST")
    assert e.place is not None and names[e.place] == "Kirkuk"


def test_vague_crowds_read_as_numbers(nlp: Language) -> None:
    e, _ = _main(nlp, "Thousands of Iraqi Kurds demonstrated in Kirkuk on Sunday.", "PROTEST")
    assert e.mode == "demo"
    assert e.size == load_rules().vague["thousands"]


def test_lexicon_mode_is_kept_where_plover_has_it() -> None:
    assert mode_of("CONSULT", "They talked.", "visit") == "visit"
    assert mode_of("CONSULT", "They talked by telephone.", "investigate") == "phone"
    assert mode_of("AGREE", "They agreed.", None) is None


def test_contexts_strongest_first() -> None:
    text = "Refugees fleeing the war asked for asylum at the border."
    assert contexts_of(text)[0] == "migration"


@given(st.text(max_size=200))
def test_fields_of_any_text_are_known_values(text: str) -> None:
    rules = load_rules()
    known = {name for name, _ in rules.contexts}
    assert set(contexts_of(text)) <= known and len(contexts_of(text)) <= 2
    for etype, entries in rules.modes.items():
        assert mode_of(etype, text) in {None} | {name for name, _ in entries}
