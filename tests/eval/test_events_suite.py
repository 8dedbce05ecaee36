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
    score_plover,
)
from newsgraph.eval.events_cameo import (
    PetrRecord,
    cameo_metrics,
    load_petrarch_records,
    root_agreement,
    sentence_accuracy,
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


def _rec(rid: str, roots: set[str], dyadic: bool = True) -> PetrRecord:
    return PetrRecord(rid, "text", frozenset(roots), dyadic)


def test_petrarch_root_agreement_on_dyadic_records() -> None:
    gold = [_rec("a", {"04"}), _rec("b", {"12"}), _rec("c", {"19"}, dyadic=False)]
    assert root_agreement(["0431", None, "190"], gold) == 0.5


def test_weis_reading_accepts_the_cameo_roots_a_weis_category_covers() -> None:
    gold = [_rec("a", {"12"}), _rec("b", {"22"}), _rec("c", {"90"})]
    assert root_agreement(["111", "1831", "010"], gold) == 0.0
    assert root_agreement(["111", "1831", "010"], gold, weis=True) == 2 / 3


def test_sentence_accuracy_counts_agreed_silence() -> None:
    gold = [_rec("a", {"04"}), _rec("b", set(), dyadic=False), _rec("c", set(), dyadic=False)]
    roots = [frozenset({"01", "04"}), frozenset(), frozenset({"01"})]
    assert sentence_accuracy(roots, gold) == 2 / 3


def test_cameo_metrics_report_each_half() -> None:
    gold = [_rec(f"r{n}", {"04"}) for n in range(20)]
    m = cameo_metrics(["040"] * 20, [frozenset({"04"})] * 20, gold)
    assert m["petrarch cameo root agreement (tuning half)"] == 1.0
    assert m["petrarch cameo root agreement (check half)"] == 1.0
    assert m["petrarch sentence accuracy, gold read as CAMEO or WEIS"] == 1.0


def test_petrarch_reader_keeps_ids_and_no_event_records(tmp_path: Path) -> None:
    folder = tmp_path / "petrarch2-unit-tests"
    folder.mkdir()
    (folder / "PETR.UnitTest.records.xml").write_text(
        '<Sentence id="A-1" sentence="true"><EventCoding sourcecode="ARN" targetcode="GON" '
        'eventcode="064"></EventCoding><Text>Arnor met Gondor.</Text></Sentence>'
        '<Sentence id ="A-2" sentence="true"><EventCoding noevents = "True">'
        "</EventCoding><Text>Nothing here.</Text></Sentence>"
        '<Sentence id="A-3" sentence="true"><EventCoding error="bad_input_parse">'
        "</EventCoding><Text>Broken.</Text></Sentence>",
        encoding="utf-8",
    )
    recs = load_petrarch_records(tmp_path)
    assert [(r.id, set(r.roots), r.dyadic) for r in recs] == [
        ("A-1", {"06"}, True),
        ("A-2", set(), False),
    ]


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
