"""Every entry of data/reporting.json is exercised on a real sentence."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Span

from newsgraph.nlp.attribution import extract_attributions
from newsgraph.nlp.quotes import extract_quotes

DATA: dict[str, Any] = json.loads(
    resources.files("newsgraph.data").joinpath("reporting.json").read_text()
)

MARKER_SENTENCES = {
    "familiar with": "A lawyer familiar with the case said the hearing was postponed.",
    "briefed on": "A banker briefed on the sale said the hearing was postponed.",
    "with knowledge of": "A banker with knowledge of the sale said the hearing was postponed.",
    "close to": "A businessman close to the family said the hearing was postponed.",
    "on condition of anonymity": (
        "A judge who spoke on condition of anonymity said the hearing was postponed."
    ),
    "not authorized to": (
        "A clerk who was not authorized to speak publicly said the hearing was postponed."
    ),
    "asked not to be named": "A clerk who asked not to be named said the hearing was postponed.",
    "declined to be identified": (
        "A clerk, who declined to be identified, said the hearing was postponed."
    ),
    "requested anonymity": "A clerk who requested anonymity said the hearing was postponed.",
    "privy to": "A banker privy to the talks said the hearing was postponed.",
}


def by_text(span: Span) -> str | None:
    return span.text


def unresolved(span: Span) -> str | None:
    return None


def test_lists_have_no_duplicates() -> None:
    for key, value in DATA.items():
        if isinstance(value, list):
            assert len(value) == len(set(value)), key


@pytest.mark.parametrize("verb", DATA["reporting_verbs"])
def test_reporting_verb(nlp: Language, verb: str) -> None:
    doc = nlp(f"Maria Lopez will {verb} that the new tax plan is unfair to farmers.")
    found = [q for q in extract_quotes(doc, by_text) if q.kind == "indirect"]
    assert [q.speaker for q in found] == ["Maria Lopez"]
    assert found[0].text == "the new tax plan is unfair to farmers"


@pytest.mark.parametrize("verb", DATA["evidence_verbs"])
def test_evidence_verb_with_document_subject(nlp: Language, verb: str) -> None:
    doc = nlp(f"The report will {verb} that the new tax plan is unfair to farmers.")
    [q] = extract_quotes(doc, by_text)
    assert q.speaker == "The report"


@pytest.mark.parametrize("noun", DATA["document_nouns"])
def test_document_noun(nlp: Language, noun: str) -> None:
    doc = nlp(f"The {noun} will show that the new tax plan is unfair to farmers.")
    [q] = extract_quotes(doc, by_text)
    assert q.speaker == f"The {noun}"


def test_evidence_verb_needs_a_document_subject(nlp: Language) -> None:
    doc = nlp("The farmers will show that the new tax plan is unfair.")
    assert extract_quotes(doc, by_text) == []


@pytest.mark.parametrize("phrase", DATA["source_phrases"])
def test_source_phrase(nlp: Language, phrase: str) -> None:
    cue = phrase[0].upper() + phrase[1:]
    doc = nlp(f"{cue} Maria Lopez, the new tax plan is unfair to farmers.")
    [a] = extract_attributions(doc, by_text)
    assert a.source == "Maria Lopez"
    assert a.claim == "the new tax plan is unfair to farmers"


@pytest.mark.parametrize("dash", DATA["quote_dashes"])
def test_quote_dash(nlp: Language, dash: str) -> None:
    doc = nlp(f"“We will never give up on this city.” {dash} Maria Lopez")
    [q] = extract_quotes(doc, by_text)
    assert (q.speaker, q.cue) == ("Maria Lopez", dash)


@pytest.mark.parametrize("head", DATA["anonymous_heads"])
def test_anonymous_head(nlp: Language, head: str) -> None:
    doc = nlp(f"The {head} said the new tax plan is unfair to farmers.")
    [a] = extract_attributions(doc, by_text)
    assert a.anonymous and a.source == f"The {head}"


def test_marker_sentences_cover_the_data() -> None:
    assert sorted(MARKER_SENTENCES) == sorted(DATA["anonymous_markers"])


@pytest.mark.parametrize("marker", DATA["anonymous_markers"])
def test_anonymous_marker(nlp: Language, marker: str) -> None:
    [a] = extract_attributions(nlp(MARKER_SENTENCES[marker]), unresolved)
    assert a.anonymous
    assert a.claim == "the hearing was postponed"


@pytest.mark.parametrize("verb", DATA["stance_verbs"])
def test_stance_verb(nlp: Language, verb: str) -> None:
    doc = nlp(f"Maria Lopez will {verb} the new tax plan for farmers.")
    [a] = extract_attributions(doc, unresolved)
    assert (a.source, a.cue) == ("Maria Lopez", verb.split()[0])
    assert extract_quotes(doc, by_text) == []  # a stance is never a quote


SOURCE_NOUN_SENTENCES = {"some": "Some", "percent": "Ten percent"}


@pytest.mark.parametrize("noun", DATA["source_nouns"])
def test_source_noun(nlp: Language, noun: str) -> None:
    subject = SOURCE_NOUN_SENTENCES.get(noun, f"The {noun}")
    [a] = extract_attributions(nlp(f"{subject} will praise the new tax plan."), unresolved)
    assert a.source == subject and a.cue == "praise"


def test_stance_needs_a_holder(nlp: Language) -> None:
    doc = nlp("The weather will praise the new tax plan.")
    assert extract_attributions(doc, unresolved) == []


INFINITIVE_ADJECTIVES = {
    "willing",
    "unwilling",
    "eager",
    "determined",
    "reluctant",
    "keen",
    "intent",
}


@pytest.mark.parametrize("entry", DATA["stance_adjectives"])
def test_stance_adjective(nlp: Language, entry: str) -> None:
    words = entry.split()
    if len(words) == 2:
        text, claim = f"Maria Lopez is {entry} the new tax plan.", "the new tax plan"
    elif entry in INFINITIVE_ADJECTIVES:
        text, claim = f"Maria Lopez is {entry} to back the new tax plan.", "back the new tax plan"
    else:
        text = f"Maria Lopez is {entry} that the new tax plan will pass."
        claim = "the new tax plan will pass"
    [a] = extract_attributions(nlp(text), unresolved)
    assert (a.source, a.cue, a.claim) == ("Maria Lopez", words[0], claim)
    assert extract_quotes(nlp(text), by_text) == []  # a stance is never a quote


def test_infinitive_adjectives_are_in_the_data() -> None:
    assert set(DATA["stance_adjectives"]) >= INFINITIVE_ADJECTIVES


@pytest.mark.parametrize("entry", DATA["stance_nouns"])
def test_stance_noun(nlp: Language, entry: str) -> None:
    text = f"Few heard her {entry} that the new tax plan will pass."
    [a] = extract_attributions(nlp(text), unresolved)
    assert (a.source, a.cue, a.claim) == ("her", entry, "the new tax plan will pass")


QUOTE_VERB_FORMS = {"chant": "chanted"}  # "chants" alone reads as a noun


@pytest.mark.parametrize("verb", DATA["quote_verbs"])
def test_quote_verb_frames_a_quotation(nlp: Language, verb: str) -> None:
    form = QUOTE_VERB_FORMS.get(verb, f"{verb}s")
    doc = nlp(f"“We will not give up on this city,” Maria Lopez {form}.")
    [q] = extract_quotes(doc, by_text)
    assert (q.kind, q.speaker, q.cue) == ("direct", "Maria Lopez", form)


@pytest.mark.parametrize("verb", DATA["quote_verbs"])
def test_quote_verb_reports_nothing_without_a_quotation(nlp: Language, verb: str) -> None:
    form = QUOTE_VERB_FORMS.get(verb, f"{verb}s")
    assert extract_quotes(nlp(f"Maria Lopez {form} the report."), by_text) == []


@pytest.mark.parametrize("verb", DATA["light_verbs"])
def test_light_verb_lends_its_subject_to_a_stance_noun(nlp: Language, verb: str) -> None:
    doc = nlp(f"Maria Lopez will {verb} the claim that the new tax plan will pass.")
    [a] = extract_attributions(doc, unresolved)
    assert (a.source, a.cue, a.claim) == ("Maria Lopez", "claim", "the new tax plan will pass")
