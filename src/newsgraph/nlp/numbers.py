"""Numbers written in news text, as digits or words, turned into values.

News writes "1,200", "2.5 million", "twenty-one", "a dozen" and "fifth" for the same kind of
fact; every later stage wants a float. The word lists live in ``data/units.json`` (section
``numbers``) next to the unit table they serve. Everything here is pure and never raises.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

UNITS_PATH = Path(__file__).resolve().parents[1] / "data" / "units.json"

_DIGITS = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?")
_DIGIT_ORDINAL = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\s?(?:st|nd|rd|th)")
_SPLIT = re.compile(r"[\s\-‐–]+")


@lru_cache(maxsize=1)
def load_unit_data() -> dict[str, Any]:
    """The parsed ``units.json``, read once per process (it is shared with quantities)."""
    with UNITS_PATH.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@dataclass(frozen=True)
class NumberWords:
    """The English number vocabulary, split by the role each word plays in a numeral."""

    ones: dict[str, float]
    tens: dict[str, float]
    hundred: dict[str, float]
    scales: dict[str, float]
    groups: dict[str, float]
    fractions: dict[str, float]
    articles: frozenset[str]
    ordinals: dict[str, str]

    def is_number_word(self, word: str) -> bool:
        """Whether ``word`` (lower case) can be part of a spelled-out number."""
        return (
            word in self.ones
            or word in self.tens
            or word in self.hundred
            or word in self.scales
            or word in self.groups
        )


@lru_cache(maxsize=1)
def number_words() -> NumberWords:
    """The vocabulary from ``units.json``, built once."""
    raw = load_unit_data()["numbers"]
    return NumberWords(
        ones={k: float(v) for k, v in raw["ones"].items()},
        tens={k: float(v) for k, v in raw["tens"].items()},
        hundred={k: float(v) for k, v in raw["hundred"].items()},
        scales={k: float(v) for k, v in raw["scales"].items()},
        groups={k: float(v) for k, v in raw["groups"].items()},
        fractions={k: float(v) for k, v in raw["fractions"].items()},
        articles=frozenset(raw["articles"]),
        ordinals=dict(raw["ordinals"]),
    )


def parse_number(text: str) -> float | None:
    """'two' -> 2, 'twenty-one' -> 21, '1,200' -> 1200, '3.5' -> 3.5, '2.5 million' -> 2.5e6,
    'a dozen' -> 12, 'half' -> 0.5; None when ``text`` is not (only) a number."""
    if not isinstance(text, str):
        return None
    s = text.strip().lower().replace("\u2212", "-")
    if not s:
        return None
    if _DIGITS.fullmatch(s):
        return _finite(_to_float(s))
    return _finite(_parse_words(_SPLIT.split(s)))


def parse_ordinal(text: str) -> int | None:
    """'fifth' -> 5, '21st' -> 21, 'twenty-first' -> 21; None when not an ordinal."""
    if not isinstance(text, str):
        return None
    s = text.strip().lower()
    digit = _DIGIT_ORDINAL.fullmatch(s)
    if digit:
        return int(digit.group(1).replace(",", ""))
    words = _SPLIT.split(s)
    cardinal = _ordinal_to_cardinal(words[-1])
    if cardinal is None:
        return None
    value = parse_number(" ".join([*words[:-1], cardinal]))
    if value is None or value < 1 or value != int(value):
        return None
    return int(value)


def _ordinal_to_cardinal(word: str) -> str | None:
    """'first' -> 'one', 'twentieth' -> 'twenty', 'hundredth' -> 'hundred'."""
    vocab = number_words()
    if word in vocab.ordinals:
        return vocab.ordinals[word]
    if word.endswith("ieth"):
        stem = word[:-4] + "y"
    elif word.endswith("th"):
        stem = word[:-2]
    else:
        return None
    return stem if vocab.is_number_word(stem) else None


def _to_float(s: str) -> float | None:
    try:
        return float(s.replace(",", ""))
    except (ValueError, OverflowError):
        return None


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _parse_words(words: list[str]) -> float | None:
    """Read a spelled-out numeral left to right: 'one hundred and fifty thousand'."""
    vocab = number_words()
    words = [w for w in words if w]
    if not words or words[-1] in ("and", *vocab.articles):
        return None
    total = 0.0
    current: float | None = None
    for i, word in enumerate(words):
        step = _step(word, current, words[i + 1] if i + 1 < len(words) else None, vocab)
        if step is None:
            return None
        current, flushed = step
        total += flushed
    return total + (current or 0.0)


def _step(
    word: str, current: float | None, following: str | None, vocab: NumberWords
) -> tuple[float | None, float] | None:
    """One word of a numeral: the new running group and what it adds to the total."""
    if word in vocab.articles:
        # "a dozen", "a million", "one and a half": the article stands for one.
        if following in vocab.fractions or following in vocab.scales:
            return current, 0.0
        if current is None and (following in vocab.groups or following in vocab.hundred):
            return 1.0, 0.0
        return None
    if word == "and":
        return (current, 0.0) if current is not None else None
    if word in vocab.fractions:
        return (current or 0.0) + vocab.fractions[word], 0.0
    if word in vocab.ones or word in vocab.tens:
        return _add_small(word, current, vocab)
    if word in vocab.hundred or word in vocab.groups:
        factor = vocab.hundred.get(word) or vocab.groups[word]
        return (current if current is not None else 1.0) * factor, 0.0
    if word in vocab.scales:
        return None, (current if current is not None else 1.0) * vocab.scales[word]
    if _DIGITS.fullmatch(word) and current is None:
        return _to_float(word), 0.0
    return None


def _add_small(
    word: str, current: float | None, vocab: NumberWords
) -> tuple[float | None, float] | None:
    """'twenty' then 'one' is 21; 'one' then 'two' is not a number."""
    value = vocab.ones.get(word, vocab.tens.get(word, 0.0))
    base = current or 0.0
    low = base % 100
    if word in vocab.tens and low != 0:
        return None
    if word in vocab.ones and low != 0 and not (low % 10 == 0 and low >= 20 and value < 10):
        return None
    return base + value, 0.0
