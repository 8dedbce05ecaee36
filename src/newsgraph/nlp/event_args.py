"""Who, where and how sure: the arguments and status of one event predicate.

Reads the dependency parse the way a coder reads a sentence: the subject acts (the "by"
phrase of a passive), the object or a "with/against/to" phrase is the target, "between X and
Y" names both sides, a relative pronoun stands for the noun it modifies, an infinitive
inherits its governor's subject ("X agreed to meet Y"). Status comes from negation, future
and modal auxiliaries, progressive aspect and the verb that governs the predicate
("expected to continue" is planned, "refused to meet" is negated).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from newsgraph.nlp.actors import sector_for
from newsgraph.nlp.cameo import load_cameo
from newsgraph.nlp.coref import EntityIndex
from newsgraph.nlp.event_lexicon import Lexicon, load_lexicon

SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
INHERIT = {"xcomp", "conj", "advcl", "acl", "pcomp", "ccomp", "acomp"}
SPEECH_PRONOUNS = {"it", "they", "he", "she", "we"}
NOT_ACTOR_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT"}
PARTICIPANT_TYPES = {"PERSON", "ORG", "COUNTRY", "GROUP", "PLACE"}
DENIALS = frozenset({"deny"})  # speech verbs whose clause is denied, not reported


@dataclass
class Arg:
    """One participant as written: its head token, its text span and the entity it names."""

    head: int  # token index
    start: int
    end: int
    text: str
    entity: str | None
    head_words: list[str] = field(default_factory=list)


def participant_like(tok: Token, index: EntityIndex) -> bool:
    """Could this noun be an actor (a named entity, a person or group noun, a pronoun), as
    opposed to the thing acted on ('aid', 'a ban', 'its troops' is an actor: 'troops')?"""
    if tok.ent_type_ in NOT_ACTOR_ENTS:
        return False
    if tok.lower_ in {"it", "this", "that"} and tok.head.dep_ != "relcl":
        return False
    if index.entity_at(tok.i) is not None or tok.pos_ in {"PROPN", "PRON"}:
        return True
    if tok.lower_ in {"who", "whom", "that", "which"}:
        return tok.head.dep_ == "relcl"
    if sector_for([tok.lemma_]) or sector_for([tok.text]):
        return True
    return (
        tok.pos_ == "NOUN"
        and _collective(tok)
        and (bool(_modifier_entities(tok, index)) or _reciprocal(tok))
    )


def _collective(tok: Token) -> bool:
    """A noun for a party as a whole: 'side', 'country', 'delegation' (data/events.json)."""
    return tok.lemma_.lower() in load_lexicon().arg("collective_nouns")


def _reciprocal(tok: Token) -> bool:
    """'both sides', 'the two countries': the parties the sentence has already named."""
    cues = load_lexicon().arg("reciprocal_determiners")
    return tok.tag_ == "NNS" and any(c.lower_ in cues for c in tok.children)


def owner_of(thing: Token, index: EntityIndex) -> Token | None:
    """Whose thing it is: 'Turkey's efforts', 'an Indian proposal', 'calls by X'."""
    for child in thing.children:
        if child.dep_ == "poss" and participant_like(child, index):
            return child
        if child.dep_ in {"amod", "compound", "nmod"} and index.entity_at(child.i):
            return child
    for child in thing.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ in {"by", "from", "of", "for", "on"}:
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                if participant_like(pobj, index):
                    return pobj
    return None


PHRASE_STOP = {"relcl", "acl", "appos", "conj", "cc", "punct", "advcl", "prep"}


def noun_phrase(tok: Token) -> tuple[int, int]:
    """Character span of the noun phrase a head noun heads, 'of'-phrases included,
    relative clauses, appositions and conjuncts left out."""
    right = tok
    for child in tok.rights:
        nxt = child.doc[child.i + 1] if child.i + 1 < len(child.doc) else None
        if child.dep_ == "punct" and nxt is not None and nxt.dep_ == "appos":
            continue  # "X, the UN envoy": the apposition names the same actor
        if child.dep_ in PHRASE_STOP - {"appos"} and not (
            child.dep_ == "prep" and child.lower_ == "of"
        ):
            break
        right = child.right_edge
    left = min(
        (c.left_edge for c in tok.lefts if c.dep_ not in {"punct", "cc"}),
        key=lambda t: t.i,
        default=tok,
    )
    return left.idx, right.idx + len(right)


def conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in {"NOUN", "PROPN", "PRON", "ADJ"}:
            out += conjuncts(child)
    return out


def _modifier_entities(tok: Token, index: EntityIndex) -> list[str]:
    """'Kenyan and Ugandan officials', 'Kenya's police', 'NATO troops' -> the modifiers."""
    found: list[str] = []
    for child in tok.children:
        if child.dep_ not in {"amod", "compound", "poss", "nmod", "npadvmod"}:
            continue
        for mod in conjuncts(child):
            eid = index.entity_at(mod.i)
            ent = index.get(eid)
            if ent is not None and ent.type in PARTICIPANT_TYPES and ent.id not in found:
                found.append(ent.id)
    return found


def _reported_speaker(tok: Token) -> Token | None:
    """The subject of the speech verb whose complement ``tok`` is the subject of."""
    if tok.lower_ not in SPEECH_PRONOUNS or tok.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    clause = tok.head
    while clause.dep_ in {"xcomp", "conj"} and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp":
        return None
    subj = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    return subj if subj is not None and subj.lower_ not in SPEECH_PRONOUNS else None


def resolve_head(tok: Token, index: EntityIndex, context: list[str]) -> list[str]:
    """Entity ids one argument head stands for (several for 'Kenyan and Ugandan officials')."""
    if tok.lower_ in {"who", "which", "that", "whom"} and tok.head.dep_ == "relcl":
        tok = tok.head.head
    speaker = _reported_speaker(tok)
    if speaker is not None:  # "X said it will ...": 'it' is X
        return resolve_head(speaker, index, context)
    if tok.lower_ in {"they", "them", "their", "both"}:
        return list(context)
    if tok.pos_ == "NOUN" and _collective(tok) and _reciprocal(tok):
        return _modifier_entities(tok, index) or list(context)
    eid = index.resolve(tok.doc[tok.i : tok.i + 1])
    ent = index.get(eid)
    if ent is not None and ent.type in PARTICIPANT_TYPES:
        return [ent.id]
    for child in tok.children:  # "a team headed by X"
        if child.dep_ == "acl":
            for agent in (c for c in child.children if c.dep_ == "agent"):
                for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                    found = index.entity_at(pobj.i)
                    if found:
                        return [found]
    return _modifier_entities(tok, index) or named_group(tok, index)


def named_group(tok: Token, index: EntityIndex) -> list[str]:
    """'M23 rebels', 'Houthi militants': an armed group named by the proper-noun modifier of
    a fighter noun (its agent sector in ``named_group_sectors``) that the entity stage did
    not find; registered as a GROUP once per article, so that the event has its actor."""
    sectors = load_lexicon().arg("named_group_sectors")
    if tok.pos_ != "NOUN" or sector_for([tok.lemma_]) not in sectors:
        return []
    names = [
        c
        for c in tok.children
        if c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN" and index.entity_at(c.i) is None
    ]
    if not names:
        return []
    span = tok.doc[min(c.left_edge.i for c in names) : max(c.i for c in names) + 1]
    ent = next((e for e in index.entities if e.type == "GROUP" and e.name == span.text), None)
    ent = ent or index.add_entity(span.text, "GROUP")
    index.add_mention(ent.id, span, alias=False)
    return [ent.id]


def _text_between(head: Token, start: int, end: int) -> str:
    """The phrase's text without rebuilding the whole document's text."""
    span = head.doc.char_span(start, end, alignment_mode="expand")
    return span.text if span is not None else head.text


def args_for(tok: Token, index: EntityIndex, context: list[str]) -> list[Arg]:
    """Every conjunct of an argument head, each resolved to its entities."""
    out: list[Arg] = []
    for head in conjuncts(tok):
        head = _reported_speaker(head) or head
        start, end = noun_phrase(head)
        eids = resolve_head(head, index, context)
        words = [t.text for t in head.doc[head.left_edge.i : head.i + 1]]
        text = _text_between(head, start, end)
        if not eids:
            out.append(Arg(head.i, start, end, text, None, words))
        for eid in eids:
            if head.pos_ == "PRON":  # a pronoun stands for the entity's last mention
                start, end, text = _last_mention(index, eid, head.idx, (start, end, text))
            out.append(Arg(head.i, start, end, text, eid, words))
    return out


def _last_mention(
    index: EntityIndex, eid: str, before: int, default: tuple[int, int, str]
) -> tuple[int, int, str]:
    ent = index.get(eid)
    earlier = [m for m in (ent.mentions if ent else []) if m.end <= before]
    return (earlier[-1].start, earlier[-1].end, earlier[-1].text) if earlier else default


def speech_speaker(verb: Token) -> Token | None:
    """'X said (that) Y must ...': the subject X of the speech verb governing ``verb``."""
    clause = verb
    while clause.dep_ in {"xcomp", "conj"} and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp":
        return None
    return next((c for c in clause.head.children if c.dep_ == "nsubj"), None)


def subject_of(verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The subject token and whether it is a passive subject; infinitives and conjoined
    verbs inherit their governor's subject."""
    for child in verb.children:
        if child.dep_ in SUBJ:
            return child, False
        if child.dep_ in PASS_SUBJ:
            return child, True
    if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head, False
    if verb.dep_ in INHERIT and depth < 3 and verb.head.i != verb.i:
        return subject_of(verb.head, depth + 1)
    return None, False


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def prep_objects(
    tok: Token, preps: frozenset[str], skip: frozenset[str] = frozenset()
) -> list[tuple[str, Token]]:
    """(preposition, object) pairs under ``tok``: 'with Y', 'against Y', 'in Z'; phrases
    headed by a ``skip`` word ('according to Y' cites a source) are left out."""
    out: list[tuple[str, Token]] = []
    for child in tok.children:
        if child.dep_ not in {"prep", "agent"} or child.lower_ in skip:
            continue
        if child.lower_ in preps:
            out += [(child.lower_, c) for c in child.children if c.dep_ == "pobj"]
        for inner in child.children:  # "from X to Y": the parser hangs "to" on "from"
            if inner.dep_ == "prep" and inner.lower_ in preps:
                out += [(inner.lower_, c) for c in inner.children if c.dep_ == "pobj"]
    return out


def between(tok: Token) -> Token | None:
    """The first conjunct of a 'between X and Y' phrase in the predicate's clause."""
    for t in tok.subtree:
        if t.lower_ == "between" and t.dep_ == "prep":
            return next((c for c in t.children if c.dep_ == "pobj"), None)
    return None


def _governor_status(tok: Token, lex: Lexicon) -> tuple[str | None, str | None]:
    """Status imposed by a governing verb or adjective: 'refused to', 'agreed to'."""
    cur = tok
    for _ in range(3):
        if cur.dep_ not in {"xcomp", "ccomp", "advcl", "acl", "pcomp", "dobj", "pobj", "prep"}:
            break
        gov = cur.head
        if gov.i == cur.i:
            break
        if cur.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in lex.cue("hypothetical_marks") for c in cur.children
        ):
            return "hypothetical", None
        lemma = gov.lemma_.lower()
        if lemma in lex.cue("negating_governors"):
            return "negated", None
        if lemma in lex.cue("planned_governors") and cur.dep_ in {"xcomp", "ccomp", "acl"}:
            return "planned", "intent" if lemma in lex.intent_governors else None
        cur = gov
    return None, None


def _unreal_mood(tok: Token, kids: list[Token], auxes: list[str], lex: Lexicon) -> bool:
    """'police can arrest', 'would have stormed', 'must have known', 'any strike': an
    ability, a counterfactual or an act of any kind, which no one is said to do. So is a
    condition's consequence or a possibility in the writer's own words ('he would use the
    proceeds to give workers a credit', 'the attorney might request a trial'); in reported
    speech 'would' tells an intention ('X said it would withdraw')."""
    modals = lex.cue("modal") | lex.cue("demand_modals")
    if any(a in lex.cue("ability_modals") for a in auxes):
        return True
    if any(a in lex.cue("conditional_modals") for a in auxes) and not _reported(tok):
        return True
    if any(a in modals for a in auxes) and any(a in lex.cue("perfect_aux") for a in auxes):
        return True
    return any(c.dep_ == "det" and c.lower_ in lex.cue("hypothetical_dets") for c in kids)


def _reported(tok: Token) -> bool:
    """Whether the word stands in a clause a speech verb reports ('X said it would ...');
    a clause denied ('denied reports that it would make her refuse') states no intention."""
    verbs = load_cameo().statement_verbs - DENIALS
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            return False
        if cur.dep_ in {"ccomp", "parataxis"} and cur.head.lemma_.lower() in verbs:
            return True
        cur = cur.head
    return False


def status_of(tok: Token, lex: Lexicon) -> tuple[str, str | None]:
    """(status, stance): stance is "intent" where the article states someone's intention
    ("will", "agreed to"), "demand" where it states an obligation ("X must ...")."""
    kids = list(tok.children)
    if any(c.dep_ == "neg" or (c.lower_ in lex.cue("negation") and c.dep_ == "det") for c in kids):
        return "negated", None
    auxes = [c.lower_ for c in kids if c.dep_ in {"aux", "auxpass"}]
    if _unreal_mood(tok, kids, auxes, lex):
        return "hypothetical", None
    if any(a in lex.cue("future_aux") for a in auxes):
        return "planned", "intent"
    if any(a in lex.cue("demand_modals") for a in auxes):
        return "hypothetical", "demand"
    if any(a in lex.cue("modal") for a in auxes):
        return "hypothetical", "intent"
    if any(c.dep_ == "mark" and c.lower_ in lex.cue("hypothetical_marks") for c in kids):
        return "hypothetical", None
    if any(c.dep_ == "amod" and c.lower_ in lex.cue("planned_modifiers") for c in kids):
        return "planned", None
    governed, stance = _governor_status(tok, lex)
    if governed:
        return governed, stance
    if tok.tag_ == "VBG" and any(a in {"is", "are", "am", "was", "were", "be"} for a in auxes):
        return "ongoing", None
    return "happened", None
