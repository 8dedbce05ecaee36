"""CAMEO codes at the codebook's distinctions, and public statements (root 01)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from newsgraph.errors import NewsgraphError
from newsgraph.export import CSV_COLUMNS, csv_row
from newsgraph.model import Article, Brief, Event, Evidence
from newsgraph.nlp.cameo import cameo_code, load_cameo, parse_cameo, refine, statement_code
from newsgraph.nlp.event_lexicon import load_lexicon
from newsgraph.nlp.events import extract_events
from newsgraph.nlp.people import build_entities
from newsgraph.read.events import event_mentions

ANCHOR = date(2025, 3, 10)
# The words the rules' phrases are made of, and a few they never use.
_CUE_WORDS = sorted(
    {
        w
        for r in load_cameo().rules + load_cameo().statement_rules
        for g in r.cues
        for p in g
        for w in p
    }
    | {w for r in load_cameo().rules for p in r.block for w in p}
    | {"the", "army", "said", "on", "talks"}
)


def _events(nlp: Language, text: str) -> tuple[list[Event], dict[str, str]]:
    doc = nlp(text)
    index = build_entities(doc, ANCHOR)
    return extract_events(doc, index, [], [], ANCHOR), {e.id: e.name for e in index.entities}


def _codes(nlp: Language, text: str) -> list[str | None]:
    return [e.cameo for e in _events(nlp, text)[0] if not e.statement]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("A suicide bomber killed 12 people at a market in Kabul on Tuesday.", "1831"),
        ("Militants set off a car bomb in Baghdad, killing nine people.", "1832"),
        ("Taliban fighters killed four soldiers with a roadside bomb in Helmand.", "1833"),
        ("Gunmen kidnapped two aid workers in northern Mali on Sunday.", "181"),
        ("Israeli jets attacked Hezbollah positions in southern Lebanon.", "195"),
        ("Russian troops shelled the town of Bakhmut on Monday.", "194"),
        ("The Saudi-led coalition imposed a blockade on Yemen's ports.", "191"),
        ("Police shot dead three protesters in Nairobi on Monday.", "175"),
    ],
)
def test_violence_gets_the_codebook_category(nlp: Language, text: str, code: str) -> None:
    assert code in _codes(nlp, text)


def test_a_suicide_bombing_is_unconventional_violence_not_a_battle(nlp: Language) -> None:
    codes = _codes(nlp, "A suicide bomber attacked a police station in Quetta.")
    assert codes and all(c and c.startswith("18") for c in codes)


def test_an_air_raid_stays_conventional_force(nlp: Language) -> None:
    codes = _codes(nlp, "Syrian government jets bombed rebel positions near Idlib.")
    assert codes == ["195"]


def test_demand_to_release_is_its_own_code(nlp: Language) -> None:
    events, _ = _events(nlp, "Germany said Russia must release the detained journalists.")
    assert "1053" in [e.cameo for e in events]
    assert not any(e.statement for e in events)  # the demand is what was said


def test_statement_with_speaker_source_and_optimistic_code(nlp: Language) -> None:
    events, names = _events(
        nlp, "Kenya's foreign minister said the talks with Uganda were constructive."
    )
    said = [e for e in events if e.statement]
    assert len(said) == 1
    assert said[0].type == "STATEMENT" and said[0].cameo == "013"
    assert [names[a] for a in said[0].actors] == ["Kenya"]
    assert [names[t] for t in said[0].targets] == ["Uganda"]


def test_denying_responsibility_is_a_statement(nlp: Language) -> None:
    events, names = _events(nlp, "Hamas denied responsibility for the attack on Sunday.")
    said = [e for e in events if e.cameo == "016"]
    assert len(said) == 1 and said[0].statement and said[0].type == "STATEMENT"
    assert [names[a] for a in said[0].actors] == ["Hamas"]


def test_claiming_responsibility_is_015(nlp: Language) -> None:
    events, _ = _events(nlp, "The Taliban claimed responsibility for the bombing.")
    assert [e.cameo for e in events if e.statement] == ["015"]


@pytest.mark.parametrize(
    "text",
    [
        "A witness said the crowd ran towards the square.",
        "Kenya did not say when the border would reopen.",
    ],
)
def test_no_statement_without_a_codable_speaker_or_when_negated(nlp: Language, text: str) -> None:
    assert not any(e.statement for e in _events(nlp, text)[0])


def test_domestic_types_get_their_nearest_code(nlp: Language) -> None:
    events, _ = _events(nlp, "Kenya's finance minister resigned on Friday.")
    assert [(e.type, e.cameo) for e in events] == [("RESIGN", "0831")]


def test_every_lexicon_example_gets_a_code(nlp: Language) -> None:
    lex = load_lexicon()
    missing = []
    for pred in [*lex.verbs.values(), *lex.phrasal.values(), *lex.nouns.values()]:
        missing += [pred.key for e in _events(nlp, pred.example)[0] if not e.cameo]
    assert missing == []


def _w(text: str) -> list[str]:
    return text.split()


def _event(etype: str, cameo: str | None, predicate: str, statement: bool = False) -> Event:
    return Event(
        type=etype,
        summary="",
        evidence=Evidence("s", 0, 1),
        cameo=cameo,
        attributes={"predicate": predicate},
        statement=statement,
    )


def test_rules_are_one_pass_and_need_every_cue_group() -> None:
    attack = _event("ASSAULT", "190", "attack")
    assert cameo_code(attack, _w("a suicide bomber attacked the base")) == "1831"
    assert cameo_code(attack, _w("the suicide of a soldier")) == "190"
    assert cameo_code(_event("APPOINT", None, "name"), ["named"]) == "010"


def _first_rule_of_all(code: str, predicate: str | None, words: list[str], rules: Any) -> str:
    """Every rule tried in book order: what ``refine`` answers without its index."""
    present = frozenset(words)
    return next((r.code for r in rules if r.applies(code, predicate, words, present)), code)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_CUE_WORDS), max_size=14),
    st.sampled_from(sorted({c for r in load_cameo().rules for c in r.start} | {"010", "190"})),
    st.sampled_from([None, *sorted({p for r in load_cameo().rules for p in r.predicates})]),
)
def test_refine_through_its_index_answers_as_trying_every_rule(
    words: list[str], code: str, predicate: str | None
) -> None:
    book = load_cameo()
    for rules, base in ((book.rules, code), (book.statement_rules, book.statement_default)):
        assert refine(base, predicate, words, rules) == _first_rule_of_all(
            base, predicate, words, rules
        )


def test_statement_codes_follow_the_words() -> None:
    assert statement_code(_w("he said talks were constructive"), "say") == "013"
    assert statement_code(_w("she expressed concern about the fighting"), "express") == "012"
    assert statement_code(_w("he sent condolences to the families"), "send") == "018"
    assert statement_code(_w("he said the weather was mild"), "say") == "010"


def test_every_code_used_is_a_codebook_code() -> None:
    book = load_cameo()
    used = {r.code for r in book.rules + book.statement_rules} | set(book.nearest.values())
    assert used <= set(book.names)
    assert book.names["1831"] == "Carry out suicide bombing"
    assert set(load_lexicon().types) <= set(book.nearest)


def test_unknown_code_in_the_data_is_a_clear_error() -> None:
    raw: dict[str, Any] = json.loads(
        resources.files("newsgraph.data").joinpath("cameo.json").read_text(encoding="utf-8")
    )
    raw["refine"].append({"from": ["19"], "all": [["x"]], "code": "1999"})
    with pytest.raises(NewsgraphError, match="1999"):
        parse_cameo(raw)


def _brief_with_statement() -> Brief:
    said = _event("STATEMENT", "013", "say", statement=True)
    met = _event("CONSULT", "040", "meet")
    return Brief(document=Article(text="s"), events=[said, met])


def test_statements_stay_out_of_the_plover_view() -> None:
    mentions = event_mentions("a1", _brief_with_statement(), {})
    assert [(m.index, m.type) for m in mentions] == [(2, "CONSULT")]


def test_csv_marks_a_statement_and_gives_it_no_plover_type() -> None:
    record = {
        "id": "a1:1",
        "date": "2025-03-10",
        "article_id": "a1",
        "actor_names": [],
        "actors": [],
        "targets": [],
        "target_names": [],
        "actor_codes": {},
        "cameo": "013",
        "type": "STATEMENT",
        "statement": True,
        "status": "happened",
        "confidence": 0.5,
        "place_name": None,
        "place": None,
        "url": None,
        "summary": "s",
        "evidence": {"sentence": "s"},
    }
    row = csv_row(record)
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=CSV_COLUMNS).writerow(row)
    assert row["IsStatement"] == "1" and row["PloverType"] == "" and row["EventRootCode"] == "01"
