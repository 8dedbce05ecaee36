"""Every entity mention of an article: names, nominals, pronouns and times.

The brief holds the named entities and the time expressions; cross-document coreference
also needs the mentions a reader resolves without a name: "the driver", "the vessel", "she",
"which". This module finds them on the already parsed body (no second parse) and gives each
a local cluster id where the article itself settles who it is: the brief entity id for a
name; the name's id for a nominal in apposition or a title in front of a name ("the actress
Jane Doe", "Jane Doe, the company's chief"); the antecedent's id for a pronoun whose
antecedent is unambiguous. Everything else is left for cross-document clustering.

Span conventions follow ECB+ (the public benchmark for the task): a nominal is its head
noun, with the proper-noun compounds in front of it only when the head is a proper noun too
("Surgeon General"; "Navy warship" -> "warship", "merchant vessel" -> "vessel"), without
determiners or adjectives, except a place governed by a locative preposition, which keeps the
preposition and its article ("in the parking lot"); a name or a time is the span the brief
gives it, with an honorific in front of a person ("Dr. Jane Doe"), the preposition and article
in front of a place or a time ("in the Gulf of Guinea", "on Friday"), no nationality
adjective ("Indian Navy" -> "Navy"), and the rest of a name cut at a split initial ("Jane Q .
Public"). A name used as a modifier ("the Acme shares") is no mention. Pure and cheap (well
under 1 ms an article on top of the parse).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Brief, EntityMention
from newsgraph.names import name_gender
from newsgraph.nlp import gazetteer as gz


@dataclass(frozen=True)
class _Rules:
    pronouns: dict[str, str]  # lower-cased pronoun -> agreement class (m, f, n, p, i, we, rel)
    not_entities: frozenset[str]  # nouns that name no participant (events, measures, ...)
    event_suffixes: tuple[str, ...]
    keep_suffixed: frozenset[str]
    locative: frozenset[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = resources.files("newsgraph.data")
    raw = json.loads(data.joinpath("mentions.json").read_text("utf-8"))
    events = json.loads(data.joinpath("events.json").read_text("utf-8"))
    return _Rules(
        pronouns={p: cls for cls, words in raw["pronouns"].items() for p in words},
        not_entities=frozenset(raw["not_entities"])
        | frozenset(raw["event_nouns"])
        | frozenset(events["nouns"])
        | frozenset(events["aspect_nouns"]),
        event_suffixes=tuple(raw["event_suffixes"]),
        keep_suffixed=frozenset(raw["keep_suffixed"]),
        locative=frozenset(raw["locative_prepositions"]),
    )


def pronoun_class(word: str) -> str | None:
    """The agreement class of a pronoun ('she' -> 'f'), None for a word that is not one."""
    return _rules().pronouns.get(word.casefold())


def is_eventive(lemma: str) -> bool:
    """A noun that names an action or a measure rather than a participant."""
    rules = _rules()
    if lemma in rules.not_entities:
        return True
    return lemma.endswith(rules.event_suffixes) and lemma not in rules.keep_suffixed


def is_locative(preposition: str) -> bool:
    """A preposition that makes its noun a place ('in the parking lot')."""
    return preposition.casefold() in _rules().locative


def find_mentions(doc: Doc, brief: Brief) -> list[EntityMention]:
    """Every entity mention of the body, in text order; ``doc`` is the parse the brief was
    built from (or one of the same text)."""
    names = _name_mentions(doc, brief)
    times = _time_mentions(doc, brief)
    taken = _covered(doc, names + times)
    nominals = _nominal_mentions(doc, taken)
    _link_appositions(doc, names, nominals)
    pronouns = _pronoun_mentions(doc, names, brief)
    return sorted(names + times + nominals + pronouns, key=lambda m: (m.start, m.end))


def _head_of(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _name_mentions(doc: Doc, brief: Brief) -> list[EntityMention]:
    found: list[EntityMention] = []
    for ent in brief.entities:
        for m in ent.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            if span.root.dep_ == "compound":  # a name used as a modifier: 'the Acme shares'
                continue
            head = span.root.lemma_.casefold()
            span = _name_span(span, ent.type)
            if span is None:
                continue
            found.append(
                EntityMention(span.start_char, span.end_char, span.text, "name", head, ent.id)
            )
    return _without_overlaps(found)


PLACE_TYPES = frozenset({"PLACE"})


def _name_span(span: Span, etype: str) -> Span | None:
    """ECB+ spans: no nationality adjective in front ('Indian Navy' -> 'Navy'); an
    honorific in front of a person kept ('Dr. Jane Doe'); a place with its article and
    locative preposition ('in the Gulf of Guinea')."""
    doc = span.doc
    start, end = span.start, _past_initials(doc, span.end)
    while start < end and doc[start].tag_ == "JJ":
        start += 1
    if start == end:
        return None
    if etype == "PERSON":
        start = _with_honorific(doc, start)
    elif etype in PLACE_TYPES:
        start = _with_preposition(doc, start, doc[start:end].root)
    return doc[start:end]


def _past_initials(doc: Doc, end: int) -> int:
    """A name cut at a split initial runs on past it: 'Jane Q' + '. Public' -> 'Jane Q .
    Public', 'U' + '. S .' -> 'U . S'; the capitalised words after it come along."""
    moved = end
    while (
        moved + 1 < len(doc)
        and len(doc[moved - 1].text) == 1
        and doc[moved - 1].is_upper
        and doc[moved].text == "."
        and doc[moved + 1].text[:1].isupper()
        and doc[moved + 1].is_alpha
        and not doc[moved].whitespace_.count("\n")
    ):
        moved += 2
    while (
        moved != end
        and moved < len(doc)
        and doc[moved].tag_ in ("NNP", "NNPS")
        and "\n" not in doc[moved - 1].whitespace_
    ):
        moved += 1
    return moved


def _with_honorific(doc: Doc, start: int) -> int:
    """'Dr Jane Doe', 'Dr. Jane Doe' and 'Dr . Jane Doe' (a split abbreviation)."""
    at = start
    if at > 1 and doc[at - 1].text == "." and gz.is_honorific(doc[at - 2].text):
        at -= 2
    while at > 0 and gz.is_honorific(doc[at - 1].text):
        at -= 1
    return at


def _with_preposition(doc: Doc, start: int, root: Token) -> int:
    """Extend a span to its article and the preposition governing it."""
    if start > 0 and doc[start - 1].lower_ in ("the", "a", "an"):
        start -= 1
    if root.dep_ == "pobj" and root.head.i == start - 1 and root.head.pos_ == "ADP":
        start -= 1
    return start


def _time_mentions(doc: Doc, brief: Brief) -> list[EntityMention]:
    found: list[EntityMention] = []
    for t in brief.times:
        if t.evidence.field != "text" or t.end <= t.start:
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        local = f"T:{t.value}" if t.value else f"TT:{span.text.casefold()}"
        head = span.root.lemma_.casefold()
        span = doc[_with_preposition(doc, span.start, span.root) : span.end]
        found.append(EntityMention(span.start_char, span.end_char, span.text, "time", head, local))
    return _without_overlaps(found)


def _without_overlaps(found: list[EntityMention]) -> list[EntityMention]:
    """Longest first; a mention overlapping one already kept is dropped."""
    kept: list[EntityMention] = []
    for m in sorted(found, key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _covered(doc: Doc, mentions: list[EntityMention]) -> set[int]:
    taken: set[int] = set()
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            taken.update(range(span.start, span.end))
    return taken


NOMINAL_POS = frozenset({"NOUN", "PROPN"})


def _nominal_mentions(doc: Doc, taken: set[int]) -> list[EntityMention]:
    found: list[EntityMention] = []
    for tok in doc:
        if not _is_nominal_head(tok, taken):
            continue
        first = _compound_start(tok)
        modifiers = _modifiers(tok)
        if tok.dep_ == "pobj" and is_locative(tok.head.text):
            first = _with_preposition(doc, first, tok)
        span = doc[first : tok.i + 1]
        found.append(
            EntityMention(
                span.start_char,
                span.end_char,
                span.text,
                "nominal",
                tok.lemma_.casefold(),
                None,
                modifiers,
                tok.tag_ in ("NNS", "NNPS"),
            )
        )
    return found


def _is_nominal_head(tok: Token, taken: set[int]) -> bool:
    """A common or proper noun heading a noun phrase that may name a participant."""
    if tok.i in taken or tok.pos_ not in NOMINAL_POS or tok.dep_ in NOT_ARGUMENT:
        return False
    if len(tok.text) < 2 or not tok.text[:1].isalpha():
        return False
    return not is_eventive(tok.lemma_.casefold())


NOT_ARGUMENT = frozenset({"compound", "ROOT", "nmod", "amod", "ccomp", "advcl", "acl"})


def _compound_start(tok: Token) -> int:
    """The first of the contiguous proper-noun compounds in front of a proper-noun head
    ('Surgeon General'); in front of a common noun they are left out ('Navy warship' ->
    'warship', 'merchant vessel' -> 'vessel'), as ECB+ marks them most often."""
    first = tok.i
    while first > 0 and tok.pos_ == "PROPN":
        left = tok.doc[first - 1]
        if left.dep_ != "compound" or left.pos_ != "PROPN" or left.head.i < tok.i - 3:
            break
        first -= 1
    return first


def _modifiers(tok: Token) -> tuple[str, ...]:
    """Compounds and adjectives in front of the head, in and out of the span, for telling
    'the Acme plant' from 'the Zenith plant'."""
    return tuple(c.lemma_.casefold() for c in tok.lefts if c.dep_ in ("compound", "amod", "nummod"))


def _link_appositions(doc: Doc, names: list[EntityMention], nominals: list[EntityMention]) -> None:
    """A nominal in apposition to a name, or a title noun right in front of one, is that
    name's entity: 'the actress Jane Doe', 'Jane Doe, the company's chief'."""
    by_token: dict[int, EntityMention] = {}
    for m in names:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            for t in span:
                by_token[t.i] = m
    for n, nom in enumerate(nominals):
        head = _head_of(doc, nom.start, nom.end)
        if head is None:
            continue
        name = _apposed_name(head, by_token)
        if name is not None:
            nominals[n] = EntityMention(
                nom.start,
                nom.end,
                nom.text,
                nom.kind,
                nom.head,
                name.local,
                nom.modifiers,
                nom.plural,
            )


def _apposed_name(head: Token, by_token: dict[int, EntityMention]) -> EntityMention | None:
    if head.dep_ == "appos" and head.head.i in by_token:
        return by_token[head.head.i]
    for child in head.children:
        if child.dep_ == "appos" and child.i in by_token:
            return by_token[child.i]
    nxt = head.i + 1  # a title right in front of a name: 'the actress Jane Doe'
    if nxt < len(head.doc) and nxt in by_token and head.head.i == nxt:
        name = by_token[nxt]
        return name if name.start == head.doc[nxt].idx else None
    return None


def _pronoun_mentions(doc: Doc, names: list[EntityMention], brief: Brief) -> list[EntityMention]:
    speakers = {
        (q.speaker_start, q.speaker_end): q.speaker
        for q in brief.quotes
        if q.speaker and q.speaker_start is not None
    }
    genders = {e.id: _gender(e.name, e.type) for e in brief.entities}
    found: list[EntityMention] = []
    for tok in doc:
        cls = pronoun_class(tok.text)
        if cls is None or tok.pos_ not in ("PRON", "DET") or tok.dep_ == "expl":
            continue
        if cls == "rel" and not _is_relative(tok):
            continue
        local = speakers.get((tok.idx, tok.idx + len(tok)))
        if local is None:
            local = _antecedent(tok, cls, names, genders)
        found.append(
            EntityMention(
                tok.idx,
                tok.idx + len(tok),
                tok.text,
                "pronoun",
                tok.text.casefold(),
                local,
                (),
                cls == "p",
            )
        )
    return found


def _is_relative(tok: Token) -> bool:
    verb = tok.head
    return verb.dep_ == "relcl" or (
        tok.dep_ in ("nsubj", "nsubjpass", "dobj") and verb.dep_ == "relcl"
    )


def _gender(name: str, etype: str) -> str:
    if etype != "PERSON":
        return "n"
    return name_gender(name) or "?"


def _antecedent(
    tok: Token, cls: str, names: list[EntityMention], genders: dict[str, str]
) -> str | None:
    """The nearest name before the pronoun, in its sentence or the one before, that agrees
    with it (a person of unknown gender agrees with he and she); None when there is none.
    A relative pronoun's antecedent is the noun its clause hangs on."""
    if cls == "rel":
        noun = tok.head.head
        hits = [m for m in names if m.start <= noun.idx < m.end]
        return hits[0].local if hits else None
    if cls not in ("m", "f"):
        return None
    sent = tok.sent
    window_start = sent.start_char
    if sent.start > 0:
        window_start = tok.doc[sent.start - 1].sent.start_char
    agreeing = [
        m
        for m in names
        if window_start <= m.start < tok.idx and genders.get(m.local or "") in (cls, "?")
    ]
    return agreeing[-1].local if agreeing else None
