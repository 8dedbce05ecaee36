"""SplitCase finds what its one pattern finds, on time expressions in any case."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.nlp import times
from newsgraph.nlp.split_case import SplitCase, lowers_safely

_WORDS = [
    "last",
    "Last",
    "LAST",
    "week",
    "Week",
    "the",
    "The",
    "past",
    "two",
    "Two",
    "years",
    "ago",
    "Monday",
    "monday",
    "MONDAY",
    "March",
    "march",
    "5",
    "12",
    "2026",
    "at",
    "noon",
    "3 p.m.",
    "GMT",
    "gmt",
    "every",
    "day",
    "a",
    "year",
    "earlier",
    "recently",
    "now",
    "Nov.",
    "1st",
    "of",
    "and",
    "in",
    "recent",
    "months",
    "-",
    ",",
    ".",
    "'s",
    "\u212aelvin",
    "la\u017ft",
    "\u0130stanbul",
    "\u00e9t\u00e9",
    "\u2019",
    "\u00a0",
]
_TEXTS = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", "", "-", "  ", "\n"])),
    max_size=24,
).map(lambda parts: "".join(w + sep for w, sep in parts))


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_time_candidates_are_the_one_patterns_matches(text: str) -> None:
    pattern = times._CANDIDATES
    assert pattern.spans(text) == [m.span() for m in pattern.whole.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abAB -\u212a\u017f\u0130\u00e9", max_size=30))
def test_a_small_pattern_matches_as_one_pattern_in_any_text(text: str) -> None:
    pattern = SplitCase(r"ab|b a", r"A\b|Ba", prefix=r"(?<![\w-])", suffix=r"(?![\w-])")
    assert pattern.lowered is not None
    assert pattern.spans(text) == [m.span() for m in pattern.whole.finditer(text)]


def test_the_time_pattern_is_searched_in_two_halves() -> None:
    assert times._CANDIDATES.lowered is not None


def test_a_case_insensitive_half_with_an_upper_case_escape_is_never_lowered() -> None:
    pattern = SplitCase(r"a\Sb", r"C")
    assert pattern.lowered is None
    assert pattern.spans("axb AXB C") == [(0, 3), (4, 7), (8, 9)]


def test_characters_that_fold_to_ascii_letters_are_not_lowered() -> None:
    assert lowers_safely("\u00e9") and lowers_safely("\u2019") and lowers_safely("Q")
    assert not lowers_safely("\u212a")  # Kelvin sign: matches k without case
    assert not lowers_safely("\u017f")  # long s: matches s without case
    assert not lowers_safely("\u0130")  # dotted capital I lowers to two characters
