"""The timeline suite: is one real event one entry, and can an analyst read the timeline?

Event merging (ECB+ development topics): every document goes through the pipeline and the
real ingest (entity resolution included) into an in-memory store; within each gold topic
(two sub-topics: two real events of one kind, "different events are never one entry") the
reports are merged by ``resolve.events``. A report is matched to the ECB+ action mention in
its sentence whose lemma is its predicate's; the gold cross-document event clusters of the
matched reports are the key, our merged entries the response: B-cubed and pairwise (pairs
of reports from different documents) precision, recall and F1. Baselines on the same
matched reports: one entry per report (no merging) and one per event type within the topic.
Tuning topics 2, 12, 21, 34 and check topics 5, 18, 23, 35 are reported apart.

Well-formedness (PolNeAR development articles, which carry publication dates): the articles
are ingested into a temporary SQLite store and each storyline's default timeline is read
(``read.timeline``): the share of its entries with a named participant and a date inside the
storyline's span, and how many entries every merged event of the span would have shown, with
the share of those that are history (dated before the first article). Halves by file name.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

from newsgraph.api import ingest_items
from newsgraph.eval.base import PRF, SuiteResult, SystemScores, data_dir, sample
from newsgraph.eval.clustering import Cluster, bcubed, clusters_of
from newsgraph.eval.ecbplus import EcbDoc, GoldMention, analyse_docs, read_corpus
from newsgraph.eval.halves import HALVES, Half, split
from newsgraph.model import Article, Brief
from newsgraph.nlp.convert import load_nlp
from newsgraph.pipeline import analyse_many
from newsgraph.read.events import EventView, event_mentions, links_by_article
from newsgraph.read.storylines import storyline_views
from newsgraph.read.timeline import HISTORY_DAYS, TimelineView, is_history, storyline_timeline
from newsgraph.resolve.events import EventMention, day_of, merge_events
from newsgraph.sources.items import SourceItem
from newsgraph.store import Store, open_store

TUNING_TOPICS = frozenset({"2", "12", "21", "34"})  # the tuning half
CHECK_TOPICS = frozenset({"5", "18", "23", "35"})  # reported apart, never tuned on
POLNEAR_SPLIT = "dev"
_Item = tuple[str, str]  # (document, gold mention id)


# --------------------------------------------------------------------------- the store


def stored(briefs: Sequence[Brief]) -> tuple[Store, list[str]]:
    """The briefs put through the real ingest (storylines, entity resolution) into an
    in-memory store, without re-running the pipeline; their article ids in order."""
    store = open_store("sqlite://")
    items = [
        SourceItem(b.document.url or f"doc{n}", article=b.document) for n, b in enumerate(briefs)
    ]
    by_id = {id(b.document): b for b in briefs}

    def replay(articles: Iterable[Article], n_process: int) -> Iterator[Brief]:
        del n_process
        for article in articles:
            yield by_id[id(article)]

    report = ingest_items(items, store, dedupe=False, analyser=replay)
    return store, report.created + report.updated


# --------------------------------------------------------------------------- ECB+ merging


@dataclass(frozen=True)
class Matched:
    """One report matched to the ECB+ action mention it reads."""

    item: _Item
    cluster: str
    topic: str
    type: str


def _lemmas(docs: Sequence[EcbDoc]) -> dict[str, str]:
    """Every gold action mention's head word lemmatised once (the product's model)."""
    nlp = load_nlp()
    heads = sorted({m.head for d in docs for m in d.mentions if m.is_event})
    return {
        h: (doc[0].lemma_.lower() if len(doc) else h)
        for h, doc in zip(heads, nlp.pipe(heads), strict=True)
    }


def match_report(
    doc: EcbDoc, start: int, end: int, predicate: str, lemmas: dict[str, str]
) -> GoldMention | None:
    """The validated gold action mention inside the sentence [start, end) whose head
    lemma is the predicate's first word (or shares its first four letters)."""
    word = predicate.split()[0].lower() if predicate else ""
    for m in doc.mentions:
        if not m.is_event or m.sentence not in doc.validated or not start <= m.start < end:
            continue
        lemma = lemmas.get(m.head, m.head)
        if lemma == word or (len(word) >= 4 and lemma[:4] == word[:4]):
            return m
    return None


def topic_reports(
    docs: Sequence[EcbDoc], briefs: Sequence[Brief], store: Store, ids: Sequence[str]
) -> dict[str, list[tuple[EventMention, GoldMention | None]]]:
    """Each gold topic's reports (global entity ids), each with its gold action mention."""
    lemmas = _lemmas(docs)
    links = links_by_article(store, ids)
    out: dict[str, list[tuple[EventMention, GoldMention | None]]] = {}
    for doc, brief, aid in zip(docs, briefs, ids, strict=True):
        for mention in event_mentions(aid, brief, links.get(aid, {})):
            event = brief.events[mention.index - 1]  # ``index`` is its place in the brief
            predicate = str(event.attributes.get("predicate", ""))
            gold = match_report(
                doc, mention.evidence.start, mention.evidence.end, predicate, lemmas
            )
            out.setdefault(doc.topic, []).append((mention, gold))
    return out


def merge_scores(key: Sequence[Cluster], response: Sequence[Cluster]) -> dict[str, float]:
    """B-cubed and cross-document pairwise P/R/F1 of a response over the same items."""
    p, r, f = bcubed(key, response)
    pairs = PRF()
    gold_pairs, ours = cross_pairs(key), cross_pairs(response)
    pairs.tp, pairs.fp, pairs.fn = (
        len(gold_pairs & ours),
        len(ours - gold_pairs),
        len(gold_pairs - ours),
    )
    return {
        "bcubed precision": p,
        "bcubed recall": r,
        "bcubed f1": f,
        **pairs.as_metrics("pairwise "),
        "entries": float(len(response)),
    }


def cross_pairs(clusters: Sequence[Cluster]) -> set[frozenset[Hashable]]:
    """Pairs of items of one cluster from different documents (an item is (doc, id))."""
    return {
        frozenset((a, b))
        for c in clusters
        for a, b in combinations(sorted(c, key=repr), 2)
        if isinstance(a, tuple) and isinstance(b, tuple) and a[0] != b[0]
    }


def merge_responses(
    by_topic: dict[str, list[tuple[EventMention, GoldMention | None]]], topics: frozenset[str]
) -> tuple[list[Cluster], dict[str, list[Cluster]]]:
    """The gold key and each system's clusters over the matched reports of ``topics``."""
    key: dict[Hashable, Hashable] = {}
    systems: dict[str, dict[Hashable, Hashable]] = {
        "newsgraph": {},
        "no merging": {},
        "one entry per type": {},
    }
    for topic in sorted(topics & set(by_topic)):
        reports = by_topic[topic]
        matched = {m.key: (m, g) for m, g in reports if g is not None}
        items = {k: (g.doc, g.m_id) for k, (_, g) in matched.items()}
        for k, (m, g) in matched.items():
            key[items[k]] = g.cluster
            systems["no merging"][items[k]] = k
            systems["one entry per type"][items[k]] = (topic, m.type)
        for event in merge_events(m for m, _ in reports):
            for member in event.members:
                if member.key in items:
                    systems["newsgraph"][items[member.key]] = event.id
    return clusters_of(key), {name: clusters_of(labels) for name, labels in systems.items()}


def run_merging(docs: list[EcbDoc], briefs: list[Brief]) -> tuple[list[SystemScores], list[str]]:
    """Merging scores on all topics (systems), and per-half notes."""
    store, ids = stored([_with_url(b, d.name) for b, d in zip(briefs, docs, strict=True)])
    try:
        by_topic = topic_reports(docs, briefs, store, ids)
    finally:
        store.close()
    every = frozenset(by_topic)
    key, responses = merge_responses(by_topic, every)
    systems = [SystemScores(name, merge_scores(key, resp)) for name, resp in responses.items()]
    total = sum(len(r) for r in by_topic.values())
    matched = sum(1 for r in by_topic.values() for _, g in r if g is not None)
    notes = [f"ECB+: {total} event reports, {matched} matched to a gold action mention (scored)"]
    for half, topics in (("tuning", TUNING_TOPICS), ("check", CHECK_TOPICS)):
        hkey, hresp = merge_responses(by_topic, topics & every)
        s = merge_scores(hkey, hresp["newsgraph"])
        base = merge_scores(hkey, hresp["no merging"])
        notes.append(
            f"{half} topics {', '.join(sorted(topics, key=int))}: newsgraph B-cubed F1 "
            f"{s['bcubed f1']:.3f} (P {s['bcubed precision']:.3f}, R {s['bcubed recall']:.3f}), "
            f"pairwise P {s['pairwise precision']:.3f} R {s['pairwise recall']:.3f}; "
            f"no merging B-cubed F1 {base['bcubed f1']:.3f}"
        )
    return systems, notes


def _with_url(brief: Brief, name: str) -> Brief:
    return replace(brief, document=replace(brief.document, url=f"https://ecbplus.example/{name}"))


# --------------------------------------------------------------------------- well-formedness


def polnear_articles(base: Path, limit: int | None = None) -> list[tuple[str, Article]]:
    """PolNeAR development articles (name, article) with headline, publisher and date."""
    rows = [
        line.split("\t") for line in (base / "metadata.tsv").read_text("utf-8").splitlines()[1:]
    ]
    out = []
    for row in rows:
        if len(row) < 8 or row[0] != POLNEAR_SPLIT:
            continue
        path = base / POLNEAR_SPLIT / "text" / f"{row[1]}.txt"
        if not path.exists():
            continue
        headline, _, body = path.read_text("utf-8").partition("\n")
        url = f"https://{row[4]}.example/{row[1]}"
        out.append(
            (row[1], Article(text=body.strip(), title=headline.strip(), url=url, published=row[5]))
        )
    return sample(out, limit)


@dataclass
class Formedness:
    """Counts over every storyline's timeline."""

    shown: int = 0  # default-timeline entries
    good: int = 0  # of them: named participant and a date inside the span
    everything: int = 0  # every merged event of the storylines (what was shown before)
    everything_good: int = 0
    history: int = 0  # of every event: dated before the first article
    background: int = 0  # history entries shown apart

    def add(self, line: TimelineView, all_events: Sequence[EventView]) -> None:
        self.shown += len(line.events)
        self.good += sum(well_formed(e, line.span) for e in line.events)
        self.everything += len(all_events)
        self.everything_good += sum(well_formed(e, line.span) for e in all_events)
        self.history += sum(before_span(e, line.span) for e in all_events)
        self.background += len(line.background)

    def metrics(self) -> dict[str, float]:
        return {
            "well-formed share": self.good / self.shown if self.shown else 0.0,
            "well-formed share of all events": (
                self.everything_good / self.everything if self.everything else 0.0
            ),
            "history share of all events": self.history / self.everything
            if self.everything
            else 0.0,
            "timeline entries": float(self.shown),
            "all events": float(self.everything),
            "background entries": float(self.background),
        }


def well_formed(event: EventView, span: tuple[str | None, str | None]) -> bool:
    """Named participant and a date from ``HISTORY_DAYS`` before the first article to as
    many days after the last (later only for a planned event)."""
    found = day_of(event.date)
    if not event.named or found is None or span[0] is None or span[1] is None:
        return False
    if before_span(event, span):
        return False
    late = found[0] > date.fromisoformat(span[1]) + timedelta(days=HISTORY_DAYS)
    return not late or event.status in {"planned", "hypothetical"}


def before_span(event: EventView, span: tuple[str | None, str | None]) -> bool:
    """Whether the event is history: dated before the storyline's first article."""
    return span[0] is not None and is_history(event, date.fromisoformat(span[0]))


def run_formedness(articles: list[tuple[str, Article]]) -> tuple[dict[Half, Formedness], float]:
    """Ingest each half's articles into its own temporary store and read every storyline's
    timeline; also the pipeline's seconds."""
    started = time.perf_counter()
    out: dict[Half, Formedness] = {}
    for half, members in split(articles, lambda a: a[0]).items():
        briefs = list(analyse_many([a for _, a in members], load_nlp()))
        store, _ = stored(briefs)
        try:
            counts = Formedness()
            for view in storyline_views(store):
                counts.add(storyline_timeline(view), view.events)
            out[half] = counts
        finally:
            store.close()
    return out, time.perf_counter() - started


# --------------------------------------------------------------------------- the suite


def run(data: Path | None = None, limit: int | None = None) -> SuiteResult:
    base = data_dir(data, "ecbplus")
    docs = [d for d in read_corpus(base) if d.topic in TUNING_TOPICS | CHECK_TOPICS]
    docs = sample(docs, limit)
    briefs, failures = analyse_docs(docs)
    systems, notes = run_merging(docs, briefs)
    polnear = polnear_articles(data_dir(data, "polnear"), limit)
    halves, seconds = run_formedness(polnear)
    whole = Formedness()
    for counts in halves.values():
        for name in vars(whole):
            setattr(whole, name, getattr(whole, name) + getattr(counts, name))
    systems.append(SystemScores("timeline (PolNeAR)", whole.metrics(), note="default timeline"))
    for half in HALVES:
        if half in halves:
            m = halves[half].metrics()
            notes.append(
                f"PolNeAR {POLNEAR_SPLIT} {half} half: {m['timeline entries']:.0f} timeline "
                f"entries, well-formed {m['well-formed share']:.3f}; of all "
                f"{m['all events']:.0f} merged events {m['well-formed share of all events']:.3f} "
                f"well-formed, {m['history share of all events']:.3f} history"
            )
    notes.append(f"PolNeAR: {len(polnear)} articles through the pipeline in {seconds:.0f}s")
    notes += [f"pipeline failed (empty brief kept): {f}" for f in failures]
    return SuiteResult(
        suite="timeline",
        dataset="ECB+ development topics (event merging); PolNeAR dev (timeline)",
        items=len(docs) + len(polnear),
        systems=systems,
        headline="bcubed f1",
        notes=notes,
    )
