"""Work spread over worker processes, with results in input order, and a clean way out.

A parallel ingest used to let spaCy's ``nlp.pipe(n_process=...)`` parse in two processes
and read every fact in the parent, beside storing and resolving: the parent became the
bottleneck and the parsers waited on it (a quarter of the CPU idle on two cores). Here the
workers do a whole task (an article parsed *and* read, for example) and send back plain
results; the parent only consumes them.

:func:`ordered_map` keeps a bounded number of tasks in flight (a million-article input is
never read ahead) and yields results in input order. Left early (a store error, a caller
that has read enough) or interrupted (Ctrl-C), it ends its workers itself, so that no
process is left blocked on a pipe nobody reads; Ctrl-C to the whole job makes each
worker exit quietly instead of printing its own traceback.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.queues
import os
import signal
import threading
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

AHEAD = 2  # tasks in flight per worker: one running, one waiting, so none idles between
MANAGER_JOIN_S = 5.0  # a run left early waits this long at most for the pool's manager thread


def can_fork() -> bool:
    """Whether worker processes can be forked here (Linux, macOS); elsewhere work runs in
    the calling process."""
    return "fork" in multiprocessing.get_all_start_methods()


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items (the last one shorter), read lazily."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def even_batches(items: Sequence[T], size: int, workers: int) -> list[list[T]]:
    """``items`` in order, in batches of at most ``size`` whose number is a multiple of
    ``workers`` (unless there are fewer items) and whose sizes differ by one at most. Handed
    to whichever worker is free, the last round then gives each worker a batch of the
    same size: cut in full batches of ``size``, 240 articles for two workers make 15,
    and one worker parses the fifteenth while the other has nothing left."""
    if not items:
        return []
    count = -(-len(items) // max(1, size))
    count = min(len(items), -(-count // max(1, workers)) * max(1, workers))
    bounds = [len(items) * k // count for k in range(count + 1)]
    return [list(items[bounds[k] : bounds[k + 1]]) for k in range(count)]


def ordered_map(
    task: Callable[[T], R],
    items: Iterable[T],
    n_process: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """``task(item)`` for every item, run in ``n_process`` forked workers, yielded in input
    order. ``initializer(*initargs)`` runs once in each worker; with fork the arguments are
    inherited, never pickled (a loaded spaCy pipeline costs nothing to hand over). Items and
    results travel pickled, so both must be plain data."""
    workers = _Workers()
    with workers.on_interrupt():
        pool = ProcessPoolExecutor(
            n_process,
            mp_context=multiprocessing.get_context("fork"),
            initializer=initializer,
            initargs=initargs,
        )
        finished = False
        try:
            pending: deque[Future[R]] = deque()
            for item in items:
                pending.append(pool.submit(task, item))
                if len(pending) >= n_process * AHEAD:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
            finished = True
        finally:
            if finished:
                pool.shutdown()
            else:
                results, manager = _result_writer(pool), _manager(pool)  # shutdown lets go
                pool.shutdown(wait=False, cancel_futures=True)
                workers.stop()
                if results is not None:
                    results.close()
                if manager is not None:
                    manager.join(timeout=MANAGER_JOIN_S)


def _result_writer(pool: ProcessPoolExecutor) -> Any:
    """The parent's copy of the write end of the pool's result pipe, or None.

    A worker stopped while it was sending a result leaves half a message in that pipe and
    the pool's manager thread waiting for the rest of it; the interpreter's exit then waits
    on that thread for ever. With the workers gone, the parent's own copy of the write end
    is the last one open: closing it ends the wait (the thread reads end-of-file, marks the
    pool broken and exits). The attributes are the standard library's (CPython 3.9 to
    3.13), looked up defensively."""
    return getattr(getattr(pool, "_result_queue", None), "_writer", None)


def _manager(pool: ProcessPoolExecutor) -> threading.Thread | None:
    """The pool's manager thread, or None, for a run left early to wait on.

    Once the workers are stopped the thread marks the pool broken and closes its wake-up
    pipe; CPython 3.11's exit hook writes to that pipe without the pool's lock, so a
    thread still closing it when the program exits makes the exit print an "OSError: Bad
    file descriptor" traceback (seen once in CI, Ctrl-C during a parallel ingest). Waited
    for here, the thread is done before anything exits. Looked up defensively, as the
    result pipe above."""
    thread = getattr(pool, "_executor_manager_thread", None)
    return thread if isinstance(thread, threading.Thread) else None


class _Workers:
    """The worker processes (and their task queues) started during one parallel run. Left
    early, a pool's own clean-up joins its workers, and they can block for ever on a full
    pipe that nobody reads; at exit the parent then waits for ever on the queue threads
    that feed them. So the parent stops them first."""

    def __init__(self) -> None:
        self.parent = os.getpid()
        self.before = set(multiprocessing.active_children())
        self.queues_before = weakref.WeakSet(_queues())

    def started(self) -> list[BaseProcess]:
        return [p for p in multiprocessing.active_children() if p not in self.before]

    def stop(self) -> None:
        """End the workers, and let the interpreter exit without flushing their queues
        (the tasks in them are no longer wanted)."""
        for process in self.started():
            process.terminate()
            process.join(timeout=5)
        for queue in _queues():
            if queue not in self.queues_before:
                queue.cancel_join_thread()

    @contextmanager
    def on_interrupt(self) -> Iterator[None]:
        """Ctrl-C goes to every process of the job, and each worker would print its own
        KeyboardInterrupt traceback. Forked workers inherit this handler: there it exits
        at once and quietly; in the parent it passes the signal on to its workers and
        raises KeyboardInterrupt for the caller to report. A program with its own SIGINT
        handler keeps it (and its workers ignore the signal)."""
        previous = signal.getsignal(signal.SIGINT)
        main = threading.current_thread() is threading.main_thread()
        if previous in (signal.SIG_IGN, None) or not main:  # nothing to guard, or no right to
            yield
            return
        stops = previous in (signal.default_int_handler, signal.SIG_DFL)

        def handler(signum: int, frame: FrameType | None) -> None:
            if os.getpid() != self.parent:
                if stops:
                    os._exit(0)
            elif not stops and callable(previous):
                previous(signum, frame)
            else:
                for process in self.started():
                    if process.pid is not None:
                        os.kill(process.pid, signal.SIGINT)
                raise KeyboardInterrupt

        signal.signal(signal.SIGINT, handler)
        try:
            yield
        finally:
            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGINT, previous)


def _queues() -> list[multiprocessing.queues.Queue[Any]]:
    """Every multiprocessing queue alive in this process (a pool keeps its own to itself)."""
    return [o for o in gc.get_objects() if isinstance(o, multiprocessing.queues.Queue)]
