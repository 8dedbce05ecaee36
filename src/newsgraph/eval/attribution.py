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
from newsgraph.model import Article, Brief
from newsgraph.nlp.convert import load_nlp
from newsgraph.pipeline import brief_from_doc
from newsgraph.sources import parse_text

SPLIT = "dev"
Span_ = tuple[int, int]
Fragments = tuple[Span_, ...]
_ANN_SUFFIX = re.compile(r"_[0-9a-f]+\.ann$")
_SAY_LEMMAS = frozenset({"say", "tell"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@dataclass
class Gold:
    """One document's gold source and content spans (each a tuple of fragments)."""

    sources: set[Fragments] = field(default_factory=set)
    contents: set[Fragments] = field(default_factory=set)


@dataclass
class Predicted:
    """One system's source and content spans on one document, in ``.txt`` offsets."""

    sources: set[Span_] = field(default_factory=set)
    contents: set[Span_] = field(default_factory=set)


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

    def metrics(self, prefix: str) -> dict[str, float]:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {f"{prefix} precision": p, f"{prefix} recall": r, f"{prefix} f1": f}


def _hits(span: Span_, gold: Fragments) -> bool:
    return any(span[0] < e and s < span[1] for s, e in gold)


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
            for arg in parts[1].split(" "):
                role, _, ref = arg.partition(":")
                if ref not in spans:
                    continue
                if role.startswith("Source"):
                    gold.sources.add(spans[ref][1])
                elif role.startswith("Content"):
                    gold.contents.add(spans[ref][1])
    return gold


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


def newsgraph_spans(brief: Brief) -> tuple[list[Span_], list[Span_]]:
    """Source and content spans (body offsets) of a brief's quotes and attributions."""
    sources: list[Span_] = []
    contents: list[Span_] = []
    for q in brief.quotes:
        contents.append((q.start, q.end))
        if q.speaker_start is not None and q.speaker_end is not None:
            sources.append((q.speaker_start, q.speaker_end))
    for a in brief.attributions:
        contents.append((a.start, a.end))
        if a.source_start is not None and a.source_end is not None:
            sources.append((a.source_start, a.source_end))
    return sources, contents


def said_pattern_spans(doc: Doc) -> tuple[list[Span_], list[Span_]]:
    """The analyst's first try: the subject of every say/tell verb is a source and the
    verb's clausal complement its content."""
    sources: list[Span_] = []
    contents: list[Span_] = []
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in _SAY_LEMMAS:
            continue
        for child in tok.children:
            if child.dep_ in _SUBJECTS:
                sources.append(_subtree(child))
            elif child.dep_ == "ccomp":
                contents.append(_subtree(child))
    return sources, contents


def _subtree(tok: Token) -> Span_:
    doc = tok.doc
    return doc[tok.left_edge.i].idx, doc[tok.right_edge.i].idx + len(doc[tok.right_edge.i])


TextacyFn = Callable[[Doc], tuple[list[Span_], list[Span_]]]


def textacy_system() -> TextacyFn | None:
    """textacy's ``direct_quotations`` as a span function, or None when not installed
    (it is in the optional ``baselines`` extra)."""
    try:  # imported by name so that type checking does not need the optional package
        triples_module = importlib.import_module("textacy.extract.triples")
    except ImportError:
        return None
    direct_quotations = triples_module.direct_quotations

    def spans(doc: Doc) -> tuple[list[Span_], list[Span_]]:
        sources: list[Span_] = []
        contents: list[Span_] = []
        try:
            triples = list(direct_quotations(doc))
        except (ValueError, IndexError, AttributeError):
            return sources, contents  # textacy gives up on some quote layouts
        for triple in triples:
            contents.append((triple.content.start_char, triple.content.end_char))
            if triple.speaker:
                lo, hi = min(t.i for t in triple.speaker), max(t.i for t in triple.speaker)
                sources.append((doc[lo].idx, doc[hi].idx + len(doc[hi])))
        return sources, contents

    return spans


# --- the run -----------------------------------------------------------------------------


def _to_raw(spans: list[Span_], mapping: OffsetMap) -> set[Span_]:
    return {r for s, e in spans if (r := mapping.to_raw(s, e)) is not None}


def _parsed(items: list[Item], nlp: Language) -> Iterator[tuple[Item, str, Article, Doc]]:
    """Each item's raw text, article (as ``newsgraph brief`` reads a .txt) and parsed body."""
    loaded = []
    for item in items:
        raw = item.text.read_text(encoding="utf-8")
        loaded.append((item, raw, parse_text(raw)))
    docs = nlp.pipe((article.text for _, _, article in loaded), batch_size=16)
    for (item, raw, article), doc in zip(loaded, docs, strict=True):
        yield item, raw, article, doc


def run(data: Path | None = None, limit: int | None = None) -> SuiteResult:
    root = data_dir(data, "polnear") / SPLIT
    if not (root / "attributions").is_dir():
        raise InputError(f"PolNeAR {SPLIT} split not found under {root.parent}")
    items = sample(list_items(root), limit)
    nlp = load_nlp()
    textacy = textacy_system()
    counts: dict[str, dict[str, Overlap]] = {
        name: {"source": Overlap(), "content": Overlap()}
        for name in ("newsgraph", "textacy direct_quotations", "said pattern")
    }
    outside = 0
    for item, raw, article, doc in _parsed(items, nlp):
        gold = read_gold(item.annotation.read_text(encoding="utf-8"))
        mapping = OffsetMap(raw, article.text)
        outside += sum(1 for g in gold.sources if mapping_misses(mapping, g, raw))
        systems = {
            "newsgraph": newsgraph_spans(brief_from_doc(article, doc, nlp)),
            "said pattern": said_pattern_spans(doc),
        }
        if textacy is not None:
            systems["textacy direct_quotations"] = textacy(doc)
        for name, (sources, contents) in systems.items():
            counts[name]["source"].add(_to_raw(sources, mapping), gold.sources)
            counts[name]["content"].add(_to_raw(contents, mapping), gold.contents)
    return _result(items, counts, textacy is not None, outside)


def mapping_misses(mapping: OffsetMap, gold: Fragments, raw: str) -> bool:
    """True when no fragment of a gold span lies in the article body (e.g. the headline)."""
    for start, end in gold:
        k = bisect.bisect_right(mapping.raw_starts, end - 1) - 1
        if k >= 0 and mapping.raw_starts[k] + mapping.lengths[k] > start:
            return False
    return True


def _result(
    items: list[Item], counts: dict[str, dict[str, Overlap]], has_textacy: bool, outside: int
) -> SuiteResult:
    systems = []
    for name, roles in counts.items():
        if name.startswith("textacy") and not has_textacy:
            systems.append(SystemScores(name, {}, "not installed (pip install '.[baselines]')"))
            continue
        metrics = roles["source"].metrics("source") | roles["content"].metrics("content")
        systems.append(SystemScores(name, metrics))
    gold_sources = counts["newsgraph"]["source"].gold
    return SuiteResult(
        suite="attribution",
        dataset=f"PolNeAR {SPLIT} (source/content spans of attributions)",
        items=len(items),
        systems=systems,
        headline="source f1",
        notes=[
            "Overlap match: a predicted span is right when it shares a character with a gold "
            "span of the same role; a gold span is found when any prediction overlaps it.",
            "Spans de-duplicated per document, micro-averaged; where two annotators did a "
            "text, the first .ann file in name order is the gold.",
            "Every system reads the body newsgraph's text reader keeps (headline dropped); "
            f"{outside} of {gold_sources} gold sources lie outside it and count as missed.",
            "--limit takes the first N texts in name order.",
        ],
    )
