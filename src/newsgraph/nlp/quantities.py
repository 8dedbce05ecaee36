"""Quantities in news text, read into typed and normalised numbers.

A reader comparing articles wants "about 6 miles (10 kilometers)", "$4.5 billion" and "a
three-month pause" as numbers with units, not strings. Numbers are found in the text (digits by
regex, spelled-out numbers and ordinals by token); what surrounds each one is then read with
precompiled patterns built from ``data/units.json``: a currency before it, a scale and a unit
after it, an approximation marker, or else the noun it counts. spaCy's tags and entity labels
only help to throw out numbers that are dates, times or parts of names ("Flight 370").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Token

from newsgraph.model import Evidence, Quantity
from newsgraph.nlp.convert import evidence_for
from newsgraph.nlp.numbers import number_words, parse_number, parse_ordinal
from newsgraph.nlp.quantity_context import (
    NOT_COUNT_LABELS,
    FoundNumber,
    Reading,
    TokenIndex,
    read_around,
)
from newsgraph.nlp.quantity_units import unit_table
from newsgraph.nlp.token_table import TokenTable, token_table

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


_DOC_KEY = "newsgraph.quantities"


def doc_quantities(doc: Doc) -> list[Quantity]:
    """``extract_quantities`` of a doc read once and kept on it: the brief and the event
    magnitudes both ask for the body's."""
    cached = doc.user_data.get(_DOC_KEY)
    if cached is None:
        cached = doc.user_data[_DOC_KEY] = extract_quantities(doc)
    return list(cached)


def extract_quantities(doc: Doc) -> list[Quantity]:
    """Every quantity in ``doc``, in text order, with stated pairs merged into one."""
    tokens = TokenIndex(doc)
    numbers = sorted([*_digit_numbers(tokens.text), *_word_numbers(doc), *_ordinals(doc)])
    readings = [r for n in numbers if (r := read_around(tokens, n)) is not None]
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


def _digit_numbers(text: str) -> Iterator[FoundNumber]:
    for m in _DIGIT_NUMBER.finditer(text):
        value = parse_number(m.group())
        if value is not None:
            yield FoundNumber(m.start(), m.end(), value, _precision(m.group()), True)


def _word_numbers(doc: Doc) -> Iterator[FoundNumber]:
    """Spelled-out numbers: 'twenty-one', 'a dozen', 'two and a half million'."""
    vocab = number_words()
    table = token_table(doc)
    i = 0
    while i < len(doc):
        j = _word_run_end(table, i)
        while j > i:
            value = parse_number(table.span_text(doc, i, j))
            if value is not None and any(vocab.is_number_word(w) for w in table.lower[i:j]):
                span = doc[i:j]
                precision = _precision(str(int(value))) if value == int(value) else 0.05
                scaled = span[-1].lower_ in vocab.scales
                yield FoundNumber(
                    span.start_char, span.end_char, value, precision, False, False, scaled
                )
                break
            j -= 1
        i = max(j, i + 1)


def _word_run_end(table: TokenTable, i: int) -> int:
    """End (exclusive) of the longest run of number-word tokens starting at ``i`` (read
    from the doc's token table: this is asked at every token)."""
    vocab = number_words()
    lower = table.lower
    first = lower[i]
    if not vocab.is_number_word(first) and first not in vocab.articles:
        return i
    joiners = {"and", "-", *vocab.articles}
    j = i + 1
    while j < len(lower):
        word = lower[j]
        if vocab.is_number_word(word) or word in vocab.fractions:
            j += 1
        elif word in joiners and j + 1 < len(lower) and (word != "-" or table.joined(j - 1)):
            nxt = lower[j + 1]
            if not (vocab.is_number_word(nxt) or nxt in vocab.fractions or nxt in vocab.articles):
                break
            j += 1
        else:
            break
    return j


def _ordinals(doc: Doc) -> Iterator[FoundNumber]:
    """'fifth', '21st', 'twenty-first' used as adjectives, not inside names or dates."""
    table = token_table(doc)
    for i, word in enumerate(table.lower):
        if not word.endswith(("st", "nd", "rd", "th")) or table.ent_type[i] in NOT_COUNT_LABELS:
            continue
        tok = doc[i]
        start = tok.i
        if start >= 2 and table.text[start - 1] == "-" and table.joined(start - 2):
            start -= 2
        if not _ordinal_role(tok, compound=start < tok.i):
            continue
        for first in (start, tok.i):
            value = parse_ordinal(doc[first : tok.i + 1].text)
            if value is not None:
                span = doc[first : tok.i + 1]
                yield FoundNumber(span.start_char, span.end_char, value, 0.5, False, True)
                break


def _ordinal_role(tok: Token, *, compound: bool) -> bool:
    """An adjective ('the fourth round'), not an adverb ('first reported') or a name part;
    the tagger calls some ordinals nouns, so a noun counts when a noun follows it."""
    if tok.pos_ in ("ADJ", "NUM") or compound:
        return True
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    return tok.pos_ == "NOUN" and nxt is not None and nxt.pos_ == "NOUN"


# -- pairs, overlaps, output -------------------------------------------------------------


def _merge_pairs(text: str, readings: list[Reading]) -> list[Reading]:
    """'6 miles (10 km)', '£200m ($250m)': one quantity, the second stated unit checked."""
    out: list[Reading] = []
    i = 0
    while i < len(readings):
        first = readings[i]
        second = readings[i + 1] if i + 1 < len(readings) else None
        merged = _merge(text, first, second) if second is not None else None
        out.append(merged or first)
        i += 2 if merged else 1
    return out


def _merge(text: str, first: Reading, second: Reading) -> Reading | None:
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


def _disagreement(metric: Reading, other: Reading) -> str | None:
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


def _non_overlapping(readings: list[Reading]) -> list[Reading]:
    """Text order; where two readings overlap, the longer one wins."""
    chosen: list[Reading] = []
    # On a tie an ordinal wins: "twenty-second meeting" is rarely 20 seconds long.
    for r in sorted(readings, key=lambda r: (r.start, -r.end, r.kind != "ordinal")):
        if chosen and r.start < chosen[-1].end:
            if r.end - r.start > chosen[-1].end - chosen[-1].start:
                chosen[-1] = r
            continue
        chosen.append(r)
    return chosen


def _to_quantity(tokens: TokenIndex, r: Reading) -> Quantity:
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
