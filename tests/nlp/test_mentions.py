"""The entity mention detector on short news sentences: names, nominals, appositions,
pronouns, times, and every entry of data/mentions.json."""

from __future__ import annotations

import itertools
import json
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from newsgraph.model import Article, EntityMention
from newsgraph.nlp.mentions import (
    find_mentions,
    is_eventive,
    is_locative,
    pronoun_class,
)
from newsgraph.pipeline import brief_from_doc

RULES = json.loads(resources.files("newsgraph.data").joinpath("mentions.json").read_text("utf-8"))


def mentions(nlp: Language, text: str) -> list[EntityMention]:
    doc = nlp(text)
    return find_mentions(doc, brief_from_doc(Article(text=text), doc, nlp))


def by_text(found: list[EntityMention]) -> dict[str, EntityMention]:
    return {m.text: m for m in found}


def test_names_carry_their_brief_entity(nlp: Language) -> None:
    found = by_text(mentions(nlp, "Karl Weber met Anna Kowalski. Weber left early."))
    assert found["Karl Weber"].kind == "name"
    assert found["Karl Weber"].local == found["Weber"].local
    assert found["Karl Weber"].local != found["Anna Kowalski"].local
    assert found["Karl Weber"].head == "weber"


def test_name_used_as_a_modifier_is_not_a_mention(nlp: Language) -> None:
    found = by_text(mentions(nlp, "Karl Weber sold his Siemens shares on Monday."))
    assert "Karl Weber" in found
    assert not any("Siemens" in text for text in found)


def test_proper_compound_is_left_out_of_a_common_noun(nlp: Language) -> None:
    found = by_text(mentions(nlp, "The Emmy host was praised by critics."))
    assert "host" in found and "Emmy host" not in found
    assert "emmy" in found["host"].modifiers


def test_name_runs_past_a_split_initial(nlp: Language) -> None:
    text = "Police said Mary J . Carter , 51 , was taken to hospital ."
    found = by_text(mentions(nlp, text))
    assert "Mary J . Carter" in found
    assert "Carter" not in found and "Mary J" not in found


def test_nominal_is_head_noun_without_determiner(nlp: Language) -> None:
    found = by_text(mentions(nlp, "The driver hit a merchant vessel with the boat."))
    assert found["driver"].kind == "nominal"
    assert "vessel" in found and "merchant vessel" not in found  # common-noun compound left out
    assert found["boat"].head == "boat"


def test_plural_nominal(nlp: Language) -> None:
    found = by_text(mentions(nlp, "Two fishermen were rescued on the coast."))
    assert found["fishermen"].plural
    assert found["fishermen"].head == "fisherman"


def test_event_nouns_are_not_mentions(nlp: Language) -> None:
    found = by_text(mentions(nlp, "The shooting and the arrest shocked the neighbours."))
    assert "shooting" not in found and "arrest" not in found
    assert "neighbours" in found


def test_locative_nominal_keeps_its_preposition(nlp: Language) -> None:
    found = by_text(mentions(nlp, "Two fishermen were rescued near the harbour."))
    assert found["near the harbour"].head == "harbour"


def test_place_name_keeps_preposition_and_person_keeps_honorific(nlp: Language) -> None:
    found = by_text(mentions(nlp, "Dr. Anna Kowalski opened a clinic in Lisbon."))
    assert found["Dr. Anna Kowalski"].kind == "name"
    assert found["in Lisbon"].head == "lisbon"


def test_apposition_ties_nominal_to_name(nlp: Language) -> None:
    found = by_text(mentions(nlp, "Karl Weber, the company's chief executive, resigned on Monday."))
    assert found["executive"].local == found["Karl Weber"].local
    assert found["company"].local is None


def test_pronoun_takes_nearest_agreeing_name(nlp: Language) -> None:
    found = mentions(nlp, "Karl Weber resigned on Monday. He had led the firm since 2015.")
    he = next(m for m in found if m.text == "He")
    weber = next(m for m in found if m.text == "Karl Weber")
    assert he.kind == "pronoun" and he.local == weber.local


def test_relative_pronoun_takes_its_noun(nlp: Language) -> None:
    found = by_text(mentions(nlp, "Dr. Anna Kowalski, who runs the clinic, met the mayor."))
    assert found["who"].local == found["Dr. Anna Kowalski"].local


def test_unresolved_pronoun_stays_open(nlp: Language) -> None:
    found = by_text(mentions(nlp, "It was raining when they arrived."))
    assert found["they"].kind == "pronoun" and found["they"].local is None


def test_times_from_the_brief(nlp: Language) -> None:
    found = by_text(mentions(nlp, "Karl Weber resigned on Monday. He joined in 2015."))
    assert found["on Monday"].kind == "time"
    assert found["in 2015"].local == "T:2015"
    assert found["on Monday"].local == "TT:monday"  # no publication date: keyed by text


@pytest.mark.parametrize("word", RULES["event_nouns"])
def test_every_event_noun(word: str) -> None:
    assert is_eventive(word)


def test_event_noun_is_not_a_mention(nlp: Language) -> None:
    found = by_text(mentions(nlp, "The driver survived the crash after the ceremony."))
    assert "driver" in found and "crash" not in found and "ceremony" not in found


@pytest.mark.parametrize(
    ("cls", "word"), [(cls, w) for cls, words in RULES["pronouns"].items() for w in words]
)
def test_every_pronoun_has_its_class(cls: str, word: str) -> None:
    assert pronoun_class(word) == cls
    assert pronoun_class(word.upper()) == cls


def test_that_is_not_a_pronoun() -> None:
    assert pronoun_class("that") is None


@pytest.mark.parametrize("word", RULES["not_entities"])
def test_every_non_entity_noun(word: str) -> None:
    assert is_eventive(word)


@pytest.mark.parametrize("suffix", RULES["event_suffixes"])
def test_every_event_suffix(suffix: str) -> None:
    assert is_eventive(f"zorb{suffix}")


@pytest.mark.parametrize("word", RULES["keep_suffixed"])
def test_every_kept_word(word: str) -> None:
    assert any(word.endswith(s) for s in RULES["event_suffixes"])
    assert not is_eventive(word)


@pytest.mark.parametrize("word", RULES["locative_prepositions"])
def test_every_locative_preposition(word: str) -> None:
    assert is_locative(word) and is_locative(word.capitalize())


def test_plain_nouns_are_not_eventive() -> None:
    assert not is_eventive("driver") and not is_eventive("vessel")
    assert not is_locative("of")


WORDS = st.sampled_from(
    [
        "the",
        "a",
        "driver",
        "police",
        "said",
        "she",
        "he",
        "it",
        "who",
        "arrested",
        "Karl",
        "Weber",
        "in",
        "Lisbon",
        "on",
        "Monday",
        "vessel",
        "near",
        "harbour",
        ",",
        ".",
        "his",
        "company",
        "Anna",
        "Kowalski",
        "2015",
        "shooting",
        "they",
        "Dr.",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(WORDS, min_size=1, max_size=25))
def test_mentions_are_in_the_text_and_never_overlap_within_a_kind(
    nlp: Language, words: list[str]
) -> None:
    text = " ".join(words)
    found = mentions(nlp, text)
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
    for kind in ("name", "nominal", "pronoun", "time"):
        spans = sorted((m.start, m.end) for m in found if m.kind == kind)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert [(m.start, m.end) for m in found] == sorted((m.start, m.end) for m in found)
