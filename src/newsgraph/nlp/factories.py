"""newsgraph's own spaCy components, registered in one place with versioned names."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

# A sentence longer than this many tokens is cut: no news sentence is this long, and the
# stages after the parser look at whole sentences, so one run-on "sentence" of scraped text
# must not cost quadratic time.
MAX_SENTENCE_TOKENS = 150


@Language.component("newsgraph_paragraph_breaks_v1")
def paragraph_breaks(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence; very long stretches get a break too.
    The parser keeps boundaries set before it runs."""
    since_break = 0
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if (
            "\n" in prev.text
            or "\n" in prev.whitespace_
            or (since_break >= MAX_SENTENCE_TOKENS and prev.is_punct)
            or since_break >= 2 * MAX_SENTENCE_TOKENS
        ):
            tok.is_sent_start = True
            since_break = 0
        else:
            since_break += 1
    return doc
