"""The tuning and check halves: disjoint, covering, independent of order, and reported alike
by every extraction suite (ner, times, attribution, html)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.eval import attribution, html, ner, times
from newsgraph.eval.base import SuiteResult, SystemScores
from newsgraph.eval.halves import HALVES, half_of, split
from newsgraph.eval.report import as_markdown, half_columns, halves_note


def _check_partition(names: list[str]) -> None:
    """Every name in exactly one half, and the same halves whatever the order."""
    halves = split(names, lambda n: n)
    assert set(halves["tuning"]).isdisjoint(halves["check"])
    assert sorted(halves["tuning"] + halves["check"]) == sorted(names)
    shuffled = list(names)
    random.Random(7).shuffle(shuffled)
    again = split(shuffled, lambda n: n)
    assert {h: set(v) for h, v in again.items()} == {h: set(v) for h, v in halves.items()}
    assert all(half_of(n) == h for h in HALVES for n in halves[h])


@given(st.lists(st.text(min_size=1, max_size=30), unique=True, max_size=40))
def test_split_partitions_any_names_independently_of_order(names: list[str]) -> None:
    _check_partition(names)


def _ner_names(data: Path) -> list[str]:
    name, docs = ner._read(data)
    return [ner.doc_name(name, i) for i in range(len(docs))]


def _times_names(data: Path) -> list[str]:
    return [d.name for d in times.load_corpus(data / "timeml")]


def _attribution_names(data: Path) -> list[str]:
    root = data / "polnear"
    return [
        i.text.name for split_ in ("dev", "train") for i in attribution.list_items(root / split_)
    ]


def _html_names(data: Path) -> list[str]:
    """Page file names, unique within each set; a page in two sets (115 trafilatura-eval
    pages are also in the dates set) is one item, in one half for both."""
    names: set[str] = set()
    for set_name, loader in html.LOADERS.items():
        pages = [p.name for p in loader(data / set_name, None)]
        assert len(pages) == len(set(pages))
        names.update(pages)
    return sorted(names)


SUITE_NAMES: dict[str, tuple[str, Callable[[Path], list[str]]]] = {
    "ner": ("conll2003", _ner_names),
    "times": ("timeml", _times_names),
    "attribution": ("polnear", _attribution_names),
    "html": ("html-dates", _html_names),
}


@pytest.mark.parametrize("suite", sorted(SUITE_NAMES))
def test_each_suites_items_split_into_two_real_halves(shared_dir: Path, suite: str) -> None:
    folder, names_of = SUITE_NAMES[suite]
    data = shared_dir / "eval"
    if not (data / folder).exists():
        pytest.skip(f"../shared/eval/{folder} is not present")
    names = names_of(data)
    assert len(names) == len(set(names)), "item names must be unique to split by them"
    _check_partition(names)
    sizes = [len(v) for v in split(names, lambda n: n).values()]
    assert min(sizes) >= 0.4 * len(names)  # a hash split, not a lopsided one


def test_half_columns_give_both_halves_and_their_gap() -> None:
    columns = half_columns("f1", {"tuning": 0.8, "check": 0.75})
    assert columns["f1 tuning"] == 0.8 and columns["f1 check"] == 0.75
    assert columns["f1 gap"] == pytest.approx(0.05)
    assert half_columns("f1", {"tuning": 0.8}) == {"f1 tuning": 0.8}  # no gap from one half


def test_markdown_puts_the_half_columns_after_the_headline() -> None:
    metrics = {"precision": 0.9, "f1": 0.8} | half_columns("f1", {"tuning": 0.85, "check": 0.75})
    result = SuiteResult(
        suite="demo",
        dataset="a tiny set",
        items=4,
        systems=[SystemScores("newsgraph", metrics | {"recall": 0.7})],
        headline="f1",
        notes=[halves_note("file name", {"tuning": 2, "check": 2}, "texts")],
    )
    text = as_markdown([result], "newsgraph eval demo")
    assert "| system | precision | f1 * | f1 tuning | f1 check | f1 gap | recall |" in text
    assert "| newsgraph | 0.900 | 0.800 | 0.850 | 0.750 | 0.100 | 0.700 |" in text
    assert "by file name): tuning 2 texts, check 2 texts" in text


def _polnear(tmp_path: Path, texts: dict[str, str]) -> Path:
    root = tmp_path / "polnear" / "dev"
    for sub in ("text", "attributions"):
        (root / sub).mkdir(parents=True)
    for name, raw in texts.items():
        (root / "text" / f"{name}.txt").write_text(raw)
        (root / "attributions" / f"{name}_ab12.ann").write_text("")
    return tmp_path


def test_a_suite_reports_its_halves_in_json_and_notes(tmp_path: Path) -> None:
    raw = "Port News\n\nMaria Lopez said the port would reopen in June.\n"
    names = [f"wire_2016_port{i}" for i in range(6)]
    result = attribution.run(_polnear(tmp_path, dict.fromkeys(names, raw)), None)
    tuning = sum(1 for n in names if half_of(f"{n}.txt") == "tuning")
    assert f"tuning {tuning} texts, check {6 - tuning} texts" in result.notes[-1]
    halves = json.loads(json.dumps(result.details))["halves"]["newsgraph"]
    assert set(halves) == {h for h in HALVES if (tuning if h == "tuning" else 6 - tuning)}
