"""CAMEO actor codes: the agents table and country + sector codes for participants."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from spacy.language import Language

from newsgraph.nlp.actors import actor_code, agents, sector_for
from newsgraph.nlp.people import build_entities

ROOT = Path(__file__).resolve().parents[2]


def test_every_agent_phrase_looks_itself_up() -> None:
    table = agents()
    assert len(table) > 3000
    wrong = [p for p, code in table.items() if sector_for(p.split()) != code]
    assert not wrong, wrong[:10]


def test_plurals_and_longest_phrase_win() -> None:
    assert sector_for(["officials"]) == "GOV"
    assert sector_for(["troops"]) == "MIL"
    assert sector_for(["riot", "police"]) == "COP"
    assert sector_for(["foreign", "minister"]) == "GOV"
    assert sector_for(["weather"]) is None


def test_table_is_what_the_build_script_makes(shared_dir: Path) -> None:
    src = shared_dir / "eval" / "actors" / "Phoenix.agents.txt"
    if not src.exists():
        pytest.skip("Phoenix agents file absent")
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts/build_actor_agents.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = json.loads((ROOT / "src/newsgraph/data/actor_agents.json").read_text("utf-8"))
    assert module.build(src) == shipped["agents"]


def test_codes_from_roles_demonyms_and_organisations(nlp: Language) -> None:
    doc = nlp("Brazilian Foreign Minister Ana Silva met Chilean officials. The Indian Army moved.")
    index = build_entities(doc, None)
    by_name = {e.name: e.id for e in index.entities}
    assert actor_code(index, by_name["Ana Silva"]) == "BRA GOV"
    chile = by_name["Chile"]
    assert actor_code(index, chile, ["Chilean", "officials"]) == "CHL GOV"
    assert actor_code(index, chile) == "CHL"
    assert (actor_code(index, by_name["Indian Army"]) or "").endswith("MIL")
    assert actor_code(index, "no-such-id") is None
