"""scripts/make_corpus.py: the recombined scale corpus is deterministic, clustered, dated,
and never collapsed by near-duplicate detection."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from newsgraph.dedupe import NearDuplicateIndex, signature


@pytest.fixture(scope="module")
def make_corpus(load_script: Callable[[str], ModuleType]) -> ModuleType:
    return load_script("make_corpus")


def _article(mc: ModuleType, name: str, body: str) -> object:
    paragraphs = mc.paragraphs_of(body)
    return mc.SourceArticle("wire", name, f"Headline {name}", paragraphs)


def test_paragraphs_split_on_blank_lines_else_lines(make_corpus: ModuleType) -> None:
    assert make_corpus.paragraphs_of("One  a.\n\nTwo b.\n\nThree c.") == (
        "One a.",
        "Two b.",
        "Three c.",
    )
    assert make_corpus.paragraphs_of("One.\nTwo.\nThree.") == ("One.", "Two.", "Three.")


def test_main_name_and_small_clusters_fold_into_misc(make_corpus: ModuleType) -> None:
    about = "The plan was backed. Minister Okonjo said Okonjo would act.\n\nLater Okonjo left."
    a = _article(make_corpus, "1", about)
    b = _article(make_corpus, "2", about.replace("Okonjo", "Halvorsen"))
    c = _article(make_corpus, "3", about)
    assert make_corpus.main_name(a) == "Okonjo"
    clusters = [x.cluster for x in make_corpus.clustered([a, b, c])]
    assert clusters == ["wire:Okonjo", "wire:misc", "wire:Okonjo"]


def _generate(mc: ModuleType, shared: Path, out: Path, count: int) -> list[dict[str, str]]:
    assert (
        mc.main([str(out), "--count", str(count), "--seed", "7", "--eval", str(shared / "eval")])
        == 0
    )
    lines = (out / "part-00000.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_same_seed_gives_byte_identical_files(
    make_corpus: ModuleType, shared_dir: Path, tmp_path: Path
) -> None:
    first = _generate(make_corpus, shared_dir, tmp_path / "a", 120)
    _generate(make_corpus, shared_dir, tmp_path / "b", 120)
    for name in ("part-00000.jsonl", "MANIFEST.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert len(first) == 120
    assert all(r["url"].startswith("https://corpus.example/") for r in first)
    assert all(len(r["published"]) == 10 for r in first)


def test_generated_articles_are_not_near_duplicates(
    make_corpus: ModuleType, shared_dir: Path, tmp_path: Path
) -> None:
    records = _generate(make_corpus, shared_dir, tmp_path / "c", 500)
    assert len(records) == 500
    assert len({r["url"] for r in records}) == 500
    index = NearDuplicateIndex()
    for n, r in enumerate(records):
        body = r["text"].split("\n\n", 1)[1]  # as ingest reads it: the headline apart
        sig = signature(body)
        assert index.find(sig) is None, r["url"]
        index.add(str(n), sig)
