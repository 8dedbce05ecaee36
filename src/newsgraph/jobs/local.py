"""The in-process batch engine: the same records, analysis and sinks as the Ray engine,
run here (spread over ``workers`` spaCy processes), so the two can be compared row for row
and a user without Ray gets the same output. Into a store it then resolves what it wrote
in one block by default: exactly what ``ingest`` leaves (``blocks`` cuts it as Ray does)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from newsgraph.collection import fewer_collections
from newsgraph.jobs.rows import (
    CHUNK,
    BatchReport,
    Progress,
    analyse_records,
    list_records,
    open_knowledge,
    open_sink,
    resolve_stored,
)
from newsgraph.nlp.convert import load_nlp
from newsgraph.store import Store


def run_local(
    paths: Iterable[str],
    *,
    db: str | Store | None = None,
    out: str | Path | None = None,
    workers: int = 1,
    address: str | None = None,
    progress: Progress | None = None,
    blocks: int | None = None,
) -> BatchReport:
    """Analyse every article under ``paths`` into the store ``db`` or Parquet under ``out``.
    ``address`` is accepted (and ignored) so both engines share one signature."""
    del address
    started = time.perf_counter()
    records = list_records(paths)
    sink = open_sink(db, out)
    report = BatchReport()
    nlp = load_nlp()
    try:
        with fewer_collections():
            kb = open_knowledge(sink)
            loaded = time.perf_counter()
            report.startup_seconds = loaded - started
            for start in range(0, len(records), CHUNK):
                rows = analyse_records(records[start : start + CHUNK], nlp, n_process=workers)
                sink.write(rows, report)
                if progress is not None:
                    progress(report.total, len(records))
            report.analyse_seconds = time.perf_counter() - loaded
            resolve_stored(sink, kb, report, 1 if blocks is None else blocks)
    finally:
        sink.close()
    report.seconds = time.perf_counter() - started
    return report
