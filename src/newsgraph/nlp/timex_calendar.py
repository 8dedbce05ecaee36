"""Dates the text names on the calendar: a month and day, a quarter or half, a season, a
decade or century, a year, or a numeric date ("2025-01-03", "3/15/2020").

Where the text leaves the year out, the one nearest the publication date is taken, leaning
to the sentence's tense ("in March" in a January story is last March, unless the sentence
speaks of the future).
"""

from __future__ import annotations

import re

from newsgraph.nlp.timex_values import RuleContext, Timex, make_timex, safe_date
from newsgraph.nlp.timex_words import (
    ISO_DATE,
    MONTH,
    MONTHS,
    NUMERIC_DATE,
    ORD,
    SEASON,
    SEASONS,
    WEEKDAY,
    whole_number,
)


def _nearest_year(month: int, day: int | None, ctx: RuleContext) -> int | None:
    """The year that puts month/day closest to the anchor, leaning to the sentence's tense."""
    anchor = ctx.anchor
    if anchor is None:
        return None
    if day is None and month == anchor.month:
        return anchor.year
    best: tuple[float, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        when = safe_date(year, month, min(day or 15, 28 if month == 2 else 30))
        if when is None:
            continue
        dist = (when - anchor).days
        against_tense = dist != 0 and (dist > 0) != ctx.future
        cost = abs(dist) * (2.0 if against_tense else 1.0)
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else None


_QUARTER = re.compile(rf"^({ORD}) (?:fiscal )?(quarter|half)(?: (?:of )?(\d{{4}}))?$")
_YEAR_QUARTER = re.compile(rf"^(\d{{4}}) (?:({ORD}) )?(?:fiscal )?(quarter|half)$")
_Q_SHORT = re.compile(r"^(?:q([1-4])|h([12]))(?: (\d{4}))?$")


def _period_year(index: int, months: int, year: str | None, ctx: RuleContext) -> str:
    """The year of a quarter/half without one: the anchor's, or last year's if still ahead."""
    if year:
        return year
    if ctx.anchor is None:
        return "XXXX"
    starts = (index - 1) * months + 1
    ahead = starts > ctx.anchor.month and not ctx.future
    return f"{ctx.anchor.year - 1 if ahead else ctx.anchor.year:04d}"


def read_quarter(s: str, ctx: RuleContext) -> Timex | None:
    """'the third quarter' -> YYYY-Q3; 'first half of 2025' -> 2025-H1; 'Q2 2024'."""
    m = _QUARTER.match(s)
    if m:
        index = whole_number(m.group(1))
        limit = 4 if m.group(2) == "quarter" else 2
        if index is None or not 1 <= index <= limit:
            return None
        letter, months = ("Q", 3) if limit == 4 else ("H", 6)
        value = f"{_period_year(index, months, m.group(3), ctx)}-{letter}{index}"
        return make_timex("date", value, ctx)
    m = _YEAR_QUARTER.match(s)
    if m:
        letter = "Q" if m.group(3) == "quarter" else "H"
        index = whole_number(m.group(2)) if m.group(2) else None
        if index is not None and not 1 <= index <= (4 if letter == "Q" else 2):
            return None
        return make_timex("date", f"{m.group(1)}-{letter}{index or 'X'}", ctx)
    m = _Q_SHORT.match(s)
    if m:
        index, letter, months = (
            (int(m.group(1)), "Q", 3) if m.group(1) else (int(m.group(2)), "H", 6)
        )
        value = f"{_period_year(index, months, m.group(3), ctx)}-{letter}{index}"
        return make_timex("date", value, ctx)
    return None


_SEASON = re.compile(rf"^({SEASON})(?: (?:of )?(\d{{4}}))?$")
_DECADE = re.compile(r"^'?(\d{1,3})0s$")
_CENTURY = re.compile(rf"^({ORD}) century$")


def read_season_or_decade(s: str, ctx: RuleContext) -> Timex | None:
    """'spring 2020' -> 2020-SP; 'the 1990s' -> 199; "the '90s"; 'the 20th century' -> 19."""
    m = _SEASON.match(s)
    if m:
        year = m.group(2) or (f"{ctx.anchor.year:04d}" if ctx.anchor else "XXXX")
        return make_timex("date", f"{year}-{SEASONS[m.group(1)]}", ctx)
    m = _DECADE.match(s)
    if m:
        digits = m.group(1)
        if len(digits) == 1:
            recent = ctx.anchor.year % 100 if ctx.anchor else -1
            century = (ctx.anchor.year // 100 if ctx.anchor else 20) - (int(digits) * 10 > recent)
            digits = f"{century}{digits}"
        return make_timex("date", digits, ctx) if len(digits) == 3 else None
    m = _CENTURY.match(s)
    if m:
        number = whole_number(m.group(1))
        return make_timex("date", f"{number - 1:02d}", ctx) if number and number < 30 else None
    return None


_MONTH_DAY = re.compile(rf"^(?:{WEEKDAY} )?({MONTH}) ({ORD})(?: (\d{{4}}))?$")
_DAY_MONTH = re.compile(rf"^(?:{WEEKDAY} )?({ORD}) (?:of )?({MONTH})(?: (\d{{4}}))?$")
_MONTH_YEAR = re.compile(rf"^({MONTH})(?: (?:of )?(\d{{4}}))?$")


def _calendar(month: int, day: int | None, year: str | None, ctx: RuleContext) -> Timex | None:
    """Write a month/day/year, choosing the nearest plausible year when none is given."""
    if year is None:
        nearest = _nearest_year(month, day, ctx)
        year = f"{nearest:04d}" if nearest is not None else "XXXX"
    if day is None:
        return make_timex("date", f"{year}-{month:02d}", ctx)
    if not 1 <= day <= 31 or safe_date(2000 if year == "XXXX" else int(year), month, day) is None:
        return None
    return make_timex("date", f"{year}-{month:02d}-{day:02d}", ctx)


def read_month_date(s: str, ctx: RuleContext) -> Timex | None:
    """'march 3 2025' -> 2025-03-03; 'the 3rd of may'; 'december 2024' -> 2024-12; 'august'."""
    m = _MONTH_DAY.match(s)
    if m:
        day = whole_number(m.group(2))
        return _calendar(MONTHS[m.group(1)], day, m.group(3), ctx) if day else None
    m = _DAY_MONTH.match(s)
    if m:
        day = whole_number(m.group(1))
        return _calendar(MONTHS[m.group(2)], day, m.group(3), ctx) if day else None
    m = _MONTH_YEAR.match(s)
    if m:
        return _calendar(MONTHS[m.group(1)], None, m.group(2), ctx)
    return None


_YEAR = re.compile(r"^(?:(?:the )?year )?([12]\d{3})$")


def read_numeric_or_year(s: str, ctx: RuleContext) -> Timex | None:
    """'2019' -> 2019; '2025-01-03'; US '3/15/2020'."""
    m = _YEAR.match(s)
    if m:
        return make_timex("date", m.group(1), ctx)
    m = ISO_DATE.match(s)
    if m:
        day = int(m.group(3)) if m.group(3) else None
        return (
            _calendar(int(m.group(2)), day, m.group(1), ctx) if 1 <= int(m.group(2)) <= 12 else None
        )
    m = NUMERIC_DATE.match(s)
    if m and 1 <= int(m.group(1)) <= 12:
        year = (
            m.group(3)
            if len(m.group(3)) == 4
            else f"{19 if int(m.group(3)) > 50 else 20}{m.group(3)}"
        )
        return _calendar(int(m.group(1)), int(m.group(2)), year, ctx)
    return None
