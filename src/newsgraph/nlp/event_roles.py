"""Who acted on whom: actors and targets of verbal and nominal predicates.

A verb's subject acts (a passive's "by" phrase), its object is the target when the object is
a party rather than a thing ("gave aid to X": X, not the aid); failing that, a recipient
preposition, an embedded clause's object, the owner of the thing acted on ("rejected a U.S.
request") and, as event coders do, the first named party in the verb's own clause. An event
noun takes its actor from its possessor, its "by/from/between" phrase or the light verb that
carries it ("X held talks with Y").
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp.coref import EntityIndex
from newsgraph.nlp.event_args import (
    Arg,
    agent_of,
    args_for,
    owner_of,
    participant_like,
    prep_objects,
    subject_of,
)
from newsgraph.nlp.event_lexicon import Lexicon, Predicate, load_lexicon
from newsgraph.nlp.event_match import event_noun, light_head, through_aspect

PLACE_TYPES = {"PLACE", "COUNTRY"}
FORCE_TYPES = {"MOBILIZE", "ASSAULT", "COERCE"}
OWNER_PRONOUNS = frozenset({"its", "their"})


def arg_list(toks: list[Token], index: EntityIndex, context: list[str]) -> list[Arg]:
    out: list[Arg] = []
    for tok in toks:
        out += args_for(tok, index, context)
    return out


def verb_roles(
    tok: Token, index: EntityIndex, lex: Lexicon, context: list[str]
) -> tuple[list[Arg], list[Arg], Token | None]:
    """(actors, targets, event noun the verb is about) of a verbal predicate."""
    subj, passive = subject_of(tok)
    agent = agent_of(tok)
    actors: list[Arg] = []
    targets: list[Arg] = []
    about: Token | None = None
    obj = next((c for c in tok.children if c.dep_ in {"dobj", "dative"}), None)
    patient = subj if passive else obj
    if passive and agent is not None:
        actors = arg_list([agent], index, context)
    elif not passive and subj is not None:
        actors = arg_list([subj], index, context)
    elif subj is None:
        issuer = _participle_actor(tok, index)
        actors = arg_list([issuer], index, context) if issuer is not None else []
    if patient is not None:
        noun = through_aspect(patient, lex)
        if event_noun(noun, lex) is not None:
            about = noun
        elif participant_like(patient, index) and not _own_forces(patient):
            targets = arg_list([patient], index, context)
    if not targets:
        targets = _recipient(tok, index, lex, context)
    if not targets and patient is not None:  # "rejected a U.S. request": the requester
        owner = owner_of(about if about is not None else patient, index)
        targets = arg_list([owner], index, context) if owner is not None else []
    if not targets and about is None:
        targets = first_named_after(tok, actors, index, context)
    return actors, targets, about


def _participle_actor(tok: Token, index: EntityIndex) -> Token | None:
    """Who acts in an active participle clause: 'rebels demanding X' -> the rebels; 'X
    issued a statement demanding Y' -> X, the issuer of the statement."""
    if tok.dep_ != "acl" or tok.tag_ != "VBG" or tok.head.pos_ not in {"NOUN", "PROPN"}:
        return None
    noun = tok.head
    if participant_like(noun, index):
        return noun
    if noun.dep_ == "dobj":
        subj, passive = subject_of(noun.head)
        return agent_of(noun.head) if passive else subj
    return None


NAMED = {"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"}


CLAUSE_BREAKS = {"conj", "relcl", "parataxis", "cc", "nsubj", "nsubjpass"}


def _own_clause(tok: Token) -> list[Token]:
    """Tokens of the predicate's clause, without conjoined or subordinate clauses."""
    out: list[Token] = []
    cited = load_lexicon().arg("attribution_preps")  # 'according to X' names a source
    stack = [c for c in tok.children if c.dep_ not in CLAUSE_BREAKS and c.lower_ not in cited]
    while stack:
        t = stack.pop()
        out.append(t)
        stack += [c for c in t.children if c.dep_ not in CLAUSE_BREAKS - {"nsubj"}]
    return sorted(out, key=lambda t: t.i)


def _own_forces(tok: Token) -> bool:
    """'its troops', 'their forces': the actor's own means, not a target."""
    own = {"its", "their", "his", "her"}
    return any(c.dep_ == "poss" and c.lower_ in own for c in tok.children)


def first_named_after(
    tok: Token, actors: list[Arg], index: EntityIndex, context: list[str]
) -> list[Arg]:
    """Last resort, the event coders' habit: the first named party after the verb in its
    own clause ('agreed to set up a centre in X', 'rejected a Y request')."""
    taken = {a.head for a in actors}
    for t in _own_clause(tok):
        if t.i <= tok.i or t.i in taken:
            continue
        if index.entity_at(t.i) is not None or t.ent_type_ in NAMED:
            if t.dep_ == "det":
                continue
            head = t
            while head.dep_ in {"compound", "det"} and head.head.i != head.i:
                head = head.head
            return arg_list([head], index, context)
    return []


def _recipient(
    tok: Token, index: EntityIndex, lex: Lexicon, context: list[str], depth: int = 0
) -> list[Arg]:
    """'give aid to X', 'lift a ban on X', 'agreed to hand over to X': the party a
    prepositional phrase (or an embedded verb's object) names."""
    cited = lex.arg("attribution_preps")
    for prep, pobj in prep_objects(tok, lex.arg("target_preps"), cited):
        if prep != "by" and event_noun(pobj, lex) is None and participant_like(pobj, index):
            return arg_list([pobj], index, context)
    if depth < 2:
        for child in tok.children:
            subj = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if child.dep_ == "ccomp" and subj is not None and participant_like(subj, index):
                return arg_list([subj], index, context)  # "demanded that X withdraw"
            if child.dep_ in {"xcomp", "ccomp", "dobj"}:
                obj = next((c for c in child.children if c.dep_ in {"dobj", "dative"}), None)
                if child.pos_ == "VERB" and obj is not None and participant_like(obj, index):
                    return arg_list([obj], index, context)
                found = _recipient(child, index, lex, context, depth + 1)
                if found:
                    return found
    return []


def noun_roles(
    tok: Token, pred: Predicate, index: EntityIndex, lex: Lexicon, context: list[str]
) -> tuple[list[Arg], list[Arg], list[Arg]]:
    """(actors, targets, mediators) of an event noun: its own modifiers and prepositions,
    then the subject of the light verb that carries it."""
    actors: list[Arg] = []
    targets: list[Arg] = []
    mediators: list[Arg] = []
    for child in tok.children:
        if child.dep_ == "poss" or (
            child.dep_ in {"amod", "compound", "nmod"} and index.entity_at(child.i)
        ):
            found = [a for a in arg_list([child], index, context) if a.entity]
            if found and index.get(found[0].entity) and index.get(found[0].entity).type != "PLACE":  # type: ignore[union-attr]
                actors += found
        if child.dep_ == "acl":
            agent = agent_of(child)
            if agent is not None and child.lemma_.lower() in {"mediate", "broker", "host"}:
                mediators += arg_list([agent], index, context)
    sides: list[Arg] = []
    for prep, pobj in prep_objects(tok, lex.arg("target_preps") | {"by", "between"}):
        found = [a for a in arg_list([pobj], index, context) if a.entity]
        if prep == "between":
            sides += found
        elif prep in {"by", "from"} or (prep == "of" and pred.of_role == "actor"):
            actors += found
        elif prep != "of" or pred.of_role == "target":
            targets += found
    head = light_head(tok, lex)
    if not targets and pred.type in FORCE_TYPES:  # "imposed a curfew in X"
        targets = first_named_after(head or tok, actors, index, context)
    who = _light_subject(head) if head is not None and not actors else None
    if who is not None and sides:  # "X launched a mediation between Y and Z"
        targets += [s for s in sides if s.head not in {t.i for t in who.subtree}]
    else:
        actors += sides
    if head is not None and not actors:
        actors = arg_list([who], index, context) if who is not None else []
        for prep, pobj in prep_objects(head, lex.arg("target_preps")):
            if not targets and prep != "by":
                targets = [a for a in arg_list([pobj], index, context) if a.entity]
    owner = _pronoun_owner(tok) if not actors else None
    if owner is not None:
        actors = arg_list([owner], index, context)
    return actors, targets, mediators


def _pronoun_owner(tok: Token) -> Token | None:
    """Whom 'its'/'their' on an event noun stands for when the noun is what the clause's
    subject acts on: 'the committee completed its investigation', 'Hamas ended its
    boycott' (the subject; a passive's subject is acted on, so none)."""
    if not any(c.dep_ == "poss" and c.lower_ in OWNER_PRONOUNS for c in tok.children):
        return None
    if tok.dep_ != "dobj" or tok.head.pos_ not in {"VERB", "AUX"}:
        return None
    subj, passive = subject_of(tok.head)
    return None if passive or subj is None or subj.pos_ == "PRON" else subj


def _light_subject(head: Token) -> Token | None:
    """Who carries out the event a light verb carries: its subject, a passive's agent."""
    subj, passive = subject_of(head)
    return agent_of(head) if passive else subj
