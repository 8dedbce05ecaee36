"""The bounds on what spaCy is handed: long runs of marks and long space-free strings never
reach its tokenizer whole, and a doc over the token limit is cut at a paragraph end; the
doc's text is always the text given (or a prefix of it), and every cut is noted."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.config import MAX_MARK_RUN, MAX_WORD_CHARS
from newsgraph.nlp.bounds import bounded_tokens, cut_point, cut_tokens, doc_warnings


class Recorder:
    """The pipeline's own tokenizer, remembering every string it was handed."""

    def __init__(self, nlp: Language) -> None:
        self.nlp, self.seen = nlp, []

    def __call__(self, text: str) -> Doc:
        self.seen.append(text)
        return self.nlp.tokenizer.tokenizer(text)  # the wrapped spaCy tokenizer


def longest(pattern: str, texts: list[str]) -> int:
    return max((len(m) for t in texts for m in re.findall(pattern, t)), default=0)


def test_run_of_marks_never_reaches_the_tokenizer(nlp: Language) -> None:
    text = "He said " + "“" * 5_000 + " no! " + "(!" * 3_000 + " ok."
    tokenize = Recorder(nlp)
    doc = bounded_tokens(tokenize, nlp.vocab, text)
    assert doc.text == text
    assert longest(r"[^\w\s]+", tokenize.seen) <= MAX_MARK_RUN
    assert [t.text for t in doc][:2] == ["He", "said"]
    assert doc[-1].text == "." and doc[-2].text == "ok"
    assert "tokenized in pieces" in doc_warnings(doc)[0]


def test_long_space_free_string_is_tokenized_in_pieces(nlp: Language) -> None:
    text = "Call " + "12:3" * 2_000 + " now, " + "a/b" * 1_000 + "\n\nDone."
    tokenize = Recorder(nlp)
    doc = bounded_tokens(tokenize, nlp.vocab, text)
    assert doc.text == text
    assert longest(r"\S+", tokenize.seen) <= MAX_WORD_CHARS
    assert doc[-1].text == "." and doc[-2].text == "Done"


def test_ordinary_text_is_tokenized_as_spacy_does(nlp: Language) -> None:
    text = "“We won’t go,” said Dr. Jane Doe (AFP) on https://example.com/a/b?c=1 -- fine..."
    plain = nlp.tokenizer.tokenizer(text)
    doc = nlp.make_doc(text)
    assert [t.text for t in doc] == [t.text for t in plain]
    assert doc_warnings(doc) == []


def test_mark_runs_cost_linear_time(nlp: Language) -> None:
    """20,000 opening quotes took spaCy's tokenizer about two minutes; now milliseconds."""
    text = "“" * 20_000 + " " + "(" * 20_000
    started = time.perf_counter()
    doc = nlp.make_doc(text)
    assert time.perf_counter() - started < 5
    assert doc.text == text


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 .!“”(\n-:/")), max_size=400))
def test_doc_text_is_the_text_given(nlp: Language, text: str) -> None:
    tokenize = Recorder(nlp)
    assert bounded_tokens(tokenize, nlp.vocab, text).text == text


def test_cut_at_a_paragraph_end(nlp: Language) -> None:
    text = "One two three.\n\nFour five six.\n\nSeven eight nine ten eleven."
    doc = nlp.make_doc(text)
    kept = cut_tokens(doc, limit=12)
    assert kept.text == "One two three.\n\nFour five six.\n\n"
    assert text.startswith(kept.text)
    assert "cut after 10 of 16 tokens" in doc_warnings(kept)[-1]


def test_cut_at_a_sentence_end_else_at_the_limit(nlp: Language) -> None:
    doc = nlp.make_doc("one two three four five. six seven eight nine ten")
    assert cut_point(doc, 8) == 6
    assert cut_point(nlp.make_doc("a b c d e f g h i j"), 8) == 8
    assert cut_tokens(doc, limit=20) is doc
