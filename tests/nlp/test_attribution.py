"""Attributed claims: according-to phrases and anonymous sources."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Span

from newsgraph.model import Attribution
from newsgraph.nlp.attribution import extract_attributions
from newsgraph.nlp.quotes import extract_quotes
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


def test_resolved_pronoun_source_is_left_to_quotes(nlp: Language) -> None:
    doc = nlp("He told Reuters the strike would go ahead.")
    assert extract_attributions(doc, lambda span: "union-leader") == []


def test_unresolved_pronoun_speech_is_an_attribution(nlp: Language) -> None:
    text = "He told Reuters the strike would go ahead."
    [a] = attributions(nlp, text)
    assert (a.source, a.anonymous, a.source_entity, a.cue) == ("He", False, None, "told")
    assert a.claim == "the strike would go ahead"
    assert (a.source_start, a.source_end) == (0, 2)
    assert text[a.start : a.end] == a.claim
    assert a.cue_start is not None and text[a.cue_start : a.cue_end] == "told"


def test_unresolved_pronoun_direct_quote_stays_a_quote_only(nlp: Language) -> None:
    assert attributions(nlp, "“The strike will go ahead,” he said.") == []


def test_offsets_point_into_the_text(nlp: Language) -> None:
    text = "The port was closed for three days, according to Reuters."
    [a] = attributions(nlp, text)
    assert text[a.source_start : a.source_end] == "Reuters"
    assert text[a.start : a.end] == "The port was closed for three days"


@pytest.mark.parametrize(
    ("text", "source", "cue", "claim"),
    [
        (
            "The senator called for a new inquiry into the contracts.",
            "The senator",
            "called",
            "for a new inquiry into the contracts",
        ),
        (
            "Mayor Ana Ruiz praised the firefighters for their work.",
            "Mayor Ana Ruiz",
            "praised",
            "the firefighters for their work",
        ),
        ("She wants voters to reject the measure.", "She", "wants", "voters to reject the measure"),
        (
            "The governor was criticized by residents over the delay.",
            "residents",
            "criticized",
            "The governor",
        ),
    ],
)
def test_stances_are_attributions(
    nlp: Language, text: str, source: str, cue: str, claim: str
) -> None:
    [a] = attributions(nlp, text)
    assert (a.source, a.cue, a.claim) == (source, cue, claim)
    assert text[a.source_start : a.source_end] == source


def test_named_stance_holder_is_resolved_but_not_a_quote(nlp: Language) -> None:
    doc = nlp("Mayor Ana Ruiz praised the firefighters for their work.")
    assert extract_quotes(doc, named_only) == []
    [a] = extract_attributions(doc, named_only)
    assert a.source_entity == "Mayor Ana Ruiz" and not a.anonymous


def test_relative_clause_speaker_reaches_back_to_its_antecedent(nlp: Language) -> None:
    text = "Farmers, who say the new tariff is ruinous, marched on the capital."
    [a] = attributions(nlp, text)
    assert a.source == "Farmers, who"
    assert a.claim == "the new tariff is ruinous"


@pytest.mark.parametrize(
    "text",
    [
        "It wants a bigger share of the market.",  # no one to hold the view
        "“We want a fair deal for our workers,” the union leader said.",  # inside a quote
        "The economy saw strong growth last year.",  # a thing, not a person
    ],
)
def test_no_stance_without_a_holder_outside_quotes(nlp: Language, text: str) -> None:
    assert all(a.cue not in ("wants", "want", "saw") for a in attributions(nlp, text))


def test_view_within_a_view_is_not_repeated(nlp: Language) -> None:
    text = "Officials said the minister wants a ceasefire by Friday."
    [a] = attributions(nlp, text)
    assert a.source == "Officials"


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
