"""``data/units.json`` compiled once: the unit, currency and scale lookups, and the patterns
that read what stands around a number.

Units, currencies, scale words, approximation markers and the words that make a number an
age, a time or a label are data; this module turns them into lookups keyed by surface name
and into precompiled patterns, so that reading a quantity (:mod:`newsgraph.nlp.quantities`)
is matching only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from newsgraph.nlp.numbers import load_unit_data

_SPACE = re.compile(r"\s+")
_SP = r"[ \u00a0]"


@dataclass(frozen=True)
class Unit:
    """One canonical unit and how to convert it to its dimension's base unit."""

    unit: str
    dimension: str
    factor: float
    offset: float = 0.0
    metric: bool = False

    def to_base(self, value: float) -> float:
        return value * self.factor + self.offset

    def from_base(self, value: float) -> float:
        return (value - self.offset) / self.factor


@dataclass(frozen=True)
class UnitTable:
    """``units.json`` compiled once: lookups plus the patterns that read around a number."""

    bases: dict[str, str | None]
    units: dict[str, Unit]  # surface name (see surface_key) -> unit
    currencies: dict[str, str]  # surface name -> ISO code
    scales: dict[str, float]
    unit_spaced: re.Pattern[str]
    unit_attached: re.Pattern[str]
    currency_before: re.Pattern[str]
    currency_after: re.Pattern[str]
    currency_after_scale: re.Pattern[str]
    scale_words: re.Pattern[str]
    scale_money: re.Pattern[str]
    scale_count: re.Pattern[str]
    approx_before: re.Pattern[str]
    approx_after: re.Pattern[str]
    approx_not_for: dict[str, frozenset[str]]
    age_before: re.Pattern[str]
    time_after: re.Pattern[str]
    label_before: re.Pattern[str]
    years: tuple[int, int]


def surface_key(name: str) -> str:
    """Lookup key of a surface name: names with a capital are case-sensitive."""
    name = _SPACE.sub(" ", name)
    return name if any(c.isupper() for c in name) else name.lower()


T = TypeVar("T")


def lookup_surface(table: Mapping[str, T], name: str) -> T | None:
    """A surface name's entry. The patterns match case-insensitively ("Percent", "YEARS"
    in headlines), so a capitalised form that is not itself listed (as "Mm" or "Gy" are)
    falls back to its lower-case entry."""
    return table.get(surface_key(name)) or table.get(_SPACE.sub(" ", name).lower())


def _alternation(names: Iterable[str], *, exact: bool = False) -> str:
    """A regex alternation, longest name first; lower-case names match in any case."""
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        pattern = re.escape(name).replace(r"\ ", r"\s+")
        exact_case = exact or any(c.isupper() for c in name)
        parts.append(pattern if exact_case else f"(?i:{pattern})")
    return "|".join(parts)


def _unit_maps(raw: dict[str, Any]) -> tuple[dict[str, Unit], list[str], list[str]]:
    """Surface name -> unit, and the names written apart from the number and glued to it."""
    units: dict[str, Unit] = {}
    spaced: list[str] = []
    attached: list[str] = []
    for entry in raw["units"]:
        unit = Unit(
            entry["unit"],
            entry["dimension"],
            float(entry["factor"]),
            float(entry.get("offset", 0.0)),
            bool(entry["metric"]),
        )
        for name in entry["names"]:
            units[surface_key(name)] = unit
            spaced.append(name)
        for name in entry["attached"]:
            units[name] = unit
            attached.append(name)
    return units, spaced, attached


def _currency_maps(raw: dict[str, Any]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Surface form -> ISO code, and the forms by where they stand ('before', 'after', ...)."""
    codes: dict[str, str] = {}
    where: dict[str, list[str]] = {"before": [], "after": [], "after_scale": []}
    for entry in raw["currencies"]:
        for place, names in where.items():
            names.extend(entry.get(place, []))
            for name in entry.get(place, []):
                codes[surface_key(name)] = entry["code"]
    return codes, where


@lru_cache(maxsize=1)
def unit_table() -> UnitTable:
    """Compile ``units.json`` once per process."""
    raw = load_unit_data()
    units, spaced, attached = _unit_maps(raw)
    codes, cur = _currency_maps(raw)
    scales = raw["scales"]
    approx = raw["approximate"]
    end = r"(?![\w])"
    return UnitTable(
        bases={k: v["base"] for k, v in raw["dimensions"].items()},
        units=units,
        currencies=codes,
        scales={**scales["words"], **scales["money_only"], **scales["count_before_plural"]},
        unit_spaced=re.compile(rf"{_SP}?(?P<hy>-{_SP}?)?(?P<u>{_alternation(spaced)}){end}"),
        unit_attached=re.compile(rf"(?P<u>{_alternation(attached, exact=True)})(?![\w-])"),
        currency_before=re.compile(rf"(?<![A-Za-z])(?P<c>{_alternation(cur['before'])}){_SP}?$"),
        currency_after=re.compile(rf"{_SP}(?P<c>{_alternation(cur['after'])}){end}"),
        currency_after_scale=re.compile(
            rf"{_SP}(?P<c>{_alternation(cur['after_scale'])}){end}(?!\s+of\b)"
        ),
        scale_words=re.compile(rf"{_SP}?(?P<s>{_alternation(scales['words'])}){end}"),
        scale_money=re.compile(rf"(?P<s>{_alternation(scales['money_only'])}){end}"),
        scale_count=re.compile(rf"(?P<s>{_alternation(scales['count_before_plural'])}){end}"),
        approx_before=re.compile(rf"(?<!\w)(?P<m>{_alternation(approx['before'])}){_SP}+$"),
        approx_after=re.compile(rf"{_SP}?(?P<m>{_alternation(approx['after'])}){end}"),
        approx_not_for={k: frozenset(v) for k, v in approx["not_for_kinds"].items()},
        age_before=re.compile(rf"(?<!\w)(?:{_alternation(raw['age_before'])}){_SP}+$"),
        time_after=re.compile(rf"{_SP}?(?:{_alternation(raw['time_suffixes'])})(?![\w])"),
        label_before=re.compile(rf"(?<!\w)(?:{_alternation(raw['label_words'])}){_SP}*$"),
        years=(int(raw["year_range"][0]), int(raw["year_range"][1])),
    )
