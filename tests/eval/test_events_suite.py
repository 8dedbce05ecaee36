"""The events suite's readers and scoring, on tiny inputs of our own."""

from __future__ import annotations

from pathlib import Path

from newsgraph.eval.events import (
    Coding,
    GoldRecord,
    _actor_spans,
    _side_ok,
    load_cameo_map,
    load_verb_dictionary,
    plover_for,
    score_petrarch,
    score_plover,
)


def test_actor_spans_found_case_insensitively_and_split_on_ellipses() -> None:
    text = "Senior Kenyan officials met in Nairobi."
    assert _actor_spans(text, [{"actorText": "kenyan officials"}]) == [(7, 23)]
    assert _actor_spans(text, [{"actorText": "Kenyan ... officials"}]) == [(7, 13)]
    assert _actor_spans(text, "Nairobi") == [(31, 38)]
    assert _actor_spans(text, None) == []


def test_side_overlap_rules() -> None:
    assert _side_ok([(0, 5)], [(3, 8)])
    assert not _side_ok([(0, 3)], [(3, 8)])
    assert _side_ok([], [])
    assert not _side_ok([(0, 1)], [])


def test_plover_scores_per_type() -> None:
    gold = [GoldRecord("a", "AGREE", [(0, 1)], []), GoldRecord("b", "ACCUSE", [(0, 1)], [(2, 3)])]
    ours = [Coding("AGREE", "030", [(0, 1)], []), Coding("REJECT", "120", [], [(2, 3)])]
    m = score_plover(ours, gold)
    assert m["plover type accuracy"] == 0.5
    assert m["source and target right"] == 0.5
    assert m["type accuracy ACCUSE"] == 0.0 and m["type accuracy AGREE"] == 1.0


def test_petrarch_root_agreement() -> None:
    assert (
        score_petrarch([Coding("X", "0431"), Coding("X", None)], [("a", {"04"}), ("b", {"12"})])
        == 0.5
    )


def test_dictionary_and_map_readers(tmp_path: Path) -> None:
    folder = tmp_path / "petrarch2-unit-tests"
    folder.mkdir()
    (folder / "PETR.Validate.verbs.txt").write_text(
        "--- ACCUSE  [112] ---\nACCUSE  {ACCUSED ACCUSING}\n- * OF [1121]\n"
        "--- ADD  [---] ---\nADD\n",
        encoding="utf-8",
    )
    verbs = load_verb_dictionary(tmp_path)
    assert verbs == {"accuse": "112", "accused": "112", "accusing": "112"}
    (tmp_path / "CAMEO2PLOVER-2021.txt").write_text(
        "11: ACCUSE\n112: ACCUSE, disapprove, # Accuse\n", encoding="utf-8"
    )
    table = load_cameo_map(tmp_path)
    assert plover_for("1121", table) == "ACCUSE" and plover_for("99", table) is None
