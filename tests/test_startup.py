"""What the CLI imports before it knows the command: every command pays it, and those that
read the store, or drive a batch whose workers parse, need neither spaCy nor the NLP
pipeline (about a second of start-up between them)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("spacy", "thinc", "newsgraph.pipeline")


def _imported_after(statement: str) -> set[str]:
    probe = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return set(out.stdout.split())


@pytest.mark.parametrize(
    "statement",
    [
        "import newsgraph.cli",
        "import newsgraph.api",
        "import newsgraph.jobs.ray",
        "import newsgraph.read.storylines",
    ],
)
def test_the_cli_and_the_batch_driver_start_without_the_nlp_pipeline(statement: str) -> None:
    modules = _imported_after(statement)
    assert not [m for m in HEAVY if m in modules]


def test_the_stop_words_come_in_when_words_are_first_counted() -> None:
    from newsgraph.resolve.story_features import stop_words, word_counts

    assert "the" in stop_words()
    assert word_counts("The talks resumed in Geneva") == {"talk": 1, "resum": 1, "geneva": 1}


def test_names_the_api_gave_are_still_there_imported_when_asked_for() -> None:
    from newsgraph import api
    from newsgraph.pipeline import analyse
    from newsgraph.resolve.check import CheckReport
    from newsgraph.resolve.knowledge import KnowledgeBase

    assert api.CheckReport is CheckReport
    assert api.KnowledgeBase is KnowledgeBase
    assert api.analyse is analyse
    with pytest.raises(AttributeError):
        api.NoSuchName  # noqa: B018
