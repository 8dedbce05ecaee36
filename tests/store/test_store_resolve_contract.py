"""The storyline and resolved-entity tables, the same on every backend (see conftest)."""

from __future__ import annotations

import pytest
from store_briefs import fuel_brief, lithium_brief, rain_brief

from newsgraph.errors import NotFoundError, StoreError
from newsgraph.store import Store
from newsgraph.store.base import EntityLink, GlobalEntityRow, StorylineChanges


def _three(store: Store) -> list[str]:
    return [store.save_brief(b).article_id for b in (fuel_brief(), rain_brief(), lithium_brief())]


def test_article_ids_keep_the_order_first_stored(store: Store) -> None:
    ids = _three(store)
    store.save_brief(fuel_brief())  # an update keeps its place
    assert store.article_ids() == ids


def test_storylines_round_trip_and_move(store: Store) -> None:
    fuel, rain, lithium = _three(store)
    store.save_storylines(
        StorylineChanges(
            titles={"S1": "Fuel levy", "S2": "Rain"},
            assignments={fuel: ("S1", 1.0), lithium: ("S1", 0.4), rain: ("S2", 1.0)},
        )
    )
    rows = store.storylines()
    assert [r.id for r in rows] == ["S1", "S2"]  # largest first
    assert {m.article_id for m in rows[0].articles} == {fuel, lithium}
    member = next(m for m in rows[0].articles if m.article_id == lithium)
    assert (member.score, member.title) == (0.4, lithium_brief().document.title)
    assert rows[0].created_at and rows[0].updated_at
    store.save_storylines(
        StorylineChanges(
            titles={"S1": "Kenya fuel"}, assignments={rain: ("S1", 0.3)}, removed={"S2"}
        )
    )
    line = store.storyline("S1")
    assert line.title == "Kenya fuel"
    assert {m.article_id for m in line.articles} == {fuel, rain, lithium}
    assert [r.id for r in store.storylines()] == ["S1"]


def test_storyline_members_are_ordered_by_date(store: Store) -> None:
    fuel, rain, lithium = _three(store)
    store.save_storylines(
        StorylineChanges(
            titles={"S1": "all"}, assignments={a: ("S1", 1.0) for a in (fuel, rain, lithium)}
        )
    )
    members = store.storyline("S1").articles
    dated = [m.published for m in members if m.published]
    assert dated == sorted(dated)
    assert [m.published is None for m in members] == sorted(m.published is None for m in members)


def test_storylines_of_some_articles(store: Store) -> None:
    fuel, rain, lithium = _three(store)
    store.save_storylines(
        StorylineChanges(
            titles={"S1": "Fuel levy", "S2": "Rain"},
            assignments={fuel: ("S1", 1.0), lithium: ("S1", 0.4), rain: ("S2", 1.0)},
        )
    )
    assert [r.id for r in store.storylines_of([f" {rain} ", fuel])] == ["S1", "S2"]
    assert [r.id for r in store.storylines_of([lithium])] == ["S1"]
    assert store.storylines_of([lithium])[0] == store.storyline("S1")
    assert store.storylines_of(["00000000deadbeef"]) == []
    assert store.storylines_of([]) == []


def test_bad_storyline_changes_are_refused(store: Store) -> None:
    fuel, rain, _ = _three(store)
    with pytest.raises(StoreError, match="unknown storyline"):
        store.save_storylines(StorylineChanges(assignments={fuel: ("S9", 1.0)}))
    with pytest.raises(NotFoundError):
        store.save_storylines(
            StorylineChanges(titles={"S1": "x"}, assignments={"00000000deadbeef": ("S1", 1.0)})
        )
    store.save_storylines(StorylineChanges(titles={"S1": "x"}, assignments={fuel: ("S1", 1.0)}))
    with pytest.raises(StoreError):  # S1 still holds an article
        store.save_storylines(StorylineChanges(removed={"S1"}))
    with pytest.raises(NotFoundError):
        store.storyline("S7")
    assert [m.article_id for m in store.storyline("S1").articles] == [fuel]
    assert rain not in {m.article_id for r in store.storylines() for m in r.articles}


def test_entity_links_round_trip_merge_and_remove(store: Store) -> None:
    fuel, rain, _ = _three(store)
    store.save_entity_links(
        [
            GlobalEntityRow("G1", "William Ruto", "PERSON", "KEN", ["Ruto", "William Ruto"]),
            GlobalEntityRow("G2", "Ruto", "PERSON"),
        ],
        [
            EntityLink(fuel, "e1", "G1", "new entity", 1.0),
            EntityLink(rain, "e3", "G2", "new entity", 1.0),
        ],
    )
    assert [g.id for g in store.global_entities()] == ["G1", "G2"]
    assert store.global_entity("G1").aliases == ["Ruto", "William Ruto"]
    assert store.global_entities(type="org") == []
    store.save_entity_links(
        [GlobalEntityRow("G1", "William Ruto", "PERSON", "KEN", ["Ruto", "William Ruto"])],
        [EntityLink(rain, "e3", "G1", "merged by hand", 0.9)],
        removed=["G2"],
    )
    assert [g.id for g in store.global_entities()] == ["G1"]
    assert store.links_of_global("G1") == sorted(
        [
            EntityLink(fuel, "e1", "G1", "new entity", 1.0),
            EntityLink(rain, "e3", "G1", "merged by hand", 0.9),
        ],
        key=lambda k: (k.article_id, k.local_id),
    )
    assert len(store.entity_links()) == 2
    with pytest.raises(NotFoundError):
        store.global_entity("G2")


def test_links_of_some_articles_and_article_counts(store: Store) -> None:
    fuel, rain, lithium = _three(store)
    store.save_entity_links(
        [
            GlobalEntityRow("G1", "William Ruto", "PERSON"),
            GlobalEntityRow("G2", "Kenya", "COUNTRY"),
        ],
        [
            EntityLink(fuel, "e1", "G1", "new entity", 1.0),
            EntityLink(fuel, "e2", "G2", "new entity", 1.0),
            EntityLink(rain, "e1", "G2", "same name", 1.0),
            EntityLink(rain, "e4", "G2", "same name", 0.9),
            EntityLink(lithium, "e1", "G1", "same name", 1.0),
        ],
    )
    got = store.links_of_articles([rain, f" {lithium} ", "00000000deadbeef"])
    assert [(k.article_id, k.local_id) for k in got] == sorted(
        [(rain, "e1"), (rain, "e4"), (lithium, "e1")]
    )
    assert store.links_of_articles([]) == []
    assert store.entity_article_counts() == {"G1": 2, "G2": 2}  # rain's two links count once


def test_bad_entity_links_are_refused(store: Store) -> None:
    fuel, _, _ = _three(store)
    with pytest.raises(StoreError, match="unknown global entity"):
        store.save_entity_links([], [EntityLink(fuel, "e1", "G5", "new entity", 1.0)])
    store.save_entity_links(
        [GlobalEntityRow("G1", "Kenya", "COUNTRY")],
        [EntityLink(fuel, "e1", "G1", "new entity", 1.0)],
    )
    with pytest.raises(StoreError):  # G1 still has a link
        store.save_entity_links([], [], removed=["G1"])
    with pytest.raises(NotFoundError):
        store.save_entity_links([], [EntityLink("00000000deadbeef", "e1", "G1", "x", 1.0)])
    assert store.links_of_global("G1") == [EntityLink(fuel, "e1", "G1", "new entity", 1.0)]
