"""``open_store(url, read_only=True)``: what reading commands and a server without a write
token use. It reads a database it may not write (a read-only directory or file), writes
nothing on open (no WAL switch, no tables, no migration) and refuses every write."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from store_briefs import fuel_brief, rain_brief

from newsgraph.errors import StoreError
from newsgraph.store import SqlStore, engines, open_store
from newsgraph.store import schema as s

ROOT = os.geteuid() == 0  # root ignores file permissions: those parts are skipped


def _rollback_journal_db(path: Path) -> str:
    """A newsgraph database holding one article, switched back to a rollback journal, so
    a WAL switch on open would show in its header."""
    with SqlStore(f"sqlite:///{path}") as store:
        store.save_brief(fuel_brief())
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    return f"sqlite:///{path}"


def test_read_only_store_reads_and_writes_nothing(tmp_path: Path) -> None:
    url = _rollback_journal_db(tmp_path / "news.db")
    before = (tmp_path / "news.db").read_bytes()
    with open_store(url, read_only=True) as store:
        assert store.count_articles() == 1
        assert [h.title for h in store.search("motorists")] == [fuel_brief().document.title]
        with pytest.raises(StoreError, match="read-only"):
            store.save_brief(rain_brief())
        with pytest.raises(StoreError, match="read-only"):
            store.mark_seen("feed", ["item"])
    assert (tmp_path / "news.db").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["news.db"]


def test_read_only_opens_a_wal_database_without_its_wal_files(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    SqlStore(f"sqlite:///{path}").close()  # WAL; a clean close removes -wal and -shm
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.db"]
    with open_store(str(path), read_only=True) as store:
        assert store.count_articles() == 0


@pytest.mark.skipif(ROOT, reason="root may write into a read-only directory")
def test_read_only_directory_can_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "news.db"
    with SqlStore(f"sqlite:///{path}") as store:  # WAL, as every store leaves it
        store.save_brief(fuel_brief())
    folder.chmod(0o555)
    path.chmod(0o444)
    try:
        with pytest.raises(StoreError, match="read-only"):
            open_store(str(path))  # a writer cannot even open it
        with open_store(str(path), read_only=True) as store:
            assert store.count_articles() == 1
            assert store.search("motorists")
    finally:
        folder.chmod(0o755)


def test_read_only_url_is_immutable_only_where_no_one_can_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a b?#%.db"
    path.write_bytes(b"")
    url = engines.read_only_url(path)
    assert "mode=ro" in str(url) and "immutable" not in str(url)
    monkeypatch.setattr(engines, "_writable", lambda _p: False)
    assert "immutable=1" in str(engines.read_only_url(path))
    (tmp_path / "a b?#%.db-shm").write_bytes(b"")  # a writer is at work: never immutable
    assert "immutable" not in str(engines.read_only_url(path))


def test_read_only_missing_file_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        open_store(str(tmp_path / "none.db"), read_only=True)
    assert not (tmp_path / "none.db").exists()


def test_read_only_empty_file_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.db").write_bytes(b"")
    with pytest.raises(StoreError, match="read-only") as caught:
        open_store(str(tmp_path / "empty.db"), read_only=True)
    assert "\n" not in str(caught.value)
    assert (tmp_path / "empty.db").read_bytes() == b""


def test_read_only_database_needing_a_migration_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _rollback_journal_db(tmp_path / "news.db")
    before = (tmp_path / "news.db").read_bytes()
    monkeypatch.setattr(s, "REVISIONS", (*s.REVISIONS, "9999"))
    monkeypatch.setattr(s, "HEAD_REVISION", "9999")
    with pytest.raises(StoreError, match="newsgraph db upgrade") as caught:
        open_store(url, read_only=True)
    assert "\n" not in str(caught.value)
    assert (tmp_path / "news.db").read_bytes() == before


def test_in_memory_store_ignores_read_only() -> None:
    with open_store("sqlite://", read_only=True) as store:  # private: nothing to protect
        assert store.count_articles() == 0


@pytest.mark.postgres
def test_read_only_postgres_store_refuses_writes(pg_url: str) -> None:
    with SqlStore(pg_url) as store:
        store.save_brief(fuel_brief())
    with open_store(pg_url, read_only=True) as store:
        assert store.count_articles() == 1
        with pytest.raises(StoreError, match="read-only"):
            store.save_brief(rain_brief())


@pytest.mark.postgres
def test_read_only_empty_postgres_database_is_not_changed(pg_url: str) -> None:
    with pytest.raises(StoreError, match="read-only"):
        open_store(pg_url, read_only=True)
    with SqlStore(pg_url) as store:  # still empty: the store made the schema now
        assert store.count_articles() == 0
