"""Shared fixtures: one spaCy pipeline per test session (loading it costs about a second)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from newsgraph.nlp.convert import load_nlp

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared evaluation data (``../shared``); tests that need it skip when absent."""
    if not SHARED.exists():
        pytest.skip("../shared is not present")
    return SHARED
