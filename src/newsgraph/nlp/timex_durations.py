"""How long and how often: durations and sets.

A duration is written as an ISO period ("two days" -> P2D, "several years" -> PXY, "weeks"
-> PXW); a set as the period it repeats with ("weekly", "every week" -> P1W, "twice a month"
-> P1M) or the calendar slot it recurs in ("every Monday" -> XXXX-WXX-1).
"""

from __future__ import annotations

import re

from newsgraph.nlp.timex_values import RuleContext, Timex, duration_value, make_timex
from newsgraph.nlp.timex_words import (
    MONTH,
    MONTHS,
    NUM,
    PART,
    PARTS_OF_DAY,
    SETS,
    UNIT,
    WEEKDAY,
    WEEKDAYS,
    parse_number,
    time_words,
)

_EVERY = re.compile(rf"^(?:every|each|per) (other )?(?:({NUM}) )?({UNIT})$")
_TIMES_PER = re.compile(rf"^(?:once|twice|(?:{NUM}) times) (?:a|an|per|every|each) ({UNIT})$")
_EVERY_DAY = re.compile(rf"^(?:every|each) ({WEEKDAY}|{PART}|{MONTH})s?$")


def read_set(s: str, ctx: RuleContext) -> Timex | None:
    """'weekly' / 'every week' -> P1W; 'twice a month' -> P1M; 'every Monday'."""
    if s in SETS:
        return make_timex("set", SETS[s], ctx)
    m = _EVERY.match(s)
    if m:
        count = parse_number(m.group(2)) if m.group(2) else 1.0
        if count is not None and m.group(1):
            count *= 2
        return make_timex("set", duration_value(count, m.group(3)), ctx)
    m = _TIMES_PER.match(s)
    if m:
        return make_timex("set", duration_value(1, m.group(1)), ctx)
    m = _EVERY_DAY.match(s)
    if m:
        word = m.group(1)
        if word in MONTHS:
            return make_timex("set", f"XXXX-{MONTHS[word]:02d}", ctx)
        value = (
            f"XXXX-WXX-{WEEKDAYS[word]}" if word in WEEKDAYS else f"XXXX-XX-XXT{PARTS_OF_DAY[word]}"
        )
        return make_timex("set", value, ctx)
    return None


_DURATION = re.compile(
    rf"^(?:(?:past|last|next|coming|first|final|previous|following|additional|another|further|"
    rf"entire|whole|full|better part of|a|an) )?({NUM}) (?:(?:more|additional|full|straight|"
    rf"consecutive|long|extra) )?({UNIT})( and a half)?(?: (\w+))?$"
)
_STORY_SHIFTS = frozenset(time_words()["story_shifts"])
_BARE_UNITS = re.compile(
    r"^(?:(?:past|last|recent|following) )?"
    r"((?:second|minute|hour|day|week|month|year|decade)s|centuries)$"
)
_HALF = re.compile(rf"^half (?:a|an) ({UNIT})$")
_NOT_DURATION_TAIL = {"old", "ago", "hence", "running", "in"}


def _duration_match(m: re.Match[str], ctx: RuleContext) -> Timex | None:
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
    return make_timex("duration", duration_value(count, m.group(2)), ctx)


def read_duration(s: str, ctx: RuleContext) -> Timex | None:
    """'two days' -> P2D, 'a two month pause' -> P2M, 'several years' -> PXY, 'weeks' -> PXW."""
    m = _DURATION.match(s)
    if m:
        return _duration_match(m, ctx)
    m = _BARE_UNITS.match(s)
    if m:
        return make_timex("duration", duration_value(None, m.group(1)), ctx)
    m = _HALF.match(s)
    if m:
        return make_timex("duration", duration_value(0.5, m.group(1)), ctx)
    return None
