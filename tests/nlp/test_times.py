"""extract_times on short news sentences: spans, values, tense and evidence."""

from __future__ import annotations

import datetime
import time

import pytest
from spacy.language import Language

from newsgraph.nlp.times import extract_times
from newsgraph.nlp.timex_words import time_words

ANCHOR = datetime.date(2026, 1, 5)  # a Monday
WEDNESDAY_PAST, WEDNESDAY_NEXT = "2025-12-31", "2026-01-07"


def found(nlp: Language, text: str, anchor: datetime.date | None = ANCHOR) -> dict[str, str | None]:
    return {t.text: t.value for t in extract_times(nlp(text), anchor)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The ceasefire collapsed last week, officials in Kyiv said.", {"last week": "2026-W01"}),
        ("Ministers from Ghana and Togo are meeting today in Accra.", {"today": "2026-01-05"}),
        ("The junta seized power in December 2024.", {"December 2024": "2024-12"}),
        ("Talks resumed after a three-month pause.", {"three-month": "P3M"}),
        ("The first meeting in nearly three months ended early.", {"nearly three months": "P3M"}),
        ("The summit in Baku is expected to run for two days.", {"two days": "P2D"}),
        ("Prices are now falling, the central bank in Lima said.", {"now": "PRESENT_REF"}),
        ("The mayor of Porto recently resigned.", {"recently": "PAST_REF"}),
        ("Aid will arrive in the coming weeks, the UN said.", {"the coming weeks": "FUTURE_REF"}),
        ("The bulletin is published weekly in Nairobi.", {"weekly": "P1W"}),
        ("The court in Lyon met at 3 p.m. on Friday.", {"3 p.m. on Friday": "2026-01-02T15:00"}),
        (
            "The court in Lyon met on Friday. It rose at 3 p.m.",
            {"Friday": "2026-01-02", "3 p.m.": "2026-01-05T15:00"},
        ),
        ("The vote in Quito was held two years ago.", {"two years ago": "2024"}),
        ("Unemployment in Chile fell in the third quarter.", {"the third quarter": "2025-Q3"}),
        ("Emergency crews in Manila worked for three hours.", {"three hours": "PT3H"}),
    ],
)
def test_sentences(nlp: Language, sentence: str, expected: dict[str, str | None]) -> None:
    assert found(nlp, sentence) == expected


def test_offsets_and_evidence(nlp: Language) -> None:
    text = "Rain fell in Oslo. The ferry to Bergen sailed on Wednesday after a delay."
    [time] = extract_times(nlp(text), ANCHOR)
    assert text[time.start : time.end] == "Wednesday" == time.text
    assert time.evidence.sentence == text[time.evidence.start : time.evidence.end]
    assert time.evidence.sentence.startswith("The ferry")
    assert time.kind == "date" and time.value == WEDNESDAY_PAST


def test_approximate_flag(nlp: Language) -> None:
    [time] = extract_times(nlp("The siege of the town lasted almost three weeks."), ANCHOR)
    assert (time.value, time.approximate, time.kind) == ("P3W", True, "duration")


def test_no_anchor_keeps_kind(nlp: Language) -> None:
    [time] = extract_times(nlp("The ceasefire collapsed last week."), None)
    assert time.kind == "date" and time.value is None


def test_ages_and_plain_numbers_are_not_times(nlp: Language) -> None:
    assert found(nlp, "A 44-year-old man from Leeds and 300 others were detained.") == {}


@pytest.mark.parametrize("word", time_words()["sets_not_searched"])
def test_set_adjectives_are_not_searched(nlp: Language, word: str) -> None:
    assert found(nlp, f"The firm in Zurich released its {word} report.") == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "The envoy will meet ministers in Doha on Wednesday.",
        "The envoy shall meet ministers in Doha on Wednesday.",
        "We'll meet ministers in Doha on Wednesday, the envoy said.",
        "The envoy won't meet ministers in Doha on Wednesday.",
        "The envoy is going to meet ministers in Doha on Wednesday.",
        "The envoy is gonna meet ministers in Doha on Wednesday.",
    ],
)
def test_future_auxiliaries(nlp: Language, sentence: str) -> None:
    assert found(nlp, sentence) == {"Wednesday": WEDNESDAY_NEXT}


def test_every_future_auxiliary_has_a_sentence() -> None:
    assert set(time_words()["future_auxiliaries"]) == {"will", "shall", "'ll", "wo", "going", "gon"}


FUTURE_FORMS = {
    "expect": "are expected to",
    "schedule": "are scheduled to",
    "plan": "plan to",
    "intend": "intend to",
    "aim": "aim to",
    "due": "are due to",
    "set": "are set to",
    "hope": "hope to",
    "promise": "promised to",
    "vow": "vowed to",
    "pledge": "pledged to",
    "prepare": "are preparing to",
}


@pytest.mark.parametrize("verb", time_words()["future_verbs"])
def test_future_verbs(nlp: Language, verb: str) -> None:
    sentence = f"Negotiators in Geneva {FUTURE_FORMS[verb]} resume talks on Wednesday."
    assert found(nlp, sentence) == {"Wednesday": WEDNESDAY_NEXT}


@pytest.mark.parametrize("opener", time_words()["future_openers"])
def test_future_openers(nlp: Language, opener: str) -> None:
    sentence = f"Officials said the crossing at Rafah stayed shut {opener} Wednesday."
    assert found(nlp, sentence)["Wednesday"] == WEDNESDAY_NEXT


PRESENT_FORMS = {
    "say": "says",
    "tell": "tells",
    "report": "reports",
    "announce": "announces",
    "confirm": "confirms",
}


@pytest.mark.parametrize("verb", time_words()["present_not_future"])
def test_present_reporting_verbs_stay_past(nlp: Language, verb: str) -> None:
    sentence = f"The ministry in Ankara {PRESENT_FORMS[verb]} on Wednesday that the convoy left."
    assert found(nlp, sentence) == {"Wednesday": WEDNESDAY_PAST}


def test_news_present_tense_is_future(nlp: Language) -> None:
    assert found(nlp, "The leaders meet in Hanoi on Wednesday.") == {"Wednesday": WEDNESDAY_NEXT}


def test_coordinated_dates_are_split(nlp: Language) -> None:
    got = found(nlp, "Protests in Tbilisi continued on Monday and Tuesday.")
    assert got == {"Monday": "2026-01-05", "Tuesday": "2025-12-30"}


def test_longest_expression_wins(nlp: Language) -> None:
    got = found(nlp, "Police in Lagos made arrests on Tuesday morning.")
    assert got == {"Tuesday morning": "2025-12-30TMO"}


EARNINGS_TEXT = (
    "Acme Foods said third-quarter profit rose 12% to $40 million from $35.7 million a year "
    "earlier. Sales in the quarter climbed 8%, and margins beat the year-ago period. "
    "The latest quarter also brought a new plant in Ohio online."
)


def test_reporting_quarter_resolves_anaphora(nlp: Language) -> None:
    values = found(nlp, EARNINGS_TEXT, datetime.date(2025, 10, 28))
    assert values == {
        "third-quarter": "2025-Q3",
        "a year earlier": "2024-Q3",
        "the quarter": "2025-Q3",
        "the year-ago period": "2024-Q3",
        "The latest quarter": "2025-Q3",
    }


def test_year_back_without_a_quarter_is_last_year(nlp: Language) -> None:
    text = "Wages in Spain were 3.8% higher than a year earlier, the ministry said."
    assert found(nlp, text, datetime.date(2025, 10, 28)) == {"a year earlier": "2024"}


def test_named_quarter_wins_over_the_default(nlp: Language) -> None:
    text = "Profit at the Lisbon lender fell in the second quarter. The quarter was weak."
    values = found(nlp, text, datetime.date(2025, 10, 28))
    assert values == {"the second quarter": "2025-Q2", "The quarter": "2025-Q2"}


def test_possessive_weekday_is_not_read_as_future(nlp: Language) -> None:
    text = "Her share is far below the level set by Friday's purchases in Zurich."
    assert found(nlp, text) == {"Friday": "2026-01-02"}


def test_many_dates_settle_in_linear_time() -> None:
    """40,000 dates, each with two shorter candidates inside ("January 5", "2026"): about
    three minutes when each was checked against every date kept."""
    from newsgraph.nlp.times import _Candidate, _settle
    from newsgraph.nlp.timex_values import Timex

    day = Timex("date", "2026-01-05", False)
    cands = [
        c
        for i in range(40_000)
        for c in (
            _Candidate(20 * i + 11, 20 * i + 15, day),
            _Candidate(20 * i, 20 * i + 15, day),
            _Candidate(20 * i, 20 * i + 9, day),
        )
    ]
    started = time.perf_counter()
    kept = _settle(cands)
    assert time.perf_counter() - started < 5
    assert [(c.start, c.end) for c in kept] == [(20 * i, 20 * i + 15) for i in range(40_000)]


def test_settle_keeps_the_longest_of_overlapping_spans() -> None:
    from newsgraph.nlp.times import _Candidate, _settle
    from newsgraph.nlp.timex_values import Timex

    day = Timex("date", None, False)
    spans = [(0, 4), (2, 9), (8, 12), (12, 14), (20, 30), (25, 26), (29, 31)]
    kept = _settle([_Candidate(a, b, day) for a, b in spans])
    assert [(c.start, c.end) for c in kept] == [(2, 9), (12, 14), (20, 30)]
