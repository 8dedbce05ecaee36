"""The Ray Data batch engine: the same code in local mode on a laptop and on a cluster.

The driver lists the inputs as records (``newsgraph.jobs.rows``) and hands Ray a dataset
of them; ``map_batches`` runs them through a pool of actors, each loading the spaCy
pipeline once and analysing a batch at a time; the driver writes the rows it gets back
(to the store, whose saves are upserts, or to Parquet), reporting progress as it goes.
Rows carry the store's deterministic ids, so a retried task never adds a duplicate.

Into a store, the stored articles are then resolved in time blocks, one Ray task a block
(``resolve.shards.resolve_block``, pure: features in, storyline state and entity groups
out), and the driver reconciles the blocks and writes the knowledge (``jobs.rows``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from newsgraph.errors import InputError
from newsgraph.jobs.rows import (
    CHUNK,
    BatchReport,
    BlockRunner,
    Progress,
    Record,
    analyse_records,
    list_records,
    open_knowledge,
    open_sink,
    require_pyarrow,
    resolve_stored,
    row_schema,
)
from newsgraph.resolve.shards import BlockResult, Item, resolve_block
from newsgraph.store import Store

# Articles an actor analyses per call: big enough for nlp.pipe's batching, small enough
# that a retried task repeats little work and progress moves steadily.
ACTOR_BATCH = 16
INSTALL_HINT = "the ray engine needs Ray: install newsgraph[ray]"


def require_ray() -> ModuleType:
    """Ray, imported only when the engine is used; a clear message when it is missing."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    module: ModuleType = ray  # typed the same whether or not Ray's stubs are installed
    return module


class Analyser:
    """One Ray actor: the NLP pipeline loaded once, then batch after batch analysed."""

    def __init__(self) -> None:
        from newsgraph.nlp.convert import load_nlp

        self.nlp = load_nlp()

    def __call__(self, batch: Any) -> Any:
        pa, _ = require_pyarrow()
        rows = analyse_records(batch.to_pylist(), self.nlp)
        return pa.Table.from_pylist(rows, schema=row_schema())


def run_ray(
    paths: Iterable[str],
    *,
    db: str | Store | None = None,
    out: str | Path | None = None,
    workers: int = 1,
    address: str | None = None,
    progress: Progress | None = None,
    blocks: int | None = None,
) -> BatchReport:
    """Analyse every article under ``paths`` on Ray into ``db`` or Parquet under ``out``,
    then resolve what was stored in ``blocks`` time blocks (default: by size, ``rows``).
    ``address`` None starts a local Ray with ``workers`` CPUs; "auto" or "ray://host:port"
    joins a cluster. A Ray already initialised in this process is used as it is."""
    ray = require_ray()
    started = time.perf_counter()
    records = list_records(paths)
    sink = open_sink(db, out)
    report = BatchReport()
    owned = _init(ray, address, workers)
    try:
        kb = open_knowledge(sink)
        done = 0
        for batch in _dataset(ray, records, workers).iter_batches(
            batch_size=CHUNK, batch_format="pyarrow"
        ):
            sink.write(batch.to_pylist(), report)
            done += batch.num_rows
            if progress is not None:
                progress(done, len(records))
        resolve_stored(sink, kb, report, blocks, block_runner(ray))
    finally:
        sink.close()
        if owned:
            ray.shutdown()
    report.seconds = time.perf_counter() - started
    return report


def block_runner(ray: ModuleType) -> BlockRunner:
    """Resolution blocks as Ray tasks, one CPU each, results in block order."""
    task = ray.remote(num_cpus=1)(resolve_block)

    def run(chunks: list[list[Item]], keep: set[str]) -> list[BlockResult]:
        keep_ref = ray.put(keep)  # shipped once, not once a task
        results: list[BlockResult] = ray.get([task.remote(chunk, keep_ref) for chunk in chunks])
        return results

    return run


def _init(ray: ModuleType, address: str | None, workers: int) -> bool:
    """Start or join Ray unless this process already has; True if this call started it."""
    if ray.is_initialized():
        return False
    try:
        ray.init(
            address=address,
            num_cpus=workers if address is None else None,
            include_dashboard=False,
            logging_level=logging.WARNING,
            log_to_driver=False,
        )
    except (ConnectionError, ValueError, RuntimeError) as exc:
        raise InputError(f"cannot start or reach Ray at {address or 'local'}: {exc}") from exc
    return True


def _dataset(ray: ModuleType, records: list[Record], workers: int) -> Any:
    """Records → analysed rows, lazily: a fixed pool of ``workers`` one-CPU actors."""
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # progress is ours to report, once, on the driver
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    context.execution_options.preserve_order = True  # same input, same output files
    blocks = max(1, min(len(records), max(4 * workers, len(records) // ACTOR_BATCH)))
    return ray.data.from_items(records, override_num_blocks=blocks).map_batches(
        Analyser,
        batch_size=ACTOR_BATCH,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
    )
