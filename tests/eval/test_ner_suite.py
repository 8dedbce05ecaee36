"""The ner suite's reader and mapping, and the entity-typing rules it measures."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from newsgraph.errors import InputError
from newsgraph.eval import ner
from newsgraph.nlp import gazetteer as gz
from newsgraph.nlp.entities import _is_sports_report, find_mentions

RULES = json.loads(resources.files("newsgraph.data").joinpath("ner_rules.json").read_text())
PLACES = json.loads(resources.files("newsgraph.data").joinpath("ner_places.json").read_text())

IOB1 = """\
Rain NNP I-NP I-ORG
Corp NNP I-NP I-ORG
said VBD I-VP O
in IN I-PP O
Oslo NNP I-NP I-LOC
. . O O

Jan NNP I-NP I-PER
Berg NNP I-NP I-PER
Anna NNP I-NP B-PER
Lund NNP I-NP I-PER

-DOCSTART- -X- O O
"""


def test_read_conll_iob1_splits_adjacent_names_at_b() -> None:
    docs = ner.read_conll(IOB1.splitlines())
    assert len(docs) == 1
    assert docs[0].gold == {(0, 2, "ORG"), (4, 5, "LOC"), (6, 8, "PER"), (8, 10, "PER")}


def test_read_conll_iob2_and_documents() -> None:
    start = "-DOCSTART- -X- -X- O\n\n"
    text = f"{start}Oslo NNP B-NP B-LOC\n\n{start}Kim NNP B-NP B-PER\n"
    docs = ner.read_conll(text.splitlines())
    assert [d.gold for d in docs] == [{(0, 1, "LOC")}, {(0, 1, "PER")}]


def test_read_conll_rejects_one_column_lines() -> None:
    with pytest.raises(InputError):
        ner.read_conll(["Oslo"])


def test_text_and_offsets_point_at_tokens() -> None:
    doc = ner.read_conll(IOB1.splitlines())[0]
    text, starts = doc.text_and_offsets()
    assert text.split("\n")[1] == "Jan Berg Anna Lund"
    assert all(text[s : s + len(t)] == t for s, t in zip(starts, doc.tokens, strict=True))


@given(st.lists(st.sampled_from(["O", "B-PER", "I-PER", "I-LOC", "B-LOC"]), max_size=12))
def test_iob_spans_never_overlap_and_cover_every_tagged_token(tags: list[str]) -> None:
    spans = sorted(ner._iob_spans(tags, 0))
    covered = [i for s, e, _ in spans for i in range(s, e)]
    assert len(covered) == len(set(covered))
    assert set(covered) == {i for i, t in enumerate(tags) if t != "O"}


@pytest.mark.parametrize(
    ("ng_type", "text", "expected"),
    [
        ("PERSON", "Jan Berg", "PER"),
        ("ORG", "Rain Corp", "ORG"),
        ("PLACE", "Oslo", "LOC"),
        ("COUNTRY", "Norway", "LOC"),
        ("COUNTRY", "Norwegian", "MISC"),
        ("COUNTRY", "Norwegians", "MISC"),
        ("GROUP", "Kurds", "MISC"),
    ],
)
def test_conll_type(ng_type: str, text: str, expected: str) -> None:
    assert ner.conll_type(ng_type, text) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [("northern Iraq", "Iraq"), ("the prime minister", ""), ("the U.N.", "U.N."), ("Oslo", "Oslo")],
)
def test_name_part_drops_leading_lower_case_words(text: str, name: str) -> None:
    assert ner.name_part(text) == name


def _mentions(nlp: Language, text: str) -> dict[str, str]:
    doc = nlp(text)
    return {c.text: c.type for c in find_mentions(doc)}


def test_scores_and_spaced_dashes_cut_model_spans(nlp: Language) -> None:
    found = _mentions(nlp, "Norway - Jan Berg , Per Lund .\nBest bowling : K. Smith 4-28 .")
    assert "K. Smith" in found
    assert not any(any(c.isdigit() for c in m) or " - " in m for m in found)


def test_dotted_acronym_is_kept(nlp: Language) -> None:
    assert "U.N." in _mentions(nlp, "The U.N. said on Monday it would send more monitors.")


def test_upper_case_dateline_is_a_place(nlp: Language) -> None:
    found = _mentions(nlp, "OSLO 1996-08-30\nThe government said on Friday it would cut taxes.")
    assert found.get("OSLO") == "PLACE"


@pytest.mark.parametrize("name", list(PLACES["places"])[:: max(1, len(PLACES["places"]) // 40)])
def test_known_places_are_found(name: str) -> None:
    assert gz.place(name) == PLACES["places"][name]
    assert gz.place(name.upper()) == PLACES["places"][name]


REPORT = (
    "SOCCER - LEAGUE RESULTS .\nMANCHESTER 1996-08-30\n"
    "Leeds beat Chelsea 2-1 in the league on Friday after a goal in the final minute .\n"
    "Scotland drew with Wales at Glasgow ."
)


def test_cities_in_a_sports_report_are_teams(nlp: Language) -> None:
    found = _mentions(nlp, REPORT)
    assert found.get("Leeds") == "ORG"
    assert found.get("MANCHESTER") == "PLACE"  # the dateline
    assert found.get("Glasgow") == "PLACE"  # 'at Glasgow': where, not who
    assert "SOCCER" not in found


def test_cities_outside_sports_stay_places(nlp: Language) -> None:
    found = _mentions(nlp, "Leeds council said on Friday that new homes would be built.")
    assert found.get("Leeds") == "PLACE"


@pytest.mark.parametrize("nation", RULES["nations"])
def test_nations_stay_places_in_sports_reports(nlp: Language, nation: str) -> None:
    title = nation.title()
    doc = nlp(f"{title} beat Leeds 2-1 in the league match . The coach praised the goal .")
    found = {c.text: c.type for c in find_mentions(doc)}
    assert found.get(title) in {"PLACE", "COUNTRY"}, found


@pytest.mark.parametrize("word", RULES["locative_words"])
def test_locative_word_keeps_a_place_in_sports(nlp: Language, word: str) -> None:
    doc = nlp(f"The coach said the league match {word} Leeds was a victory after the goal .")
    assert {c.text: c.type for c in find_mentions(doc)}.get("Leeds") == "PLACE"


@pytest.mark.parametrize("term", RULES["sports_terms"])
def test_sports_terms_mark_a_report(nlp: Language, term: str) -> None:
    general = [t for t in RULES["sports_terms"] if t not in RULES["sports_names"] and t != term]
    assert _is_sports_report(
        nlp(f"They spoke of {term} , {general[0]} , {general[1]} and cricket .")
    )
    assert not _is_sports_report(nlp(f"They spoke of {general[0]} and cricket ."))


@pytest.mark.parametrize("name", RULES["sports_names"])
def test_a_sport_word_is_needed_besides_general_terms(nlp: Language, name: str) -> None:
    general = ["victory", "points"]
    assert _is_sports_report(nlp(f"After the {name} , a victory on points ."))
    assert not _is_sports_report(nlp(f"After the {' and '.join(general)} , a final defeat ."))


def test_a_scoreline_counts_as_sport(nlp: Language) -> None:
    assert _is_sports_report(nlp("Leeds 2-1 Hull , a victory on points in the final ."))
    assert not _is_sports_report(nlp("Leeds and Hull , a victory on points in the final ."))
