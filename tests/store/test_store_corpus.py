"""The corpus bookkeeping part of the Store contract (run once per backend): further
sources of a kept article, near-duplicate fingerprints, and feed items already seen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from store_briefs import fuel_brief, rain_brief

from newsgraph.errors import InputError, NotFoundError
from newsgraph.store import ArticleSource, SqlStore, Store
from newsgraph.store.base import content_hash


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


def test_a_brief_saved_with_its_fingerprint_keeps_both_in_one_write(store: Store) -> None:
    fuel = store.save_brief(fuel_brief(), fingerprint="v1:a").article_id
    assert store.fingerprints() == [(fuel, "v1:a")]
    again = store.save_brief(fuel_brief(), fingerprint="v1:a2")  # an update replaces it
    assert again.article_id == fuel and not again.created
    store.save_brief(fuel_brief())  # saved without one: the fingerprint stays
    assert store.fingerprints() == [(fuel, "v1:a2")]


def test_knowledge_feature_rows_are_written_together_and_replaced(store: Store) -> None:
    fuel = store.save_brief(fuel_brief()).article_id
    rain = store.save_brief(rain_brief()).article_id
    fuel_hash = content_hash(fuel_brief().document.text)
    rain_hash = content_hash(rain_brief().document.text)
    store.save_knowledge_features([(fuel, fuel_hash, '{"n": 1}'), (rain, rain_hash, '{"n": 2}')])
    assert store.knowledge_features() == {fuel: '{"n": 1}', rain: '{"n": 2}'}
    store.save_knowledge_features([(fuel, fuel_hash, '{"n": 3}'), (fuel, fuel_hash, '{"n": 4}')])
    assert store.knowledge_features([fuel]) == {fuel: '{"n": 4}'}  # the last given wins
    store.save_knowledge_features([])
    with pytest.raises(NotFoundError):  # one unknown article: none of the rows is written
        store.save_knowledge_features(
            [(rain, rain_hash, '{"n": 5}'), ("0123456789abcdef", rain_hash, "{}")]
        )
    assert store.knowledge_features([rain]) == {rain: '{"n": 2}'}


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
