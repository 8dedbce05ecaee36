"""Quality gate: source F1 of quotes + attributions on the whole PolNeAR dev split.

The full split (84 texts) runs in well under two minutes on two cores, so no sample is
taken (about 30 s when the machine is quiet). Floors sit a little under the measured
scores, on the whole split, on its check half (never tuned on), and for whole attributions
("both": source and content right, the held-out measure).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.eval.attribution import run
from newsgraph.eval.base import DEFAULT_DATA

FLOOR = 0.76  # measured 0.778 on PolNeAR dev (newsgraph eval attribution)
CHECK_FLOOR = 0.745  # measured 0.765 on the check half
BOTH_FLOOR = 0.71  # measured 0.730: a pair right in source and content
CONTENT_RECALL_FLOOR = 0.67  # measured 0.692: attributions found at all


@pytest.mark.slow
def test_attribution_source_f1_floor() -> None:
    if not (Path(DEFAULT_DATA) / "polnear" / "dev").is_dir():
        pytest.skip("../shared/eval/polnear is not present")
    result = run(None, None)
    assert result.systems[0].system == "newsgraph"
    assert result.score() >= FLOOR, result.systems[0].metrics
    assert result.score(metric="source precision") >= 0.85
    assert result.score(metric="source f1 check") >= CHECK_FLOOR, result.systems[0].metrics
    assert result.score(metric="both f1") >= BOTH_FLOOR, result.systems[0].metrics
    assert result.score(metric="content recall") >= CONTENT_RECALL_FLOOR
