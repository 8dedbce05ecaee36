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
    """Load the English pipeline once per process (loading costs about a second)."""
    return spacy.load(name)


def evidence_for(span: Span) -> Evidence:
    """The sentence holding ``span``, with the sentence's character offsets."""
    sent = span.sent
    return Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char)
