"""Every entry of the entity and role word lists does what it is there for."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from spacy.language import Language

from newsgraph.nlp import gazetteer as gz
from newsgraph.nlp.people import build_entities

LEX = json.loads(resources.files("newsgraph.data").joinpath("lexicon.json").read_text())
ACRONYMS = json.loads(resources.files("newsgraph.data").joinpath("acronyms.json").read_text())
LEADERS = json.loads(resources.files("newsgraph.data").joinpath("leaders.json").read_text())
MULTIWORD = [t for t in LEX["title_heads"] if " " in t]


@pytest.mark.parametrize("title", [t for t in LEX["title_heads"] if " " not in t])
def test_title_head_is_read_as_a_title(nlp: Language, title: str) -> None:
    doc = nlp(f"The decision was announced by the {title} Maria Jansen on Tuesday.")
    ents = build_entities(doc, None).entities
    person = [e for e in ents if "Jansen" in e.name]
    assert person, f"no entity for Maria Jansen with title {title!r}"
    assert any(r.title.lower().endswith(title) for r in person[0].roles), person[0].roles


@pytest.mark.parametrize("modifier", LEX["title_modifiers"])
def test_title_modifier_is_listed(modifier: str) -> None:
    assert gz.in_lexicon("title_modifiers", modifier)
    assert modifier == modifier.lower()


@pytest.mark.parametrize(
    "name",
    [
        "person_nouns",
        "org_keywords",
        "group_names",
        "place_directions",
        "place_prepositions",
        "government_nouns",
        "membership_verbs",
        "group_nouns",
    ],
)
def test_word_lists_are_lowercase_and_unique(name: str) -> None:
    words = LEX[name]
    assert words and all(w == w.lower() for w in words)
    assert len(set(words)) == len(words)
    assert all(gz.in_lexicon(name, w) for w in words)


@pytest.mark.parametrize("direction", LEX["place_directions"])
def test_every_direction_makes_a_region(nlp: Language, direction: str) -> None:
    ents = build_entities(
        nlp(f"Fighting continued in {direction} Ukraine on Sunday."), None
    ).entities
    assert any(e.type == "PLACE" and e.country == "UKR" for e in ents), [e.name for e in ents]


@pytest.mark.parametrize("acronym", sorted(ACRONYMS["entries"]))
def test_every_acronym_expands(acronym: str) -> None:
    full, etype, iso = gz.acronyms()[acronym]
    assert full and etype == "ORG"
    assert iso is None or gz.country_names().get(iso)


@pytest.mark.parametrize("person", LEADERS["people"], ids=lambda p: p["name"])
def test_every_leader_is_found_by_each_name(person: dict[str, object]) -> None:
    for name in [person["name"], *person["aliases"]]:  # type: ignore[misc]
        known = gz.known_person(str(name))
        assert known is not None and known.name == person["name"]
    for title, iso, start, end in person["roles"]:  # type: ignore[misc]
        assert title and start < (end or "9999")
        assert iso is None or gz.country_names().get(iso)


def test_countries_cover_names_demonyms_and_capitals() -> None:
    assert gz.country("Syrian").iso3 == "SYR"  # type: ignore[union-attr]
    assert gz.country("the United States").iso3 == "USA"  # type: ignore[union-attr]
    assert gz.country("Kyiv").kind == "capital"  # type: ignore[union-attr]
    assert gz.country("Americans").iso3 == "USA"  # type: ignore[union-attr]
    assert gz.country("Atlantis") is None
