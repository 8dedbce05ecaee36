"""Years for an undated article: the latest date it writes out bounds it, a date without a
year is taken nearest that bound, and with no bound the year stays open (never today's)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from newsgraph.model import Article
from newsgraph.nlp.timex_bound import fill_open_year, latest_written_date
from newsgraph.pipeline import analyse

UNDATED = (
    "Syria and Israel resume talks\n\n"
    "Syrian Foreign Minister Khaled Rahim met Israeli envoy Dan Meron in Baku on August 12, "
    "officials said. The previous round was held in London on July 30, 2025."
)


def test_undated_article_takes_the_year_of_its_latest_written_date(nlp: Language) -> None:
    brief = analyse(Article(text=UNDATED), nlp)
    assert {t.text: t.value for t in brief.times}["August 12"] == "2025-08-12"
    (meeting,) = [e for e in brief.events if e.type == "CONSULT"]
    assert meeting.time is not None and meeting.time.value == "2025-08-12"


def test_undated_article_with_no_written_year_leaves_the_year_open(nlp: Language) -> None:
    text = UNDATED.replace(" on July 30, 2025", "")
    brief = analyse(Article(text=text), nlp)
    assert {t.text: t.value for t in brief.times}["August 12"] == "XXXX-08-12"


def test_a_future_deadline_does_not_bound_the_article(nlp: Language) -> None:
    text = UNDATED + " The accord will expire on December 31, 2030."
    brief = analyse(Article(text=text), nlp)
    assert {t.text: t.value for t in brief.times}["August 12"] == "2025-08-12"


def test_a_dated_article_is_not_reread(nlp: Language) -> None:
    brief = analyse(Article(text=UNDATED, published="2026-08-20"), nlp)
    assert {t.text: t.value for t in brief.times}["August 12"] == "2026-08-12"


def test_latest_written_date_needs_a_written_year_and_a_past_clause() -> None:
    found = [
        ("July 30, 2025", "2025-07-30", False),
        ("Monday", "2025-09-01", False),  # resolved, not written out
        ("31 December 2030", "2030-12-31", True),  # a deadline ahead
        ("1974", "1974", False),  # a year is not a day
        ("30 February 2025", "2025-02-30", False),
    ]
    assert latest_written_date(found) == date(2025, 7, 30)
    assert latest_written_date([]) is None


@given(st.dates(date(1900, 1, 1), date(2099, 12, 31)), st.integers(1, 12), st.integers(1, 31))
def test_fill_open_year_lands_within_half_a_year_of_the_bound(
    bound: date, month: int, day: int
) -> None:
    value = fill_open_year(f"XXXX-{month:02d}-{day:02d}", bound)
    assert value is not None
    if value.startswith("XXXX"):  # no year near the bound has that day (29 February)
        assert (month, day) == (2, 29) or day > 28
        return
    when = date.fromisoformat(value)
    assert (when.month, when.day) == (month, day)
    assert abs(when - bound) <= timedelta(days=366 // 2 + 1) or (month, day) == (2, 29)


@given(st.dates(), st.text(max_size=12))
def test_fill_open_year_leaves_other_values_alone(bound: date, value: str) -> None:
    if not value.startswith("XXXX-"):
        assert fill_open_year(value, bound) == value
    assert fill_open_year(None, bound) is None
    assert fill_open_year("XXXX-13", bound) == "XXXX-13"


def test_fill_open_year_on_a_month() -> None:
    assert fill_open_year("XXXX-12", date(2026, 1, 3)) == "2025-12"
    assert fill_open_year("XXXX-08", date(2025, 7, 30)) == "2025-08"
