"""One temporal expression + the publication date -> a TIMEX3 value (pure, no spaCy).

The conventions follow TimeML / TempEval-3, because that is what the project is scored on:
dates at the granularity the text gives ("2024-12", "2026-W01", "199" for a decade),
durations as ISO periods ("P2M", "PT3H", "PXY" when the count is vague), sets as the
period of repetition, and PRESENT_REF / PAST_REF / FUTURE_REF for vague references.
Word lists live in ``data/time_words.json`` (:mod:`~newsgraph.nlp.timex_words`) and the
rules only combine them, each reading one family of expressions: anchored ones
(:mod:`~newsgraph.nlp.timex_relative`), calendar dates (:mod:`~newsgraph.nlp.timex_calendar`),
durations and sets (:mod:`~newsgraph.nlp.timex_durations`), all writing their values with
:mod:`~newsgraph.nlp.timex_values`. This module cleans the text and tries them in order.
"""

from __future__ import annotations

import re

from newsgraph.nlp.timex_calendar import (
    read_month_date,
    read_numeric_or_year,
    read_quarter,
    read_season_or_decade,
)
from newsgraph.nlp.timex_durations import read_duration, read_set
from newsgraph.nlp.timex_relative import (
    read_ago,
    read_clock_time,
    read_in_relative_year,
    read_period_reference,
    read_relative_day,
    read_relative_unit,
    read_vague,
)
from newsgraph.nlp.timex_values import Date, Rule, RuleContext, Timex
from newsgraph.nlp.timex_words import NUM, VAGUE, clean_expression, time_words

MAX_EXPRESSION_CHARS = 80  # longer text is not one temporal expression

_PREFIXES = sorted(time_words()["leading_words"] + time_words()["modifiers"], key=len, reverse=True)
_APPROX = sorted(time_words()["approximators"], key=len, reverse=True)
_NUM_START = re.compile(rf"^(?:{NUM}) ")


_RULES: tuple[Rule, ...] = (
    read_period_reference,
    read_vague,
    read_set,
    read_clock_time,
    read_relative_day,
    read_ago,
    read_relative_unit,
    read_in_relative_year,
    read_season_or_decade,
    read_duration,
    read_quarter,
    read_month_date,
    read_numeric_or_year,
)


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
    cleaned = clean_expression(text)
    if re.search(r"\b(?:years?|months?|weeks?|days?) old\b", cleaned):
        return None  # an age, not a time
    stripped, approx, had_the = _strip_prefixes(cleaned)
    ctx = RuleContext(anchor=anchor, future=future, approx=approx, had_the=had_the)
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
