"""newsgraph's own spaCy components, registered in one place with versioned names."""

from __future__ import annotations

from typing import cast

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

# A sentence longer than this many tokens is cut: no news sentence is this long, and the
# stages after the parser look at whole sentences, so one run-on "sentence" of scraped text
# must not cost quadratic time.
MAX_SENTENCE_TOKENS = 150


@Language.component("newsgraph_paragraph_breaks_v1")
def paragraph_breaks(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence; very long stretches get a break too.
    The parser keeps boundaries set before it runs. They are written all at once: each
    ``Token.is_sent_start`` assignment scans the whole doc, so a doc of short lines cost
    its length squared."""
    starts = sentence_starts(doc)
    if starts:
        values = doc.to_array([SENT_START])  # one column, uint64 (not the float of the stub)
        values[starts] = 1
        doc.from_array([SENT_START], cast(Ints2d, values))
    return doc


def sentence_starts(doc: Doc) -> list[int]:
    """Tokens that must start a sentence: after a line break, or after a long stretch."""
    starts: list[int] = []
    since_break = 0
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if (
            "\n" in prev.text
            or "\n" in prev.whitespace_
            or (since_break >= MAX_SENTENCE_TOKENS and prev.is_punct)
            or since_break >= 2 * MAX_SENTENCE_TOKENS
        ):
            starts.append(tok.i)
            since_break = 0
        else:
            since_break += 1
    return starts
