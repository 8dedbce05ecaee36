"""The acceptance test: the seed article's brief against its hand-made gold facts.

Every category, events included, must score at least 0.85 with the shared scorer, no person
may be split in two, and the photographer must not become a participant.
"""

from __future__ import annotations

import importlib.util
import io
from contextlib import redirect_stdout
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from newsgraph.api import brief

FLOOR = 0.85


def _scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "score_brief", shared / "tools" / "score_brief.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seed_brief(shared_dir: Path) -> dict[str, Any]:
    path = shared_dir / "seed" / "israel-syria-paris-talks.txt"
    return brief(str(path), published="2026-01-05").to_dict()


@pytest.fixture(scope="module")
def rows(shared_dir: Path, seed_brief: dict[str, Any]) -> dict[str, tuple[int, int, list[str]]]:
    import json

    gold = json.loads((shared_dir / "seed" / "gold.json").read_text(encoding="utf-8"))
    scorer = _scorer(shared_dir).Scorer(gold, seed_brief)
    with redirect_stdout(io.StringIO()):
        scorer.run(None, None)
    return {name: (found, total, missed) for name, found, total, missed in scorer.rows}


def test_every_category_meets_the_floor(rows: dict[str, tuple[int, int, list[str]]]) -> None:
    low = {name: (f, t, m) for name, (f, t, m) in rows.items() if t and f / t < FLOOR}
    assert not low, f"below {FLOOR}: {low}"


def test_no_person_split_in_two(rows: dict[str, tuple[int, int, list[str]]]) -> None:
    found, total, missed = rows["entities not split in two"]
    assert found == total, missed


def test_photographer_is_not_a_participant(seed_brief: dict[str, Any]) -> None:
    credited = {
        e["id"] for e in seed_brief["entities"] if any("photo" in r["title"] for r in e["roles"])
    }
    assert credited, "the photo credit's photographer was not recognised"
    for ent in seed_brief["entities"]:
        if ent["id"] in credited:
            assert ent["mentions"] == []
    assert not any(q["speaker"] in credited for q in seed_brief["quotes"])


def test_every_fact_has_evidence_inside_the_body(seed_brief: dict[str, Any]) -> None:
    document = seed_brief["document"]
    text = document["text"]
    facts = (
        seed_brief["quotes"]
        + seed_brief["attributions"]
        + seed_brief["times"]
        + seed_brief["quantities"]
    )
    assert facts
    for fact in facts:
        ev = fact["evidence"]
        assert document[ev["field"]][ev["start"] : ev["end"]] == ev["sentence"]
    for ent in seed_brief["entities"]:
        for m in ent["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
