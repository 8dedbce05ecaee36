"""The ner suite: entity mentions on CoNLL-2003 English dev (``eng.testa``), beside spaCy.

Each CoNLL document becomes one text: its tokens joined by single spaces, its sentences by
"\\n" (a paragraph break, which newsgraph's sentence guard honours), with a token -> character
offset map. newsgraph's entity stage (``people.build_entities``) and the bare spaCy pipeline
run on the same parsed docs; both are scored entity by entity on exact spans.

Type mapping, in one place (``NEWSGRAPH_TO_CONLL`` and ``SPACY_TO_CONLL``):

* newsgraph PERSON -> PER, ORG -> ORG, PLACE -> LOC, GROUP/OTHER -> MISC;
* newsgraph COUNTRY is decided by the mention's surface form: a demonym ("German",
  "Germans") is MISC in CoNLL, a country name or capital ("Germany", "Bonn") is LOC;
* leading lower-case words of a mention are not part of the name CoNLL marks: "northern
  Iraq" is scored as "Iraq", and "the prime minister" (resolved by title) not at all;
* spaCy PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC,
  NORP/EVENT/PRODUCT/LANGUAGE/WORK_OF_ART/LAW -> MISC; other labels are not names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from newsgraph.errors import InputError
from newsgraph.eval.base import PRF, SuiteResult, SystemScores, data_dir, sample
from newsgraph.eval.halves import HALVES, split
from newsgraph.eval.report import half_columns, halves_note
from newsgraph.nlp import gazetteer as gz
from newsgraph.nlp.convert import load_nlp
from newsgraph.nlp.people import build_entities

FILES = ("eng.testa", "conllpp_dev.txt")
MAIN_TYPES = ("PER", "ORG", "LOC")
HEADLINE = "f1 (PER/ORG/LOC)"
ALL_TYPES = (*MAIN_TYPES, "MISC")
NEWSGRAPH_TO_CONLL = {
    "PERSON": "PER",
    "ORG": "ORG",
    "PLACE": "LOC",
    "COUNTRY": "LOC",  # MISC when the surface form is a demonym, see conll_type()
    "GROUP": "MISC",
    "OTHER": "MISC",
}
SPACY_TO_CONLL = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "LANGUAGE": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
}
BATCH_SIZE = 16
Span3 = tuple[int, int, str]  # first token, end token (exclusive), CoNLL type


@dataclass
class ConllDoc:
    """One CoNLL document: sentences of tokens and its gold entity spans (token offsets
    into the whole document)."""

    sentences: list[list[str]] = field(default_factory=list)
    gold: set[Span3] = field(default_factory=set)

    @property
    def tokens(self) -> list[str]:
        return [t for s in self.sentences for t in s]

    def text_and_offsets(self) -> tuple[str, list[int]]:
        """The text newsgraph reads and each token's character start in it."""
        starts: list[int] = []
        pos = 0
        lines = []
        for sent in self.sentences:
            for tok in sent:
                starts.append(pos)
                pos += len(tok) + 1
            lines.append(" ".join(sent))
        return "\n".join(lines), starts


def _iob_spans(tags: list[str], offset: int) -> Iterator[Span3]:
    """Entity spans from IOB1 or IOB2 tags: a span starts at B-, at I- after O, or at I- of
    another type."""
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind
        if start >= 0 and not continues:
            yield offset + start, offset + i, kind
            start, kind = -1, ""
        if prefix in {"B", "I"} and not continues:
            start, kind = i, label


def read_conll(lines: Iterable[str]) -> list[ConllDoc]:
    """CoNLL-2003 four-column lines -> documents (split at -DOCSTART-; empty ones dropped)."""
    docs = [ConllDoc()]
    words: list[str] = []
    tags: list[str] = []

    def end_sentence() -> None:
        if words:
            doc = docs[-1]
            doc.gold.update(_iob_spans(tags, len(doc.tokens)))
            doc.sentences.append(list(words))
            words.clear()
            tags.clear()

    for number, line in enumerate(lines, 1):
        cols = line.split()
        if not cols:
            end_sentence()
        elif cols[0] == "-DOCSTART-":
            end_sentence()
            docs.append(ConllDoc())
        elif len(cols) < 2:
            raise InputError(f"CoNLL line {number} has {len(cols)} column(s), expected 4")
        else:
            words.append(cols[0])
            tags.append(cols[-1])
    end_sentence()
    return [d for d in docs if d.sentences]


def name_part(text: str) -> str:
    """``text`` without leading lower-case words: CoNLL marks names only, so "northern Iraq"
    is scored as "Iraq" and "the prime minister" (resolved by title) not at all."""
    words = text.split(" ")
    while words and not any(c.isupper() or c.isdigit() for c in words[0]):
        words = words[1:]
    return " ".join(words)


def conll_type(ng_type: str, text: str) -> str:
    """newsgraph's type for a mention -> CoNLL's, deciding COUNTRY by the surface form."""
    if ng_type == "COUNTRY":
        hit = gz.country(text)
        return "MISC" if hit is not None and hit.kind == "demonym" else "LOC"
    return NEWSGRAPH_TO_CONLL.get(ng_type, "MISC")


def _to_tokens(
    start: int, end: int, starts: dict[int, int], ends: dict[int, int]
) -> tuple[int, int] | None:
    """Character span -> token span, or None where it cuts through a CoNLL token."""
    first, last = starts.get(start), ends.get(end)
    return None if first is None or last is None else (first, last + 1)


def _char_maps(tokens: list[str], token_starts: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    starts = {s: i for i, s in enumerate(token_starts)}
    ends = {s + len(t): i for i, (s, t) in enumerate(zip(token_starts, tokens, strict=True))}
    return starts, ends


def _spans(
    found: Iterable[tuple[int, int, str]], maps: tuple[dict[int, int], dict[int, int]]
) -> set[Span3]:
    """Predicted character spans with CoNLL types -> token spans; misaligned ones are kept
    with a negative offset so that they count as false positives."""
    out: set[Span3] = set()
    for start, end, kind in found:
        tok = _to_tokens(start, end, *maps)
        out.add((tok[0], tok[1], kind) if tok else (-start - 1, -end - 1, kind))
    return out


def newsgraph_spans(doc: Doc) -> Iterator[tuple[int, int, str]]:
    """Name mentions of newsgraph's entities as (char start, char end, CoNLL type)."""
    for ent in build_entities(doc, None).entities:
        for m in ent.mentions:
            name = name_part(m.text)
            if name:
                yield m.end - len(name), m.end, conll_type(ent.type, name)


def spacy_spans(doc: Doc) -> Iterator[tuple[int, int, str]]:
    for ent in doc.ents:
        if ent.label_ in SPACY_TO_CONLL:
            yield ent.start_char, ent.end_char, SPACY_TO_CONLL[ent.label_]


def _score(gold: set[Span3], found: set[Span3], counts: dict[str, PRF]) -> None:
    for kind in ALL_TYPES:
        g = {s for s in gold if s[2] == kind}
        f = {s for s in found if s[2] == kind}
        counts[kind].add(PRF(len(g & f), len(f - g), len(g - f)))


def _metrics(counts: dict[str, PRF]) -> dict[str, float]:
    micro = PRF()
    for kind in MAIN_TYPES:
        micro.add(counts[kind])
    metrics = {HEADLINE: micro.f1, "precision": micro.precision, "recall": micro.recall}
    for kind in ALL_TYPES:
        metrics[f"{kind} f1"] = counts[kind].f1
    for kind in ALL_TYPES:
        metrics[f"{kind} p"] = counts[kind].precision
        metrics[f"{kind} r"] = counts[kind].recall
    return metrics


def _read(data: Path | None) -> tuple[str, list[ConllDoc]]:
    folder = data_dir(data, "conll2003")
    for name in FILES:
        if (folder / name).exists():
            with (folder / name).open(encoding="utf-8") as fh:
                return name, read_conll(fh)
    raise InputError(f"no CoNLL-2003 dev file ({' or '.join(FILES)}) in {folder}")


def score_docs(docs: list[ConllDoc]) -> dict[str, dict[str, PRF]]:
    """Per-system, per-type counts over ``docs``, each parsed once by the shared pipeline."""
    systems = {"newsgraph": newsgraph_spans, "spaCy en_core_web_sm": spacy_spans}
    counts = {name: {k: PRF() for k in ALL_TYPES} for name in systems}
    texts = [d.text_and_offsets() for d in docs]
    parsed = load_nlp().pipe((t for t, _ in texts), batch_size=BATCH_SIZE)
    for cdoc, (_, token_starts), sdoc in zip(docs, texts, parsed, strict=True):
        maps = _char_maps(cdoc.tokens, token_starts)
        for name, spans in systems.items():
            _score(cdoc.gold, _spans(spans(sdoc), maps), counts[name])
    return counts


def doc_name(file_name: str, index: int) -> str:
    """A CoNLL document's stable name for the halves: the file read and its 0-based index
    among the file's documents ("eng.testa#17")."""
    return f"{file_name}#{index}"


def _merged(parts: Iterable[dict[str, dict[str, PRF]]]) -> dict[str, dict[str, PRF]]:
    """Per-system, per-type counts summed over the halves."""
    whole: dict[str, dict[str, PRF]] = {}
    for part in parts:
        for system, per_type in part.items():
            into = whole.setdefault(system, {k: PRF() for k in ALL_TYPES})
            for kind, prf in per_type.items():
                into[kind].add(prf)
    return whole


def _headline(counts: dict[str, PRF]) -> float:
    return _metrics(counts)[HEADLINE]


def run(data: Path | None = None, limit: int | None = None) -> SuiteResult:
    name, all_docs = _read(data)
    named = sample(((doc_name(name, i), d) for i, d in enumerate(all_docs)), limit)
    docs = [d for _, d in named]
    halves = split(named, lambda item: item[0])
    by_half = {h: score_docs([d for _, d in halves[h]]) for h in HALVES}
    counts = _merged(by_half.values())
    n_sent = sum(len(d.sentences) for d in docs)
    notes = [
        f"CoNLL-2003 English dev ({name}): {len(docs)} documents, {n_sent} sentences, "
        f"{sum(len(d.gold) for d in docs)} gold entities"
        + (f" (the first {len(docs)} documents in file order)" if limit else "")
        + ".",
        "Entity-level exact-span P/R/F1; the headline is the micro-average over PER, ORG and "
        "LOC; MISC is reported separately.",
        "newsgraph types map PERSON->PER, ORG->ORG, PLACE->LOC, GROUP->MISC; COUNTRY is MISC "
        "when the mention is a demonym ('German'), else LOC. spaCy maps PERSON->PER, ORG->ORG, "
        "GPE/LOC/FAC->LOC, NORP/EVENT/PRODUCT/LANGUAGE/WORK_OF_ART/LAW->MISC.",
        "newsgraph does not extract works, events, products or laws, so its MISC recall is "
        "low by design.",
        halves_note(
            f'document name "{name}#<index>" (0-based, file order)',
            {h: len(halves[h]) for h in HALVES},
            "documents",
        ),
    ]
    rows = {
        system: _metrics(counts[system])
        | half_columns(HEADLINE, {h: _headline(by_half[h][system]) for h in HALVES if halves[h]})
        for system in counts
    }
    return SuiteResult(
        suite="ner",
        dataset=f"CoNLL-2003 English dev ({name})",
        items=len(docs),
        systems=[
            SystemScores("newsgraph", rows["newsgraph"]),
            SystemScores(
                "spaCy en_core_web_sm",
                rows["spaCy en_core_web_sm"],
                "the same parsed docs' doc.ents",
            ),
        ],
        headline=HEADLINE,
        notes=notes,
        details={name: {k: vars(v) for k, v in c.items()} for name, c in counts.items()},
    )
