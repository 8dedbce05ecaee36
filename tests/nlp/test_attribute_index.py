"""The indexed attribute ruler must find exactly the matches spaCy's Matcher finds, and so
leave every token with the same tag, part of speech, morphology, lemma and label, on
news-shaped sentences that set off the ruler's rarer rules (contractions, expletives,
auxiliaries, pronoun cases, whitespace tokens) and on generated ones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from newsgraph.nlp.attribute_index import build_index, find_matches, index_attribute_ruler
from newsgraph.nlp.convert import load_nlp

TEXTS = [
    "There are two rounds left, and there's a third one planned, officials said.",
    "I told you it was gonna be hard, y'all, and it ain't over yet.",
    '"Let\'s go," the envoy said. "C\'mon, we\'ve gotta sign it."',
    "Did they agree? They did not, but he had already left and does not plan to return.",
    "That which was agreed in Baku holds; those who signed it say so.",
    "The ministers have had talks.  They  were  told\n\nto wait.\n",
    "Y' all know it: gets worse before it got better, and the delegation got it done.",
    "Whom did you see? It saw me, and I saw it; you and I agree.",
    "",
]
ANNOTATIONS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START]
WORDS = [
    "there", "is", "are", "'s", "was", "i", "I", "you", "it", "gon", "na", "got", "ta",
    "let", "c'm", "on", "y'", "y", "all", "ai", "n't", "nt", "do", "does", "did", "have",
    "has", "had", "'d", "which", "that", "but", "the", "envoy", "said", "talks", "resumed",
    "gets", "Geneva", ",", ".", "?", '"', "-",
]  # fmt: skip


@pytest.fixture(scope="module")
def spacy_matched() -> Language:
    """The same pipeline, its attribute ruler matching with spaCy's own Matcher."""
    nlp = load_nlp.__wrapped__()
    del nlp.get_pipe("attribute_ruler").match  # the indexed match is the instance's own
    return nlp


def _ruler(nlp: Language) -> AttributeRuler:
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    return ruler


def _before_ruler(nlp: Language, text: str) -> Doc:
    """A doc as the ruler receives it (tagged and parsed, nothing after)."""
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        return nlp(text)


def _same_matches(nlp: Language, text: str) -> None:
    ruler = _ruler(nlp)
    doc = _before_ruler(nlp, text)
    spacy_matches = sorted(set(AttributeRuler.match(ruler, doc)))
    assert find_matches(build_index(ruler), doc) == spacy_matches


def _same_annotations(nlp: Language, spacy_matched: Language, text: str) -> None:
    ours, theirs = nlp(text), spacy_matched(text)
    assert [t.text for t in ours] == [t.text for t in theirs]
    assert ours.to_array(ANNOTATIONS).tolist() == theirs.to_array(ANNOTATIONS).tolist()


def test_the_loaded_pipeline_matches_through_the_index(nlp: Language) -> None:
    assert "match" in vars(_ruler(nlp))


@pytest.mark.parametrize("text", TEXTS)
def test_matches_equal_spacys_matcher(nlp: Language, text: str) -> None:
    _same_matches(nlp, text)


@pytest.mark.parametrize("text", TEXTS)
def test_annotations_equal_spacys(nlp: Language, spacy_matched: Language, text: str) -> None:
    _same_annotations(nlp, spacy_matched, text)


def test_the_rarer_rules_are_exercised(nlp: Language) -> None:
    """The texts above reach rules beyond the tag map: two-token rules, regex ones and
    those that read the dependency label."""
    ruler = _ruler(nlp)
    index = build_index(ruler)
    multi_token = {
        r.number for g in index.keyed for rs in g.rules.values() for r in rs if r.length > 1
    }
    hit = {m[0] for text in TEXTS for m in find_matches(index, _before_ruler(nlp, text))}
    assert len(hit & multi_token) >= 3
    regex_or_dep = {
        n
        for n, entry in enumerate(ruler.patterns)
        for pattern in entry["patterns"]
        if any("DEP" in spec or "REGEX" in str(spec) for spec in pattern)
    }
    assert len(hit & regex_or_dep) >= 5


words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30)
gaps = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", ""])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), gaps), min_size=1, max_size=30))
def test_generated_texts(
    nlp: Language, spacy_matched: Language, parts: list[tuple[str, str]]
) -> None:
    text = "".join(word + gap for word, gap in parts)
    _same_matches(nlp, text)
    _same_annotations(nlp, spacy_matched, text)


def test_a_rule_added_later_is_found() -> None:
    nlp = load_nlp.__wrapped__()
    ruler = _ruler(nlp)
    ruler.add([[{"LOWER": "envoy"}, {"TAG": "VBD"}]], {"LEMMA": "emissary"})
    doc = nlp("The envoy said no.")
    assert doc[1].lemma_ == "emissary"
    assert sorted(set(AttributeRuler.match(ruler, _before_ruler(nlp, "The envoy said no.")))) == (
        ruler.match(_before_ruler(nlp, "The envoy said no."))
    )


def test_rules_reloaded_in_the_same_number_are_read_again() -> None:
    """Reloading the ruler (``clear`` and ``add_patterns``, as ``from_bytes`` does) with
    as many rules as before builds a new Matcher: the index follows it."""
    nlp = load_nlp.__wrapped__()
    ruler = _ruler(nlp)
    patterns = ruler.patterns
    for entry in patterns:
        if entry["patterns"] == [
            [{"TAG": "VBZ", "LOWER": "gets"}],
            [{"TAG": "VBD", "LOWER": "got"}],
        ]:
            entry["attrs"] = {"LEMMA": "obtain"}
    ruler.clear()
    ruler.add_patterns(patterns)
    assert len(ruler.attrs) == len(patterns)
    assert nlp("The delegation got nothing.")[2].lemma_ == "obtain"


def test_an_unreadable_rule_keeps_spacys_matcher() -> None:
    """An operator the index does not read: spaCy's Matcher does the ruler's matching,
    whether the rule was there before indexing or came after it."""
    rule = [[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]]
    before = load_nlp.__wrapped__()
    del _ruler(before).match
    _ruler(before).add(rule, {"LEMMA": "much"})
    assert not index_attribute_ruler(before)
    assert "match" not in vars(_ruler(before))
    after = load_nlp.__wrapped__()
    _ruler(after).add(rule, {"LEMMA": "much"})
    for nlp in (before, after):
        doc = nlp("A very very hard round.")
        assert [t.lemma_ for t in doc[1:3]] == ["much", "much"]


def test_an_empty_doc_has_no_matches(nlp: Language) -> None:
    assert find_matches(build_index(_ruler(nlp)), nlp.make_doc("")) == []
