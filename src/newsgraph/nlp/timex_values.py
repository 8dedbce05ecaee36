"""What a temporal rule returns, and the calendar arithmetic its values are written with.

:class:`Timex` is the pure result of normalising one expression and :class:`RuleContext`
what a rule may look at besides the cleaned text. The helpers below write TIMEX3 values (ISO
periods, ISO weeks, a date at a unit's granularity, the anchor shifted by whole units) and
parse nothing, so every rule module writes a value the same way; ``TIMEX_VALUE`` matches
every value the rules can produce.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from newsgraph.nlp.timex_words import UNITS

TimexKind = Literal["date", "duration", "set", "time"]
Date = datetime.date


@dataclass(frozen=True)
class Timex:
    """The pure result of normalising one expression."""

    kind: TimexKind
    value: str | None  # TIMEX3 style
    approximate: bool


@dataclass(frozen=True)
class RuleContext:
    """What a rule may look at besides the cleaned text."""

    anchor: Date | None
    future: bool  # the sentence speaks of the future (weekday/month resolution)
    approx: bool
    had_the: bool  # "the past year" is a duration, "last year" a date


Rule = Callable[[str, RuleContext], "Timex | None"]


def make_timex(kind: TimexKind, value: str | None, ctx: RuleContext) -> Timex:
    """A result carrying the approximation the context found ('about two years')."""
    return Timex(kind=kind, value=value, approximate=ctx.approx)


def unit_info(word: str) -> tuple[str, dict[str, Any]]:
    """'centuries' -> ('century', {...})."""
    base = re.sub(r"ies$", "y", word)
    base = base[:-1] if base.endswith("s") and base not in UNITS else base
    return base, UNITS[base]


_VAGUE_UNIT_LETTER = {"decade": "DE", "century": "CE", "quarter": "Q", "fortnight": "W"}
_FRACTION_STEP = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60)}


def duration_value(count: float | None, unit_word: str) -> str:
    """A count of units -> ISO period: (2, 'month') -> 'P2M', (3, 'hours') -> 'PT3H'."""
    base, info = unit_info(unit_word)
    letter: str = info["unit"]
    clock = bool(info.get("clock"))
    if count is None:
        letter = _VAGUE_UNIT_LETTER.get(base, letter)
        return f"P{'T' if clock else ''}X{letter}"
    amount = count * info.get("times", 1)
    if amount != int(amount) and letter in _FRACTION_STEP and not (clock and letter == "M"):
        if letter != "W":
            return _mixed_units(amount, letter, clock)
        letter, amount = "D", amount * 7  # ISO periods do not mix weeks with other units
    number = str(int(amount)) if amount == int(amount) else f"{amount:g}"
    return f"P{'T' if clock else ''}{number}{letter}"


def _mixed_units(amount: float, letter: str, clock: bool) -> str:
    """A fractional count written as whole units plus the remainder in the next smaller unit,
    as TimeBank's annotators write it: 2.5 years -> P2Y6M, 5.5 hours -> PT5H30M, 1.5 days
    -> P1DT12H, half a year -> P6M."""
    smaller, factor = _FRACTION_STEP[letter]
    whole = int(amount)
    rest = (amount - whole) * factor
    rest_text = str(int(rest)) if rest == int(rest) else f"{rest:g}"
    if letter == "D":  # the remainder is hours: after the T
        head = f"P{whole}D" if whole else "P"
        return f"{head}T{rest_text}H"
    time_mark = "T" if clock or letter == "H" else ""
    head = f"{whole}{letter}" if whole else ""
    return f"P{time_mark}{head}{rest_text}{smaller}"


def safe_date(year: int, month: int, day: int) -> Date | None:
    """The date, or None where the day does not exist (31 April)."""
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved ``delta`` months, across year ends."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def iso_week(day: Date) -> str:
    """'2026-W02' for 2026-01-05."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def at_granularity(day: Date, unit: str) -> str:
    """A shifted anchor written at the unit's granularity."""
    if unit in ("day", "night", "hour", "minute", "second"):
        return day.isoformat()
    if unit in ("week", "fortnight"):
        return iso_week(day)
    if unit in ("month", "quarter"):
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "decade":
        return f"{day.year // 10:03d}"
    if unit == "century":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


def shift_unit(unit: str, step: int, anchor: Date) -> str:
    """The anchor's week/month/year/... moved ``step`` units."""
    if unit in ("week", "weekend"):
        value = iso_week(anchor + datetime.timedelta(days=7 * step))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        year, month = add_months(anchor.year, anchor.month, step)
        return f"{year:04d}-{month:02d}"
    if unit == "quarter":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + step
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "decade":
        return f"{anchor.year // 10 + step:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + step:02d}"
    return f"{anchor.year + step:04d}"


def shift_quarter(value: str, years: int) -> str:
    """'1989-Q3' moved ``years`` years -> '1988-Q3'."""
    return f"{int(value[:4]) + years:04d}{value[4:]}"


TIMEX_VALUE = re.compile(
    r"^(?:PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|P(?:(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|DE|CE|Q))?(?:T(?:\d+(?:\.\d+)?|X)(?:H|M|S))?"
    r"|(?:\d{2,4}|XXXX)(?:-(?:\d{2}|XX|Q[1-4X]|H[12]|SP|SU|FA|WI|W\d{2}|WXX)"
    r"(?:-(?:\d{2}|XX|WE|[1-7]))?)?(?:T(?:\d{2}:\d{2}|MO|AF|EV|NI))?"
    r"|T\d{2}:\d{2})$"
)
"""Every value the rules can produce (used by the property tests)."""
