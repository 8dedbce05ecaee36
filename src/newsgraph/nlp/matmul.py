"""Which matrix multiply the pipeline's layers run on, and why one BLAS thread a process.

spaCy's models multiply their matrices through thinc's ``NumpyOps``, which by default
calls the ``blis`` package. On this kind of machine (x86-64, numpy's bundled OpenBLAS)
numpy's own ``matmul`` is much faster for the shapes of the small English model: the
shared tok2vec took 10.5-12 ms an article instead of 23-26, the NER (which carries its
own tok2vec) 32-35 instead of 39-47, the whole parse 65-75 ms instead of 85-100 (240 BBC
texts, one process, CPU time), with the same annotations on every token of the 1,341 BBC
and PolNeAR texts, their headlines and the seed (tags, dependencies, heads, entities,
lemmas, sentence starts). The transition-based parser's own steps call BLIS through
thinc's C interface either way.

That holds with one BLAS thread only. OpenBLAS starts a thread per core, and the
multiplies here are small and many: with its threads, the same parse cost 110 ms of CPU
an article, and newsgraph's parallelism is already processes, one per core (ingest
workers, Ray actors), which a thread pool inside each would fight for the same cores. So
the choice is made with the limit: numpy's multiply when the process's BLAS can be held
to one thread, spaCy's default (BLIS) otherwise, or when ``NEWSGRAPH_MATMUL=blis``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from functools import lru_cache

from newsgraph.config import MATMUL
from newsgraph.errors import InputError

CHOICES = ("numpy", "blis")


@lru_cache(maxsize=1)
def one_blas_thread() -> bool:
    """Hold every BLAS library loaded in this process to one thread, for the life of the
    process (a forked worker inherits the limit); False when none could be found."""
    import numpy  # noqa: F401  (loads numpy's BLAS, so that there is one to limit)
    from threadpoolctl import threadpool_info, threadpool_limits

    if not any(lib.get("user_api") == "blas" for lib in threadpool_info()):
        return False
    threadpool_limits(limits=1, user_api="blas")
    return True


def layer_ops(choice: str = MATMUL) -> AbstractContextManager[object]:
    """The context to build the pipeline's models in: numpy's multiply on one BLAS
    thread, or spaCy's default. The models keep the ops they were built with."""
    if choice not in CHOICES:
        raise InputError(f"NEWSGRAPH_MATMUL must be one of {', '.join(CHOICES)}, not {choice!r}")
    if choice == "blis" or not one_blas_thread():
        return nullcontext()
    from thinc.api import use_ops

    return use_ops("numpy", use_blis=False)
