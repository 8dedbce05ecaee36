"""Attributed claims: according-to phrases and anonymous sources."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Span

from newsgraph.model import Attribution
from newsgraph.nlp.attribution import extract_attributions
from newsgraph.nlp.speech import is_anonymous


def named_only(span: Span) -> str | None:
    """A resolver that knows the article's named entities (PROPN heads) and nothing else."""
    return span.text if span.root.pos_ == "PROPN" else None


def attributions(nlp: Language, text: str) -> list[Attribution]:
    return extract_attributions(nlp(text), named_only)


def test_according_to_coordinated_anonymous_source(nlp: Language) -> None:
    text = (
        "Senior Indian and Chinese officials are meeting today in Geneva to discuss the border, "
        "according to a Chinese official and another person briefed on the talks."
    )
    [a] = attributions(nlp, text)
    assert a.source == "a Chinese official and another person briefed on the talks"
    assert a.anonymous
    assert a.claim.startswith("Senior Indian and Chinese officials are meeting today")
    assert "according" not in a.claim
    assert a.cue == "according"


def test_according_to_named_source(nlp: Language) -> None:
    [a] = attributions(nlp, "According to Reuters, the port was closed for three days.")
    assert (a.source, a.anonymous, a.source_entity) == ("Reuters", False, "Reuters")
    assert a.claim == "the port was closed for three days"


def test_according_to_the_sources(nlp: Language) -> None:
    text = "Kenya is represented by Foreign Minister Musalia Mudavadi, according to the sources."
    [a] = attributions(nlp, text)
    assert (a.source, a.anonymous) == ("the sources", True)
    assert a.claim == "Kenya is represented by Foreign Minister Musalia Mudavadi"


def test_officials_say(nlp: Language) -> None:
    [a] = attributions(nlp, "Officials say the new checkpoints are meant to slow smuggling.")
    assert (a.source, a.anonymous, a.cue) == ("Officials", True, "say")
    assert a.claim == "the new checkpoints are meant to slow smuggling"


def test_clause_final_anonymous_source(nlp: Language) -> None:
    text = "The convoy was turned back at the border, a person familiar with the matter said."
    [a] = attributions(nlp, text)
    assert a.anonymous
    assert a.source == "a person familiar with the matter"
    assert a.claim == "The convoy was turned back at the border"


def test_nested_report_attributes_whole_claim(nlp: Language) -> None:
    text = (
        "Ramaphosa accepted the report but stressed that the debt must be repaid, "
        "the Treasury official said."
    )
    [a] = attributions(nlp, text)
    assert (a.source, a.anonymous) == ("the Treasury official", True)
    assert a.claim.startswith("Ramaphosa accepted the report")


def test_named_speaker_is_a_quote_not_an_attribution(nlp: Language) -> None:
    assert attributions(nlp, "Defence Minister Ben Wallace said the fleet would sail.") == []


def test_anonymous_direct_quote_is_also_an_attribution(nlp: Language) -> None:
    [a] = attributions(nlp, "“We are very close to a deal,” a senior diplomat said.")
    assert a.anonymous and a.source == "a senior diplomat"


def test_pronoun_source_is_left_to_quotes(nlp: Language) -> None:
    assert attributions(nlp, "He told Reuters the strike would go ahead.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("An Israeli official said the talks would resume.", True),
        ("Two people briefed on the talks said the deal was close.", True),
        ("Diplomats said the vote was delayed.", True),
        ("The sources said the vote was delayed.", True),
        ("Defence Minister John Smith said the vote was delayed.", False),
        ("The Pentagon said the vote was delayed.", False),
        ("Reuters said the vote was delayed.", False),
    ],
)
def test_is_anonymous(nlp: Language, sentence: str, expected: bool) -> None:
    doc = nlp(sentence)
    said = next(t for t in doc if t.lower_ == "said")
    subject = next(t for t in said.children if t.dep_ == "nsubj")
    span = doc[subject.left_edge.i : subject.right_edge.i + 1]
    assert is_anonymous(span) is expected


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "according",
                "to",
                "officials",
                "said",
                "a",
                "source",
                "familiar",
                "with",
                ",",
                ".",
                "“",
                "”",
                "Reuters",
                "the",
                "talks",
                "\n",
                "say",
                "in",
                "words",
                "of",
            ]
        ),
        max_size=40,
    )
)
def test_extract_attributions_never_raises(nlp: Language, words: list[str]) -> None:
    for a in extract_attributions(nlp(" ".join(words)), named_only):
        assert a.claim and a.source


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=300))
def test_extract_attributions_on_arbitrary_text(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert isinstance(extract_attributions(doc, named_only), list)
