"""Every entry of data/units.json, exercised through extract_quantities.

Each unit name, currency form, scale, marker and filter word is put into a short sentence;
a control sentence without the word shows that the word is what made the difference.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from newsgraph.model import Quantity
from newsgraph.nlp.numbers import load_unit_data, parse_ordinal
from newsgraph.nlp.quantities import extract_quantities
from newsgraph.nlp.quantity_units import Unit, unit_table

DATA = load_unit_data()
UNITS: list[dict[str, Any]] = DATA["units"]
CURRENCIES: list[dict[str, Any]] = DATA["currencies"]
BASES: dict[str, str | None] = {k: v["base"] for k, v in DATA["dimensions"].items()}


def _expected_normal(entry: dict[str, Any], value: float) -> tuple[float, str]:
    base = BASES[entry["dimension"]]
    if base is None:
        return value, entry["unit"]
    return value * entry["factor"] + entry.get("offset", 0.0), base


def _quantities(nlp: Language, sentences: list[str]) -> list[list[Quantity]]:
    return [extract_quantities(doc) for doc in nlp.pipe(sentences)]


def _cases(attached: bool) -> list[tuple[dict[str, Any], str]]:
    key = "attached" if attached else "names"
    return [(entry, name) for entry in UNITS for name in entry[key]]


@pytest.mark.parametrize("attached", [False, True])
def test_every_unit_name(nlp: Language, attached: bool) -> None:
    cases = _cases(attached)
    glue = "" if attached else " "
    sentences = [
        f"Officials in Lusaka said the figure was 7{glue}{n} on Tuesday." for _, n in cases
    ]
    for (entry, name), found in zip(cases, _quantities(nlp, sentences), strict=True):
        assert len(found) == 1, (name, [q.text for q in found])
        q = found[0]
        assert q.text.startswith(f"7{glue}{name}"), (name, q.text)
        assert (q.kind, q.value, q.unit) == (entry["dimension"], 7, entry["unit"]), name
        value, unit = _expected_normal(entry, 7)
        assert q.normalized is not None
        assert q.normalized.unit == unit, name
        assert q.normalized.value == pytest.approx(value), name


def test_every_dimension_has_units() -> None:
    assert {entry["dimension"] for entry in UNITS} == set(BASES)


def test_every_currency_symbol_before(nlp: Language) -> None:
    cases = [(c["code"], sym) for c in CURRENCIES for sym in c["before"]]
    sentences = []
    for _, sym in cases:
        glue = " " if sym[-1].isalnum() or sym.endswith(".") else ""
        sentences.append(f"The ministry in Accra paid {sym}{glue}7 million to contractors.")
    for (code, sym), found in zip(cases, _quantities(nlp, sentences), strict=True):
        assert [(q.kind, q.value, q.unit) for q in found] == [("money", 7e6, code)], sym
        assert found[0].text.startswith(sym)


def test_every_currency_word_after(nlp: Language) -> None:
    cases = [(c["code"], word) for c in CURRENCIES for word in c["after"]]
    sentences = [
        f"The ministry in Accra paid 7 million {word} to contractors." for _, word in cases
    ]
    for (code, word), found in zip(cases, _quantities(nlp, sentences), strict=True):
        assert [(q.text, q.value, q.unit) for q in found] == [(f"7 million {word}", 7e6, code)], (
            word
        )


def test_every_currency_word_after_a_scale(nlp: Language) -> None:
    cases = [(c["code"], word) for c in CURRENCIES for word in c.get("after_scale", [])]
    assert cases
    for code, word in cases:
        money, goods = _quantities(
            nlp,
            [
                f"The council in Hull will spend two million {word} on roads.",
                f"Farmers in Iowa shipped 2 million {word} of beef.",
            ],
        )
        assert [(q.text, q.kind, q.unit) for q in money] == [(f"two million {word}", "money", code)]
        assert [q.kind for q in goods] == ["mass"]


def test_every_scale_word(nlp: Language) -> None:
    words = DATA["scales"]["words"]
    sentences = [f"The fund in Oslo holds ${7}{word} in bonds." for word in words]
    sentences += [f"The fund in Oslo holds ${7} {word} in bonds." for word in words]
    found = _quantities(nlp, sentences)
    for i, (word, scale) in enumerate([*words.items(), *words.items()]):
        assert [(q.kind, q.value) for q in found[i]] == [("money", 7 * scale)], word


def test_every_money_only_scale(nlp: Language) -> None:
    scales = DATA["scales"]["money_only"]
    with_money = [f"The club in Porto paid €7{abbr} for the striker." for abbr in scales]
    without = [f"The runner from Porto won the 7{abbr} race." for abbr in scales]
    for (abbr, scale), found in zip(scales.items(), _quantities(nlp, with_money), strict=True):
        assert [(q.text, q.value) for q in found] == [(f"€7{abbr}", 7 * scale)], abbr
    for (abbr, scale), found in zip(scales.items(), _quantities(nlp, without), strict=True):
        assert all(q.value != 7 * scale for q in found), abbr


def test_every_count_scale_before_a_plural(nlp: Language) -> None:
    for abbr, scale in DATA["scales"]["count_before_plural"].items():
        (found,) = _quantities(nlp, [f"Officials in Dhaka said 7{abbr} people had fled."])
        assert [(q.text, q.kind, q.value) for q in found] == [
            (f"7{abbr} people", "count", 7 * scale)
        ]


def test_every_approximation_marker_before(nlp: Language) -> None:
    markers = DATA["approximate"]["before"]
    sentences = [f"Police in Tunis said {m} 300 protesters had gathered." for m in markers]
    for marker, found in zip(markers, _quantities(nlp, sentences), strict=True):
        assert [(q.text, q.approximate) for q in found] == [(f"{marker} 300 protesters", True)], (
            marker
        )


def test_every_approximation_marker_after(nlp: Language) -> None:
    markers = DATA["approximate"]["after"]
    sentences = [
        f"Police in Tunis said 300{'' if m.startswith('-') else ' '}{m} protesters had gathered."
        for m in markers
    ]
    for marker, found in zip(markers, _quantities(nlp, sentences), strict=True):
        assert len(found) == 1 and found[0].approximate, (marker, found)
        assert found[0].value == 300


def test_markers_not_for_some_kinds(nlp: Language) -> None:
    for marker, kinds in DATA["approximate"]["not_for_kinds"].items():
        assert "duration" in kinds
        (found,) = _quantities(nlp, [f"Talks in Doha will run {marker} four days."])
        assert [(q.text, q.approximate) for q in found] == [("four days", False)]
        (found,) = _quantities(nlp, [f"Police in Tunis said {marker} 300 protesters gathered."])
        assert found[0].approximate


def test_every_age_marker(nlp: Language) -> None:
    words = DATA["age_before"]
    sentences = [f"A woman in Leeds, {w} 61, was charged on Friday." for w in words]
    for word, found in zip(words, _quantities(nlp, sentences), strict=True):
        assert [(q.text, q.kind, q.value) for q in found] == [(f"{word} 61", "age", 61)], word


def test_every_label_word_makes_a_name(nlp: Language) -> None:
    words = DATA["label_words"]
    labelled = [f"Reporters in Lima asked about {w} 12 on Tuesday." for w in words]
    control = "Reporters in Lima asked about the 12 soldiers on Tuesday."
    assert [q.text for q in _quantities(nlp, [control])[0]] == ["12 soldiers"]
    for word, found in zip(words, _quantities(nlp, labelled), strict=True):
        assert all(q.value != 12 for q in found), (word, [q.text for q in found])


def test_every_time_suffix(nlp: Language) -> None:
    suffixes = DATA["time_suffixes"]
    sentences = [f"Polls in Accra closed at 10 {s} and 10 officials left." for s in suffixes]
    for suffix, found in zip(suffixes, _quantities(nlp, sentences), strict=True):
        assert [q.text for q in found] == ["10 officials"], suffix


def test_year_range(nlp: Language) -> None:
    """A bare four-digit number inside the range reads as a year, even before a noun."""
    lo, hi = DATA["year_range"]
    years = (lo, hi, lo - 600, hi + 400)
    sentences = [f"Officials said {y} soldiers were deployed." for y in years]
    found = _quantities(nlp, sentences)
    assert found[:2] == [[], []]
    assert [[q.value for q in qs] for qs in found[2:]] == [[lo - 600], [hi + 400]]


# -- properties ---------------------------------------------------------------------------


@given(st.sampled_from(UNITS), st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_unit_conversion_is_value_times_factor(entry: dict[str, Any], value: float) -> None:
    unit = unit_table().units[entry["names"][0]]
    assert isinstance(unit, Unit)
    assert unit.to_base(value) == pytest.approx(value * entry["factor"] + entry.get("offset", 0))
    assert unit.from_base(unit.to_base(value)) == pytest.approx(value, abs=1e-6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    # "101 second" reads as an ordinal, as it would to a person: unit names that are also
    # ordinal words are tested with their plural form only.
    st.sampled_from([(e, n) for e in UNITS for n in e["names"] if parse_ordinal(n) is None]),
    st.integers(min_value=2, max_value=999),
)
def test_extracted_normalisation_is_consistent(
    nlp: Language, case: tuple[dict[str, Any], str], value: int
) -> None:
    entry, name = case
    (q,) = extract_quantities(nlp(f"Engineers in Quito measured {value} {name} last week."))
    expected, unit = _expected_normal(entry, value)
    assert q.value == value
    assert q.normalized is not None
    assert q.normalized.unit == unit
    assert q.normalized.value == pytest.approx(expected)
