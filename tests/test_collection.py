"""The cycle collector's settings for a run of articles: raised inside, put back after."""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection

import pytest

from newsgraph.collection import RUN_THRESHOLD, fewer_collections, settle_worker


@pytest.fixture(autouse=True)
def own_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_a_run_raises_the_first_threshold_and_puts_it_back() -> None:
    with fewer_collections():
        assert gc.get_threshold() == (RUN_THRESHOLD, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_the_thresholds_come_back_when_the_run_fails() -> None:
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a store error")
    assert gc.get_threshold() == (700, 10, 10)


def test_nested_and_overlapping_runs_restore_only_when_the_last_ends() -> None:
    inside, leave = threading.Event(), threading.Event()
    seen: list[tuple[int, int, int]] = []

    def other_run() -> None:
        with fewer_collections():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other_run)
    with fewer_collections():
        thread.start()
        inside.wait(5)
        with fewer_collections():
            pass
        seen.append(gc.get_threshold())
    seen.append(gc.get_threshold())  # the thread's run still going
    leave.set()
    thread.join(5)
    assert seen == [(RUN_THRESHOLD, 10, 10), (RUN_THRESHOLD, 10, 10)]
    assert gc.get_threshold() == (700, 10, 10)


def test_a_higher_threshold_or_a_collector_turned_off_is_left_alone() -> None:
    gc.set_threshold(50_000, 10, 10)
    with fewer_collections():
        assert gc.get_threshold() == (50_000, 10, 10)
    gc.set_threshold(0, 10, 10)
    with fewer_collections():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold() == (0, 10, 10)


def _settled(conn: Connection) -> None:
    held = [[n] for n in range(1000)]  # containers the process holds when it settles
    settle_worker()
    conn.send((gc.get_freeze_count() >= len(held), gc.get_threshold()[0]))


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork, as the workers"
)
def test_a_worker_freezes_what_it_holds_and_keeps_the_raised_threshold() -> None:
    ctx = multiprocessing.get_context("fork")
    frozen_here = gc.get_freeze_count()
    ours, theirs = ctx.Pipe()
    child = ctx.Process(target=_settled, args=(theirs,))
    child.start()
    frozen, first = ours.recv()
    child.join(10)
    assert frozen and first == RUN_THRESHOLD
    assert gc.get_freeze_count() == frozen_here  # the test process itself untouched
