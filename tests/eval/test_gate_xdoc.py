"""Quality gate: end-to-end cross-document entity coreference on ECB+ (CoNLL F1, own
mentions, own storylines). Measured: newsgraph 0.405 (topics 2, 12, 21, 34, tuned on: 0.436;
5, 18, 23, 35: 0.364); the head-lemma baseline on gold mentions and gold sub-topics 0.695.
Still under the 0.60 target: about 45% of the detected mentions are not ECB+ mentions (ECB+
marks only the participants of its annotated events, with its own span conventions), and
nominals tie to names only through appositions, role titles and name words. The suite
parses the documents once more for the mention detector (about 10 s)."""

from __future__ import annotations

import pytest

from newsgraph.eval.ecbplus import EcbDoc
from newsgraph.eval.xdoc import run_xdoc
from newsgraph.model import Brief

FLOOR = 0.39


@pytest.mark.slow
def test_xdoc_gate(ecbplus_analysed: tuple[list[EcbDoc], list[Brief]]) -> None:
    systems, notes = run_xdoc(*ecbplus_analysed)
    assert systems[0].system == "newsgraph"
    assert systems[0].metrics["conll f1"] >= FLOOR
    assert systems[1].system == "head lemma in gold sub-topic"
    assert 0.6 < systems[1].metrics["conll f1"] < 0.8  # the README's baseline figure, 0.709
    assert len(notes) == 2  # the tuning half and the check half, reported apart
