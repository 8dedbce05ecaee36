"""The event-free development sets: the first halved, the second tuning data only."""

from __future__ import annotations

import csv

import pytest

from newsgraph.eval.events_fields import (
    EVENT_FREE_SECOND,
    event_free_half,
    event_free_key,
    event_free_metrics,
    load_all_event_free,
    load_event_free,
)
from newsgraph.eval.halves import half_of

KINDS = {
    "sports",
    "business",
    "ceremony",
    "illness",
    "accident",
    "metaphor",
    "plain",
    "hypothetical",
    "generic",
}


def test_the_second_set_loads_whole_and_repeats_no_first_set_sentence() -> None:
    first, second = load_event_free(), load_event_free(EVENT_FREE_SECOND)
    assert len(second) >= 100
    assert {r["kind"] for r in second} <= KINDS
    assert all(r["source"] and r["sentence"] and r["why"] for r in second)
    assert not {r["sentence"] for r in first} & {r["sentence"] for r in second}
    assert any(r["sentence"].startswith('"') for r in second)  # quotes read back, not eaten


def test_the_second_set_is_tuning_and_the_first_keeps_its_halves() -> None:
    rows = load_all_event_free()
    first = [r for r in rows if "set" not in r]
    assert all(event_free_half(r) == half_of(event_free_key(r)) for r in first)
    assert {event_free_half(r) for r in rows if r.get("set")} == {"tuning"}


def test_metrics_count_the_second_set_in_tuning_and_alone() -> None:
    first = {"source": "a.txt", "sentence": "Shares rose on Monday.", "kind": "business"}
    second = {**first, "sentence": "The cup final was won 2-1.", "set": "second"}
    out = event_free_metrics([first, second], [False, True])
    assert out["event-free sentences with an event"] == pytest.approx(0.5)
    assert out["event-free sentences with an event (second set, tuning)"] == 1.0
    tuning = [True] + ([False] if event_free_half(first) == "tuning" else [])
    assert out["event-free sentences with an event (tuning half)"] == pytest.approx(
        sum(tuning) / len(tuning)
    )
    assert "event-free sentences with an event (second set, tuning)" not in (
        event_free_metrics([first], [False])
    )


def test_the_second_set_is_the_kept_rows_of_its_candidates() -> None:
    path = EVENT_FREE_SECOND.with_name("second_candidates.tsv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert {r["keep"] for r in rows} == {"yes", "no"}
    kept = [(r["source"], r["sentence"], r["kind"]) for r in rows if r["keep"] == "yes"]
    second = load_event_free(EVENT_FREE_SECOND)
    assert kept == [(r["source"], r["sentence"], r["kind"]) for r in second]
    assert all(r["kind"] == "event" for r in rows if r["keep"] == "no")
