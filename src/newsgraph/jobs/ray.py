"""The Ray batch engine: the same code in local mode on a laptop and on a cluster.

The driver starts a pool of one-CPU Ray actors, each loading the spaCy pipeline once, and
lists the inputs as records (``newsgraph.jobs.rows``) while they load; batches of records
go to whichever actor is free and their rows are handed on in input order;
the driver writes them (to the store, whose saves are upserts, or to Parquet), reporting
progress as it goes. Rows carry the store's deterministic ids, so a batch run again never
adds a duplicate. Ray core actors rather than Ray Data: the same pool without Ray Data's
streaming executor, whose start-up (about 2 s here) was a fifth of a 240-article run.

Into a store, the stored articles are then resolved in time blocks, one Ray task a block
(``resolve.shards.resolve_block``, pure: features in, storyline state and entity groups
out), and the driver reconciles the blocks and writes the knowledge (``jobs.rows``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, suppress
from pathlib import Path
from types import ModuleType
from typing import Any

from newsgraph.collection import fewer_collections, settle_worker
from newsgraph.errors import InputError
from newsgraph.jobs.rows import (
    BatchReport,
    BlockRunner,
    Progress,
    Record,
    Row,
    analyse_records,
    failed_row,
    list_records,
    open_knowledge,
    open_sink,
    resolve_stored,
)
from newsgraph.resolve.shards import BlockResult, Item, resolve_block
from newsgraph.store import Store
from newsgraph.workers import even_batches

# Articles an actor analyses per call, at most: big enough for nlp.pipe's batching, small
# enough that a retried task repeats little work and progress moves steadily. A run is cut
# into a multiple of the actors of even batches (workers.even_batches), so that they end
# together.
ACTOR_BATCH = 16
INSTALL_HINT = "the ray engine needs Ray: install newsgraph[ray]"


def require_ray() -> ModuleType:
    """Ray, imported only when the engine is used; a clear message when it is missing."""
    try:
        import ray
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    module: ModuleType = ray  # typed the same whether or not Ray's stubs are installed
    return module


class Analyser:
    """One Ray actor: the NLP pipeline loaded once, then batch after batch analysed."""

    def __init__(self) -> None:
        from newsgraph.nlp.convert import load_nlp

        self.nlp = load_nlp()
        settle_worker()  # this process exists to read articles: see newsgraph.collection

    def loaded(self) -> bool:
        """Answered once the actor is built, its pipeline loaded (the pool times start-up)."""
        return True

    def analyse(self, records: list[Record]) -> list[Row]:
        return analyse_records(records, self.nlp)


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
    report = BatchReport()
    with ExitStack() as stack:  # on the way out: the sink, the actors, a Ray we started
        if _init(ray, address, workers):
            stack.callback(ray.shutdown)
        stack.enter_context(fewer_collections())  # the driver writes and resolves every row
        pool = AnalyserPool(ray, workers)  # the actors load the pipeline while inputs are read
        stack.callback(pool.close)
        records = list_records(paths)
        sink = open_sink(db, out)
        stack.callback(sink.close)
        kb = open_knowledge(sink)
        done = 0
        for rows in pool.rows(records):  # each batch written as it comes (Parquet buffers)
            sink.write(rows, report)
            done += len(rows)
            if progress is not None:
                progress(done, len(records))
        loaded = pool.loaded_at or started
        report.startup_seconds = loaded - started
        report.analyse_seconds = time.perf_counter() - loaded
        pool.close()  # their CPUs go to the resolution tasks
        resolve_stored(sink, kb, report, blocks, block_runner(ray))
    report.seconds = time.perf_counter() - started
    return report


def block_runner(ray: ModuleType) -> BlockRunner:
    """Resolution blocks as Ray tasks, one CPU each, results in block order. A run of one
    block is resolved here: a task would resolve it on one CPU too, after starting a
    worker and shipping the block to it (about a second on a 240-article run)."""
    task = ray.remote(num_cpus=1)(resolve_block)

    def run(chunks: list[list[Item]], keep: set[str]) -> list[BlockResult]:
        if len(chunks) == 1:
            return [resolve_block(chunks[0], keep)]
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


class AnalyserPool:
    """``workers`` one-CPU actors of ``actor`` (default :class:`Analyser`), started at once
    so that each loads the pipeline while the driver reads the inputs. A batch goes to
    whichever actor is free as soon as it is (``ray.wait`` on the batches running), before
    the rows it sent are handed on; rows are handed on in input order, those that finish
    early held until their turn. So an actor never waits for a slower one's batch to be
    taken, nor for the caller to write rows (in a 240-article run with one actor, that
    wait had been 7% of the actor's time).

    An actor that dies on a batch (the parser crashing on some input, the kernel killing
    the process for memory) costs only that input: the batch is analysed again one record
    at a time on a fresh actor, the record that kills it becomes a failed row, and the
    last fresh actor takes the dead one's place."""

    def __init__(self, ray: ModuleType, workers: int, actor: type = Analyser) -> None:
        self._ray = ray
        self._actor = ray.remote(num_cpus=1)(actor)
        self._started = [self._actor.remote() for _ in range(workers)]
        self._idle = list(self._started)
        self._workers = workers
        # Asked before any batch, so each answers as soon as its pipeline is loaded.
        self._loading = [a.loaded.remote() for a in self._started]
        self.loaded_at: float | None = None  # perf_counter() once every actor had loaded

    def _note_loaded(self) -> None:
        """Wait until every first actor has loaded its pipeline and note when: called with
        their first batches already queued, so the wait costs them nothing. An actor that
        died loading is left to the batch that meets it."""
        with suppress(self._ray.exceptions.RayActorError):
            self._ray.get(self._loading)
        self.loaded_at = time.perf_counter()

    def rows(self, records: list[Record]) -> Iterator[list[Row]]:
        """Each batch's rows, in input order."""
        batches = even_batches(records, ACTOR_BATCH, self._workers)
        running: dict[Any, tuple[int, Any]] = {}  # result ref -> (batch number, actor)
        finished: dict[int, list[Row]] = {}
        handed = given = 0
        while handed < len(batches):
            while self._idle and given < len(batches):
                actor = self._idle.pop()
                running[actor.analyse.remote(batches[given])] = (given, actor)
                given += 1
            if self.loaded_at is None:
                self._note_loaded()
            [ref], _ = self._ray.wait(list(running), num_returns=1)
            number, actor = running.pop(ref)
            try:
                finished[number] = self._ray.get(ref)
            except self._ray.exceptions.RayActorError:
                finished[number] = self._one_at_a_time(batches[number])
            else:  # its next batch first: the caller's writes must not keep it idle
                if given < len(batches):
                    running[actor.analyse.remote(batches[given])] = (given, actor)
                    given += 1
                else:
                    self._idle.append(actor)
            while handed in finished:
                yield finished.pop(handed)
                handed += 1

    def close(self) -> None:
        """Stop every actor, so that their CPUs are free for the resolution tasks."""
        for actor in self._started:
            self._ray.kill(actor)
        self._started, self._idle = [], []

    def _one_at_a_time(self, batch: list[Record]) -> list[Row]:
        actor = self._fresh()
        rows: list[Row] = []
        for record in batch:
            try:
                rows += self._ray.get(actor.analyse.remote([record]))
            except self._ray.exceptions.RayActorError:
                rows.append(failed_row(record, "analysis failed (its worker process died)"))
                actor = self._fresh()
        self._idle.append(actor)
        return rows

    def _fresh(self) -> Any:
        actor = self._actor.remote()
        self._started.append(actor)
        return actor
