"""Events: who did what to whom, where and when, typed in PLOVER with CAMEO codes.

Each sentence is read for predicates the lexicon (``data/events.json``) knows: verbs
("met", "accused"), phrasal verbs ("broke down") and event nouns ("the resumption of
talks", "his resignation", "a request from X to Y"), an event noun taking its actor from a
light verb ("held talks"). Every predicate becomes a candidate with actors, targets,
place, time, status and attributes; candidates that describe one real-world action
(the same meeting told in three sentences) are then merged into one event that keeps every
evidence sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Attribution, Event, Evidence, TimeRef, TimeValue
from newsgraph.nlp.actors import actor_code, sector_for
from newsgraph.nlp.bounds import add_warning
from newsgraph.nlp.cameo import (
    cameo_code,
    demand_code,
    is_statement,
    type_of_code,
    unconventional_code,
)
from newsgraph.nlp.convert import span_text
from newsgraph.nlp.coref import EntityIndex
from newsgraph.nlp.event_args import (
    Arg,
    args_for,
    between,
    prep_objects,
    speech_speaker,
    status_of,
    subject_of,
)
from newsgraph.nlp.event_attributes import describe
from newsgraph.nlp.event_filter import load_rules, rejection
from newsgraph.nlp.event_lexicon import Lexicon, Predicate, load_lexicon
from newsgraph.nlp.event_match import (
    depth,
    event_noun,
    light_head,
    match_predicate,
    through_aspect,
)
from newsgraph.nlp.event_merge import (
    Candidate,
    goes_on,
    implicit_agents,
    link_about,
    merge_candidates,
)
from newsgraph.nlp.event_odds import plausible
from newsgraph.nlp.event_roles import (
    FORCE_TYPES,
    PLACE_TYPES,
    noun_roles,
    verb_roles,
)
from newsgraph.nlp.statements import find_statement, may_state, political
from newsgraph.nlp.token_table import lower_words, token_table

THREAT_ROOT = "13"  # CAMEO 13 THREATEN: 'vowed revenge' codes there, not as an AGREE
ORDINAL_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh"
ORDINALS = {w: n for n, w in enumerate(ORDINAL_WORDS.split(), 1)}
ROUND = re.compile(r"\b(\d+|[a-z]+)(?:st|nd|rd|th)?\s+rounds?\b", re.I)
PAST_MODS = {"previous", "earlier", "past", "former", "prior", "last"}


# ----------------------------------------------------------------------------- where/when


def _clause(tok: Token, lex: Lexicon) -> Span:
    head = light_head(tok, lex) if tok.pos_ in {"NOUN", "PROPN"} else None
    if head is None and tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ in {"nsubj", "nsubjpass"}:
        head = tok.head
    anchor = head or tok
    return anchor.doc[anchor.left_edge.i : anchor.right_edge.i + 1]


def _place(tok: Token, index: EntityIndex, lex: Lexicon, skip: set[str]) -> str | None:
    anchor = light_head(tok, lex) or tok
    for host in (tok, anchor):
        for _, pobj in prep_objects(host, lex.arg("location_preps")):
            for arg in args_for(pobj, index, []):
                ent = index.get(arg.entity)
                if ent is not None and ent.type in PLACE_TYPES and ent.id not in skip:
                    return ent.id
    for child in tok.children:
        ent = index.get(index.entity_at(child.i)) if child.dep_ == "compound" else None
        if ent is not None and ent.type == "PLACE":
            return ent.id
    return None


def _time(clause: Span, sent: Span, times: list[TimeValue], nominal: bool) -> TimeRef | None:
    """A date inside the predicate's clause; for a verb, else the sentence's only date."""
    dated = [t for t in times if t.kind != "duration" and t.evidence.field == "text"]
    inside = [t for t in dated if clause.start_char <= t.start and t.end <= clause.end_char]
    if not inside and not nominal:
        in_sent = [t for t in dated if sent.start_char <= t.start and t.end <= sent.end_char]
        inside = in_sent if len(in_sent) == 1 else []
    return TimeRef(inside[0].text, inside[0].value) if inside else None


def _own_times(tok: Token, clause: Span, sent: Span, d: _Doc) -> list[TimeValue]:
    """Times in the clause (or its sentence) that are not inside another predicate's
    phrase ('talks ... following the collapse of the regime in 2024': the date belongs to
    the collapse)."""
    near = d.times_between(
        min(clause.start_char, sent.start_char), max(clause.end_char, sent.end_char)
    )
    if not near:
        return []
    blocked: list[tuple[int, int]] = []
    for other in clause:
        phrase = other.pos_ in {"NOUN", "PROPN"} or other.dep_ in {"advcl", "relcl", "ccomp"}
        if other.i == tok.i or other.is_ancestor(tok) or not phrase:
            continue
        if match_predicate(other, d.lex):
            blocked.append((other.left_edge.idx, other.right_edge.idx + len(other.right_edge)))
    return [t for t in near if not any(a <= t.start < b for a, b in blocked)]


def _attributes(
    pred: Predicate, clause: Span, sent: Span, times: list[TimeValue]
) -> dict[str, object]:
    """Round ('the fourth round'), duration ('over two days'), the gap since the last time
    ('the first in two months') and the lexicon's mode ('visit', 'nominate')."""
    attrs: dict[str, object] = {"predicate": pred.key}
    if pred.mode:
        attrs["mode"] = pred.mode
    text, offset = clause.text, clause.start_char
    for t in times:
        if t.kind != "duration" or not offset <= t.start < clause.end_char:
            continue
        before = text[max(0, t.start - offset - 24) : t.start - offset].lower().split()
        if before and before[-1] in {"over", "for", "during", "lasting"}:
            attrs["duration"] = t.value
        elif "first" in before and "in" in before:
            attrs["first_in"] = t.value
    if pred.type == "CONSULT":
        m = ROUND.search(span_text(sent))
        if m and (m.group(1).lower() in ORDINALS or m.group(1).isdigit()):
            word = m.group(1).lower()
            attrs["round"] = ORDINALS.get(word) or int(word)
    return attrs


def _sources(sent: Span, attributions: list[Attribution]) -> list[str]:
    out: list[str] = []
    for a in attributions:
        if a.evidence.field == "text" and a.evidence.start == sent.start_char:
            parts = re.split(r"\s+and\s+(?=(?:an?|another|the|other)\b)", a.source)
            out += [p.strip() for p in parts if p.strip() and p.strip() not in out]
    return out


# ----------------------------------------------------------------------------- candidates


def _ids(args: list[Arg]) -> list[str]:
    return list(dict.fromkeys(a.entity for a in args if a.entity))


def _context(sent: Span, tok: Token, d: _Doc, found: list[Candidate]) -> list[str]:
    """Who 'they'/'their' most likely means: the last event's participants in the sentence,
    else the people and countries named earlier in it."""
    for cand in reversed(found):  # in sentence order: stop at the sentence before
        if cand.sent < sent.start:
            break
        if cand.sent == sent.start and cand.token < tok.i:
            parties = cand.event.actors + cand.event.targets
            if parties:
                return parties
    ids: list[str] = []
    for i, eid, ent_id in d.named_in(tok):
        if i >= tok.i:
            break
        if eid not in ids:
            ids.append(ent_id)
    return ids[-2:]


def _names(index: EntityIndex, ids: list[str]) -> str:
    return " and ".join(e.name for e in (index.get(i) for i in ids) if e is not None)


def _summary(pred: Predicate, event: Event, index: EntityIndex) -> str:
    """'Kenya and Uganda meet (CONSULT) -> Tanzania': who, the predicate, to whom."""
    parts = [_names(index, event.actors) or "someone", f"{pred.key} ({event.type})"]
    if event.targets:
        parts.append(f"-> {_names(index, event.targets)}")
    return " ".join(parts)


def _codes(index: EntityIndex, args: list[Arg]) -> dict[str, str]:
    out: dict[str, str] = {}
    for arg in args:
        if arg.entity and arg.entity not in out:
            code = actor_code(index, arg.entity, arg.head_words)
            if code:
                out[arg.entity] = code
    return out


def _sector_ok(pred: Predicate, index: EntityIndex, actors: list[Arg]) -> bool:
    if not pred.subject_sector:
        return True
    for arg in actors:
        code = actor_code(index, arg.entity, arg.head_words) if arg.entity else None
        sector = code.split()[-1] if code else sector_for(arg.head_words)
        if sector in pred.subject_sector:
            return True
    return False


@dataclass
class _Doc:
    """One article's parse and the facts events read, with a token -> sentence table
    (spaCy's ``Token.sent`` walks every sentence on each call) and times and attributions
    looked up by position, so that no candidate scans the whole article's."""

    doc: Doc
    index: EntityIndex
    times: list[TimeValue]
    attributions: list[Attribution]
    lex: Lexicon
    sents: list[Span] = field(default_factory=list)
    sent_index: list[int] = field(default_factory=list)
    time_order: list[int] = field(default_factory=list)  # times' positions, by start
    time_starts: list[int] = field(default_factory=list)
    sources_at: dict[int, list[Attribution]] = field(default_factory=dict)
    named: dict[int, list[tuple[int, str, str]]] = field(default_factory=dict)

    def times_between(self, lo: int, hi: int) -> list[TimeValue]:
        """The times starting at character ``lo`` to ``hi`` (both included), in list order."""
        first = bisect_left(self.time_starts, lo)
        last = bisect_right(self.time_starts, hi)
        return [self.times[n] for n in sorted(self.time_order[first:last])]

    def __post_init__(self) -> None:
        self.time_order = sorted(range(len(self.times)), key=lambda n: self.times[n].start)
        self.time_starts = [self.times[n].start for n in self.time_order]
        for a in self.attributions:
            self.sources_at.setdefault(a.evidence.start, []).append(a)
        self.sents = list(self.doc.sents)
        self.sent_index = [0] * len(self.doc)
        for n, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_index[i] = n

    def sent_of(self, tok: Token) -> Span:
        return self.sents[self.sent_index[tok.i]]

    def named_in(self, tok: Token) -> list[tuple[int, str, str]]:
        """The people and countries named in the token's sentence, as (token, entity at
        it, entity id) in text order: read once per sentence, not once per token asking
        ``_context`` (the index does not change while events are read)."""
        n = self.sent_index[tok.i]
        named = self.named.get(n)
        if named is None:
            named = self.named[n] = []
            for i in range(self.sents[n].start, self.sents[n].end):
                eid = self.index.entity_at(i)
                ent = self.index.get(eid)
                if eid is not None and ent is not None and ent.type in {"PERSON", "COUNTRY"}:
                    named.append((i, eid, ent.id))
        return named


def _candidate(tok: Token, pred: Predicate, d: _Doc, found: list[Candidate]) -> Candidate | None:
    sent, lex, index = d.sent_of(tok), d.lex, d.index
    ctx = _context(sent, tok, d, found)
    nominal = pred.kind == "noun"
    about: Token | None = None
    mediators: list[Arg] = []
    if nominal:
        actors, targets, mediators = noun_roles(tok, pred, index, lex, ctx)
    else:
        actors, targets, about = verb_roles(tok, index, lex, ctx)
    if not _sector_ok(pred, index, actors):
        return None
    doc = tok.doc
    if all(event_noun(through_aspect(doc[a.head], lex), lex) for a in actors):
        # no actor, or the subject is itself an event: "talks between X and Y broke down"
        first = between(_clause(tok, lex).root if nominal else tok)
        if first is not None:
            actors = args_for(first, index, ctx)
            targets = [t for t in targets if t.entity not in _ids(actors)]
    clause = _clause(tok, lex)
    status, intent = status_of(light_head(tok, lex) or tok if nominal else tok, lex)
    if nominal and status == "happened":
        status, intent = status_of(tok, lex)
    actor_ids = _ids(actors)
    target_ids = [t for t in _ids(targets) if t not in actor_ids]
    if pred.type not in FORCE_TYPES:  # "met at X": a place, not a target
        target_ids = [t for t in target_ids if _etype(index, t) != "PLACE"]
    place = _place(tok, index, lex, set(actor_ids))
    if place is None and pred.type in FORCE_TYPES:
        place = next((t for t in target_ids if _etype(index, t) in PLACE_TYPES), None)
    event = Event(
        type=pred.type,
        summary="",
        evidence=Evidence(span_text(sent), sent.start_char, sent.end_char),
        cameo=pred.cameo,
        actors=actor_ids,
        targets=target_ids,
        mediators=_ids(mediators),
        place=place,
        time=_time(clause, sent, _own_times(tok, clause, sent, d), nominal),
        status=status,  # type: ignore[arg-type]
        attributes=_attributes(
            pred, clause, sent, d.times_between(clause.start_char, clause.end_char)
        ),
        sources=_sources(sent, d.sources_at.get(sent.start_char, [])),
        confidence=_confidence(nominal, actor_ids, target_ids),
        actor_codes=_codes(index, actors + targets + mediators),
    )
    event.summary = _summary(pred, event, index)
    _code(event, _cue_scope(light_head(tok, lex) or tok), intent)
    if event.cameo and event.type == "ASSAULT":
        event.cameo = unconventional_code(event.cameo, [sector_for(a.head_words) for a in actors])
    holders = [tok, tok.head.head] if tok.dep_ == "pobj" and tok.head.lower_ == "of" else [tok]
    past = any(c.dep_ == "amod" and c.lower_ in PAST_MODS for h in holders for c in h.children)
    return Candidate(
        event=event,
        token=tok.i,
        sent=sent.start,
        depth=depth(light_head(tok, lex) or tok) + (1 if nominal else 0),
        nominal=nominal,
        intent=intent,
        about=about.i if about is not None else None,
        past_ref=past,
        cameos={event.cameo} if event.cameo else set(),
        arg_spans={"actors": actors, "targets": targets, "mediators": mediators},
    )


def _cue_scope(tok: Token) -> Span:
    """The words that may refine a predicate's code: its clause and the clauses it hangs
    from ('a car bomb exploded, killing nine': the bomb is the killing's means), stopping at
    a reported clause so that the speaker's words stay out ('X said Y fired on Z')."""
    top = tok
    while top.dep_ not in {"ROOT", "ccomp", "parataxis"} and top.head.i != top.i:
        top = top.head
    return tok.doc[top.left_edge.i : top.right_edge.i + 1]


def _code(event: Event, scope: Span, stance: str | None = None) -> None:
    """The CAMEO code the words in scope support; a code that turns out to be a
    statement's ('denied responsibility': 016, not a rejection) makes it a statement."""
    event.cameo = cameo_code(event, lower_words(scope), stance)
    if is_statement(event.cameo) and event.type == "REJECT":
        event.type, event.statement = "STATEMENT", True
        event.summary = event.summary.replace("(REJECT)", "(STATEMENT)")
    elif event.cameo.startswith(THREAT_ROOT) and event.type == "AGREE":  # 'vowed revenge'
        event.type = "THREATEN"
        event.summary = event.summary.replace("(AGREE)", "(THREATEN)")


def _statement(tok: Token, d: _Doc, found: list[Candidate]) -> Candidate | None:
    """'X said the talks were constructive': a public statement (CAMEO 01) by X, unless the
    speech verb already carries an event of its own (a demand read from 'X said Y must')."""
    if not may_state(tok):  # most words: no speaker's context to work out
        return None
    sent = d.sent_of(tok)
    # The statement first: it turns down almost every token at once, while walking the
    # children costs the token's whole subtree (all three tests only read).
    said = find_statement(tok, d.index, _context(sent, tok, d, found))
    if said is None or any(c.token == tok.i for c in found):
        return None
    if any(c.dep_ == "dobj" and event_noun(c, d.lex) for c in tok.children):
        return None  # 'X announced a ceasefire': the ceasefire is the event
    actors = _ids(said.speakers)
    event = Event(
        type="STATEMENT",
        summary="",
        evidence=Evidence(span_text(sent), sent.start_char, sent.end_char),
        actors=actors,
        targets=[t for t in _ids(said.targets) if t not in actors],
        time=_time(said.clause, sent, d.times_between(sent.start_char, sent.end_char), False),
        attributes={"predicate": "according to" if said.according else tok.lemma_.lower()},
        sources=_sources(sent, d.sources_at.get(sent.start_char, [])),
        confidence=round(_confidence(False, actors, _ids(said.targets)) - 0.1, 2),
        actor_codes=_codes(d.index, said.speakers + said.targets),
        statement=True,
    )
    event.cameo = cameo_code(event, lower_words(said.clause))
    if not is_statement(event.cameo):  # 'a terrible waste of money, X said': criticism, 111
        event.type, event.statement = type_of_code(event.cameo), False
    names = _names(d.index, event.targets)
    verb = "says" if event.statement else event.type
    event.summary = f"{_names(d.index, actors) or said.speakers[0].text} {verb} ({event.cameo})"
    event.summary += f" -> {names}" if names else ""
    return Candidate(
        event=event,
        token=tok.i,
        sent=sent.start,
        depth=depth(tok),
        nominal=False,
        cameos={event.cameo},
        arg_spans={"actors": said.speakers, "targets": said.targets, "mediators": []},
        said=True,
    )


def _etype(index: EntityIndex, eid: str) -> str:
    ent = index.get(eid)
    return ent.type if ent is not None else ""


def _confidence(nominal: bool, actors: list[str], targets: list[str]) -> float:
    score = 0.45 + (0.0 if nominal else 0.1) + (0.25 if actors else 0.0)
    return round(min(0.95, score + (0.1 if targets else 0.0)), 2)


# The parts of speech that can head an event: a verb ('attacked'), an auxiliary read as
# one ('has a deal'), a noun ('talks', 'a ceasefire') or a name read as a noun; besides
# them only 'according' opens a statement ('according to X').
MAY_HEAD = frozenset({"VERB", "AUX", "NOUN", "PROPN"})


def event_candidates(
    doc: Doc,
    index: EntityIndex,
    times: list[TimeValue] | None = None,
    attributions: list[Attribution] | None = None,
    weigh: bool = True,
) -> list[Candidate]:
    """Every predicate occurrence the lexicon knows that the rules keep, in text order,
    before merging; unless ``weigh`` is off (to train the model), without those the event
    model finds unlikely (:mod:`newsgraph.nlp.event_odds`)."""
    d = _Doc(doc, index, times or [], attributions or [], load_lexicon())
    found: list[Candidate] = []
    table = token_table(doc)
    for i, (pos, lower) in enumerate(zip(table.pos, table.lower, strict=True)):
        if pos not in MAY_HEAD and lower != "according":
            continue  # no predicate, demand or statement is headed by this word
        tok = doc[i]
        pred = match_predicate(tok, d.lex)
        if pred is None:
            bare = _bare_demand(tok, d) or _statement(tok, d, found)
            found += [bare] if bare is not None else []
            continue
        cand = _candidate(tok, pred, d, found)
        if cand is None:
            continue
        why = _why_not(tok, pred, cand, d, found)
        if why is None:
            describe(cand.event, d.sent_of(tok), cand.arg_spans, d.index)
            found.append(cand)
            demand = _demand(cand, tok, d)
            if demand is not None:
                found.append(demand)
        elif why == "plain":  # 'insisted that ...', 'denied (that) ...': a claim, said
            said = _statement(tok, d, found)
            found += [said] if said is not None else []
    found = _unspoken(found)
    return plausible(found, doc, index) if weigh else found


def _why_not(
    tok: Token, pred: Predicate, cand: Candidate, d: _Doc, found: list[Candidate]
) -> str | None:
    """Why the match is no political event (a metaphor, a sports result, an accident, no
    one to do it, a plain claim: :mod:`newsgraph.nlp.event_filter`; 'unreal', 'private'),
    or None where it is one."""
    sent = d.sent_of(tok)
    args = cand.arg_spans
    sideless = not (args["actors"] or args["targets"])  # the only case rejection asks
    why = rejection(tok, pred.key, args, sent, d.index, sideless and goes_on(cand, found))
    if why is not None:
        return why
    if _unreal(cand, tok, d.lex):
        return "unreal"
    return "private" if _private(pred, cand, d) else None


def _private(pred: Predicate, cand: Candidate, d: _Doc) -> bool:
    """A lawsuit with no political actor on either side is a civil case, no event."""
    if pred.key not in load_rules().civil_acts:
        return False
    args = cand.arg_spans
    return not political(args["actors"], d.index) and not political(args["targets"], d.index)


def _unreal(cand: Candidate, tok: Token, lex: Lexicon) -> bool:
    """An act the sentence says may happen, or says did not happen, is no event: a
    condition or an ability ('if X attacks', 'police can arrest': hypothetical, stating no
    one's intention), or a hostile or neutral act negated ('did not attack', 'refused to
    resign'). A negated cooperative act stays: CAMEO codes it as a rejection (12); so does
    a named act refused ('rejected the request': the request was made). An intention or a
    duty with no one named to hold it ('casinos will be banned') is none either."""
    event = cand.event
    if cand.intent is not None and not cand.arg_spans["actors"]:
        return True  # 'casinos will be banned': an intention or a duty is someone's
    if event.status == "hypothetical":
        return cand.intent is None
    if cand.nominal and tok.dep_ == "attr" and tok.head.lemma_ == "be":
        said, _ = status_of(tok.head, lex)  # 'there would not have been an attack'
        return said in {"negated", "hypothetical"} and tok.head.i != tok.i
    if event.status != "negated" or cand.nominal:  # 'rejected a request': it was made
        return False
    if tok.dep_ != "xcomp" and not any(c.dep_ == "neg" for c in tok.children):
        return False  # 'rejected it, urging talks': the urging happened
    info = lex.types.get(event.type)
    return info is not None and info.polarity <= 0


def _unspoken(found: list[Candidate]) -> list[Candidate]:
    """Statements whose speech verb already carries another event ('X said Y must go' is a
    demand, not also a bare statement, nor a criticism for the words of the demand) are
    dropped."""
    spoken = {c.token for c in found if not c.said}
    return [c for c in found if not (c.said and c.token in spoken)]


def _demand(cand: Candidate, tok: Token, d: _Doc, force: bool = False) -> Candidate | None:
    """'X said Y must withdraw' is also X demanding it of Y (CAMEO 10): a REQUEST event
    from the speaker to whoever must act, beside the (hypothetical) act itself."""
    wanted = force or (cand.intent == "demand" and not cand.nominal)
    speaker = speech_speaker(tok) if wanted else None
    if speaker is None:
        return None
    actors = args_for(speaker, d.index, [])
    e = cand.event
    req = Event(
        type="REQUEST",
        summary="",
        evidence=e.evidence,
        cameo="100",
        actors=_ids(actors),
        targets=[a for a in e.actors if a not in _ids(actors)],
        time=e.time,
        attributes={"predicate": "must", "demanded": e.type},
        sources=list(e.sources),
        confidence=round(max(0.3, e.confidence - 0.1), 2),
        actor_codes=_codes(d.index, actors) | {k: v for k, v in e.actor_codes.items()},
    )
    req.summary = f"{_names(d.index, req.actors) or 'someone'} demands ({e.type}) -> " + (
        _names(d.index, req.targets) or "someone"
    )
    verb = speaker.head
    req.cameo = demand_code(e.cameo) or cameo_code(req, lower_words(_cue_scope(tok)))
    return Candidate(
        event=req,
        token=verb.i,
        sent=cand.sent,
        depth=depth(verb),
        nominal=False,
        cameos={req.cameo},
        arg_spans={"actors": actors, "targets": cand.arg_spans["actors"], "mediators": []},
    )


def _bare_demand(tok: Token, d: _Doc) -> Candidate | None:
    """'X said Y must return the aircraft': a demand even where the demanded act is not an
    event the lexicon knows; the speaker asks it of the subject of the obligation."""
    if tok.pos_ != "VERB" or not any(
        c.dep_ == "aux" and c.lower_ in d.lex.cue("demand_modals") for c in tok.children
    ):
        return None
    speaker = speech_speaker(tok)
    subj, passive = subject_of(tok)
    if speaker is None or subj is None or passive or speaker.i == subj.i:
        return None
    sent, clause = d.sent_of(tok), _clause(speaker.head, d.lex)
    near = d.times_between(
        min(clause.start_char, sent.start_char), max(clause.end_char, sent.end_char)
    )
    bound = Event(
        type="REQUEST",
        summary="",
        evidence=Evidence(span_text(sent), sent.start_char, sent.end_char),
        time=_time(clause, sent, near, False),
        sources=_sources(sent, d.sources_at.get(sent.start_char, [])),
        confidence=0.5,
    )
    targets = args_for(subj, d.index, _context(sent, tok, d, []))
    base = Candidate(
        event=bound,
        token=tok.i,
        sent=sent.start,
        depth=depth(tok),
        nominal=False,
        arg_spans={"actors": targets, "targets": [], "mediators": []},
    )
    bound.actors = _ids(targets)
    req = _demand(base, tok, d, force=True)
    if req is not None:
        req.event.attributes["demanded"] = tok.lemma_.lower()
        req.event.summary = req.event.summary.replace("(REQUEST)", f"({tok.lemma_.lower()})")
    return req


def extract_events(
    doc: Doc,
    index: EntityIndex,
    times: list[TimeValue] | None = None,
    attributions: list[Attribution] | None = None,
    anchor: date | None = None,
) -> list[Event]:
    """The article's events, one per real-world action, in order of first mention.

    ``anchor`` (the publication date) is accepted for symmetry with the other stages; the
    times passed in are already resolved against it."""
    del anchor
    notes: list[str] = []
    kept, where = merge_candidates(event_candidates(doc, index, times, attributions), notes)
    for note in notes:
        add_warning(doc, note)
    link_about(kept, where)
    implicit_agents(kept, load_lexicon().arg("implicit_agent_types"))
    return [c.event for c in kept]
