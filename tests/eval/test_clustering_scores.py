"""The coreference scorers against hand-computed figures, and their invariants."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsgraph.eval.clustering import bcubed, ceafe, clusters_of, conll, muc

KEY = [frozenset("abc"), frozenset("de")]
RESPONSE = [frozenset("ab"), frozenset("cde")]


def test_hand_computed_example() -> None:
    # B3 recall: a,b 2/3, c 1/3, d,e 1 -> 11/15; precision by symmetry of this case 11/15
    assert bcubed(KEY, RESPONSE) == (11 / 15, 11 / 15, 11 / 15)
    # MUC recall: {abc} cut in 2 parts -> 1/2 links, {de} whole -> 1/1: 2/3
    assert muc(KEY, RESPONSE)[1] == 2 / 3
    # CEAF-e: phi4(abc, ab) = 4/5, phi4(de, cde) = 4/5 -> 1.6 / 2
    assert abs(ceafe(KEY, RESPONSE)[2] - 0.8) < 1e-9


def test_missing_and_extra_mentions_count() -> None:
    p, r, _ = bcubed([frozenset("ab")], [frozenset("ax")])
    assert (p, r) == (0.25, 0.25)  # a: 1/2 overlap, b and x: 0; over 2 mentions
    assert muc([frozenset("ab")], [frozenset("a"), frozenset("b")])[1] == 0.0


def test_ceafe_needs_the_best_alignment() -> None:
    key = [frozenset("abcd"), frozenset("e")]
    response = [frozenset("ab"), frozenset("cde")]
    # best: abcd<->ab (2*2/6) and e<->cde (2*1/4): 2/3 + 1/2
    assert abs(ceafe(key, response)[1] - (2 / 3 + 1 / 2) / 2) < 1e-9


labels = st.dictionaries(st.integers(0, 30), st.integers(0, 5), min_size=1)


@given(labels)
def test_perfect_response_scores_one(mapping: dict[int, int]) -> None:
    key = clusters_of(mapping)  # type: ignore[arg-type]
    scores = conll(key, key)
    assert abs(scores["bcubed f1"] - 1) < 1e-9 and abs(scores["ceafe f1"] - 1) < 1e-9
    assert scores["muc f1"] in (0.0, 1.0) or abs(scores["muc f1"] - 1) < 1e-9


@given(labels, labels)
def test_scores_are_bounded_and_symmetric(a: dict[int, int], b: dict[int, int]) -> None:
    key, resp = clusters_of(a), clusters_of(b)  # type: ignore[arg-type]
    for fn in (bcubed, muc, ceafe):
        p, r, f = fn(key, resp)
        assert 0 <= p <= 1 + 1e-9 and 0 <= r <= 1 + 1e-9 and 0 <= f <= 1 + 1e-9
        p2, r2, _ = fn(resp, key)
        assert abs(p - r2) < 1e-9 and abs(r - p2) < 1e-9
