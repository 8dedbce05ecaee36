"""The event-free development sets: the first halved, the later ones tuning data only."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from newsgraph.eval.events_fields import (
    EVENT_FREE_SECOND,
    EVENT_FREE_THIRD,
    LATER_SETS,
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


@pytest.mark.parametrize("path", [EVENT_FREE_SECOND, EVENT_FREE_THIRD])
def test_a_later_set_loads_whole_and_repeats_no_earlier_sentence(path: Path) -> None:
    earlier = load_event_free()
    for other, _ in LATER_SETS:
        if other == path:
            break
        earlier += load_event_free(other)
    later = load_event_free(path)
    assert len(later) >= 90
    assert {r["kind"] for r in later} <= KINDS
    assert all(r["source"] and r["sentence"] and r["why"] for r in later)
    assert not {r["sentence"] for r in earlier} & {r["sentence"] for r in later}


def test_quotes_read_back_not_eaten() -> None:
    assert any(r["sentence"].startswith('"') for r in load_event_free(EVENT_FREE_SECOND))


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


@pytest.mark.parametrize(
    ("path", "candidates"),
    [
        (EVENT_FREE_SECOND, "second_candidates.tsv"),
        (EVENT_FREE_THIRD, "third_candidates.tsv"),
    ],
)
def test_a_later_set_is_the_kept_rows_of_its_candidates(path: Path, candidates: str) -> None:
    with path.with_name(candidates).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert {r["keep"] for r in rows} == {"yes", "no"}
    kept = [(r["source"], r["sentence"], r["kind"]) for r in rows if r["keep"] == "yes"]
    assert kept == [(r["source"], r["sentence"], r["kind"]) for r in load_event_free(path)]
    assert all(r["kind"] == "event" for r in rows if r["keep"] == "no")
