"""Direct and indirect quotations with their speakers.

Direct quotes are found from quotation marks in the raw text (so they may span sentences
and paragraphs), then tied to a reporting verb in the clause around them. Indirect speech is
read off the dependency parse: a reporting verb with a clausal complement, or a clause-final
"..., X said". Speech by anonymous sources is left to :mod:`newsgraph.nlp.attribution`.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Quote
from newsgraph.nlp.convert import doc_text
from newsgraph.nlp.speech import (
    Report,
    SpeakerResolver,
    char_span_tokens,
    clip_to_paragraph,
    doc_quote_regions,
    evidence_between,
    framed_by_preposition,
    is_anonymous,
    is_finding_verb,
    is_pronoun,
    is_quote_verb,
    is_reporting_verb,
    lexicon,
    sentence_of,
    source_span,
    subject_of,
)
from newsgraph.nlp.token_table import token_table

__all__ = ["SpeakerResolver", "extract_quotes", "find_reports"]

_AFTER_WINDOW = 40  # tokens after a closing mark that may hold "X, the ..., said"
_BEFORE_WINDOW = 15  # tokens before an opening mark that may hold "X said on Monday that"
_SCARE_MAX_WORDS = 3
_SKIP_VERB_DEPS = frozenset({"relcl", "acl", "amod", "compound", "pcomp"})
_NOT_CLAIMS = frozenset({"whether", "if"})
_BETWEEN_OK = frozenset({"PUNCT", "ADV", "AUX", "PART", "SPACE", "CCONJ"})
_SAY_LIKE = frozenset({"say", "add", "write", "tweet", "insist", "continue"})


def extract_quotes(doc: Doc, resolve: SpeakerResolver) -> list[Quote]:
    """Every quotation in ``doc`` whose speaker is known or which is direct speech."""
    quotes: list[Quote] = []
    for rep in find_reports(doc):
        if rep.kind == "according":
            continue
        speaker = resolve(rep.source) if rep.source is not None else None
        if rep.kind == "indirect" and (
            speaker is None or rep.source is None or is_anonymous(rep.source)
        ):
            continue
        quotes.append(
            Quote(
                speaker=speaker,
                kind="direct" if rep.kind == "direct" else "indirect",
                text=doc_text(doc)[rep.start : rep.end],
                evidence=evidence_between(doc, rep.first, rep.last),
                speaker_text=rep.source.text if rep.source is not None else None,
                cue=rep.cue.text if rep.cue is not None else None,
                confidence=rep.confidence,
                start=rep.start,
                end=rep.end,
                speaker_start=rep.source.start_char if rep.source is not None else None,
                speaker_end=rep.source.end_char if rep.source is not None else None,
                cue_start=rep.cue.idx if rep.cue is not None else None,
                cue_end=rep.cue.idx + len(rep.cue) if rep.cue is not None else None,
            )
        )
    return quotes


_REPORTS_KEY = "newsgraph.reports"


def find_reports(doc: Doc) -> list[Report]:
    """All direct and indirect reports in document order (shared with attribution, so
    worked out once per doc and kept in ``doc.user_data``)."""
    if not len(doc):
        return []
    cached = doc.user_data.get(_REPORTS_KEY)
    if isinstance(cached, list):
        return list(cached)
    reports = _find_reports(doc)
    doc.user_data[_REPORTS_KEY] = reports
    return list(reports)


def _find_reports(doc: Doc) -> list[Report]:
    regions = doc_quote_regions(doc)
    inside = _inside_map(doc, regions)
    # _indirect turns down every other word, so only verbs become Token objects
    verbs = [i for i, pos in enumerate(token_table(doc).pos) if pos == "VERB"]
    indirect = [r for i in verbs if (r := _indirect(doc[i], inside)) is not None]
    direct = _direct_reports(doc, regions, inside, indirect)
    labelled = [r for tok in _line_starts(doc) if (r := _colon_label(tok)) is not None]
    return sorted(direct + indirect + labelled, key=lambda r: (r.start, r.kind))


def _inside_map(doc: Doc, regions: list[tuple[int, int]]) -> list[int]:
    """For each token, the index of the quote region holding it, or -1."""
    owner = [-1] * len(doc)
    for k, (start, end) in enumerate(regions):
        rng = char_span_tokens(doc, start, end)
        if rng is not None:
            for i in range(*rng):
                owner[i] = k
    return owner


# --- direct quotes -------------------------------------------------------------------------


def _direct_reports(
    doc: Doc, regions: list[tuple[int, int]], inside: list[int], indirect: list[Report]
) -> list[Report]:
    found: list[Report] = []
    for k, (start, end) in enumerate(regions):
        rng = char_span_tokens(doc, start, end)
        if rng is None or not doc_text(doc)[start:end].strip():
            continue
        qs, qe = rng
        words = len(doc_text(doc)[start:end].split())
        hit = (
            _dash_after(doc, qe)
            or _cue_after(doc, qs, qe, inside, k)
            or _name_colon_before(doc, qs)
            or _cue_before(doc, qs, inside, k)
        )
        if hit is not None:
            cue, source, adjacent = hit
            if words <= _SCARE_MAX_WORDS and not adjacent:
                continue
            first = min(qs, cue.i, source.start if source is not None else qs)
            last = max(qe, cue.i + 1, source.end if source is not None else qe)
            found.append(Report("direct", source, cue, start, end, first, last, 0.9))
            continue
        prev = _continued(doc, qs, found)
        if prev is not None and words > _SCARE_MAX_WORDS:
            found.append(Report("direct", prev.source, prev.cue, start, end, qs, qe, 0.8))
        elif words > _SCARE_MAX_WORDS and _stands_alone(doc_text(doc), start, end):
            source = _previous_speaker(doc, start, found + indirect, inside)
            found.append(Report("direct", source, None, start, end, qs, qe, 0.5))
    return found


def _dash_after(doc: Doc, qe: int) -> tuple[Token, Span | None, bool] | None:
    """``"..." ― Maria Lopez``: a dash after the closing mark, then the speaker's name."""
    dashes = lexicon().quote_dashes
    i = qe
    while i < len(doc) and (doc[i].is_space or doc[i].is_quote) and "\n" not in doc[i].text:
        i += 1
    if i + 1 >= len(doc) or doc[i].text not in dashes:
        return None
    first = i + 1
    while first < len(doc) and _inline_space(doc[first]):
        first += 1  # "― \xa0Name": a no-break space the tokenizer keeps as a token
    j = first
    while j < len(doc) and (doc[j].pos_ == "PROPN" or _inline_space(doc[j])):
        j += 1
    while j > first and doc[j - 1].is_space:
        j -= 1
    if j == first:
        return None
    return doc[i], doc[first:j], True


def _inline_space(tok: Token) -> bool:
    return tok.is_space and "\n" not in tok.text


def _cue_after(
    doc: Doc, qs: int, qe: int, inside: list[int], k: int
) -> tuple[Token, Span | None, bool] | None:
    """``"...," she said`` / ``"...," said X, the ...``: a reporting verb just after the quote."""
    for i in range(qe, min(len(doc), qe + _AFTER_WINDOW)):
        tok = doc[i]
        if (inside[i] not in (-1, k)) or "\n" in tok.text or (tok.is_space and "\n" in tok.text):
            return None
        if tok.text in (".", "?", "!") and i > qe:
            return None
        if inside[i] == k or not (is_reporting_verb(tok) or is_quote_verb(tok)):
            continue
        subj = subject_of(tok)
        if subj is None and tok.lemma_.lower() in _SAY_LIKE:
            subj = _object_as_speaker(tok)
        if subj is not None and subj.i < qe and inside[subj.i] == k:
            subj = None  # "We" inside the quote is not the speaker
        source = source_span(subj) if subj is not None else None
        if not _only_frame_between(doc, qe, tok, subj):
            return None
        if _content_elsewhere(tok, qs, qe, inside):
            return None
        return tok, source, True
    return None


def _cue_before(
    doc: Doc, qs: int, inside: list[int], k: int
) -> tuple[Token, Span | None, bool] | None:
    """``X said: "..."``, ``X said on Monday that "..."``, ``..., saying, "..."``."""
    sent = sentence_of(doc[qs])
    for i in range(qs - 1, max(sent.start, qs - _BEFORE_WINDOW) - 1, -1):
        tok = doc[i]
        if inside[i] not in (-1, k) or (tok.is_space and "\n" in tok.text):
            return None
        if tok.text in (".", "?", "!"):
            return None
        if not (is_reporting_verb(tok) or is_quote_verb(tok)) or tok.dep_ in _SKIP_VERB_DEPS:
            continue
        if _content_elsewhere(tok, qs, len(doc), inside):
            return None
        subj = subject_of(tok)
        source = source_span(subj) if subj is not None else None
        adjacent = all(t.is_punct or t.lower_ == "that" or t.is_space for t in doc[i + 1 : qs])
        return tok, source, adjacent
    return None


_COLON_NAME_MAX = 5  # tokens of a name before the colon


def _name_colon_before(doc: Doc, qs: int) -> tuple[Token, Span | None, bool] | None:
    """``... pollster Daron Shaw: "Historically, ..."``: a name and a colon introduce the
    quotation in running text (a colon after a person's name, not after a clause)."""
    i = qs - 1
    while i >= 0 and (doc[i].is_quote or _inline_space(doc[i])):
        i -= 1
    if i < 1 or doc[i].text != ":":
        return None
    colon, j = doc[i], i
    while j > 0 and i - j < _COLON_NAME_MAX and doc[j - 1].pos_ == "PROPN":
        j -= 1
    name = doc[j:i]
    if not len(name) or not any(t.ent_type_ in ("PERSON", "ORG") for t in name):
        return None
    return colon, name, True


def _object_as_speaker(verb: Token) -> Token | None:
    """``said Smith`` misparsed with Smith as object: take a name right after the verb."""
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "oprd") and child.pos_ == "PROPN":
            return child
    return None


def _only_frame_between(doc: Doc, qe: int, verb: Token, subj: Token | None) -> bool:
    """Between the closing mark and the verb only punctuation, adverbs and the speaker
    (with its appositions: "X, the attorney general of Y, said")."""
    lo, hi = (subj.left_edge.i, subj.right_edge.i) if subj is not None else (-1, -1)
    for tok in doc[qe : verb.i]:
        if tok.pos_ in _BETWEEN_OK or tok.is_punct or tok.is_space or lo <= tok.i <= hi:
            continue
        return False
    return True


def _content_elsewhere(verb: Token, lo: int, hi: int, inside: list[int]) -> bool:
    """The verb already has an unquoted clausal complement, so it reports that instead."""
    for child in verb.children:
        if child.dep_ == "ccomp" and not lo - 2 <= child.i < hi + 1 and inside[child.i] == -1:
            return True
    return False


def _continued(doc: Doc, qs: int, found: list[Report]) -> Report | None:
    """``"A," he said. "B."``: B goes on with the speaker of the quote just before it."""
    if not found or found[-1].source is None:
        return None
    gap = doc[found[-1].last : qs]
    if all((t.is_punct or t.is_space) and "\n" not in t.text for t in gap):
        return found[-1]
    return None


def _stands_alone(text: str, start: int, end: int) -> bool:
    """The quote is the whole of its paragraph (nothing but marks and punctuation around)."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    outside = text[para_start : start - 1] + text[end + 1 : para_end]
    return not any(ch.isalnum() for ch in outside)


def _previous_speaker(
    doc: Doc, start: int, reports: list[Report], inside: list[int]
) -> Span | None:
    """The speaker named in the paragraph just before ``start``, for a lone quote paragraph;
    where that paragraph is itself quoted speech, its speaker goes on talking."""
    para_start = doc_text(doc).rfind("\n", 0, start) + 1
    if para_start <= 1:
        return None
    prev_start = doc_text(doc).rfind("\n", 0, para_start - 1) + 1
    near = [
        r
        for r in reports
        if r.source is not None
        and (prev_start <= r.source.start_char < para_start or prev_start <= r.start < para_start)
    ]
    if near:
        return max(near, key=lambda r: r.start).source
    tail = doc.char_span(prev_start, para_start - 1, alignment_mode="expand")
    if tail is None or not len(tail):
        return None
    subj = subject_of(sentence_of(tail[-1]).root)
    if subj is None or inside[subj.i] != -1:  # "We" inside a quotation is not its speaker
        return None
    if not (subj.ent_type_ == "PERSON" or is_pronoun(doc[subj.i : subj.i + 1])):
        return None
    return source_span(subj)


def _line_starts(doc: Doc) -> Iterator[Token]:
    """The tokens a colon label may open: the first, and each after a line break or a
    quotation mark (read in one pass, not looked up twice for every token)."""
    prev: Token | None = None
    for tok in doc:
        if prev is None or "\n" in prev.text or prev.is_quote:
            yield tok
        prev = tok


def _colon_label(first: Token) -> Report | None:
    """``PENCE: Well, look, ...`` (a transcript) or a headline ``Smith: Deal Is Dead``:
    a paragraph opening with a name and a colon."""
    doc = first.doc
    if first.i > 0 and "\n" not in doc[first.i - 1].text and not doc[first.i - 1].is_quote:
        return None
    if first.i > 1 and doc[first.i - 1].is_quote and "\n" not in doc[first.i - 2].text:
        return None
    j = first.i
    while j < min(len(doc), first.i + 4) and doc[j].pos_ == "PROPN":
        j += 1
    if j == first.i or j + 1 >= len(doc) or doc[j].text != ":":
        return None
    name = doc[first.i : j]
    if not (name.text.isupper() or any(t.ent_type_ in ("PERSON", "ORG") for t in name)):
        return None
    end = j + 1
    while end < len(doc) and "\n" not in doc[end].text:
        end += 1
    lo, hi = j + 1, end
    while hi > lo and (doc[hi - 1].is_space or doc[hi - 1].is_quote):
        hi -= 1
    if sum(1 for t in doc[lo:hi] if t.is_alpha) < 3:
        return None
    kind = "direct" if name.text.isupper() else "indirect"
    start_c, end_c = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
    return Report(kind, name, doc[j], start_c, end_c, first.i, hi, 0.6)


# --- indirect speech -----------------------------------------------------------------------


def _indirect(verb: Token, inside: list[int]) -> Report | None:
    """``X said (that) P`` or ``P, X said``: the clause reported by a verb of saying."""
    if inside[verb.i] != -1 or verb.pos_ != "VERB" or not _may_report(verb):
        return None
    lex = lexicon()
    if verb.lemma_.lower() not in lex.evidence_verbs and not is_reporting_verb(verb):
        return None
    if any(c.dep_ in ("neg", "auxpass") for c in verb.children):
        return None
    subj = subject_of(verb)
    if subj is None or subj.lower_ == "there":
        return None
    if not (is_reporting_verb(verb) or is_finding_verb(verb, subj)):
        return None
    content = _complement(verb) or _preceding_clause(verb, subj)
    if content is None:
        return None
    lo, hi = clip_to_paragraph(verb.doc, verb.i, *content)
    if hi - lo < 2:
        return None
    own_subject = verb.left_edge.i <= subj.i <= verb.right_edge.i
    if (lo <= subj.i < hi and not own_subject) or _mostly_quoted(inside, lo, hi):
        return None
    source = source_span(subj)
    doc = verb.doc
    first = min(lo, source.start, verb.i)
    last = max(hi, source.end, verb.i + 1)
    conf = 0.75 if verb.lemma_.lower() == "say" else 0.65
    return Report(
        "indirect", source, verb, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]), first, last, conf
    )


def _may_report(verb: Token) -> bool:
    """Not a modifier (``the so-called deal``), except a gerund that reports for a noun or
    a clause (``a statement saying P``, ``after saying P``)."""
    if verb.dep_ not in _SKIP_VERB_DEPS:
        return True
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return verb.head.pos_ in ("NOUN", "PROPN", "NUM")
    return framed_by_preposition(verb)


def _complement(verb: Token) -> tuple[int, int] | None:
    """Token range of the verb's clausal complement, without ``that`` and edge punctuation.

    A complement after the verb wins over one before it (``P; X says Q`` reports Q), and a
    clause the parser hung as an adverbial (``X said after the talks he would not go``)
    counts when it has its own subject and no subordinator of its own."""
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    comps = [c for c in comps if c.i > verb.i] or comps or _bare_clauses(verb)
    if not comps:
        return None
    comp = comps[0]
    lo, hi = comp.left_edge.i, comp.right_edge.i + 1
    return _trim(verb.doc, lo, hi, drop_mark=True)


def _bare_clauses(verb: Token) -> list[Token]:
    """Adverbial clauses after ``verb`` that read as its object: a finite verb with its own
    subject and no ``if``/``because``/``when`` mark (a dropped ``that``)."""
    found = []
    for child in verb.rights:
        if child.dep_ != "advcl" or child.tag_ in ("VBG", "VBN", "TO"):
            continue
        kids = list(child.children)
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.i < child.i for c in kids)
        marked = any(c.dep_ in ("mark", "advmod") and c.i < child.i for c in kids)
        if has_subject and not marked:
            found.append(child)
    return found


def _preceding_clause(verb: Token, subj: Token) -> tuple[int, int] | None:
    """``P, X said.`` or ``P1, X said, P2``: the verb hangs off P's root as a parenthetical."""
    head = verb.head
    if verb.dep_ not in ("parataxis", "ccomp") or head is verb:
        return None
    doc = verb.doc
    words = [t.i for t in verb.subtree if not t.is_punct]
    v_lo, v_hi = words[0], words[-1] + 1
    if subj.i < v_lo or v_lo == 0 or not doc[v_lo - 1].is_punct:
        return None
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    if v_hi >= hi or all(t.is_punct for t in doc[v_hi:hi]):
        hi = v_lo  # clause-final attribution
    elif v_lo <= lo:
        return None
    return _trim(doc, lo, hi, drop_mark=False)


def _trim(doc: Doc, lo: int, hi: int, drop_mark: bool) -> tuple[int, int] | None:
    if drop_mark and lo < hi and doc[lo].lower_ in _NOT_CLAIMS:
        return None
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space or (drop_mark and _is_that(doc[lo]))):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if sum(1 for t in doc[lo:hi] if t.is_alpha) < 2:
        return None
    return lo, hi


def _is_that(tok: Token) -> bool:
    return tok.dep_ == "mark" and tok.lower_ == "that"


def _mostly_quoted(inside: list[int], lo: int, hi: int) -> bool:
    quoted = sum(1 for i in range(lo, hi) if inside[i] != -1)
    return quoted * 2 > hi - lo
