"""Scale benchmark: does adding the 20,000th article cost what the 1,000th did?

The NLP stage is the same per article whatever the store holds, so it is run once and cached;
what is timed is everything an ingest does after analysis, replayed through the very same
code (``api.ingest_items`` with the cached briefs in place of the pipeline): save_brief,
near-duplicate check, storyline placement and entity resolution.

    # 1. a corpus (see scripts/make_corpus.py) and its briefs, analysed once
    python scripts/make_corpus.py /tmp/corpus --count 20000 --seed 7
    python scripts/scale_bench.py analyse /tmp/corpus --cache /tmp/briefs.jsonl
    # 2. replay into a fresh store, timing each thousand, then the read-back queries
    python scripts/scale_bench.py replay --cache /tmp/briefs.jsonl --db sqlite:////tmp/s.db
    python scripts/scale_bench.py replay --cache /tmp/briefs.jsonl --db postgresql+psycopg://...
    # 3. end-to-end ingest rate (analysis included) over the first thousand, or batch's
    python scripts/scale_bench.py ingest-rate /tmp/corpus --db sqlite:////tmp/e2e.db
    python scripts/scale_bench.py ingest-rate /tmp/corpus --db sqlite:////tmp/b.db \
        --count 20000 --engine ray --workers 2

``replay`` prints, per thousand articles, the seconds taken and articles/s; then
``KnowledgeBase.open`` on the full store (and how many briefs it read), and median and p95
latency of ``search``, ``entity`` (find_entities + entity_view) and ``timeline`` over a fixed
query set, ``--runs`` times each. ``--limit`` replays only the first N cached briefs.
``pages`` times the web pages (home, search, entity list, entity, storyline and article
pages) over a stored corpus, in process:

    python scripts/scale_bench.py pages --db sqlite:////tmp/s.db --runs 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newsgraph import read
from newsgraph.api import expand_inputs, ingest, ingest_items, iter_items
from newsgraph.jobs import ENGINES, run_batch
from newsgraph.model import Article, Brief, brief_from_dict
from newsgraph.pipeline import analyse_many
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.sources.items import SourceItem
from newsgraph.store import Store, open_store

SEARCHES = ("election", "prime minister", "tax", "campaign debate", "police")
NAMES = ("Tony Blair", "Hillary Clinton", "Donald Trump", "Gordon Brown", "Bernie Sanders")
LARGEST_STORYLINES = 3


# --------------------------------------------------------------------------- analyse once


def analyse_corpus(corpus: str, cache: Path, limit: int, workers: int) -> int:
    """Every article of ``corpus`` analysed once, one ``{"source", "brief"}`` line each."""
    items = list(iter_items(expand_inputs([corpus])))
    if limit:
        items = items[:limit]
    good = [i for i in items if i.article is not None]
    start, done = time.perf_counter(), 0
    with cache.open("w", encoding="utf-8") as out:
        articles = (i.article for i in good if i.article is not None)
        for item, brief in zip(good, analyse_many(articles, n_process=workers), strict=True):
            out.write(
                json.dumps({"source": item.source, "brief": brief.to_dict()}, ensure_ascii=False)
                + "\n"
            )
            done += 1
            if done % 500 == 0:
                print(f"  analysed {done}/{len(good)}", file=sys.stderr)
    rate = done / (time.perf_counter() - start)
    print(f"analysed {done} articles ({len(items) - done} unreadable) at {rate:.1f}/s -> {cache}")
    return 0


def read_cache(cache: Path, limit: int) -> list[tuple[str, Brief]]:
    out: list[tuple[str, Brief]] = []
    with cache.open(encoding="utf-8") as fh:
        for line in fh:
            if limit and len(out) >= limit:
                break
            row = json.loads(line)
            out.append((row["source"], brief_from_dict(row["brief"])))
    return out


# --------------------------------------------------------------------------- replay


def cached_analyser(briefs: Sequence[Brief]) -> Callable[[Iterable[Article], int], Iterator[Brief]]:
    """An ``ingest_items`` analyser that hands back the cached brief of each article."""
    by_article = {id(b.document): b for b in briefs}

    def analyse(articles: Iterable[Article], n_process: int) -> Iterator[Brief]:
        del n_process
        for article in articles:
            yield by_article[id(article)]

    return analyse


class StepRates:
    """A progress callback: each time the count passes a multiple of ``step`` (and at
    ``last``, the final count, if given) it prints the rate since the previous mark and keeps
    (articles so far, seconds) in ``marks``. Counts may jump (batch progress moves a chunk
    at a time); the rate is over the articles actually done since the last mark."""

    def __init__(self, step: int, last: int | None = None) -> None:
        self.step, self.last = step, last
        self.marks: list[tuple[int, float]] = []
        self.since = time.perf_counter()
        self.done = 0

    def __call__(self, total: int) -> None:
        if total // self.step == self.done // self.step and total != self.last:
            return
        now = time.perf_counter()
        self.marks.append((total, now - self.since))
        rate = (total - self.done) / (now - self.since)
        print(f"  {total:>6} done, last {total - self.done} at {rate:.1f}/s", flush=True)
        self.since, self.done = now, total


def replay(store: Store, cached: Sequence[tuple[str, Brief]], step: int) -> list[tuple[int, float]]:
    """Ingest the cached briefs as ``ingest`` would; (articles so far, seconds) per step."""
    progress = StepRates(step, last=len(cached))
    items = [SourceItem(source, article=b.document) for source, b in cached]
    analyser = cached_analyser([b for _, b in cached])
    report = ingest_items(items, store, progress=progress, analyser=analyser)
    print(
        f"stored {len(report.created)} new, {len(report.updated)} updated, "
        f"{len(report.duplicates)} near-duplicates, {len(report.failed)} failed, "
        f"{len(report.warnings)} warnings"
    )
    return progress.marks


class CountingStore:
    """A store wrapper counting ``get_brief`` calls (how many briefs an open reads)."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.briefs_read = 0

    def get_brief(self, article_id: str) -> Brief:
        self.briefs_read += 1
        return self.inner.get_brief(article_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, p95) milliseconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def query_table(store: Store, runs: int) -> list[tuple[str, float, float]]:
    """Latency of the read-back queries over a fixed query set."""
    storylines = [row.id for row in store.storylines()[:LARGEST_STORYLINES]]

    def entities() -> None:
        for name in NAMES:
            found = read.find_entities(store, name)
            if found:
                read.entity_view(store, found[0].id)

    def timelines() -> None:
        for key in (*storylines, *NAMES):
            try:
                read.timeline(store, key)
            except Exception:  # a name the corpus lacks: still timed, not an error here
                continue

    rows = [
        (
            f"search (x{len(SEARCHES)} queries)",
            *timed(lambda: [store.search(q) for q in SEARCHES], runs),
        ),
        (f"entity (x{len(NAMES)} names)", *timed(entities, runs)),
        (f"timeline (x{len(storylines) + len(NAMES)} keys)", *timed(timelines, runs)),
    ]
    return rows


def run_replay(args: argparse.Namespace) -> int:
    cached = read_cache(args.cache, args.limit)
    print(f"replaying {len(cached)} cached briefs into {args.db}")
    with open_store(args.db) as store:
        if store.count_articles():
            print("the store is not empty: give a fresh --db", file=sys.stderr)
            return 1
        marks = replay(store, cached, args.step)
        counting = CountingStore(store)
        start = time.perf_counter()
        KnowledgeBase.open(counting)
        open_s = time.perf_counter() - start
        queries = query_table(store, args.runs)
        total = store.count_articles()
    print(f"\n{'articles':>10} {'seconds':>9} {'articles/s':>11}")
    done = 0
    for upto, seconds in marks:
        print(f"{upto:>10} {seconds:>9.2f} {(upto - done) / seconds:>11.1f}")
        done = upto
    print(
        f"\nKnowledgeBase.open on {total} articles: {open_s:.2f} s, "
        f"{counting.briefs_read} briefs read"
    )
    print(f"\n{'query':<26} {'median ms':>10} {'p95 ms':>10}   ({args.runs} runs)")
    for name, median, p95 in queries:
        print(f"{name:<26} {median:>10.1f} {p95:>10.1f}")
    return 0


def page_urls(store: Store) -> list[tuple[str, str]]:
    """(label, URL) of the pages timed: home, a search, the person list, an entity page per
    name (by the name URL, which resolves to the entity), the largest storylines, and the
    newest articles. Only URLs every version of the web app serves."""
    urls = [
        ("home", "/"),
        ("search page", "/?q=" + quote(SEARCHES[0])),
        ("entity list", "/entities?type=PERSON"),
    ]
    urls += [(f"entity {name}", "/entities/PERSON/" + quote(name)) for name in NAMES]
    urls += [
        (f"storyline {row.id[:10]}", f"/storylines/{row.id}")
        for row in store.storylines()[:LARGEST_STORYLINES]
    ]
    urls += [(f"article {a.id}", f"/articles/{a.id}") for a in store.list_articles(limit=3)]
    return urls


def run_pages(args: argparse.Namespace) -> int:
    """Median and p95 of each page's response time over a stored corpus, in process."""
    from fastapi.testclient import TestClient

    from newsgraph.web import create_app

    with open_store(args.db) as store:
        urls = page_urls(store)
        client = TestClient(create_app(store))
        print(f"{'page':<34} {'status':>6} {'median ms':>10} {'p95 ms':>10}   ({args.runs} runs)")
        for label, url in urls:
            status = client.get(url).status_code
            median, p95 = timed(lambda u=url: client.get(u), args.runs)  # type: ignore[misc]
            print(f"{label:<34} {status:>6} {median:>10.1f} {p95:>10.1f}")
    return 0


def run_ingest_rate(args: argparse.Namespace) -> int:
    """The whole ``ingest`` (read, analyse, store, resolve) over the first ``--count``,
    with the rate of every ``--step`` articles (first and last thousand at 20,000); with
    ``--engine``, ``newsgraph batch`` on that engine instead (analyse and store, with the
    rate per step, then resolve in time blocks, timed apart)."""
    sources = expand_inputs([args.corpus])
    lines: list[str] = []
    for source in sources:
        with open(source, encoding="utf-8") as fh:
            lines += [ln for ln in fh if ln.strip()][: args.count - len(lines)]
        if len(lines) >= args.count:
            break
    progress = StepRates(args.step, last=len(lines))
    with tempfile.TemporaryDirectory() as tmp:
        first = Path(tmp) / "first.jsonl"
        first.write_text("".join(lines), "utf-8")
        start = time.perf_counter()
        if args.engine is None:
            report = ingest([str(first)], db=args.db, progress=progress)
            seconds = time.perf_counter() - start
            print(
                f"ingest of the first {len(lines)} articles: {seconds:.1f} s, "
                f"{len(lines) / seconds:.1f} articles/s ({len(report.created)} stored, "
                f"{len(report.duplicates)} near-duplicates, {len(report.failed)} failed)"
            )
            return 0
        batch = run_batch(
            [str(first)],
            engine=args.engine,
            db=args.db,
            workers=args.workers,
            progress=lambda done, _total: progress(done),
        )
        seconds = time.perf_counter() - start
    analysed = seconds - batch.resolve_seconds
    print(
        f"batch --engine {args.engine} --workers {args.workers} of the first {len(lines)} "
        f"articles: {seconds:.1f} s, {len(lines) / seconds:.1f} articles/s; analyse and "
        f"store {analysed:.1f} s ({len(lines) / analysed:.1f}/s, start-up included), "
        f"resolution {batch.resolve_seconds:.1f} s in {batch.blocks} blocks "
        f"({len(batch.written)} written, {len(batch.failed)} failed)"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    a = sub.add_parser("analyse", help="analyse a corpus once and cache the briefs")
    a.add_argument("corpus")
    a.add_argument("--cache", type=Path, required=True)
    a.add_argument("--limit", type=int, default=0)
    a.add_argument("--workers", type=int, default=2)
    r = sub.add_parser("replay", help="replay cached briefs into a fresh store, timed")
    r.add_argument("--cache", type=Path, required=True)
    r.add_argument("--db", required=True)
    r.add_argument("--limit", type=int, default=0)
    r.add_argument("--step", type=int, default=1000)
    r.add_argument("--runs", type=int, default=20)
    e = sub.add_parser("ingest-rate", help="end-to-end ingest over the first articles")
    e.add_argument("corpus")
    e.add_argument("--db", required=True)
    e.add_argument("--count", type=int, default=1000)
    e.add_argument("--step", type=int, default=1000, help="print the rate every N articles")
    e.add_argument("--engine", choices=ENGINES, help="time `newsgraph batch` on this engine")
    e.add_argument("--workers", type=int, default=2, help="batch workers (with --engine)")
    p = sub.add_parser("pages", help="time the web pages over a stored corpus")
    p.add_argument("--db", required=True)
    p.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if args.mode == "analyse":
        return analyse_corpus(args.corpus, args.cache, args.limit, args.workers)
    if args.mode == "replay":
        return run_replay(args)
    if args.mode == "pages":
        return run_pages(args)
    return run_ingest_rate(args)


if __name__ == "__main__":
    sys.exit(main())
