"""Database URLs in messages: every credential masked, every malformed part refused in one
line (``engines.mask_url``, ``engines.redact``, ``engines.driver_url``); the switch of a new
SQLite file to WAL while other processes open it (``engines.enable_wal``)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from newsgraph.errors import StoreError
from newsgraph.store import engines, open_store
from newsgraph.store.engines import enable_wal

SECRET = "S3cr3t-pw"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://reader:{SECRET}@db.example:5432/news",
        f"postgresql+psycopg://reader:{SECRET}@db.example/news?sslmode=require",
        f"postgresql://reader:p@{SECRET}/x@db.example/news",  # unescaped "@" and "/"
        f"postgresql://reader@db.example/news?password={SECRET}",
        f"postgresql://reader@db.example/news?sslmode=require&PASSWORD={SECRET}&x=1",
        f"postgresql://reader@db.example/news?pass={SECRET}",
        f"postgresql://reader@db.example/news?sslpassword={SECRET}",
        f"postgresql://reader@db.example/news?passwd={SECRET}#frag",
        f"postgresql://reader:{SECRET}@db.example:port/news",  # does not parse
        f"postgresql://reader:{SECRET}@[::1/news",  # does not parse either
        f"postgresql://reader:{SECRET} with spaces@db.example/news",
    ],
)
def test_mask_url_hides_every_credential(url: str) -> None:
    masked = engines.mask_url(url)
    assert SECRET not in masked
    assert "***" in masked
    assert "db.example" in masked or "[::1" in masked or "@" not in url.split("://")[1]


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://reader@db.example:5432/news?sslmode=require&application_name=ng",
        "sqlite:///var/lib/news@home.db",
        "sqlite://",
        "/plain/path/news.db",
    ],
)
def test_mask_url_keeps_what_is_not_secret(url: str) -> None:
    assert engines.mask_url(url) == url


def test_redact_masks_urls_inside_free_text() -> None:
    text = (
        f"could not reach postgresql://u:{SECRET}@h/db, nor 'postgresql://u@h/db?password={SECRET}'"
    )
    redacted = engines.redact(text)
    assert SECRET not in redacted
    assert redacted.startswith("could not reach postgresql://u:***@h/db, nor ")


def test_describe_masks_query_passwords() -> None:
    label = engines.describe(f"postgresql://u@h/db?password={SECRET}")
    assert SECRET not in label and "password=***" in label


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u@h:abc/db",
        "postgresql://u@h:99999999999999999999/db",
        "postgresql://u@h:70000/db",
        "sqlite://h:abc/db",
        "sqlite://:x/db",
        f"postgresql://u:{SECRET}@[::1/db",
    ],
)
def test_bad_port_is_one_store_error(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        engines.driver_url(url)
    message = str(caught.value)
    assert "\n" not in message and SECRET not in message
    with pytest.raises(StoreError):
        open_store(url)


def test_unsupported_scheme_error_masks_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store(f"mysql://u:{SECRET}@h/db")
    assert SECRET not in str(caught.value)


def _hold_exclusive(path: Path, held: threading.Event, seconds: float) -> None:
    """Another connection with the file to itself for ``seconds`` (its own thread)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    held.set()
    time.sleep(seconds)
    conn.execute("COMMIT")
    conn.close()


def test_the_wal_switch_is_asked_again_while_another_process_holds_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "raced.db"
    sqlite3.connect(path).execute("CREATE TABLE t (a)").connection.close()
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})  # refused at once
    held = threading.Event()
    holder = threading.Thread(target=_hold_exclusive, args=(path, held, 0.3))
    holder.start()
    held.wait(5)
    try:
        enable_wal(engine, wait_s=5)
    finally:
        holder.join(5)
        engine.dispose()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_wal_switch_refused_past_the_wait_is_one_store_error(tmp_path: Path) -> None:
    path = tmp_path / "held.db"
    sqlite3.connect(path).execute("CREATE TABLE t (a)").connection.close()
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    held = threading.Event()
    holder = threading.Thread(target=_hold_exclusive, args=(path, held, 1.0))
    holder.start()
    held.wait(5)
    try:
        with pytest.raises(
            StoreError, match="cannot switch the database to WAL: database is locked"
        ):
            enable_wal(engine, wait_s=0.2)
    finally:
        holder.join(5)
        engine.dispose()
