"""The hand-coded news sentences (tests/data/cameo_sentences) and their sentence accuracy."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.eval.events_news import (
    SECOND_DRAW,
    THIRD_DRAW,
    NewsSentence,
    load_all_news_sentences,
    load_news_sentences,
    news_metrics,
    parse_roots,
    sentence_right,
)

CAMEO_ROOTS = {f"{n:02d}" for n in range(1, 21)}


def _row(sentence: str, roots: str) -> NewsSentence:
    return NewsSentence("bbc-politics/politics/001.txt", sentence, parse_roots(roots), "k", "w")


def test_the_coded_set_loads_with_valid_roots_and_both_halves() -> None:
    rows = load_news_sentences()
    assert len(rows) >= 200
    assert all(r.roots <= CAMEO_ROOTS for r in rows)
    assert all(r.source and r.sentence and r.kind and r.why for r in rows)
    assert {r.half for r in rows} == {"tuning", "check"}
    free = sum(not r.roots for r in rows)
    assert 0 < free < len(rows)
    assert len({(r.source, r.sentence) for r in rows}) == len(rows)


def test_a_sentence_opening_with_a_quotation_mark_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "s.tsv"
    path.write_text(
        "source\tsentence\troots\tkind\twhy\n"
        'a.txt\t"We will go," he said, "and soon."\t03 01\tevent\ta promise\n'
        "b.txt\tShares rose.\t\tbusiness\tmarkets\n",
        encoding="utf-8",
    )
    rows = load_news_sentences(path)
    assert rows[0].sentence == '"We will go," he said, "and soon."'
    assert rows[0].roots == {"01", "03"}
    assert rows[1].roots == frozenset()


def test_roots_outside_cameo_are_refused() -> None:
    assert parse_roots(" 01  20 ") == {"01", "20"}
    for bad in ("21", "00", "1", "011", "ab"):
        with pytest.raises(ValueError):
            parse_roots(bad)


@given(st.lists(st.sampled_from(sorted(CAMEO_ROOTS))), st.sampled_from([" ", "  ", "\t"]))
def test_any_roots_written_any_spacing_read_back(roots: list[str], gap: str) -> None:
    assert parse_roots(gap.join(roots)) == frozenset(roots)


def test_right_when_roots_meet_or_both_say_no_event() -> None:
    assert sentence_right(frozenset({"01", "18"}), frozenset({"18", "19"}))
    assert sentence_right(frozenset(), frozenset())
    assert not sentence_right(frozenset({"01"}), frozenset({"18"}))
    assert not sentence_right(frozenset(), frozenset({"18"}))
    assert not sentence_right(frozenset({"01"}), frozenset())


def test_news_metrics_overall_halves_and_details() -> None:
    rows = [
        _row(f"Sentence number {i} is here.", roots) for i, roots in enumerate(["18", "", "01"])
    ]
    read = [frozenset({"18", "01"}), frozenset({"01"}), frozenset({"11"})]
    out = news_metrics(rows, read, detail=True)
    assert out["news sentence accuracy (CAMEO roots)"] == pytest.approx(1 / 3)
    assert out["news sentences"] == 3.0
    assert out["news event sentences with a gold root read"] == pytest.approx(1 / 2)
    assert out["news event-free sentences with an event"] == 1.0
    halves = [out[f"news sentences ({h} half)"] for h in ("tuning", "check")]
    assert sum(halves) == 3.0
    for h in ("tuning", "check"):
        mine = [(r, g) for r, g in zip(read, rows, strict=True) if g.half == h]
        right = sum(sentence_right(r, g.roots) for r, g in mine) / (len(mine) or 1)
        assert out[f"news sentence accuracy (CAMEO roots) ({h} half)"] == pytest.approx(right)
    silent = news_metrics(rows, [frozenset()] * 3)
    assert silent["news sentence accuracy (CAMEO roots)"] == pytest.approx(1 / 3)
    assert "news event-free sentences with an event" not in silent


def test_the_later_draws_are_all_tuning_and_repeat_no_earlier_sentence() -> None:
    first = load_news_sentences()
    second = load_news_sentences(SECOND_DRAW, "tuning")
    third = load_news_sentences(THIRD_DRAW, "tuning", "third draw")
    seen = {r.sentence for r in first}
    for draw in (second, third):
        assert len(draw) >= 200
        assert {r.half for r in draw} == {"tuning"}
        assert all(r.roots <= CAMEO_ROOTS and r.kind and r.why for r in draw)
        assert not seen & {r.sentence for r in draw}
        seen |= {r.sentence for r in draw}
    assert load_all_news_sentences() == first + second + third


def test_each_later_draw_is_reported_alone() -> None:
    second = NewsSentence("timeml/x.tml", "Shares rose sharply.", frozenset(), "k", "w", "tuning")
    third = NewsSentence(
        "timeml/y.tml",
        "Troops shelled the town.",
        frozenset({"19"}),
        "k",
        "w",
        "tuning",
        "third draw",
    )
    out = news_metrics([second, third], [frozenset(), frozenset()])
    assert out["news sentence accuracy (CAMEO roots) (second draw, tuning)"] == 1.0
    assert out["news sentence accuracy (CAMEO roots) (third draw, tuning)"] == 0.0
    assert out["news sentences (tuning half)"] == 2.0


def test_second_draw_rows_count_in_tuning_and_in_their_own_group() -> None:
    first = _row("Police arrested ten protesters in the capital.", "17")
    second = NewsSentence("timeml/x.tml", "Shares rose sharply.", frozenset(), "k", "w", "tuning")
    out = news_metrics([first, second], [frozenset({"17"}), frozenset({"01"})], detail=True)
    assert out["news sentences (second draw, tuning)"] == 1.0
    assert out["news sentence accuracy (CAMEO roots) (second draw, tuning)"] == 0.0
    assert out[f"news sentences ({first.half} half)"] == (2.0 if first.half == "tuning" else 1.0)
    assert "news sentences (second draw, tuning)" not in news_metrics([first], [frozenset()])
