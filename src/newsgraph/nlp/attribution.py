"""Claims the article attributes to a source: "according to X", "officials say", "..., a
person familiar with the matter said".

Named speakers' reported speech is a :class:`~newsgraph.model.Quote`; an attribution is
recorded where the source is anonymous, unresolved, or introduced by "according to", since
that is what a reader weighing the article's sourcing needs to see.

Headlines carry attributions of their own ("Smith: Deal Is Dead", "Mayor Says Port Will
Reopen"); :func:`headline_attributions` reads them from the parsed title and subtitle, with
offsets into that field (``Evidence.field``).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Attribution, Entity, Evidence
from newsgraph.nlp.convert import doc_text
from newsgraph.nlp.quotes import find_reports
from newsgraph.nlp.speech import (
    Report,
    SpeakerResolver,
    clean,
    clip_to_paragraph,
    doc_quote_regions,
    evidence_between,
    framed_by_preposition,
    is_anonymous,
    is_pronoun,
    is_reporting_verb,
    is_stance_verb,
    lexicon,
    sentence_of,
    source_span,
    subject_of,
)
from newsgraph.nlp.stance_phrases import adjective_stance, noun_stance
from newsgraph.nlp.token_table import token_table

__all__ = [
    "SpeakerResolver",
    "extract_attributions",
    "find_source_phrases",
    "find_stances",
    "headline_attributions",
]

_CLAUSE_BREAKS = frozenset({",", ".", ";", ":", "?", "!", "\n"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_PERSONAL = frozenset({"he", "she", "they", "i", "we", "you"})
_RELATIVE = frozenset({"who", "that", "whom", "which"})
_POSSESSIVE = frozenset({"his", "her", "their", "my", "our", "its"})
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
    lower = token_table(doc).lower
    for i, word in enumerate(lower):
        for phrase in phrases:
            if word != phrase[0] or i + len(phrase) > len(lower):
                continue
            if tuple(lower[i : i + len(phrase)]) == phrase:
                rep = _source_phrase_report(doc, doc[i], len(phrase))
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
    covered = _covered(doc, [*doc_quote_regions(doc), *((r.start, r.end) for r in reports)])
    found: list[Report] = []
    for verb in doc:
        if verb.i in taken or covered[verb.i]:
            continue
        rep = (_stance_report(verb) if _is_stance_cue(verb) else None) or _phrase_report(verb)
        if rep is not None:
            found.append(rep)
            for i in range(rep.first, rep.last):
                covered[i] = covered[i] or rep.start <= doc[i].idx < rep.end
    return found


def _is_stance_cue(verb: Token) -> bool:
    """A stance or speech verb heading a clause of its own: not a modifier, unless it is a
    gerund under a preposition (``in supporting``, ``with Smith calling ...``)."""
    own_subject = verb.tag_ == "VBG" and any(c.dep_ == "nsubj" for c in verb.lefts)
    if verb.dep_ in _NOT_STANCE_DEPS and not (framed_by_preposition(verb) or own_subject):
        return False
    return is_stance_verb(verb) or (verb.pos_ == "VERB" and is_reporting_verb(verb))


def _phrase_report(tok: Token) -> Report | None:
    """A stance cued by an adjective (``X is sure that``) or a noun (``his claim that``)."""
    if tok.pos_ not in ("ADJ", "NOUN", "VERB"):
        return None
    found = adjective_stance(tok) or noun_stance(tok)
    if found is None:
        return None
    holder = found.holder
    if not (_can_hold_view(holder) or holder.lower_ in _POSSESSIVE):
        return None
    return _stance_from(tok, source_span(holder), (found.lo, found.hi))


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
    return _stance_from(verb, source, content)


def _stance_from(verb: Token, source: Span, content: tuple[int, int]) -> Report | None:
    """The report for a stance cue, its holder and its content (token range)."""
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
        holder = _antecedent(verb.head)
        if holder is None:
            return None
        antecedent = source_span(holder)
        return verb.doc[antecedent.start : max(antecedent.end, subj.i + 1)]
    return source_span(subj) if _can_hold_view(subj) else None


def _antecedent(noun: Token) -> Token | None:
    """Who a relative clause speaks for: its noun, or the name that noun stands beside
    (``Democracy for America, a progressive outfit that endorsed ...``)."""
    if _can_hold_view(noun):
        return noun
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        return noun.head
    return None


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
    if words & (lex.anonymous_heads | lex.document_nouns | lex.source_nouns):
        return True
    return tok.pos_ == "NOUN" and _named_owner(tok)


def _named_owner(noun: Token) -> bool:
    """``Scott's family``, ``the chair of the DNC``: a common noun that a name owns or
    heads speaks for that name."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            return True
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_ in _SOURCE_ENTS):
                return True
    return False


def _stance_content(verb: Token) -> tuple[int, int] | None:
    """The verb's complements after it: clause, object, predicate; else its prepositional
    phrases (``called for ...``, ``talked about ...``); in the passive, its subject."""
    passive = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
    if passive is not None:
        return passive.left_edge.i, passive.right_edge.i + 1
    kids = [c for c in verb.rights if c.dep_ in _CORE_CONTENT or _content_prep(c)]
    kids += [c for c in verb.rights if c.dep_ == "advcl" and _for_to_clause(c)]
    if not kids:
        return None
    lo = min(c.left_edge.i for c in kids)
    hi = max(c.right_edge.i for c in kids) + 1
    return lo, hi


def _for_to_clause(clause: Token) -> bool:
    """``called for all candidates to lay out ...``: a for-to infinitive the parser hung as
    an adverbial clause is the verb's content."""
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.lefts)


# --- headlines ---------------------------------------------------------------------------

_HEADLINE_SOURCE_MAX = 8  # tokens before the colon or the verb
_NOT_HEADLINE_SOURCES = frozenset(
    {"how", "why", "what", "when", "where", "who", "which", "whether", "if", "as", "after"}
    | {"before", "while", "because", "here", "there", "this", "that", "it", "is", "are"}
)


def headline_attributions(
    headlines: Sequence[tuple[str, Doc]], entities: Sequence[Entity]
) -> list[Attribution]:
    """The attribution a headline makes, if any: ``Source: claim`` or ``Source Says
    Claim``. Headlines are written in a telegraphic style the parser reads poorly, so the
    rule works on word shapes; ``entities`` (the body's) name the source where they can."""
    found: list[Attribution] = []
    for field_name, doc in headlines:
        hit = _colon_headline(doc) or _verb_headline(doc) or _final_verb_headline(doc)
        if hit is None:
            continue
        source, cue, (lo, hi) = hit
        start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        found.append(
            Attribution(
                claim=clean(doc.text[start:end]),
                source=source.text,
                anonymous=is_anonymous(source),
                evidence=Evidence(doc.text, 0, len(doc.text), field_name),
                source_entity=_entity_named(entities, source.text),
                cue=cue.text,
                confidence=0.6,
                start=start,
                end=end,
                source_start=source.start_char,
                source_end=source.end_char,
                cue_start=cue.idx,
                cue_end=cue.idx + len(cue),
            )
        )
    return found


HeadlineHit = tuple[Span, Token, tuple[int, int]]


def _colon_headline(doc: Doc) -> HeadlineHit | None:
    """``Pat Lee: Voters Are Worried``; not a label such as ``Breaking:`` or ``Watch:``."""
    colon = next((t for t in doc[: _HEADLINE_SOURCE_MAX + 1] if t.text == ":"), None)
    if colon is None or colon.i == 0:
        return None
    source = doc[: colon.i]
    labels = lexicon().headline_labels
    if source.text.lower() in labels or source[-1].lower_ in labels:
        return None  # "Breaking:", "The Latest:", "Delegate Update:"
    return _headline_hit(doc, source, colon)


def _verb_headline(doc: Doc) -> HeadlineHit | None:
    """``Mayor Says Port Will Reopen``: the first verb of saying or stance, in any case."""
    for tok in doc[1 : _HEADLINE_SOURCE_MAX + 1]:
        if tok.is_punct or tok.is_quote:
            return None  # the verb must follow the source directly
        if _headline_cue(tok):
            return _headline_hit(doc, doc[: tok.i], tok)
    return None


def _final_verb_headline(doc: Doc) -> HeadlineHit | None:
    """``Port Will Reopen, Mayor Says``: the source and its verb close the headline."""
    words = [t for t in doc if not (t.is_punct or t.is_quote or t.is_space)]
    if len(words) < 4 or not _headline_cue(words[-1]):
        return None
    cue = words[-1]
    comma = next((t for t in reversed(doc[: cue.i]) if t.text == ","), None)
    if comma is None or cue.i - comma.i - 1 > _HEADLINE_SOURCE_MAX:
        return None
    source = doc[comma.i + 1 : cue.i]
    lo, hi = _trim_edges(doc, 0, comma.i)
    if not len(source) or _alpha_count(doc, lo, hi) < 2:
        return None
    return source, cue, (lo, hi)


def _headline_cue(tok: Token) -> bool:
    """A reporting, stance or finding verb in the third person or past tense, read off the
    word's form since title case hides the part of speech (``Says``, ``Warns``, ``Shows``)."""
    lex = lexicon()
    word = tok.lower_
    if len(word) < 3 or tok.pos_ in ("DET", "ADP", "PRON", "NUM"):
        return False
    if tok.ent_iob_ == "I" and not word.endswith(("s", "ed")):
        return False  # "Washington Post" names a paper; an inflected "Says" is still a verb
    if word == tok.text and tok.pos_ != "VERB":
        return False  # in a lower-case headline the parser can be trusted: "Jobs report"
    if tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in ("of", "by"):
        return False  # "Accused Of", "Praised By": the subject is not the one speaking
    lemmas = {word, tok.lemma_.lower(), word.removesuffix("s"), word.removesuffix("es")}
    lemmas |= {word.removesuffix("ed"), word.removesuffix("d"), word.removesuffix("ies") + "y"}
    return bool(lemmas & (lex.verbs | lex.stance_verbs | lex.evidence_verbs))


def _headline_hit(doc: Doc, source: Span, cue: Token) -> HeadlineHit | None:
    """The source before the cue and the claim after it, when both look the part."""
    words = [t for t in source if not t.is_punct]
    if any(t.text == "," for t in source):
        return None  # "Ah, friends once more: ..." is a lead-in, not a source
    if not words or not words[0].text[:1].isupper() or words[0].lower_ in _NOT_HEADLINE_SOURCES:
        return None
    if words[0].pos_ in ("ADP", "SCONJ") or any(t.pos_ in ("AUX", "VERB") for t in words):
        return None  # "With key states ...", "Rubio has the praise": no source before
    if not any(t.pos_ in ("PROPN", "NOUN", "PRON") or t.text[:1].isupper() for t in words):
        return None
    lo, hi = _trim_edges(doc, cue.i + 1, len(doc))
    if _alpha_count(doc, lo, hi) < 2:
        return None
    return source, cue, (lo, hi)


def _entity_named(entities: Sequence[Entity], text: str) -> str | None:
    """The one body entity whose name or alias is ``text`` (or whose surname it is)."""
    wanted = text.strip().lower()
    exact = [e.id for e in entities if wanted in {e.name.lower(), *(a.lower() for a in e.aliases)}]
    if exact:
        return exact[0] if len(exact) == 1 else None
    surname = [
        e.id for e in entities if e.type == "PERSON" and e.name.lower().split()[-1:] == [wanted]
    ]
    return surname[0] if len(surname) == 1 else None
