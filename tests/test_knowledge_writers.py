"""Several writers of one knowledge base: each turn replays what the others logged first,
so two (or three) processes leave the knowledge one writer leaves; ``db check`` finds the
damage stale writers used to leave, and ``--repair`` rebuilds it (keeping merges by hand).

Writers are KnowledgeBase objects on one store, interleaved in one process: exactly what
two ingest processes do between their turns under the knowledge lock (the subprocess
version is tests/test_concurrent_ingest.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.api import check_knowledge
from newsgraph.cli import app
from newsgraph.model import Article, Brief, Entity, Mention
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.store import SqlStore, Store
from newsgraph.store.base import EntityLink, GlobalEntityRow, StorylineChanges

# Three stories, three articles each; every article names its story's two people.
STORIES = [
    ("Lisbon", "Mayor Carlos Moedas", "Engineer Rita Alves", "tram drivers strike"),
    ("Gdansk", "Mayor Aleksandra Dulkiewicz", "Captain Piotr Nowak", "shipyard reopens"),
    (
        "Mombasa",
        "Governor Abdulswamad Nassir",
        "Harbour master Amina Odhiambo",
        "port dredging starts",
    ),
]


def _person(eid: str, name: str) -> Entity:
    return Entity(eid, name, "PERSON", mentions=[Mention(0, len(name), name)])


def brief(n: int) -> Brief:
    town, first, second, what = STORIES[n % 3]
    day = n // 3 + 1
    text = (
        f"In {town}, {what} on day {day}: {first} met unions on Monday, and {second} "
        f"said talks on the {town.lower()} plan would go on next week."
    )
    doc = Article(
        text=text,
        title=f"{town}: {what}, day {day}",
        url=f"https://city.example/{town.lower()}/{day}",
        published=f"2025-03-0{day}",
    )
    return Brief(
        document=doc,
        entities=[
            _person("e1", first),
            _person("e2", second),
            Entity("e3", town, "PLACE", mentions=[Mention(0, len(town), town)]),
        ],
    )


@pytest.fixture(params=["sqlite", "sqlite-memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened: Store = (
        SqlStore(f"sqlite:///{tmp_path / 'kb.db'}")
        if request.param == "sqlite"
        else SqlStore("sqlite://")
    )
    with opened:
        yield opened


def shape(store: Store) -> tuple[object, ...]:
    """What a second writer must not change: the storylines and the entity partition as
    sets of article ids and (article, local id) pairs, with the entities' names."""
    lines = sorted(sorted(m.article_id for m in row.articles) for row in store.storylines())
    members: dict[str, set[tuple[str, str]]] = {}
    for k in store.entity_links():
        members.setdefault(k.global_id, set()).add((k.article_id, k.local_id))
    names = {g.id: (g.name, g.type) for g in store.global_entities()}
    groups = sorted((names[gid], sorted(pairs)) for gid, pairs in members.items())
    return lines, groups, len(names)


def one_writer(order: Sequence[int]) -> tuple[object, ...]:
    with SqlStore("sqlite://") as alone:
        kb = KnowledgeBase.open(alone)
        for n in order:
            kb.add(alone.save_brief(brief(n)).article_id, brief(n))
        return shape(alone)


def interleave(store: Store, writers: int, inputs: Sequence[Sequence[int]]) -> list[int]:
    """Each writer opened first (as processes start together), then their articles saved
    and added in turn; the order in which articles first reached the knowledge."""
    kbs = [KnowledgeBase.open(store) for _ in range(writers)]
    order: list[int] = []
    for step in range(max(len(i) for i in inputs)):
        for kb, mine in zip(kbs, inputs, strict=True):
            if step < len(mine):
                n = mine[step]
                if kb.add(store.save_brief(brief(n)).article_id, brief(n)):
                    order.append(n)
    for kb in kbs:
        kb.checkpoint()
    return order


@pytest.mark.parametrize(
    "inputs",
    [
        [range(0, 6), range(3, 9)],  # two writers, three articles in both
        [range(0, 5), range(2, 7), range(4, 9)],  # three writers, overlapping in pairs
    ],
)
def test_concurrent_writers_leave_what_one_writer_leaves(store: Store, inputs: list[range]) -> None:
    order = interleave(store, len(inputs), inputs)
    assert sorted(order) == list(range(9))  # every article placed once, by whoever came first
    assert shape(store) == one_writer(order)
    people = [g for g in store.global_entities("PERSON")]
    assert len(people) == len({g.name for g in people}) == 6  # one entity per person
    assert check_knowledge(store).ok


def test_a_writer_follows_a_merge_made_elsewhere_before_its_next_turn(store: Store) -> None:
    kb = KnowledgeBase.open(store)
    for n in range(3):
        kb.add(store.save_brief(brief(n)).article_id, brief(n))
    ids = {g.name: g.id for g in store.global_entities("PERSON")}
    KnowledgeBase.open(store).merge(ids["Mayor Carlos Moedas"], ids["Engineer Rita Alves"])
    kb.add(store.save_brief(brief(3)).article_id, brief(3))  # same story, both people again
    assert ids["Engineer Rita Alves"] not in kb.resolver.entities
    people = {g.id for g in store.global_entities("PERSON")}
    assert ids["Engineer Rita Alves"] not in people and ids["Mayor Carlos Moedas"] in people
    assert check_knowledge(store).ok


# --------------------------------------------------------------------------- db check


def _ingested(store: Store, count: int = 9) -> KnowledgeBase:
    kb = KnowledgeBase.open(store)
    for n in range(count):
        kb.add(store.save_brief(brief(n)).article_id, brief(n))
    kb.checkpoint()
    return kb


def _kinds(store: Store) -> dict[str, int]:
    return {f.kind: f.count for f in check_knowledge(store).findings}


def test_check_passes_a_store_one_writer_made(store: Store) -> None:
    _ingested(store)
    report = check_knowledge(store)
    assert report.ok and report.findings == []
    assert (report.articles, report.storylines, report.placed_differently) == (9, 3, 0)
    assert report.resolved_entities == report.replay_entities == 9


def test_check_finds_an_entity_a_stale_writer_duplicated_and_repair_fixes_it(store: Store) -> None:
    _ingested(store)
    mayor = next(g for g in store.global_entities("PERSON") if g.name == "Mayor Carlos Moedas")
    links = store.links_of_global(mayor.id)
    twin = GlobalEntityRow("Gstale0000000000", mayor.name, mayor.type)
    moved = [EntityLink(k.article_id, k.local_id, twin.id, "stale", 1.0) for k in links[1:]]
    store.save_entity_links([twin], moved)  # what a writer blind to the first link made
    assert _kinds(store) == {"resolved entities a single writer would have merged": 1}
    report = check_knowledge(store, repair=True)
    assert report.ok and report.repaired
    assert [g.name for g in store.global_entities("PERSON")].count(mayor.name) == 1


def test_check_finds_orphans_empty_storylines_and_unplaced_articles(store: Store) -> None:
    _ingested(store, 6)
    store.save_entity_links([GlobalEntityRow("Gorphan000000000", "Nobody", "PERSON")], [])
    store.save_storylines(StorylineChanges(titles={"Sempty": "nothing here"}))
    store.save_brief(brief(6))  # stored, never resolved (as `batch` leaves it)
    assert _kinds(store) == {
        "resolved entities linked to no article": 1,
        "empty storylines": 1,
        "articles in no storyline": 1,
    }
    assert check_knowledge(store, repair=True).ok
    assert {"Gorphan000000000", "Sempty"}.isdisjoint(
        {g.id for g in store.global_entities()} | {row.id for row in store.storylines()}
    )


def test_repair_keeps_merges_made_by_hand(store: Store) -> None:
    _ingested(store)
    ids = {g.name: g.id for g in store.global_entities("PERSON")}
    KnowledgeBase.open(store).merge(ids["Mayor Carlos Moedas"], ids["Engineer Rita Alves"])
    before = shape(store)
    assert check_knowledge(store, repair=True).ok
    assert shape(store) == before


def test_a_running_writer_reloads_after_a_repair(store: Store) -> None:
    kb = _ingested(store, 6)
    store.save_entity_links([GlobalEntityRow("Gorphan000000000", "Nobody", "PERSON")], [])
    check_knowledge(store, repair=True)
    for n in range(6, 9):
        kb.add(store.save_brief(brief(n)).article_id, brief(n))
    assert check_knowledge(store).ok
    assert shape(store) == one_writer(range(9))


def test_db_check_command_exit_codes_and_json(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    with SqlStore(db) as store:
        _ingested(store, 3)
        store.save_storylines(StorylineChanges(titles={"Sempty": "nothing here"}))
    runner = CliRunner()
    broken = runner.invoke(app, ["db", "check", "--db", db, "--format", "json"])
    assert broken.exit_code == 1
    data = json.loads(broken.stdout)
    assert not data["ok"] and data["findings"][0]["kind"] == "empty storylines"
    assert broken.stderr.count("\n") == 1 and "db check --repair" in broken.stderr
    fixed = runner.invoke(app, ["db", "check", "--repair", "--db", db])
    assert fixed.exit_code == 0, fixed.output
    assert "repaired; knowledge consistent" in fixed.stdout
    assert runner.invoke(app, ["db", "check", "--db", db]).exit_code == 0
