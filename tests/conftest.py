"""Shared fixtures: one spaCy pipeline per test session (loading it costs about a second),
a loader for the scripts under ``scripts/`` (not a package), and fresh PostgreSQL
databases for the cases marked ``postgres``.

The PostgreSQL cases run when ``NEWSGRAPH_TEST_PG`` names a server database whose role may
create databases (``.ci/run`` sets it up); otherwise they are skipped, saying so.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from spacy.language import Language
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from newsgraph.nlp.convert import load_nlp

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared evaluation data (``../shared``); tests that need it skip when absent."""
    if not SHARED.exists():
        pytest.skip("../shared is not present")
    return SHARED


def _load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def load_script() -> Callable[[str], ModuleType]:
    """``load_script("make_corpus")``: a script under ``scripts/`` imported as a module."""
    return _load_script


PG_URL = os.environ.get("NEWSGRAPH_TEST_PG", "").strip()
PG_SKIP = (
    "PostgreSQL cases need NEWSGRAPH_TEST_PG=postgresql://USER:PASS@HOST/DB "
    "(a role that may create databases; .ci/run sets it)"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: runs against the NEWSGRAPH_TEST_PG server")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if PG_URL:
        return
    skip = pytest.mark.skip(reason=PG_SKIP)
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


class PgDatabases:
    """Throwaway newsgraph databases on the test server: one PostgreSQL *schema* each
    (chosen by the URL's ``search_path``), as creating and dropping whole databases costs
    about half a second apiece. All are dropped at the end."""

    def __init__(self, url: str) -> None:
        self.base = make_url(url).set(drivername="postgresql+psycopg")
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.made: list[str] = []

    def create(self) -> str:
        """A fresh empty database's URL, as users would type it (``postgresql://``)."""
        name = f"ng_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {name}"))
        self.made.append(name)
        url = self.base.set(drivername="postgresql").update_query_dict(
            {"options": f"-csearch_path={name}"}
        )
        return url.render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for start in range(0, len(self.made), 8):  # few commits, few locks each
                names = ", ".join(self.made[start : start + 8])
                conn.execute(text(f"DROP SCHEMA IF EXISTS {names} CASCADE"))
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PgDatabases]:
    if not PG_URL:
        pytest.skip(PG_SKIP)
    databases = PgDatabases(PG_URL)
    yield databases
    databases.drop_all()


@pytest.fixture
def pg_url(pg_databases: PgDatabases) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return pg_databases.create()
