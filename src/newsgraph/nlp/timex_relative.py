"""Temporal expressions read against the publication date (the anchor).

Vague references ("now", "recently"), named days ("yesterday", "last Monday", "Monday
morning"), clock times, counted shifts ("two years ago"), units relative to the anchor ("last
week", "next March") and periods named by reference to the one a story reports on ("the
quarter", "a year earlier"). Without an anchor each rule still says what kind of value the
text is, with value None.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from newsgraph.nlp.timex_calendar import read_month_date
from newsgraph.nlp.timex_values import (
    Date,
    RuleContext,
    Timex,
    add_months,
    at_granularity,
    duration_value,
    iso_week,
    make_timex,
    shift_unit,
    unit_info,
)
from newsgraph.nlp.timex_words import (
    DIRECTION,
    DIRECTIONS,
    MONTH,
    MONTHS,
    NUM,
    ORD,
    PART,
    PARTS_OF_DAY,
    QUARTER_ANAPHORA,
    RELATIVE_DAYS,
    SEASON,
    SEASONS,
    SHIFTS,
    UNIT,
    VAGUE,
    WEEKDAY,
    WEEKDAYS,
    YEAR_BACK,
    alternation,
    clean_expression,
    parse_number,
    whole_number,
)


def weekday_date(weekday: int, ctx: RuleContext, direction: int = 0) -> Date | None:
    """Resolve a weekday: 'last' strictly before, 'next' strictly after, else by tense.

    News style names today by its weekday, so a plain weekday may be the anchor itself.
    """
    anchor = ctx.anchor
    if anchor is None:
        return None
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if direction < 0:
        return anchor - datetime.timedelta(days=back or 7)
    if direction > 0:
        return anchor + datetime.timedelta(days=ahead or 7)
    return (
        anchor + datetime.timedelta(days=ahead)
        if ctx.future
        else anchor - datetime.timedelta(days=back)
    )


@dataclass(frozen=True)
class PeriodAnaphor:
    """A period named by reference to the one the story reports on: "the quarter" (the
    reporting quarter), "the year-ago quarter" (the same quarter a year back), or "a year
    earlier" (a year back from the reporting period, whatever its length)."""

    quarterly: bool  # True: the phrase itself names a quarter
    years_back: int


def period_anaphor(text: str) -> PeriodAnaphor | None:
    """The anaphoric reading of ``text``, if it has one ("The year-ago period" -> back 1)."""
    cleaned = clean_expression(text)
    if cleaned in QUARTER_ANAPHORA:
        return PeriodAnaphor(quarterly=True, years_back=QUARTER_ANAPHORA[cleaned])
    if cleaned in YEAR_BACK:
        return PeriodAnaphor(quarterly=False, years_back=1)
    return None


def read_period_reference(s: str, ctx: RuleContext) -> Timex | None:
    """Out of context, "the quarter" is the last completed quarter (what earnings news
    reports on) and "a year earlier" is last year; :mod:`newsgraph.nlp.times` refines both
    with the quarter the article has named."""
    anaphor = period_anaphor(s)
    if anaphor is None:
        return None
    if ctx.anchor is None:
        return make_timex("date", None, ctx)
    if not anaphor.quarterly:
        return make_timex("date", f"{ctx.anchor.year - 1:04d}", ctx)
    index = ctx.anchor.year * 4 + (ctx.anchor.month - 1) // 3 - 1 - 4 * anaphor.years_back
    return make_timex("date", f"{index // 4:04d}-Q{index % 4 + 1}", ctx)


_COMING = re.compile(r"^(?:coming|upcoming) (?:days|weeks|months|years)$")


def read_vague(s: str, ctx: RuleContext) -> Timex | None:
    """'now' -> PRESENT_REF, 'recently' -> PAST_REF, 'the coming weeks' -> FUTURE_REF."""
    if s in VAGUE:
        return make_timex("date", VAGUE[s], ctx)
    if _COMING.match(s):
        return make_timex("date", "FUTURE_REF", ctx)
    return None


def _day_ref(s: str, ctx: RuleContext) -> tuple[bool, Date | None]:
    """A day named relative to the anchor: 'today', 'last Monday', 'tomorrow'.

    Returns (recognised, date); the date is None when there is no anchor.
    """
    s = s.strip()
    if s in RELATIVE_DAYS:
        shift = RELATIVE_DAYS[s]
        return True, ctx.anchor + datetime.timedelta(days=shift) if ctx.anchor else None
    m = re.fullmatch(rf"(?:({DIRECTION}) )?({WEEKDAY})", s)
    if m:
        direction = DIRECTIONS[m.group(1)] if m.group(1) else 0
        return True, weekday_date(WEEKDAYS[m.group(2)], ctx, direction)
    return False, None


_CLOCK = re.compile(
    r"(?:(?P<h>\d{1,2})(?::(?P<m>\d\d))? ?(?P<ap>am|pm)|(?P<h2>\d{1,2}):(?P<m2>\d\d)"
    r"|(?P<word>noon|midday|midnight))"
    r"(?: (?:local time|gmt|utc|edt|est|edt|cet|et|pt|pst|pdt))?"
)


def read_clock_time(s: str, ctx: RuleContext) -> Timex | None:
    """'3 pm' -> T15:00; '9 am tuesday' -> 2000-04-04T09:00."""
    m = _CLOCK.search(s)
    if not m:
        return None
    hour_text, minute = m.group("h") or m.group("h2"), m.group("m") or m.group("m2") or "00"
    if m.group("word"):
        hour = 0 if m.group("word") == "midnight" else 12
    else:
        hour = int(hour_text)
        if m.group("ap") == "pm" and hour < 12:
            hour += 12
        elif m.group("ap") == "am" and hour == 12:
            hour = 0
    if hour > 24 or int(minute) > 59:
        return None
    rest = re.sub(r"\b(?:at|on|the|in|of|o'clock)\b", " ", s[: m.start()] + " " + s[m.end() :])
    rest = re.sub(r"\s+", " ", rest).strip()
    clock = f"T{hour:02d}:{minute}"
    if not rest:
        return make_timex("time", clock, ctx)
    known, day = _day_ref(rest, ctx)
    if known:
        return make_timex("time", f"{day.isoformat()}{clock}" if day else None, ctx)
    dated = read_month_date(rest, ctx)
    if dated is None or dated.value is None or len(dated.value) != 10:
        return None
    return make_timex("time", f"{dated.value}{clock}", ctx)


_PART_OF_DAY = re.compile(
    rf"^(?:(this|last|{alternation(RELATIVE_DAYS)}|(?:{DIRECTION} )?{WEEKDAY}) )?({PART})$"
)


def read_relative_day(s: str, ctx: RuleContext) -> Timex | None:
    """'today', 'yesterday', 'tonight', 'this morning', 'last night', 'Monday morning'."""
    if s == "tonight":
        return make_timex("time", f"{ctx.anchor.isoformat()}TNI" if ctx.anchor else None, ctx)
    known, day = _day_ref(s, ctx)
    if known:
        return make_timex("date", day.isoformat() if day else None, ctx)
    m = _PART_OF_DAY.match(s)
    if not m or not m.group(1):
        return None
    lead = m.group(1)
    if lead in ("this", "last"):
        shift = -1 if lead == "last" else 0
        day = ctx.anchor + datetime.timedelta(days=shift) if ctx.anchor else None
    else:
        _, day = _day_ref(lead, ctx)
    part = PARTS_OF_DAY[m.group(2)]
    return make_timex("time", f"{day.isoformat()}T{part}" if day else None, ctx)


_AGO = re.compile(rf"^({NUM}) ({UNIT}) ({alternation(SHIFTS)})$")
_DAYS_PER = {
    "second": 0.0,
    "minute": 0.0,
    "hour": 0.0,
    "day": 1,
    "night": 1,
    "week": 7,
    "fortnight": 14,
}


def read_ago(s: str, ctx: RuleContext) -> Timex | None:
    """'two years ago' -> 2024; 'three days later' -> anchor + 3 days."""
    m = _AGO.match(s)
    if not m:
        return None
    count = parse_number(m.group(1))
    unit, info = unit_info(m.group(2))
    sign = SHIFTS[m.group(3)]
    if count is None:
        return make_timex("date", "PAST_REF" if sign < 0 else "FUTURE_REF", ctx)
    if ctx.anchor is None:
        return make_timex("date", None, ctx)
    amount = round(count * info.get("times", 1)) * sign
    if unit in _DAYS_PER:
        day = ctx.anchor + datetime.timedelta(days=amount * _DAYS_PER[unit])
    else:
        months = amount * (12 if info["unit"] == "Y" else 1)
        year, month = add_months(ctx.anchor.year, ctx.anchor.month, months)
        day = Date(year, month, 1)
    return make_timex("date", at_granularity(day, unit), ctx)


_REL_UNIT = re.compile(rf"^({DIRECTION}) (week|weekend|month|year|quarter|decade|century)$")
_REL_NAMED = re.compile(rf"^({DIRECTION}) ({MONTH}|{SEASON})$")
_NAMED_IN_YEAR = re.compile(rf"^({MONTH}|{SEASON}) (?:of )?({DIRECTION}) year$")
_PERIOD_OF_YEAR = re.compile(rf"^({DIRECTION}) year (?:s )?({ORD}) (quarter|half)$")


def weekend_value(ctx: RuleContext) -> str | None:
    """'the weekend': the one just past in a past-tense sentence (the anchor's own if it
    falls on one), the coming one in a future-tense sentence, as ``YYYY-Www-WE``."""
    anchor = ctx.anchor
    if anchor is None:
        return None
    if ctx.future:
        day = anchor + datetime.timedelta(days=(7 - anchor.isoweekday()) % 7)  # next Sunday
    else:
        day = anchor - datetime.timedelta(days=(anchor.isoweekday() - 6) % 7)  # last Saturday
    return iso_week(day) + "-WE"


def read_in_relative_year(s: str, ctx: RuleContext) -> Timex | None:
    """A month, season, quarter or half of a year named relative to the anchor: 'June last
    year' -> 2025-06, 'spring of next year', "last year's third quarter" -> 2025-Q3."""
    m = _NAMED_IN_YEAR.match(s)
    p = _PERIOD_OF_YEAR.match(s) if m is None else None
    if m is None and p is None:
        return None
    if ctx.anchor is None:
        return make_timex("date", None, ctx)
    if m is not None:
        year = ctx.anchor.year + DIRECTIONS[m.group(2)]
        name = m.group(1)
        code = f"{MONTHS[name]:02d}" if name in MONTHS else SEASONS[name]
        return make_timex("date", f"{year:04d}-{code}", ctx)
    assert p is not None
    index, letter = whole_number(p.group(2)), "Q" if p.group(3) == "quarter" else "H"
    if index is None or not 1 <= index <= (4 if letter == "Q" else 2):
        return None
    year = ctx.anchor.year + DIRECTIONS[p.group(1)]
    return make_timex("date", f"{year:04d}-{letter}{index}", ctx)


def read_relative_unit(s: str, ctx: RuleContext) -> Timex | None:
    """'last week' -> 2026-W01, 'next month', 'this year'; 'the past year' -> P1Y; 'the
    weekend' -> the nearest in the sentence's tense."""
    if s == "weekend" and ctx.had_the:
        return make_timex("date", weekend_value(ctx), ctx)
    m = _REL_UNIT.match(s)
    if m:
        word, unit = m.group(1), m.group(2)
        span_words = ("past", "last", "next", "coming", "following", "previous")
        if ctx.had_the and word in span_words and unit != "weekend":
            return make_timex("duration", duration_value(1, unit), ctx)
        if ctx.anchor is None:
            return make_timex("date", None, ctx)
        return make_timex("date", shift_unit(unit, DIRECTIONS[word], ctx.anchor), ctx)
    m = _REL_NAMED.match(s)
    if not m:
        return None
    step, name = DIRECTIONS[m.group(1)], m.group(2)
    if ctx.anchor is None:
        return make_timex("date", None, ctx)
    if name in MONTHS:
        month = MONTHS[name]
        year = ctx.anchor.year
        if step < 0 and month >= ctx.anchor.month:
            year -= 1
        elif step > 0 and month <= ctx.anchor.month:
            year += 1
        return make_timex("date", f"{year:04d}-{month:02d}", ctx)
    return make_timex("date", f"{ctx.anchor.year + step:04d}-{SEASONS[name]}", ctx)
