"""Train the event model (``src/newsgraph/data/event_odds.json``) on the tuning halves.

Every event the rules keep in a tuning sentence, bare statements aside, is one example:

- a PLOVER record's (``../shared/eval/events``, tuning half by record id): positive where its
  PLOVER type, read CAMEO-style, is the record's gold type; others in the record are left out
  (the record codes one event and says nothing of the rest);
- a PETRARCH2 unit-test record's (same folder, tuning half by record id): positive where its
  root is a gold root read as CAMEO or WEIS; negative in a record coded as having no event;
  left out otherwise;
- a news sentence's coded with CAMEO roots (``tests/data/cameo_sentences``: the first draw's
  tuning half, the second and third draws): positive where its root is a gold root;
  negative where the sentence has no gold event; left out otherwise (a second act in an
  event sentence is not coded wrong);
- an event-free sentence's (``tests/data/event_free``, tuning half and the second set;
  the third set is held back as a test of the model): negative.

The check halves are never read. The model is an L2-regularised logistic regression
(intercept unpenalised) fitted by Newton's method, so the same data give the same weights.
``--cv K`` reports, instead of writing the model, K-fold figures over the tuning sentences
for a range of thresholds: each sentence's events weighed by a model trained on the other
folds. ``C`` = 1 and the threshold 0.5 were chosen so (docs/events.md).

Usage: ``python scripts/train_event_odds.py [--data ../shared/eval] [--c 1.0]
[--threshold 0.5] [--out src/newsgraph/data/event_odds.json] [--cv 5]``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsgraph.eval.base import data_dir
from newsgraph.eval.events import load_plover, main_candidate
from newsgraph.eval.events_cameo import load_petrarch_records, record_right, root_ok
from newsgraph.eval.events_fields import event_free_half, load_all_event_free
from newsgraph.eval.events_news import load_all_news_sentences
from newsgraph.eval.events_news import sentence_right as news_right
from newsgraph.eval.halves import half_of
from newsgraph.nlp.convert import load_nlp
from newsgraph.nlp.event_lexicon import coded_type
from newsgraph.nlp.event_merge import Candidate
from newsgraph.nlp.event_odds import (
    EVIDENCE_FOR,
    MODEL_FILE,
    OddsModel,
    candidate_features,
    probability,
)
from newsgraph.nlp.events import event_candidates
from newsgraph.nlp.people import build_entities


@dataclass(frozen=True)
class UnitTest:
    """A PETRARCH2 unit-test record's gold roots, read as CAMEO or WEIS (as the eval does)."""

    roots: frozenset[str]


# the event-free set's third set was drawn after the model was made and is kept out of its
# training: a fresh test of it (tests/data/event_free/README.md)
HELD_BACK = frozenset({"third"})
MODEL_PATH = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "data" / MODEL_FILE

Gold = str | frozenset[str] | UnitTest | None  # a PLOVER type, CAMEO roots, or no event


def tuning_sentences(data: Path | None) -> Iterator[tuple[str, Gold]]:
    """Each tuning sentence with what its gold says."""
    folder = data_dir(data, "events")
    for record in load_plover(folder):
        if half_of(record.id) == "tuning":
            yield record.text, record.type
    for unit in load_petrarch_records(folder):
        if unit.half == "tuning":
            yield unit.text, UnitTest(unit.roots)
    for row in load_all_event_free():
        if event_free_half(row) == "tuning" and row.get("set") not in HELD_BACK:
            yield row["sentence"], None
    for sent in load_all_news_sentences():
        if sent.half == "tuning":
            yield sent.sentence, sent.roots


@dataclass(frozen=True)
class Read:
    """One event the rules keep in a tuning sentence, with the signs the model weighs."""

    cand: Candidate
    features: dict[str, float]

    @property
    def statement(self) -> bool:
        return self.cand.event.statement

    @property
    def cameo(self) -> str | None:
        return self.cand.event.cameo

    @property
    def etype(self) -> str:
        """Its PLOVER type read CAMEO-style (intent -> AGREE ...), as the eval reads it."""
        event = self.cand.event
        return coded_type(event.type, event.status, self.cand.intent) or ""


def read_sentences(data: Path | None) -> list[tuple[Gold, list[Read]]]:
    """Each tuning sentence's gold and the events the rules keep in it."""
    nlp = load_nlp()
    sentences = list(tuning_sentences(data))
    out: list[tuple[Gold, list[Read]]] = []
    for (_, gold), doc in zip(sentences, nlp.pipe(s for s, _ in sentences), strict=True):
        index = build_entities(doc, None)
        cands = event_candidates(doc, index, weigh=False)
        out.append((gold, [Read(c, candidate_features(c, doc, index)) for c in cands]))
    return out


def label(read: Read, gold: Gold) -> int | None:
    """1: a coded event, 0: no event happened, None: the gold does not say."""
    if gold is None or (isinstance(gold, frozenset) and not gold):
        return 0
    if isinstance(gold, str):
        return 1 if read.etype == gold else None
    if isinstance(gold, UnitTest):
        if not gold.roots:
            return 0
        return 1 if root_ok(read.cameo, gold.roots, weis=True) else None
    return 1 if read.cameo and read.cameo[:2] in gold else None


def examples(sentences: list[tuple[Gold, list[Read]]]) -> tuple[list[dict[str, float]], list[int]]:
    """The labelled events (bare statements aside) and their labels."""
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    for gold, reads in sentences:
        for read in reads:
            y = None if read.statement else label(read, gold)
            if y is not None:
                rows.append(read.features)
                labels.append(y)
    return rows, labels


def fit(x: np.ndarray, y: np.ndarray, c: float, rounds: int = 50) -> np.ndarray:
    """Weights (intercept last) minimising the log loss plus ||w||^2 / 2c, by Newton's
    method; the intercept is not penalised."""
    x1 = np.hstack([x, np.ones((len(x), 1))])
    penalty = np.eye(x1.shape[1]) / c
    penalty[-1, -1] = 0.0
    w = np.zeros(x1.shape[1])
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-(x1 @ w)))
        grad = x1.T @ (p - y) + penalty @ w
        hess = (x1 * (p * (1 - p))[:, None]).T @ x1 + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


def train(rows: list[dict[str, float]], labels: list[int], c: float) -> OddsModel:
    """Fit, then hold every feature of ``EVIDENCE_FOR`` that came out negative at zero and
    fit again, until none is negative: such a sign learns who the training sentences are
    about (the PLOVER records' sides are rarely titled people), not what makes an event."""
    names = sorted({k for row in rows for k in row})
    y = np.array(labels, dtype=float)
    while True:
        x = np.array([[row.get(k, 0.0) for k in names] for row in rows])
        w = fit(x, y, c)
        wrong = {k for k, v in zip(names, w[:-1], strict=True) if v < 0 and k in EVIDENCE_FOR}
        if not wrong:
            break
        names = [k for k in names if k not in wrong]
    weights = {k: round(float(v), 4) for k, v in zip(names, w[:-1], strict=True) if v}
    return OddsModel(weights, round(float(w[-1]), 4), 0.5)


def sentence_right(gold: Gold, reads: list[Read]) -> bool:
    """The eval's rule for each set: a PLOVER record's main event has its type; a unit-test
    record's or a news sentence's codes meet the gold roots (or both say none); an
    event-free sentence has no event but bare statements."""
    codes = [r.cameo for r in reads if r.cameo]
    if isinstance(gold, str):
        main = main_candidate([r.cand for r in reads])
        return main is not None and Read(main, {}).etype == gold
    if gold is None:
        return all(r.statement for r in reads)
    if isinstance(gold, UnitTest):
        return record_right(codes, gold.roots, weis=True)
    return news_right(frozenset(c[:2] for c in codes), gold)


def _weighed_out(read: Read, p: float, threshold: float) -> bool:
    """Whether ``event_odds.plausible`` would keep the event, as far as a sentence read
    alone shows (no earlier sentence for an event to go on with)."""
    return read.statement or bool(read.features.get("actor office")) or p >= threshold


def cross_validate(sentences: list[tuple[Gold, list[Read]]], c: float, folds: int) -> None:
    """Out-of-fold sentence accuracy on each set for a range of thresholds: each sentence's
    events are weighed by a model trained on the other folds' sentences."""
    odds: list[list[float]] = [[] for _ in sentences]
    for fold in range(folds):
        rows, labels = examples([s for i, s in enumerate(sentences) if i % folds != fold])
        model = train(rows, labels, c)
        for i in range(fold, len(sentences), folds):
            odds[i] = [probability(r.features, model) for r in sentences[i][1]]
    kinds = {"PLOVER": str, "unit tests": UnitTest, "event-free": type(None), "news": frozenset}
    # news sentences are scored apart by gold: with events and without, then their mean, the
    # held-out set's shape (about half of its sentences report an event)
    for threshold in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6):
        right: dict[str, list[bool]] = {n: [] for n in [*kinds, "news, events"]}
        for (gold, reads), ps in zip(sentences, odds, strict=True):
            kept = [r for r, p in zip(reads, ps, strict=True) if _weighed_out(r, p, threshold)]
            name = next(n for n, kind in kinds.items() if isinstance(gold, kind))
            bucket = "news, events" if name == "news" and gold else name
            right[bucket].append(sentence_right(gold, kept))
        scores = {name: sum(flags) / (len(flags) or 1) for name, flags in right.items()}
        scores["news, no event"] = scores.pop("news")
        scores["news, half each"] = (scores["news, no event"] + scores["news, events"]) / 2
        shown = ", ".join(f"{name} {value:.3f}" for name, value in scores.items())
        print(f"C {c} threshold {threshold}: {shown}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--cv", type=int, default=0, help="report K-fold figures, write nothing")
    args = parser.parse_args()
    sentences = read_sentences(args.data)
    if args.cv:
        cross_validate(sentences, args.c, args.cv)
        return 0
    rows, labels = examples(sentences)
    model = train(rows, labels, args.c)
    out = {
        "about": "event model: see src/newsgraph/nlp/event_odds.py and scripts/train_event_odds.py",
        "examples": {"positive": sum(labels), "negative": len(labels) - sum(labels)},
        "c": args.c,
        "threshold": args.threshold,
        "intercept": model.intercept,
        "weights": model.weights,
    }
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(labels)} examples ({sum(labels)} positive) -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
