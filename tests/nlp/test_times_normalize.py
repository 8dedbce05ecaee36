"""normalize_timex: one test family per rule, and every entry of data/time_words.json."""

from __future__ import annotations

import datetime

import pytest

from newsgraph.nlp.timex_normalize import normalize_in_context, normalize_timex
from newsgraph.nlp.timex_relative import PeriodAnaphor, period_anaphor
from newsgraph.nlp.timex_values import Timex, shift_quarter
from newsgraph.nlp.timex_words import time_words

ANCHOR = datetime.date(2026, 1, 5)  # a Monday, ISO week 2026-W02
WORDS = time_words()


def value(text: str, anchor: datetime.date | None = ANCHOR) -> str | None:
    result = normalize_timex(text, anchor)
    assert result is not None, text
    return result.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("December 2024", "2024-12"),
        ("March 3, 2025", "2025-03-03"),
        ("3 March 2025", "2025-03-03"),
        ("the 3rd of May", "2026-05-03"),
        ("Sept. 30", "2025-09-30"),
        ("Friday, Oct. 13", "2025-10-13"),
        ("2019", "2019"),
        ("the year 2000", "2000"),
        ("2025-01-03", "2025-01-03"),
        ("3/15/2020", "2020-03-15"),
        ("the 1990s", "199"),
        ("the mid-1990s", "199"),
        ("the '90s", "199"),
        ("the 20th century", "19"),
        ("spring 2020", "2020-SP"),
        ("the third quarter", "2025-Q3"),
        ("the first quarter", "2026-Q1"),
        ("Q2 2024", "2024-Q2"),
        ("the first half of 2025", "2025-H1"),
        ("the 1988 second quarter", "1988-Q2"),
        ("fiscal 1989", "1989"),
        ("early 1991", "1991"),
    ],
)
def test_absolute_dates(text: str, expected: str) -> None:
    assert value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", "2026-01-05"),
        ("yesterday", "2026-01-04"),
        ("tomorrow", "2026-01-06"),
        ("last week", "2026-W01"),
        ("this week", "2026-W02"),
        ("next week", "2026-W03"),
        ("last weekend", "2026-W01-WE"),
        ("last month", "2025-12"),
        ("next year", "2027"),
        ("earlier this year", "2026"),
        ("last quarter", "2025-Q4"),
        ("on Monday", "2026-01-05"),
        ("Friday", "2026-01-02"),
        ("last Monday", "2025-12-29"),
        ("next Monday", "2026-01-12"),
        ("two years ago", "2024"),
        ("three days ago", "2026-01-02"),
        ("two weeks ago", "2025-W52"),
        ("six months ago", "2025-07"),
        ("a decade ago", "201"),
        ("last November", "2025-11"),
        ("next March", "2026-03"),
        ("this summer", "2026-SU"),
        ("last spring", "2025-SP"),
        ("December", "2025-12"),
        ("January", "2026-01"),
    ],
)
def test_relative_dates(text: str, expected: str) -> None:
    assert value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected", "approximate"),
    [
        ("two days", "P2D", False),
        ("nearly three months", "P3M", True),
        ("a three-month pause", "P3M", False),
        ("18 months", "P18M", False),
        ("a decade", "P10Y", False),
        ("several years", "PXY", False),
        ("a few days", "PXD", False),
        ("three hours", "PT3H", False),
        ("twenty-one days", "P21D", False),
        ("the past four months", "P4M", False),
        ("the past year", "P1Y", False),
        ("half an hour", "PT30M", False),
        ("2 1/2 years", "P2Y6M", False),
        ("a year and a half", "P1Y6M", False),
        ("about 5 1/2 hours", "PT5H30M", True),
        ("a day and a half", "P1DT12H", False),
        ("weeks", "PXW", False),
        ("decades", "PXDE", False),
        ("three days later", "P3D", False),
        ("over two days", "P2D", False),
        ("more than 40 years", "P40Y", True),
    ],
)
def test_durations(text: str, expected: str, approximate: bool) -> None:
    assert normalize_timex(text, ANCHOR) == Timex("duration", expected, approximate)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every week", "P1W"),
        ("weekly", "P1W"),
        ("every other day", "P2D"),
        ("each year", "P1Y"),
        ("twice a month", "P1M"),
        ("every Monday", "XXXX-WXX-1"),
        ("every July", "XXXX-07"),
        ("every morning", "XXXX-XX-XXTMO"),
    ],
)
def test_sets(text: str, expected: str) -> None:
    assert normalize_timex(text, ANCHOR) == Timex("set", expected, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 p.m.", "T15:00"),
        ("10:35 a.m.", "T10:35"),
        ("12 a.m.", "T00:00"),
        ("noon", "T12:00"),
        ("9 a.m. Tuesday", "2025-12-30T09:00"),
        ("5 p.m. EST, Nov. 9", "2025-11-09T17:00"),
        ("Monday morning", "2026-01-05TMO"),
        ("this morning", "2026-01-05TMO"),
        ("last night", "2026-01-04TNI"),
        ("tonight", "2026-01-05TNI"),
    ],
)
def test_times_of_day(text: str, expected: str) -> None:
    assert normalize_timex(text, ANCHOR) == Timex("time", expected, False)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("today", "date", None),
        ("last week", "date", None),
        ("on Monday", "date", None),
        ("two years ago", "date", None),
        ("Monday morning", "time", None),
        ("March 3", "date", "XXXX-03-03"),
        ("the third quarter", "date", "XXXX-Q3"),
        ("two days", "duration", "P2D"),
        ("December 2024", "date", "2024-12"),
    ],
)
def test_without_anchor(text: str, kind: str, expected: str | None) -> None:
    result = normalize_timex(text, None)
    assert result is not None and result.kind == kind and result.value == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "the ministry",
        "44 years old",
        "a 30-year-old man",
        "about 6 miles",
        "February 30",
        "the 13th quarter",
        "x" * 200,
    ],
)
def test_not_temporal(text: str) -> None:
    assert normalize_timex(text, ANCHOR) is None


# --- every entry of time_words.json -----------------------------------------------------

NUMBER_CASES = {"a": "a day", "an": "an hour", "a single": "a single day", "single": "single day"}


@pytest.mark.parametrize(("word", "number"), sorted(WORDS["numbers"].items()))
def test_every_number_word(word: str, number: int) -> None:
    phrase = NUMBER_CASES.get(word, f"{word} days")
    expected = f"PT{number}H" if phrase.endswith("hour") else f"P{number}D"
    assert value(phrase) == expected


@pytest.mark.parametrize("word", WORDS["vague_counts"])
def test_every_vague_count(word: str) -> None:
    assert value(f"{word} weeks") == "PXW"


@pytest.mark.parametrize(("word", "number"), sorted(WORDS["ordinals"].items()))
def test_every_ordinal(word: str, number: int) -> None:
    assert value(f"the {word} of May 2025") == f"2025-05-{number:02d}"


@pytest.mark.parametrize(("word", "month"), sorted(WORDS["months"].items()))
def test_every_month(word: str, month: int) -> None:
    assert value(f"{word.capitalize()} 2024") == f"2024-{month:02d}"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("monday", "2026-01-05"),
        ("tuesday", "2025-12-30"),
        ("wednesday", "2025-12-31"),
        ("thursday", "2026-01-01"),
        ("friday", "2026-01-02"),
        ("saturday", "2026-01-03"),
        ("sunday", "2026-01-04"),
    ],
)
def test_every_weekday(word: str, expected: str) -> None:
    assert word in WORDS["weekdays"]
    assert value(f"on {word.capitalize()}") == expected


def test_weekday_table_is_complete() -> None:
    assert sorted(WORDS["weekdays"].values()) == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize(("word", "code"), sorted(WORDS["seasons"].items()))
def test_every_season(word: str, code: str) -> None:
    assert value(f"{word} 2020") == f"2020-{code}"


UNIT_CASES = {
    "second": ("two seconds", "PT2S"),
    "minute": ("two minutes", "PT2M"),
    "hour": ("two hours", "PT2H"),
    "day": ("two days", "P2D"),
    "night": ("two nights", "P2D"),
    "week": ("two weeks", "P2W"),
    "fortnight": ("two fortnights", "P4W"),
    "month": ("two months", "P2M"),
    "quarter": ("two quarters", "P6M"),
    "year": ("two years", "P2Y"),
    "decade": ("two decades", "P20Y"),
    "century": ("two centuries", "P200Y"),
}


@pytest.mark.parametrize("unit", sorted(WORDS["units"]))
def test_every_unit(unit: str) -> None:
    phrase, expected = UNIT_CASES[unit]
    assert normalize_timex(phrase, ANCHOR) == Timex("duration", expected, False)


@pytest.mark.parametrize(("word", "code"), sorted(WORDS["parts_of_day"].items()))
def test_every_part_of_day(word: str, code: str) -> None:
    assert value(f"Tuesday {word}") == f"2025-12-30T{code}"


@pytest.mark.parametrize(("word", "shift"), sorted(WORDS["relative_days"].items()))
def test_every_relative_day(word: str, shift: int) -> None:
    day = (ANCHOR + datetime.timedelta(days=shift)).isoformat()
    assert value(word) in (day, f"{day}TNI")


DIRECTION_MONTH = {-1: "2025-12", 0: "2026-01", 1: "2026-02"}


@pytest.mark.parametrize(("word", "step"), sorted(WORDS["directions"].items()))
def test_every_direction(word: str, step: int) -> None:
    assert value(f"{word} month") == DIRECTION_MONTH[step]


@pytest.mark.parametrize(("word", "sign"), sorted(WORDS["shifts"].items()))
def test_every_shift(word: str, sign: int) -> None:
    assert value(f"two days {word}") == ("2026-01-03" if sign < 0 else "2026-01-07")


@pytest.mark.parametrize("word", WORDS["story_shifts"])
def test_every_story_shift(word: str) -> None:
    assert normalize_timex(f"three days {word}", ANCHOR) == Timex("duration", "P3D", False)


@pytest.mark.parametrize("word", WORDS["approximators"])
def test_every_approximator(word: str) -> None:
    assert normalize_timex(f"{word} two months", ANCHOR) == Timex("duration", "P2M", True)


@pytest.mark.parametrize("word", WORDS["modifiers"])
def test_every_modifier(word: str) -> None:
    assert value(f"{word} 1991") == "1991"


@pytest.mark.parametrize("word", WORDS["leading_words"])
def test_every_leading_word(word: str) -> None:
    assert value(f"{word} December 2024") == "2024-12"


@pytest.mark.parametrize(("phrase", "expected"), sorted(WORDS["vague"].items()))
def test_every_vague_reference(phrase: str, expected: str) -> None:
    assert normalize_timex(phrase, ANCHOR) == Timex("date", expected, False)


@pytest.mark.parametrize(("word", "expected"), sorted(WORDS["sets"].items()))
def test_every_set_word(word: str, expected: str) -> None:
    assert normalize_timex(word, ANCHOR) == Timex("set", expected, False)


# --- periods named by reference to the reported one -------------------------------------

EARNINGS_DAY = datetime.date(2025, 10, 28)  # results season for the third quarter


@pytest.mark.parametrize(("phrase", "back"), sorted(WORDS["quarter_anaphora"].items()))
def test_every_quarter_anaphor(phrase: str, back: int) -> None:
    """Out of context each names the last completed quarter, ``back`` years earlier."""
    assert value(phrase, EARNINGS_DAY) == f"{2025 - back}-Q3"
    assert value(phrase.replace("year ", "year-"), EARNINGS_DAY) == f"{2025 - back}-Q3"


@pytest.mark.parametrize("phrase", sorted(WORDS["year_back"]))
def test_every_year_back_phrase(phrase: str) -> None:
    result = normalize_timex(phrase.capitalize(), EARNINGS_DAY)
    assert result is not None and (result.kind, result.value) == ("date", "2024")


def test_quarter_anaphor_in_the_first_quarter_looks_back_a_year() -> None:
    assert value("the latest quarter", datetime.date(2026, 2, 10)) == "2025-Q4"
    assert value("the year-ago quarter", datetime.date(2026, 2, 10)) == "2024-Q4"


def test_period_anaphor_reading() -> None:
    assert period_anaphor("The year-earlier period") == PeriodAnaphor(True, 1)
    assert period_anaphor("a year earlier") == PeriodAnaphor(False, 1)
    assert period_anaphor("a quarter") is None and period_anaphor("the year") is None
    assert shift_quarter("2025-Q3", -1) == "2024-Q3"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("June last year", "2025-06"),
        ("July of next year", "2027-07"),
        ("the spring of last year", "2025-SP"),
        ("last year's third quarter", "2025-Q3"),
        ("this year's first half", "2026-H1"),
    ],
)
def test_named_period_of_a_relative_year(text: str, expected: str) -> None:
    """TimeML anchors 'June last year' on the DCT's year, not on the nearest June."""
    assert value(text) == expected


@pytest.mark.parametrize(
    ("anchor", "future", "expected"),
    [
        (datetime.date(1991, 2, 25), False, "1991-W08-WE"),  # Monday: the weekend just past
        (datetime.date(1991, 2, 24), False, "1991-W08-WE"),  # Sunday: this one
        (datetime.date(1990, 8, 13), True, "1990-W33-WE"),  # future tense: the coming one
    ],
)
def test_the_weekend_follows_the_tense(anchor: datetime.date, future: bool, expected: str) -> None:
    result = normalize_in_context("over the weekend", anchor, future)
    assert result == Timex("date", expected, False)
