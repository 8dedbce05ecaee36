"""Quality gate: one person however spelled, confusable people kept apart
(``tests/data/names``, scored through ``EntityResolver``). Measured: variant pairs merged
0.978 (tuning) / 0.982 (check), confusable pairs kept apart 0.987 / 0.982; the same-surname
baseline merges 0.627 / 0.621 and keeps 0.187 / 0.246 apart."""

from __future__ import annotations

from newsgraph.eval.names import run

MERGED_FLOOR = 0.95
APART_FLOOR = 0.95


def test_names_gate() -> None:
    result = run()
    ours, surname = result.systems[0], result.systems[1]
    assert ours.system == "newsgraph" and surname.system == "same surname"
    for half in ("tuning", "check"):
        assert ours.metrics[f"variants merged ({half})"] >= MERGED_FLOOR
        assert ours.metrics[f"confusables apart ({half})"] >= APART_FLOOR
        assert (
            ours.metrics[f"variants merged ({half})"] > surname.metrics[f"variants merged ({half})"]
        )
    assert result.score() == ours.metrics["variants merged (check)"]


def test_names_suite_counts_both_sets() -> None:
    result = run(limit=5)
    assert result.items == 10
    assert set(result.details) == {"unmerged_check", "unmerged_tuning"}
