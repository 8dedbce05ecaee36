"""The vocabulary of temporal expressions, and the cleaning every rule reads text through.

The word lists are data (``data/time_words.json``); this module loads them once, builds the
regex fragments the rules combine (a count, a unit, a month, an ordinal...), reads counts
written in words, and makes the text uniform (case, a.m./p.m., ordinal suffixes,
punctuation), so that the rules (see :mod:`newsgraph.nlp.timex_normalize`) match one
spelling only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def time_words() -> dict[str, Any]:
    """The word lists, loaded once per process."""
    text = resources.files("newsgraph.data").joinpath("time_words.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def alternation(words: Iterable[str]) -> str:
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
    rf"(?:\d+(?:\.\d+)?|{alternation(_PHRASES)}"
    rf"|(?:{alternation(_SINGLE_WORDS)})(?: (?:and )?(?:{alternation(_SINGLE_WORDS)}))*)"
)
UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ie))s?"
MONTH = rf"(?:{alternation(MONTHS)})"
WEEKDAY = rf"(?:{alternation(WEEKDAYS)})"
SEASON = rf"(?:{alternation(SEASONS)})"
ORD = rf"(?:\d{{1,2}}#?|{alternation(ORDINALS)})"  # '#' marks a digit ordinal ("3rd" -> "3#")
DIRECTION = rf"(?:{alternation(DIRECTIONS)})"
PART = rf"(?:{alternation(PARTS_OF_DAY)})"


def whole_number(text: str) -> int | None:
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
    for word in re.findall(rf"\b(?:{alternation(_SINGLE_WORDS + VAGUE_COUNTS)})\b", text):
        if word in VAGUE_COUNTS:
            return None
        value = float(word) if word.isdigit() else float(NUMBER_WORDS[word])
        if value == 100:
            current = max(current, 1.0) * 100
        else:
            current += value
    total += current
    return total if total > 0 or "zero" in text else None


ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
NUMERIC_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")


def clean_expression(text: str) -> str:
    """Lower-case; a.m./p.m., ordinal suffixes, punctuation and hyphens made uniform."""
    s = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"\ba\.m\.?|\ba\.m\b", "am", s)
    s = re.sub(r"\bp\.m\.?|\bp\.m\b", "pm", s)
    if ISO_DATE.match(s.strip()) or NUMERIC_DATE.match(s.strip()):
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
