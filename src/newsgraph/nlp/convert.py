"""The one place where spaCy's types meet newsgraph's model."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.config import SPACY_MODEL
from newsgraph.model import Evidence


@lru_cache(maxsize=2)
def load_nlp(name: str = SPACY_MODEL) -> Language:
    """Load the English pipeline once per process (loading costs about a second), with
    newsgraph's bounds on the tokenizer, its sentence guard in front of the parser, the
    attribute ruler matching through an index (same annotations, a tenth of its cost:
    see :mod:`newsgraph.nlp.attribute_index`), and its layers multiplying through numpy on
    one BLAS thread (same annotations, a quarter less CPU: :mod:`newsgraph.nlp.matmul`)."""
    from newsgraph.nlp import factories  # noqa: F401  (registers the components)
    from newsgraph.nlp.attribute_index import index_attribute_ruler
    from newsgraph.nlp.bounds import BoundedTokenizer
    from newsgraph.nlp.matmul import layer_ops

    with layer_ops():
        nlp = spacy.load(name)
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer, nlp.vocab)
    nlp.add_pipe("newsgraph_paragraph_breaks_v1", before="parser")
    index_attribute_ruler(nlp)
    return nlp


def evidence_for(span: Span) -> Evidence:
    """The sentence holding ``span``, with the sentence's character offsets."""
    sent = span.sent
    return Evidence(sentence=span_text(sent), start=sent.start_char, end=sent.end_char)


_TEXT_KEY = "newsgraph.convert.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy re-joins every token on each access."""
    cached = doc.user_data.get(_TEXT_KEY)
    if isinstance(cached, str):
        return cached
    text: str = doc.text
    doc.user_data[_TEXT_KEY] = text
    return text


def span_text(span: Span) -> str:
    """``span.text`` cut from the doc's text (its tokens' texts and spaces, in order, are
    that text): ``Span.text`` builds a Token object for each of its tokens and joins them."""
    return doc_text(span.doc)[span.start_char : span.end_char]
