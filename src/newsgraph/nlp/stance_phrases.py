"""Stances carried by an adjective or a noun rather than a verb.

``Republicans are convinced the probe was mishandled``, ``Cruz is critical of the deal``,
``her argument that the plan fails``, ``he made the case that ...``: PolNeAR counts each as
an attribution, and they are common in political copy. Each finder returns the cue, the
token that names the holder (to be checked by the caller, which knows who can hold a
view) and the token range of the content; the words themselves are data
(``stance_adjectives``, ``stance_nouns`` and ``light_verbs`` in ``data/reporting.json``).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.nlp.speech import lexicon

_CLAUSES = frozenset({"ccomp", "xcomp", "acl"})
_LEAD_WORDS = frozenset({"that", "to"})


@dataclass(frozen=True)
class Cue:
    """A stance found on an adjective or a noun: the cue, its holder, the content."""

    cue: Token
    holder: Token
    lo: int  # token range of the content
    hi: int


def adjective_stance(adj: Token) -> Cue | None:
    """``X is confident (that) P``, ``X is opposed to P``, ``X was willing to P``: an
    adjective (or a participle used as one) predicated of its holder."""
    entry = _adjective_entry(adj)
    if entry is None:
        return None
    holder = _predicate_subject(adj)
    content = _complement(adj, entry)
    if holder is None or content is None:
        return None
    return Cue(adj, holder, *content)


def noun_stance(noun: Token) -> Cue | None:
    """``his claim that P``, ``Smith's argument that P``, ``X made the case that P``: a
    stance noun with a clause, held by its possessor or by the subject of a light verb."""
    if noun.pos_ != "NOUN":
        return None
    content = _noun_content(noun)
    holder = _noun_holder(noun) if content is not None else None
    if content is None or holder is None:
        return None
    return Cue(noun, holder, *content)


def _noun_content(noun: Token) -> tuple[int, int] | None:
    """The that-clause or infinitive of a stance noun (``claim that P``, ``pledge to P``)."""
    if noun.lemma_.lower() not in lexicon().stance_nouns:
        return None
    clause = next((c for c in noun.rights if c.dep_ in _CLAUSES and _finite_or_to(c)), None)
    if clause is None:
        return None
    return _without_lead(clause.left_edge.i, clause.right_edge.i + 1, noun)


def _adjective_entry(adj: Token) -> str | None:
    """The preposition the lexicon asks for (``""`` for any complement), or None."""
    if adj.pos_ not in ("ADJ", "VERB") or adj.dep_ not in ("acomp", "ROOT", "ccomp", "conj"):
        return None
    entries = lexicon().stance_adjectives
    word = adj.lower_
    if word in entries:
        return ""
    return next((p for p in _preps(adj) if (word, p) in lexicon().phrasal_stance_adjectives), None)


def _preps(adj: Token) -> list[str]:
    return [c.lower_ for c in adj.rights if c.dep_ == "prep"]


def _predicate_subject(adj: Token) -> Token | None:
    """``X is sure``: the copula's subject; ``X was convinced``: the participle's own."""
    own = next((c for c in adj.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if own is not None:
        return own
    for aux in (c for c in adj.lefts if c.dep_ in ("aux", "auxpass")):
        hung = next((c for c in aux.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if hung is not None:
            return hung  # the parser hung the subject on "are" in "are convinced"
    if adj.dep_ == "acomp" and adj.head.lemma_ in ("be", "seem", "appear", "remain", "sound"):
        return next((c for c in adj.head.children if c.dep_ == "nsubj"), None)
    return None


def _complement(adj: Token, prep: str) -> tuple[int, int] | None:
    """The clause or infinitive after the adjective, or its prepositional object; a clause
    the parser hung on the copula (``is adamant [that P]``) counts too."""
    rights = list(adj.rights)
    if adj.dep_ == "acomp":
        rights += [c for c in adj.head.rights if c.i > adj.i and c.dep_ in ("ccomp", "xcomp")]
    for child in rights:
        if child.dep_ in ("ccomp", "xcomp"):
            return _without_lead(child.left_edge.i, child.right_edge.i + 1, adj)
        if child.dep_ == "prep" and (not prep or child.lower_ == prep):
            objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objs:
                return objs[0].left_edge.i, objs[-1].right_edge.i + 1
    return None


def _without_lead(lo: int, hi: int, cue: Token) -> tuple[int, int]:
    """Drop a leading ``that`` or ``to`` (the content is what follows it)."""
    doc = cue.doc
    while lo < hi - 1 and (doc[lo].lower_ in _LEAD_WORDS or lo <= cue.i):
        lo += 1
    return lo, hi


def _finite_or_to(clause: Token) -> bool:
    """A that-clause or an infinitive (``the claim that ...``, ``his pledge to ...``), not a
    participle (``the claim made by ...``)."""
    kids = list(clause.lefts)
    if any(c.lower_ in _LEAD_WORDS and c.dep_ in ("mark", "aux", "det") for c in kids):
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in kids)


def _noun_holder(noun: Token) -> Token | None:
    """Whose stance the noun is: its possessor (``his``, ``Smith's``), or the subject of the
    light verb it is the object of (``X made the argument``)."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in lexicon().light_verbs:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)
