"""What every batch engine shares: input records, the analysis of a batch, and the sinks.

A batch run lists its inputs on the driver as plain records (``source``, ``kind``, ``raw``)
so that any engine can ship them to its workers: a single article file travels as its bytes
(workers need not see the driver's disk), a JSON Lines record as its line, and a WARC page,
whose reader streams the archive, as the article already read from it. Workers turn a list
of records into rows, one per record, each holding either the brief's JSON or the error
that stopped it; a sink (the store or Parquet files) writes rows. Ids are the store's
``article_id_for``, so a retried batch or a re-run writes the same rows again, never more.

Into a store, the run then resolves what it wrote (``resolve_stored``): the articles' feature
rows, kept as the sink writes them, are cut into time blocks and resolved by
``newsgraph.resolve.shards`` (one block here, Ray tasks on Ray), then reconciled with the
knowledge the store held and written through the knowledge log, as ``ingest`` leaves it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from newsgraph.api import expand_inputs
from newsgraph.errors import InputError, NewsgraphError
from newsgraph.model import Article, Brief, Caption, brief_from_dict
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.resolve.known import Known
from newsgraph.resolve.shards import BlockResult, Item, resolve_blocks
from newsgraph.sources import article_from_bytes, read_file
from newsgraph.sources.jsonl import is_jsonl, parse_record, raw_lines
from newsgraph.sources.warc import is_warc, read_warc
from newsgraph.store import Store, article_id_for, open_store
from newsgraph.store.base import content_hash

if TYPE_CHECKING:  # the pipeline (spaCy) is imported by the workers that analyse, only
    from spacy.language import Language

Record = dict[str, Any]  # {"source": str, "kind": str, "raw": bytes}
Row = dict[str, Any]  # ROW_FIELDS
ROW_FIELDS = ("id", "source", "url", "title", "published", "brief", "error")
# How many rows a Parquet row group (and a local analysis chunk) holds.
CHUNK = 64
# Articles per resolution block on Ray: enough that a block keeps its stories whole
# (a story seldom straddles a border), few enough that blocks spread over the workers.
BLOCK_ARTICLES = 1000
Progress = Callable[[int, int], None]  # (rows done, rows in all)
BlockRunner = Callable[[list[list[Item]], set[str]], list[BlockResult]]  # (blocks, keep)


@dataclass
class BatchReport:
    """What a batch run wrote: article ids, each failed input, and each brief's warnings."""

    written: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, error)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (article id, message)
    seconds: float = 0.0
    # Of ``seconds``: until every worker had its pipeline loaded (and the inputs were
    # listed), then until the last analysed row was written. Apart, they show how the
    # analysis scales with workers beside what a run costs whatever its size.
    startup_seconds: float = 0.0
    analyse_seconds: float = 0.0
    resolved: int = 0  # articles placed in storylines and entities by this run
    blocks: int = 0  # time blocks they were resolved in
    resolve_seconds: float = 0.0  # of ``seconds``: resolving them, reconciling, writing

    @property
    def total(self) -> int:
        return len(self.written) + len(self.failed)


# --------------------------------------------------------------------------- reading


def list_records(paths: Iterable[str]) -> list[Record]:
    """Every article the inputs hold, as records, in a stable order."""
    sources = expand_inputs(paths)
    if not sources:
        raise InputError("no article files found in the given paths")
    out: list[Record] = []
    for source in sources:
        if source.lower().startswith(("http://", "https://")) or source == "-":
            raise InputError(f"batch reads files and folders only, not {source!r}")
        out += _records_of(source)
    return out


def _records_of(source: str) -> Iterator[Record]:
    if is_jsonl(source):
        yield from _jsonl_records(source)
    elif is_warc(source):
        for item in read_warc(source):
            if item.article is None:
                yield _error_record(item.source, item.error or "unreadable")
            else:
                raw = json.dumps(dataclasses.asdict(item.article)).encode("utf-8")
                yield {"source": item.source, "kind": "article", "raw": raw}
    else:
        try:
            yield {"source": source, "kind": "file", "raw": read_file(Path(source))}
        except InputError as exc:
            yield _error_record(source, str(exc))


def _error_record(source: str, error: str) -> Record:
    return {"source": source, "kind": "error", "raw": error.encode("utf-8")}


def _jsonl_records(name: str) -> Iterator[Record]:
    """One record a non-blank line, labelled "path:line" as ``read_jsonl`` labels it, read
    by the same bounded reader."""
    for label, line, error in raw_lines(name):
        if line is None:
            yield _error_record(label, error or "unreadable")
        else:
            yield {"source": label, "kind": "jsonl", "raw": line}


def article_of(record: Record) -> Article:
    """The article a record holds, read as ``ingest`` reads it; InputError if unreadable."""
    kind, raw, source = record["kind"], bytes(record["raw"]), str(record["source"])
    if kind == "error":
        raise InputError(raw.decode("utf-8", "replace"))
    if kind == "jsonl":
        return parse_record(raw)
    if kind == "article":
        data = json.loads(raw)
        data["captions"] = [Caption(**c) for c in data.get("captions", [])]
        return Article(**data)
    return article_from_bytes(raw, name=source)


# --------------------------------------------------------------------------- analysing


def analyse_records(
    records: list[Record], nlp: Language | None = None, n_process: int = 1
) -> list[Row]:
    """One row per record, in order. A record that cannot be read, or whose analysis
    raises, becomes an error row; the rest of the batch is analysed as usual."""
    articles: list[Article | str] = []
    for record in records:
        try:
            articles.append(article_of(record))
        except NewsgraphError as exc:
            articles.append(str(exc))
    good = [a for a in articles if isinstance(a, Article)]
    try:
        done: list[Brief | str] = list(analyse_many(good, nlp, n_process=n_process))
    except Exception:  # something broke the whole stream: find the article, one by one
        done = [_analyse_one(a, nlp) for a in good]
    results = iter(done)
    return [
        _row(str(rec["source"]), next(results) if isinstance(art, Article) else art, art)
        for rec, art in zip(records, articles, strict=True)
    ]


def failed_row(record: Record, error: str) -> Row:
    """The error row of a record whose analysis could not finish (its worker died)."""
    source = str(record["source"])
    return _row(source, error, error)


def analyse_many(
    articles: Iterable[Article], nlp: Language | None = None, n_process: int = 1
) -> Iterable[Brief]:
    """``pipeline.analyse_many``, the pipeline (spaCy) imported on first use: a batch's
    driver imports this module but never parses; its workers do."""
    from newsgraph import pipeline

    return pipeline.analyse_many(articles, nlp, n_process=n_process)


def analyse(article: Article, nlp: Language | None = None) -> Brief:
    """``pipeline.analyse``, imported on first use as ``analyse_many`` is."""
    from newsgraph import pipeline

    return pipeline.analyse(article, nlp)


def _analyse_one(article: Article, nlp: Language | None) -> Brief | str:
    try:
        return analyse(article, nlp)
    except Exception as exc:
        return f"analysis failed ({type(exc).__name__}: {exc})"


def _row(source: str, result: Brief | str, article: Article | str) -> Row:
    if isinstance(result, Brief):
        doc = result.document
        payload = json.dumps(result.to_dict(), ensure_ascii=False)
        return _make_row(article_id_for(result), source, doc, payload, None)
    read = article if isinstance(article, Article) else None
    key = article_id_for(Brief(document=read)) if read and (read.url or read.text.strip()) else None
    key = key or hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    return _make_row(key, source, read, None, result)


def _make_row(
    key: str, source: str, doc: Article | None, brief: str | None, error: str | None
) -> Row:
    return {
        "id": key,
        "source": source,
        "url": doc.url if doc else None,
        "title": doc.title if doc else None,
        "published": doc.published if doc else None,
        "brief": brief,
        "error": error,
    }


# --------------------------------------------------------------------------- writing


class Sink(Protocol):
    """Where rows end up; ``write`` records what it wrote in the report."""

    def write(self, rows: list[Row], report: BatchReport) -> None: ...

    def close(self) -> None: ...


class StoreSink:
    """Rows into the store: ``save_brief`` upserts by URL or body, so a retried or repeated
    row updates its article rather than adding one. Each article's knowledge feature row is
    written beside it (as ``KnowledgeBase.add`` writes it) and kept for ``resolve_stored``."""

    def __init__(self, db: str | Store) -> None:
        self.store = open_store(db) if isinstance(db, str) else db
        self._owned = isinstance(db, str)
        self.known: dict[str, Known] = {}  # article id -> features, in the order written

    def write(self, rows: list[Row], report: BatchReport) -> None:
        features = []
        for row in rows:
            if row["brief"] is None:
                report.failed.append((row["source"], row["error"]))
                continue
            brief = brief_from_dict(json.loads(row["brief"]))
            article_id = self.store.save_brief(brief).article_id
            known = Known.of(article_id, brief)
            features.append((article_id, content_hash(brief.document.text), known.to_json()))
            self.known[article_id] = known
            report.written.append(article_id)
            report.warnings += [(article_id, w) for w in brief.warnings]
        self.store.save_knowledge_features(features)  # the rows' features in one write

    def close(self) -> None:
        if self._owned:
            self.store.close()


class ParquetSink:
    """Rows into ``DIR/part-00000.parquet`` (one row group per chunk), written under a
    temporary name and renamed at the end, so a re-run replaces the file whole."""

    FILE = "part-00000.parquet"

    def __init__(self, out: str | Path) -> None:
        pa, pq = require_pyarrow()
        self.dir = Path(out)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create {self.dir}: {exc.strerror or exc}") from exc
        self._tmp = self.dir / f".{self.FILE}.tmp"
        self._pa = pa
        self._writer = pq.ParquetWriter(str(self._tmp), row_schema())
        self._pending: list[Row] = []  # rows not yet in a row group

    def write(self, rows: list[Row], report: BatchReport) -> None:
        """Rows in, reported at once; written a row group of ``CHUNK`` at a time (callers
        hand over batches of any size as they come)."""
        self._pending += rows
        while len(self._pending) >= CHUNK:
            self._flush(self._pending[:CHUNK])
            del self._pending[:CHUNK]
        for row in rows:
            if row["brief"] is None:
                report.failed.append((row["source"], row["error"]))
            else:
                report.written.append(row["id"])
                warnings = json.loads(row["brief"]).get("warnings", [])
                report.warnings += [(row["id"], w) for w in warnings]

    def _flush(self, rows: list[Row]) -> None:
        if rows:
            self._writer.write_table(self._pa.Table.from_pylist(rows, schema=row_schema()))

    def close(self) -> None:
        self._flush(self._pending)
        self._pending = []
        self._writer.close()
        self._tmp.replace(self.dir / self.FILE)


def require_pyarrow() -> tuple[Any, Any]:
    """pyarrow (and its Parquet module), which comes with the ``ray`` extra."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("Parquet output needs pyarrow: install newsgraph[ray]") from None
    return pa, pq


def row_schema() -> Any:
    """The Parquet (and Ray block) schema of a row: every column a nullable string."""
    pa, _ = require_pyarrow()
    return pa.schema([(name, pa.string()) for name in ROW_FIELDS])


def open_sink(db: str | Store | None, out: str | Path | None) -> Sink:
    """The sink for exactly one of ``db`` and ``out``."""
    if (db is None) == (out is None):
        raise InputError("give exactly one of --db URL and --out DIR")
    return StoreSink(db) if db is not None else ParquetSink(out)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- resolving


def open_knowledge(sink: Sink) -> KnowledgeBase | None:
    """The store's knowledge base, opened before the run writes (so the articles it writes
    are resolved by ``resolve_stored``, not replayed one by one); None for Parquet."""
    return KnowledgeBase.open(sink.store) if isinstance(sink, StoreSink) else None


def resolve_stored(
    sink: Sink,
    kb: KnowledgeBase | None,
    report: BatchReport,
    blocks: int | None = None,
    run: BlockRunner | None = None,
) -> None:
    """Resolve the articles the run stored and the knowledge does not hold yet: in
    ``blocks`` time blocks (default: one per ``BLOCK_ARTICLES``) run by ``run`` (default:
    here, in turn), reconciled and written by ``KnowledgeBase.add_resolved``. When another
    writer placed some of them meanwhile, a fresh open places the rest, one by one."""
    if kb is None or not isinstance(sink, StoreSink):
        return
    started = time.perf_counter()
    fresh = {a: known for a, known in sink.known.items() if a not in kb}
    if not fresh:
        return
    count = blocks if blocks is not None else block_count(len(fresh))
    results = resolve_blocks(list(fresh.items()), count, run)
    if not kb.add_resolved(results, fresh):
        KnowledgeBase.open(sink.store)
    report.resolved, report.blocks = len(fresh), len(results)
    report.resolve_seconds = time.perf_counter() - started


def block_count(articles: int) -> int:
    """Blocks for a run of ``articles``: one per ``BLOCK_ARTICLES``, so the result depends
    on the corpus, not on how many workers resolve it."""
    return max(1, -(-articles // BLOCK_ARTICLES))
