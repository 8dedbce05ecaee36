"""The attribution suite: who said (or believes, wants, reported) what, scored on PolNeAR.

PolNeAR (Newell et al., LREC 2018) annotates every attribution in US political news with
its Source, Cue and Content spans (brat standoff, character offsets into the ``.txt``). We
score the source and content spans of newsgraph's quotes plus attributions, beside two
baselines run on the same parsed text: textacy's ``direct_quotations`` and the "said"
pattern an analyst would write first.

Matching rule (overlap, per role, per document, micro-averaged over the documents): a
predicted span is correct when it shares at least one character with a gold span of the
same role; a gold span is found when at least one predicted span overlaps it. Precision =
correct predictions / predictions, recall = found gold spans / gold spans. Spans are
de-duplicated per document first (one source heading three attributions counts once), and a
discontinuous gold span matches through any of its fragments.

"both" scores whole attributions, the held-out measure: a predicted (source, content) pair
is right when one gold attribution's content overlaps its content and its source overlaps
the gold source (or neither has a source); a gold attribution is found when a prediction is
right for it. Content found under the wrong source or none counts against "both" only.

The default split is PolNeAR dev; ``--data`` may name a split folder itself (one holding
``text/`` and ``attributions/``), e.g. ``../shared/eval/polnear/train``, the development data
for error analysis. The test split is held out and refused.
"""

from __future__ import annotations

import bisect
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.errors import InputError
from newsgraph.eval.base import SuiteResult, SystemScores, data_dir, sample
from newsgraph.eval.halves import HALVES, Half, half_of
from newsgraph.eval.report import half_columns, halves_note
from newsgraph.model import Article, Brief
from newsgraph.nlp.convert import load_nlp
from newsgraph.pipeline import brief_from_doc, headline_texts
from newsgraph.sources import parse_text

SPLIT = "dev"
HELD_OUT = "test"
HEADLINE = "source f1"
ROLES = ("source", "content", "both")
Span_ = tuple[int, int]
Fragments = tuple[Span_, ...]
Pair = tuple[Span_ | None, Span_ | None]  # a predicted (source, content); either may be absent
GoldPair = tuple[Fragments | None, Fragments]
FieldPair = tuple[str, Pair]  # the article field the pair's offsets index, and the pair
_ANN_SUFFIX = re.compile(r"_[0-9a-f]+\.ann$")
_SAY_LEMMAS = frozenset({"say", "tell"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@dataclass
class Gold:
    """One document's gold source and content spans (each a tuple of fragments)."""

    sources: set[Fragments] = field(default_factory=set)
    contents: set[Fragments] = field(default_factory=set)
    pairs: set[GoldPair] = field(default_factory=set)  # (source or None, content) per event


@dataclass
class Overlap:
    """Counts for the overlap match: predictions that hit gold, gold that was hit."""

    predicted: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0

    def add(self, predicted: set[Span_], gold: set[Fragments]) -> None:
        self.predicted += len(predicted)
        self.correct += sum(1 for p in predicted if any(_hits(p, g) for g in gold))
        self.gold += len(gold)
        self.found += sum(1 for g in gold if any(_hits(p, g) for p in predicted))

    def merge(self, other: Overlap) -> None:
        """Sum ``other``'s counts into these (the whole split is the sum of its halves)."""
        self.predicted += other.predicted
        self.correct += other.correct
        self.gold += other.gold
        self.found += other.found

    def add_pairs(self, predicted: set[tuple[Span_ | None, Span_]], gold: set[GoldPair]) -> None:
        """The same counts over whole attributions (the "both" role)."""
        self.predicted += len(predicted)
        self.correct += sum(1 for p in predicted if any(_pair_hits(p, g) for g in gold))
        self.gold += len(gold)
        self.found += sum(1 for g in gold if any(_pair_hits(p, g) for p in predicted))

    def metrics(self, prefix: str) -> dict[str, float]:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {f"{prefix} precision": p, f"{prefix} recall": r, f"{prefix} f1": f}


def _hits(span: Span_, gold: Fragments) -> bool:
    return any(span[0] < e and s < span[1] for s, e in gold)


def _pair_hits(pair: tuple[Span_ | None, Span_], gold: GoldPair) -> bool:
    """Content overlaps and the source overlaps too, or neither side names a source."""
    (source, content), (gold_source, gold_content) = pair, gold
    if not _hits(content, gold_content):
        return False
    if source is None or gold_source is None:
        return source is None and gold_source is None
    return _hits(source, gold_source)


# --- gold --------------------------------------------------------------------------------


def read_gold(text: str) -> Gold:
    """Source and Content spans of every attribution event in a brat ``.ann`` file."""
    spans: dict[str, tuple[str, Fragments]] = {}
    gold = Gold()
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (label, _fragments(offsets))
        elif line.startswith("E") and len(parts) >= 2:
            _add_event(gold, parts[1], spans)
    return gold


def _add_event(gold: Gold, args: str, spans: dict[str, tuple[str, Fragments]]) -> None:
    """One ``E`` line's Source and Content spans, and its (source, content) pairs."""
    sources: list[Fragments] = []
    contents: list[Fragments] = []
    for arg in args.split(" "):
        role, _, ref = arg.partition(":")
        if ref not in spans:
            continue
        if role.startswith("Source"):
            sources.append(spans[ref][1])
        elif role.startswith("Content"):
            contents.append(spans[ref][1])
    gold.sources.update(sources)
    gold.contents.update(contents)
    named: list[Fragments | None] = [*sources] if sources else [None]
    for content in contents:
        gold.pairs.update((source, content) for source in named)


def _fragments(offsets: str) -> Fragments:
    """``"12 20;25 30"`` → ((12, 20), (25, 30)); malformed offsets give no fragment."""
    found: list[Span_] = []
    for piece in offsets.split(";"):
        bounds = piece.split()
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            found.append((int(bounds[0]), int(bounds[1])))
    return tuple(found)


@dataclass
class Item:
    """One PolNeAR document: its raw text and the annotation file scored against it."""

    name: str
    text: Path
    annotation: Path


def list_items(root: Path) -> list[Item]:
    """Every text with an annotation; where two annotators did one text, the first
    annotation file in name order is the gold (deterministic, no cherry-picking)."""
    texts = root / "text"
    chosen: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        chosen.setdefault(_ANN_SUFFIX.sub("", ann.name), ann)
    return [
        Item(name, texts / f"{name}.txt", ann)
        for name, ann in sorted(chosen.items())
        if (texts / f"{name}.txt").exists()
    ]


# --- body offsets back to the file -------------------------------------------------------


class OffsetMap:
    """Maps offsets in ``parse_text``'s body back to the raw file.

    The body is the file's kept lines, stripped and joined with one newline (headline and
    labels dropped), so each body line is found in order in the raw text.
    """

    def __init__(self, raw: str, body: str) -> None:
        self.body_starts: list[int] = []
        self.raw_starts: list[int] = []
        self.lengths: list[int] = []
        cursor, pos = 0, 0
        for line in body.split("\n"):
            at = raw.find(line, cursor)
            if at >= 0 and line:
                self.body_starts.append(pos)
                self.raw_starts.append(at)
                self.lengths.append(len(line))
                cursor = at + len(line)
            pos += len(line) + 1

    def to_raw(self, start: int, end: int) -> Span_ | None:
        """The raw span for body ``start:end`` (clipped to its first line's segment where it
        crosses a paragraph break); None when the span lies outside every kept line."""
        k = bisect.bisect_right(self.body_starts, start) - 1
        if k < 0 or end <= start:
            return None
        offset = start - self.body_starts[k]
        if offset >= self.lengths[k]:
            return None
        k_end = max(k, bisect.bisect_right(self.body_starts, end - 1) - 1)
        end_offset = min(end - self.body_starts[k_end], self.lengths[k_end])
        return self.raw_starts[k] + offset, self.raw_starts[k_end] + end_offset


# --- systems -----------------------------------------------------------------------------


def newsgraph_pairs(brief: Brief) -> list[FieldPair]:
    """(source, content) spans of a brief's quotes and attributions, each with the field
    (body, title) its offsets index."""
    pairs: list[FieldPair] = []
    for q in brief.quotes:
        speaker = None
        if q.speaker_start is not None and q.speaker_end is not None:
            speaker = (q.speaker_start, q.speaker_end)
        pairs.append((q.evidence.field, (speaker, (q.start, q.end))))
    for a in brief.attributions:
        source = None
        if a.source_start is not None and a.source_end is not None:
            source = (a.source_start, a.source_end)
        pairs.append((a.evidence.field, (source, (a.start, a.end))))
    return pairs


def in_body(pairs: list[Pair]) -> list[FieldPair]:
    """A baseline's pairs, which always index the body."""
    return [("text", pair) for pair in pairs]


def said_pattern_pairs(doc: Doc) -> list[Pair]:
    """The analyst's first try: the subject of every say/tell verb is a source and the
    verb's clausal complement its content."""
    pairs: list[Pair] = []
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in _SAY_LEMMAS:
            continue
        subjects: list[Span_ | None] = [_subtree(c) for c in tok.children if c.dep_ in _SUBJECTS]
        contents: list[Span_ | None] = [_subtree(c) for c in tok.children if c.dep_ == "ccomp"]
        pairs += [(s, c) for s in subjects or [None] for c in contents or [None] if s or c]
    return pairs


def _subtree(tok: Token) -> Span_:
    doc = tok.doc
    return doc[tok.left_edge.i].idx, doc[tok.right_edge.i].idx + len(doc[tok.right_edge.i])


TextacyFn = Callable[[Doc], list[Pair]]


def textacy_system() -> TextacyFn | None:
    """textacy's ``direct_quotations`` as a pair function, or None when not installed
    (it is in the optional ``baselines`` extra)."""
    try:  # imported by name so that type checking does not need the optional package
        triples_module = importlib.import_module("textacy.extract.triples")
    except ImportError:
        return None
    direct_quotations = triples_module.direct_quotations

    def pairs(doc: Doc) -> list[Pair]:
        found: list[Pair] = []
        try:
            triples = list(direct_quotations(doc))
        except (ValueError, IndexError, AttributeError):
            return found  # textacy gives up on some quote layouts
        for triple in triples:
            speaker = None
            if triple.speaker:
                lo, hi = min(t.i for t in triple.speaker), max(t.i for t in triple.speaker)
                speaker = (doc[lo].idx, doc[hi].idx + len(doc[hi]))
            found.append((speaker, (triple.content.start_char, triple.content.end_char)))
        return found

    return pairs


# --- the run -----------------------------------------------------------------------------

Counts = dict[str, dict[str, Overlap]]  # system -> role ("source", "content", "both")
SYSTEMS = ("newsgraph", "textacy direct_quotations", "said pattern")


def _new_counts() -> Counts:
    return {
        name: {"source": Overlap(), "content": Overlap(), "both": Overlap()} for name in SYSTEMS
    }


class ArticleMap:
    """Offsets in any field newsgraph reads (the body, the title, the subtitle) back to the
    raw file: the body through :class:`OffsetMap`, a headline field by where its line is."""

    def __init__(self, raw: str, article: Article) -> None:
        self.body = OffsetMap(raw, article.text)
        self.fields = {  # by its opening words: the reader drops a headline's final stop
            f: at for f, text in headline_texts(article) if (at := raw.find(text[:40])) >= 0
        }

    def to_raw(self, field_name: str, span: Span_ | None) -> Span_ | None:
        if span is None:
            return None
        if field_name == "text":
            return self.body.to_raw(*span)
        at = self.fields.get(field_name)
        return None if at is None else (at + span[0], at + span[1])


def score_pairs(
    counts: dict[str, Overlap], pairs: list[FieldPair], gold: Gold, mapping: ArticleMap
) -> None:
    """Add one system's pairs on one document to its counts per role, in file offsets."""
    raw = [
        (mapping.to_raw(f, source), mapping.to_raw(f, content)) for f, (source, content) in pairs
    ]
    counts["source"].add({s for s, _ in raw if s is not None}, gold.sources)
    counts["content"].add({c for _, c in raw if c is not None}, gold.contents)
    counts["both"].add_pairs({(s, c) for s, c in raw if c is not None}, gold.pairs)


Parsed = tuple[Item, str, Article, Doc, list[tuple[str, Doc]]]


def _parsed(items: list[Item], nlp: Language) -> Iterator[Parsed]:
    """Each item's raw text, article (as ``newsgraph brief`` reads a .txt), parsed body and
    parsed headline fields (which ``newsgraph brief`` reads too)."""
    loaded = []
    for item in items:
        raw = item.text.read_text(encoding="utf-8")
        loaded.append((item, raw, parse_text(raw)))
    docs = nlp.pipe((article.text for _, _, article in loaded), batch_size=16)
    for (item, raw, article), doc in zip(loaded, docs, strict=True):
        headlines = [(f, nlp(text)) for f, text in headline_texts(article)]
        yield item, raw, article, doc, headlines


def split_folder(data: Path | None) -> Path:
    """The split to score: ``data`` itself when it holds a split (``text/`` and
    ``attributions/``), else its PolNeAR dev split. The held-out test split is refused."""
    if data is not None and (data / "attributions").is_dir():
        root = data
    else:
        root = data_dir(data, "polnear") / SPLIT
    if root.name == HELD_OUT:
        raise InputError(f"PolNeAR {HELD_OUT} is held out: it is never read (use dev or train)")
    if not (root / "attributions").is_dir():
        raise InputError(f"PolNeAR {SPLIT} split not found under {root.parent}")
    return root


def run(data: Path | None = None, limit: int | None = None) -> SuiteResult:
    root = split_folder(data)
    items = sample(list_items(root), limit)
    nlp = load_nlp()
    textacy = textacy_system()
    by_half: dict[Half, Counts] = {h: _new_counts() for h in HALVES}
    outside = 0
    for item, raw, article, doc, headlines in _parsed(items, nlp):
        gold = read_gold(item.annotation.read_text(encoding="utf-8"))
        mapping = ArticleMap(raw, article)
        outside += sum(1 for g in gold.sources if mapping_misses(mapping.body, g, raw))
        systems = {
            "newsgraph": newsgraph_pairs(brief_from_doc(article, doc, nlp, headlines)),
            "said pattern": in_body(said_pattern_pairs(doc)),
        }
        if textacy is not None:
            systems["textacy direct_quotations"] = in_body(textacy(doc))
        counts = by_half[half_of(item.text.name)]
        for name, pairs in systems.items():
            score_pairs(counts[name], pairs, gold, mapping)
    return _result(root.name, items, by_half, textacy is not None, outside)


def mapping_misses(mapping: OffsetMap, gold: Fragments, raw: str) -> bool:
    """True when no fragment of a gold span lies in the article body (e.g. the headline)."""
    for start, end in gold:
        k = bisect.bisect_right(mapping.raw_starts, end - 1) - 1
        if k >= 0 and mapping.raw_starts[k] + mapping.lengths[k] > start:
            return False
    return True


def _metrics(roles: dict[str, Overlap]) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for role in ROLES:
        metrics |= roles[role].metrics(role)
    return metrics


def _summed(by_half: dict[Half, Counts], system: str) -> dict[str, Overlap]:
    whole: dict[str, Overlap] = {role: Overlap() for role in ROLES}
    for counts in by_half.values():
        for role, part in counts[system].items():
            whole[role].merge(part)
    return whole


def _result(
    split_name: str, items: list[Item], by_half: dict[Half, Counts], has_textacy: bool, outside: int
) -> SuiteResult:
    systems = []
    half_items = {h: sum(1 for i in items if half_of(i.text.name) == h) for h in HALVES}
    per_half: dict[str, dict[Half, dict[str, float]]] = {}
    for name in SYSTEMS:
        if name.startswith("textacy") and not has_textacy:
            systems.append(SystemScores(name, {}, "not installed (pip install '.[baselines]')"))
            continue
        per_half[name] = {h: _metrics(by_half[h][name]) for h in HALVES if half_items[h]}
        headline_by_half = {h: m[HEADLINE] for h, m in per_half[name].items()}
        metrics = _metrics(_summed(by_half, name)) | half_columns(HEADLINE, headline_by_half)
        systems.append(SystemScores(name, metrics))
    gold_sources = _summed(by_half, "newsgraph")["source"].gold
    return SuiteResult(
        suite="attribution",
        dataset=f"PolNeAR {split_name} (source/content spans of attributions)",
        items=len(items),
        systems=systems,
        headline=HEADLINE,
        notes=[
            "Overlap match: a predicted span is right when it shares a character with a gold "
            "span of the same role; a gold span is found when any prediction overlaps it.",
            "both: a (source, content) pair is right when one gold attribution's content and "
            "source both overlap it (or neither names a source): the held-out measure.",
            "Spans de-duplicated per document, micro-averaged; where two annotators did a "
            "text, the first .ann file in name order is the gold.",
            "newsgraph reads the body and the headline, as `newsgraph brief` does; the "
            f"baselines read the body only, outside which lie {outside} of {gold_sources} "
            "gold sources (the headline's).",
            "--limit takes the first N texts in name order; --data DIR/polnear/train scores "
            "the train split (development data too; test is held out).",
            halves_note("text file name", half_items, "texts"),
        ],
        details={"halves": per_half},
    )
