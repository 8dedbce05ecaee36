"""The one place where spaCy's types meet newsgraph's model."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Span

from newsgraph.config import SPACY_MODEL
from newsgraph.model import Evidence


@lru_cache(maxsize=2)
def load_nlp(name: str = SPACY_MODEL) -> Language:
    """Load the English pipeline once per process (loading costs about a second), with
    newsgraph's bounds on the tokenizer and its sentence guard in front of the parser."""
    from newsgraph.nlp import factories  # noqa: F401  (registers the components)
    from newsgraph.nlp.bounds import BoundedTokenizer

    nlp = spacy.load(name)
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer, nlp.vocab)
    nlp.add_pipe("newsgraph_paragraph_breaks_v1", before="parser")
    return nlp


def evidence_for(span: Span) -> Evidence:
    """The sentence holding ``span``, with the sentence's character offsets."""
    sent = span.sent
    return Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char)
