"""PLOVER's full record for an event: its mode, its context and its magnitudes.

PLOVER moved CAMEO's 3- and 4-digit detail into a ``mode`` per event type (how an assault
was done: firearms, explosives, heavy weapons; what form a protest took: demonstration,
hunger strike, riot) and a ``context`` list (military, diplomatic, economic, refugees...),
and records magnitudes: the ``dead`` and ``injured`` of an attack and the ``size`` of a
crowd or of the group acted on. POLECAT publishes all of these; an analyst comparing events
needs them. The signals are data (``data/event_attributes.json``); the numbers are those
:mod:`newsgraph.nlp.quantities` reads, with spelled-out and vague counts ("at least three",
"tens of thousands") read here. :func:`describe` fills one event in place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Event, Quantity
from newsgraph.nlp.convert import doc_text, span_text
from newsgraph.nlp.coref import EntityIndex
from newsgraph.nlp.event_args import Arg
from newsgraph.nlp.numbers import parse_number
from newsgraph.nlp.quantities import doc_quantities

MAX_CONTEXTS = 2
LOCATION_PREPS = {"in", "near", "outside", "at", "into", "around"}


@dataclass(frozen=True)
class AttributeRules:
    modes: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    contexts: tuple[tuple[str, tuple[str, ...]], ...]
    dead: frozenset[str]
    injured: frozenset[str]
    size_types: frozenset[str]
    vague: dict[str, int]
    gold_modes: dict[str, str]
    gold_contexts: dict[str, str]


@lru_cache(maxsize=1)
def load_rules() -> AttributeRules:
    text = resources.files("newsgraph.data").joinpath("event_attributes.json").read_text("utf-8")
    data = json.loads(text)
    mag = data["magnitudes"]
    return AttributeRules(
        modes={
            etype: tuple((name, tuple(words)) for name, words in entries)
            for etype, entries in data["modes"].items()
        },
        contexts=tuple((name, tuple(words)) for name, words in data["contexts"]),
        dead=frozenset(mag["dead"]),
        injured=frozenset(mag["injured"]),
        size_types=frozenset(mag["size_types"]),
        vague={k: int(v) for k, v in mag["vague"].items()},
        gold_modes=dict(data["gold_modes"]),
        gold_contexts=dict(data["gold_contexts"]),
    )


@lru_cache(maxsize=4096)  # the rules' words and phrases: a bounded set
def _whole(word: str) -> re.Pattern[str]:
    """``word`` as a whole word or phrase, compiled once (the rules hold more patterns
    than ``re``'s own cache keeps)."""
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")


def _said(words: tuple[str, ...], text: str) -> int:
    """How many of ``words`` (single words or phrases) the lower-cased text contains.
    A plain substring test first: most words are absent, and that test is far cheaper."""
    return sum(1 for w in words if w in text and _whole(w).search(text))


def mode_of(event_type: str, text: str, lexicon_mode: str | None = None) -> str | None:
    """The PLOVER mode of an event of ``event_type`` told in ``text``: the lexicon's own
    where it is one of the type's modes ('visit'), else the first whose words appear."""
    entries = load_rules().modes.get(event_type, ())
    if lexicon_mode and any(name == lexicon_mode for name, _ in entries):
        return lexicon_mode
    low = text.lower()
    return next((name for name, words in entries if _said(words, low)), None)


def contexts_of(text: str) -> list[str]:
    """The PLOVER contexts the text signals, strongest first (at most two)."""
    low = text.lower()
    scored = [(_said(words, low), n, name) for n, (name, words) in enumerate(load_rules().contexts)]
    found = sorted((s for s in scored if s[0]), key=lambda s: (-s[0], s[1]))
    return [name for _, _, name in found[:MAX_CONTEXTS]]


# ----------------------------------------------------------------------------- magnitudes


def _quantities(doc: Doc) -> list[Quantity]:
    """The document's quantities, read once per document (kept on the Doc)."""
    return doc_quantities(doc)  # shared with the brief's own quantities


def count_of(noun: Token) -> int | None:
    """How many the noun phrase counts: '23 people', 'at least three civilians', 'tens of
    thousands of students', 'a journalist' (1); None where it gives no number."""
    vague = load_rules().vague
    if noun.head.lower_ == "of" and noun.head.head.lower_ in vague:  # 'dozens of protesters'
        noun = noun.head.head
    start = noun.left_edge.idx
    phrase = doc_text(noun.doc)[start : noun.idx + len(noun)].lower()
    for q in _quantities(noun.doc):
        if start <= q.start and q.end <= noun.idx + len(noun) and q.kind in {"count", "cardinal"}:
            return int(q.value)
    for child in noun.children:
        if child.dep_ == "nummod":
            value = parse_number(noun.doc[child.left_edge.i : child.i + 1].text)
            value = value if value is not None else parse_number(child.text)
            if value is not None:
                return int(value)
    bare = re.sub(r"^(?:up to|some|about|around|nearly|more than|at least|over)\s+", "", phrase)
    for key in sorted(vague, key=len, reverse=True):
        if bare.startswith(key + " ") or bare == key:
            if key in {"a", "an", "one"} and noun.tag_ in {"NNS", "NNPS"}:
                continue
            return vague[key]
    return None


def _victims(verb: Token) -> list[Token]:
    """Who suffered the act: the object of 'killed X', the subject of 'X were killed' or
    'X died'."""
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)
    deps = {"nsubjpass", "nsubj"} if passive or verb.lemma_ == "die" else {"dobj"}
    return [c for c in verb.children if c.dep_ in deps]


def casualties(sent: Span, words: frozenset[str]) -> int | None:
    """The number killed (or injured) in the sentence: summed over its verbs of killing."""
    total: int | None = None
    for tok in sent:
        if tok.lemma_.lower() not in words or tok.pos_ not in {"VERB", "AUX"}:
            continue
        for victim in _victims(tok):
            n = count_of(victim)
            if n is not None:
                total = (total or 0) + n
    return total


def size_of(event: Event, args: dict[str, list[Arg]], doc: Doc) -> int | None:
    """The crowd (a protest's actors) or the group acted on (those arrested, deported,
    expelled, tortured)."""
    role = "actors" if event.type in {"PROTEST", "MOBILIZE", "RETREAT"} else "targets"
    for arg in args.get(role, []):
        n = count_of(doc[arg.head])
        if n is not None:
            return n
    return None


def place_in(sent: Span, index: EntityIndex, skip: set[str]) -> str | None:
    """Where the sentence says it happened when the predicate's own phrase does not: the
    first place or country after 'in', 'near', 'outside' or 'at' ('killed ... in a suicide
    bombing in central Baghdad')."""
    for tok in sent:
        if tok.dep_ != "pobj":
            continue
        prep = tok.head
        if prep.lower_ == "of" and prep.head.dep_ == "pobj":  # 'in the city of Kirkuk'
            prep = prep.head.head
        if prep.lower_ not in LOCATION_PREPS:
            continue
        ent = index.get(index.entity_at(tok.i))
        if ent is not None and ent.type in {"PLACE", "COUNTRY"} and ent.id not in skip:
            return ent.id
    return None


def describe(event: Event, sent: Span, args: dict[str, list[Arg]], index: EntityIndex) -> None:
    """Fill the event's mode, context, magnitudes and (where missing) place."""
    rules = load_rules()
    if event.place is None:
        event.place = place_in(sent, index, set(event.actors))
    lexicon_mode = event.attributes.get("mode")
    event.mode = mode_of(
        event.type, span_text(sent), lexicon_mode if isinstance(lexicon_mode, str) else None
    )
    event.context = contexts_of(span_text(sent))
    if event.type == "ASSAULT":
        event.dead = casualties(sent, rules.dead)
        event.injured = casualties(sent, rules.injured)
    if event.type in rules.size_types and event.dead is None and event.injured is None:
        event.size = size_of(event, args, sent.doc)
