"""Attributed claims: according-to phrases and anonymous sources."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Span

from newsgraph.model import Article, Attribution, Entity
from newsgraph.nlp.attribution import extract_attributions, headline_attributions
from newsgraph.nlp.quotes import extract_quotes
from newsgraph.nlp.speech import is_anonymous
from newsgraph.pipeline import analyse


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


# --- headlines ---------------------------------------------------------------------------

HEADLINE_LABELS: list[str] = json.loads(
    resources.files("newsgraph.data").joinpath("reporting.json").read_text()
)["headline_labels"]


def headline(nlp: Language, text: str, entities: list[Entity] | None = None) -> list[Attribution]:
    return headline_attributions([("title", nlp(text))], entities or [])


@pytest.mark.parametrize(
    ("text", "source", "claim"),
    [
        ("Mayor Lopez: Port Will Reopen in June", "Mayor Lopez", "Port Will Reopen in June"),
        ("Lopez Says Port Will Reopen in June", "Lopez", "Port Will Reopen in June"),
        ("Farm union warns tariffs will hurt exports", "Farm union", "tariffs will hurt exports"),
        (
            "Port Will Reopen in June, Harbour Chief Says",
            "Harbour Chief",
            "Port Will Reopen in June",
        ),
    ],
)
def test_headline_attribution(nlp: Language, text: str, source: str, claim: str) -> None:
    [a] = headline(nlp, text)
    assert (a.source, a.claim, a.evidence.field) == (source, claim, "title")
    assert text[a.start : a.end] == claim
    assert a.source_start is not None and a.source_end is not None
    assert text[a.source_start : a.source_end] == source


@pytest.mark.parametrize("label", HEADLINE_LABELS)
def test_headline_label_is_no_source(nlp: Language, label: str) -> None:
    assert headline(nlp, f"{label.title()}: Port Will Reopen in June After Repairs") == []


@pytest.mark.parametrize(
    "text",
    [
        "Port towns can find work for farmers after the floods",  # no verb of saying
        "With key votes ahead, senators make an effort to look calm",  # no source before it
        "Harbour Chief Accused Of Hiding Port Fees From Council",  # the subject is accused
        "Why Lopez Says the Port Will Reopen in June",  # a question, not a claim
    ],
)
def test_headline_without_attribution(nlp: Language, text: str) -> None:
    assert headline(nlp, text) == []


def test_headline_source_named_by_a_body_entity(nlp: Language) -> None:
    lopez = Entity(id="e1", name="Maria Lopez", type="PERSON")
    [a] = headline(nlp, "Lopez Says Port Will Reopen in June", [lopez])
    assert a.source_entity == "e1"
    [a] = headline(nlp, "Lopez Says Port Will Reopen in June", [lopez, replace(lopez, id="e2")])
    assert a.source_entity is None  # two people of that name: not guessed


def test_brief_carries_the_headline_attribution(nlp: Language) -> None:
    article = Article(
        url=None,
        title="Lopez Says Port Will Reopen in June",
        text="Maria Lopez, the harbour chief, spoke to reporters on Monday.",
    )
    brief = analyse(article, nlp)
    [a] = [a for a in brief.attributions if a.evidence.field == "title"]
    assert a.source == "Lopez" and a.claim == "Port Will Reopen in June"
    assert a.source_entity is not None


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Lopez", "Says", "says", ":", ",", "Port", "the", "Will", "Reopen", "of"]),
        max_size=14,
    )
)
def test_headline_spans_always_index_the_headline(nlp: Language, words: list[str]) -> None:
    text = " ".join(words)
    for a in headline(nlp, text):
        assert a.source_start is not None and a.source_end is not None
        assert text[a.source_start : a.source_end] == a.source
        assert 0 <= a.start < a.end <= len(text) and a.claim


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Asked about her earlier criticism of the mayor, Lopez said the port would reopen.", None),
        (
            "Asked by reporters about her earlier criticism, Lopez said the port would reopen.",
            "reporters",
        ),
    ],
)
def test_passive_participle_clause_is_not_held_by_the_main_subject(
    nlp: Language, text: str, source: str | None
) -> None:
    """The one asked is not the one asking: only an agent ("by reporters") holds the question."""
    asked = [a for a in attributions(nlp, text) if a.cue == "Asked"]
    assert [a.source for a in asked] == ([source] if source else [])


# --- stances on adjectives, nouns and more holders (PolNeAR train tuning half) -------------


@pytest.mark.parametrize(
    ("text", "source", "cue", "claim"),
    [
        (
            "Many residents are worried that the new tariff will close their markets.",
            "Many residents",
            "worried",
            "the new tariff will close their markets",
        ),
        (
            "Republicans are increasingly convinced the agency mishandled the inquiry.",
            "Republicans",
            "convinced",
            "the agency mishandled the inquiry",
        ),
        (
            "Senator Ana Ruiz is critical of the port deal.",
            "Senator Ana Ruiz",
            "critical",
            "the port deal",
        ),
        (
            "Voters are opposed to raising the sales tax.",
            "Voters",
            "opposed",
            "raising the sales tax",
        ),
        (
            "Some Republicans were willing to back a smaller bill.",
            "Some Republicans",
            "willing",
            "back a smaller bill",
        ),
    ],
)
def test_stance_adjectives(nlp: Language, text: str, source: str, cue: str, claim: str) -> None:
    [a] = attributions(nlp, text)
    assert (a.source, a.cue, a.claim) == (source, cue, claim)


def test_a_stance_adjective_needs_a_holder(nlp: Language) -> None:
    assert attributions(nlp, "The bridge is critical of nothing and sure of its footing.") == []


@pytest.mark.parametrize(
    ("text", "source", "cue", "claim"),
    [
        (
            "His claim that the count was rigged drew scorn from officials.",
            "His",
            "claim",
            "the count was rigged",
        ),
        (
            "Mayor Ana Ruiz made the case that the port must stay open.",
            "Mayor Ana Ruiz",
            "case",
            "the port must stay open",
        ),
    ],
)
def test_stance_nouns(nlp: Language, text: str, source: str, cue: str, claim: str) -> None:
    [a] = attributions(nlp, text)
    assert (a.source, a.cue, a.claim) == (source, cue, claim)


def test_a_stance_noun_without_a_holder_is_no_attribution(nlp: Language) -> None:
    assert attributions(nlp, "The claim that the count was rigged spread online.") == []


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Lopez's family urged people to protest peacefully.", "Lopez's family"),
        ("The chair of the DNC called a special meeting.", "The chair of the DNC"),
    ],
)
def test_a_noun_a_name_owns_holds_the_view(nlp: Language, text: str, source: str) -> None:
    [a] = attributions(nlp, text)
    assert a.source == source


def test_the_lemmatizer_slip_on_hoping_is_caught(nlp: Language) -> None:
    [a] = attributions(nlp, "The senator is hoping to win the state by a wide margin.")
    assert (a.source, a.cue, a.claim) == (
        "The senator",
        "hoping",
        "to win the state by a wide margin",
    )


def test_a_stance_under_a_preposition(nlp: Language) -> None:
    text = "Mr. Ryan has been a leader in his party in supporting an overhaul of the system."
    [a] = attributions(nlp, text)
    assert (a.source, a.cue, a.claim) == ("Mr. Ryan", "supporting", "an overhaul of the system")


def test_which_reaches_back_to_an_organisation(nlp: Language) -> None:
    [a] = attributions(nlp, "The Times, which endorsed the mayor, sold out early.")
    assert (a.source, a.cue, a.claim) == ("The Times, which", "endorsed", "the mayor")


def test_a_gerund_takes_the_name_just_before_it(nlp: Language) -> None:
    text = "Williams will be interviewed about Pope Leo calling the holiday a sham."
    [a] = attributions(nlp, text)
    assert (a.source, a.cue, a.claim) == ("Pope Leo", "calling", "the holiday a sham")


def test_a_gerund_with_its_own_subject_under_with(nlp: Language) -> None:
    text = "Democrats went further, with former Gov. Martin Lopez calling the senator a fascist."
    [a] = attributions(nlp, text)
    assert (a.source, a.cue) == ("former Gov. Martin Lopez", "calling")


def test_a_for_to_clause_is_what_is_called_for(nlp: Language) -> None:
    [a] = attributions(
        nlp, "She also called for all candidates to lay out the cost of their plans."
    )
    assert a.claim == "for all candidates to lay out the cost of their plans"
