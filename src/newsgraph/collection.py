"""Python's cycle collector, set for a long run of articles.

The collector starts a pass every 700 net allocations of container objects. Reading an
article allocates hundreds of thousands (tokens, spans, facts), almost none of them in
reference cycles, so a run spends its passes finding nothing. Each third-generation pass
also walks every object the process holds: in the parent of an ingest that is the loaded
spaCy pipeline and the knowledge base (about 90 ms a pass), and in a forked worker the
whole inherited heap, whose pages the walk then copies out of the parent's. Counted with
``gc.callbacks`` over a 240-article ingest: 1.4 ms of the parent's CPU per article and
about 1 ms of each worker's went to the collector with the default thresholds.

- :func:`fewer_collections` raises the first threshold for the length of a run and puts
  it back after: the parent's share fell to 0.6 ms an article (with the workers settled
  as below).
- :func:`settle_worker`, once in a worker process of ours (forked, or a Ray actor, after
  its pipeline has loaded): the heap it starts with is frozen, never walked again, and
  the threshold is raised for the rest of its life.

Reference counting still frees everything at once; only cycles wait longer, at most
``RUN_THRESHOLD`` allocations' worth.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

RUN_THRESHOLD = 10_000  # container allocations between first-generation passes

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The first collection threshold at ``RUN_THRESHOLD`` inside; the process's own
    thresholds back on the way out (runs may nest or overlap in threads: the last one out
    restores them)."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            _raise_threshold(_saved)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None


def settle_worker() -> None:
    """In a process that exists to read articles: freeze what it holds now (the
    pipeline, inherited or loaded) and raise the first threshold for good."""
    gc.freeze()
    _raise_threshold(gc.get_threshold())


def _raise_threshold(current: tuple[int, int, int]) -> None:
    first, second, third = current
    if first > 0:  # 0: the collector is off, and stays off
        gc.set_threshold(max(first, RUN_THRESHOLD), second, third)
