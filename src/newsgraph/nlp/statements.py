"""Public statements: reported speech of a political actor, CAMEO root 01.

"Kenya's foreign minister said the talks were constructive" is an event in CAMEO (013, an
optimistic comment, Kenya -> the talks' other side) though it is none in PLOVER. The most
frequent root in coded news, it is what a coder records when a political actor speaks and
the words carry no other CAMEO action: a reporting verb with no lexicon entry of its own
("urged", "warned" and "denied" are events already) whose subject is an actor a coder can
code (a country, an organisation, an official, a person holding an office), told outside
the contexts in which no coder would code it (a company's results: ``statement.not_in``).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsgraph.nlp.actors import actor_code, sector_for
from newsgraph.nlp.cameo import load_cameo
from newsgraph.nlp.coref import EntityIndex
from newsgraph.nlp.event_args import Arg, args_for, subject_of
from newsgraph.nlp.event_filter import told_in

SPOKEN_TO = frozenset({"dobj", "dative"})
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "parataxis", "prep", "advcl", "dative"})
TARGET_TYPES = frozenset({"PERSON", "ORG", "COUNTRY", "GROUP"})
CODABLE_TYPES = frozenset({"ORG", "COUNTRY", "GROUP"})  # a person needs an office or a country


@dataclass
class Statement:
    """One statement as read from the parse: the verb, who spoke, about or to whom."""

    verb: Token
    speakers: list[Arg]
    targets: list[Arg]
    clause: Span


def political(args: list[Arg], index: EntityIndex) -> bool:
    """Whether a coder could code the speaker: a country, an organisation or group that is
    not a company or a medium, a person with an office or a country, or an unnamed official
    ('a senior official'); never someone whose role is of a non-political sector ('WCCO TV
    Managing Editor Angela Benson', 'a hospital spokesman')."""
    book = load_cameo()
    for arg in args:
        ent = index.get(arg.entity)
        sector = sector_for(arg.head_words)
        if sector in book.unpolitical_sectors:
            continue
        if ent is not None and ent.type in CODABLE_TYPES:
            if not _company(ent.name, book.unpolitical_sectors, book.company_words):
                return True
            continue
        code = actor_code(index, arg.entity, arg.head_words) if arg.entity else None
        if code and code.split()[-1] not in book.unpolitical_sectors:
            return True
        if arg.entity is None and sector:
            return True
    return False


def _company(name: str, sectors: frozenset[str], words: frozenset[str]) -> bool:
    """'General Motors Corp', 'The Washington Post', 'WCCO TV': named as a business or a
    medium, by its last word or by the sector its words give."""
    parts = name.replace(".", " ").split()
    return bool(parts) and (parts[-1].lower() in words or sector_for(parts) in sectors)


def _about(verb: Token, speakers: set[str], index: EntityIndex) -> Token | None:
    """The first actor the statement is about: the subject of the reported clause, else
    the first person, country or organisation in it (the speaker excepted)."""
    for child in verb.children:
        if child.dep_ not in CONTENT_DEPS or child.dep_ in SPOKEN_TO:
            continue
        for tok in child.subtree:
            ent = index.get(index.entity_at(tok.i))
            if ent is not None and ent.type in TARGET_TYPES and ent.id not in speakers:
                return tok
    return None


def find_statement(verb: Token, index: EntityIndex, context: list[str]) -> Statement | None:
    """A statement made with ``verb``, or None: not a statement verb, negated ('did not
    say'), passive or with no codable speaker."""
    book = load_cameo()
    if verb.pos_ not in {"VERB", "AUX"} or verb.lemma_.lower() not in book.statement_verbs:
        return None
    if any(c.dep_ == "neg" or c.lower_ in book.habitual for c in verb.children):
        return None  # 'did not say'; 'often say' (no occasion)
    subj, passive = subject_of(verb)
    if subj is None or passive or verb.dep_ in {"amod", "acl", "relcl"}:
        return None
    speakers = args_for(subj, index, context)
    if not political(speakers, index) or told_in(book.statement_contexts, verb.sent, index):
        return None  # a company's results or a deal's terms are no political statement
    about = _about(verb, {a.entity for a in speakers if a.entity}, index)
    targets = args_for(about, index, []) if about is not None else []
    clause = verb.doc[verb.left_edge.i : verb.right_edge.i + 1]
    if verb.dep_ in {"parataxis", "ccomp"} and verb.head.i != verb.i:  # "..., X said."
        head = verb.head
        clause = verb.doc[head.left_edge.i : head.right_edge.i + 1]
        if not targets:
            about = _about(head, {a.entity for a in speakers if a.entity}, index)
            targets = args_for(about, index, []) if about is not None else []
    return Statement(verb, speakers, targets, clause)
