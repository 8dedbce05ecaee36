"""The xdoc suite: cross-document entity coreference on ECB+, end to end.

newsgraph finds its own mentions (each brief entity's mentions and each time expression,
matched to ECB+ mentions only by the exact (document, start, end) span), groups documents
into its own storylines (no gold topics), and resolves entities across the articles of each
storyline with ``resolve.entities``; times corefer when they normalise to the same value in
one storyline. Scored by MUC, B-cubed and CEAF-e (CoNLL F1 = their mean F1) over the ECB+
entity mentions (people, organisations, places, objects, times) of the validated sentences,
singletons kept; predicted mentions are kept to validated sentences too. The baseline is the
README's: gold mentions, clustered by lower-cased head word within the gold sub-topic.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from pathlib import Path

from newsgraph.eval.base import SuiteResult, SystemScores, data_dir, sample
from newsgraph.eval.clustering import Cluster, clusters_of, conll
from newsgraph.eval.ecbplus import EcbDoc, analyse_docs, read_corpus
from newsgraph.eval.storylines import run_on
from newsgraph.model import Brief
from newsgraph.resolve.entities import EntityResolver

Span = tuple[str, int, int]


def gold_entity_clusters(docs: Sequence[EcbDoc]) -> list[Cluster]:
    """ECB+ entity mentions of validated sentences, by gold cluster."""
    labels: dict[Hashable, Hashable] = {
        (m.doc, m.start, m.end): m.cluster
        for d in docs for m in d.mentions if m.is_entity and m.sentence in d.validated
    }
    return clusters_of(labels)


def head_lemma_baseline(docs: Sequence[EcbDoc]) -> list[Cluster]:
    """Gold mentions, one cluster per (gold sub-topic, lower-cased head word)."""
    labels: dict[Hashable, Hashable] = {
        (m.doc, m.start, m.end): (d.subtopic, m.head)
        for d in docs for m in d.mentions if m.is_entity and m.sentence in d.validated
    }
    return clusters_of(labels)


def predicted_clusters(docs: Sequence[EcbDoc], briefs: Sequence[Brief],
                       storylines: dict[str, str]) -> list[Cluster]:
    """newsgraph's mentions, clustered by resolved entity (times: by value) per storyline."""
    by_doc = {d.name: (d, b) for d, b in zip(docs, briefs, strict=True)}
    members: dict[str, list[str]] = {}
    for name, sid in sorted(storylines.items()):
        members.setdefault(sid, []).append(name)
    labels: dict[Hashable, Hashable] = {}
    for sid, names in members.items():
        resolver = EntityResolver(prefix=f"{sid}:")
        for name in names:
            doc, brief = by_doc[name]
            for link in resolver.add(name, brief):
                ent = next(e for e in brief.entities if e.id == link.entity_id)
                for m in ent.mentions:
                    _keep(labels, doc, (name, m.start, m.end), link.global_id)
            for t in brief.times:
                if t.evidence.field == "text":
                    value = f"{sid}:T:{t.value}" if t.value else f"{name}:{t.start}"
                    _keep(labels, doc, (name, t.start, t.end), value)
    return clusters_of(labels)


def _keep(labels: dict[Hashable, Hashable], doc: EcbDoc, span: Span, label: str) -> None:
    if doc.sentence_at(span[1]) in doc.validated:
        labels.setdefault(span, label)


def run_xdoc(docs: list[EcbDoc], briefs: list[Brief]) -> list[SystemScores]:
    """Both systems on the same documents."""
    key = gold_entity_clusters(docs)
    _, storylines = run_on(docs, briefs)
    ours = conll(key, predicted_clusters(docs, briefs, storylines))
    base = conll(key, head_lemma_baseline(docs))
    return [
        SystemScores("newsgraph", ours, note="own mentions, own storylines"),
        SystemScores("head lemma in gold sub-topic", base,
                     note="gold mentions and gold sub-topics"),
    ]


def run(data: Path | None = None, limit: int | None = None) -> SuiteResult:
    base = data_dir(data, "ecbplus")
    docs = sample(read_corpus(base), limit)
    briefs, failures = analyse_docs(docs)
    key = gold_entity_clusters(docs)
    notes = [
        f"{sum(len(c) for c in key)} gold entity mentions in {len(key)} clusters "
        "(validated sentences, singletons kept)",
        "predicted mentions match gold only on the exact span",
    ]
    notes += [f"pipeline failed (empty brief kept): {f}" for f in failures]
    return SuiteResult(
        suite="xdoc",
        dataset="ECB+ development topics, entity coreference",
        items=len(docs),
        systems=run_xdoc(docs, briefs),
        headline="conll f1",
        notes=notes,
    )
