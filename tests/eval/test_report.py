"""Suite results render the same figures as text, JSON and Markdown."""

from __future__ import annotations

import io

from rich.console import Console

from newsgraph.eval.base import PRF, SuiteResult, SystemScores
from newsgraph.eval.report import as_json, as_markdown, as_text


def _result() -> SuiteResult:
    return SuiteResult(
        suite="demo",
        dataset="a tiny set",
        items=3,
        systems=[
            SystemScores("newsgraph", {"f1": 0.8125, "docs/s": 12.5}),
            SystemScores("baseline", {"f1": 0.5}, note="not tuned"),
        ],
        headline="f1",
        notes=["a note"],
    )


def test_markdown_has_one_row_per_system_and_marks_the_headline() -> None:
    text = as_markdown([_result()], "newsgraph eval demo --format markdown")
    assert "| system | f1 * | docs/s |" in text
    assert "| newsgraph | 0.812 | 12.5 |" in text
    assert "| baseline | 0.500 | – |" in text
    assert "newsgraph eval demo --format markdown" in text
    assert "- a note" in text


def test_text_and_json_carry_the_same_figures() -> None:
    out = io.StringIO()
    Console(file=out, width=120).print(as_text([_result()]))
    assert "0.812" in out.getvalue() and "not tuned" in out.getvalue()
    data = as_json([_result()])
    assert data[0]["systems"][0]["metrics"]["f1"] == 0.8125


def test_prf_counts() -> None:
    counts = PRF(tp=3, fp=1, fn=2)
    assert counts.precision == 0.75 and counts.recall == 0.6
    assert round(counts.f1, 4) == 0.6667
    assert PRF().f1 == 0.0
    counts.add(PRF(1, 0, 0))
    assert (counts.tp, counts.fp, counts.fn) == (4, 1, 2)
