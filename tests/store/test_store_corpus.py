"""The corpus bookkeeping part of the Store contract (run once per backend): further
sources of a kept article, near-duplicate fingerprints, and feed items already seen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from store_briefs import fuel_brief, rain_brief

from newsgraph.errors import InputError, NotFoundError
from newsgraph.store import ArticleSource, SqlStore, Store


def test_sources_are_recorded_once_in_order_with_canonical_urls(store: Store) -> None:
    kept = store.save_brief(fuel_brief()).article_id
    assert store.sources(kept) == []
    assert store.add_source(
        kept, "https://Wire.example/kenya-fuel/?utm_source=x", "Kenya cuts fuel levy", "2024-03-05"
    )
    assert store.add_source(kept, "copies/kenya.txt")  # a file path, kept as given
    assert not store.add_source(kept, "https://wire.example/kenya-fuel")  # same page
    assert store.sources(kept) == [
        ArticleSource("https://wire.example/kenya-fuel", "Kenya cuts fuel levy", "2024-03-05"),
        ArticleSource("copies/kenya.txt", "", None),
    ]


def test_sources_belong_to_one_article(store: Store) -> None:
    fuel = store.save_brief(fuel_brief()).article_id
    rain = store.save_brief(rain_brief()).article_id
    store.add_source(fuel, "https://wire.example/a")
    assert store.add_source(rain, "https://wire.example/a")  # another article may cite it
    assert [s.url for s in store.sources(rain)] == ["https://wire.example/a"]
    store.save_brief(fuel_brief())  # re-saving an article keeps its sources
    assert [s.url for s in store.sources(fuel)] == ["https://wire.example/a"]


def test_sources_of_unknown_article_and_empty_url(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.add_source("0123456789abcdef", "https://wire.example/a")
    with pytest.raises(NotFoundError):
        store.sources("0123456789abcdef")
    kept = store.save_brief(fuel_brief()).article_id
    with pytest.raises(InputError, match="URL or label"):
        store.add_source(kept, "  ")


def test_fingerprints_are_replaced_not_duplicated(store: Store) -> None:
    fuel = store.save_brief(fuel_brief()).article_id
    rain = store.save_brief(rain_brief()).article_id
    store.save_fingerprint(rain, "v1:b")
    store.save_fingerprint(fuel, "v1:a")
    store.save_fingerprint(fuel, "v1:a2")
    assert store.fingerprints() == sorted([(fuel, "v1:a2"), (rain, "v1:b")])
    with pytest.raises(NotFoundError):
        store.save_fingerprint("0123456789abcdef", "v1:c")


def test_seen_items_are_kept_per_feed(store: Store) -> None:
    assert store.seen_items("https://a.example/feed") == set()
    store.mark_seen("https://a.example/feed", ["id-1", "id-2"])
    store.mark_seen("https://a.example/feed", ["id-2", "id-3"])
    store.mark_seen("https://b.example/feed", ["id-1"])
    store.mark_seen("https://b.example/feed", [])
    assert store.seen_items("https://a.example/feed") == {"id-1", "id-2", "id-3"}
    assert store.seen_items("https://b.example/feed") == {"id-1"}


def test_database_from_before_these_tables_gains_them_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    SqlStore(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        for table in ("article_sources", "fingerprints", "seen_items"):
            conn.execute(f"DROP TABLE {table}")
    with SqlStore(f"sqlite:///{path}") as store:
        store.mark_seen("https://a.example/feed", ["id-1"])
        assert store.seen_items("https://a.example/feed") == {"id-1"}
