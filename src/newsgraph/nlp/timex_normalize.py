"""One temporal expression + the publication date -> a TIMEX3 value (pure, no spaCy).

The conventions follow TimeML / TempEval-3, because that is what the project is scored on:
dates at the granularity the text gives ("2024-12", "2026-W01", "199" for a decade),
durations as ISO periods ("P2M", "PT3H", "PXY" when the count is vague), sets as the
period of repetition, and PRESENT_REF / PAST_REF / FUTURE_REF for vague references.
Word lists live in ``data/time_words.json``; the rules below only combine them.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

TimexKind = Literal["date", "duration", "set", "time"]
Date = datetime.date

MAX_EXPRESSION_CHARS = 80  # longer text is not one temporal expression


@dataclass(frozen=True)
class Timex:
    """The pure result of normalising one expression."""

    kind: TimexKind
    value: str | None  # TIMEX3 style
    approximate: bool


@dataclass(frozen=True)
class _Ctx:
    """What a rule may look at besides the cleaned text."""

    anchor: Date | None
    future: bool  # the sentence speaks of the future (weekday/month resolution)
    approx: bool
    had_the: bool  # "the past year" is a duration, "last year" a date


@lru_cache(maxsize=1)
def time_words() -> dict[str, Any]:
    """The word lists, loaded once per process."""
    text = resources.files("newsgraph.data").joinpath("time_words.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest first so multiword entries win."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_W = time_words()
NUMBER_WORDS: dict[str, int] = _W["numbers"]
VAGUE_COUNTS: list[str] = _W["vague_counts"]
ORDINALS: dict[str, int] = _W["ordinals"]
MONTHS: dict[str, int] = _W["months"]
WEEKDAYS: dict[str, int] = _W["weekdays"]
SEASONS: dict[str, str] = _W["seasons"]
UNITS: dict[str, dict[str, Any]] = _W["units"]
PARTS_OF_DAY: dict[str, str] = _W["parts_of_day"]
RELATIVE_DAYS: dict[str, int] = _W["relative_days"]
DIRECTIONS: dict[str, int] = _W["directions"]
SHIFTS: dict[str, int] = _W["shifts"]
VAGUE: dict[str, str] = _W["vague"]
SETS: dict[str, str] = _W["sets"]
QUARTER_ANAPHORA: dict[str, int] = _W["quarter_anaphora"]
YEAR_BACK: frozenset[str] = frozenset(_W["year_back"])

_SINGLE_WORDS = [w for w in NUMBER_WORDS if " " not in w and w not in ("a", "an")]
_PHRASES = [w for w in NUMBER_WORDS if w not in _SINGLE_WORDS] + VAGUE_COUNTS
NUM = (
    rf"(?:\d+(?:\.\d+)?|{_alt(_PHRASES)}"
    rf"|(?:{_alt(_SINGLE_WORDS)})(?: (?:and )?(?:{_alt(_SINGLE_WORDS)}))*)"
)
UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ie))s?"
MONTH = rf"(?:{_alt(MONTHS)})"
WEEKDAY = rf"(?:{_alt(WEEKDAYS)})"
SEASON = rf"(?:{_alt(SEASONS)})"
ORD = rf"(?:\d{{1,2}}#?|{_alt(ORDINALS)})"  # '#' marks a digit ordinal ("3rd" -> "3#")
DIRECTION = rf"(?:{_alt(DIRECTIONS)})"
PART = rf"(?:{_alt(PARTS_OF_DAY)})"

_PREFIXES = sorted(_W["leading_words"] + _W["modifiers"], key=len, reverse=True)
_APPROX = sorted(_W["approximators"], key=len, reverse=True)
_NUM_START = re.compile(rf"^(?:{NUM}) ")


def _int_or_none(text: str) -> int | None:
    """Ordinal or cardinal words/digits -> int ("third" -> 3, "3#" -> 3, "twenty one" -> 21)."""
    text = text.rstrip("#")
    if text.isdigit():
        return int(text)
    if text in ORDINALS:
        return ORDINALS[text]
    value = parse_number(text)
    return int(value) if value is not None and value == int(value) else None


def parse_number(text: str) -> float | None:
    """A count in words or digits; None for vague counts ("several", "a few")."""
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text in VAGUE_COUNTS:
        return None
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    total, current = 0.0, 0.0
    for word in re.findall(rf"\b(?:{_alt(_SINGLE_WORDS + VAGUE_COUNTS)})\b", text):
        if word in VAGUE_COUNTS:
            return None
        value = float(word) if word.isdigit() else float(NUMBER_WORDS[word])
        if value == 100:
            current = max(current, 1.0) * 100
        else:
            current += value
    total += current
    return total if total > 0 or "zero" in text else None


def _unit_info(word: str) -> tuple[str, dict[str, Any]]:
    """'centuries' -> ('century', {...})."""
    base = re.sub(r"ies$", "y", word)
    base = base[:-1] if base.endswith("s") and base not in UNITS else base
    return base, UNITS[base]


_VAGUE_UNIT_LETTER = {"decade": "DE", "century": "CE", "quarter": "Q", "fortnight": "W"}
_FRACTION_STEP = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60)}


def duration_value(count: float | None, unit_word: str) -> str:
    """A count of units -> ISO period: (2, 'month') -> 'P2M', (3, 'hours') -> 'PT3H'."""
    base, info = _unit_info(unit_word)
    letter: str = info["unit"]
    clock = bool(info.get("clock"))
    if count is None:
        letter = _VAGUE_UNIT_LETTER.get(base, letter)
        return f"P{'T' if clock else ''}X{letter}"
    amount = count * info.get("times", 1)
    if amount != int(amount) and letter in _FRACTION_STEP and not (clock and letter == "M"):
        smaller, factor = _FRACTION_STEP[letter]
        clock = clock or letter in ("D", "H")
        letter, amount = smaller, amount * factor
    number = str(int(amount)) if amount == int(amount) else f"{amount:g}"
    return f"P{'T' if clock else ''}{number}{letter}"


def _safe_date(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def iso_week(day: Date) -> str:
    """'2026-W02' for 2026-01-05."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _nearest_year(month: int, day: int | None, ctx: _Ctx) -> int | None:
    """The year that puts month/day closest to the anchor, leaning to the sentence's tense."""
    anchor = ctx.anchor
    if anchor is None:
        return None
    if day is None and month == anchor.month:
        return anchor.year
    best: tuple[float, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        when = _safe_date(year, month, min(day or 15, 28 if month == 2 else 30))
        if when is None:
            continue
        dist = (when - anchor).days
        against_tense = dist != 0 and (dist > 0) != ctx.future
        cost = abs(dist) * (2.0 if against_tense else 1.0)
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else None


def weekday_date(weekday: int, ctx: _Ctx, direction: int = 0) -> Date | None:
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
    cleaned = _clean(text)
    if cleaned in QUARTER_ANAPHORA:
        return PeriodAnaphor(quarterly=True, years_back=QUARTER_ANAPHORA[cleaned])
    if cleaned in YEAR_BACK:
        return PeriodAnaphor(quarterly=False, years_back=1)
    return None


def shift_quarter(value: str, years: int) -> str:
    """'1989-Q3' moved ``years`` years -> '1988-Q3'."""
    return f"{int(value[:4]) + years:04d}{value[4:]}"


def _period_reference(s: str, ctx: _Ctx) -> Timex | None:
    """Out of context, "the quarter" is the last completed quarter (what earnings news
    reports on) and "a year earlier" is last year; :mod:`newsgraph.nlp.times` refines both
    with the quarter the article has named."""
    anaphor = period_anaphor(s)
    if anaphor is None:
        return None
    if ctx.anchor is None:
        return _mk("date", None, ctx)
    if not anaphor.quarterly:
        return _mk("date", f"{ctx.anchor.year - 1:04d}", ctx)
    index = ctx.anchor.year * 4 + (ctx.anchor.month - 1) // 3 - 1 - 4 * anaphor.years_back
    return _mk("date", f"{index // 4:04d}-Q{index % 4 + 1}", ctx)


Rule = Callable[[str, _Ctx], "Timex | None"]


def _mk(kind: TimexKind, value: str | None, ctx: _Ctx) -> Timex:
    return Timex(kind=kind, value=value, approximate=ctx.approx)


# --- rules: each takes the cleaned text and returns a Timex or None --------------------

_COMING = re.compile(r"^(?:coming|upcoming) (?:days|weeks|months|years)$")


def _vague(s: str, ctx: _Ctx) -> Timex | None:
    """'now' -> PRESENT_REF, 'recently' -> PAST_REF, 'the coming weeks' -> FUTURE_REF."""
    if s in VAGUE:
        return _mk("date", VAGUE[s], ctx)
    if _COMING.match(s):
        return _mk("date", "FUTURE_REF", ctx)
    return None


_EVERY = re.compile(rf"^(?:every|each|per) (other )?(?:({NUM}) )?({UNIT})$")
_TIMES_PER = re.compile(rf"^(?:once|twice|(?:{NUM}) times) (?:a|an|per|every|each) ({UNIT})$")
_EVERY_DAY = re.compile(rf"^(?:every|each) ({WEEKDAY}|{PART}|{MONTH})s?$")


def _set(s: str, ctx: _Ctx) -> Timex | None:
    """'weekly' / 'every week' -> P1W; 'twice a month' -> P1M; 'every Monday'."""
    if s in SETS:
        return _mk("set", SETS[s], ctx)
    m = _EVERY.match(s)
    if m:
        count = parse_number(m.group(2)) if m.group(2) else 1.0
        if count is not None and m.group(1):
            count *= 2
        return _mk("set", duration_value(count, m.group(3)), ctx)
    m = _TIMES_PER.match(s)
    if m:
        return _mk("set", duration_value(1, m.group(1)), ctx)
    m = _EVERY_DAY.match(s)
    if m:
        word = m.group(1)
        if word in MONTHS:
            return _mk("set", f"XXXX-{MONTHS[word]:02d}", ctx)
        value = (
            f"XXXX-WXX-{WEEKDAYS[word]}" if word in WEEKDAYS else f"XXXX-XX-XXT{PARTS_OF_DAY[word]}"
        )
        return _mk("set", value, ctx)
    return None


def _day_ref(s: str, ctx: _Ctx) -> tuple[bool, Date | None]:
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


def _clock_time(s: str, ctx: _Ctx) -> Timex | None:
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
        return _mk("time", clock, ctx)
    known, day = _day_ref(rest, ctx)
    if known:
        return _mk("time", f"{day.isoformat()}{clock}" if day else None, ctx)
    dated = _month_date(rest, ctx)
    if dated is None or dated.value is None or len(dated.value) != 10:
        return None
    return _mk("time", f"{dated.value}{clock}", ctx)


_PART_OF_DAY = re.compile(
    rf"^(?:(this|last|{_alt(RELATIVE_DAYS)}|(?:{DIRECTION} )?{WEEKDAY}) )?({PART})$"
)


def _relative_day(s: str, ctx: _Ctx) -> Timex | None:
    """'today', 'yesterday', 'tonight', 'this morning', 'last night', 'Monday morning'."""
    if s == "tonight":
        return _mk("time", f"{ctx.anchor.isoformat()}TNI" if ctx.anchor else None, ctx)
    known, day = _day_ref(s, ctx)
    if known:
        return _mk("date", day.isoformat() if day else None, ctx)
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
    return _mk("time", f"{day.isoformat()}T{part}" if day else None, ctx)


def _at_granularity(day: Date, unit: str) -> str:
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


_AGO = re.compile(rf"^({NUM}) ({UNIT}) ({_alt(SHIFTS)})$")
_DAYS_PER = {
    "second": 0.0,
    "minute": 0.0,
    "hour": 0.0,
    "day": 1,
    "night": 1,
    "week": 7,
    "fortnight": 14,
}


def _ago(s: str, ctx: _Ctx) -> Timex | None:
    """'two years ago' -> 2024; 'three days later' -> anchor + 3 days."""
    m = _AGO.match(s)
    if not m:
        return None
    count = parse_number(m.group(1))
    unit, info = _unit_info(m.group(2))
    sign = SHIFTS[m.group(3)]
    if count is None:
        return _mk("date", "PAST_REF" if sign < 0 else "FUTURE_REF", ctx)
    if ctx.anchor is None:
        return _mk("date", None, ctx)
    amount = round(count * info.get("times", 1)) * sign
    if unit in _DAYS_PER:
        day = ctx.anchor + datetime.timedelta(days=amount * _DAYS_PER[unit])
    else:
        months = amount * (12 if info["unit"] == "Y" else 1)
        year, month = _add_months(ctx.anchor.year, ctx.anchor.month, months)
        day = Date(year, month, 1)
    return _mk("date", _at_granularity(day, unit), ctx)


_REL_UNIT = re.compile(rf"^({DIRECTION}) (week|weekend|month|year|quarter|decade|century)$")
_REL_NAMED = re.compile(rf"^({DIRECTION}) ({MONTH}|{SEASON})$")


def _shift_unit(unit: str, step: int, anchor: Date) -> str:
    """The anchor's week/month/year/... moved ``step`` units."""
    if unit in ("week", "weekend"):
        value = iso_week(anchor + datetime.timedelta(days=7 * step))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        year, month = _add_months(anchor.year, anchor.month, step)
        return f"{year:04d}-{month:02d}"
    if unit == "quarter":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + step
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "decade":
        return f"{anchor.year // 10 + step:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + step:02d}"
    return f"{anchor.year + step:04d}"


def _relative_unit(s: str, ctx: _Ctx) -> Timex | None:
    """'last week' -> 2026-W01, 'next month', 'this year'; 'the past year' -> P1Y."""
    m = _REL_UNIT.match(s)
    if m:
        word, unit = m.group(1), m.group(2)
        span_words = ("past", "last", "next", "coming", "following", "previous")
        if ctx.had_the and word in span_words and unit != "weekend":
            return _mk("duration", duration_value(1, unit), ctx)
        if ctx.anchor is None:
            return _mk("date", None, ctx)
        return _mk("date", _shift_unit(unit, DIRECTIONS[word], ctx.anchor), ctx)
    m = _REL_NAMED.match(s)
    if not m:
        return None
    step, name = DIRECTIONS[m.group(1)], m.group(2)
    if ctx.anchor is None:
        return _mk("date", None, ctx)
    if name in MONTHS:
        month = MONTHS[name]
        year = ctx.anchor.year
        if step < 0 and month >= ctx.anchor.month:
            year -= 1
        elif step > 0 and month <= ctx.anchor.month:
            year += 1
        return _mk("date", f"{year:04d}-{month:02d}", ctx)
    return _mk("date", f"{ctx.anchor.year + step:04d}-{SEASONS[name]}", ctx)


_DURATION = re.compile(
    rf"^(?:(?:past|last|next|coming|first|final|previous|following|additional|another|further|"
    rf"entire|whole|full|better part of|a|an) )?({NUM}) (?:(?:more|additional|full|straight|"
    rf"consecutive|long|extra) )?({UNIT})( and a half)?(?: (\w+))?$"
)
_STORY_SHIFTS = frozenset(_W["story_shifts"])
_BARE_UNITS = re.compile(
    r"^(?:(?:past|last|recent|following) )?"
    r"((?:second|minute|hour|day|week|month|year|decade)s|centuries)$"
)
_HALF = re.compile(rf"^half (?:a|an) ({UNIT})$")
_NOT_DURATION_TAIL = {"old", "ago", "hence", "running", "in"}


def _duration_match(m: re.Match[str], ctx: _Ctx) -> Timex | None:
    """A counted duration; 'three days later' is a duration too (it counts from a story
    event, not from the publication date), but 'two years old' is an age."""
    tail = m.group(4)
    year_like = re.fullmatch(r"1\d{3}|20\d\d", m.group(1)) and not m.group(2).endswith("s")
    if year_like or tail in _NOT_DURATION_TAIL:  # "the 1988 quarter" is no 1988 quarters
        return None
    plural_noun = tail and m.group(2).endswith("s") and tail not in ("long", "period", "term")
    if plural_noun and tail not in _STORY_SHIFTS:
        return None
    count = parse_number(m.group(1))
    if count is not None and m.group(3):
        count += 0.5
    return _mk("duration", duration_value(count, m.group(2)), ctx)


def _duration(s: str, ctx: _Ctx) -> Timex | None:
    """'two days' -> P2D, 'a two month pause' -> P2M, 'several years' -> PXY, 'weeks' -> PXW."""
    m = _DURATION.match(s)
    if m:
        return _duration_match(m, ctx)
    m = _BARE_UNITS.match(s)
    if m:
        return _mk("duration", duration_value(None, m.group(1)), ctx)
    m = _HALF.match(s)
    if m:
        return _mk("duration", duration_value(0.5, m.group(1)), ctx)
    return None


_QUARTER = re.compile(rf"^({ORD}) (?:fiscal )?(quarter|half)(?: (?:of )?(\d{{4}}))?$")
_YEAR_QUARTER = re.compile(rf"^(\d{{4}}) (?:({ORD}) )?(?:fiscal )?(quarter|half)$")
_Q_SHORT = re.compile(r"^(?:q([1-4])|h([12]))(?: (\d{4}))?$")


def _period_year(index: int, months: int, year: str | None, ctx: _Ctx) -> str:
    """The year of a quarter/half without one: the anchor's, or last year's if still ahead."""
    if year:
        return year
    if ctx.anchor is None:
        return "XXXX"
    starts = (index - 1) * months + 1
    ahead = starts > ctx.anchor.month and not ctx.future
    return f"{ctx.anchor.year - 1 if ahead else ctx.anchor.year:04d}"


def _quarter(s: str, ctx: _Ctx) -> Timex | None:
    """'the third quarter' -> YYYY-Q3; 'first half of 2025' -> 2025-H1; 'Q2 2024'."""
    m = _QUARTER.match(s)
    if m:
        index = _int_or_none(m.group(1))
        limit = 4 if m.group(2) == "quarter" else 2
        if index is None or not 1 <= index <= limit:
            return None
        letter, months = ("Q", 3) if limit == 4 else ("H", 6)
        return _mk("date", f"{_period_year(index, months, m.group(3), ctx)}-{letter}{index}", ctx)
    m = _YEAR_QUARTER.match(s)
    if m:
        letter = "Q" if m.group(3) == "quarter" else "H"
        index = _int_or_none(m.group(2)) if m.group(2) else None
        if index is not None and not 1 <= index <= (4 if letter == "Q" else 2):
            return None
        return _mk("date", f"{m.group(1)}-{letter}{index or 'X'}", ctx)
    m = _Q_SHORT.match(s)
    if m:
        index, letter, months = (
            (int(m.group(1)), "Q", 3) if m.group(1) else (int(m.group(2)), "H", 6)
        )
        return _mk("date", f"{_period_year(index, months, m.group(3), ctx)}-{letter}{index}", ctx)
    return None


_SEASON = re.compile(rf"^({SEASON})(?: (?:of )?(\d{{4}}))?$")
_DECADE = re.compile(r"^'?(\d{1,3})0s$")
_CENTURY = re.compile(rf"^({ORD}) century$")


def _season_decade(s: str, ctx: _Ctx) -> Timex | None:
    """'spring 2020' -> 2020-SP; 'the 1990s' -> 199; "the '90s"; 'the 20th century' -> 19."""
    m = _SEASON.match(s)
    if m:
        year = m.group(2) or (f"{ctx.anchor.year:04d}" if ctx.anchor else "XXXX")
        return _mk("date", f"{year}-{SEASONS[m.group(1)]}", ctx)
    m = _DECADE.match(s)
    if m:
        digits = m.group(1)
        if len(digits) == 1:
            recent = ctx.anchor.year % 100 if ctx.anchor else -1
            century = (ctx.anchor.year // 100 if ctx.anchor else 20) - (int(digits) * 10 > recent)
            digits = f"{century}{digits}"
        return _mk("date", digits, ctx) if len(digits) == 3 else None
    m = _CENTURY.match(s)
    if m:
        number = _int_or_none(m.group(1))
        return _mk("date", f"{number - 1:02d}", ctx) if number and number < 30 else None
    return None


_MONTH_DAY = re.compile(rf"^(?:{WEEKDAY} )?({MONTH}) ({ORD})(?: (\d{{4}}))?$")
_DAY_MONTH = re.compile(rf"^(?:{WEEKDAY} )?({ORD}) (?:of )?({MONTH})(?: (\d{{4}}))?$")
_MONTH_YEAR = re.compile(rf"^({MONTH})(?: (?:of )?(\d{{4}}))?$")


def _calendar(month: int, day: int | None, year: str | None, ctx: _Ctx) -> Timex | None:
    """Write a month/day/year, choosing the nearest plausible year when none is given."""
    if year is None:
        nearest = _nearest_year(month, day, ctx)
        year = f"{nearest:04d}" if nearest is not None else "XXXX"
    if day is None:
        return _mk("date", f"{year}-{month:02d}", ctx)
    if not 1 <= day <= 31 or _safe_date(2000 if year == "XXXX" else int(year), month, day) is None:
        return None
    return _mk("date", f"{year}-{month:02d}-{day:02d}", ctx)


def _month_date(s: str, ctx: _Ctx) -> Timex | None:
    """'march 3 2025' -> 2025-03-03; 'the 3rd of may'; 'december 2024' -> 2024-12; 'august'."""
    m = _MONTH_DAY.match(s)
    if m:
        day = _int_or_none(m.group(2))
        return _calendar(MONTHS[m.group(1)], day, m.group(3), ctx) if day else None
    m = _DAY_MONTH.match(s)
    if m:
        day = _int_or_none(m.group(1))
        return _calendar(MONTHS[m.group(2)], day, m.group(3), ctx) if day else None
    m = _MONTH_YEAR.match(s)
    if m:
        return _calendar(MONTHS[m.group(1)], None, m.group(2), ctx)
    return None


_WEEKDAY_ONLY = re.compile(rf"^(?:({DIRECTION}) )?({WEEKDAY})$")
_YEAR = re.compile(r"^(?:(?:the )?year )?([12]\d{3})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")


def _numeric_or_year(s: str, ctx: _Ctx) -> Timex | None:
    """'2019' -> 2019; '2025-01-03'; US '3/15/2020'."""
    m = _YEAR.match(s)
    if m:
        return _mk("date", m.group(1), ctx)
    m = _ISO.match(s)
    if m:
        day = int(m.group(3)) if m.group(3) else None
        return (
            _calendar(int(m.group(2)), day, m.group(1), ctx) if 1 <= int(m.group(2)) <= 12 else None
        )
    m = _NUMERIC.match(s)
    if m and 1 <= int(m.group(1)) <= 12:
        year = (
            m.group(3)
            if len(m.group(3)) == 4
            else f"{19 if int(m.group(3)) > 50 else 20}{m.group(3)}"
        )
        return _calendar(int(m.group(1)), int(m.group(2)), year, ctx)
    return None


_RULES: tuple[Rule, ...] = (
    _period_reference,
    _vague,
    _set,
    _clock_time,
    _relative_day,
    _ago,
    _relative_unit,
    _season_decade,
    _duration,
    _quarter,
    _month_date,
    _numeric_or_year,
)


def _clean(text: str) -> str:
    """Lower-case; a.m./p.m., ordinal suffixes, punctuation and hyphens made uniform."""
    s = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"\ba\.m\.?|\ba\.m\b", "am", s)
    s = re.sub(r"\bp\.m\.?|\bp\.m\b", "pm", s)
    if _ISO.match(s.strip()) or _NUMERIC.match(s.strip()):
        return s.strip()
    s = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "#", s)
    s = re.sub(r"(\d+) 1/2\b", r"\1.5", s)
    s = re.sub(r"(?<=\d)'s\b", "s", s)
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"(?<!\d)\.|\.(?!\d)|[,;!?()\[\]\"]", " ", s)
    s = re.sub(r"(?<!\d):|:(?!\d)", " ", s)
    s = re.sub(r"[-\u2013\u2014/]", " ", s)
    s = re.sub(r"\bthis past\b", "last", s)
    return re.sub(r"\s+", " ", s).strip()


def _strip_prefixes(s: str) -> tuple[str, bool, bool]:
    """Drop prepositions, determiners, approximators and modifiers from the front.

    Returns (rest, approximate, had_the). Vague phrases ("the past") are kept whole.
    """
    approx = had_the = False
    changed = True
    while changed and s and s not in VAGUE:
        changed = False
        for word in _APPROX:
            rest = s[len(word) + 1 :]
            if s.startswith(word + " ") and (_NUM_START.match(rest + " ") or rest[:1].isdigit()):
                s, approx, changed = rest, True, True
                break
        if changed:
            continue
        for word in _PREFIXES:
            if s.startswith(word + " ") and len(s) > len(word) + 1:
                had_the = had_the or word == "the"
                s, changed = s[len(word) + 1 :], True
                break
    return s, approx, had_the


def normalize_in_context(text: str, anchor: Date | None, future: bool = False) -> Timex | None:
    """:func:`normalize_timex` with the sentence's tense known (``future``)."""
    if not text or len(text) > MAX_EXPRESSION_CHARS:
        return None
    cleaned = _clean(text)
    if re.search(r"\b(?:years?|months?|weeks?|days?) old\b", cleaned):
        return None  # an age, not a time
    stripped, approx, had_the = _strip_prefixes(cleaned)
    ctx = _Ctx(anchor=anchor, future=future, approx=approx, had_the=had_the)
    for candidate in dict.fromkeys((cleaned, stripped)):
        for rule in _RULES:
            result = rule(candidate, ctx)
            if result is not None:
                return result
    return None


def normalize_timex(text: str, anchor: Date | None) -> Timex | None:
    """Pure: one temporal expression + the publication date -> TIMEX3 value.

    None if the text is not temporal. Relative expressions get value None without an anchor.
    """
    return normalize_in_context(text, anchor)


TIMEX_VALUE = re.compile(
    r"^(?:PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|P(?:(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|DE|CE|Q))?(?:T(?:\d+(?:\.\d+)?|X)(?:H|M|S))?"
    r"|(?:\d{2,4}|XXXX)(?:-(?:\d{2}|XX|Q[1-4X]|H[12]|SP|SU|FA|WI|W\d{2}|WXX)"
    r"(?:-(?:\d{2}|XX|WE|[1-7]))?)?(?:T(?:\d{2}:\d{2}|MO|AF|EV|NI))?"
    r"|T\d{2}:\d{2})$"
)
"""Every value this module can produce (used by the property tests)."""
