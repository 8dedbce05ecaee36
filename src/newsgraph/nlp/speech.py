"""Helpers shared by quote and attribution extraction.

Both stages need the same lexicon (``data/reporting.json``), the same notion of "who is the
subject of this reporting verb", and the same map of quoted regions, so they live here once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

from newsgraph.model import Evidence
from newsgraph.nlp.convert import doc_text, evidence_for

SpeakerResolver = Callable[[Span], str | None]

# Opening mark -> the closing marks that end it.
QUOTE_PAIRS: dict[str, str] = {'"': '"', "“": '”"', "«": "»", "„": "“”", "‘": "’"}
# Every character ``quote_regions`` reads: the marks (a lone ' or ` only when doubled) and
# line breaks, where an open quote ends or goes on.
_MARKS = re.compile("[" + re.escape("".join(QUOTE_PAIRS) + "".join(QUOTE_PAIRS.values())) + "'`\n]")
_REGIONS_KEY = "newsgraph.quote_regions"
_OPEN_BEFORE = set(" \t\n([{—–-/:;,")  # characters that may precede an opening mark
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_DROP_FROM_SOURCE = frozenset({"relcl", "appos", "acl", "punct", "advcl"})
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Lexicon:
    """The reporting lexicon, loaded once per process."""

    verbs: frozenset[str]  # single-word lemmas
    phrasal_verbs: frozenset[tuple[str, str]]  # (lemma, particle)
    evidence_verbs: frozenset[str]
    document_nouns: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]  # lower-cased word sequences
    quote_dashes: frozenset[str]
    anonymous_heads: frozenset[str]
    anonymous_markers: tuple[str, ...]
    stance_verbs: frozenset[str]  # single-word lemmas
    phrasal_stance_verbs: frozenset[tuple[str, str]]  # (lemma, particle or preposition)
    source_nouns: frozenset[str]  # unnamed nouns that can hold a stance ("voters")
    headline_labels: frozenset[str]  # "Breaking:", "Watch:": a label, not a source
    # lemmas some phrasal verb starts with: only theirs need their children read (a
    # token's children cost a walk over its whole subtree)
    phrasal_heads: frozenset[str] = frozenset()
    phrasal_stance_heads: frozenset[str] = frozenset()
    stance_adjectives: frozenset[str] = frozenset()  # "confident", "convinced"
    phrasal_stance_adjectives: frozenset[tuple[str, str]] = frozenset()  # ("critical", "of")
    stance_nouns: frozenset[str] = frozenset()  # "claim", "argument": with a that-clause
    quote_verbs: frozenset[str] = frozenset()  # "continue", "chant": beside a quotation only
    light_verbs: frozenset[str] = frozenset()  # "make" in "made the case that"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Read ``data/reporting.json`` (rules are data, so a linguist can extend them)."""
    raw = json.loads(resources.files("newsgraph.data").joinpath("reporting.json").read_text())
    verbs = [v.lower() for v in raw["reporting_verbs"]]
    stances = [v.lower() for v in raw["stance_verbs"]]
    adjectives = [a.lower() for a in raw["stance_adjectives"]]
    return Lexicon(
        verbs=frozenset(v for v in verbs if " " not in v),
        phrasal_verbs=frozenset((v.split()[0], v.split()[1]) for v in verbs if len(v.split()) == 2),
        evidence_verbs=frozenset(v.lower() for v in raw["evidence_verbs"]),
        document_nouns=frozenset(n.lower() for n in raw["document_nouns"]),
        source_phrases=tuple(tuple(p.lower().split()) for p in raw["source_phrases"]),
        quote_dashes=frozenset(raw["quote_dashes"]),
        anonymous_heads=frozenset(h.lower() for h in raw["anonymous_heads"]),
        anonymous_markers=tuple(m.lower() for m in raw["anonymous_markers"]),
        stance_verbs=frozenset(v for v in stances if " " not in v),
        phrasal_stance_verbs=frozenset(
            (v.split()[0], v.split()[1]) for v in stances if len(v.split()) == 2
        ),
        source_nouns=frozenset(n.lower() for n in raw["source_nouns"]),
        headline_labels=frozenset(n.lower() for n in raw["headline_labels"]),
        phrasal_heads=frozenset(v.split()[0] for v in verbs if len(v.split()) == 2),
        phrasal_stance_heads=frozenset(v.split()[0] for v in stances if len(v.split()) == 2),
        stance_adjectives=frozenset(a for a in adjectives if " " not in a),
        phrasal_stance_adjectives=frozenset(
            (a.split()[0], a.split()[1]) for a in adjectives if len(a.split()) == 2
        ),
        stance_nouns=frozenset(n.lower() for n in raw["stance_nouns"]),
        quote_verbs=frozenset(v.lower() for v in raw["quote_verbs"]),
        light_verbs=frozenset(v.lower() for v in raw["light_verbs"]),
    )


def is_reporting_verb(tok: Token) -> bool:
    """True for a verb of saying (``said``, ``stressed``, ``pointed out``)."""
    if tok.pos_ not in ("VERB", "AUX") or tok.tag_ == "MD":
        return False
    lex = lexicon()
    lemma = tok.lemma_.lower()
    if lemma in lex.verbs or not _inflection_stems(tok).isdisjoint(lex.verbs):
        return True
    if lemma not in lex.phrasal_heads:
        return False
    return any(c.dep_ == "prt" and (lemma, c.lower_) in lex.phrasal_verbs for c in tok.children)


def is_quote_verb(tok: Token) -> bool:
    """A verb that frames a direct quotation beside it but reports nothing on its own
    (``"...," she continued``, ``protesters chanted "..."``)."""
    return tok.pos_ == "VERB" and not verb_forms(tok).isdisjoint(lexicon().quote_verbs)


def verb_forms(tok: Token) -> frozenset[str]:
    """The lemma and the stems the word's ending gives."""
    return _inflection_stems(tok) | {tok.lemma_.lower()}


def is_stance_verb(tok: Token) -> bool:
    """True for a verb that attributes a belief, intention or stance to its subject
    (``wants``, ``praised``, ``called for``): PolNeAR-style attribution beyond speech."""
    if tok.pos_ != "VERB":
        return False
    lex = lexicon()
    lemma = tok.lemma_.lower()
    if lemma in lex.stance_verbs or not _inflection_stems(tok).isdisjoint(lex.stance_verbs):
        return True
    if lemma not in lex.phrasal_stance_heads:
        return False
    return any(
        c.dep_ in ("prt", "prep") and (lemma, c.lower_) in lex.phrasal_stance_verbs
        for c in tok.children
    )


def _inflection_stems(tok: Token) -> frozenset[str]:
    """Stems a verb's ending gives (``hoping`` → ``hope``, ``rated`` → ``rate``): the
    lemmatizer misreads some of these (``hoping`` as ``hop``, ``rated`` as ``rat``)."""
    word = tok.lower_
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            return frozenset({stem, stem + "e"})
    return frozenset()


def is_finding_verb(tok: Token, subj: Token) -> bool:
    """``a poll shows that ...``, ``the study found that ...``: a document as the source."""
    lex = lexicon()
    return (
        tok.pos_ == "VERB"
        and tok.lemma_.lower() in lex.evidence_verbs
        and (subj.lemma_.lower() in lex.document_nouns or subj.lower_ in lex.document_nouns)
    )


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of the text inside quotation marks (marks excluded), outermost only.

    A quote left open at a paragraph end goes on when the next paragraph opens with a
    quotation mark (the newspaper convention for multi-paragraph quotes); otherwise the
    stray mark is ignored.

    Only the characters that can change the reading are visited (the marks, and line
    breaks), found by one regex: a walk over every character cost a millisecond an
    article, and both quotes and attributions ask (``doc_quote_regions`` keeps the answer).
    """
    regions: list[tuple[int, int]] = []
    opener = ""
    start = 0
    n = len(text)
    found = _MARKS.search(text)
    while found is not None:
        i = found.start()
        ch = text[i]
        if ch in "'`" and text[i + 1 : i + 2] == ch:  # '' and `` stand for a double mark
            if opener == '"':
                regions.append(_strip(text, start, i))
                opener = ""
            elif not opener and _can_open_double(text, i):
                opener, start = '"', i + 2
            found = _MARKS.search(text, i + 2)
            continue
        if opener:
            if ch in QUOTE_PAIRS[opener] and _can_close(text, i, opener):
                regions.append(_strip(text, start, i))
                opener = ""
            elif ch == "\n":
                j = _next_paragraph_start(text, i)
                if j < n and text[j] == opener:
                    i = j  # continuation: skip the re-opening mark
                else:
                    opener = ""
        elif ch in QUOTE_PAIRS and _can_open(text, i, ch):
            opener, start = ch, i + 1
        found = _MARKS.search(text, i + 1)
    return regions


def doc_quote_regions(doc: Doc) -> list[tuple[int, int]]:
    """``quote_regions`` of the doc's text, worked out once per doc (kept in
    ``doc.user_data``, as ``convert.doc_text`` keeps the text)."""
    kept = doc.user_data.get(_REGIONS_KEY)
    if isinstance(kept, list):
        return list(kept)
    regions = quote_regions(doc_text(doc))
    doc.user_data[_REGIONS_KEY] = regions
    return list(regions)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _can_open(text: str, i: int, mark: str) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt.isspace():
        return mark == "«"  # French typography puts a space inside guillemets
    if mark in '"‘':
        return prev in _OPEN_BEFORE or prev in QUOTE_PAIRS
    return True


def _can_open_double(text: str, i: int) -> bool:
    """``''`` or ````` at ``i`` opens a quote: after a space or bracket, before a word."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 2] if i + 2 < len(text) else " "
    return not nxt.isspace() and (prev in _OPEN_BEFORE or prev in QUOTE_PAIRS)


def _can_close(text: str, i: int, opener: str) -> bool:
    if opener != "‘":
        return True
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return not nxt.isalnum()  # "don’t" is an apostrophe, not a closing mark


def _next_paragraph_start(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, inherited through coordination and participle clauses.

    "X agreed ... but stressed that" and "X expressed hope, saying ..." both give X, and so
    does "X said the plan was 'messy,' adding ...". A passive participle clause ("Asked about
    the plan, X said ...") has no holder of its own: X is the one asked, so only its agent
    ("Asked by Y") is returned.
    """
    gerund_subject = _noun_before_gerund(verb)
    if gerund_subject is not None:
        return gerund_subject  # "about Pope Leo calling the plan a sham"
    if verb.tag_ == "VBG" and _after_comma(verb):
        root = sentence_of(verb).root  # ", saying ..." reports the main clause's subject
        subj = next((c for c in root.children if c.dep_ in _SUBJECT_DEPS), None)
        if root is not verb and subj is not None and subj.i < verb.i:
            return subj
    if _passive_participle(verb):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN", "NUM"):
        return verb.head  # "a statement saying ...", "one saying that ..."
    cur: Token | None = verb
    for _ in range(4):
        if cur is None:
            return None
        subj = next((c for c in cur.children if c.dep_ in _SUBJECT_DEPS), None)
        if subj is not None:
            return subj
        if cur.dep_ in ("conj", "advcl", "xcomp") and cur.head is not cur:
            cur = cur.head
        elif framed_by_preposition(cur):
            cur = cur.head.head  # "after saying ...", "began by saying ..."
        else:
            return None
    return None


_FRAME_PREPS = frozenset({"after", "before", "by", "while", "in", "since", "when", "upon"})


def framed_by_preposition(verb: Token) -> bool:
    """``After saying P, she ...``, ``began by saying P``: a gerund under a preposition of
    time or manner, whose understood subject is the clause's subject."""
    return (
        verb.dep_ == "pcomp"
        and verb.tag_ == "VBG"
        and verb.head.lower_ in _FRAME_PREPS
        and verb.head.head.i != verb.head.i
    )


def _noun_before_gerund(verb: Token) -> Token | None:
    """``asked about Smith calling the deal a sham``: the parser hangs the gerund and its
    subject side by side on one head; the name just before the gerund is its subject."""
    if verb.tag_ != "VBG" or verb.i == 0 or any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
        return None
    prev = verb.doc[verb.i - 1]
    if prev.dep_ != "pobj" or prev.pos_ not in ("PROPN", "NOUN"):
        return None
    return prev if prev.head.head.i == verb.head.i and prev.head.i < prev.i else None


def _after_comma(tok: Token) -> bool:
    """A comma just before ``tok``, or before the closing quotation mark just before it."""
    i = tok.i - 1
    while i >= 0 and (tok.doc[i].is_quote or tok.doc[i].is_space):
        i -= 1
    return i >= 0 and tok.doc[i].text == ","


def _passive_participle(verb: Token) -> bool:
    """``Asked about ...`` / ``Seen as ...``: a past participle opening a clause of its own
    with no subject and no auxiliary, whose understood subject is the one acted on."""
    if verb.tag_ != "VBN" or verb.dep_ not in ("advcl", "acl"):
        return False
    return not any(c.dep_ in (*_SUBJECT_DEPS, "aux", "auxpass") for c in verb.children)


def source_span(head: Token) -> Span:
    """The noun phrase headed by ``head``, without relative clauses, appositions or commas."""
    head = past_dateline(head)
    doc = head.doc
    drop: set[int] = set()
    for child in head.subtree:
        if child is not head and child.dep_ in _DROP_FROM_SOURCE and child.head.i >= head.i:
            drop.update(t.i for t in child.subtree)
    keep = [t.i for t in head.subtree if t.i not in drop or t.i == head.i]
    # keep the contiguous run around the head only
    lo = hi = head.i
    keep_set = set(keep)
    while lo - 1 in keep_set:
        lo -= 1
    while hi + 1 in keep_set:
        hi += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    dash = dateline_dash(doc[lo])
    if dash is not None and dash.i < head.i:  # "LONDON (Reuters) — Union leader Jo Lin"
        lo = dash.i + 1
    while lo < hi and doc[lo].is_punct:
        lo += 1
    return doc[lo : hi + 1]


_DATELINE_REACH = 10  # tokens from the place name to the dash: "WASHINGTON, Dec. 8 (UPI) —"


def dateline_dash(tok: Token) -> Token | None:
    """The dash ending a dateline that ``tok`` opens (``MACAU (AP) —``), or None."""
    doc = tok.doc
    opens_paragraph = tok.i == 0 or "\n" in doc[tok.i - 1].text
    if not (opens_paragraph and tok.is_upper and len(tok.text) > 1):
        return None
    dashes = lexicon().quote_dashes
    return next((t for t in doc[tok.i + 1 : tok.i + _DATELINE_REACH] if t.text in dashes), None)


def past_dateline(head: Token) -> Token:
    """``MACAU (AP) — Party donor Jo Lin said ...``: the parser may take the dateline's place
    for the subject; the subject is then the one after the dash. Any other ``head`` is
    returned as it is."""
    dash = dateline_dash(head)
    if dash is None:
        return head
    later = [c for c in head.head.children if c.dep_ in _SUBJECT_DEPS and c.i > dash.i]
    after = [t for t in head.subtree if t.i > dash.i and t.head.i <= dash.i]
    found = later or after
    return found[0] if len(found) == 1 and found[0].pos_ in ("PROPN", "NOUN") else head


def is_pronoun(span: Span) -> bool:
    """A bare pronoun speaker ("he", "they"): resolvable only through coreference."""
    return len(span) == 1 and span[0].pos_ == "PRON"


def is_anonymous(span: Span) -> bool:
    """True when the source names no person or organisation: "officials", "a person
    familiar with the matter", "a Kenyan official and another source close to the talks".

    Every conjunct must be unnamed; a conjunct is unnamed when its head noun is one of the
    lexicon's generic source nouns (nationality adjectives allowed) or it carries an
    anonymity marker ("familiar with", "on condition of anonymity").
    """
    if is_pronoun(span) or not len(span):
        return False
    lex = lexicon()
    heads = [t for t in span if _is_phrase_head(t, span)]
    heads += [c for h in heads for c in h.conjuncts if span.start <= c.i < span.end]
    return bool(heads) and all(_unnamed(h, lex) for h in dict.fromkeys(heads))


def _is_phrase_head(tok: Token, span: Span) -> bool:
    outside = tok.head is tok or not span.start <= tok.head.i < span.end
    return outside and tok.pos_ in ("NOUN", "PROPN", "PRON", "NUM")


def _unnamed(head: Token, lex: Lexicon) -> bool:
    if head.pos_ == "PROPN" or head.ent_type_ == "PERSON":
        return False
    phrase = head.doc[head.left_edge.i : head.right_edge.i + 1].text.lower()
    return _generic_head(head, lex) or any(m in phrase for m in lex.anonymous_markers)


def _generic_head(head: Token, lex: Lexicon) -> bool:
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE"):
        return False
    if head.lower_ not in lex.anonymous_heads and head.lemma_.lower() not in lex.anonymous_heads:
        return False
    # pre-modifiers may say where the source works, but may not name the person
    return not any(t.ent_type_ == "PERSON" for t in head.lefts)


def sentence_of(tok: Token) -> Span:
    """The sentence holding ``tok``; ``Token.sent`` walks every sentence of the doc, which
    made long articles quadratic, so the doc's sentence bounds are read once instead."""
    first, after = sentence_bounds(tok.doc)
    return tok.doc[first[tok.i] : after[tok.i]]


_BOUNDS_KEY = "newsgraph.speech.sentence_bounds"


def sentence_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """For each token, its sentence's first token and the token after its last, read once
    per doc and kept in ``doc.user_data``: a sentence starts at the first token and at each
    the parse marks a start (``is_sent_start``), as ``Doc.sents`` reads them."""
    cached = doc.user_data.get(_BOUNDS_KEY)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    n = len(doc)
    marks = doc.to_array(SENT_START).tolist() if n else []
    starts = [i for i in range(n) if i == 0 or marks[i] == 1]
    first, after = [0] * n, [0] * n
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else n
        first[start:end] = [start] * (end - start)
        after[start:end] = [end] * (end - start)
    bounds = doc.user_data[_BOUNDS_KEY] = (first, after)
    return bounds


def evidence_between(doc: Doc, start: int, end: int) -> Evidence:
    """Evidence for tokens ``start:end``: the sentence, or the run of sentences it spans."""
    first = sentence_of(doc[start])
    last = sentence_of(doc[max(start, end - 1)])
    if first.start == last.start:
        return evidence_for(first)
    return Evidence(
        sentence=doc_text(doc)[first.start_char : last.end_char],
        start=first.start_char,
        end=last.end_char,
    )


def char_span_tokens(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range covering characters ``start:end`` (None where no token lies inside)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.start, span.end


def clip_to_paragraph(doc: Doc, anchor: int, lo: int, hi: int) -> tuple[int, int]:
    """Narrow tokens ``lo:hi`` to the paragraph holding token ``anchor`` (the parser's
    sentences sometimes run across a headline or a paragraph break)."""
    for i in range(anchor - 1, lo - 1, -1):
        if "\n" in doc[i].text:
            lo = i + 1
            break
    for i in range(anchor, hi):
        if "\n" in doc[i].text:
            hi = i
            break
    return lo, hi


def clean(text: str) -> str:
    """Collapse whitespace so claims read as one line."""
    return _WS.sub(" ", text).strip()


@dataclass
class Report:
    """One act of reporting found in a doc, before it becomes a Quote or an Attribution."""

    kind: str  # "direct" | "indirect" | "according"
    source: Span | None
    cue: Token | None
    start: int  # character offsets of the reported content
    end: int
    first: int  # token range covering content, cue and source (for evidence)
    last: int
    confidence: float
