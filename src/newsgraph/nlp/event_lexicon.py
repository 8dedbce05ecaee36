"""The predicate lexicon (``data/events.json``) loaded once and indexed for lookup.

Rules that decide which words are events live in the data file, not in code: verbs,
phrasal verbs and event nouns with their PLOVER/domestic type and CAMEO code, the light
verbs that lend their subject to an event noun ("held talks"), and the cue words for status.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsgraph.errors import NewsgraphError

KINDS = {"verbs": "verb", "phrasal": "phrasal", "nouns": "noun"}


@dataclass(frozen=True)
class Predicate:
    """One lexicon entry: a word (or two) that names an event of ``type``."""

    key: str
    kind: str  # verb, phrasal or noun
    type: str
    cameo: str | None
    example: str
    mode: str | None = None
    of_role: str = "target"  # nouns: is "the X of Y" Y's action (actor) or done to Y
    only_with: frozenset[str] = frozenset()
    only_with_not: frozenset[str] = frozenset()
    subject_sector: frozenset[str] = frozenset()
    to_infinitive: bool = False  # only with an object told to act: 'told residents to leave'
    no_infinitive: bool = False  # never with a to-infinitive: 'sought to ensure' is trying
    forms: tuple[str, ...] = ()  # inflections the lemmatiser misses ("forgave")


@dataclass(frozen=True)
class EventType:
    name: str
    plover: str | None  # the PLOVER type a domestic type codes as, None where none fits
    polarity: int  # +1 cooperative, -1 hostile, 0 neither


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Predicate]
    phrasal: dict[str, Predicate]
    nouns: dict[str, Predicate]
    types: dict[str, EventType]
    aspect_nouns: frozenset[str]
    light_verbs: frozenset[str]
    status: dict[str, frozenset[str]]
    intent_governors: frozenset[str]
    arguments: dict[str, frozenset[str]]
    verb_forms: dict[str, Predicate]

    def verb(self, lemma: str, form: str) -> Predicate | None:
        """The verb entry by lemma, or by a listed irregular form."""
        return self.verbs.get(lemma) or self.verb_forms.get(form)

    def cue(self, name: str) -> frozenset[str]:
        return self.status.get(name, frozenset())

    def arg(self, name: str) -> frozenset[str]:
        return self.arguments.get(name, frozenset())


def _predicate(key: str, kind: str, raw: dict[str, Any]) -> Predicate:
    return Predicate(
        key=key,
        kind=kind,
        type=raw["type"],
        cameo=raw.get("cameo"),
        example=raw["example"],
        mode=raw.get("mode"),
        of_role=raw.get("of", "target"),
        only_with=frozenset(raw.get("only_with", [])),
        only_with_not=frozenset(raw.get("only_with_not", [])),
        subject_sector=frozenset(raw.get("subject_sector", [])),
        to_infinitive=bool(raw.get("to_infinitive", False)),
        no_infinitive=bool(raw.get("no_infinitive", False)),
        forms=tuple(raw.get("forms", [])),
    )


def parse_lexicon(data: dict[str, Any]) -> Lexicon:
    """Build the lookup tables; a malformed file is a :class:`NewsgraphError`."""
    try:
        types = {
            k: EventType(k, v.get("plover"), int(v.get("polarity", 0)))
            for k, v in data["types"].items()
        }
        tables = {
            kind: {k: _predicate(k, KINDS[kind], v) for k, v in data[kind].items()}
            for kind in KINDS
        }
        lex = Lexicon(
            verbs=tables["verbs"],
            phrasal=tables["phrasal"],
            nouns=tables["nouns"],
            types=types,
            aspect_nouns=frozenset(data["aspect_nouns"]),
            light_verbs=frozenset(data["light_verbs"]),
            status={k: frozenset(v) for k, v in data["status"].items() if isinstance(v, list)},
            intent_governors=frozenset(data["intent_governors"]),
            arguments={k: frozenset(v) for k, v in data["arguments"].items()},
            verb_forms={f: p for p in tables["verbs"].values() for f in p.forms},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise NewsgraphError(f"events.json is malformed: {exc}") from exc
    unknown = {p.type for t in tables.values() for p in t.values()} - set(types)
    if unknown:
        raise NewsgraphError(f"events.json uses undeclared event types: {sorted(unknown)}")
    return lex


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    text = resources.files("newsgraph.data").joinpath("events.json").read_text(encoding="utf-8")
    return parse_lexicon(json.loads(text))


def coded_type(etype: str, status: str, stance: str | None) -> str | None:
    """The PLOVER type a CAMEO-style coder records for an event as the article states it.

    CAMEO codes a stated intention to cooperate as AGREE (03), a stated intention to harm
    as THREATEN (13), a statement that another must act as a demand (10) and a negated
    cooperative act as REJECT (12); domestic types map to their PLOVER counterpart (a
    resignation is a RETREAT) or to nothing.
    """
    lex = load_lexicon()
    info = lex.types.get(etype)
    plover = info.plover if info else etype
    if plover is None or info is None:
        return None
    if stance == "demand" and status == "hypothetical":  # "X said Y must ..."
        return "REQUEST"
    if status in {"planned", "hypothetical"} and stance and plover not in {"AGREE", "THREATEN"}:
        if plover == "REQUEST":
            return plover
        return "AGREE" if info.polarity >= 0 else "THREATEN"
    if status == "negated" and info.polarity > 0:
        return "REJECT"
    return plover
