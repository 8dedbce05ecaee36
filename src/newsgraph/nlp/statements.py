"""Public statements: reported speech of a political actor, CAMEO root 01 (111 where the
speaker's own words criticise).

"Kenya's foreign minister said the talks were constructive" is an event in CAMEO (013, an
optimistic comment, Kenya -> the talks' other side) though it is none in PLOVER. The most
frequent root in coded news, it is what a coder records when a political actor speaks and
the words carry no other CAMEO action: a reporting verb with no lexicon entry of its own
("urged", "warned" and "denied" are events already) whose subject is an actor a coder can
code (a country, an organisation, an official, a person holding an office), told outside
the contexts in which no coder would code it (a company's results: ``statement.not_in``).
A speaker the sentence cannot place (an unresolved 'he', a name with no office) is coded
as a coder reading that sentence alone would, and 'according to X' is X's statement.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsgraph.nlp.actors import actor_code, role_sector, sector_for
from newsgraph.nlp.cameo import load_cameo
from newsgraph.nlp.coref import EntityIndex
from newsgraph.nlp.event_args import Arg, args_for, subject_of
from newsgraph.nlp.event_filter import told_in
from newsgraph.nlp.speech import sentence_of

SPOKEN_TO = frozenset({"dobj", "dative"})
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "parataxis", "prep", "advcl", "dative"})
TARGET_TYPES = frozenset({"PERSON", "ORG", "COUNTRY", "GROUP"})
CODABLE_TYPES = frozenset({"ORG", "COUNTRY", "GROUP"})  # a person needs an office or a country
UNPLACED_PRONOUNS = frozenset({"he", "she", "they"})  # not "I"/"we": the writer or a quote's own


@dataclass
class Statement:
    """One statement as read from the parse: the verb, who spoke, about or to whom."""

    verb: Token
    speakers: list[Arg]
    targets: list[Arg]
    clause: Span
    according: bool = False  # 'according to X, ...' rather than a speech verb


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


def may_state(tok: Token) -> bool:
    """Whether the word could open a statement at all: a statement verb or 'according'.
    Cheap, so that the speaker's context is only worked out for these few words."""
    if tok.lower_ == "according":
        return True
    return tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in load_cameo().statement_verbs


def find_statement(verb: Token, index: EntityIndex, context: list[str]) -> Statement | None:
    """A statement made with ``verb``, or None: not a statement verb, negated ('did not
    say'), passive or with no codable speaker. 'According to X, ...' is X's statement."""
    if not may_state(verb):
        return None
    if verb.lower_ == "according":
        return _according(verb, index, context)
    book = load_cameo()
    if any(c.dep_ == "neg" or c.lower_ in book.habitual for c in verb.children):
        return None  # 'did not say'; 'often say' (no occasion)
    subj, passive = subject_of(verb)
    if subj is None or passive or verb.dep_ in {"amod", "acl", "relcl"}:
        return None
    speakers = args_for(subj, index, context)
    said = [verb]
    if verb.dep_ in {"parataxis", "ccomp"} and verb.head.i != verb.i:  # "..., X said."
        said.append(verb.head)
    clause = verb.doc[said[-1].left_edge.i : said[-1].right_edge.i + 1]
    if not _codable_speaker(speakers, subj, clause, index):
        return None
    if told_in(book.statement_contexts, sentence_of(verb), index):
        return None  # a company's results or a deal's terms are no political statement
    return Statement(verb, speakers, _targets(said, speakers, index), clause)


def _according(word: Token, index: EntityIndex, context: list[str]) -> Statement | None:
    """'According to Amnesty International, its purpose is ...': the source's statement
    about the clause the phrase attaches to, when the source is a codable actor."""
    to = next((c for c in word.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if source is None or word.head.i == word.i:
        return None
    speakers = args_for(source, index, context)
    if not political(speakers, index) or told_in(
        load_cameo().statement_contexts, sentence_of(word), index
    ):
        return None
    head = word.head
    clause = word.doc[head.left_edge.i : head.right_edge.i + 1]
    return Statement(word, speakers, _targets([head], speakers, index), clause, according=True)


def _targets(heads: list[Token], speakers: list[Arg], index: EntityIndex) -> list[Arg]:
    """Whom the statement is about: the first actor found under the first of ``heads`` that
    has one (the speech verb, then the clause it reports from), the speakers excepted."""
    heard = {a.entity for a in speakers if a.entity}
    about = next((a for h in heads if (a := _about(h, heard, index)) is not None), None)
    return args_for(about, index, []) if about is not None else []


def _codable_speaker(speakers: list[Arg], subj: Token, clause: Span, index: EntityIndex) -> bool:
    """A speaker a coder codes: a political one, or one the sentence alone cannot place,
    outside a sports, business or private story. A name with no office or role ('Mr Blair
    said') is taken as news's usual speaker, an official; an unresolved 'he' only when the
    words name a government-side actor: read alone, '13 of Britain's MPs are from ethnic
    minorities, he added' is a statement, 'it was a blow, he said' is none. In a whole
    article 'he' is resolved, and a name's office read, before this."""
    if political(speakers, index):
        return True
    if not speakers or not all(_unplaced(a, index) for a in speakers):
        return False
    if told_in(load_cameo().unplaced_contexts, clause.sent, index):
        return False
    if all(a.entity is not None for a in speakers):
        return True
    said = range(subj.left_edge.i, subj.right_edge.i + 1)
    for tok in clause:
        if tok.i in said or tok.pos_ not in {"NOUN", "PROPN"} or tok.dep_ == "compound":
            continue
        if any(_statecraft(a, index) for a in args_for(tok, index, [])):
            return True
    return False


def _statecraft(arg: Arg, index: EntityIndex) -> bool:
    """A country, or an office, body or party of government, opposition or force ('MPs',
    'the Tories', 'police'); not a place, a company, a team or a person of no office."""
    ent = index.get(arg.entity) if arg.entity else None
    if ent is not None and ent.type == "COUNTRY":
        return True
    sector = sector_for(arg.head_words)
    if sector is None and ent is not None and ent.type in CODABLE_TYPES:
        sector = sector_for(ent.name.split())
    if sector is None and ent is not None and ent.type == "PERSON":
        sector = role_sector(ent)
    return sector is not None and sector in load_cameo().statecraft_sectors


def _unplaced(arg: Arg, index: EntityIndex) -> bool:
    """An unresolved 'he', 'she' or 'they', or a person named with no office, role or
    country: someone the sentence does not say is or is not a political actor."""
    if arg.entity is None:
        words = [w.lower() for w in arg.head_words]
        return len(words) == 1 and words[0] in UNPLACED_PRONOUNS
    ent = index.get(arg.entity)
    return (
        ent is not None
        and ent.type == "PERSON"
        and sector_for(arg.head_words) is None
        and actor_code(index, arg.entity, arg.head_words) is None
    )
