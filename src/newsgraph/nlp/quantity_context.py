"""Reading around one number found in news text: what it measures or counts.

A currency before it, a scale word and a unit after it, an approximation marker, an age
("aged 45") or else the noun it counts; or nothing, where the number is a date, a time, a
label ("Flight 370") or part of a name. Everything is matched with the patterns of
:func:`newsgraph.nlp.quantity_units.unit_table`; spaCy's tags and entity labels only decide
which bare numbers are counts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Token

from newsgraph.model import NormalizedQuantity
from newsgraph.nlp.convert import doc_text
from newsgraph.nlp.quantity_units import Unit, lookup_surface, surface_key, unit_table

# Entity labels under which a bare number is part of a name or a date, not a quantity.
NOT_COUNT_LABELS = frozenset(
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


class FoundNumber(NamedTuple):
    """A number found in the text, before its context is read."""

    start: int
    end: int
    value: float
    precision: float  # half the step of the last stated digit
    digits: bool  # written with digits (vs words)
    ordinal: bool = False
    scaled: bool = False  # ends in a scale word: 'two million'


@dataclass
class Reading:
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


class TokenIndex:
    """Character offset -> token lookups over one doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)  # Doc.text joins every token on each access: read it once
        self.starts = [t.idx for t in doc]

    def at(self, char: int) -> Token:
        """The token covering ``char``."""
        return self.doc[max(0, bisect_right(self.starts, char) - 1)]

    def after(self, char: int) -> Token | None:
        """The first token starting at or after ``char``."""
        i = bisect_left(self.starts, char)
        return self.doc[i] if i < len(self.doc) else None


def read_around(tokens: TokenIndex, number: FoundNumber) -> Reading | None:
    """What the number measures or counts; None where it is a date, time, id or name."""
    table = unit_table()
    text = tokens.text
    r = Reading(number.start, number.end, number.value, number.precision)
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


def _currency_before(text: str, r: Reading) -> str | None:
    table = unit_table()
    m = table.currency_before.search(text, max(0, r.start - 8), r.start)
    if m is None:
        return None
    code = lookup_surface(table.currencies, m.group("c"))
    if code is not None:
        r.start = m.start()
    return code


def _currency_after(text: str, r: Reading, *, scaled: bool) -> str | None:
    table = unit_table()
    m = table.currency_after.match(text, r.end)
    if m is None and scaled:
        m = table.currency_after_scale.match(text, r.end)
    if m is None:
        return None
    code = lookup_surface(table.currencies, m.group("c"))
    if code is None:
        return None
    r.end = m.end()
    return code


def _scale_after(tokens: TokenIndex, r: Reading, *, money: bool) -> bool:
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


def _counts_millions(tokens: TokenIndex, end: int) -> bool:
    """After '2m': a plural noun that is not a unit, or 'of the ...' (not '100m of cable')."""
    nxt = tokens.after(end)
    if nxt is None or nxt.idx > end + 1:
        return False
    if nxt.tag_ in ("NNS", "NNPS"):
        return surface_key(nxt.text) not in unit_table().units
    after = nxt.nbor() if nxt.i + 1 < len(nxt.doc) else None
    return nxt.lower_ == "of" and after is not None and after.pos_ in ("DET", "PRON")


def _odd_after(text: str, r: Reading) -> None:
    m = unit_table().approx_after.match(text, r.end)
    if m is not None:
        r.approximate = True
        r.end = m.end()


def _unit_after(tokens: TokenIndex, r: Reading) -> bool:
    """A unit right after the number; a hyphenated one ('two-month') takes its noun along."""
    table = unit_table()
    text = tokens.text
    m = table.unit_attached.match(text, r.end) or table.unit_spaced.match(text, r.end)
    if m is None:
        return False
    unit = lookup_surface(table.units, m.group("u"))
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


def _set_measure(r: Reading, unit: Unit) -> None:
    base = unit_table().bases[unit.dimension]
    r.kind, r.unit, r.measure = unit.dimension, unit.unit, unit
    if base is None:
        r.normalized = NormalizedQuantity(r.value, unit.unit)
    else:
        r.normalized = NormalizedQuantity(unit.to_base(r.value), base)


def _age_before(text: str, r: Reading) -> bool:
    """'aged 45': an age in years."""
    m = unit_table().age_before.search(text, max(0, r.start - 8), r.start)
    if m is None:
        return False
    r.start = m.start()
    _set_measure(r, unit_table().units["year-old"])
    return True


def _markers_before(text: str, r: Reading) -> None:
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


def _take_counted_noun(tokens: TokenIndex, r: Reading) -> None:
    """'300 (Russian) soldiers', 'fourth round': the noun the number counts becomes the unit."""
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


def _is_count(tokens: TokenIndex, number: FoundNumber, r: Reading) -> bool:
    """Whether a number without a unit is a count, not a year, date, label or name."""
    table = unit_table()
    first = tokens.at(number.start)
    if first.ent_type_ in NOT_COUNT_LABELS:
        return False
    if r.kind == "cardinal" and (not number.digits or first.ent_type_ != "CARDINAL"):
        return False
    raw = tokens.text[number.start : number.end]
    lo, hi = table.years
    if number.digits and raw.isdigit() and len(raw) == 4 and lo <= number.value <= hi:
        return False
    return not _follows_label(tokens, first)


def _follows_label(tokens: TokenIndex, first: Token) -> bool:
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
