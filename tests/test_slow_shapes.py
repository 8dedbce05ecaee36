"""Inputs built to be slow (issue 13): every bound the pipeline applies is said in the
brief's warnings, and the brief's offsets still index its document text.

``scripts/slow_shapes.py`` times every shape at 1 MB; these tests pin the behaviour.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from spacy.language import Language

from newsgraph import pipeline
from newsgraph.api import brief
from newsgraph.config import MAX_CAPTIONS, MAX_HEADLINE_CHARS
from newsgraph.model import Article, Brief, Caption
from newsgraph.nlp import bounds
from newsgraph.pipeline import analyse

PARAGRAPH = "Minister Jane Doe met President John Roe in Paris on Monday, officials said."


def evidence_fits(b: Brief) -> bool:
    text = b.document.text
    facts = [*b.quotes, *b.attributions, *b.times, *b.events]
    return all(text[f.evidence.start : f.evidence.end] == f.evidence.sentence for f in facts)


def test_a_cut_made_by_the_source_is_said(nlp: Language) -> None:
    result = analyse(Article(text=PARAGRAPH, cut_from=1_048_576), nlp)
    assert result.warnings[0].startswith("body cut from 1,048,576 to 76 characters")


def test_an_article_built_in_code_is_cut_too(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "MAX_TEXT_CHARS", 200)
    result = analyse(Article(text="\n".join([PARAGRAPH] * 5)), nlp)
    assert result.document.text == "\n".join([PARAGRAPH] * 2)
    assert result.document.cut_from == 5 * len(PARAGRAPH) + 4
    assert "body cut from 384 to 153 characters" in result.warnings[0]
    assert evidence_fits(result)


def test_a_doc_over_the_token_limit_is_cut_at_a_paragraph(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bounds, "MAX_DOC_TOKENS", 40)
    text = "\n\n".join([PARAGRAPH] * 4)
    result = analyse(Article(text=text), nlp)
    kept = result.document.text
    assert text.startswith(kept) and kept.rstrip() == "\n\n".join([PARAGRAPH] * 2)
    assert result.document.cut_from == len(text)
    assert any(
        w.startswith("text cut after") and "(MAX_DOC_TOKENS=40)" in w for w in result.warnings
    )
    assert result.times and evidence_fits(result)


def test_a_huge_headline_is_analysed_in_part(nlp: Language) -> None:
    """spaCy refuses a text over a million characters outright: a 1.8 MB title stopped the
    whole brief."""
    result = analyse(Article(text=PARAGRAPH, title="Minister " * 200_000), nlp)
    assert f"title longer than {MAX_HEADLINE_CHARS:,} characters" in result.warnings[0]
    assert any(e.name == "Jane Doe" for e in result.entities)


def test_a_long_run_of_marks_is_said(nlp: Language) -> None:
    result = analyse(Article(text=PARAGRAPH + " " + "!" * 5_000 + "\n" + PARAGRAPH), nlp)
    assert any("tokenized in pieces" in w for w in result.warnings)
    assert len(result.times) == 2 and evidence_fits(result)


def test_only_the_first_captions_are_analysed(nlp: Language) -> None:
    """Each caption is parsed and matched against every entity: thousands were read."""
    captions = [Caption(f"Photo {n} of the port", "AFP") for n in range(MAX_CAPTIONS + 50)]
    result = analyse(Article(text=PARAGRAPH, captions=captions), nlp)
    assert f"150 photo captions: only the first {MAX_CAPTIONS} were analysed" in result.warnings[0]
    assert len(result.document.captions) == MAX_CAPTIONS + 50


def test_ordinary_articles_have_no_warnings(nlp: Language) -> None:
    assert analyse(Article(text="\n\n".join([PARAGRAPH] * 3)), nlp).warnings == []


def test_a_megabyte_of_quote_marks_is_briefed_in_seconds(tmp_path: Path) -> None:
    """A 1 MB file of opening quotation marks took spaCy's tokenizer well over two minutes."""
    path = tmp_path / "quotes.txt"
    path.write_text("“" * 350_000, encoding="utf-8")
    started = time.perf_counter()
    result = brief(str(path))
    assert time.perf_counter() - started < 60
    assert result.document.text == "“" * 200_000
    assert [w.split(" (")[0] for w in result.warnings] == [
        "body cut from 350,000 to 200,000 characters before analysis",
        "text without spaces up to 200,000 characters long was tokenized in pieces",
    ]
