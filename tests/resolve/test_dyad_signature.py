"""Dyads compared through signatures answer exactly as the pairwise party test does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsgraph.resolve.story_parties import dyad_key, same_dyad, same_party
from newsgraph.resolve.storylines import Weights, dyad_factor


def _reference_party(a: str, b: str) -> bool:
    """The definition: equal, or two names (not country codes) ending in the same word."""
    if a == b:
        return True
    if a.isupper() or b.isupper():
        return False
    return a.split()[-1] == b.split()[-1]


def _reference_dyad(a: str, b: str) -> bool:
    x, y = a.split("|"), b.split("|")
    if len(x) != 2 or len(y) != 2:
        return a == b
    return (_reference_party(x[0], y[0]) and _reference_party(x[1], y[1])) or (
        _reference_party(x[0], y[1]) and _reference_party(x[1], y[0])
    )


PARTIES = st.sampled_from(
    [
        *("KEN", "ETH", "USA", "KEN GOV", "ken"),
        *("hugh jackman", "jackman", "jack man", "amina mohammed", "mohammed", "un envoy"),
    ]
)
DYADS = st.builds(dyad_key, PARTIES, PARTIES) | st.sampled_from(["ISR", "a|b|c", "x"])


@given(PARTIES, PARTIES)
def test_same_party_is_the_definition(a: str, b: str) -> None:
    assert same_party(a, b) == _reference_party(a, b)


@given(DYADS, DYADS)
def test_same_dyad_is_the_definition(a: str, b: str) -> None:
    assert same_dyad(a, b) == _reference_dyad(a, b)


@given(
    st.dictionaries(DYADS, st.sampled_from([1.0, 2.0, 3.0]), max_size=6),
    st.dictionaries(DYADS, st.sampled_from([1.0, 2.0, 3.0]), max_size=6),
)
def test_dyad_factor_agrees_with_the_pairwise_walk(
    a: dict[str, float], b: dict[str, float]
) -> None:
    w = Weights()
    main_a = [k for k, v in a.items() if v >= 2.0]
    main_b = [k for k, v in b.items() if v >= 2.0]
    shared = any(_reference_dyad(x, y) for x in main_a for y in b) or any(
        _reference_dyad(x, y) for x in main_b for y in a
    )
    got = dyad_factor(a, b, w)
    if not main_a or not main_b or shared:
        assert got == 1.0
    else:
        states = all(p.isupper() for k in (*main_a, *main_b) for p in k.split("|"))
        assert got == (w.state_clash if states else w.dyad_clash)
