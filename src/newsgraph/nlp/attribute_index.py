"""spaCy's attribute ruler, matched through an index: the same annotations, a tenth of the cost.

The English pipeline's ``attribute_ruler`` maps fine tags to parts of speech and
morphology and fixes a few lemmas, with 179 one- and two-token Matcher patterns. spaCy's
Matcher tries every pattern at every token, and that came to about 11 ms of an article's
roughly 100 ms parse here: more than the tagger and the parser's own forward pass.
Nearly every pattern asks for an exact tag or an exact word, so the patterns that can
start at a token are found by looking its tag, word, dependency label and space flag up
in dictionaries; only those are checked.

:func:`index_attribute_ruler` replaces the ruler's ``match`` step and nothing else: the
ruler's own ``set_annotations`` applies the matches, in the same order, so every token
ends with the same tag, part of speech, morphology, lemma and dependency label. A pattern
this index cannot read (an operator, a predicate or an attribute it does not know) leaves
spaCy's Matcher in place for the whole ruler.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product
from operator import itemgetter
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc

# The token attributes the index reads, in the column order of ``Doc.to_array``.
COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]

Check = Callable[[list[int], StringStore], bool]
Match = tuple[int, int, int, int]  # (rule number, match id, start, end), as the ruler sorts them


class Unsupported(ValueError):
    """A pattern the index cannot read exactly as spaCy's Matcher does."""


@dataclass(frozen=True)
class Rule:
    """One pattern of one ``AttributeRuler.add`` call. ``checks[k]`` test the k-th token;
    the first token's conditions that key the rule in the index are not repeated there."""

    number: int  # the ruler's rule number (its ``attrs`` index): later numbers win
    match_id: int  # the Matcher key the ruler gave the rule (the hash of its number)
    length: int
    checks: tuple[tuple[Check, ...], ...]
    free: bool  # the index key alone decides it: one token, nothing left to check


@dataclass(frozen=True)
class KeyedRules:
    """The rules whose first token asks for exact values of the same attributes, keyed by
    those values (a value ``IN`` a list is one key per listed value)."""

    key_of: Callable[[list[int]], Any]  # a token's row -> its key (one value, or a tuple)
    rules: dict[Any, list[Rule]]


@dataclass
class RuleIndex:
    """Every rule once per exact key of its first token; the few whose first token asks
    for no exact value are tried at every token."""

    keyed: list[KeyedRules] = field(default_factory=list)
    everywhere: list[Rule] = field(default_factory=list)


def _value(strings: StringStore, name: str, value: Any) -> int:
    """A pattern value as the Matcher compares it: a string's hash, a flag's 0 or 1."""
    if name == "IS_SPACE":
        if not isinstance(value, bool):
            raise Unsupported(f"IS_SPACE wants a bool, got {value!r}")
        return int(value)
    if not isinstance(value, str):
        raise Unsupported(f"{name} wants a string, got {value!r}")
    return strings.add(value)


@dataclass(frozen=True)
class Condition:
    """One attribute condition of a token spec."""

    column: int
    check: Check
    values: frozenset[int] | None  # the exact values it admits, if it names them
    regex: bool


def _condition(strings: StringStore, name: str, spec: Any) -> Condition:
    """One attribute condition, read as the Matcher reads it."""
    if name not in COLUMNS:
        raise Unsupported(f"attribute {name}")
    column = COLUMNS[name]
    if not isinstance(spec, dict):
        wanted = _value(strings, name, spec)
        return Condition(column, lambda row, _s: row[column] == wanted, frozenset([wanted]), False)
    if len(spec) != 1:
        raise Unsupported(f"{name}: {spec!r}")
    ((predicate, argument),) = spec.items()
    if predicate in ("IN", "NOT_IN"):
        values = frozenset(_value(strings, name, v) for v in argument)
        if predicate == "IN":
            return Condition(column, lambda row, _s: row[column] in values, values, False)
        return Condition(column, lambda row, _s: row[column] not in values, None, False)
    if predicate == "REGEX" and name != "IS_SPACE":
        return Condition(column, _regex_check(column, re.compile(argument)), None, True)
    raise Unsupported(f"{name}: {predicate}")


REGEX_CACHE = 50_000  # values remembered per regex condition (a vocabulary's worth)


def _regex_check(column: int, pattern: re.Pattern[str]) -> Check:
    """A regex condition, its answer remembered per value: it is asked at every token."""
    seen: dict[int, bool] = {}

    def check(row: list[int], strings: StringStore) -> bool:
        value = row[column]
        answer = seen.get(value)
        if answer is None:
            if len(seen) >= REGEX_CACHE:
                seen.clear()
            answer = seen[value] = pattern.search(strings[value]) is not None
        return answer

    return check


def _compile_token(strings: StringStore, spec: dict[str, Any]) -> list[Condition]:
    """The conditions of one token spec."""
    if not spec:
        raise Unsupported("an empty token spec (any token)")
    return [_condition(strings, name, condition) for name, condition in spec.items()]


def _first_token_key(first: list[Condition]) -> tuple[Any, list[Any], list[Condition]]:
    """How the index finds a rule from its first token: the group it joins (the columns
    whose exact values key it, or a regex condition, asked once per token), the keys it
    is found under there, and the conditions left to check. (None, [], first) when the
    rule must be tried at every token."""
    exact = sorted((c.column, c.values) for c in first if c.values is not None)
    if exact:
        columns = tuple(column for column, _ in exact)
        keys = [k[0] if len(k) == 1 else k for k in product(*(sorted(v) for _, v in exact))]
        return columns, keys, [c for c in first if c.values is None]
    regex = next((c for c in first if c.regex), None)
    if regex is not None:
        return regex.check, [True], [c for c in first if c is not regex]
    return None, [], first


def _token_specs(patterns: object) -> list[list[dict[str, Any]]]:
    """A rule's Matcher patterns, each a non-empty list of token specs (dicts)."""
    if not isinstance(patterns, list):
        raise Unsupported(f"patterns {patterns!r}")
    for pattern in patterns:
        if not isinstance(pattern, list) or not pattern:
            raise Unsupported(f"pattern {pattern!r}")
        if not all(isinstance(spec, dict) for spec in pattern):
            raise Unsupported(f"pattern {pattern!r}")
    return patterns


def build_index(ruler: AttributeRuler) -> RuleIndex:
    """The ruler's patterns, indexed; raises :class:`Unsupported` for a pattern the index
    cannot match exactly as the Matcher would."""
    strings = ruler.vocab.strings
    index = RuleIndex()
    groups: dict[Any, dict[Any, list[Rule]]] = {}
    entries = ruler.patterns
    if len(entries) != len(ruler.attrs):
        raise Unsupported("the ruler's patterns and rules differ in number")
    for number, entry in enumerate(entries):
        match_id = strings.add(str(number))
        for pattern in _token_specs(entry["patterns"]):
            first, *rest = [_compile_token(strings, spec) for spec in pattern]
            group, keys, left = _first_token_key(first)
            checks = tuple(tuple(c.check for c in token) for token in [left, *rest])
            rule = Rule(number, match_id, len(pattern), checks, len(pattern) == 1 and not left)
            if group is None:
                index.everywhere.append(rule)
            for key in keys:
                groups.setdefault(group, {}).setdefault(key, []).append(rule)
    index.keyed = [
        KeyedRules(_key_reader(group, strings), rules) for group, rules in groups.items()
    ]
    return index


def _key_reader(group: Any, strings: StringStore) -> Callable[[list[int]], Any]:
    """A token row -> its key in a group: the values of the group's columns, or whether
    the group's regex condition holds."""
    if isinstance(group, tuple):
        return itemgetter(*group)
    return lambda row: group(row, strings)


def _holds(rule: Rule, rows: list[list[int]], start: int, strings: StringStore) -> bool:
    for offset, checks in enumerate(rule.checks):
        row = rows[start + offset]
        for check in checks:
            if not check(row, strings):
                return False
    return True


def find_matches(index: RuleIndex, doc: Doc) -> list[Match]:
    """Every (rule, start, end) the Matcher would find in ``doc``, once each, sorted as the
    ruler sorts them (by rule number, so that later rules win)."""
    if not len(doc):
        return []
    rows: list[list[int]] = doc.to_array(_ARRAY_ATTRS).tolist()
    strings = doc.vocab.strings
    keyed = [(group.key_of, group.rules.get) for group in index.keyed]
    everywhere = index.everywhere
    n = len(rows)
    found: set[Match] = set()
    for start, row in enumerate(rows):
        candidates = list(everywhere)
        for key_of, rules_for in keyed:
            candidates += rules_for(key_of(row), ())
        for rule in candidates:
            if rule.free:
                found.add((rule.number, rule.match_id, start, start + 1))
            elif start + rule.length <= n and _holds(rule, rows, start, strings):
                found.add((rule.number, rule.match_id, start, start + rule.length))
    return sorted(found)


def index_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Have the pipeline's attribute ruler find its matches through the index. Returns
    False (and changes nothing) when there is no such ruler or a pattern is unsupported.
    Rules added or loaded later are picked up: the index is rebuilt when the ruler's
    Matcher or its number of rules changes, and spaCy's Matcher takes over for good if a
    rule then cannot be indexed."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return False
    try:
        built: RuleIndex | None = build_index(ruler)
    except Unsupported:
        return False
    state = (ruler.matcher, len(ruler.attrs), built)  # what the index was built from
    spacy_match = type(ruler).match

    def match(doc: Doc) -> list[Match]:
        nonlocal state
        matcher, size, index = state
        if matcher is not ruler.matcher or size != len(ruler.attrs):
            try:
                index = build_index(ruler)
            except Unsupported:
                index = None
            state = (ruler.matcher, len(ruler.attrs), index)
        if index is None:
            return spacy_match(ruler, doc)  # type: ignore[no-any-return]
        return find_matches(index, doc)

    ruler.match = match  # type: ignore[method-assign]
    return True
