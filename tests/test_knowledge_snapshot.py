"""Knowledge snapshots: an open loads the latest one and replays only the articles stored
after it, to the same state a full replay (or one uninterrupted run) gives; ids come from
what founded them, so they are deterministic and never shared between processes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from newsgraph.api import ingest_items
from newsgraph.model import Article, Brief, Entity, Mention
from newsgraph.resolve import knowledge
from newsgraph.resolve.entities import ID_HEX
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.sources.items import SourceItem
from newsgraph.store import SqlStore, Store
from newsgraph.store import schema as s
from newsgraph.store.base import KEEP_SNAPSHOTS, StorylineChanges

TOWNS = ("Mombasa", "Tromso", "Cusco", "Da Nang")


@pytest.fixture(params=["sqlite", "sqlite-memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened: Store = (
        SqlStore(f"sqlite:///{tmp_path / 'kb.db'}")
        if request.param == "sqlite"
        else SqlStore("sqlite://")
    )
    with opened:
        yield opened


def _person(eid: str, name: str) -> Entity:
    return Entity(eid, name, "PERSON", mentions=[Mention(0, len(name), name)])


def _brief(n: int) -> Brief:
    """Four stories (one per town), each with its own mayor and harbour master."""
    town = TOWNS[n % len(TOWNS)]
    mayor, master = f"Mayor {town[:3]}ani", f"Captain {town[:2]}berg"
    text = (
        f"Harbour pilots in {town} stopped work for a {n + 1}th day, {mayor} said, while "
        f"{master} warned that ferries to the islands would stay in port."
    )
    ents = [
        _person("e1", mayor),
        _person("e2", master),
        Entity("e3", town, "PLACE", mentions=[Mention(0, len(town), town)]),
    ]
    doc = Article(
        text=text,
        title=f"{town} harbour pilots strike, day {n + 1}",
        url=f"https://port.example/{n}",
        published=f"2024-09-{n % 28 + 1:02d}",
    )
    return Brief(document=doc, entities=ents)


def _add(store: Store, kb: KnowledgeBase, numbers: Iterable[int]) -> None:
    for n in numbers:
        assert kb.add(store.save_brief(_brief(n)).article_id, _brief(n))


def _state(store: Store) -> tuple[object, ...]:
    groups = {m.article_id: row.id for row in store.storylines() for m in row.articles}
    return groups, store.global_entities(), store.entity_links()


def _memory(kb: KnowledgeBase) -> tuple[str, str, list[str], dict[str, float]]:
    """The knowledge base's whole in-memory state, as the snapshot would hold it."""
    index = json.dumps(kb.index.to_state(kb._recent), sort_keys=True)
    resolver = json.dumps(kb.resolver.to_state(), sort_keys=True)
    return index, resolver, list(kb._recent), kb._scores


class Counting:
    """Any store, counting the briefs read and the feature rows asked for."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.briefs_read = 0
        self.features_asked: list[str] | None = None

    def get_brief(self, article_id: str) -> Brief:
        self.briefs_read += 1
        return self.inner.get_brief(article_id)

    def knowledge_features(self, article_ids: Iterable[str] | None = None) -> dict[str, str]:
        self.features_asked = None if article_ids is None else list(article_ids)
        return self.inner.knowledge_features(article_ids)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_open_replays_only_the_articles_stored_after_the_snapshot(store: Store) -> None:
    kb = KnowledgeBase.open(store, recent=4)
    _add(store, kb, range(10))
    assert kb.checkpoint() and not kb.checkpoint()  # nothing new: no second snapshot
    _add(store, kb, range(10, 13))  # stored and placed, but after the snapshot
    counting = Counting(store)
    reopened = KnowledgeBase.open(counting, recent=4)  # type: ignore[arg-type]
    assert (counting.briefs_read, reopened.replayed) == (0, 3)
    assert sorted(counting.features_asked or []) == sorted(store.article_ids()[10:])
    assert _memory(reopened) == _memory(kb)  # exactly the state of the run that went on


def test_snapshot_then_replay_equals_a_full_replay_and_one_clean_run(store: Store) -> None:
    with SqlStore("sqlite://") as clean:
        _add(clean, KnowledgeBase.open(clean, recent=4), range(16))  # never snapshotted
        full = KnowledgeBase.open(clean, recent=4)  # no snapshot: the full replay
        assert full.replayed == 16
        expected = _state(clean)
    kb = KnowledgeBase.open(store, recent=4)
    _add(store, kb, range(9))
    kb.checkpoint()
    _add(store, KnowledgeBase.open(store, recent=4), range(9, 16))  # a run not snapshotted
    reopened = KnowledgeBase.open(store, recent=4)
    assert reopened.replayed == 7
    assert _state(store) == expected
    index, _, recent, scores = _memory(reopened)
    assert (index, recent, scores) == (_memory(full)[0], *_memory(full)[2:])


def test_articles_another_process_stored_are_replayed_and_their_links_kept(store: Store) -> None:
    ours = KnowledgeBase.open(store)
    _add(store, ours, range(6))
    ours.checkpoint()
    theirs = KnowledgeBase.open(store)
    _add(store, theirs, range(6, 10))  # another process: links written, no snapshot
    before = _state(store)
    reopened = KnowledgeBase.open(store)
    assert reopened.replayed == 4
    assert _state(store) == before
    for link in store.entity_links():
        assert reopened.resolver.link_of(link.article_id, link.local_id) == link.global_id


def test_long_ingest_snapshots_every_n_articles(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(knowledge, "SNAPSHOT_EVERY", 4)
    _add(store, KnowledgeBase.open(store), range(10))
    snapshot = json.loads(store.knowledge_snapshot() or "{}")
    assert len(snapshot["scores"]) == 8  # written at 4 and 8, not yet at 10
    assert KnowledgeBase.open(store).replayed == 2


def test_ingest_writes_a_snapshot_at_the_end(store: Store) -> None:
    briefs = [_brief(n) for n in range(5)]

    def cached(articles: Iterable[Article], n_process: int) -> Iterator[Brief]:
        by_doc = {id(b.document): b for b in briefs}
        return (by_doc[id(a)] for a in articles)

    items = [SourceItem(f"port-{n}", article=b.document) for n, b in enumerate(briefs)]
    report = ingest_items(items, store, analyser=cached, dedupe=False)  # alike by design
    assert len(report.created) == 5 and report.warnings == []
    assert len(json.loads(store.knowledge_snapshot() or "{}")["scores"]) == 5
    assert KnowledgeBase.open(store).replayed == 0


def test_old_store_without_snapshot_is_replayed_once_then_snapshotted(store: Store) -> None:
    for n in range(6):
        store.save_brief(_brief(n))  # stored without the knowledge base
    assert store.knowledge_snapshot() is None
    first = KnowledgeBase.open(store)
    second = Counting(store)
    assert (first.replayed, KnowledgeBase.open(second).replayed) == (6, 0)  # type: ignore[arg-type]
    assert second.briefs_read == 0


@pytest.mark.parametrize(
    "spoil",
    [
        "not json",
        json.dumps([1, 2]),
        json.dumps({"format": 999}),
        json.dumps(
            {"format": knowledge.SNAPSHOT_FORMAT, "recent_size": knowledge.RECENT, "scores": {}}
        ),  # storylines and entities missing
    ],
)
def test_a_snapshot_that_does_not_fit_means_a_full_replay(store: Store, spoil: str) -> None:
    kb = KnowledgeBase.open(store)
    _add(store, kb, range(5))
    expected = _state(store)
    store.save_knowledge_snapshot(5, spoil)
    assert KnowledgeBase.open(store).replayed == 5  # no traceback, and the same rows
    assert _state(store) == expected
    assert KnowledgeBase.open(store).replayed == 0  # and snapshotted again


def test_another_recent_window_does_not_use_the_snapshot(store: Store) -> None:
    kb = KnowledgeBase.open(store, recent=4)
    _add(store, kb, range(5))
    kb.checkpoint()
    assert KnowledgeBase.open(store, recent=7).replayed == 5


def test_merge_and_split_survive_a_stale_snapshot(store: Store) -> None:
    """A process opened before a merge and snapshotting after it must not undo it."""
    kb = KnowledgeBase.open(store)
    _add(store, kb, range(4))
    stale = KnowledgeBase.open(store)
    mayors = sorted(g.id for g in store.global_entities("PERSON") if g.name.startswith("Mayor"))
    KnowledgeBase.open(store).merge(mayors[0], mayors[1])
    assert mayors[1] not in KnowledgeBase.open(store).resolver.entities  # its own snapshot
    _add(store, stale, [4])  # knows nothing of the merge ...
    stale.checkpoint()  # ... and its snapshot is now the latest
    before = _state(store)
    reopened = KnowledgeBase.open(store)
    assert mayors[1] not in reopened.resolver.entities  # the links table wins
    assert _state(store) == before
    parts = reopened.split(mayors[0])
    assert len(parts) == 2
    again = KnowledgeBase.open(store)
    assert {p.id for p in parts} <= set(again.resolver.entities)
    assert again.replayed == 0


def test_only_the_latest_snapshots_are_kept(tmp_path: Path) -> None:
    with SqlStore(f"sqlite:///{tmp_path / 'snap.db'}") as store:
        for n in range(4):
            store.save_knowledge_snapshot(n, json.dumps({"n": n}))
        assert store.knowledge_snapshot() == json.dumps({"n": 3})
        with store._read() as conn:
            kept = conn.execute(select(func.count()).select_from(s.knowledge_snapshots))
            assert kept.scalar_one() == KEEP_SNAPSHOTS
    with SqlStore("sqlite://") as memory:
        assert memory.knowledge_snapshot() is None
        for n in range(4):
            memory.save_knowledge_snapshot(n, str(n))
        assert memory.knowledge_snapshot() == "3"


# --------------------------------------------------------------------------- ids


def test_ids_come_from_what_founded_them(store: Store) -> None:
    kb = KnowledgeBase.open(store)
    _add(store, kb, range(4))
    first = store.article_ids()[0]
    assert kb.index.home(first) == f"S{first}"  # the first article founds a storyline
    for g in store.global_entities():
        founders = {
            hashlib.sha256(f"{k.article_id}/{k.local_id}".encode()).hexdigest()[:ID_HEX]
            for k in store.links_of_global(g.id)
        }
        assert g.id[1:] in founders  # "G" + the hash of one of its own article entities


def test_same_input_gives_the_same_ids_in_any_store() -> None:
    with SqlStore("sqlite://") as one, SqlStore("sqlite://") as two:
        _add(one, KnowledgeBase.open(one), range(8))
        kb = KnowledgeBase.open(two)
        _add(two, kb, range(5))
        kb.checkpoint()
        _add(two, KnowledgeBase.open(two), range(5, 8))
        assert _state(one) == _state(two)


def test_full_replay_renames_numbered_storylines_instead_of_leaving_them_empty(
    tmp_path: Path,
) -> None:
    """A database from before founder ids: its storylines are S1, S2... and it has no
    snapshot. The first open re-places every article under founder ids and drops the old
    rows, so no storyline is left empty."""
    with SqlStore(f"sqlite:///{tmp_path / 'old.db'}") as store:
        kb = KnowledgeBase.open(store)
        _add(store, kb, range(6))
        groups = [sorted(m.article_id for m in row.articles) for row in store.storylines()]
        with store._write() as conn:  # rewrite the rows the way numbered ids stored them
            conn.execute(s.knowledge_snapshots.delete())
        renumbered = StorylineChanges(
            titles={f"S{n}": f"old {n}" for n in range(1, len(groups) + 1)},
            assignments={a: (f"S{n}", 1.0) for n, group in enumerate(groups, 1) for a in group},
        )
        store.save_storylines(renumbered)
        store.save_storylines(
            StorylineChanges(removed={row.id for row in store.storylines() if not row.articles})
        )
        assert {row.id for row in store.storylines()} == set(renumbered.titles)
        KnowledgeBase.open(store)
        rows = store.storylines()
        assert all(row.articles for row in rows)
        assert not {row.id for row in rows} & set(renumbered.titles)
        assert sorted(sorted(m.article_id for m in row.articles) for row in rows) == sorted(groups)
