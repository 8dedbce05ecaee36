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
    lexicon,
    sentence_of,
    source_span,
)

__all__ = ["SpeakerResolver", "extract_attributions", "find_source_phrases"]

_CLAUSE_BREAKS = frozenset({",", ".", ";", ":", "?", "!", "\n"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def extract_attributions(doc: Doc, resolve: SpeakerResolver) -> list[Attribution]:
    """Attributed claims in ``doc``, in document order."""
    reports = find_reports(doc) + find_source_phrases(doc)
    out: list[Attribution] = []
    for rep in sorted(reports, key=lambda r: r.start):
        att = _to_attribution(doc, rep, resolve)
        if att is not None:
            out.append(att)
    return out


def _to_attribution(doc: Doc, rep: Report, resolve: SpeakerResolver) -> Attribution | None:
    """An attribution for an according-to phrase or an anonymous/unresolved source."""
    if rep.source is None or is_pronoun(rep.source):
        return None
    anonymous = is_anonymous(rep.source)
    entity = None if anonymous else resolve(rep.source)
    if rep.kind != "according" and not anonymous and entity is not None:
        return None  # a named speaker: that is a Quote
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
    )


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
