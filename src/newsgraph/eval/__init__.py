"""Measured extraction quality on public data, beside the open baselines.

Each suite is a module in this package with ``run(data: Path | None, limit: int | None)
-> SuiteResult``; ``SUITES`` names them in the order ``newsgraph eval all`` runs them.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from newsgraph.errors import InputError
from newsgraph.eval.base import SuiteResult

SUITES = (
    "seed",
    "ner",
    "times",
    "attribution",
    "html",
    "events",
    "storylines",
    "xdoc",
    "names",
    "timeline",
)


def run_suite(name: str, data: Path | None = None, limit: int | None = None) -> SuiteResult:
    """Run one suite by name; unknown names list the valid ones."""
    if name not in SUITES:
        raise InputError(f"unknown suite {name!r}; choose one of: {', '.join(SUITES)}, all")
    try:
        module = importlib.import_module(f"newsgraph.eval.{name}")
    except ModuleNotFoundError as exc:
        raise InputError(f"suite {name!r} is not available in this build") from exc
    result: SuiteResult = module.run(data, limit)
    return result


def available() -> list[str]:
    """Suites whose module is present."""
    return [s for s in SUITES if importlib.util.find_spec(f"newsgraph.eval.{s}") is not None]
