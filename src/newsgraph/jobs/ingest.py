"""One ingest run as a pipeline whose stages run one way, each reading the one before:

    read -> dedupe -> analyse -> store -> resolve -> checkpoint

- read: the items of the sources; an unreadable one is one line in the report, no more.
- dedupe: near-duplicates (``newsgraph.dedupe``) set aside as further sources *before* the
  analysis, so a wire copy costs a signature rather than a parse.
- analyse: the NLP pipeline (``pipeline.analyse_many``; worker processes on a large run).
- store: each brief saved, then its fingerprint, then the further sources waiting on it:
  an order that a re-run after a kill completes rather than repeats.
- resolve: stored articles placed in storylines and their entities linked,
  ``config.INGEST_BATCH`` at a time in one knowledge turn (``KnowledgeBase.add_many``).
- checkpoint: the knowledge snapshot at the end, so the next open starts from here.

Each stage is a generator over the one before, so the run is one lazy stream: the parent
stores and resolves article N while the worker processes parse and read the next ones
(``newsgraph.workers``: two tasks of a few articles in flight per worker; a worker sends
back briefs, never docs). There is no thread of ours: every stage after the analysis is
Python that holds the GIL, so a thread could not run beside another stage.
Data flows forward only, but for one note back: the store stage tells the dedupe index
the id an article was stored under, when it is not the one dedupe expected (an update).
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from newsgraph.api import Analyser, IngestReport
from newsgraph.collection import fewer_collections
from newsgraph.config import INGEST_BATCH
from newsgraph.dedupe import NearDuplicateIndex, Signature, signature
from newsgraph.errors import NewsgraphError
from newsgraph.model import Article, Brief
from newsgraph.pipeline import analyse_many
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.sources.items import SourceItem
from newsgraph.store import Store, canonical_url
from newsgraph.store.base import content_hash

OnDone = Callable[[str], None]  # told each source once it is stored or recorded as a copy
Progress = Callable[[int], None]  # told the report's total after each stored article


def provisional_id(article: Article) -> str:
    """The id the store gives a new article (as ``store.article_id_for`` computes it)."""
    if article.url:
        return hashlib.sha256(canonical_url(article.url).encode("utf-8")).hexdigest()[:16]
    return content_hash(article.text)[:16]


@dataclass
class Kept:
    """An article the dedupe stage let through, on its way to the store: the id dedupe
    expects it to get, its signature, and the copies of it met before it was stored."""

    source: str
    key: str
    signature: Signature | None
    further: list[tuple[str, Article]] = field(default_factory=list)


@dataclass(frozen=True)
class Stored:
    """A saved brief on its way to the resolve stage, under the id the store gave it."""

    article_id: str
    brief: Brief


# --------------------------------------------------------------------------- read


def read(items: Iterable[SourceItem], report: IngestReport) -> Iterator[tuple[str, Article]]:
    """(source, article) of each readable item; an unreadable one is recorded as one
    failure line and dropped, so one bad input never costs the others."""
    for item in items:
        if item.article is None:
            report.failed.append((item.source, item.error or "unreadable"))
        else:
            yield item.source, item.article


# --------------------------------------------------------------------------- dedupe


class Dedupe:
    """The near-duplicate check, before the costly analysis. A copy of a stored article
    is recorded as a further source of it at once; a copy of one kept earlier in this run
    and not stored yet rides on that article's ticket to the store stage. Each kept
    article's ticket joins ``tickets`` as the article leaves, in input order: the store
    stage takes them in that order, one per brief."""

    def __init__(
        self, store: Store, report: IngestReport, enabled: bool, on_done: OnDone | None = None
    ) -> None:
        self.store, self.report, self.on_done = store, report, on_done
        self.index = NearDuplicateIndex.from_rows(store.fingerprints()) if enabled else None
        self.tickets: deque[Kept] = deque()
        self._unstored: dict[str, Kept] = {}  # key -> ticket of a kept article not yet stored

    def __call__(self, articles: Iterable[tuple[str, Article]]) -> Iterator[Article]:
        """The articles to analyse: everything but the near-duplicates."""
        for source, article in articles:
            ticket = self.check(source, article)
            if ticket is not None:
                self.tickets.append(ticket)
                yield article

    def check(self, source: str, article: Article) -> Kept | None:
        """A ticket for an article to keep; None (and the copy recorded or put on its
        original's ticket) for a near-duplicate of a stored or kept article."""
        key = provisional_id(article)
        sig = signature(article.text) if self.index is not None else None
        kept = self.index.find(sig, exclude=key) if self.index is not None and sig else None
        if kept is None:
            if self.index is not None and sig is not None:
                self.index.add(key, sig)
            ticket = Kept(source, key, sig)
            self._unstored.setdefault(key, ticket)
            return ticket
        if kept in self._unstored:
            self._unstored[kept].further.append((source, article))
        else:
            self.record_copy(kept, source, article)
        return None

    def stored(self, ticket: Kept, article_id: str) -> list[tuple[str, Article]]:
        """The store stage's note back: ``ticket``'s article is stored as ``article_id``
        (another id when it updated a stored article). The copies waiting on it."""
        if self.index is not None and ticket.signature is not None and article_id != ticket.key:
            self.index.remove(ticket.key)
            self.index.add(article_id, ticket.signature)
        waiting = self._unstored.pop(ticket.key, None)
        return waiting.further if waiting is not None else []

    def record_copy(self, kept: str, source: str, article: Article) -> None:
        """A near-duplicate as a further source of the stored article ``kept``."""
        self.store.add_source(kept, article.url or source, article.title, article.published)
        self.report.duplicates.append((source, kept))
        if self.on_done is not None:
            self.on_done(source)


# --------------------------------------------------------------------------- analyse


def analyse(articles: Iterable[Article], n_process: int) -> Iterator[Brief]:
    """The NLP pipeline over the kept articles, briefs in input order."""
    return analyse_many(articles, n_process=n_process)


# --------------------------------------------------------------------------- store


class StoreBriefs:
    """Save each brief with its fingerprint (one transaction), then the copies that waited
    on it; a kill between two of these writes leaves what a re-run completes (an update, a
    further source already known), never a duplicate."""

    def __init__(
        self,
        store: Store,
        report: IngestReport,
        dedupe: Dedupe,
        on_done: OnDone | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.store, self.report, self.dedupe = store, report, dedupe
        self.on_done, self.progress = on_done, progress

    def __call__(self, briefs: Iterable[Brief]) -> Iterator[Stored]:
        for brief in briefs:
            yield self.save(self.dedupe.tickets.popleft(), brief)

    def save(self, ticket: Kept, brief: Brief) -> Stored:
        signature = ticket.signature.encode() if ticket.signature is not None else None
        result = self.store.save_brief(brief, fingerprint=signature)
        article_id = result.article_id
        (self.report.created if result.created else self.report.updated).append(article_id)
        self.report.warnings += [(article_id, w) for w in brief.warnings]
        copies = self.dedupe.stored(ticket, article_id)
        if self.on_done is not None:
            self.on_done(ticket.source)
        for source, article in copies:
            self.dedupe.record_copy(article_id, source, article)
        if self.progress is not None:
            self.progress(self.report.total)
        return Stored(article_id, brief)


def batches(stored: Iterable[Stored], size: int) -> Iterator[list[Stored]]:
    """The stored articles in runs of ``size`` (the last one shorter), each yielded as
    soon as it is full: a run is what the resolve stage places in one turn."""
    run: list[Stored] = []
    for item in stored:
        run.append(item)
        if len(run) >= size:
            yield run
            run = []
    if run:
        yield run


# --------------------------------------------------------------------------- resolve


class Resolve:
    """Storylines and resolved entities for stored articles, one batch per knowledge
    turn. A failure here must not stop the ingest (the briefs are safe; with worker
    processes an escaping error would also hang their shutdown): it becomes a warning on
    each article of the batch, and resolving stops for this run; the next open of the
    knowledge base replays the store and catches up."""

    def __init__(self, knowledge: KnowledgeBase | None, report: IngestReport) -> None:
        self.knowledge, self.report = knowledge, report

    def __call__(self, batch: Sequence[Stored]) -> None:
        if self.knowledge is None or not batch:
            return
        try:
            self.knowledge.add_many([(s.article_id, s.brief) for s in batch])
        except Exception as exc:  # any bug in resolution: the stored articles come first
            note = f"storylines and entities not updated: {exc!r}"
            self.report.warnings += [(s.article_id, note) for s in batch]
            self.knowledge = None

    def checkpoint(self) -> None:
        """Snapshot the knowledge base at the end of a run, so the next open starts from
        here (a failure costs only that open's replay of this run's articles: a warning)."""
        if self.knowledge is None:
            return
        try:
            self.knowledge.checkpoint()
        except NewsgraphError as exc:
            self.report.warnings.append(("", f"knowledge snapshot not saved: {exc}"))


# --------------------------------------------------------------------------- the run


def run_ingest(
    items: Iterable[SourceItem],
    store: Store,
    *,
    progress: Progress | None = None,
    n_process: int = 1,
    dedupe: bool = True,
    on_done: OnDone | None = None,
    resolve: bool = True,
    analyser: Analyser | None = None,
    batch: int = INGEST_BATCH,
) -> IngestReport:
    """The stages over ``items``, in order (see the module); what ``api.ingest_items``
    runs. ``batch``: stored articles per knowledge turn (1 resolves each on its own)."""
    report = IngestReport()
    with fewer_collections():
        checked = Dedupe(store, report, dedupe, on_done)
        placed = Resolve(KnowledgeBase.open(store) if resolve else None, report)
        saved = StoreBriefs(store, report, checked, on_done, progress)
        briefs = (analyser or analyse)(checked(read(items, report)), n_process)
        for run in batches(saved(briefs), max(1, batch)):
            placed(run)
        placed.checkpoint()
    return report
