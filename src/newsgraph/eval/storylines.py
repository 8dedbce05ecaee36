"""The storylines suite: group ECB+ development documents into their sub-topics.

Each ECB+ topic holds two different real events of one kind (two Oscar hosts announced, two
earthquakes), so the other sub-topic is a lexically close distractor. Every document goes
through the real pipeline (``analyse_many``), then newsgraph's incremental storyline grouping
(``resolve.storylines``) sees the briefs one at a time in a fixed shuffled order (the corpus
order would hand it each sub-topic in one run). The baseline is what an analyst would do with
open tools: TF-IDF cosine over the raw text (lower-cased words, English stop words dropped,
sublinear tf, smoothed idf) and average-link agglomerative clustering cut at cosine 0.15, the
README's reference setting. Both are scored by B-cubed over documents against the gold
sub-topics (``<topic>_ecb`` / ``<topic>_ecbplus``).
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.eval.base import SuiteResult, SystemScores, data_dir, sample
from newsgraph.eval.clustering import Cluster, bcubed, clusters_of
from newsgraph.eval.ecbplus import EcbDoc, analyse_docs, read_corpus
from newsgraph.model import Brief
from newsgraph.resolve.story_features import StoryFeatures, features_from_brief
from newsgraph.resolve.story_vectors import DocumentFrequencies, cosine, unit_vector
from newsgraph.resolve.storylines import group

BASELINE_THRESHOLD = 0.15
ORDER_SEED = 8
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def shuffled(items: Sequence[StoryFeatures], seed: int = ORDER_SEED) -> list[StoryFeatures]:
    """A fixed arrival order that mixes topics and sub-topics."""
    order = list(items)
    random.Random(seed).shuffle(order)
    return order


def tfidf_vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """Unit TF-IDF vectors of raw texts (the baseline's view of a document)."""
    counts = [Counter(w for w in _TOKEN.findall(t.lower()) if w not in STOP_WORDS) for t in texts]
    freq = DocumentFrequencies()
    for c in counts:
        freq.add(c)
    return [unit_vector(c, freq) for c in counts]


def average_link(vectors: Sequence[dict[str, float]], threshold: float) -> list[int]:
    """Agglomerative clustering, average link over cosine, merging while the best pair of
    clusters is at least ``threshold`` similar. Returns a cluster label per item."""
    n = len(vectors)
    sim = [[cosine(vectors[i], vectors[j], None) for j in range(n)] for i in range(n)]
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}
    while len(clusters) > 1:
        best, pair = -1.0, (0, 0)
        keys = sorted(clusters)
        for x, a in enumerate(keys):
            for b in keys[x + 1 :]:
                s = sum(sim[i][j] for i in clusters[a] for j in clusters[b])
                s /= len(clusters[a]) * len(clusters[b])
                if s > best:
                    best, pair = s, (a, b)
        if best < threshold:
            break
        clusters[pair[0]] += clusters.pop(pair[1])
    labels = [0] * n
    for label, items in clusters.items():
        for i in items:
            labels[i] = label
    return labels


def gold_clusters(docs: Sequence[EcbDoc]) -> list[Cluster]:
    return clusters_of({d.name: d.subtopic for d in docs})


def score(key: list[Cluster], labels: Mapping[Any, Hashable]) -> dict[str, float]:
    p, r, f = bcubed(key, clusters_of(labels))
    return {
        "bcubed precision": p,
        "bcubed recall": r,
        "bcubed f1": f,
        "groups": float(len(set(labels.values()))),
    }


def baseline_groups(docs: Sequence[EcbDoc]) -> dict[str, str]:
    """The TF-IDF baseline's grouping: document -> cluster."""
    labels = average_link(tfidf_vectors([d.text for d in docs]), BASELINE_THRESHOLD)
    return {d.name: f"B{label}" for d, label in zip(docs, labels, strict=True)}


def run_on(docs: list[EcbDoc], briefs: list[Brief]) -> tuple[list[SystemScores], dict[str, str]]:
    """Both systems on the same documents; also newsgraph's grouping (doc -> storyline)."""
    key = gold_clusters(docs)
    features = [features_from_brief(b, d.name) for d, b in zip(docs, briefs, strict=True)]
    ours = group(shuffled(features))
    orders = [score(key, dict(group(shuffled(features, seed))))["bcubed f1"] for seed in range(10)]
    baseline = baseline_groups(docs)
    systems = [
        SystemScores(
            "newsgraph",
            {
                **score(key, dict(ours)),
                "bcubed f1, mean of 10 orders": sum(orders) / len(orders),
                "bcubed f1, worst of 10 orders": min(orders),
            },
        ),
        SystemScores(
            "tf-idf average link",
            score(key, dict(baseline)),
            note=f"cosine over raw words, cut at {BASELINE_THRESHOLD}",
        ),
    ]
    return systems, ours


def half_notes(docs: Sequence[EcbDoc], systems: Mapping[str, Mapping[str, str]]) -> list[str]:
    """B-cubed P/R/F1 of each system's grouping (made over all documents) on the tuning
    half and on the half kept for checking, the xdoc suite's halves."""
    from newsgraph.eval.xdoc import CHECK_TOPICS, TUNING_TOPICS  # xdoc imports this module

    notes = []
    for label, topics in (
        ("topics 2, 12, 21, 34 (tuned on)", TUNING_TOPICS),
        ("topics 5, 18, 23, 35 (not tuned on)", CHECK_TOPICS),
    ):
        half = [d for d in docs if d.topic in topics]
        if not half:
            continue
        key, names = gold_clusters(half), {d.name for d in half}
        parts = []
        for system, labels in systems.items():
            m = score(key, {k: v for k, v in labels.items() if k in names})
            parts.append(
                f"{system} P {m['bcubed precision']:.3f} R {m['bcubed recall']:.3f} "
                f"F1 {m['bcubed f1']:.3f}"
            )
        notes.append(f"{label}: " + "; ".join(parts))
    return notes


def run(data: Path | None = None, limit: int | None = None) -> SuiteResult:
    base = data_dir(data, "ecbplus")
    docs = sample(read_corpus(base), limit)
    started = time.perf_counter()
    briefs, failures = analyse_docs(docs)
    seconds = time.perf_counter() - started
    systems, ours = run_on(docs, briefs)
    notes = half_notes(docs, {"newsgraph": ours, "tf-idf": baseline_groups(docs)})
    notes += [
        f"{len(docs)} ECB+ development documents, {len({d.subtopic for d in docs})} gold "
        "sub-topics; B-cubed over documents",
        f"newsgraph sees the briefs one at a time in a fixed shuffled order (seed {ORDER_SEED})",
        f"pipeline: {seconds:.1f}s for {len(docs)} documents",
    ]
    notes += [f"pipeline failed (empty brief kept): {f}" for f in failures]
    return SuiteResult(
        suite="storylines",
        dataset="ECB+ development topics (2, 5, 12, 18, 21, 23, 34, 35)",
        items=len(docs),
        systems=systems,
        headline="bcubed f1",
        notes=notes,
        details={"groups": ours},
    )
