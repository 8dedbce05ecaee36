"""Batch analysis of whole corpora: ``run_batch`` on the local engine or on Ray.

Both engines take the same inputs and write the same rows (see ``newsgraph.jobs.rows``);
Ray is an optional extra (``pip install newsgraph[ray]``) imported only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from newsgraph.errors import InputError
from newsgraph.jobs.rows import BatchReport, Progress
from newsgraph.store import Store

Engine = Literal["local", "ray"]
ENGINES: tuple[Engine, ...] = ("local", "ray")


def run_batch(
    paths: Iterable[str],
    *,
    engine: str = "local",
    db: str | Store | None = None,
    out: str | Path | None = None,
    workers: int = 1,
    address: str | None = None,
    progress: Progress | None = None,
    blocks: int | None = None,
) -> BatchReport:
    """Analyse every article under ``paths`` on ``engine`` into ``db`` or ``out``; into a
    store, resolve them in ``blocks`` time blocks (engine default: local 1, Ray by size)."""
    if workers < 1:
        raise InputError(f"workers must be at least 1, got {workers}")
    if blocks is not None and blocks < 1:
        raise InputError(f"blocks must be at least 1, got {blocks}")
    if engine == "local":
        from newsgraph.jobs.local import run_local

        return run_local(paths, db=db, out=out, workers=workers, progress=progress, blocks=blocks)
    if engine == "ray":
        from newsgraph.jobs.ray import run_ray

        return run_ray(
            paths,
            db=db,
            out=out,
            workers=workers,
            address=address,
            progress=progress,
            blocks=blocks,
        )
    raise InputError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")


__all__ = ["ENGINES", "BatchReport", "run_batch"]
