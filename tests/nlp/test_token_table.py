"""The per-doc tables the rule stages read instead of spaCy's Token objects: each must say
exactly what the tokens say, on texts shaped like news (datelines, paragraphs, quotes,
extra spaces, headlines in capitals) and on generated ones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp.convert import span_text
from newsgraph.nlp.event_filter import sentence_words
from newsgraph.nlp.speech import sentence_bounds, sentence_of
from newsgraph.nlp.token_table import lower_words, token_table

TEXTS = [
    "GENEVA, June 3 (Reuters) - Armenian and Azerbaijani delegations met on Tuesday.",
    "The talks, mediated by EU envoy Toivo Klaar, resumed.\n\nA second round is due.",
    '"We are close," said Foreign Minister Ararat Mirzoyan.  Officials  disagreed.',
    "KENYA ELECTIONS: RAILA ODINGA CONCEDES\nNairobi , 12 Aug",
    "Leeds 2-1 Hull , St. Johnstone 0 Ft. William 3 .",
    " Leading space and a trailing one. ",
    "",
]


def _old_sentence(doc: Doc, i: int) -> tuple[int, int]:
    """The scan ``sentence_of`` made before the bounds were read once."""
    lo = i
    while lo > 0 and not doc[lo].is_sent_start:
        lo -= 1
    hi = i + 1
    while hi < len(doc) and not doc[hi].is_sent_start:
        hi += 1
    return lo, hi


def _check(doc: Doc) -> None:
    table = token_table(doc)
    assert table.text == [t.text for t in doc]
    assert table.lower == [t.lower_ for t in doc]
    assert table.pos == [t.pos_ for t in doc]
    assert table.start == [t.idx for t in doc]
    assert table.title == [t.is_title for t in doc]
    assert table.upper == [t.is_upper for t in doc]
    assert table.alpha == [t.is_alpha for t in doc]
    assert table.space == [t.is_space for t in doc]
    assert table.ent_type == [t.ent_type_ for t in doc]
    assert [table.joined(i) for i in range(len(doc) - 1)] == [not t.whitespace_ for t in doc[:-1]]
    for i in range(len(doc)):
        for j in range(i + 1, min(len(doc), i + 5) + 1):
            assert table.span_text(doc, i, j) == doc[i:j].text
            assert span_text(doc[i:j]) == doc[i:j].text
            assert lower_words(doc[i:j]) == [t.lower_ for t in doc[i:j]]
    first, after = sentence_bounds(doc)
    for tok in doc:
        assert (first[tok.i], after[tok.i]) == _old_sentence(doc, tok.i)
        sent = sentence_of(tok)
        assert (sent.start, sent.end) == (tok.sent.start, tok.sent.end)
    for sent in doc.sents:
        assert span_text(sent) == sent.text
        assert sentence_words(sent) == {t.lower_ for t in sent}


@pytest.mark.parametrize("text", TEXTS)
def test_the_tables_say_what_the_tokens_say(nlp: Language, text: str) -> None:
    _check(nlp(text))


def test_a_table_is_read_once_per_doc(nlp: Language) -> None:
    doc = nlp(TEXTS[0])
    assert token_table(doc) is token_table(doc)
    assert sentence_bounds(doc) is sentence_bounds(doc)


WORDS = st.sampled_from(
    [
        "Talks",
        "resumed",
        "in",
        "GENEVA",
        "on",
        "Monday",
        ".",
        ",",
        '"',
        "al-Hakim",
        "U.S.",
        "said",
        "\n\n",
        "  ",
        "!",
        "Mr",
        "Ft.",
        "2-1",
        "envoy",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, max_size=30))
def test_the_tables_say_what_the_tokens_say_on_generated_text(
    nlp: Language, words: list[str]
) -> None:
    _check(nlp(" ".join(words)))
