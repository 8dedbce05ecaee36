"""Cost that does not grow with the store: capped storyline candidates and entity blocks,
and a KnowledgeBase that opens from its persisted feature rows without reading briefs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from newsgraph.model import Article, Brief, Entity, Evidence, Mention, Role
from newsgraph.resolve import entities as entities_module
from newsgraph.resolve import storylines as storylines_module
from newsgraph.resolve.entities import EntityResolver
from newsgraph.resolve.knowledge import KnowledgeBase, Known
from newsgraph.resolve.story_features import StoryFeatures
from newsgraph.resolve.story_vectors import Storyline, l2_norm
from newsgraph.resolve.storylines import StorylineIndex, group
from newsgraph.store import SqlStore, Store
from newsgraph.store.base import FeatureRow

CITIES = (
    "Lagos",
    "Quito",
    "Hanoi",
    "Tbilisi",
    "Accra",
    "Lima",
    "Dakar",
    "Minsk",
    "Oslo",
    "Perth",
    "Bogota",
    "Manila",
)


def _story(n: int, city: str, topic: str, day: int) -> StoryFeatures:
    """An article about ``topic`` in ``city``: 'council' and 'said' are in every one."""
    words = Counter(
        {
            "council": 1,
            "said": 1,
            topic: 1,
            f"w{n}": 1,
            **{f"{city.lower()}{k}": 3 for k in range(6)},
        }
    )
    return StoryFeatures(
        f"a{n}",
        f"{topic} in {city}, {n}",
        words,
        {city.lower(): 1.5, f"mayor of {city.lower()}": 2.0},
        Counter({"STATEMENT": 1}),
        frozenset({2024}),
        None,
    )


def _stories() -> list[StoryFeatures]:
    return [
        _story(n, CITIES[n % len(CITIES)], ("floods", "strike", "budget")[n % 3], n)
        for n in range(72)
    ]


def test_capped_candidates_keep_the_most_recent_and_heaviest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(storylines_module, "POSTING_CAP", 5)
    monkeypatch.setattr(storylines_module, "MAX_CANDIDATES", 3)
    index = StorylineIndex()
    for f in _stories():
        index.add(f)
    assert all(len(p) <= 5 for p in index._by_term.values())
    assert len(index._by_term["council"]) == 5  # every storyline has it; only 5 kept
    probe = index._members["a71"]
    assert len(index._candidates(probe)) <= 3
    assert index.home("a71") in index._candidates(probe)  # its own story shares most


def test_caps_above_the_corpus_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    uncapped = group(_stories())
    monkeypatch.setattr(storylines_module, "POSTING_CAP", 10_000)
    monkeypatch.setattr(storylines_module, "MAX_CANDIDATES", 10_000)
    assert group(_stories()) == uncapped
    assert len(set(uncapped.values())) == len(CITIES)  # one storyline per city


def test_take_changes_reports_only_what_moved() -> None:
    index = StorylineIndex()
    index.add(_story(0, "Lagos", "floods", 0))
    articles, lines = index.take_changes()
    assert (articles, lines) == ({"a0"}, {index.home("a0")})
    assert index.take_changes() == (set(), set())
    index.add(_story(1, "Lagos", "floods", 1))
    assert index.take_changes()[0] == {"a1"}


def _person(eid: str, name: str, role: str | None = None) -> Entity:
    roles = [Role(role, None, Evidence(name, 0, 1))] if role else []
    return Entity(eid, name, "PERSON", roles=roles, mentions=[Mention(0, len(name), name)])


def test_entity_blocks_are_capped_but_exact_names_always_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(entities_module, "BLOCK_CAP", 3)
    resolver = EntityResolver()
    first = resolver.add("x0", Brief(Article(text=""), [_person("e1", "Maria Okafor")]))
    for n in range(1, 10):  # nine more Marias fill the "maria" block past its cap
        resolver.add(f"x{n}", Brief(Article(text=""), [_person("e1", f"Maria Surname{n}")]))
    assert len(resolver._nearby("maria")) == 3
    again = resolver.add("y", Brief(Article(text=""), [_person("e1", "Maria Okafor")]))
    assert again[0].global_id == first[0].global_id  # the exact key is never capped away


# --------------------------------------------------------------------------- fast open


class CountingStore:
    """Any store, with ``get_brief`` calls counted."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.briefs_read = 0

    def get_brief(self, article_id: str) -> Brief:
        self.briefs_read += 1
        return self.inner.get_brief(article_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class FeaturelessStore(SqlStore):
    """A store made before the feature rows existed: it keeps none."""

    def __init__(self) -> None:
        super().__init__("sqlite://")

    def save_knowledge_features(self, rows: Sequence[FeatureRow]) -> None:
        return None

    def knowledge_features(self, article_ids: Iterable[str] | None = None) -> dict[str, str]:
        return {}

    def save_knowledge_snapshot(self, article_count: int, state: str) -> None:
        return None

    def knowledge_snapshot(self) -> str | None:
        return None


@pytest.fixture(params=["sqlite", "sqlite-memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened: Store = (
        SqlStore(f"sqlite:///{tmp_path / 'kb.db'}")
        if request.param == "sqlite"
        else SqlStore("sqlite://")
    )
    with opened:
        yield opened


def _brief(n: int) -> Brief:
    city = CITIES[n % 4]
    text = (
        f"Council workers in {city} walked out for a {n + 1}th day, union leader Ana Duarte "
        f"said, as the mayor of {city}, Tomas Rein, called the strike unlawful."
    )
    ents = [
        _person("e1", "Ana Duarte", "union leader"),
        _person("e2", "Tomas Rein", "mayor"),
        Entity("e3", city, "PLACE", mentions=[Mention(0, 4, city)]),
    ]
    doc = Article(
        text=text,
        title=f"{city} council strike, day {n + 1}",
        url=f"https://news.example/strike-{n}",
        published=f"2024-03-{n % 28 + 1:02d}",
    )
    return Brief(document=doc, entities=ents)


def _fill(store: Store, count: int) -> None:
    kb = KnowledgeBase.open(store)
    for n in range(count):
        article_id = store.save_brief(_brief(n)).article_id
        assert kb.add(article_id, _brief(n))


def _state(store: Store) -> tuple[object, ...]:
    groups = {m.article_id: row.id for row in store.storylines() for m in row.articles}
    return groups, store.global_entities(), store.entity_links()


def test_open_reads_no_brief_and_rebuilds_the_same_state(store: Store) -> None:
    _fill(store, 12)
    before = _state(store)
    counting = CountingStore(store)
    kb = KnowledgeBase.open(counting)
    assert counting.briefs_read == 0
    assert _state(store) == before
    assert set(kb.index.groups()) == set(before[0])  # type: ignore[call-overload]


def test_old_path_and_new_path_give_the_same_storylines_and_links() -> None:
    with FeaturelessStore() as old, SqlStore("sqlite://") as new:
        _fill(old, 12)
        _fill(new, 12)
        assert _state(old) == _state(new)
        counting = CountingStore(old)
        KnowledgeBase.open(counting)
        assert counting.briefs_read == 12  # no rows: every brief read, as before
        assert _state(old) == _state(new)


def test_database_without_rows_is_rebuilt_once_then_opens_fast(store: Store) -> None:
    for n in range(6):
        store.save_brief(_brief(n))  # stored without the knowledge base (an old database)
    first = CountingStore(store)
    KnowledgeBase.open(first)
    second = CountingStore(store)
    KnowledgeBase.open(second)
    assert (first.briefs_read, second.briefs_read) == (6, 0)


def test_a_changed_text_makes_its_row_stale(store: Store) -> None:
    _fill(store, 3)
    changed = _brief(1)
    changed.document.text += " Talks resume on Monday."
    store.save_brief(changed)  # same URL, new text: updated in place, row now stale
    counting = CountingStore(store)
    KnowledgeBase.open(counting)
    assert counting.briefs_read == 1


def test_known_round_trips_through_json() -> None:
    known = Known.of("a1", _brief(0))
    back = Known.from_json("a1", known.to_json())
    assert back.story == known.story
    assert [(e.id, e.name, e.type, [r.title for r in e.roles]) for e in back.entities] == [
        (e.id, e.name, e.type, [r.title for r in e.roles]) for e in known.entities
    ]


def test_incremental_centroid_norms_match_a_full_recomputation() -> None:
    """Norms updated article by article (absorb, release) equal the exact norm."""
    line = Storyline("S1")
    stories = _stories()[:30]
    vectors = [({k: v / 7 for k, v in f.words.items()}, dict(f.entities)) for f in stories]
    line.absorb(stories[0], *vectors[0])
    assert line.norm("words") == pytest.approx(l2_norm(line.words))  # first: computed in full
    for f, (words, ents) in zip(stories[1:], vectors[1:], strict=True):
        line.absorb(f, words, ents)
        assert line.norm("words") == pytest.approx(l2_norm(line.words))
        assert line.norm("entities") == pytest.approx(l2_norm(line.entities))
    for f, (words, ents) in zip(stories[1:20], vectors[1:20], strict=True):
        line.release(f, words, ents)
        assert line.norm("words") == pytest.approx(l2_norm(line.words))
        assert line.norm("entities") == pytest.approx(l2_norm(line.entities))


def test_a_long_stream_keeps_the_vectors_of_the_recent_window_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An article that leaves the window of those re-checked after each arrival is never
    re-checked again: its vectors go (memory stays bounded however long an ingest or a
    watch runs), and the storylines come out as if every article's were kept."""

    def run(forget: bool) -> tuple[dict[str, str], int]:
        if not forget:
            monkeypatch.setattr(StorylineIndex, "forget", lambda self, article_id: None)
        with SqlStore("sqlite://") as store:
            kb = KnowledgeBase.open(store, recent=5)
            for n in range(20):
                article_id = store.save_brief(_brief(n)).article_id
                assert kb.add(article_id, _brief(n))
            monkeypatch.undo()
            return kb.index.groups(), len(kb.index._members)

    kept_all, every = run(forget=False)
    groups, kept = run(forget=True)
    assert every == 20 and kept == 5
    assert groups == kept_all
