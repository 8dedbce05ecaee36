"""Claims the article attributes to a source: "according to X", "officials say", "..., a
person familiar with the matter said".

Named speakers' reported speech is a :class:`~newsgraph.model.Quote`; an attribution is
recorded where the source is anonymous, unresolved, or introduced by "according to", since
that is what a reader weighing the article's sourcing needs to see.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Attribution
from newsgraph.nlp.quotes import find_reports
from newsgraph.nlp.speech import (
    Report,
    SpeakerResolver,
    clean,
    clip_to_paragraph,
    doc_text,
    evidence_between,
    is_anonymous,
    is_pronoun,
    is_reporting_verb,
    is_stance_verb,
    lexicon,
    quote_regions,
    sentence_of,
    source_span,
    subject_of,
)

__all__ = ["SpeakerResolver", "extract_attributions", "find_source_phrases", "find_stances"]

_CLAUSE_BREAKS = frozenset({",", ".", ";", ":", "?", "!", "\n"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_PERSONAL = frozenset({"he", "she", "they", "i", "we", "you"})
_RELATIVE = frozenset({"who", "that", "whom"})
_SOURCE_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_NOT_STANCE_DEPS = frozenset({"amod", "compound", "acl", "pcomp", "auxpass"})
_CORE_CONTENT = frozenset({"ccomp", "xcomp", "dobj", "dative", "oprd", "attr", "acomp"})


def extract_attributions(doc: Doc, resolve: SpeakerResolver) -> list[Attribution]:
    """Attributed claims in ``doc``, in document order."""
    reports = find_reports(doc) + find_source_phrases(doc)
    reports += find_stances(doc, reports)
    out: list[Attribution] = []
    for rep in sorted(reports, key=lambda r: r.start):
        att = _to_attribution(doc, rep, resolve)
        if att is not None:
            out.append(att)
    return out


def _to_attribution(doc: Doc, rep: Report, resolve: SpeakerResolver) -> Attribution | None:
    """An attribution for an according-to phrase, a stance, or speech whose source is
    anonymous or unresolved (a named speaker's speech is a Quote)."""
    if rep.source is None:
        return None
    anonymous = is_anonymous(rep.source)
    entity = None if anonymous else resolve(rep.source)
    if _carried_by_quote(rep, rep.source, anonymous, entity):
        return None
    claim = clean(doc_text(doc)[rep.start : rep.end])
    if not claim:
        return None
    return Attribution(
        claim=claim,
        source=rep.source.text,
        anonymous=anonymous,
        evidence=evidence_between(doc, rep.first, rep.last),
        source_entity=entity,
        cue=rep.cue.text if rep.cue is not None else None,
        confidence=rep.confidence,
        start=rep.start,
        end=rep.end,
        source_start=rep.source.start_char,
        source_end=rep.source.end_char,
        cue_start=rep.cue.idx if rep.cue is not None else None,
        cue_end=rep.cue.idx + len(rep.cue) if rep.cue is not None else None,
    )


def _carried_by_quote(rep: Report, source: Span, anonymous: bool, entity: str | None) -> bool:
    """Speech by a named (or resolved) speaker, or a direct quote by "he", is a Quote."""
    if rep.kind not in ("direct", "indirect") or anonymous:
        return False
    return entity is not None or (rep.kind == "direct" and is_pronoun(source))


def find_source_phrases(doc: Doc) -> list[Report]:
    """``according to X`` and the lexicon's other source phrases; the claim is the rest of
    the sentence."""
    phrases = lexicon().source_phrases
    found: list[Report] = []
    for tok in doc:
        for phrase in phrases:
            if tok.lower_ != phrase[0] or tok.i + len(phrase) > len(doc):
                continue
            words = tuple(t.lower_ for t in doc[tok.i : tok.i + len(phrase)])
            if words == phrase:
                rep = _source_phrase_report(doc, tok, len(phrase))
                if rep is not None:
                    found.append(rep)
    return found


def _source_phrase_report(doc: Doc, cue: Token, size: int) -> Report | None:
    last_word = doc[cue.i + size - 1]
    obj = next((c for c in last_word.children if c.dep_ == "pobj"), None)
    if obj is None:
        obj = _first_noun_after(doc, last_word.i)
    if obj is None:
        return None
    source = _full_phrase(obj)
    sent = sentence_of(cue)
    lo, hi = clip_to_paragraph(doc, cue.i, sent.start, sent.end)
    before = (lo, cue.i)
    after = (source.end, max(hi, source.end))
    claim = max((before, after), key=lambda r: _alpha_count(doc, *r))
    lo, hi = _trim_edges(doc, *claim)
    if _alpha_count(doc, lo, hi) < 3:
        return None
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
    return Report("according", source, cue, start, end, min(lo, cue.i), max(hi, source.end), 0.85)


def _full_phrase(head: Token) -> Span:
    """The source with its coordinated parts ("an official and another source with ...")."""
    doc = head.doc
    span = source_span(head)
    hi = max([span.end] + [c.right_edge.i + 1 for c in head.conjuncts if c.i > head.i])
    while hi > span.start + 1 and (doc[hi - 1].is_punct or doc[hi - 1].dep_ in ("cc", "relcl")):
        hi -= 1
    return doc[span.start : _coordinated_tail(doc, hi)]


def _coordinated_tail(doc: Doc, hi: int) -> int:
    """Extend past "and another source ..." that the parser hung elsewhere."""
    if hi >= len(doc) or doc[hi].lower_ not in ("and", "or"):
        return hi
    j, noun = hi + 1, False
    while j < len(doc) and doc[j].text not in _CLAUSE_BREAKS and doc[j].tag_ not in _FINITE:
        noun = noun or doc[j].pos_ in ("NOUN", "PROPN")
        j += 1
    ends_clause = j == len(doc) or doc[j].text in _CLAUSE_BREAKS
    return j if noun and ends_clause else hi


def _first_noun_after(doc: Doc, i: int) -> Token | None:
    for tok in doc[i + 1 : i + 6]:
        if tok.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok
    return None


def _alpha_count(doc: Doc, lo: int, hi: int) -> int:
    return sum(1 for t in doc[lo:hi] if t.is_alpha)


def _trim_edges(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    return lo, hi


# --- stances: beliefs, intentions and communicative acts ---------------------------------


def find_stances(doc: Doc, reports: list[Report]) -> list[Report]:
    """``She wants ...``, ``he praised ...``, ``voters who say ...``: a stance or speech verb
    whose subject can hold a view. PolNeAR-style attribution counts these; they become
    attributions, never quotes. Verbs that already cue one of ``reports``, or lie inside a
    quotation or inside another report's content (a view within a view), are skipped."""
    if not len(doc):
        return []
    taken = {r.cue.i for r in reports if r.cue is not None}
    covered = _covered(doc, [*quote_regions(doc_text(doc)), *((r.start, r.end) for r in reports)])
    found: list[Report] = []
    for verb in doc:
        if verb.i in taken or covered[verb.i] or verb.dep_ in _NOT_STANCE_DEPS:
            continue
        if not (is_stance_verb(verb) or (verb.pos_ == "VERB" and is_reporting_verb(verb))):
            continue
        rep = _stance_report(verb)
        if rep is not None:
            found.append(rep)
            for i in range(rep.first, rep.last):
                covered[i] = covered[i] or rep.start <= doc[i].idx < rep.end
    return found


def _covered(doc: Doc, ranges: list[tuple[int, int]]) -> list[bool]:
    """Per token: whether it lies in one of the character ``ranges``."""
    mask = [False] * len(doc)
    for start, end in ranges:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            mask[span.start : span.end] = [True] * len(span)
    return mask


def _stance_report(verb: Token) -> Report | None:
    source = _stance_source(verb)
    content = _stance_content(verb)
    if source is None or content is None:
        return None
    doc = verb.doc
    lo, hi = clip_to_paragraph(doc, verb.i, *content)
    lo, hi = _trim_edges(doc, lo, hi)
    if _alpha_count(doc, lo, hi) < 1 or lo <= source.start < hi:
        return None
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
    first, last = min(lo, source.start, verb.i), max(hi, source.end, verb.i + 1)
    return Report("stance", source, verb, start, end, first, last, 0.5)


def _stance_source(verb: Token) -> Span | None:
    """The holder of the stance: the subject (the agent of a passive), or for ``X, who
    said ...`` the antecedent through the relative pronoun."""
    subj = subject_of(verb)
    if subj is not None and subj.dep_ == "nsubjpass":
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if subj is None or not _can_hold_view(subj):
            return None
        return verb.doc[subj.left_edge.i : subj.i + 1]  # "by residents" (over the delay)
    if subj is None:
        return None
    if subj.lower_ in _RELATIVE and verb.dep_ == "relcl" and verb.head.i < subj.i:
        if not _can_hold_view(verb.head):
            return None
        antecedent = source_span(verb.head)
        return verb.doc[antecedent.start : max(antecedent.end, subj.i + 1)]
    return source_span(subj) if _can_hold_view(subj) else None


def _content_prep(prep: Token) -> bool:
    """``for their work``, ``about the plan``; not ``on Tuesday`` or ``in March``."""
    if prep.dep_ != "prep":
        return False
    return not any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _can_hold_view(tok: Token) -> bool:
    """A person, group, organisation or document, named or not, but no ``it``/``this``."""
    lex = lexicon()
    if tok.pos_ == "PRON":  # "he", and quantifiers that stand for people ("some", "many")
        return tok.lower_ in _PERSONAL or tok.lower_ in lex.source_nouns
    if tok.pos_ == "PROPN" or tok.ent_type_ in _SOURCE_ENTS:
        return True
    words = {tok.lower_, tok.lemma_.lower()}
    return bool(words & (lex.anonymous_heads | lex.document_nouns | lex.source_nouns))


def _stance_content(verb: Token) -> tuple[int, int] | None:
    """The verb's complements after it: clause, object, predicate; else its prepositional
    phrases (``called for ...``, ``talked about ...``); in the passive, its subject."""
    passive = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
    if passive is not None:
        return passive.left_edge.i, passive.right_edge.i + 1
    kids = [c for c in verb.rights if c.dep_ in _CORE_CONTENT or _content_prep(c)]
    if not kids:
        return None
    lo = min(c.left_edge.i for c in kids)
    hi = max(c.right_edge.i for c in kids) + 1
    return lo, hi
