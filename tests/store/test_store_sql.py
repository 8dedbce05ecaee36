"""What only the SQL backend (and open_store) does: files, settings, refusal, concurrency."""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
from pathlib import Path

import pytest
from store_briefs import filler_brief, fuel_brief, rain_brief

from newsgraph.errors import StoreError
from newsgraph.store import SqlStore, engines, open_store
from newsgraph.store import schema as s


def test_open_store_schemes(tmp_path: Path) -> None:
    with open_store("memory://") as mem:  # another name for sqlite://
        assert isinstance(mem, SqlStore) and engines.is_memory(str(mem._engine.url))
    with open_store("sqlite://") as in_memory:
        assert isinstance(in_memory, SqlStore)
    bare = tmp_path / "bare.db"
    with open_store(str(bare)) as store:
        store.save_brief(fuel_brief())
    assert bare.read_bytes().startswith(b"SQLite format 3\x00")
    with open_store(f"sqlite:///{bare}") as again:
        assert again.count_articles() == 1


def test_open_store_default_url_from_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsgraph.config.DEFAULT_DB_URL", f"sqlite:///{tmp_path / 'd.db'}")
    with open_store() as store:
        assert store.count_articles() == 0
    assert (tmp_path / "d.db").exists()


@pytest.mark.parametrize("url", ["mysql://db/news", "ftp://x/y.db", "://nothing", " "])
def test_unknown_scheme_lists_supported_ones(url: str) -> None:
    with pytest.raises(StoreError, match=r"sqlite:///PATH.*memory://"):
        open_store(url)


def test_missing_postgres_driver_is_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    with pytest.raises(StoreError, match="no PostgreSQL driver") as info:
        open_store("postgresql://user:secret@localhost/news")
    message = str(info.value)
    assert "pip install 'newsgraph[postgres]'" in message and "\n" not in message
    assert "secret" not in message


def test_bare_postgresql_url_uses_psycopg3() -> None:
    assert engines.driver_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert engines.driver_url("postgresql+psycopg2://u@h/db").drivername == ("postgresql+psycopg2")


@pytest.mark.postgres_driver
def test_unreachable_server_is_one_line_without_password() -> None:
    pytest.importorskip("psycopg", reason="needs the postgres extra (newsgraph[postgres])")
    with pytest.raises(StoreError, match="cannot connect to postgresql://u:\\*\\*\\*@") as info:
        open_store("postgresql://u:secret@127.0.0.1:1/news")
    assert "secret" not in str(info.value) and "\n" not in str(info.value)


def test_file_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "keep.db"
    with SqlStore(f"sqlite:///{path}") as store:
        article_id = store.save_brief(fuel_brief()).article_id
    with SqlStore(f"sqlite:///{path}") as store:
        assert store.get_brief(article_id) == fuel_brief()
        assert [h.article_id for h in store.search("motorists")] == [article_id]


@pytest.mark.parametrize(
    "content",
    [
        b"headline,url\nfoo,bar\n",
        b"\x89PNG\r\n\x1a\n" + bytes(200),
        b"SQLite",
        b"SQLite format 3\x00" + bytes(range(256)) * 16,  # right magic, garbage after it
    ],
)
def test_non_database_file_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=f"not a newsgraph database: {path}"):
        open_store(str(path))
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]  # no -wal, no -journal


def test_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a newsgraph database"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == before
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert tables == {"invoices"}


def test_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with open_store(str(path)) as store:
        assert store.count_articles() == 0


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    SqlStore(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schema_version SET version = ?", (s.SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match=r"schema version 2.*upgrade newsgraph"):
        open_store(str(path))


def test_missing_directory_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "dir" / "x.db"
    with pytest.raises(StoreError, match=r"directory .*dir does not exist") as info:
        open_store(str(path))
    assert "\n" not in str(info.value)
    assert not path.parent.exists()


def test_directory_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        open_store(str(tmp_path))


def test_sqlite_settings(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'w.db'}")
    with store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    store.close()


def test_schema_has_tables_indexes_and_version(tmp_path: Path) -> None:
    path = tmp_path / "schema.db"
    SqlStore(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        version = conn.execute("SELECT version FROM schema_version").fetchall()
    expected = {t.name for t in s.metadata.sorted_tables} | {s.FTS_TABLE}
    assert expected <= names
    assert {"ix_entities_norm_name_type", "ix_quotes_article_id"} <= names
    assert version == [(s.SCHEMA_VERSION,)]


def test_child_rows_are_queryable(tmp_path: Path) -> None:
    path = tmp_path / "rows.db"
    with SqlStore(f"sqlite:///{path}") as store:
        article_id = store.save_brief(fuel_brief()).article_id
        store.save_brief(fuel_brief())  # an update must not duplicate child rows
    with sqlite3.connect(path) as conn:
        quotes = conn.execute(
            "SELECT speaker_name, kind FROM quotes WHERE article_id = ? ORDER BY id", (article_id,)
        ).fetchall()
        counts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("entities", "attributions", "times", "quantities", "events", s.FTS_TABLE)
        }
        money = conn.execute("SELECT norm_value, norm_unit FROM quantities WHERE kind = 'money'")
        assert money.fetchone() == (12e9, "KES")
    assert quotes == [("Njuguna Ndung'u", "direct"), ("Njuguna Ndung'u", "indirect")]
    assert counts == {
        "entities": 3,
        "attributions": 1,
        "times": 2,
        "quantities": 2,
        "events": 1,
        s.FTS_TABLE: 1,
    }


def test_driver_error_during_save_rolls_back(tmp_path: Path) -> None:
    """A real database failure halfway (a quote that SQLite cannot bind) keeps old data."""
    with SqlStore(f"sqlite:///{tmp_path / 'rb.db'}") as store:
        old = fuel_brief()
        article_id = store.save_brief(old).article_id
        broken = fuel_brief()
        broken.document.title = "Kenya drops fuel levy"
        broken.quotes[0].text = ["not", "text"]  # type: ignore[assignment]
        with pytest.raises(StoreError, match="database error on"):
            store.save_brief(broken)
        assert store.get_brief(article_id) == old
        assert store.search("drops") == []


def test_readers_and_a_second_writer_wait_for_a_writer(tmp_path: Path) -> None:
    """WAL lets readers read during a write; the busy timeout queues a second writer."""
    path = tmp_path / "busy.db"
    with SqlStore(f"sqlite:///{path}") as store:
        store.save_brief(rain_brief())
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    blocker.execute("UPDATE articles SET title = 'held'")
    release = threading.Timer(0.5, blocker.execute, args=("COMMIT",))
    held_from = time.monotonic()
    release.start()
    try:
        with SqlStore(f"sqlite:///{path}") as other:
            assert other.count_articles() == 1  # read while the write is open
            assert other.list_articles()[0].title == "Floods hit Mombasa"  # last committed
            assert other.save_brief(fuel_brief()).created  # waits for the blocker's commit
            assert time.monotonic() - held_from >= 0.45
            assert [a.title for a in other.list_articles()] == ["held", "Kenya to cut fuel levy"]
    finally:
        release.join()
        blocker.close()


def test_concurrent_writers_in_threads(tmp_path: Path) -> None:
    path = tmp_path / "threads.db"
    SqlStore(f"sqlite:///{path}").close()
    errors: list[BaseException] = []

    def write(offset: int) -> None:
        try:
            with SqlStore(f"sqlite:///{path}") as store:
                for n in range(offset, offset + 10):
                    store.save_brief(filler_brief(n))
                    store.search("harbour")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k * 10,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with SqlStore(f"sqlite:///{path}") as store:
        assert store.count_articles() == 30


def test_fts_disabled_store_searches_without_index(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    with SqlStore(f"sqlite:///{path}", fts=False) as store:
        assert not store._fts
        store.save_brief(fuel_brief())
        assert len(store.search("motorists")) == 1
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert s.FTS_TABLE not in names
