"""Quality gate: PLOVER event-type accuracy and source+target accuracy on the gold records.

Runs the whole suite (322 PLOVER + 248 PETRARCH2 sentences, about 10 s). Measured
2026-11: type accuracy 0.798, source and target both right 0.640 (0.714 on the even-indexed
half the changes were chosen on, 0.565 on the odd half held back to check them).

CAMEO on the 267 PETRARCH2 unit-test records (2026-12): root agreement 0.081 against the
mostly WEIS-coded gold, 0.528 when a gold root may be read as CAMEO or as WEIS (0.441
tuning half, 0.620 check half); sentence accuracy so read 0.539. Since acts stated as an
intention, a threat or a refusal are coded as CAMEO codes the statement (03x/13x/12x), root
agreement is 0.065: the unit-test dictionary codes "will contribute" as 07 and "will be
hosting" as 04, where the codebook's own examples (the PLOVER records) give 03.

CAMEO through PLOVER (2026-12, eval/events_sentences.py): the main event's CAMEO code maps
by CAMEO2PLOVER-2021 to the gold PLOVER type on 0.789 of the records (0.783 tuning, 0.794
check); sentence accuracy over the PLOVER records and the event-free set 0.809 with
statements counted as events (0.825 / 0.795), 0.818 without (0.838 / 0.802); answering
"no event" every time 0.377.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.eval import run_suite
from newsgraph.eval.base import SuiteResult


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> SuiteResult:
    """The whole events suite, run once for every gate below."""
    data = shared_dir / "eval"
    if not (data / "events").exists():
        pytest.skip("../shared/eval/events is absent")
    return run_suite("events", data)


TYPE_FLOOR = 0.78
DYAD_FLOOR = 0.62
CAMEO_FLOOR = 0.06  # petrarch cameo root agreement (dictionary-bound; see above)
LENIENT_ROOT_FLOOR = 0.50  # ... gold read as CAMEO or WEIS
LENIENT_SENTENCE_FLOOR = 0.51


@pytest.mark.slow
def test_events_gate(result: SuiteResult) -> None:
    assert result.headline == "plover type accuracy"
    assert result.score() >= TYPE_FLOOR
    assert result.score(metric="source and target right") >= DYAD_FLOOR
    assert result.score(metric="petrarch cameo root agreement") >= CAMEO_FLOOR
    lenient = ", gold read as CAMEO or WEIS"
    assert result.score(metric=f"petrarch root agreement{lenient}") >= LENIENT_ROOT_FLOOR
    assert result.score(metric=f"petrarch sentence accuracy{lenient}") >= LENIENT_SENTENCE_FLOOR
    assert result.score() > result.score("petrarch-style verb dictionary")


MAPS_FLOOR = 0.76  # cameo code maps to the plover type
# "statements count" fell from 0.812 to 0.778 on 2026-12-05: the event-free side gained a
# second, harder set (101 sentences the lexicon fires on, tuning only), and speakers the
# sentence cannot place now make statements, which that set counts as events although its
# labels allow bare statements (0.797 on the old sentences alone).
SENTENCE_FLOORS = {"statements count": 0.77, "statements not counted": 0.79}


@pytest.mark.slow
def test_cameo_through_plover_and_sentence_accuracy_gate(result: SuiteResult) -> None:
    """The development measure shaped like the held-out one, ahead of both baselines."""
    assert result.score(metric="cameo code maps to the plover type") >= MAPS_FLOOR
    for rule, floor in SENTENCE_FLOORS.items():
        metric = f"plover + event-free sentence accuracy, {rule}"
        assert result.score(metric=metric) >= floor, metric
        for baseline in ("always no event", "petrarch-style verb dictionary"):
            assert result.score(metric=metric) > result.score(baseline, metric) + 0.2, baseline


FIELD_FLOORS = {"mode accuracy": 0.50, "location accuracy": 0.40, "dead accuracy": 0.80}
EVENT_FREE_CEILING = 0.12


@pytest.mark.slow
def test_plover_fields_and_event_free_gate(result: SuiteResult) -> None:
    """PLOVER's mode, place and dead scored beside the type (measured 2026-11: mode 0.537,
    location 0.479, dead 0.867); event-free sentences with an event 0.277, 0.169 since the
    second pass (0.098 tuning half, 0.221 check half), 0.068 since the event model (0.044
    tuning, 0.106 check), 0.097 once the harder third set joined the tuning half (0.093)."""
    for metric, floor in FIELD_FLOORS.items():
        assert result.score(metric=metric) >= floor, metric
    assert result.score(metric="event-free sentences with an event") <= EVENT_FREE_CEILING
