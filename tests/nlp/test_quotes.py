"""Direct and indirect quotes on short news sentences (other people and places than the seed)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Span

from newsgraph.model import Quote
from newsgraph.nlp.quotes import extract_quotes
from newsgraph.nlp.speech import doc_quote_regions, quote_regions


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


def _regions_char_by_char(text: str) -> list[tuple[int, int]]:
    """The reading ``quote_regions`` must give, one character at a time (how it was first
    written): the oracle for the version that jumps from mark to mark."""
    from newsgraph.nlp import speech

    regions: list[tuple[int, int]] = []
    opener, start, i = "", 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "'`" and text[i + 1 : i + 2] == ch:
            if opener == '"':
                regions.append(speech._strip(text, start, i))
                opener = ""
            elif not opener and speech._can_open_double(text, i):
                opener, start = '"', i + 2
            i += 2
            continue
        if opener:
            if ch in speech.QUOTE_PAIRS[opener] and speech._can_close(text, i, opener):
                regions.append(speech._strip(text, start, i))
                opener = ""
            elif ch == "\n":
                j = speech._next_paragraph_start(text, i)
                if j < len(text) and text[j] == opener:
                    i = j
                else:
                    opener = ""
        elif ch in speech.QUOTE_PAIRS and speech._can_open(text, i, ch):
            opener, start = ch, i + 1
        i += 1
    return regions


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 1\n\t'`\"“”«»„‘’(:,-", max_size=60))
def test_quote_regions_read_every_character_as_a_walk_over_them_would(text: str) -> None:
    assert quote_regions(text) == _regions_char_by_char(text)


def test_a_docs_quote_regions_are_read_once_and_handed_out_as_copies(nlp: Language) -> None:
    doc = nlp("“We stay,” she said. He called it “a mistake”.")
    first = doc_quote_regions(doc)
    first.clear()  # a caller's change never reaches the kept answer
    assert doc_quote_regions(doc) == quote_regions(doc.text) != []


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


def test_adding_after_a_closing_mark_keeps_the_main_speaker(nlp: Language) -> None:
    text = (
        "Maria Lopez told reporters that Juan Perez “had a reckless plan for the harbour,” "
        "adding, “He lost the whole council.”"
    )
    found = quotes(nlp, text)
    assert [q.speaker for q in found if q.text.startswith("He lost")] == ["Maria Lopez"]


def test_quote_paragraphs_in_a_row_keep_their_speaker(nlp: Language) -> None:
    text = (
        "Maria Lopez said the port would reopen in June.\n"
        "“We have to be a lot tougher. We are playing with a different set of rules.”\n"
        "“We are not fighting it strongly enough, and everyone knows it.”"
    )
    found = [q for q in quotes(nlp, text) if q.kind == "direct"]
    assert [q.speaker for q in found] == ["Maria Lopez", "Maria Lopez"]


def test_a_pronoun_inside_the_quote_before_is_no_speaker(nlp: Language) -> None:
    text = (
        "The council met on Monday.\n"
        "“We have to be a lot tougher. We are playing with a different set of rules.”\n"
        "“We are not fighting it strongly enough, and everyone knows it.”"
    )
    assert all(q.speaker != "We" for q in quotes(nlp, text))


@pytest.mark.parametrize(
    "text",
    [
        "MACAU (AP) — Top party donor Sheldon Adelson said on Friday he met the candidate.",
        "LONDON (Reuters) — Top party donor Sheldon Adelson said on Friday he met the candidate.",
    ],
)
def test_a_dateline_is_not_the_speaker(nlp: Language, text: str) -> None:
    [q] = quotes(nlp, text)
    assert q.speaker_text == "Top party donor Sheldon Adelson"


# --- constructions the parser bends (PolNeAR train tuning half) ---------------------------


def test_a_complement_after_the_verb_wins_over_one_before(nlp: Language) -> None:
    text = "It is a long shot; Lopez's team says she will keep campaigning through the week."
    [q] = [q for q in quotes(nlp, text) if q.kind == "indirect"]
    assert q.speaker_text == "Lopez's team"
    assert q.text == "she will keep campaigning through the week"


def test_a_clause_hung_as_an_adverbial_is_the_content(nlp: Language) -> None:
    text = "Lopez said after the convention he would not accept the endorsement."
    [q] = quotes(nlp, text)
    assert (q.speaker, q.kind) == ("Lopez", "indirect")
    assert q.text.endswith("he would not accept the endorsement")


def test_a_marked_adverbial_is_not_the_content(nlp: Language) -> None:
    text = "Lopez said nothing because the hearing was postponed."
    assert all("hearing" not in q.text for q in quotes(nlp, text))


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        (
            "After saying her right foot was swollen, Ruiz was taken to the hospital.",
            "Ruiz",
            "her right foot was swollen",
        ),
        (
            "Dean appeared on the show and began by saying he would never diagnose a patient.",
            "Dean",
            "he would never diagnose a patient",
        ),
    ],
)
def test_saying_under_a_preposition_reports_the_clause_subject(
    nlp: Language, text: str, speaker: str, claim: str
) -> None:
    [q] = quotes(nlp, text)
    assert (q.speaker, q.text) == (speaker, claim)


def test_a_statement_saying_is_reported_by_the_statement(nlp: Language) -> None:
    text = "The union issued a statement saying the strike would go ahead on Monday."
    [q] = quotes(nlp, text)
    assert (q.speaker_text, q.cue) == ("a statement", "saying")
    assert q.text == "the strike would go ahead on Monday"


def test_a_name_and_a_colon_introduce_a_quote(nlp: Language) -> None:
    text = (
        "The timing does not surprise pollster Daron Shaw: “Lesser-known candidates who win "
        "early contests see the biggest boost.”"
    )
    [q] = quotes(nlp, text)
    assert (q.kind, q.speaker, q.cue) == ("direct", "Daron Shaw", ":")


def test_a_colon_after_a_clause_names_no_speaker(nlp: Language) -> None:
    text = "The rule on the ward was simple: “Never answer the phone after midnight.”"
    assert all(q.cue != ":" for q in quotes(nlp, text))


def test_a_no_break_space_after_the_dash(nlp: Language) -> None:
    text = "Readers wrote in.\n“We can do better than this, all of us.” ―\u00a0Steve Quinlan."
    [q] = quotes(nlp, text)
    assert (q.speaker, q.cue) == ("Steve Quinlan", "―")
