"""Direct and indirect quotes on short news sentences (other people and places than the seed)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Span

from newsgraph.model import Quote
from newsgraph.nlp.quotes import extract_quotes
from newsgraph.nlp.speech import quote_regions


def by_text(span: Span) -> str | None:
    """A stand-in resolver: the speaker's own words are its id, pronouns included."""
    return span.text


def nobody(span: Span) -> str | None:
    return None


def quotes(nlp: Language, text: str) -> list[Quote]:
    return extract_quotes(nlp(text), by_text)


def test_direct_quote_after_cue(nlp: Language) -> None:
    text = "“We will not accept this,” Macron told reporters in Brussels."
    [q] = quotes(nlp, text)
    assert (q.kind, q.speaker, q.cue) == ("direct", "Macron", "told")
    assert q.text == "We will not accept this,"
    assert text[q.start : q.end] == q.text
    assert q.evidence.sentence == text


def test_direct_quote_with_pronoun_speaker(nlp: Language) -> None:
    [q] = quotes(nlp, "Markets opened lower. “Nobody expected a cut this early,” she said.")
    assert (q.kind, q.speaker, q.speaker_text) == ("direct", "she", "she")
    assert q.text.startswith("Nobody expected")


def test_inverted_cue_with_apposition(nlp: Language) -> None:
    text = "“The border will stay open,” said Jens Holm, the Danish interior minister."
    [q] = quotes(nlp, text)
    assert q.speaker == "Jens Holm"


def test_colon_before_quote(nlp: Language) -> None:
    [q] = quotes(nlp, 'Governor Kathy Lyle said: "We have enough water for the summer."')
    assert q.speaker == "Governor Kathy Lyle"
    assert q.text == "We have enough water for the summer."


def test_saying_takes_subject_of_governing_verb(nlp: Language) -> None:
    text = (
        "After the summit, Modi expressed optimism that the two sides could settle the dispute, "
        "saying, “We are closer than ever. The work is not finished.”"
    )
    direct = [q for q in quotes(nlp, text) if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["Modi"]
    assert direct[0].text.endswith("The work is not finished.")


def test_bracketed_insertion_kept(nlp: Language) -> None:
    text = "“I am sure that [the Kenyan president] will sign it,” Ruto's spokesman said."
    [q] = [q for q in quotes(nlp, text) if q.kind == "direct"]
    assert "[the Kenyan president]" in q.text


def test_multi_paragraph_quote(nlp: Language) -> None:
    text = (
        "Lula spoke for an hour.\n"
        "“We have lifted millions out of poverty,” he said. “And we will do it again.\n"
        "“Nobody will stop us now.”"
    )
    texts = [q.text for q in quotes(nlp, text) if q.kind == "direct"]
    assert any("Nobody will stop us now." in t and "do it again" in t for t in texts)


def test_lone_quote_paragraph_takes_previous_speaker(nlp: Language) -> None:
    text = (
        "Chancellor Olaf Brandt defended the budget on Tuesday.\n"
        "“These cuts are painful but they are necessary for the next generation.”"
    )
    [q] = quotes(nlp, text)
    assert q.speaker is not None and "Brandt" in q.speaker
    assert q.confidence < 0.9


def test_dash_signature(nlp: Language) -> None:
    [q] = quotes(nlp, "“He has never listened to us and he never will.” ― Maria Lopez")
    assert q.speaker == "Maria Lopez"


def test_transcript_label(nlp: Language) -> None:
    [q] = quotes(nlp, "HOLT: Senator, what would you do about the deficit tonight?")
    assert (q.speaker, q.kind) == ("HOLT", "direct")


def test_scare_quotes_are_not_quotes(nlp: Language) -> None:
    assert quotes(nlp, "The ministry described the plan as a “temporary measure” for now.") == []


def test_unattributed_long_quote_inside_sentence_is_skipped(nlp: Language) -> None:
    text = "The law bans “any propaganda that harms the unity of the state” in schools."
    assert quotes(nlp, text) == []


def test_unknown_speaker_kept_for_direct_only(nlp: Language) -> None:
    text = "“Prices will fall by spring,” the trader said. The trader said prices will fall."
    found = extract_quotes(nlp(text), nobody)
    assert [(q.kind, q.speaker) for q in found] == [("direct", None)]


def test_indirect_that_clause(nlp: Language) -> None:
    [q] = quotes(nlp, "Scholz said on Monday that Germany would send more air defence systems.")
    assert (q.kind, q.speaker, q.cue) == ("indirect", "Scholz", "said")
    assert q.text == "Germany would send more air defence systems"


def test_indirect_clause_final(nlp: Language) -> None:
    [q] = quotes(nlp, "The ceasefire will hold through the weekend, Erdogan said.")
    assert (q.kind, q.speaker) == ("indirect", "Erdogan")
    assert q.text == "The ceasefire will hold through the weekend"


def test_indirect_speaker_through_coordination(nlp: Language) -> None:
    text = "Sunak agreed to meet the unions but insisted that the pay offer was final."
    [q] = quotes(nlp, text)
    assert (q.speaker, q.cue) == ("Sunak", "insisted")
    assert "pay offer was final" in q.text


def test_country_as_speaker(nlp: Language) -> None:
    [q] = quotes(nlp, "Japan said the launch was intended to test a new satellite.")
    assert q.speaker == "Japan"


def test_nested_report_keeps_inner_speaker(nlp: Language) -> None:
    text = "Ramaphosa accepted the report but stressed that the debt must be repaid, an aide said."
    [q] = quotes(nlp, text)
    assert (q.speaker, q.cue) == ("Ramaphosa", "stressed")
    assert q.text == "the debt must be repaid"


def test_anonymous_indirect_is_not_a_quote(nlp: Language) -> None:
    assert quotes(nlp, "Officials say the bridge will reopen in June.") == []


def test_said_in_relative_clause_about_something_else(nlp: Language) -> None:
    text = "Troops seized weapons that Poland says could threaten the region."
    assert quotes(nlp, text) == []


def test_said_without_complement(nlp: Language) -> None:
    assert quotes(nlp, "She read the letter that he said nothing about.") == []


def test_negated_saying_is_not_a_quote(nlp: Language) -> None:
    assert quotes(nlp, "Trudeau did not say whether Canada would join the mission.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "no deal" twice.', ["no deal"]),
        ("“Stay,” she said.", ["Stay,"]),
        ("''It won't work,'' he said.", ["It won't work,"]),
        ("« Non », a-t-il dit.", ["Non"]),
        ("It’s the ‘new normal’ now.", ["new normal"]),
        ("“A b c.\n“D e f.”", ["A b c.\n“D e f."]),
        ("“A b c\nD e f.”", []),
    ],
)
def test_quote_regions(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in quote_regions(text)] == expected


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_quote_regions_never_raise(text: str) -> None:
    for a, b in quote_regions(text):
        assert 0 <= a <= b <= len(text)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "“",
                "”",
                '"',
                "‘",
                "’",
                "«",
                "»",
                "''",
                "said",
                "he",
                "Smith",
                ",",
                ".",
                ":",
                "that",
                "according",
                "to",
                "officials",
                "\n",
                "―",
                "the",
                "deal",
                "is",
                "off",
            ]
        ),
        max_size=40,
    )
)
def test_extract_quotes_never_raises(nlp: Language, words: list[str]) -> None:
    text = " ".join(words)
    for q in extract_quotes(nlp(text), by_text):
        assert text[q.start : q.end] == q.text
