"""``batch --db`` resolves what it stores: the local engine in one block leaves the storylines
and entities ``ingest`` leaves, ``db check`` passes, and Ray's blocks (one task each) give
what the local engine gives for the same blocks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.api import ingest
from newsgraph.jobs import run_batch
from newsgraph.jobs.ray import block_runner
from newsgraph.model import Article, Brief, Entity
from newsgraph.resolve.check import check
from newsgraph.resolve.known import Known
from newsgraph.resolve.shards import Item, resolve_block, time_blocks
from newsgraph.store import open_store

Partition = set[frozenset[Any]]


def knowledge(db: str) -> tuple[Partition, Partition]:
    """The stored storylines and resolved entities, as partitions (ids aside)."""
    with open_store(db) as store:
        report = check(store)
        assert report.ok, report.findings
        lines = {frozenset(m.article_id for m in row.articles) for row in store.storylines()}
        by_entity: dict[str, set[tuple[str, str]]] = {}
        for link in store.entity_links():
            by_entity.setdefault(link.global_id, set()).add((link.article_id, link.local_id))
        assert {a for line in lines for a in line} == set(store.article_ids())
        return lines, {frozenset(v) for v in by_entity.values()}


def test_local_batch_resolves_as_ingest_does(corpus: list[str], tmp_path: Path) -> None:
    ingested, batched = f"sqlite:///{tmp_path / 'i.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    ingest(corpus, db=ingested)
    report = run_batch(corpus, engine="local", db=batched)
    assert report.resolved == len(report.written) and report.blocks == 1
    assert knowledge(batched) == knowledge(ingested)
    again = run_batch(corpus, engine="local", db=batched)  # a re-run resolves nothing more
    assert again.resolved == 0 and knowledge(batched) == knowledge(ingested)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    ray: Any = pytest.importorskip("ray", reason="needs the ray extra (newsgraph[ray])")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.mark.ray
def test_batch_on_ray_resolves_as_the_local_engine_does(
    corpus: list[str], tmp_path: Path, local_ray: Any
) -> None:
    on_ray, here = f"sqlite:///{tmp_path / 'r.db'}", f"sqlite:///{tmp_path / 'l.db'}"
    report = run_batch(corpus, engine="ray", db=on_ray, workers=2)
    assert report.resolved == len(report.written) and report.blocks == 1
    run_batch(corpus, engine="local", db=here)
    assert knowledge(on_ray) == knowledge(here)


def _dated(n: int, day: int) -> Item:
    """An article of one of three stories, on a day of March."""
    story = ("harbour strike pay", "maize harvest drought", "rail line opening")[n % 3]
    person = ("Anke Vries", "Peter Otieno", "Laura Adeyemi")[n % 3]
    doc = Article(text=f"{story} {n}", title=story.capitalize(), published=f"2024-03-{day:02d}")
    brief = Brief(document=doc, entities=[Entity("e0", person, "PERSON")])
    return f"a{n}", Known.of(f"a{n}", brief)


@pytest.mark.ray
def test_ray_tasks_resolve_each_block_as_it_is_resolved_here(local_ray: Any) -> None:
    items = [_dated(n, 1 + n // 2) for n in range(24)]
    chunks = time_blocks(items, 3)
    keep = {a for a, _ in items[-5:]}
    on_ray = block_runner(local_ray)(chunks, keep)
    here = [resolve_block(chunk, keep) for chunk in chunks]
    assert len(on_ray) == 3
    for a, b in zip(on_ray, here, strict=True):
        assert (a.order, a.storylines, a.scores, a.groups) == (
            b.order,
            b.storylines,
            b.scores,
            b.groups,
        )


class _NoTasks:
    """A stand-in for the ray module whose tasks must never be submitted."""

    def remote(self, **_: Any) -> Any:
        def wrap(fn: Any) -> Any:
            class Task:
                def remote(self, *args: Any) -> Any:
                    raise AssertionError("a single block went to a Ray task")

            return Task()

        return wrap

    def put(self, value: Any) -> Any:
        raise AssertionError("a single block shipped its state to Ray")


def test_a_single_block_is_resolved_in_the_driver() -> None:
    """One block gains nothing from a task (it runs on one CPU either way) and would wait
    for a worker to start and the block to be shipped to it."""
    items = [_dated(n, 1 + n // 2) for n in range(9)]
    keep = {a for a, _ in items[-3:]}
    [result] = block_runner(_NoTasks())([items], keep)
    expected = resolve_block(items, keep)
    assert (result.order, result.storylines, result.scores, result.groups) == (
        expected.order,
        expected.storylines,
        expected.scores,
        expected.groups,
    )
