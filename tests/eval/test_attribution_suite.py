"""The attribution suite's parts: brat gold, the body-to-file offset map, the overlap match,
the said-pattern baseline, and a whole run over a tiny PolNeAR-shaped folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from newsgraph.errors import InputError
from newsgraph.eval.attribution import (
    OffsetMap,
    Overlap,
    list_items,
    read_gold,
    run,
    said_pattern_pairs,
    split_folder,
)
from newsgraph.sources import parse_text

ANN = (
    "T1\tSource 10 21\tMaria Lopez\n"
    "T2\tCue 22 26\tsaid\n"
    "T3\tContent 27 40;50 60\tthe plan ... farmers\n"
    "T4\tAttribution 22 26\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tSource 10 21\tMaria Lopez\n"
    "#1\tAnnotatorNotes T1\tfree text\n"
)


def test_read_gold_roles_and_fragments() -> None:
    gold = read_gold(ANN)
    assert gold.sources == {((10, 21),)}  # T5 is in no event, so it is not gold
    assert gold.contents == {((27, 40), (50, 60))}


def test_read_gold_ignores_malformed_lines() -> None:
    gold = read_gold("T1\tSource x y\tz\nE1\tAttribution:T9 Source:T1\ngarbage\n")
    assert gold.sources == {()}
    assert gold.contents == set()


def test_overlap_counts_each_side() -> None:
    counts = Overlap()
    # one prediction hits both gold spans; the second gold span is only touched by it
    counts.add({(0, 10), (50, 55)}, {((2, 4),), ((8, 12),), ((30, 40),)})
    assert (counts.predicted, counts.correct, counts.gold, counts.found) == (2, 1, 3, 2)
    m = counts.metrics("source")
    assert m["source precision"] == 0.5
    assert m["source recall"] == pytest.approx(2 / 3)


def test_discontinuous_gold_matches_through_any_fragment() -> None:
    counts = Overlap()
    counts.add({(52, 53)}, {((27, 40), (50, 60))})
    assert counts.found == 1


RAW = (
    "Mayor Says Port Will Reopen.\n\n"
    "  Maria Lopez said the port would reopen in June.\n\n\n"
    "The council, she added, had approved the repairs.\n"
)


def test_offset_map_skips_headline_and_blank_lines() -> None:
    article = parse_text(RAW)
    mapping = OffsetMap(RAW, article.text)
    start = article.text.index("Maria Lopez")
    raw = mapping.to_raw(start, start + len("Maria Lopez"))
    assert raw is not None and RAW[raw[0] : raw[1]] == "Maria Lopez"
    start = article.text.index("she added")
    raw = mapping.to_raw(start, start + 3)
    assert raw is not None and RAW[raw[0] : raw[1]] == "she"


def test_offset_map_span_across_paragraphs_keeps_both_ends() -> None:
    article = parse_text(RAW)
    mapping = OffsetMap(RAW, article.text)
    start, end = article.text.index("June"), article.text.index("council") + len("council")
    raw = mapping.to_raw(start, end)
    assert raw is not None
    assert RAW[raw[0] : raw[1]].startswith("June") and RAW[raw[0] : raw[1]].endswith("council")


def test_offset_map_outside_body_is_none() -> None:
    mapping = OffsetMap("abc\ndef", "def")
    assert mapping.to_raw(5, 9) is None
    assert mapping.to_raw(1, 1) is None


words = st.text(alphabet="abcdefghij", min_size=1, max_size=8)
paragraphs = st.lists(st.lists(words, min_size=3, max_size=12), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(paragraphs, st.lists(st.sampled_from(["\n\n", "\n", "\n \n", "\n\n\n  "]), min_size=6))
def test_offset_map_every_body_word_lands_on_itself(
    paras: list[list[str]], gaps: list[str]
) -> None:
    lines = [" ".join(p) + "." for p in paras]
    raw = "".join(line + gap for line, gap in zip(lines, gaps, strict=False))
    body = "\n".join(lines)
    mapping = OffsetMap(raw, body)
    pos = 0
    for word in body.replace("\n", " ").split(" "):
        raw_span = mapping.to_raw(pos, pos + len(word))
        assert raw_span is not None and raw[raw_span[0] : raw_span[1]] == word
        pos += len(word) + 1


def test_said_pattern(nlp: Language) -> None:
    text = "Maria Lopez said the port would reopen in June."
    [(source, content)] = said_pattern_pairs(nlp(text))
    assert source is not None and text[source[0] : source[1]] == "Maria Lopez"
    assert content is not None and text[content[0] : content[1]] == "the port would reopen in June"


def _polnear(tmp_path: Path, raw: str, ann: str) -> Path:
    for sub in ("text", "attributions"):
        (tmp_path / "polnear" / "dev" / sub).mkdir(parents=True)
    (tmp_path / "polnear" / "dev" / "text" / "wire_2016_port.txt").write_text(raw)
    (tmp_path / "polnear" / "dev" / "attributions" / "wire_2016_port_ab12.ann").write_text(ann)
    return tmp_path


def test_run_maps_pipeline_offsets_to_the_file(tmp_path: Path) -> None:
    s = RAW.index("Maria Lopez")
    c = RAW.index("the port would")
    ann = (
        f"T1\tSource {s} {s + 11}\tMaria Lopez\nT2\tContent {c} {c + 29}\tthe port\n"
        "E1\tAttribution:T1 Source:T1 Content:T2\n"
    )
    result = run(_polnear(tmp_path, RAW, ann), None)
    assert result.items == 1 and result.headline == "source f1"
    assert result.systems[0].system == "newsgraph"
    assert result.score("newsgraph", "source recall") == 1.0
    assert result.score("newsgraph", "content recall") == 1.0
    assert result.score("said pattern", "source recall") == 1.0


def test_list_items_takes_first_annotator(tmp_path: Path) -> None:
    root = _polnear(tmp_path, RAW, "") / "polnear" / "dev"
    (root / "attributions" / "wire_2016_port_0a00.ann").write_text("")
    [item] = list_items(root)
    assert item.annotation.name == "wire_2016_port_0a00.ann"


def test_missing_split_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "polnear").mkdir()
    with pytest.raises(InputError):
        run(tmp_path, None)


def test_textacy_row_without_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsgraph.eval.attribution as suite

    def missing(name: str) -> None:
        raise ImportError(name)

    monkeypatch.setattr(suite.importlib, "import_module", missing)
    assert suite.textacy_system() is None
    result = run(_polnear(tmp_path, RAW, ""), None)
    row = next(s for s in result.systems if s.system.startswith("textacy"))
    assert row.metrics == {} and "not installed" in row.note


def test_read_gold_pairs_each_content_with_its_source() -> None:
    gold = read_gold(ANN + "T6\tContent 70 80\tno source\nE2\tAttribution:T4 Content:T6\n")
    assert gold.pairs == {(((10, 21),), ((27, 40), (50, 60))), (None, ((70, 80),))}


def test_both_right_needs_the_source_of_that_content() -> None:
    gold = {(((0, 5),), ((10, 20),)), (None, ((30, 40),))}
    counts = Overlap()
    counts.add_pairs({((0, 3), (12, 14)), ((30, 33), (15, 18)), (None, (31, 35))}, gold)
    # right: the first (both overlap) and the third (neither names a source); the second
    # has the content of the first gold attribution under another span as its source
    assert (counts.predicted, counts.correct, counts.gold, counts.found) == (3, 2, 2, 2)
    counts = Overlap()
    counts.add_pairs({(None, (12, 14))}, gold)
    assert (counts.correct, counts.found) == (0, 0)  # content right, source missing


def test_split_folder_takes_a_split_and_refuses_the_test_split(tmp_path: Path) -> None:
    data = _polnear(tmp_path, RAW, "")
    assert split_folder(data) == data / "polnear" / "dev"
    assert split_folder(data / "polnear" / "dev") == data / "polnear" / "dev"
    held_out = data / "polnear" / "test"
    (held_out / "attributions").mkdir(parents=True)
    with pytest.raises(InputError, match="held out"):
        split_folder(held_out)


def test_run_scores_headline_sources_in_file_offsets(tmp_path: Path) -> None:
    raw = "Lopez: Port Will Reopen in June.\n\nThe council met on Monday.\n"
    ann = "T1\tSource 0 5\tLopez\nT2\tContent 7 31\tPort\nE1\tAttribution:T1 Source:T1 Content:T2\n"
    result = run(_polnear(tmp_path, raw, ann), None)
    assert result.score("newsgraph", "source recall") == 1.0
    assert result.score("newsgraph", "both recall") == 1.0
    assert result.score("said pattern", "source recall") == 0.0  # reads the body only
