"""Find every temporal expression in an article and resolve it TIMEX3-style.

Candidates come from spaCy's DATE/TIME entities plus our own patterns for what the small
model misses ("now", "recently", "weekly", "a three-month pause", "3 p.m."). Overlapping
candidates are settled longest-normalisable-first, so "nearly three weeks" beats "three
weeks" and a spaCy span that reads as no time at all gives way to the part that does.
Values come from :mod:`newsgraph.nlp.timex_normalize`; this module only finds spans and
reads the sentence's tense (a weekday in a future-tense sentence is the coming one).
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newsgraph.model import TimeValue
from newsgraph.nlp.convert import doc_text, evidence_for
from newsgraph.nlp.split_case import SplitCase
from newsgraph.nlp.timex_bound import fill_open_year, latest_written_date
from newsgraph.nlp.timex_normalize import normalize_in_context, normalize_timex
from newsgraph.nlp.timex_relative import period_anaphor
from newsgraph.nlp.timex_values import Timex, shift_quarter
from newsgraph.nlp.timex_words import (
    MONTHS,
    NUM,
    PART,
    QUARTER_ANAPHORA,
    SETS,
    UNIT,
    VAGUE,
    YEAR_BACK,
    alternation,
    time_words,
)

__all__ = ["Timex", "date_bound", "extract_times", "normalize_timex", "with_open_years_filled"]

_UNITS = UNIT
_CAP_MONTH = (
    "|".join(
        sorted({m.capitalize() for m in MONTHS if len(m) > 3 or m == "may"}, key=len, reverse=True)
    )
    + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
_CAP_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DIRS = r"(?:last|next|this|coming|past|previous|following)"
_DAY_WORDS = rf"today|yesterday|tomorrow|tonight|{_CAP_WEEKDAY}"
_CLOCK = (
    r"(?:\d{1,2}(?::\d\d)? ?(?:a\.m\.|p\.m\.|am\b|pm\b)|noon|midnight|midday)"
    r"(?: (?:local time|GMT|UTC|EST|EDT|CET|ET|PT|PST|PDT))?"
)

_NOT_SEARCHED = frozenset(time_words()["sets_not_searched"])
_CI_PATTERNS = [
    alternation(QUARTER_ANAPHORA.keys() | YEAR_BACK).replace(r"\ ", "[ -]"),
    r"(?:the )?(?:coming|upcoming) (?:days|weeks|months|years)",
    r"(?:in )?recent (?:days|weeks|months|years)",
    rf"{alternation(VAGUE)}",
    rf"{alternation(set(SETS) - _NOT_SEARCHED)}",
    rf"(?:every|each) (?:other )?(?:(?:{NUM}) )?{_UNITS}",
    rf"(?:once|twice|(?:{NUM}) times) (?:a|an|per|every|each) {_UNITS}",
    rf"(?:today|yesterday|tomorrow|tonight|this|last)(?: {PART})?",
    rf"(?:the )?{_DIRS} (?:week|weekend|month|year|quarter|decade|century)",
    r"(?:(?:nearly|almost|about|some|roughly|more than|up to|around|just over|at least"
    r"|less than) )?"
    rf"(?:the (?:past|last|next|coming|first) )?(?:{NUM}|\d+ 1/2)[ -]{_UNITS}"
    r"(?: and a half)?(?: (?:ago|earlier|later))?",
    rf"(?:(?:{_DAY_WORDS}),? (?:at )?)?{_CLOCK}"
    rf"(?:,? (?:on )?(?:{_DAY_WORDS}|(?:{_CAP_MONTH})\.? \d{{1,2}}))?",
]
_CASED_PATTERNS = [
    rf"(?:(?:[Ll]ast|[Nn]ext|[Tt]his|[Ee]very|[Ee]ach) )?(?:{_CAP_WEEKDAY})"
    r"(?: (?:morning|afternoon|evening|night))?",
    rf"(?:(?:{_CAP_WEEKDAY}),? )?(?:{_CAP_MONTH})\.? \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?",
    rf"\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{_CAP_MONTH})\.?(?:,? \d{{4}})?",
    r"(?:(?:[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id-?|[Ee]very|[Ee]ach) )?"
    rf"(?:{_CAP_MONTH})(?:,? \d{{4}})?",
]
_CANDIDATES = SplitCase(
    "|".join(_CI_PATTERNS), "|".join(_CASED_PATTERNS), prefix=r"\b", suffix=r"(?![\w-])"
)
_FUTURE_AUX = frozenset(time_words()["future_auxiliaries"])
_FUTURE_VERBS = frozenset(time_words()["future_verbs"])
_PRESENT_NOT_FUTURE = frozenset(time_words()["present_not_future"])
_FUTURE_OPENER = re.compile(r"\b(?:" + alternation(time_words()["future_openers"]) + r")\s*$")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_QUARTER_VALUE = re.compile(r"^\d{4}-Q[1-4]$")
_EDGE_JUNK = re.compile(r"^(?:[\s,;:(]|'s\b)+|(?:[\s,;:)]|(?<![aApP]\.[mM])\.|'s)+$")
_LEAD_PREPOSITION = re.compile(
    r"^(?i:(?:on|in|at|by|since|until|till|during|for|from|of|over|within|throughout|across"
    r"|after|before|as of|around the|a(?= (?:\d|"
    + alternation(w for w in time_words()["numbers"] if " " not in w and len(w) > 2)
    + r")\b)) )+"
)


@dataclass(frozen=True)
class _Source:
    """The doc with its text read once (``Doc.text`` is rebuilt on every access)."""

    doc: Doc
    text: str
    anchor: datetime.date | None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    timex: Timex


def _span_root(span: Span) -> Token:
    """The token whose head lies outside the span (``Span.root`` rescans the whole doc
    for a parse on every call, which costs more than all our rules together)."""
    doc = span.doc
    for i in range(span.start, span.end):
        head = doc[i].head
        if head.i == i or not span.start <= head.i < span.end:
            return doc[i]
    return doc[span.end - 1]


def _is_future(span: Span, text: str) -> bool:
    """Whether the clause holding ``span`` speaks of the future ("will meet on Monday",
    "planned to leave Thursday", news-style present "meets Monday", "until Tuesday")."""
    before = text[max(0, span.start_char - 20) : span.start_char].lower()
    if _FUTURE_OPENER.search(before):
        return True
    token: Token = _span_root(span)
    if token.dep_ == "poss":
        return False  # "Friday's purchases": a reported event, whatever the clause's tense
    for _ in range(5):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    if token.tag_ in ("VBZ", "VBP") and token.lemma_ not in _PRESENT_NOT_FUTURE:
        return True
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in token.children):
        return True
    if token.lemma_ in _FUTURE_VERBS:
        return True
    # "planned to leave on Thursday": the infinitive's governing verb carries the tense.
    head = token.head
    return token.dep_ == "xcomp" and (head.lemma_ in _FUTURE_VERBS or head.lower_ in _FUTURE_AUX)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding punctuation and possessive endings."""
    piece = text[start:end]
    lead = _EDGE_JUNK.match(piece)
    if lead:
        start += lead.end()
    prep = _LEAD_PREPOSITION.match(text[start:end])
    if prep and prep.end() < end - start:
        start += prep.end()
    tail = _EDGE_JUNK.search(text[start:end])
    if tail and tail.start() > 0:
        end = start + tail.start()
    return start, end


def _normalise_span(src: _Source, start: int, end: int) -> _Candidate | None:
    start, end = _trim(src.text, start, end)
    if end <= start or src.text[start:end].lower() in _NOT_SEARCHED:
        return None  # "annual report", "quarterly dividend": adjectives, not times
    span = src.doc.char_span(start, end, alignment_mode="expand")
    future = _is_future(span, src.text) if span is not None and len(span) else False
    timex = normalize_in_context(src.text[start:end], src.anchor, future)
    return _Candidate(start, end, timex) if timex is not None else None


_SPLIT = re.compile(r"\s+(?:and|or|to|through|until)\s+|\s*[\u2013-]\s*(?=\D)")


def _entity_candidates(src: _Source) -> list[_Candidate]:
    """spaCy DATE/TIME entities; one that fails whole is tried in its coordinated parts."""
    found: list[_Candidate] = []
    for ent in src.doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        whole = _normalise_span(src, ent.start_char, ent.end_char)
        if whole is not None:
            found.append(whole)
            continue
        offset = ent.start_char
        for part in _SPLIT.split(src.text[ent.start_char : ent.end_char]):
            begin = src.text.find(part, offset, ent.end_char) if part else -1
            if begin < 0:
                continue
            offset = begin + len(part)
            piece = _normalise_span(src, begin, begin + len(part))
            if piece is not None:
                found.append(piece)
    return found


def _pattern_candidates(src: _Source) -> list[_Candidate]:
    found: list[_Candidate] = []
    for start, end in _CANDIDATES.spans(src.text):
        candidate = _normalise_span(src, start, end)
        if candidate is not None:
            found.append(candidate)
    return found


def _settle(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest of overlapping candidates, then order by position.

    The kept spans never overlap, so sorted by start each new one need only be checked
    against its two neighbours there (checking every kept one made many dates quadratic).
    """
    kept: list[_Candidate] = []  # by start
    starts: list[int] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        at = bisect_left(starts, cand.start)
        if at > 0 and kept[at - 1].end > cand.start and cand.end > kept[at - 1].start:
            continue
        if at < len(kept) and kept[at].start < cand.end and cand.start < kept[at].end:
            continue
        kept.insert(at, cand)
        starts.insert(at, cand.start)
    return kept


class _ReportingQuarter:
    """The quarter an article reports on: the last one it named explicitly.

    Earnings stories name "the third quarter" once and then say "the quarter", "the
    year-ago period" or "up 5% from a year earlier"; those resolve against it.
    """

    def __init__(self) -> None:
        self.quarter: str | None = None

    def resolve(self, text: str, value: str | None) -> str | None:
        anaphor = period_anaphor(text)
        if anaphor is None:
            if value and _QUARTER_VALUE.match(value):
                self.quarter = value
            return value
        if self.quarter is None or value is None:
            return value
        return shift_quarter(self.quarter, -anaphor.years_back)


def extract_times(doc: Doc, anchor: datetime.date | None) -> list[TimeValue]:
    """Find every temporal expression in the doc, resolved against the publication date."""
    src = _Source(doc=doc, text=doc_text(doc), anchor=anchor)
    candidates = _settle(_entity_candidates(src) + _pattern_candidates(src))
    times: list[TimeValue] = []
    days_by_sentence: dict[int, str] = {}
    reporting = _ReportingQuarter()
    for cand in candidates:
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        value = reporting.resolve(src.text[cand.start : cand.end], cand.timex.value)
        if value and _FULL_DATE.match(value):
            days_by_sentence.setdefault(span.sent.start, value[:10])
        elif value and value.startswith("T") and anchor is not None:
            # A bare clock time happens on the day its sentence names, else on the anchor day.
            value = days_by_sentence.get(span.sent.start, anchor.isoformat()) + value
        times.append(
            TimeValue(
                text=src.text[cand.start : cand.end],
                kind=cand.timex.kind,
                value=value,
                evidence=evidence_for(span),
                approximate=cand.timex.approximate,
                start=cand.start,
                end=cand.end,
            )
        )
    return times


def date_bound(doc: Doc, times: list[TimeValue]) -> datetime.date | None:
    """The earliest an undated article can have been written: the latest full date its
    body writes out, in a clause not about the future (see ``timex_bound``)."""
    found = []
    for t in times:
        if t.evidence.field != "text":
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        future = _is_future(span, doc_text(doc)) if span is not None and len(span) else False
        found.append((t.text, t.value, future))
    return latest_written_date(found)


def with_open_years_filled(times: list[TimeValue], bound: datetime.date) -> list[TimeValue]:
    """Dates given without a year ("August 12") taken in the year nearest ``bound``, with
    less confidence than a written year; every other time as it was."""
    out = []
    for t in times:
        value = fill_open_year(t.value, bound)
        if value != t.value:
            t = replace(t, value=value, confidence=min(t.confidence, 0.6))
        out.append(t)
    return out
