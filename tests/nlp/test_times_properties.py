"""Property tests: normalize_timex never raises, only emits TIMEX3 values, and durations
carry their number through."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from newsgraph.nlp.timex_normalize import normalize_timex
from newsgraph.nlp.timex_values import TIMEX_VALUE
from newsgraph.nlp.timex_words import time_words

WORDS = time_words()
anchors = st.none() | st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))
vocabulary = (
    list(WORDS["numbers"])
    + list(WORDS["months"])
    + list(WORDS["weekdays"])
    + list(WORDS["units"])
    + list(WORDS["directions"])
    + list(WORDS["approximators"])
    + list(WORDS["vague"])
    + ["ago", "the", "of", "2024", "3rd", "p.m.", "s", "-", ","]
)
word_soup = st.lists(st.sampled_from(vocabulary), max_size=6).map(" ".join)


@given(st.text(max_size=120), anchors)
def test_never_raises_on_arbitrary_text(text: str, anchor: datetime.date | None) -> None:
    result = normalize_timex(text, anchor)
    assert result is None or result.value is None or TIMEX_VALUE.match(result.value)


@given(word_soup, anchors)
def test_values_match_timex3_on_temporal_word_soup(text: str, anchor: datetime.date | None) -> None:
    result = normalize_timex(text, anchor)
    if result is not None and result.value is not None:
        assert TIMEX_VALUE.match(result.value), (text, result)


UNIT_LETTERS = {"day": "D", "week": "W", "month": "M", "year": "Y"}


@given(st.integers(1, 5000), st.sampled_from(sorted(UNIT_LETTERS)))
def test_durations_round_trip_their_number(count: int, unit: str) -> None:
    plural = unit if count == 1 else unit + "s"
    result = normalize_timex(f"{count} {plural}", datetime.date(2026, 1, 5))
    assert result is not None and result.kind == "duration"
    assert result.value == f"P{count}{UNIT_LETTERS[unit]}"


@given(st.integers(1, 99))
def test_hours_round_trip_with_t(count: int) -> None:
    result = normalize_timex(f"{count} hours", None)
    assert result is not None and result.value == f"PT{count}H"


@given(st.sampled_from(sorted(n for n in WORDS["numbers"].items() if n[0] not in ("a", "an"))))
def test_number_words_round_trip(item: tuple[str, int]) -> None:
    word, number = item
    result = normalize_timex(f"{word} weeks", None)
    assert result is not None and result.value == f"P{number}W"


FRACTION_UNITS = {"year": ("Y", "6M", ""), "hour": ("H", "30M", "T"), "day": ("D", "T12H", "")}


@given(st.integers(1, 500), st.sampled_from(sorted(FRACTION_UNITS)), st.booleans())
def test_fractional_durations_write_whole_units_and_the_rest(
    count: int, unit: str, slash: bool
) -> None:
    """'2 1/2 years' -> P2Y6M, '5 and a half hours' -> PT5H30M: TimeBank's way of writing
    a half, never a fractional or converted count."""
    letter, rest, time_mark = FRACTION_UNITS[unit]
    text = f"{count} 1/2 {unit}s" if slash else f"{count} {unit}s and a half"
    result = normalize_timex(text, None)
    assert result is not None and result.value == f"P{time_mark}{count}{letter}{rest}"
