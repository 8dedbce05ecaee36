"""Which words are event predicates: lexicon lookup over the dependency parse.

A verb is looked up as a phrasal verb first ("broke down", "called for"), then alone; a light
verb carrying an event noun ("held talks", "imposed a curfew") gives way to the noun; an
aspect noun ("the resumption of talks", "a fourth round of talks") passes through to the event
it qualifies. Entries restricted to some arguments ("collapse" of a regime, "operate" by armed
forces) are checked here.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp.event_lexicon import Lexicon, Predicate

LIGHT_DEPS = frozenset({"dobj", "nsubjpass", "attr"})  # how a light verb carries its noun
CONNECTIVES = frozenset({"given", "provided", "providing", "granted", "granting", "considering"})
# light verbs that carry their noun through a preposition: 'went on strike', 'remained on
# alert', 'agreed to a ceasefire'
PREP_LIGHT = {"on": frozenset({"go", "remain", "stay"}), "to": frozenset({"go", "agree"})}


def depth(tok: Token) -> int:
    n = 0
    while tok.head.i != tok.i and n < 50:
        tok, n = tok.head, n + 1
    return n


def event_noun(tok: Token, lex: Lexicon, plural: bool = False) -> Predicate | None:
    """The noun entry for ``tok``, following aspect nouns ('resumption of talks'). A plural
    is read by its singular's entry only where ``plural`` (a light verb's object: 'carried
    out 100 attacks'); alone, plurals are mostly generic ('attacks are rising')."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return None
    single = plural or tok.tag_ != "NNS"
    for child in tok.children:
        if child.dep_ in {"compound", "amod"}:
            for form in (tok.lower_, tok.lemma_.lower()) if single else (tok.lower_,):
                if f"{child.lower_} {form}" in lex.nouns:  # 'carried out air strikes'
                    return lex.nouns[f"{child.lower_} {form}"]
        if child.dep_ == "compound" and tok.lower_ in lex.aspect_nouns:
            inner = lex.nouns.get(child.lower_)  # "a mediation effort", "a peace mission"
            if inner is not None:
                return inner
    return lex.nouns.get(tok.lower_) or (lex.nouns.get(tok.lemma_.lower()) if single else None)


def through_aspect(tok: Token, lex: Lexicon) -> Token:
    """'a new round of talks' -> 'talks'; 'the resumption of negotiations' -> 'negotiations'."""
    for _ in range(2):
        if tok.lower_ not in lex.aspect_nouns and tok.lemma_.lower() not in lex.aspect_nouns:
            return tok
        nxt = next(
            (
                c
                for p in tok.children
                if p.dep_ == "prep" and p.lower_ == "of"
                for c in p.children
                if c.dep_ == "pobj"
            ),
            None,
        )
        if nxt is None:
            return tok
        tok = nxt
    return tok


def _light_object(verb: Token, lex: Lexicon) -> Token | None:
    """The event noun a light verb carries ('held talks', 'imposed a curfew')."""
    if verb.lemma_.lower() not in lex.light_verbs:
        return None
    for child in verb.children:
        if child.dep_ in LIGHT_DEPS:
            noun = through_aspect(child, lex)
            if event_noun(noun, lex, plural=noun is child) is not None:
                return noun
    return None


def _told_to_act(verb: Token) -> bool:
    """'told residents to leave', 'telling the lawyers to sit down': an object and a
    to-infinitive, which make 'tell' an order; 'told reporters that ...' is speech."""
    return any(c.dep_ in {"dobj", "dative"} for c in verb.children) and _to_infinitive(verb)


def _to_infinitive(verb: Token) -> bool:
    return any(
        c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        for c in verb.children
    )


def _constraint_words(tok: Token) -> set[str]:
    words = {tok.lower_}
    for child in tok.children:
        words |= {child.lower_, child.lemma_.lower()}
        words |= {g.lower_ for g in child.children if g.dep_ in {"pobj", "dobj", "compound"}}
        words |= {g.lemma_.lower() for g in child.children if g.dep_ in {"dobj", "xcomp"}}
    if tok.pos_ in {"NOUN", "PROPN"}:
        words |= {tok.head.lower_}
    return words


def _allowed(pred: Predicate, tok: Token) -> bool:
    if pred.to_infinitive and not _told_to_act(tok):
        return False
    if pred.no_infinitive and _to_infinitive(tok):
        return False
    if not pred.only_with and not pred.only_with_not:
        return True
    words = _constraint_words(tok)
    if pred.only_with and not (words & pred.only_with):
        return False
    return not (words & pred.only_with_not)


def match_predicate(tok: Token, lex: Lexicon) -> Predicate | None:
    """The lexicon entry ``tok`` heads, if any (phrasal verbs before plain verbs)."""
    if tok.pos_ in {"VERB", "AUX"} or (tok.pos_ == "NOUN" and tok.tag_.startswith("VB")):
        if _connective(tok):
            return None
        lemma = tok.lemma_.lower()
        for child in tok.children:
            if child.dep_ in {"prt", "prep", "dobj", "advmod"}:
                pred = lex.phrasal.get(f"{lemma} {child.lower_}")
                if pred is not None and _allowed(pred, tok):
                    return pred
        if _light_object(tok, lex) is not None:
            return None
        pred = lex.verb(lemma, tok.lower_)
        return pred if pred is not None and _allowed(pred, tok) else None
    carried = tok.dep_ in LIGHT_DEPS and tok.head.lemma_.lower() in lex.light_verbs
    pred = event_noun(tok, lex, plural=carried)
    if pred is None or tok.dep_ == "compound":
        return None
    return pred if _allowed(pred, tok) else None


def _connective(tok: Token) -> bool:
    """'given that', 'provided that', 'granted that': a participle opening a reason or a
    condition, used as a conjunction; nobody gives or provides anything."""
    if tok.lower_ not in CONNECTIVES or tok.i + 1 >= len(tok.doc):
        return False
    after = tok.doc[tok.i + 1]
    bare = not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in tok.children)
    return bare and after.lower_ == "that"  # parsed as a mark, or as a determiner


def light_head(tok: Token, lex: Lexicon) -> Token | None:
    """The light verb carrying this noun, possibly through an aspect noun."""
    cur = tok
    for _ in range(3):
        head = cur.head
        if cur.dep_ in LIGHT_DEPS and head.lemma_.lower() in lex.light_verbs:
            return head
        through = PREP_LIGHT.get(head.lower_, frozenset())
        if cur.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in through:
            return head.head
        if cur.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in lex.aspect_nouns:
            cur = head.head
            continue
        break
    return None
