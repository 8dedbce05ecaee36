"""newsgraph's own spaCy components: the sentence guard in front of the parser."""

from __future__ import annotations

import time

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp.factories import MAX_SENTENCE_TOKENS, paragraph_breaks


def test_every_line_starts_a_sentence_in_linear_time(nlp: Language) -> None:
    """60,000 one-word lines: about two minutes when each boundary was set on its own
    (spaCy scans the whole doc on every ``is_sent_start`` assignment)."""
    n = 60_000
    doc = Doc(nlp.vocab, words=["Word", "\n"] * n, spaces=[False] * (2 * n))
    started = time.perf_counter()
    paragraph_breaks(doc)
    assert time.perf_counter() - started < 5
    assert [t.i for t in doc if t.is_sent_start] == list(range(0, 2 * n, 2))


def test_a_long_stretch_gets_a_break(nlp: Language) -> None:
    words = ["word"] * (2 * MAX_SENTENCE_TOKENS + 10)
    doc = paragraph_breaks(Doc(nlp.vocab, words=words))
    assert [t.i for t in doc if t.is_sent_start] == [0, 2 * MAX_SENTENCE_TOKENS + 1]
    assert [t.i for t in nlp("One line.\nAnother line.") if t.is_sent_start] == [0, 4]
