"""Every store backend, for the one contract suite; and the shared test briefs.

``store_briefs`` sits beside the tests; pytest's importlib mode does not put this folder
on ``sys.path``, so it is loaded here (conftest runs before the test modules import it).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsgraph.store import SqlStore, Store


def _load_helper(name: str) -> None:
    if name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


_load_helper("store_briefs")

BACKENDS: dict[str, Callable[[Path], Store]] = {
    "sqlite-memory": lambda _tmp: SqlStore("sqlite://"),
    "sqlite-file": lambda tmp: SqlStore(f"sqlite:///{tmp / 'briefs.db'}"),
    # The portable LIKE search that non-SQLite dialects use.
    "sqlite-no-fts": lambda tmp: SqlStore(f"sqlite:///{tmp / 'plain.db'}", fts=False),
}


@pytest.fixture(params=[*BACKENDS, pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":  # a fresh database on the NEWSGRAPH_TEST_PG server
        opened: Store = SqlStore(request.getfixturevalue("pg_url"))
    else:
        opened = BACKENDS[request.param](tmp_path)
    with opened:
        yield opened
