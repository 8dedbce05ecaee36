"""One pipeline run over the ECB+ development documents, shared by the storylines and
xdoc gates (about 15 s on 2 cores) through a session-scoped fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.eval.ecbplus import EcbDoc, analyse_docs, read_corpus
from newsgraph.model import Brief


@pytest.fixture(scope="session")
def ecbplus_analysed(shared_dir: Path) -> tuple[list[EcbDoc], list[Brief]]:
    base = shared_dir / "eval" / "ecbplus"
    if not (base / "ECB+").exists():
        pytest.skip("../shared/eval/ecbplus is absent")
    docs = read_corpus(base)
    briefs, _ = analyse_docs(docs)
    return docs, briefs
