"""Quantities in news text, read into typed and normalised numbers.

A reader comparing articles wants "about 9 miles (15 kilometers)", "$4.5 billion" and "a
two-month pause" as numbers with units, not strings. Numbers are found in the text (digits by
regex, spelled-out numbers and ordinals by token); what surrounds each one is then read with
precompiled patterns built from ``data/units.json``: a currency before it, a scale and a unit
after it, an approximation marker, or else the noun it counts. spaCy's tags and entity labels
only help to throw out numbers that are dates, times or parts of names ("Flight 370").
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from spacy.tokens import Doc, Token

from newsgraph.model import Evidence, NormalizedQuantity, Quantity
from newsgraph.nlp.convert import evidence_for
from newsgraph.nlp.numbers import load_unit_data, number_words, parse_number, parse_ordinal

# Entity labels under which a bare number is part of a name or a date, not a quantity.
_NOT_COUNTS = frozenset(
    {
        "DATE",
        "TIME",
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "FAC",
        "PRODUCT",
        "EVENT",
        "LAW",
        "WORK_OF_ART",
        "NORP",
        "LANGUAGE",
    }
)
# A digit number not glued to a word, another number, a time or an ordinal suffix, and not
# a code with a leading zero ('0800'); a minus
# sign counts only after a space ("-5C"), not between numbers ("2-1").
_DIGIT_NUMBER = re.compile(
    r"(?:(?<![^\s(])[-−]|(?<![\w.,/:#+\-−]))(?!0\d)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    r"(?!\d|[.,:/]\d|[\-–]\d|(?:st|nd|rd|th|s)\b)"
)
_PAIR_OPEN = re.compile(r"\s*[(\[]\s*")
_PAIR_CLOSE = re.compile(r"\s*[)\]]")
_PAIR_OR = re.compile(r",?\s+or\s+")
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
    units: dict[str, Unit]  # surface name (see _key) -> unit
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


def _key(name: str) -> str:
    """Lookup key of a surface name: names with a capital are case-sensitive."""
    name = _SPACE.sub(" ", name)
    return name if any(c.isupper() for c in name) else name.lower()


T = TypeVar("T")


def _lookup(table: Mapping[str, T], name: str) -> T | None:
    """A surface name's entry. The patterns match case-insensitively ("Percent", "YEARS"
    in headlines), so a capitalised form that is not itself listed (as "Mm" or "Gy" are)
    falls back to its lower-case entry."""
    return table.get(_key(name)) or table.get(_SPACE.sub(" ", name).lower())


def _alternation(names: Iterable[str], *, exact: bool = False) -> str:
    """A regex alternation, longest name first; lower-case names match in any case."""
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        pattern = re.escape(name).replace(r"\ ", r"\s+")
        exact_case = exact or any(c.isupper() for c in name)
        parts.append(pattern if exact_case else f"(?i:{pattern})")
    return "|".join(parts)


def _unit_maps(raw: dict[str, Any]) -> tuple[dict[str, Unit], list[str], list[str]]:
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
            units[_key(name)] = unit
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
                codes[_key(name)] = entry["code"]
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


class _Number(NamedTuple):
    """A number found in the text, before its context is read."""

    start: int
    end: int
    value: float
    precision: float  # half the step of the last stated digit
    digits: bool  # written with digits (vs words)
    ordinal: bool = False
    scaled: bool = False  # ends in a scale word: 'two million'


@dataclass
class _Reading:
    """A number and what was read around it; becomes a :class:`Quantity`."""

    start: int
    end: int
    value: float
    precision: float
    kind: str = "cardinal"
    unit: str | None = None
    measure: Unit | None = None
    normalized: NormalizedQuantity | None = None
    approximate: bool = False
    warning: str | None = None


class _Tokens:
    """Character offset -> token lookups over one doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access: read it once
        self.starts = [t.idx for t in doc]

    def at(self, char: int) -> Token:
        """The token covering ``char``."""
        return self.doc[max(0, bisect_right(self.starts, char) - 1)]

    def after(self, char: int) -> Token | None:
        """The first token starting at or after ``char``."""
        i = bisect_left(self.starts, char)
        return self.doc[i] if i < len(self.doc) else None


def extract_quantities(doc: Doc) -> list[Quantity]:
    """Every quantity in ``doc``, in text order, with stated pairs merged into one."""
    tokens = _Tokens(doc)
    numbers = sorted([*_digit_numbers(tokens.text), *_word_numbers(doc), *_ordinals(doc)])
    readings = [r for n in numbers if (r := _read(tokens, n)) is not None]
    chosen = _non_overlapping(_merge_pairs(tokens.text, readings))
    return [_to_quantity(tokens, r) for r in chosen]


# -- finding numbers ---------------------------------------------------------------------


def _precision(number: str, scale: float = 1.0) -> float:
    """Half the step of the last stated digit: '9' -> 0.5, '1.5' -> 0.05, '150' -> 5."""
    number = number.replace(",", "")
    if "." in number:
        return 0.5 * 10.0 ** -len(number.split(".", 1)[1]) * scale
    zeros = len(number) - len(number.rstrip("0")) if number.strip("0") else 0
    return 0.5 * 10.0**zeros * scale


def _digit_numbers(text: str) -> Iterator[_Number]:
    for m in _DIGIT_NUMBER.finditer(text):
        value = parse_number(m.group())
        if value is not None:
            yield _Number(m.start(), m.end(), value, _precision(m.group()), True)


def _word_numbers(doc: Doc) -> Iterator[_Number]:
    """Spelled-out numbers: 'twenty-one', 'a dozen', 'two and a half million'."""
    vocab = number_words()
    i = 0
    while i < len(doc):
        j = _word_run_end(doc, i)
        while j > i:
            value = parse_number(doc[i:j].text)
            if value is not None and any(vocab.is_number_word(t.lower_) for t in doc[i:j]):
                span = doc[i:j]
                precision = _precision(str(int(value))) if value == int(value) else 0.05
                scaled = span[-1].lower_ in vocab.scales
                yield _Number(
                    span.start_char, span.end_char, value, precision, False, False, scaled
                )
                break
            j -= 1
        i = max(j, i + 1)


def _word_run_end(doc: Doc, i: int) -> int:
    """End (exclusive) of the longest run of number-word tokens starting at ``i``."""
    vocab = number_words()
    joiners = {"and", "-", *vocab.articles}
    first = doc[i].lower_
    if not vocab.is_number_word(first) and first not in vocab.articles:
        return i
    j = i + 1
    while j < len(doc):
        word = doc[j].lower_
        if vocab.is_number_word(word) or word in vocab.fractions:
            j += 1
        elif word in joiners and j + 1 < len(doc) and (word != "-" or not doc[j - 1].whitespace_):
            nxt = doc[j + 1].lower_
            if not (vocab.is_number_word(nxt) or nxt in vocab.fractions or nxt in vocab.articles):
                break
            j += 1
        else:
            break
    return j


def _ordinals(doc: Doc) -> Iterator[_Number]:
    """'fifth', '21st', 'twenty-first' used as adjectives, not inside names or dates."""
    for tok in doc:
        if not tok.lower_.endswith(("st", "nd", "rd", "th")) or tok.ent_type_ in _NOT_COUNTS:
            continue
        start = tok.i
        if start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
            start -= 2
        if not _ordinal_role(tok, compound=start < tok.i):
            continue
        for first in (start, tok.i):
            value = parse_ordinal(doc[first : tok.i + 1].text)
            if value is not None:
                span = doc[first : tok.i + 1]
                yield _Number(span.start_char, span.end_char, value, 0.5, False, True)
                break


def _ordinal_role(tok: Token, *, compound: bool) -> bool:
    """An adjective ('the fifth round'), not an adverb ('first reported') or a name part;
    the tagger calls some ordinals nouns, so a noun counts when a noun follows it."""
    if tok.pos_ in ("ADJ", "NUM") or compound:
        return True
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    return tok.pos_ == "NOUN" and nxt is not None and nxt.pos_ == "NOUN"


# -- reading around a number -------------------------------------------------------------


def _read(tokens: _Tokens, number: _Number) -> _Reading | None:
    """What the number measures or counts; None where it is a date, time, id or name."""
    table = unit_table()
    text = tokens.text
    r = _Reading(number.start, number.end, number.value, number.precision)
    if number.ordinal:
        r.kind = "ordinal"
        _take_counted_noun(tokens, r)
        return r
    if table.time_after.match(text, r.end):
        return None
    currency = _currency_before(text, r)
    scaled = number.scaled
    if number.digits:
        scaled = _scale_after(tokens, r, money=currency is not None)
    _odd_after(text, r)
    if currency is None:
        currency = _currency_after(text, r, scaled=scaled)
    if currency is not None:
        r.kind, r.unit = "money", currency
        r.normalized = NormalizedQuantity(r.value, currency)
    elif not _unit_after(tokens, r) and not _age_before(text, r):
        if text[number.end : number.end + 1].isalpha() and r.end == number.end:
            return None  # glued to letters that are no unit: '5G', '3D'
        _take_counted_noun(tokens, r)
        if not _is_count(tokens, number, r):
            return None
    _odd_after(text, r)
    _markers_before(text, r)
    return r


def _currency_before(text: str, r: _Reading) -> str | None:
    table = unit_table()
    m = table.currency_before.search(text, max(0, r.start - 8), r.start)
    if m is None:
        return None
    code = _lookup(table.currencies, m.group("c"))
    if code is not None:
        r.start = m.start()
    return code


def _currency_after(text: str, r: _Reading, *, scaled: bool) -> str | None:
    table = unit_table()
    m = table.currency_after.match(text, r.end)
    if m is None and scaled:
        m = table.currency_after_scale.match(text, r.end)
    if m is None:
        return None
    code = _lookup(table.currencies, m.group("c"))
    if code is None:
        return None
    r.end = m.end()
    return code


def _scale_after(tokens: _Tokens, r: _Reading, *, money: bool) -> bool:
    """'2.5 million', '3bn'; 'm' and 'k' only after a currency ('£200m') or, for 'm',
    where millions are counted ('2m people', '1.1m of the voters'). True if scaled."""
    table = unit_table()
    text = tokens.text
    m = table.scale_words.match(text, r.end)
    if m is None and money:
        m = table.scale_money.match(text, r.end)
    if m is None:
        m = table.scale_count.match(text, r.end)
        if m is not None and not _counts_millions(tokens, m.end()):
            m = None
    if m is None:
        return False
    scale = table.scales[m.group("s").lower()]
    r.value *= scale
    r.precision *= scale
    r.end = m.end()
    return True


def _counts_millions(tokens: _Tokens, end: int) -> bool:
    """After '2m': a plural noun that is not a unit, or 'of the ...' (not '100m of cable')."""
    nxt = tokens.after(end)
    if nxt is None or nxt.idx > end + 1:
        return False
    if nxt.tag_ in ("NNS", "NNPS"):
        return _key(nxt.text) not in unit_table().units
    after = nxt.nbor() if nxt.i + 1 < len(nxt.doc) else None
    return nxt.lower_ == "of" and after is not None and after.pos_ in ("DET", "PRON")


def _odd_after(text: str, r: _Reading) -> None:
    m = unit_table().approx_after.match(text, r.end)
    if m is not None:
        r.approximate = True
        r.end = m.end()


def _unit_after(tokens: _Tokens, r: _Reading) -> bool:
    """A unit right after the number; a hyphenated one ('two-month') takes its noun along."""
    table = unit_table()
    text = tokens.text
    m = table.unit_attached.match(text, r.end) or table.unit_spaced.match(text, r.end)
    if m is None:
        return False
    unit = _lookup(table.units, m.group("u"))
    if unit is None:
        return False
    r.end = m.end()
    _set_measure(r, unit)
    hyphenated = "hy" in m.groupdict() and m.group("hy") is not None
    if hyphenated or unit.dimension == "age":
        noun = tokens.after(r.end)
        if noun is not None and noun.pos_ == "NOUN" and noun.idx <= r.end + 1:
            r.end = noun.idx + len(noun.text)
    return True


def _set_measure(r: _Reading, unit: Unit) -> None:
    base = unit_table().bases[unit.dimension]
    r.kind, r.unit, r.measure = unit.dimension, unit.unit, unit
    if base is None:
        r.normalized = NormalizedQuantity(r.value, unit.unit)
    else:
        r.normalized = NormalizedQuantity(unit.to_base(r.value), base)


def _age_before(text: str, r: _Reading) -> bool:
    """'aged 45': an age in years."""
    m = unit_table().age_before.search(text, max(0, r.start - 8), r.start)
    if m is None:
        return False
    r.start = m.start()
    _set_measure(r, unit_table().units["year-old"])
    return True


def _markers_before(text: str, r: _Reading) -> None:
    """'up to about', 'nearly', 'an estimated' before the number (or its currency)."""
    table = unit_table()
    for _ in range(3):
        m = table.approx_before.search(text, max(0, r.start - 24), r.start)
        if m is None:
            return
        if r.kind in table.approx_not_for.get(m.group("m").lower(), frozenset()):
            return
        r.approximate = True
        r.start = m.start()


def _take_counted_noun(tokens: _Tokens, r: _Reading) -> None:
    """'300 (Russian) soldiers', 'fifth round': the noun the number counts becomes the unit."""
    tok = tokens.after(r.end)
    if tok is None or tok.idx > r.end + 1:
        return
    doc = tokens.doc
    i = tok.i
    while i < len(doc) and i - tok.i < 2 and doc[i].pos_ == "ADJ" and doc[i].tag_ == "JJ":
        i += 1
    if i >= len(doc) or not (doc[i].pos_ == "NOUN" or doc[i].tag_ == "NNPS"):
        return
    while i + 1 < len(doc) and doc[i].dep_ == "compound" and doc[i + 1].pos_ == "NOUN":
        i += 1
    noun = doc[i]
    plural_name = noun.tag_ == "NNPS" and noun.text.endswith("s") and noun.text[-2:] != "ss"
    r.unit = noun.text[:-1] if plural_name else noun.lemma_.lower()
    r.end = noun.idx + len(noun.text)
    if r.kind == "cardinal":
        r.kind = "count"


def _is_count(tokens: _Tokens, number: _Number, r: _Reading) -> bool:
    """Whether a number without a unit is a count, not a year, date, label or name."""
    table = unit_table()
    first = tokens.at(number.start)
    if first.ent_type_ in _NOT_COUNTS:
        return False
    if r.kind == "cardinal" and (not number.digits or first.ent_type_ != "CARDINAL"):
        return False
    raw = tokens.text[number.start : number.end]
    lo, hi = table.years
    if number.digits and raw.isdigit() and len(raw) == 4 and lo <= number.value <= hi:
        return False
    return not _follows_label(tokens, first)


def _follows_label(tokens: _Tokens, first: Token) -> bool:
    """'Article 5', 'Flight 370', 'No. 10': the number names something."""
    if first.i == 0:
        return False
    if unit_table().label_before.search(tokens.text, max(0, first.idx - 16), first.idx):
        return True
    prev = first.doc[first.i - 1]
    return (
        prev.is_title
        and not prev.is_sent_start
        and prev.pos_ in ("PROPN", "NOUN")
        and prev.ent_type_ not in ("DATE", "TIME")
    )


# -- pairs, overlaps, output -------------------------------------------------------------


def _merge_pairs(text: str, readings: list[_Reading]) -> list[_Reading]:
    """'9 miles (15 km)', '£200m ($250m)': one quantity, the second stated unit checked."""
    out: list[_Reading] = []
    i = 0
    while i < len(readings):
        first = readings[i]
        second = readings[i + 1] if i + 1 < len(readings) else None
        merged = _merge(text, first, second) if second is not None else None
        out.append(merged or first)
        i += 2 if merged else 1
    return out


def _merge(text: str, first: _Reading, second: _Reading) -> _Reading | None:
    gap = text[first.end : second.start]
    end = second.end
    if _PAIR_OPEN.fullmatch(gap):
        close = _PAIR_CLOSE.match(text, second.end)
        if close is None:
            return None
        end = close.end()
    elif not _PAIR_OR.fullmatch(gap):
        return None
    merged = replace(first, end=end, approximate=first.approximate or second.approximate)
    if first.kind == "money" and second.kind == "money":
        if second.unit == "USD" and first.unit != "USD":
            merged.normalized = second.normalized
        return merged
    a, b = first.measure, second.measure
    if a is None or b is None or a.dimension != b.dimension:
        return None
    if unit_table().bases[a.dimension] is None:
        return None
    metric, other = (second, first) if b.metric and not a.metric else (first, second)
    merged.normalized = metric.normalized
    merged.warning = _disagreement(metric, other)
    return merged


def _disagreement(metric: _Reading, other: _Reading) -> str | None:
    """A sentence when two stated values differ beyond rounding, else None."""
    assert metric.measure is not None and other.measure is not None
    converted = metric.measure.from_base(other.measure.to_base(other.value))
    spread = other.precision * other.measure.factor / metric.measure.factor
    diff = abs(converted - metric.value)
    if diff <= 0.1 * max(abs(converted), abs(metric.value)) or diff <= spread + metric.precision:
        return None
    return (
        f"{_fmt(other.value)} {other.unit} = {_fmt(converted)} {metric.unit}, "
        f"but {_fmt(metric.value)} {metric.unit} stated"
    )


def _fmt(value: float) -> str:
    """Three significant digits, no exponent: 14.484 -> '14.5', 15.0 -> '15'."""
    if value == 0:
        return "0"
    digits = max(0, 2 - math.floor(math.log10(abs(value))))
    return f"{round(value, digits):,.{digits}f}".rstrip("0").rstrip(".")


def _non_overlapping(readings: list[_Reading]) -> list[_Reading]:
    """Text order; where two readings overlap, the longer one wins."""
    chosen: list[_Reading] = []
    # On a tie an ordinal wins: "twenty-second meeting" is rarely 20 seconds long.
    for r in sorted(readings, key=lambda r: (r.start, -r.end, r.kind != "ordinal")):
        if chosen and r.start < chosen[-1].end:
            if r.end - r.start > chosen[-1].end - chosen[-1].start:
                chosen[-1] = r
            continue
        chosen.append(r)
    return chosen


def _to_quantity(tokens: _Tokens, r: _Reading) -> Quantity:
    doc = tokens.doc
    first, last = tokens.at(r.start), tokens.at(r.end - 1)
    if doc.has_annotation("SENT_START"):
        evidence = evidence_for(doc[first.i : last.i + 1])
    else:
        evidence = Evidence(sentence=tokens.text, start=0, end=len(tokens.text))
    return Quantity(
        text=tokens.text[r.start : r.end],
        kind=r.kind,
        value=r.value,
        evidence=evidence,
        unit=r.unit,
        normalized=r.normalized,
        approximate=r.approximate,
        warning=r.warning,
        start=r.start,
        end=r.end,
    )
