"""parse_number / parse_ordinal: digits, words and every entry of the number vocabulary."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.nlp.numbers import load_unit_data, parse_number, parse_ordinal

NUMBERS = load_unit_data()["numbers"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("two", 2),
        ("Twenty-one", 21),
        ("1,200", 1200),
        ("3.5", 3.5),
        ("2.5 million", 2_500_000),
        ("a dozen", 12),
        ("half", 0.5),
        ("one and a half", 1.5),
        ("half a million", 500_000),
        ("two and a half billion", 2.5e9),
        ("one hundred and fifty", 150),
        ("three thousand five hundred", 3500),
        ("a hundred", 100),
        ("an estimated", None),
        ("one two", None),
        ("twenty thirty", None),
        ("and", None),
        ("", None),
        ("   ", None),
        ("12,34", None),
        ("nan", None),
        ("inf", None),
        ("1e999", None),
        ("seven soldiers", None),
        ("Flight 370", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("fifth", 5),
        ("21st", 21),
        ("2nd", 2),
        ("twenty-first", 21),
        ("Twentieth", 20),
        ("one hundred and first", 101),
        ("hundredth", 100),
        ("1,000th", 1000),
        ("month", None),
        ("with", None),
        ("five", None),
        ("", None),
    ],
)
def test_parse_ordinal(text: str, value: int | None) -> None:
    assert parse_ordinal(text) == value


@pytest.mark.parametrize("section", ["ones", "tens", "hundred", "scales", "groups", "fractions"])
def test_every_number_word_parses(section: str) -> None:
    for word, value in NUMBERS[section].items():
        assert parse_number(word) == value, word
        assert parse_number(word.upper()) == value, word


def test_every_article_stands_for_one() -> None:
    for article in NUMBERS["articles"]:
        assert parse_number(f"{article} dozen") == 12
        assert parse_number(f"{article} hundred") == 100
        assert parse_number(article) is None


def test_every_irregular_ordinal() -> None:
    for word, cardinal in NUMBERS["ordinals"].items():
        expected = parse_number(cardinal)
        assert expected is not None
        assert parse_ordinal(word) == int(expected), word
        compound = parse_ordinal(f"twenty-{word}")
        assert compound == (20 + int(expected) if expected < 10 else None), word


# -- properties ---------------------------------------------------------------------------

_ONES = [
    "", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _spell_below_thousand(n: int) -> str:
    """An independent speller, so the property does not reuse the parser's tables."""
    words = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
        if n:
            words.append("and")
    if n >= 20:
        words.append(_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else ""))
    elif n:
        words.append(_ONES[n])
    return " ".join(words)


def _spell(n: int) -> str:
    if n == 0:
        return "zero"
    parts = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            parts.append(f"{_spell_below_thousand(n // scale)} {name}")
            n %= scale
    if n:
        parts.append(_spell_below_thousand(n))
    return " ".join(parts)


@given(st.text(max_size=40))
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or math.isfinite(value)
    ordinal = parse_ordinal(text)
    assert ordinal is None or ordinal >= 0


@given(st.integers(min_value=-(2**53), max_value=2**53))
def test_integers_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_round_trip(x: float) -> None:
    assert parse_number(str(x)) == x


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_spelled_numbers_round_trip(n: int) -> None:
    assert parse_number(_spell(n)) == n


@given(st.integers(min_value=1, max_value=10**6))
def test_digit_ordinals_round_trip(n: int) -> None:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    assert parse_ordinal(f"{n}{suffix}") == n
