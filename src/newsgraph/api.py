"""The Python API: what the CLI (and later the web app) call, and what users import.

from newsgraph import brief, ingest, open_store
b = brief("article.html", published="2026-01-05")
report = ingest(["articles/"], db="sqlite:///newsgraph.db")
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.model import Article, Brief
from newsgraph.sources import article_from_bytes, load_article, read_file, validate_published
from newsgraph.sources.feeds import (
    feed_articles,
    fetch_bytes,
    fetch_feed,
    is_feed,
    looks_like_feed,
    read_feed,
)
from newsgraph.sources.items import SourceItem, item_of, unexpected
from newsgraph.sources.jsonl import is_jsonl, read_jsonl
from newsgraph.sources.warc import is_warc, read_warc
from newsgraph.store import GlobalEntityRow, Store, open_store

if TYPE_CHECKING:
    from newsgraph.resolve.check import CheckReport

# The NLP pipeline (spaCy) and the knowledge base are imported where they are used, not
# here: every CLI command imports this module, and most of them (show, entities,
# storylines, export, the driver of a batch run) need neither; both cost about a second
# of start-up.

# Parsing in two processes pays for its start-up (~3 s) only on larger batches.
PARALLEL_FROM = 64
PARALLEL_WORKERS = min(2, os.cpu_count() or 1)
# The NLP stage of an ingest: articles in, briefs out in the same order (n_process given).
Analyser = Callable[[Iterable[Article], int], Iterable[Brief]]
ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".md"}
# Files holding many articles, found in folders beside single articles.
CORPUS_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".warc", ".warc.gz")


def brief(source: str, *, published: str | None = None, stdin: BinaryIO | None = None) -> Brief:
    """Read one article (file path, http(s) URL or "-" for stdin) and understand it."""
    from newsgraph.pipeline import analyse

    return analyse(load_article(source, published=published, stdin=stdin))


@dataclass
class IngestReport:
    """What one ingest run did: ids created and updated, each input that failed, and each
    near-duplicate input kept only as a further source: (source, kept article id)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (article id, message)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.failed) + len(self.duplicates)


def expand_inputs(paths: Iterable[str]) -> list[str]:
    """Files as given; folders walked for article files, in a stable order."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if raw.startswith(("http://", "https://")) or raw == "-" or not path.is_dir():
            out.append(raw)
            continue
        out += sorted(str(p) for p in path.rglob("*") if p.is_file() and _is_input(p))
    return out


def _is_input(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES or path.name.lower().endswith(CORPUS_SUFFIXES)


def iter_items(sources: Iterable[str], published: str | None = None) -> Iterator[SourceItem]:
    """Every article each source holds, as items: a file or "-" is one article, a JSON
    Lines or WARC file many, an http(s) URL one page or, if it is a feed, its items' pages.
    ``published`` (already validated) overrides every article's date."""
    for source in sources:
        for item in _guarded(source, _items_of(source)):
            if published is not None and item.article is not None:
                item.article.published = published
            yield item


def _guarded(source: str, items: Iterator[SourceItem]) -> Iterator[SourceItem]:
    """A source's items, ending in one failure for the source if reading it raises: an
    error no reader foresaw costs the rest of that source, never the rest of the batch."""
    try:
        yield from items
    except NewsgraphError as exc:
        yield SourceItem(source, error=str(exc))
    except Exception as exc:  # the last line of defence for "one bad input costs itself"
        yield SourceItem(source, error=unexpected(exc))


def _items_of(source: str) -> Iterator[SourceItem]:
    if source.lower().startswith(("http://", "https://")):
        yield from _url_items(source)
    elif is_jsonl(source):
        yield from read_jsonl(source)
    elif is_warc(source):
        yield from read_warc(source)
    elif source == "-":
        yield item_of(source, lambda: load_article(source))
    else:
        yield from _file_items(source)


def _file_items(path: str) -> Iterator[SourceItem]:
    """A local file: one article or, if it is an RSS or Atom feed, the pages it lists."""
    try:
        data = read_file(Path(path))
    except NewsgraphError as exc:
        yield SourceItem(path, error=str(exc))
        return
    if looks_like_feed(data):
        yield from read_feed(data, path)
    else:
        yield item_of(path, lambda: article_from_bytes(data, name=path))


def _url_items(url: str) -> Iterator[SourceItem]:
    """One fetch tells a feed from a page: a feed's items are fetched in turn."""
    try:
        fetched = fetch_bytes(url)
    except NewsgraphError as exc:
        yield SourceItem(url, error=str(exc))
        return
    if is_feed(fetched):
        yield from read_feed(fetched.body, url, base_url=fetched.url)
        return
    yield item_of(
        url,
        lambda: article_from_bytes(
            fetched.body,
            url=fetched.url,
            content_type=fetched.content_type,
            charset=fetched.charset,
        ),
    )


def ingest(
    paths: Iterable[str],
    *,
    db: str | Store | None = None,
    published: str | None = None,
    progress: Callable[[int], None] | None = None,
    n_process: int | None = None,
    dedupe: bool = True,
    resolve: bool = True,
) -> IngestReport:
    """Analyse every article under ``paths`` and store the briefs.

    ``paths`` are article files, folders, JSON Lines and WARC files, and http(s) URLs of
    pages or RSS/Atom feeds. One bad input is recorded in the report and the run goes on;
    an article already in the store (same canonical URL or same text) is updated, not
    duplicated; with ``dedupe``, a near-duplicate of a stored article (see
    ``newsgraph.dedupe``) is recorded as a further source of it, not stored again; with
    ``resolve``, storylines and resolved entities are updated as each article is stored.
    """
    if published is not None:  # one bad option is one error, not one failure per file
        published = validate_published(published)
    sources = expand_inputs(paths)
    if not sources:
        raise InputError("no article files found in the given paths")
    store = open_store(db) if db is None or isinstance(db, str) else db
    try:
        many = len(sources) >= PARALLEL_FROM or any(is_jsonl(s) or is_warc(s) for s in sources)
        workers = n_process or (PARALLEL_WORKERS if many else 1)
        return ingest_items(
            iter_items(sources, published),
            store,
            progress=progress,
            n_process=workers,
            dedupe=dedupe,
            resolve=resolve,
        )
    finally:
        if store is not db:
            store.close()


def ingest_items(
    items: Iterable[SourceItem],
    store: Store,
    *,
    progress: Callable[[int], None] | None = None,
    n_process: int = 1,
    dedupe: bool = True,
    on_done: Callable[[str], None] | None = None,
    resolve: bool = True,
    analyser: Analyser | None = None,
) -> IngestReport:
    """Analyse and store already-read items (the core of ``ingest`` and of feed polling).
    ``on_done(source)`` is called once an item is stored or recorded as a duplicate. With
    ``resolve``, the store's knowledge base (storylines, resolved entities) is opened
    first (see ``newsgraph.resolve.knowledge``), new articles are placed and linked soon
    after they are saved (a batch of them per knowledge turn), and the knowledge base is
    snapshotted at the end. ``analyser``
    replaces the NLP stage (default: the pipeline's ``analyse_many``): the scale benchmark
    replays cached briefs through everything else. The stages, and why each runs where
    it does: ``newsgraph.jobs.ingest``."""
    from newsgraph.jobs.ingest import run_ingest  # not at the top: newsgraph.jobs imports us

    return run_ingest(
        items,
        store,
        progress=progress,
        n_process=n_process,
        dedupe=dedupe,
        on_done=on_done,
        resolve=resolve,
        analyser=analyser,
    )


def merge_entities(store: Store, keep: str, other: str) -> GlobalEntityRow:
    """Fold resolved entity ``other`` into ``keep`` (undone by ``split_entity``)."""
    from newsgraph.resolve.knowledge import KnowledgeBase

    return KnowledgeBase.open(store).merge(keep, other)


def split_entity(store: Store, global_id: str) -> list[GlobalEntityRow]:
    """Undo the merges into a resolved entity: one entity per distinct name again."""
    from newsgraph.resolve.knowledge import KnowledgeBase

    return KnowledgeBase.open(store).split(global_id)


def check_knowledge(db: str | Store | None = None, *, repair: bool = False) -> CheckReport:
    """Verify the knowledge base's invariants (see ``newsgraph.resolve.check``); with
    ``repair``, rebuild it by replaying resolution first and report the result."""
    from newsgraph.resolve import check as knowledge_check

    store = open_store(db) if db is None or isinstance(db, str) else db
    try:
        return knowledge_check.repair(store) if repair else knowledge_check.check(store)
    finally:
        if store is not db:
            store.close()


def poll_feeds(
    feeds: Iterable[str],
    store: Store,
    *,
    dedupe: bool = True,
    stop: Callable[[], bool] = lambda: False,
) -> IngestReport:
    """Fetch each feed once and ingest the items not seen before. An item is remembered
    as seen as soon as it is stored or recorded as a duplicate, so a failed page is tried
    again at the next poll and a restart (even after a kill) never ingests it twice.
    ``stop()`` is asked before each item is fetched: when it says so, the poll ends early."""
    report = IngestReport()
    for feed in feeds:
        if stop():
            break
        try:
            done = _poll_feed(feed, store, dedupe, stop)
        except NewsgraphError as exc:
            report.failed.append((feed, str(exc)))
            continue
        for name in ("created", "updated", "failed", "duplicates"):
            getattr(report, name).extend(getattr(done, name))
    return report


def _poll_feed(feed: str, store: Store, dedupe: bool, stop: Callable[[], bool]) -> IngestReport:
    seen = store.seen_items(feed)
    fresh = [i for i in fetch_feed(feed) if i.id not in seen and i.url not in seen]
    ids = {i.url: i.id for i in fresh}

    def remember(source: str) -> None:
        store.mark_seen(feed, [ids.get(source, source)])

    return ingest_items(_until(stop, feed_articles(fresh)), store, dedupe=dedupe, on_done=remember)


def _until(stop: Callable[[], bool], items: Iterable[SourceItem]) -> Iterator[SourceItem]:
    for item in items:
        if stop():
            return
        yield item


def __getattr__(name: str) -> Any:
    """Names this module gave before it stopped importing the knowledge base and the
    pipeline at the top (``CheckReport`` is exported; ``KnowledgeBase`` and ``analyse``
    were importable from here), imported when first asked for."""
    if name == "CheckReport":
        from newsgraph.resolve.check import CheckReport

        return CheckReport
    if name == "KnowledgeBase":
        from newsgraph.resolve.knowledge import KnowledgeBase

        return KnowledgeBase
    if name == "analyse":
        from newsgraph.pipeline import analyse

        return analyse
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CheckReport",
    "IngestReport",
    "brief",
    "check_knowledge",
    "expand_inputs",
    "ingest",
    "ingest_items",
    "iter_items",
    "merge_entities",
    "open_store",
    "poll_feeds",
    "split_entity",
]
