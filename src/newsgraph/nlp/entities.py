"""Entity mentions: spaCy's named entities, retyped and completed with gazetteers and rules.

The small English pipeline types some people as ORG, misses hyphenated place names and
military acronyms, and keeps possessive endings inside spans. This stage turns its raw
entities into clean :class:`MentionCandidate` objects with newsgraph's entity types
(PERSON, ORG, COUNTRY, PLACE, GROUP) and adds what the model missed. Coreference
(``coref.py``) then groups candidates into entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsgraph.names import name_gender, norm
from newsgraph.nlp import gazetteer as gz
from newsgraph.nlp.convert import doc_text
from newsgraph.nlp.entity_results import country_in_brackets, team_runs
from newsgraph.nlp.token_table import TokenTable, token_table

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
NOT_NAMES = {
    "DATE",
    "TIME",
    "MONEY",
    "QUANTITY",
    "PERCENT",
    "CARDINAL",
    "ORDINAL",
    "EVENT",
    "LAW",
    "WORK_OF_ART",
    "LANGUAGE",
    "PRODUCT",
}
# "Stratford-upon-Avon", "Boulogne-sur-Mer", "Castel-del-Monte": place names, not companies.
PLACE_SHAPE = re.compile(r"\w-(?:a|de|del|la|le|sur|on|upon|en|am|an|el|les)-\w")
POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
DASHES = {"-", "\u2013", "\u2014"}
BRACKETS = {"(", ")", "[", "]"}
LIST_SEPARATORS = {",", ";", "or"}


@dataclass
class MentionCandidate:
    """One mention with its type, before coreference."""

    start: int  # token offsets in the doc
    end: int
    text: str
    type: str
    country: str | None = None  # ISO alpha-3 of the country it names or lies in
    name: str | None = None  # canonical name where a gazetteer knows it
    source: str = "ner"
    confidence: float = 0.85

    @property
    def key(self) -> str:
        return norm(self.name or self.text)


def _trim(span: Span) -> Span | None:
    """Drop determiners, possessive endings, brackets, leading titles and whitespace tokens
    from a span (the model's span may run on over a line break: "Sana\\n")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].is_space
    ):
        start += 1
    while end > start and (
        doc[end - 1].text in POSSESSIVE
        or doc[end - 1].is_punct
        or doc[end - 1].is_space
        or _lower_tail(span, end)
    ):
        end -= 1
    if span.label_ == "PERSON":
        while end - start > 1 and (
            _is_title_word(doc[start]) or gz.is_honorific(doc[start].text) or doc[start].text == "."
        ):
            start += 1
    return doc[start:end] if end > start else None


def _lower_tail(span: Span, end: int) -> bool:
    """'Interfax news agency', 'Xinhua news agency': lower-case words closing a name are a
    description of it, not part of it (a name may hold them only inside: 'Bank of China')."""
    tok = span.doc[end - 1]
    return end - 1 > span.start and tok.is_lower and tok.is_alpha


def _is_title_word(token: Token) -> bool:
    return gz.in_lexicon("title_heads", token.text) or gz.in_lexicon("title_modifiers", token.text)


def _only_title_words(span: Span) -> bool:
    """'Shadow', 'State', 'Minister': capitalised title words the model took for names."""
    return all(_is_title_word(t) or t.is_punct or t.is_stop for t in span)


def _political_context(span: Span) -> bool:
    """A capital used as its government: subject, possessor or agent, not a place to be in."""
    root = span.root
    if root.dep_ in {"nsubj", "nsubjpass", "poss", "dobj"}:
        return True
    return root.dep_ == "pobj" and root.head.lower_ in {"by", "between", "from", "with"}


def _country_candidate(span: Span) -> MentionCandidate | None:
    hit = gz.country(span.text)
    if hit is None:
        return None
    if hit.kind == "capital" and not _political_context(span):
        return MentionCandidate(
            span.start, span.end, span.text, "PLACE", hit.iso3, source="gazetteer"
        )
    return MentionCandidate(
        span.start, span.end, span.text, "COUNTRY", hit.iso3, hit.name, "gazetteer", 0.95
    )


def _country_not_person(span: Span) -> bool:
    """'Mali' typed PERSON is the country; 'Jordan' or 'Georgia' may well be a person."""
    hit = gz.country(span.text)
    return (
        hit is not None and hit.kind == "name" and len(span) == 1 and name_gender(span.text) is None
    )


def _place_not_person(span: Span) -> bool:
    """'in Valencia' read as a person is the city: a known place right after a locative
    word, unless its first word is a known given name ('at Paris Hilton's party')."""
    doc = span.doc
    return (
        span.start > 0
        and doc[span.start - 1].lower_ in gz.ner_rules()["locative_words"]
        and gz.place(span.text) is not None
        and name_gender(span[0].text) is None
    )


def _typed(span: Span, label: str) -> MentionCandidate:
    """Map a spaCy label onto newsgraph's types, consulting the gazetteers."""
    found = _country_candidate(span)
    if found is not None and (label != "PERSON" or _country_not_person(span)):
        return found
    text = span.text
    if label == "PERSON" and _place_not_person(span):
        return MentionCandidate(
            span.start, span.end, text, "PLACE", gz.place(text), source="gazetteer", confidence=0.8
        )
    if label == "ORG" and text in gz.acronyms():
        full, etype, iso = gz.acronyms()[text]
        return MentionCandidate(span.start, span.end, text, etype, iso, full, "gazetteer", 0.9)
    if label == "ORG" and PLACE_SHAPE.search(text):
        return MentionCandidate(span.start, span.end, text, "PLACE", confidence=0.7)
    if label == "ORG" and gz.place(text) is not None and not gz.is_org_name(text):
        # 'Nagorno-Karabakh', 'KHASAVYURT': a known place the model typed ORG; in a sports
        # report the team rules below make a club of it again.
        return MentionCandidate(span.start, span.end, text, "PLACE", gz.place(text), confidence=0.7)
    if label in {"NORP", "ORG"} and gz.in_lexicon("group_names", text):
        return MentionCandidate(span.start, span.end, text, "GROUP")
    mapped = {
        "PERSON": "PERSON",
        "ORG": "ORG",
        "GPE": "PLACE",
        "LOC": "PLACE",
        "FAC": "PLACE",
        "NORP": "GROUP",
    }[label]
    return MentionCandidate(span.start, span.end, text, mapped)


def _is_cut(tok: Token) -> bool:
    """A spaced dash or a number inside a model span: 'J. Adams 123', 'Romania - Cosmin
    Contra' and 'Mexico 2-0' hold names with scores or a second name, not one long name;
    a line break is never inside a name either (a dateline, a caption run into the text)."""
    if tok.is_space or any(c.isdigit() for c in tok.text) or tok.text in BRACKETS:
        return True  # "National League for Democracy ( NLD": a name and its acronym
    if tok.text in LIST_SEPARATORS:
        return True  # "Mercantile , Commerce", "Boatmen's or Mercantile": two names
    if _headline_verb(tok):
        return True  # "ENGLAND BEAT MOLDOVA": two sides and the verb between them
    spaced = bool(tok.whitespace_) and tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)
    return spaced and tok.text in DASHES


def _headline_verb(tok: Token) -> bool:
    """A verb or preposition of an upper-case headline ('MARLINS BEAT REDS', 'PAKISTAN WIN
    TOSS', 'LEAD IN OPEN'), which the model reads as one long name."""
    return (
        tok.is_upper
        and tok.i > 0
        and tok.doc[tok.i - 1].is_upper
        and tok.lower_ in gz.ner_rules()["headline_cuts"]
    )


def _parts(ent: Span) -> list[Span]:
    """``ent`` cut at :func:`_is_cut` tokens, each part keeping the model's label."""
    parts, start = [], ent.start
    for tok in ent:
        if _is_cut(tok):
            if tok.i > start:
                parts.append(Span(ent.doc, start, tok.i, label=ent.label_))
            start = tok.i + 1
    if ent.end > start:
        parts.append(Span(ent.doc, start, ent.end, label=ent.label_))
    return parts


def _ner_candidates(doc: Doc) -> list[MentionCandidate]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        for part in _parts(ent):
            span = _trim(part)
            if span is None or not any(c.isalpha() for c in span.text) or _only_title_words(span):
                continue
            if all(t.lower_ in gz.ner_rules()["sports_terms"] for t in span):
                continue  # 'SOCCER', 'CRICKET': a headline's section word
            out.append(_typed(span, ent.label_))
    return out


def _proper_run(doc: Doc, i: int) -> int:
    """End (exclusive) of a run of proper-noun tokens glued by hyphens, starting at ``i``."""
    j = i + 1
    while j < len(doc):
        tok = doc[j]
        glued = not doc[j - 1].whitespace_
        if (tok.pos_ == "PROPN" and not tok.is_punct) or (
            glued and tok.text in {"-", "a", "de", "la", "el"} and j + 1 < len(doc)
        ):
            j += 1
        else:
            break
    while j > i + 1 and (doc[j - 1].text == "-" or doc[j - 1].is_lower):
        j -= 1
    return j


def _rule_candidates(doc: Doc, covered: set[int]) -> list[MentionCandidate]:
    """What the model missed: demonyms, acronyms, hyphenated places, 'southern X' regions."""
    out: list[MentionCandidate] = []
    table = token_table(doc)
    i = 0
    while i < len(doc):
        if i not in covered and _given_name_pair(doc, table, i, covered):
            out.append(
                MentionCandidate(
                    i,
                    i + 2,
                    table.span_text(doc, i, i + 2),
                    "PERSON",
                    source="rule",
                    confidence=0.7,
                )
            )
            i += 2
            continue
        if i in covered or table.space[i] or table.ent_type[i] in NOT_NAMES:
            i += 1
            continue
        word = table.text[i]
        hit = gz.country(word) if word[:1].isupper() else None
        if hit is not None and hit.kind in {"demonym", "name"}:
            out.append(
                MentionCandidate(i, i + 1, word, "COUNTRY", hit.iso3, hit.name, "gazetteer", 0.9)
            )
        elif word in gz.acronyms() or _looks_like_org_acronym(table, i):
            full, etype, iso = gz.acronyms().get(word, (word, "ORG", None))
            out.append(MentionCandidate(i, i + 1, word, etype, iso, full, "rule", 0.75))
        elif (
            table.pos[i] == "PROPN"
            and i > 0
            and table.lower[i - 1] in gz.lexicon()["place_prepositions"]
        ):
            end = _proper_run(doc, i)
            if (
                not any(k in covered for k in range(i, end))
                and end - i >= 1
                and not _is_title_word(doc[i])
            ):
                text = table.span_text(doc, i, end)
                out.append(MentionCandidate(i, end, text, "PLACE", source="rule", confidence=0.6))
                i = end
                continue
        i += 1
    return out


def _given_name_pair(doc: Doc, table: TokenTable, i: int, covered: set[int]) -> bool:
    """'Theresa May', 'Rose Hall': a known given name and a capitalised word the model
    read as something else (a month, a common noun)."""
    title = table.title
    if i + 1 >= len(doc) or i + 1 in covered or not title[i] or not title[i + 1]:
        return False
    if name_gender(table.text[i]) is None or (doc[i + 1].is_stop and table.lower[i + 1] != "may"):
        return False
    return table.alpha[i + 1] and not gz.in_lexicon("title_heads", table.text[i + 1])


def _looks_like_org_acronym(table: TokenTable, i: int) -> bool:
    """'IDF forces', 'the FBI': token ``i`` is an all-capitals proper noun of 2-6 letters,
    not a country code, before an organisation word."""
    text = table.text[i]
    if not (2 <= len(text) <= 6 and text.isupper() and text.isalpha()):
        return False
    if gz.country(text) is not None or table.pos[i] != "PROPN":
        return False
    return i + 1 < len(table.text) and gz.in_lexicon("org_keywords", table.text[i + 1])


def _country_kind(text: str) -> str | None:
    hit = gz.country(text)
    return hit.kind if hit is not None else None


def _regions(doc: Doc, cands: list[MentionCandidate]) -> list[MentionCandidate]:
    """'southern Syria' is a place in Syria, not a mention of Syria itself."""
    out = []
    for cand in cands:
        prev = doc[cand.start - 1] if cand.start > 0 else None
        if (
            cand.type == "COUNTRY"
            and prev is not None
            and cand.end - cand.start >= 1
            and gz.in_lexicon("place_directions", prev.text)
            and _country_kind(cand.text) == "name"
        ):
            span = doc[cand.start - 1 : cand.end]
            out.append(
                MentionCandidate(
                    span.start,
                    span.end,
                    span.text,
                    "PLACE",
                    cand.country,
                    source="rule",
                    confidence=0.8,
                )
            )
        else:
            out.append(cand)
    return out


MAX_PLACE_TOKENS = 4


def _capitalised(table: TokenTable) -> list[bool]:
    """Per token: title case, all capitals (letters only), or a saint's or fort's
    abbreviation: what may stand in a place or organisation name."""
    return [
        title or (upper and alpha) or text in {"St.", "Ft."}
        for title, upper, alpha, text in zip(
            table.title, table.upper, table.alpha, table.text, strict=True
        )
    ]


def _place_at(doc: Doc, table: TokenTable, i: int, fits: list[bool]) -> int:
    """End of the longest known place or country name starting at token ``i`` (or ``i``);
    ``fits[k]``: whether token ``k`` may be part of a place name (read once per doc)."""
    for end in range(min(len(doc), i + MAX_PLACE_TOKENS), i, -1):
        if not all(fits[i:end]):
            continue
        text = table.span_text(doc, i, end)
        hit = gz.country(text)
        if gz.place(text) is not None or (hit is not None and hit.kind != "demonym"):
            return end
    return i


def _place_candidates(
    doc: Doc, table: TokenTable, capitalised: list[bool], covered: set[int]
) -> list[MentionCandidate]:
    """Known places the model missed: upper-case datelines and headlines ('BONN', 'SAN
    DIEGO'), cities it read as common nouns."""
    out: list[MentionCandidate] = []
    fits = [c or t in {"-", "of"} for c, t in zip(capitalised, table.text, strict=True)]
    i = 0
    while i < len(doc):
        end = _place_at(doc, table, i, fits) if capitalised[i] else i
        if end > i and not any(k in covered for k in range(i, end)):
            span = doc[i:end]
            iso = gz.place(span.text)
            place = MentionCandidate(i, end, span.text, "PLACE", iso, source="gazetteer")
            out.append(_country_candidate(span) or place)
            i = end
        else:
            i += 1
    return out


SPORTS_MIN_TERMS = 3


SCORELINE = re.compile(r"(?<![\d-])\d{1,3}-\d{1,3}(?![\d-])")


def _is_sports_report(doc: Doc) -> bool:
    """Match reports and results tables: several distinct sports words, at least one of
    them a sport's own word or a scoreline ('2-1'), so that a political article about an
    election 'victory' and 'points' in a 'final' debate is not read as sport."""
    terms, names = gz.ner_rules()["sports_terms"], gz.ner_rules()["sports_names"]
    found = {w for w in token_table(doc).lower if w in terms or w in names}
    if len(found) < SPORTS_MIN_TERMS:
        return False
    return bool(found & names) or SCORELINE.search(doc_text(doc)) is not None


def _is_dateline(doc: Doc, cand: MentionCandidate) -> bool:
    """'LONDON 1996-08-30', 'BONN, Aug 30': a place opening a line, followed by a date."""
    prev = doc[cand.start - 1] if cand.start > 0 else None
    line_start = prev is None or "\n" in prev.whitespace_ + prev.text
    k = cand.end + 1 if cand.end < len(doc) and doc[cand.end].text == "," else cand.end
    return line_start and k < len(doc) and doc[k].ent_type_ == "DATE"


def _sports_teams(doc: Doc, cands: list[MentionCandidate], sports: bool) -> None:
    """In a sports report a city or county named without 'in'/'at' is its team ('Essex beat
    Kent', 'BOSTON 72 60'), even where the model read it as a person; countries and the
    UK's nations stay places, as national sides. ``sports``: ``_is_sports_report(doc)``."""
    if not sports:
        return
    rules = gz.ner_rules()
    for cand in cands:
        if cand.type == "PERSON" and (cand.end - cand.start > 1 or gz.place(cand.text) is None):
            continue
        if cand.type not in {"PLACE", "PERSON"} or norm(cand.text) in rules["nations"]:
            continue
        if cand.start > 0 and doc[cand.start - 1].lower_ in rules["locative_words"]:
            continue
        if not _is_dateline(doc, cand):
            cand.type = "ORG"


RESULTS_MIN_TEAMS = 4  # two scorelines, or four standings rows


def _results_teams(doc: Doc, cands: list[MentionCandidate], sports: bool) -> list[MentionCandidate]:
    """Clubs that a results line's layout marks ('Falkirk 2 Clydebank 1'), replacing what
    the model made of them; a country there stays a country (a national side). The text
    must be sport: a sports report, or several results lines under a sport's own word
    ('RUGBY UNION - WELSH RESULTS'). ``sports``: ``_is_sports_report(doc)``."""
    names = gz.ner_rules()["sports_names"]
    if not sports and not any(w in names for w in token_table(doc).lower):
        return cands  # no sport named: the lines' layout need not be read at all
    runs = team_runs(doc)
    if not sports and len(runs) < RESULTS_MIN_TEAMS:
        return cands
    nations = gz.ner_rules()["nations"]
    for start, end in runs:
        text = doc[start:end].text
        hit = gz.country(text)
        if (hit is not None and hit.kind != "capital") or norm(text) in nations:
            continue
        cands = [c for c in cands if c.end <= start or c.start >= end]
        cands.append(MentionCandidate(start, end, text, "ORG", source="rule", confidence=0.75))
    cands.sort(key=lambda c: c.start)
    return cands


MAX_ORG_TOKENS = 8
ORG_GLUE = {"of", "the", "and", "for", "&", "de", "-", "'s", "."}


def _org_end(doc: Doc, table: TokenTable, capitalised: list[bool], i: int) -> int:
    """End of the longest known organisation name starting at token ``i`` (or ``i``);
    ``capitalised``: ``_capitalised(table)``."""
    if not capitalised[i]:
        return i
    limit = i + 1
    while limit < min(len(doc), i + MAX_ORG_TOKENS) and (
        capitalised[limit] or table.lower[limit] in ORG_GLUE
    ):
        limit += 1
    for end in range(limit, i + 1, -1):
        if capitalised[end - 1] and _org_not_place(table.span_text(doc, i, end)):
            return end
    tok = doc[i]
    # One word alone: a proper noun, not just capitalised for opening a sentence ("Dawn").
    alone = tok.pos_ == "PROPN" and (tok.is_upper or (len(tok.text) > 3 and not tok.is_sent_start))
    return i + 1 if alone and _org_not_place(tok.text) else i


def _org_not_place(text: str) -> bool:
    """A known organisation's name that is not also a country or place ('Argentina' is a
    synonym of a company in the dictionaries, and a country first)."""
    return gz.is_org_name(text) and gz.country(text) is None and gz.place(text) is None


def _org_candidates(
    doc: Doc, table: TokenTable, capitalised: list[bool], covered: set[int]
) -> list[MentionCandidate]:
    """Organisations of the Phoenix dictionaries that the model missed ('Amnesty
    International', 'Hezbollah'): every word capitalised, the longest name first."""
    out: list[MentionCandidate] = []
    i = 0
    while i < len(doc):
        end = _org_end(doc, table, capitalised, i) if i not in covered else i
        if end > i and not any(k in covered for k in range(i, end)):
            text = table.span_text(doc, i, end)
            out.append(MentionCandidate(i, end, text, "ORG", source="gazetteer", confidence=0.8))
            i = end
        else:
            i += 1
    return out


def _retype_known_orgs(cands: list[MentionCandidate]) -> None:
    """A known organisation the model typed as a person or place ('Reuters said') is an
    organisation, unless the name is also a known place or country."""
    for cand in cands:
        if cand.type not in {"PERSON", "PLACE"} or not gz.is_org_name(cand.text):
            continue
        if gz.place(cand.text) is None and gz.country(cand.text) is None:
            cand.type = "ORG"


MAX_PERSON_TOKENS = 4


def _person_shaped(doc: Doc, cand: MentionCandidate) -> bool:
    """Two to four capitalised words with no organisation word among them."""
    span = doc[cand.start : cand.end]
    return 1 < len(span) <= MAX_PERSON_TOKENS and all(
        t.is_title and not gz.in_lexicon("org_keywords", t.text) for t in span
    )


def _retype_people(doc: Doc, cands: list[MentionCandidate]) -> None:
    """People the model typed as organisations or places in a results list: a name
    followed by a bracketed country ('Leah Pells ( Canada ) 4:05.23')."""
    for cand in cands:
        if cand.type not in {"ORG", "PLACE"} or cand.source != "ner":
            continue
        if gz.is_org_name(cand.text) or gz.country(cand.text) or gz.place(cand.text):
            continue
        if _person_shaped(doc, cand) and country_in_brackets(doc, cand.end):
            cand.type = "PERSON"


def find_mentions(doc: Doc) -> list[MentionCandidate]:
    """Every entity mention in ``doc``, typed, in text order, without overlaps."""
    cands = _ner_candidates(doc)
    _retype_known_orgs(cands)
    table = token_table(doc)
    capitalised = _capitalised(table)  # read once: organisations and places both ask it
    covered = {i for c in cands for i in range(c.start, c.end)}
    cands += _org_candidates(doc, table, capitalised, covered)
    covered = {i for c in cands for i in range(c.start, c.end)}
    cands += _place_candidates(doc, table, capitalised, covered)
    covered = {i for c in cands for i in range(c.start, c.end)}
    cands += _rule_candidates(doc, covered)
    cands = _regions(doc, cands)
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[MentionCandidate] = []
    last_end = -1
    for cand in cands:
        if cand.start >= last_end:
            kept.append(cand)
            last_end = cand.end
    sports = _is_sports_report(doc)  # read once: both team rules ask it
    _sports_teams(doc, kept, sports)
    _retype_people(doc, kept)
    return _results_teams(doc, kept, sports)
