"""CAMEO codes at the finest level a sentence supports, from ``data/cameo.json``.

The predicate lexicon gives each event a coarse code ("attack" 190, "urge" 020). CAMEO draws
lines a lexicon entry cannot: a suicide bombing is unconventional violence (1831, root 18),
an air raid is conventional force (195, root 19), police firing on demonstrators is violent
repression (175), a denial of responsibility is a statement (016). Those lines are drawn by
rules that are data: cue words in the predicate's clause turn the lexicon's code into the
finer one. Types with no CAMEO category of their own (an appointment, a resignation) get
their nearest code from the same file, so no event is left without one. An act the sentence
states as an intention, a threat or a refusal ("Norway is willing to send troops", "would
not release the prisoners") is coded as CAMEO codes the statement (0332 express intent to
provide military aid, 1243 refuse to release persons), and a demand that another act as the
parallel 10x code: :func:`stance_code`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsgraph.errors import NewsgraphError
from newsgraph.model import Event
from newsgraph.nlp.event_lexicon import coded_type, load_lexicon

Phrase = tuple[str, ...]
STATEMENT_ROOT = "01"


@dataclass(frozen=True)
class Rule:
    """Refine a code starting with one of ``start`` to ``code`` when every cue group has a
    phrase in the clause and no ``block`` phrase is there."""

    code: str
    start: tuple[str, ...]
    cues: tuple[frozenset[Phrase], ...]
    block: frozenset[Phrase] = frozenset()
    predicates: frozenset[str] = frozenset()

    def applies(
        self,
        code: str,
        predicate: str | None,
        tokens: Sequence[str],
        present: frozenset[str] | None = None,
    ) -> bool:
        """``present``: the set of ``tokens``, when the caller tries many rules on one clause."""
        if self.start and not code.startswith(self.start):
            return False
        if self.predicates and predicate not in self.predicates:
            return False
        seen = present if present is not None else frozenset(tokens)
        if any(_has(tokens, seen, p) for p in self.block):
            return False
        return all(any(_has(tokens, seen, p) for p in group) for group in self.cues)


@dataclass(frozen=True)
class CameoBook:
    """The codebook's names, the nearest codes by type and the refinement rules."""

    names: dict[str, str]
    nearest: dict[str, str]
    rules: tuple[Rule, ...]
    statement_verbs: frozenset[str]
    statement_rules: tuple[Rule, ...]
    statement_default: str
    statement_contexts: frozenset[str]  # event_filter contexts in which no statement is coded
    stances: dict[str, dict[str, str]]  # coded PLOVER type -> act code prefix -> code
    unpolitical_sectors: frozenset[str] = frozenset()  # speakers whose speech is not coded
    company_words: frozenset[str] = frozenset()  # an organisation's name ending: a company
    habitual: frozenset[str] = frozenset()  # 'often says': no occasion, no statement
    statecraft_sectors: frozenset[str] = frozenset()  # an unplaced speaker's words political
    unconventional: tuple[frozenset[str], str, str] = (frozenset(), "", "")  # sectors, from, to
    unplaced_contexts: frozenset[str] = frozenset()  # where an unplaced speaker is not coded


def _phrases(words: Sequence[str]) -> frozenset[Phrase]:
    return frozenset(tuple(w.lower().split()) for w in words)


def _unconventional(raw: dict[str, Any]) -> tuple[frozenset[str], str, str]:
    return frozenset(raw.get("sectors", [])), raw.get("from", ""), raw.get("code", "")


def _rule(raw: dict[str, Any]) -> Rule:
    return Rule(
        code=raw["code"],
        start=tuple(raw.get("from", [])),
        cues=tuple(_phrases(group) for group in raw.get("all", [])),
        block=frozenset(p for group in raw.get("none", []) for p in _phrases(group)),
        predicates=frozenset(raw.get("predicates", [])),
    )


def parse_cameo(data: dict[str, Any]) -> CameoBook:
    """Build the book; a rule naming a code the codebook lacks is a :class:`NewsgraphError`."""
    try:
        book = CameoBook(
            names=dict(data["codes"]),
            nearest={k: v["code"] for k, v in data["nearest"].items()},
            rules=tuple(_rule(r) for r in data["refine"]),
            statement_verbs=frozenset(data["statement"]["verbs"]),
            statement_rules=tuple(_rule(r) for r in data["statement"]["rules"]),
            statement_default=data["statement"]["default"],
            statement_contexts=frozenset(data["statement"].get("not_in", [])),
            unpolitical_sectors=frozenset(data["statement"].get("unpolitical_sectors", [])),
            company_words=frozenset(data["statement"].get("company_words", [])),
            habitual=frozenset(data["statement"].get("habitual", [])),
            statecraft_sectors=frozenset(data["statement"].get("statecraft_sectors", [])),
            unconventional=_unconventional(data.get("unconventional", {})),
            unplaced_contexts=frozenset(data["statement"].get("unplaced_not_in", [])),
            stances={k: dict(v) for k, v in data["stance"].items() if k != "why"},
        )
    except (KeyError, TypeError) as exc:
        raise NewsgraphError(f"cameo.json is malformed: {exc}") from exc
    used = [r.code for r in book.rules + book.statement_rules] + list(book.nearest.values())
    used += [c for table in book.stances.values() for c in table.values()]
    unknown = sorted({c for c in used if c not in book.names} | _bad_start(book))
    if unknown:
        raise NewsgraphError(f"cameo.json uses codes the codebook lacks: {unknown}")
    return book


def _bad_start(book: CameoBook) -> set[str]:
    return {s for r in book.rules for s in r.start if not any(c.startswith(s) for c in book.names)}


@lru_cache(maxsize=1)
def load_cameo() -> CameoBook:
    text = resources.files("newsgraph.data").joinpath("cameo.json").read_text(encoding="utf-8")
    return parse_cameo(json.loads(text))


def _has(tokens: Sequence[str], present: frozenset[str], phrase: Phrase) -> bool:
    """Whether the phrase occurs in ``tokens`` (``present`` is their set: most phrases fail
    on their first word, looked up once instead of by a scan)."""
    if phrase[0] not in present:
        return False
    n = len(phrase)
    if n == 1:
        return True
    return any(tuple(tokens[i : i + n]) == phrase for i in range(len(tokens) - n + 1))


def refine(code: str, predicate: str | None, tokens: Sequence[str], rules: Sequence[Rule]) -> str:
    """The first matching rule's code, else ``code``: one pass, so rules never chain.

    Only the rules whose first cue group has a phrase starting with a word of the clause
    are tried (:class:`_FirstWords`); the others cannot match. An event's code was refined
    by trying all the rules, a millisecond an article."""
    present = frozenset(tokens)
    index = _first_words(rules)
    for n in index.candidates(present):
        rule = rules[n]
        if rule.applies(code, predicate, tokens, present):
            return rule.code
    return code


@dataclass(frozen=True)
class _FirstWords:
    """Rule numbers by the first words of their first cue group's phrases: a rule applies
    only when every group has a phrase in the clause, and a phrase is there only when its
    first word is (``_has``). Rules with no cue group are always tried."""

    rules: Sequence[Rule]
    by_word: dict[str, tuple[int, ...]]
    always: tuple[int, ...]

    def candidates(self, present: frozenset[str]) -> list[int]:
        """The rules that may apply to a clause of the words ``present``, in book order."""
        found = set(self.always)
        for word in present & self.by_word.keys():
            found.update(self.by_word[word])
        return sorted(found)


_INDEXES: dict[int, _FirstWords] = {}  # id of a rule sequence -> its index (rules held)


def _first_words(rules: Sequence[Rule]) -> _FirstWords:
    kept = _INDEXES.get(id(rules))
    if kept is not None and kept.rules is rules:
        return kept
    by_word: dict[str, set[int]] = {}
    for n, rule in enumerate(rules):
        for phrase in rule.cues[0] if rule.cues else ():
            by_word.setdefault(phrase[0], set()).add(n)
    index = _FirstWords(
        rules,
        {w: tuple(sorted(ns)) for w, ns in by_word.items()},
        tuple(n for n, rule in enumerate(rules) if not rule.cues),
    )
    if len(_INDEXES) >= 64:  # books built in tests come and go; the loaded one stays
        _INDEXES.clear()
    _INDEXES[id(rules)] = index
    return index


def cameo_code(event: Event, tokens: Sequence[str], stance: str | None = None) -> str:
    """The event's CAMEO code at the finest level its clause (``tokens``, lower-cased words)
    supports: the lexicon's code, else the nearest code for its type, refined by cues, then
    read through the event's status and ``stance`` ('intent': 'will send' is 033)."""
    book = load_cameo()
    words = [t.lower() for t in tokens]
    predicate = event.attributes.get("predicate")
    key = predicate if isinstance(predicate, str) else None
    if event.statement:
        return statement_code(words, key)
    base = event.cameo or book.nearest.get(event.type) or book.statement_default
    return stance_code(refine(base, key, words, book.rules), event.type, event.status, stance)


def stance_code(code: str, etype: str, status: str, stance: str | None) -> str:
    """The code a CAMEO coder gives an act as the sentence states it: an intention to
    cooperate (03), a threat (13) or a refusal (12) of the act ``code`` names. A demand that
    someone else act is the speaker's event, not the actor's (:func:`demand_code`)."""
    info = load_lexicon().types.get(etype)
    coded = coded_type(etype, status, stance)
    if info is None or coded in {None, info.plover, "REQUEST"}:
        return code
    return parallel(code, str(coded)) or code


def demand_code(act: str | None) -> str | None:
    """The 10x code for demanding the act ``act`` names ('must withdraw its troops': 1056),
    or None where the codebook has no parallel demand."""
    return parallel(act, "REQUEST") if act else None


def parallel(code: str | None, coded: str) -> str | None:
    """The codebook's parallel category of ``code`` under the coded type's table, by the
    longest prefix of ``code`` it lists."""
    table = load_cameo().stances.get(coded, {})
    for n in (4, 3, 2):
        if code and len(code) >= n and code[:n] in table:
            return table[code[:n]]
    return None


def statement_code(tokens: Sequence[str], verb: str | None = None) -> str:
    """A statement's root-01 code: responsibility claimed (015), empathy (018), pessimism
    (012), optimism (013) and so on, else 010 (make statement)."""
    book = load_cameo()
    words = [t.lower() for t in tokens]
    return refine(book.statement_default, verb, words, book.statement_rules)


def unconventional_code(code: str, sectors: Sequence[str | None]) -> str:
    """'Pirates attacked a tanker': violence by actors of no armed organisation (criminals,
    unidentified gunmen, terrorists) is CAMEO 18, not the 19 its verb gives."""
    book_sectors, start, to = load_cameo().unconventional
    if start and code.startswith(start) and sectors and all(s in book_sectors for s in sectors):
        return to
    return code


def type_of_code(code: str) -> str:
    """The event type a CAMEO code's root stands for (111 criticize -> ACCUSE): the type
    whose nearest code shares the root; a statement where none does."""
    book = load_cameo()
    return next(
        (t for t, near in book.nearest.items() if near[:2] == code[:2] and t != "STATEMENT"),
        "STATEMENT",
    )


def is_statement(code: str | None) -> bool:
    """Whether a code is a public statement (CAMEO root 01)."""
    return bool(code) and str(code).startswith(STATEMENT_ROOT)


def code_name(code: str) -> str | None:
    """The codebook's name for a code ("Carry out suicide bombing" for 1831)."""
    return load_cameo().names.get(code)
