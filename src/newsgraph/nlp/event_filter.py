"""Which lexicon matches are not political events: metaphors, sports, business, ceremonies,
accidents, illness, and readings with no one to do them.

The lexicon finds every word that can name an event; most news sentences that contain one
report no event ("took a parting shot at the chancellor", "England beat Moldova 2-0", "a
mine collapse killed nine"). The rules are data (``data/event_filter.json``): metaphor
frames (a predicate with a word around it), contexts in which some predicates are not
events, and the actor requirement. :func:`rejection` reads one candidate and says why it is
not an event, or ``None``; it changes nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Span, Token

from newsgraph.nlp.actors import sector_for
from newsgraph.nlp.convert import span_text
from newsgraph.nlp.coref import EntityIndex
from newsgraph.nlp.event_args import Arg
from newsgraph.nlp.token_table import lower_words, token_table

# dependants whose words make up a predicate's frame ("attack the lies": dobj "lies")
FRAME_DEPS = {"dobj", "attr", "nsubj", "nsubjpass", "dative", "oprd", "acomp", "amod", "compound"}
SIDE_KINDS = frozenset({"NORP", "GPE"})
FIRST_PERSON = {"i", "we", "you", "me", "us"}  # the speaker and the reader: no actor


@dataclass(frozen=True)
class Frame:
    """A predicate read as a figure of speech when one of these words is around it."""

    kind: str
    predicates: frozenset[str]
    words: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    needs_target: bool = False  # a figure of speech unless an armed actor or a target
    clause_openers: frozenset[str] = frozenset()  # 'asked whether ...': a question, no appeal


@dataclass(frozen=True)
class Context:
    """A predicate read as no event in a sentence with one of ``cues`` and none of
    ``unless``; ``agentless`` contexts apply only where no actor qualifies."""

    kind: str
    predicates: frozenset[str]
    cues: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    unless: frozenset[str]
    agentless: bool
    unless_ner: frozenset[str] = frozenset()  # spaCy labels ('GPE': a country is involved)
    unless_types: frozenset[str] = frozenset()  # ...and of these entity types ('COUNTRY')


@dataclass(frozen=True)
class FilterRules:
    frames: tuple[Frame, ...]
    contexts: tuple[Context, ...]
    actor_types: frozenset[str]
    nonpolitical_sectors: frozenset[str]
    unambiguous: frozenset[str]
    ner_labels: frozenset[str]
    sentence_entity_types: frozenset[str]
    sentence_ner_labels: frozenset[str]
    agent_nouns: frozenset[str]
    nouns_need_actor: frozenset[str]
    doer_excluded_sectors: frozenset[str]
    speech_acts: frozenset[str] = frozenset()
    civil_acts: frozenset[str] = frozenset()  # acts that need a political party on one side
    nonpolitical_speakers: frozenset[str] = frozenset()
    assertions: frozenset[str] = frozenset()
    tensed_aux: frozenset[str] = frozenset()
    tensed_tags: frozenset[str] = frozenset()
    happenings: frozenset[str] = frozenset()  # verbs that report an event named by a noun
    time_preps: frozenset[str] = frozenset()  # 'before the election': an event as a time
    time_heads: frozenset[str] = frozenset()  # 'on the eve of the vote': the same
    possibility_heads: frozenset[str] = frozenset()  # 'the risk of attacks': may happen


def _words(raw: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in raw.get(key, []))


@lru_cache(maxsize=1)
def load_rules() -> FilterRules:
    text = resources.files("newsgraph.data").joinpath("event_filter.json").read_text("utf-8")
    data = json.loads(text)
    frames = tuple(
        Frame(
            kind=f["kind"],
            predicates=_words(f, "predicates"),
            words=_words(f, "words"),
            particles=_words(f, "particles"),
            preps=_words(f, "preps"),
            modifiers=_words(f, "modifiers"),
            needs_target=bool(f.get("needs_target", False)),
            clause_openers=_words(f, "clause_openers"),
        )
        for f in data["frames"]
    )
    contexts = tuple(
        Context(
            kind=c["kind"],
            predicates=_words(c, "predicates"),
            cues=_words(c, "cues"),
            patterns=tuple(re.compile(p, re.I) for p in c.get("patterns", [])),
            unless=_words(c, "unless"),
            agentless=bool(c.get("agentless", False)),
            unless_ner=frozenset(c.get("unless_ner", [])),
            unless_types=frozenset(c.get("unless_types", [])),
        )
        for c in data["contexts"]
    )
    actor = data["actor"]
    return FilterRules(
        frames=frames,
        contexts=contexts,
        actor_types=frozenset(actor["entity_types"]),
        nonpolitical_sectors=frozenset(actor["nonpolitical_sectors"]),
        unambiguous=_words(actor, "unambiguous"),
        ner_labels=frozenset(actor["ner_labels"]),
        sentence_entity_types=frozenset(actor["sentence_entity_types"]),
        sentence_ner_labels=frozenset(actor["sentence_ner_labels"]),
        agent_nouns=_words(actor, "agent_nouns"),
        nouns_need_actor=_words(actor, "nouns_need_actor"),
        doer_excluded_sectors=frozenset(actor["doer_excluded_sectors"]),
        speech_acts=_words(actor, "speech_acts"),
        civil_acts=_words(actor, "civil_acts"),
        nonpolitical_speakers=frozenset(actor["nonpolitical_speakers"]),
        assertions=_words(data["assertions"], "predicates"),
        tensed_aux=_words(data["assertions"], "tensed_aux"),
        tensed_tags=frozenset(data["assertions"]["tensed_tags"]),
        happenings=_words(data["background"], "happenings"),
        time_preps=_words(data["background"], "time_preps"),
        time_heads=_words(data["background"], "time_heads"),
        possibility_heads=_words(data["background"], "possibility_heads"),
    )


# ----------------------------------------------------------------------------- frames


def frame_words(tok: Token) -> set[str]:
    """The words around a predicate that decide its sense: its objects and modifiers (and
    theirs), the objects of its prepositions, and for a noun the verb that governs it."""
    out: set[str] = set()
    for child in tok.children:
        if child.dep_ in FRAME_DEPS:
            out.update(_forms(child))
            for grandchild in child.children:
                out.update(_forms(grandchild) if grandchild.dep_ in FRAME_DEPS else ())
        elif child.dep_ == "prep":
            for pobj in child.children:
                out.update(_forms(pobj) if pobj.dep_ == "pobj" else ())
    if tok.head.i != tok.i and (tok.pos_ in {"NOUN", "PROPN"} or tok.dep_ in {"amod", "acl"}):
        out.update(_forms(tok.head))  # 'took a shot', 'fighting poverty', 'courage to fight'
    return out


def _forms(tok: Token) -> tuple[str, str]:
    return tok.lower_, tok.lemma_.lower()


def _dated(prep: Token) -> bool:
    """'seized on Monday': the preposition introduces a date, not a figure of speech."""
    return any(g.ent_type_ in {"DATE", "TIME"} for g in prep.children)


def _frame_match(frame: Frame, tok: Token, key: str) -> bool:
    if key not in frame.predicates or frame.needs_target:
        return False
    kids = list(tok.children)
    if frame.particles and any(c.dep_ == "prt" and c.lower_ in frame.particles for c in kids):
        return True
    if frame.preps and any(
        c.dep_ == "prep" and c.lower_ in frame.preps and not _dated(c) for c in kids
    ):
        return True
    if frame.modifiers and any(
        c.dep_ in {"compound", "amod"} and c.lower_ in frame.modifiers for c in kids
    ):
        return True
    if frame.clause_openers and _opens(tok, frame.clause_openers):
        return True
    return bool(frame.words & frame_words(tok))


def _opens(tok: Token, openers: frozenset[str]) -> bool:
    """The predicate reports a clause that opens with one of ``openers``: its complement
    ('asked whether ...'), or a question the parser hung on the asker as a relative
    clause ('was asked by a caller why ...': no relative clause opens with 'why')."""
    if any(c.dep_ == "ccomp" and c.left_edge.lower_ in openers for c in tok.children):
        return True
    return any(
        c.dep_ == "relcl" and c.left_edge.tag_ == "WRB" and c.left_edge.lower_ in openers
        for c in tok.subtree
    )


# ----------------------------------------------------------------------------- actors


def agent_token(tok: Token, index: EntityIndex, rules: FilterRules, strict: bool = False) -> bool:
    """A word that names a political actor or a recognisable agent: a country, organisation
    or group, a nationality, a role noun with a political sector or in the agent list
    ('police', 'militants', 'protesters', 'supporters'); unless ``strict``, also a person,
    a place or any other name."""
    ent = index.get(index.entity_at(tok.i))
    types = rules.sentence_entity_types if strict else rules.actor_types
    labels = rules.sentence_ner_labels if strict else rules.ner_labels
    if ent is not None and ent.type in types:
        return True
    if tok.ent_type_ in labels or (tok.pos_ == "PROPN" and not strict):
        return True
    if tok.pos_ != "NOUN":
        return False
    lemma = tok.lemma_.lower()
    sector = sector_for([lemma])
    return lemma in rules.agent_nouns or (
        sector is not None and sector not in rules.nonpolitical_sectors
    )


def qualifies(arg: Arg, index: EntityIndex, rules: FilterRules) -> bool:
    """Whether one participant, as written, names an actor (any word of its phrase does:
    'tens of thousands of students', 'Afghan guerillas'); unresolved pronouns do not."""
    ent = index.get(arg.entity) if arg.entity else None
    if ent is not None:
        return ent.type in rules.actor_types
    head = index.doc[arg.head]
    if head.pos_ == "PRON":
        return False
    return any(agent_token(t, index, rules) for t in head.subtree)


def doer(arg: Arg, index: EntityIndex, rules: FilterRules) -> bool:
    """Whether the participant's own head names someone who acts on purpose: a named
    actor, or a role noun that is not just civilians ('an airliner', 'a mine collapse' and
    'the Russian airliner' are not; 'gunmen', 'police' and 'Kenya' are)."""
    ent = index.get(arg.entity) if arg.entity else None
    if ent is not None and index.entity_at(arg.head) == ent.id:  # not 'a Russian airliner'
        return ent.type in rules.actor_types
    head = index.doc[arg.head]
    if head.pos_ == "PROPN":
        return True
    sector = sector_for([head.lemma_.lower()])
    if sector in rules.doer_excluded_sectors:
        return False
    return agent_token(head, index, rules) and head.ent_type_ not in {"NORP"}


def political_speaker(arg: Arg, index: EntityIndex, rules: FilterRules) -> bool:
    """Whether a coder would code this speaker of an appeal or a demand: anyone named (a
    business aside), or a role noun of a political sector or in the agent list ('officials',
    'protesters', 'the union'); a name that only modifies the speaker ('Missouri banks',
    'Powys people') does not make it political, nor does a speaker nobody names."""
    ent = index.get(arg.entity) if arg.entity else None
    head = index.doc[arg.head]
    sector = sector_for(arg.head_words)
    if sector in rules.nonpolitical_speakers:
        return False
    if ent is not None and (index.entity_at(arg.head) == ent.id or head.pos_ == "PRON"):
        return ent.type != "ORG" or sector_for(ent.name.split()) not in rules.nonpolitical_speakers
    if sector is not None:
        return True  # 'the defence secretary': a role the head's compound names
    return any(_political_noun(t, rules) for t in head.subtree)  # 'tens of thousands of students'


def _political_noun(tok: Token, rules: FilterRules, lemma: str | None = None) -> bool:
    if tok.pos_ != "NOUN" and lemma is None:
        return False
    lemma = lemma or tok.lemma_
    sector = sector_for([lemma])
    if sector is not None:
        return sector not in rules.nonpolitical_speakers
    return lemma.lower() in rules.agent_nouns


def _asserts(tok: Token, rules: FilterRules) -> bool:
    """'insists that the proposals do not equate to ...': the reported clause is tensed, so
    the verb reports a claim, not a demand ('insisted that he resign' is one)."""
    for clause in (c for c in tok.children if c.dep_ == "ccomp"):
        if clause.tag_ in rules.tensed_tags:
            return True
        if any(
            c.dep_ in {"aux", "auxpass"} and c.lower_ in rules.tensed_aux for c in clause.children
        ):
            return True
    return False


def _political_sentence(sent: Span, index: EntityIndex, rules: FilterRules) -> bool:
    return any(agent_token(t, index, rules, strict=True) for t in sent)


def _untargeted(
    key: str, actors: list[Arg], targets: list[Arg], index: EntityIndex, rules: FilterRules
) -> bool:
    """'Clinton is having to fight harder': a person fighting with no one named to fight
    ('troops were fighting in the north' and 'rebels fought' are kept)."""
    if not any(f.needs_target and key in f.predicates for f in rules.frames):
        return False
    if targets or not actors:
        return False
    return all(_etype(index, a.entity) == "PERSON" for a in actors)


def _background(tok: Token, rules: FilterRules) -> bool:
    """'before the election', 'the bombing will set back those efforts', 'a march to the
    nomination': an event noun with no one of its own, used as a time, as the subject of a
    verb that does not report it happening, or as a modifier of another noun, refers to an
    event; it does not report one ('elections were held', 'the bombing killed five',
    'talks began' and 'violated the ceasefire' do)."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    while tok.dep_ == "conj" and tok.head.i != tok.i:  # 'protests and strikes erupted'
        tok = tok.head
    head = tok.head
    if tok.dep_ in {"nsubj", "nsubjpass"}:
        return head.lemma_.lower() not in rules.happenings
    if tok.dep_ != "pobj":
        return False
    if _as_time(tok, rules):
        return True  # 'before the election', 'ahead of the vote', 'prior to the talks'
    if head.lower_ == "to" and head.head.lower_ == "according":
        return True  # 'according to the criminal complaint': a document, not an act
    # 'a march to the nomination'; not 'months of protests' or 'the signing of the deal',
    # where the noun before 'of' is the event's aspect or another event
    return head.head.pos_ == "NOUN" and head.lower_ != "of"


def _as_time(tok: Token, rules: FilterRules) -> bool:
    """'before the election', 'on the eve of the vote', 'by the time of the election after
    next': an event noun used to date something else."""
    if tok.pos_ not in {"NOUN", "PROPN"} or tok.dep_ != "pobj":
        return False
    head = tok.head
    if head.lower_ in rules.time_preps or head.head.lower_ in rules.time_preps:
        return True
    return head.lower_ in {"of", "to"} and head.head.lower_ in rules.time_heads


def _possible(tok: Token, rules: FilterRules) -> bool:
    """'the potential for killing innocent civilians', 'the risk of attacks on shipping',
    'the threat of sanctions': an act named as what may happen is no event."""
    if tok.dep_ not in {"pobj", "pcomp"} or tok.head.lower_ not in {"of", "for"}:
        return False
    return tok.head.head.lemma_.lower() in rules.possibility_heads


def _etype(index: EntityIndex, eid: str | None) -> str:
    ent = index.get(eid) if eid else None
    return ent.type if ent is not None else ""


def _named(i: int, label: str, ctx: Context, index: EntityIndex) -> bool:
    """Token ``i`` (spaCy label ``label``) is a name of the kind that rules a context out: a
    label in ``unless_ner`` and, where ``unless_types`` is given, an entity of that type
    ('Kenya' is; 'Seattle' is no country)."""
    if label not in ctx.unless_ner:
        return False
    return not ctx.unless_types or _etype(index, index.entity_at(i)) in ctx.unless_types


_WORDS_KEY = "newsgraph.event_filter.sentence_words"


def sentence_words(sent: Span) -> frozenset[str]:
    """The lower-cased words of a sentence, read once per sentence and kept in
    ``doc.user_data``: the filters ask about every predicate and statement in it."""
    kept: dict[tuple[int, int], frozenset[str]] = sent.doc.user_data.setdefault(_WORDS_KEY, {})
    words = kept.get((sent.start, sent.end))
    if words is None:
        words = kept[sent.start, sent.end] = frozenset(lower_words(sent))
    return words


def _context_match(
    ctx: Context, key: str, sent: Span, words: frozenset[str], index: EntityIndex
) -> bool:
    return key in ctx.predicates and _told_in(ctx, sent, words, index)


def _told_in(ctx: Context, sent: Span, words: frozenset[str], index: EntityIndex) -> bool:
    """The sentence has the context's cues and none of its exceptions."""
    if words & ctx.unless:
        return False
    labels = token_table(sent.doc).ent_type
    if ctx.unless_ner and any(
        _named(i, labels[i], ctx, index) for i in range(sent.start, sent.end)
    ):
        return False
    return bool(words & ctx.cues) or any(p.search(span_text(sent)) for p in ctx.patterns)


def told_in(kinds: frozenset[str], sent: Span, index: EntityIndex) -> bool:
    """Whether the sentence is told in one of these contexts ('business': shares, earnings,
    a company and no government), whatever its predicate: a statement has none of its own."""
    words = sentence_words(sent)
    rules = load_rules()
    return any(c.kind in kinds and _told_in(c, sent, words, index) for c in rules.contexts)


def rejection(
    tok: Token,
    key: str,
    args: dict[str, list[Arg]],
    sent: Span,
    index: EntityIndex,
    continues: bool = False,
) -> str | None:
    """Why the predicate ``tok`` (lexicon entry ``key``) is not a political event here
    ('metaphor', 'sports', 'business', 'ceremony', 'accident', 'illness', 'private',
    'no actor', 'no political speaker', 'plain', 'question', 'habitual', 'possibility'), or
    ``None`` where it is one. ``continues``: an earlier sentence reported an event of the same
    type, which this one may go on with ('The negotiations are being mediated by ...' after
    'X and Y are meeting')."""
    rules = load_rules()
    if _questioned(tok, sent):
        return "question"
    if _habitual(tok):
        return "habitual"
    for frame in rules.frames:
        if _frame_match(frame, tok, key):
            return frame.kind
    actors, targets = args.get("actors", []), args.get("targets", [])
    if not actors and not targets and _background(tok, rules):
        return "background"
    if _possible(tok, rules):
        return "possibility"
    if _untargeted(key, actors, targets, index, rules):
        return "metaphor"
    if key in rules.assertions and _asserts(tok, rules):
        return "plain"  # a claim: the speaker's statement, if any (events._statement)
    if key in rules.speech_acts and not any(political_speaker(a, index, rules) for a in actors):
        return "no political speaker"
    has_actor = any(qualifies(a, index, rules) for a in actors)
    has_doer = any(doer(a, index, rules) for a in actors)
    words = sentence_words(sent)
    for ctx in rules.contexts:
        if (has_doer and ctx.agentless) or not _context_match(ctx, key, sent, words, index):
            continue
        return ctx.kind
    if not actors and not targets and not continues and not _side_named(sent, rules):
        return "no actor"
    if has_actor or key in rules.unambiguous:
        return None
    return "no actor" if _actorless(tok, key, args, sent, index, rules) else None


def _habitual(tok: Token) -> bool:
    """'the causes he supports', 'an NGO that opposes the occupation': a verb in the simple
    present that describes a noun tells what someone does as a rule, not an act."""
    if tok.dep_ != "relcl" or tok.tag_ not in {"VBZ", "VBP"}:
        return False
    return not any(c.dep_ in {"aux", "auxpass", "neg"} for c in tok.children)


def _questioned(tok: Token, sent: Span) -> bool:
    """'Has OSHA ever imposed any other safety regulation ...?': a yes-no question (an
    auxiliary before the subject, a question mark at the end) asks whether the act
    happened; it reports none. Only the question's own clause and what hangs from it
    count: a relative clause ('the talks, which began on Monday') is told as fact."""
    words = [t for t in sent if not t.is_space]
    last = next((t for t in reversed(words) if t.text not in {'"', "'", "”", "’", "''"}), None)
    if last is None or last.text != "?":
        return False
    root = sent.root
    subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}), None)
    if subject is None or root.left_edge.tag_ in {"WDT", "WP", "WP$", "WRB"}:
        return False
    if not any(c.dep_ in {"aux", "auxpass"} and c.i < subject.i for c in root.children):
        return False
    cur = tok
    while cur.i != root.i:
        if cur.dep_ in {"relcl", "ccomp", "parataxis"} or cur.head.i == cur.i:
            return False
        cur = cur.head
    return True


def _side_named(sent: Span, rules: FilterRules) -> bool:
    """Whether the sentence names a political side at all: a nationality or group
    ('Kenyan', 'Somali') or a political role noun ('minister', 'troops'). An event
    read with no actor and no target in a sentence that names none ('victims of armed
    attack', 'based on previous negotiations', 'at a meeting in Hinckley') is no event,
    however unambiguous its word; where one is named, the parse may have missed the link
    ('the Sudanese government and the SPLM have agreed ...')."""
    return any(t.ent_type_ in SIDE_KINDS or role_word(t, rules) for t in sent)


def role_word(tok: Token, rules: FilterRules) -> bool:
    """A political role noun, also where the tagger took a capitalised first word for a
    name ('Rebels waged an offensive')."""
    if tok.pos_ == "PROPN" and tok.is_sent_start and tok.ent_type_ == "":
        return _political_noun(tok, rules, tok.lower_.removesuffix("s"))
    return _political_noun(tok, rules)


def _actorless(
    tok: Token,
    key: str,
    args: dict[str, list[Arg]],
    sent: Span,
    index: EntityIndex,
    rules: FilterRules,
) -> bool:
    """No one to do it (the rules are the ``actor`` entry of the data file). A verb whose
    subject names no actor needs an actor as its target: a country or a minister elsewhere
    in the sentence does not make 'householders do not have to wait to be attacked' or
    'programs that allowed hackers to break in' an event."""
    actors, targets = args.get("actors", []), args.get("targets", [])
    if tok.pos_ in {"NOUN", "PROPN"}:
        return key in rules.nouns_need_actor or not _political_sentence(sent, index, rules)
    heads = [index.doc[a.head] for a in actors]
    if heads and all(h.lower_ in FIRST_PERSON for h in heads):
        return True  # 'I agree with much of it'
    if tok.dep_ == "acl" and agent_token(tok.head, index, rules):
        return False  # 'the militia disarmed under the plan': the noun it describes acts
    return not any(qualifies(t, index, rules) for t in targets)  # 'the blast wounded ten soldiers'
