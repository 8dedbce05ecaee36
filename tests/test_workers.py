"""Work in forked worker processes: results in input order, a bounded read-ahead, errors
passed on, and briefs from workers equal to briefs read in one process."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.model import Article
from newsgraph.pipeline import analyse_many
from newsgraph.workers import AHEAD, chunked, even_batches, ordered_map


def _slow_square(n: int) -> tuple[int, int]:
    import time

    time.sleep(0.02 * (n % 3))  # later items often finish first
    return n * n, os.getpid()


def _fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n


def test_results_come_back_in_input_order_from_more_than_one_process() -> None:
    out = list(ordered_map(_slow_square, range(40), n_process=2))
    assert [square for square, _ in out] == [n * n for n in range(40)]
    pids = {pid for _, pid in out}
    assert len(pids) == 2 and os.getpid() not in pids


def test_the_input_is_read_only_a_bounded_way_ahead_of_the_results() -> None:
    read: list[int] = []

    def items() -> Iterator[int]:
        for n in range(1_000):
            read.append(n)
            yield n

    results = ordered_map(_slow_square, items(), n_process=2)
    for _ in range(5):
        next(results)
    results.close()
    assert len(read) <= 5 + 2 * AHEAD


def test_a_run_left_early_leaves_no_pool_manager_thread_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pool's manager thread still closing its pipes when the program exits races
    CPython 3.11's exit hook (a traceback at exit): leaving early waits for it. Its last
    steps are slowed here, so that a run that did not wait would leave it running."""
    import threading
    import time
    from concurrent.futures import process

    manager = getattr(process, "_ExecutorManagerThread", None)
    if manager is None or not hasattr(manager, "join_executor_internals"):
        pytest.skip("this Python's process pool has no manager thread to slow down")
    wind_up = manager.join_executor_internals

    def slow_wind_up(self: object) -> None:
        wind_up(self)
        time.sleep(0.5)

    monkeypatch.setattr(manager, "join_executor_internals", slow_wind_up)

    def managers() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if isinstance(t, manager)}

    before = managers()
    results = ordered_map(_slow_square, range(100), n_process=2)
    next(results)
    results.close()
    assert managers() <= before


def test_a_failing_task_raises_in_the_caller() -> None:
    with pytest.raises(ValueError, match="three"):
        list(ordered_map(_fail_on_three, range(10), n_process=2))


def test_chunked_keeps_every_item_once_in_order() -> None:
    assert list(chunked(range(10), 4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert list(chunked([], 4)) == []


@given(
    st.lists(st.integers(), max_size=300),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=1, max_value=8),
)
def test_even_batches_keep_every_item_and_end_on_a_full_round(
    items: list[int], size: int, workers: int
) -> None:
    batches = even_batches(items, size, workers)
    assert [x for batch in batches for x in batch] == items
    assert all(0 < len(batch) <= size for batch in batches)
    if items:
        assert max(map(len, batches)) - min(map(len, batches)) <= 1
        assert len(batches) % workers == 0 or len(batches) == len(items)
        assert len(batches) < -(-len(items) // size) + workers  # no more than one round more


def test_even_batches_give_two_workers_the_same_last_round() -> None:
    assert [len(b) for b in even_batches(list(range(240)), 16, 2)] == [15] * 16
    assert [len(b) for b in even_batches(list(range(240)), 16, 1)] == [16] * 15
    assert [len(b) for b in even_batches(list(range(5)), 16, 2)] == [2, 3]


def test_briefs_read_in_workers_equal_briefs_read_in_one_process() -> None:
    articles = [
        Article(
            text=f"The mayor of Lyon said on Monday that the council would spend {n} million "
            "euros on new trams. Protesters marched in Paris on Tuesday.",
            title=f"Item {n}",
            published="2024-03-0" + str(1 + n % 9),
        )
        for n in range(12)
    ]
    alone = [b.to_dict() for b in analyse_many(articles, n_process=1)]
    spread = [b.to_dict() for b in analyse_many(articles, n_process=2)]
    assert spread == alone
    assert any(b["events"] for b in alone)


LEFT_MID_SEND = """
import time
from newsgraph.workers import ordered_map

def big(n):
    return bytes(64_000_000) if n else b"x"

for k in range(24):
    results = ordered_map(big, range(6), 2)
    next(results)
    time.sleep((k % 12) * 0.01)  # close at a different moment of the other sends each time
    results.close()
"""


@pytest.mark.skipif(os.name != "posix", reason="forked workers")
def test_leaving_while_a_worker_sends_a_result_still_lets_the_program_exit() -> None:
    """A worker stopped half-way through sending its result left the pool's manager thread
    waiting for the rest of the message, and the interpreter's exit waiting on that thread
    for ever (one exit in six hung under load; this loop hung every time)."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", LEFT_MID_SEND], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
