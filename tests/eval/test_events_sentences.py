"""The CAMEO-through-PLOVER measure and the sentence accuracy shaped like the held-out one,
on tiny inputs of our own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsgraph.eval.events_sentences import (
    PloverRow,
    Reading,
    SentenceGold,
    code_agrees,
    gold_mode,
    no_event_readings,
    parse_plover_table,
    row_for,
    sentence_metrics,
    sentence_right,
)

TABLE_TEXT = """# CAMEO to PLOVER conversion table
03: AGREE
033: AGREE,  , diplomatic # Express intent to provide material aid
0333: AGREE,  , humanitarian # Express intent to provide humanitarian aid
08: CONCEDE
08: RETREAT
0841: RETREAT, release,   legal # Return, release person(s)
14: PROTEST
142: PROTEST, hunger,            # Conduct hunger strike
19: ASSAULT
194: ASSAULT, heavy-weapons, military # Fight with artillery and tanks
1124: ACCUSE, allege, military; legal # Accuse of war crimes
~~~~~
"""
TABLE = parse_plover_table(TABLE_TEXT)


def test_table_rows_keep_type_mode_and_contexts_first_row_winning() -> None:
    assert TABLE["0333"] == PloverRow("AGREE", None, frozenset({"humanitarian"}))
    assert TABLE["142"] == PloverRow("PROTEST", "hunger", frozenset())
    assert TABLE["1124"].contexts == {"military", "legal"}
    assert TABLE["08"].type == "CONCEDE"  # the table lists 08 twice
    assert "~~~~~" not in TABLE and len(TABLE) == 10


def test_a_code_falls_back_to_its_parent_rows() -> None:
    assert row_for("0332", TABLE) == TABLE["033"]
    assert row_for("1942", TABLE) == TABLE["194"]
    assert row_for("010", TABLE) is None and row_for(None, TABLE) is None


def test_gold_modes_read_in_the_tables_names() -> None:
    assert gold_mode("strike-hun") == "hunger" and gold_mode("demo-org") == "demo"
    assert gold_mode("heavy-weapons") == "heavy-weapons"
    assert gold_mode("other") is None and gold_mode("") is None and gold_mode(None) is None


def test_code_agreement_on_type_then_mode_and_context() -> None:
    hunger = SentenceGold("tuning", "PROTEST", "hunger", frozenset({"political"}))
    assert code_agrees("142", hunger, TABLE, full=True)
    assert not code_agrees("1124", hunger, TABLE)
    shelling = SentenceGold("check", "ASSAULT", "firearms", frozenset({"military"}))
    assert code_agrees("194", shelling, TABLE) and not code_agrees("194", shelling, TABLE, True)
    aid = SentenceGold("check", "AGREE", None, frozenset({"diplomatic"}))
    assert code_agrees("033", aid, TABLE, True) and not code_agrees("0333", aid, TABLE, True)
    refugees = SentenceGold("check", "AGREE", None, frozenset({"refugee"}))  # not the table's
    assert code_agrees("0333", refugees, TABLE, True)


def test_sentence_rule_for_event_and_event_free_sentences() -> None:
    event = SentenceGold("tuning", "RETREAT")
    free = SentenceGold("tuning", None)
    statement_only = Reading("010", frozenset({"010"}), acted=False)
    assert sentence_right(Reading("010", frozenset({"010", "0841"}), True), event, TABLE, True)
    assert not sentence_right(statement_only, event, TABLE, True)
    assert not sentence_right(statement_only, free, TABLE, statements=True)
    assert sentence_right(statement_only, free, TABLE, statements=False)
    assert sentence_right(no_event_readings(1)[0], free, TABLE, statements=True)


def test_metrics_on_each_half_with_the_silent_baseline() -> None:
    golds = [SentenceGold("tuning", "AGREE"), SentenceGold("check", None)]
    ours = [Reading("0333", frozenset({"0333"}), True), Reading("010", frozenset({"010"}), False)]
    m = sentence_metrics(ours, golds, TABLE)
    assert m["cameo code maps to the plover type (tuning half)"] == 1.0
    assert m["plover + event-free sentence accuracy, statements count"] == 0.5
    assert m["plover + event-free sentence accuracy, statements not counted"] == 1.0
    assert m["plover + event-free sentence accuracy, statements count (check half)"] == 0.0
    silent = sentence_metrics(no_event_readings(2), golds, TABLE)
    assert silent["plover + event-free sentence accuracy, statements count"] == 0.5
    assert silent["cameo code maps to the plover type"] == 0.0


@given(
    code=st.from_regex(r"\d{2,4}", fullmatch=True),
    etype=st.from_regex(r"[A-Z]{3,10}", fullmatch=True),
    mode=st.one_of(st.just(""), st.from_regex(r"[a-z][a-z-]{0,12}", fullmatch=True)),
    contexts=st.lists(st.from_regex(r"[a-z][a-z_]{0,12}", fullmatch=True), max_size=3),
    comment=st.text(alphabet="abc ,;#", max_size=20),
)
def test_any_table_line_reads_back(
    code: str, etype: str, mode: str, contexts: list[str], comment: str
) -> None:
    line = f"{code}: {etype},  {mode} ,  {'; '.join(contexts)} # {comment}"
    row = parse_plover_table(line)[code]
    assert row == PloverRow(etype, mode or None, frozenset(contexts))
