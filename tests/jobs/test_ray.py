"""The Ray engine in local mode (2 CPUs): ``batch --engine ray`` stores what ``ingest``
stores, writes readable Parquet, turns a bad article into an error row, and a re-run
changes nothing. Ray starts once for the module (about 5 s)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.jobs import run_batch

pytestmark = pytest.mark.ray
ray: Any = pytest.importorskip("ray", reason="needs the ray extra (newsgraph[ray])")
pq: Any = pytest.importorskip("pyarrow.parquet", reason="needs the ray extra (pyarrow)")
runner = CliRunner()
Reader = Callable[[str], dict[str, dict[str, object]]]


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> Iterator[None]:
    """One local Ray for the module; the engine reuses a Ray this process started."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_batch_command_on_ray_stores_what_ingest_stores(
    corpus: list[str], ingested: dict[str, dict[str, object]], tmp_path: Path, read_store: Reader
) -> None:
    db = f"sqlite:///{tmp_path / 'ray.db'}"
    args = ["batch", *corpus, "--engine", "ray", "--workers", "2", "--db", db]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    failed = json.loads(result.stdout)["failed"]
    assert sorted(f["source"].rsplit("/", 1)[-1] for f in failed) == ["broken.txt", "feed.jsonl:2"]
    assert read_store(db) == ingested
    again = runner.invoke(app, [*args, "--format", "json"])  # a re-run changes nothing
    assert again.exit_code == 0 and read_store(db) == ingested


def test_parquet_output_matches_ingest_and_the_local_engine(
    corpus: list[str], ingested: dict[str, dict[str, object]], tmp_path: Path, n_good: int
) -> None:
    seen: list[tuple[int, int]] = []
    report = run_batch(
        corpus,
        engine="ray",
        out=tmp_path / "ray",
        workers=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert len(report.written) == n_good and len(report.failed) == 2
    assert seen[-1] == (n_good + 2, n_good + 2)
    assert report.startup_seconds > 0 and report.analyse_seconds > 0
    assert report.startup_seconds + report.analyse_seconds <= report.seconds
    rows = pq.read_table(str(tmp_path / "ray")).to_pylist()
    assert {r["id"]: json.loads(r["brief"]) for r in rows if r["brief"]} == ingested
    errors = [r for r in rows if r["error"]]
    assert [r["source"].rsplit("/", 1)[-1] for r in errors] == ["broken.txt", "feed.jsonl:2"]
    run_batch(corpus, engine="local", out=tmp_path / "local")
    assert pq.read_table(str(tmp_path / "local")).to_pylist() == rows
    run_batch(corpus, engine="ray", out=tmp_path / "ray", workers=2)
    assert pq.read_table(str(tmp_path / "ray")).to_pylist() == rows
    assert [p.name for p in (tmp_path / "ray").iterdir()] == ["part-00000.parquet"]


def test_an_input_that_kills_its_actor_costs_only_that_input(corpus: list[str]) -> None:
    """A worker process that dies on a batch (here on purpose, whenever one record is in
    it) takes only that record with it: the rest of its batch and of the run are read."""
    from newsgraph.jobs.ray import Analyser, AnalyserPool
    from newsgraph.jobs.rows import list_records

    records = list_records(corpus)
    fatal = str(records[1]["source"])

    class DiesOnOneRecord(Analyser):
        def analyse(self, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
            if any(str(r["source"]) == fatal for r in batch):
                os._exit(1)
            return super().analyse(batch)

    pool = AnalyserPool(ray, 2, DiesOnOneRecord)
    try:
        rows = [row for batch in pool.rows(records) for row in batch]
    finally:
        pool.close()
    assert [r["source"] for r in rows] == [r["source"] for r in records]
    failed = {r["source"].rsplit("/", 1)[-1]: r["error"] for r in rows if r["brief"] is None}
    assert "worker process died" in failed.pop(fatal.rsplit("/", 1)[-1])
    assert sorted(failed) == ["broken.txt", "feed.jsonl:2"]


def test_an_actor_gets_its_next_batch_before_the_caller_writes_the_last() -> None:
    """The caller's work on one batch's rows (storing them, say) must not leave the actor
    that sent them idle: its next batch is already running when the rows are handed on."""
    import time

    from newsgraph.jobs.ray import ACTOR_BATCH, Analyser, AnalyserPool

    class Stamps(Analyser):
        def __init__(self) -> None:  # no pipeline: rows are stamped with their start
            pass

        def analyse(self, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
            started = time.time()
            return [{"source": r["source"], "started": started} for r in batch]

    records: list[dict[str, Any]] = [{"source": f"s{n}"} for n in range(ACTOR_BATCH * 4)]
    pool = AnalyserPool(ray, 1, Stamps)
    handed: list[float] = []
    starts: list[float] = []
    try:
        for batch in pool.rows(records):
            handed.append(time.time())
            starts.append(batch[0]["started"])
            time.sleep(0.5)  # the caller writing these rows
    finally:
        pool.close()
    assert len(starts) == 4
    for k in range(3):
        assert starts[k + 1] < handed[k] + 0.25


def test_start_up_is_timed_to_the_pipelines_loaded_not_to_the_first_rows() -> None:
    """The pool notes when every actor had loaded (its first batch already queued): the
    run's start-up apart from its analysis, so the two show how each scales."""
    import time

    from newsgraph.jobs.ray import Analyser, AnalyserPool

    class SlowToLoad(Analyser):
        def __init__(self) -> None:
            time.sleep(1.0)  # loading the pipeline

        def analyse(self, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
            time.sleep(1.0)
            return [{"source": r["source"]} for r in batch]

    records: list[dict[str, Any]] = [{"source": f"s{n}"} for n in range(3)]
    created = time.perf_counter()
    pool = AnalyserPool(ray, 1, SlowToLoad)
    try:
        rows = pool.rows(records)
        next(rows)
        first_rows = time.perf_counter()
        list(rows)
    finally:
        pool.close()
    assert pool.loaded_at is not None
    assert created + 1.0 <= pool.loaded_at <= first_rows - 0.9
