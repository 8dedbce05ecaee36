"""Aliases an article states for a person, on short news sentences."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from newsgraph.nlp.aliases import find_aliases, quoted_nicknames, whole_occurrences
from newsgraph.nlp.people import build_entities

CASES = [
    ("Mahmoud Abbas, also known as Abu Mazen, met envoys.", "Mahmoud Abbas", "Abu Mazen"),
    ("Khalil al-Wazir, better known as Abu Jihad, was killed.", "Khalil al-Wazir", "Abu Jihad"),
    ("Salah Khalaf, widely known as Abu Iyad, spoke.", "Salah Khalaf", "Abu Iyad"),
    ("Salah Khalaf, commonly known as Abu Iyad, spoke.", "Salah Khalaf", "Abu Iyad"),
    ("Salah Khalaf, popularly known as Abu Iyad, spoke.", "Salah Khalaf", "Abu Iyad"),
    (
        "Abu Bakr al-Baghdadi, formerly known as Ibrahim al-Badri, died.",
        "Abu Bakr al-Baghdadi",
        "Ibrahim al-Badri",
    ),
    (
        "Abu Bakr al-Baghdadi, previously known as Ibrahim al-Badri, died.",
        "Abu Bakr al-Baghdadi",
        "Ibrahim al-Badri",
    ),
    ("Isaac Herzog, known as Bougie, spoke.", "Isaac Herzog", "Bougie"),
    ("Isaac Herzog, also called Bougie, spoke.", "Isaac Herzog", "Bougie"),
    ("Mohammed bin Salman, a.k.a. MBS, spoke.", "Mohammed bin Salman", "MBS"),
    ("Mohammed bin Salman, aka MBS, spoke.", "Mohammed bin Salman", "MBS"),
    ("Moshe Ya'alon, nicknamed Bogie, spoke.", "Moshe Ya'alon", "Bogie"),
    (
        "Imad Mughniyeh, known by his nom de guerre Hajj Radwan, died.",
        "Imad Mughniyeh",
        "Hajj Radwan",
    ),
    ("Yahya Sinwar, by his nom de guerre Abu Ibrahim, hid.", "Yahya Sinwar", "Abu Ibrahim"),
    ("Fuad Shukr, whose nom de guerre is Hajj Mohsin, died.", "Fuad Shukr", "Hajj Mohsin"),
    (
        "Carlos the Jackal, whose real name is Ilich Ramírez Sánchez, is jailed.",
        "Carlos the Jackal",
        "Ilich Ramírez Sánchez",
    ),
    ("Mohammed Deif, born Mohammed al-Masri, hid.", "Mohammed Deif", "Mohammed al-Masri"),
    (
        "Abu Bakr al-Baghdadi (born Ibrahim al-Badri) died.",
        "Abu Bakr al-Baghdadi",
        "Ibrahim al-Badri",
    ),
    ("Golda Meir (formerly Golda Meyerson) spoke.", "Golda Meir", "Golda Meyerson"),
    ("Golda Meir (née Golda Mabovitch) spoke.", "Golda Meir", "Golda Mabovitch"),
    ("Golda Meir (nee Golda Mabovitch) spoke.", "Golda Meir", "Golda Mabovitch"),
    ("Mahmoud Abbas (also known as Abu Mazen) spoke.", "Mahmoud Abbas", "Abu Mazen"),
    ("Mahmoud Abbas (aka Abu Mazen) spoke.", "Mahmoud Abbas", "Abu Mazen"),
    ("Mahmoud Abbas (a.k.a. Abu Mazen) spoke.", "Mahmoud Abbas", "Abu Mazen"),
    ("Mohammed Deif (real name Mohammed al-Masri) hid.", "Mohammed Deif", "Mohammed al-Masri"),
    ('Isaac "Bougie" Herzog spoke.', "Isaac Herzog", "Bougie"),
    ("Isaac \u201cBougie\u201d Herzog spoke.", "Isaac Herzog", "Bougie"),
]


@pytest.mark.parametrize(("sentence", "name", "alias"), CASES)
def test_stated_alias_is_found(sentence: str, name: str, alias: str) -> None:
    assert find_aliases(sentence, [name]) == [alias]


def test_every_phrase_in_the_data_file_is_tested() -> None:
    raw = json.loads(resources.files("newsgraph.data").joinpath("aliases.json").read_text("utf-8"))
    sentences = " ".join(sentence for sentence, _, _ in CASES)
    for phrase in raw["after_name"] + raw["in_parentheses"]:
        assert re.search(phrase.replace(" ", r"\s+"), sentences), phrase


@pytest.mark.parametrize(
    "sentence",
    [
        "Mahmoud Abbas, known as a cautious leader, spoke.",  # not a name
        "Mahmoud Abbas, born in 1935, spoke.",
        "The area known as Area C was discussed by Mahmoud Abbas.",  # not after the name
    ],
)
def test_no_alias_where_none_is_stated(sentence: str) -> None:
    assert find_aliases(sentence, ["Mahmoud Abbas"]) == []


def test_entities_built_from_an_article_carry_the_stated_alias(nlp: Language) -> None:
    text = (
        "Palestinian President Mahmoud Abbas, also known as Abu Mazen, met Egyptian officials "
        "in Cairo on Monday. Abbas said the talks would continue."
    )
    people = [e for e in build_entities(nlp(text), None).entities if e.type == "PERSON"]
    abbas = next(e for e in people if e.name == "Mahmoud Abbas")
    assert "Abu Mazen" in abbas.aliases


# --------------------------------------------------------------------------- by str.find

_PIECES = st.sampled_from(["Abu", "Mazen", "al-", "-", " ", "_", "x", "é", "1", "\u00a0", "'"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join), st.lists(_PIECES, max_size=4).map("".join))
def test_whole_occurrences_finds_what_the_word_bounded_pattern_finds(
    text: str, phrase: str
) -> None:
    pattern = rf"(?<![\w-]){re.escape(phrase)}(?![\w-])"
    assert whole_occurrences(text, phrase) == [m.start() for m in re.finditer(pattern, text)]


def _nicknames_by_pattern(text: str, name: str) -> list[str]:
    """The definition: one pattern per name over the whole text."""
    words = name.split()
    if len(words) < 2:
        return []
    first, rest = re.escape(words[0]), r"\s+".join(re.escape(w) for w in words[1:])
    nick = r"[\"\u201c\u2018'](?P<nick>[A-Z][\w'\u2019\u2010\u2011-]*)[\"\u201d\u2019']"
    return [
        m.group("nick") for m in re.finditer(rf"(?<![\w-]){first}\s+{nick}\s+{rest}(?![\w-])", text)
    ]


_NICK_PIECES = st.sampled_from(
    ["Ann", "Lee", "Bo", " ", "  ", '"', "\u201c", "\u201d", "'", "\u2019", "-", "x"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NICK_PIECES, max_size=16).map("".join))
def test_quoted_nicknames_finds_what_one_pattern_per_name_finds(text: str) -> None:
    for name in ("Ann Lee", "Ann Bo Lee", "Lee"):
        assert quoted_nicknames(text, name) == _nicknames_by_pattern(text, name)


def test_a_name_inside_a_longer_word_or_hyphenated_is_no_occurrence() -> None:
    text = "Mazen Abbas, Abbas-led, Abbasid, Abbas; (Abbas)"
    assert whole_occurrences(text, "Abbas") == [6, 33, 41]
