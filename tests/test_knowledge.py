"""KnowledgeBase: storylines and resolved entities kept in the store, one article at a time,
and the read-back views over them (on small made-up briefs, every store backend)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgraph import read
from newsgraph.errors import InputError, NotFoundError
from newsgraph.model import (
    Article,
    Brief,
    Entity,
    Event,
    Evidence,
    Mention,
    Quote,
    Role,
    TimeRef,
)
from newsgraph.read import entities as read_entities
from newsgraph.read import storylines as read_storylines
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.store import SqlStore, Store


@pytest.fixture(params=["sqlite", "sqlite-memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened: Store = (
        SqlStore(f"sqlite:///{tmp_path / 'kb.db'}")
        if request.param == "sqlite"
        else SqlStore("sqlite://")
    )
    with opened:
        yield opened


def _ent(
    eid: str,
    name: str,
    kind: str = "PERSON",
    *,
    role: str | None = None,
    country: str | None = None,
) -> Entity:
    ev = Evidence(name, 0, len(name))
    return Entity(
        eid,
        name,
        kind,
        country=country,  # type: ignore[arg-type]
        roles=[Role(role, None, ev)] if role else [],
        mentions=[Mention(0, len(name), name)],
    )


def _brief(
    slug: str,
    title: str,
    text: str,
    *entities: Entity,
    published: str,
    events: list[Event] | None = None,
    quotes: list[Quote] | None = None,
) -> Brief:
    doc = Article(text=text, title=title, url=f"https://news.example/{slug}", published=published)
    return Brief(document=doc, entities=list(entities), events=events or [], quotes=quotes or [])


def _flood(n: int, published: str) -> Brief:
    text = (
        f"Flood waters rose in Porto Alegre for a {n}th day as the Guaiba river burst its "
        "banks, and Governor Eduardo Leite said rescuers had reached stranded families."
    )
    ev = Event(
        "DISASTER",
        "Guaiba river floods Porto Alegre",
        Evidence(text, 0, 40),
        actors=["e1"],
        place="e2",
        time=TimeRef("Sunday", "2024-05-05"),
    )
    quote = Quote("e1", "direct", "We will rebuild every street", Evidence(text, 0, 20))
    return _brief(
        f"flood-{n}",
        f"Porto Alegre floods, day {n}",
        text,
        _ent("e1", "Eduardo Leite", role="Governor", country="BRA"),
        _ent("e2", "Porto Alegre", "PLACE"),
        _ent("e3", "Guaiba", "PLACE"),
        published=published,
        events=[ev],
        quotes=[quote],
    )


def _strike(n: int, published: str) -> Brief:
    text = (
        f"Dock workers in Rotterdam kept their strike going for a {n}th day, union leader "
        "Niek Stam said, as container ships queued outside the port."
    )
    return _brief(
        f"strike-{n}",
        f"Rotterdam dock strike, day {n}",
        text,
        _ent("e1", "Niek Stam", role="union leader"),
        _ent("e2", "Rotterdam", "PLACE"),
        published=published,
    )


def _save(store: Store, kb: KnowledgeBase, brief: Brief) -> str:
    article_id = store.save_brief(brief).article_id
    assert kb.add(article_id, brief)
    return article_id


def _groups(store: Store) -> dict[str, str]:
    return {m.article_id: row.id for row in store.storylines() for m in row.articles}


def test_two_stories_become_two_persisted_storylines(store: Store) -> None:
    kb = KnowledgeBase.open(store)
    floods = [_save(store, kb, _flood(n, f"2024-05-0{n}")) for n in (1, 2)]
    strikes = [_save(store, kb, _strike(n, f"2024-06-1{n}")) for n in (1, 2)]
    groups = _groups(store)
    assert groups == kb.index.groups()
    assert groups[floods[0]] == groups[floods[1]] != groups[strikes[0]] == groups[strikes[1]]
    assert {r.title for r in store.storylines()} == {
        "Porto Alegre floods, day 1",
        "Rotterdam dock strike, day 1",
    }


def test_same_person_in_two_articles_is_one_global_entity(store: Store) -> None:
    kb = KnowledgeBase.open(store)
    first = _save(store, kb, _flood(1, "2024-05-01"))
    second = _save(store, kb, _flood(2, "2024-05-02"))
    people = store.global_entities(type="PERSON")
    assert [p.name for p in people] == ["Eduardo Leite"]
    links = store.links_of_global(people[0].id)
    assert {k.article_id for k in links} == {first, second}
    assert people[0].country == "BRA"
    assert any(k.reason.startswith("same name") for k in links)


def test_adding_twice_and_reopening_change_nothing(store: Store) -> None:
    kb = KnowledgeBase.open(store)
    ids = [_save(store, kb, b) for b in (_flood(1, "2024-05-01"), _strike(1, "2024-06-11"))]
    before = (store.storylines(), store.global_entities(), store.entity_links())
    assert not kb.add(ids[0], _flood(1, "2024-05-01"))
    reopened = KnowledgeBase.open(store)
    assert reopened.index.groups() == kb.index.groups()
    assert (store.storylines(), store.global_entities(), store.entity_links()) == before


def test_opening_catches_up_on_articles_stored_without_it(store: Store) -> None:
    """As after an ingest killed between saving a brief and placing it."""
    briefs = [_flood(1, "2024-05-01"), _strike(1, "2024-06-11"), _flood(2, "2024-05-02")]
    with SqlStore("sqlite://") as clean:
        kb = KnowledgeBase.open(clean)
        for b in briefs:
            _save(clean, kb, b)
        expected = (_groups(clean), clean.global_entities(), clean.entity_links())
    kb = KnowledgeBase.open(store)
    _save(store, kb, briefs[0])
    for b in briefs[1:]:
        store.save_brief(b)  # stored, never placed
    KnowledgeBase.open(store)
    assert (_groups(store), store.global_entities(), store.entity_links()) == expected


def test_merge_and_split_round_trip_is_persisted(store: Store) -> None:
    kb = KnowledgeBase.open(store)
    _save(store, kb, _flood(1, "2024-05-01"))
    _save(store, kb, _strike(1, "2024-06-11"))
    leite = read.best_entity(store, "Eduardo Leite")
    stam = read.best_entity(store, "Niek Stam")
    merged = KnowledgeBase.open(store).merge(leite, stam)
    assert {"Eduardo Leite", "Niek Stam"} <= set(merged.aliases)
    assert {k.global_id for k in store.entity_links() if k.local_id == "e1"} == {leite}
    with pytest.raises(NotFoundError):
        store.global_entity(stam)
    reopened = KnowledgeBase.open(store)  # the merge survives a rebuild
    assert stam not in reopened.resolver.entities
    parts = reopened.split(leite)
    assert sorted(p.name for p in parts) == ["Eduardo Leite", "Niek Stam"]
    owners = {k.article_id: k.global_id for k in store.entity_links() if k.local_id == "e1"}
    assert len(set(owners.values())) == 2
    assert all("split from" in k.reason for k in store.links_of_global(leite) if k.local_id == "e1")


def test_merge_refuses_itself_and_unknown_ids(store: Store) -> None:
    kb = KnowledgeBase.open(store)
    _save(store, kb, _flood(1, "2024-05-01"))
    gid = read.best_entity(store, "Leite")
    with pytest.raises(InputError):
        kb.merge(gid, gid)
    with pytest.raises(NotFoundError):
        kb.merge(gid, "G999")
    with pytest.raises(NotFoundError):
        kb.split("G999")


def test_entity_view_has_roles_with_dates_quotes_and_events(store: Store) -> None:
    kb = KnowledgeBase.open(store)
    _save(store, kb, _flood(2, "2024-05-02"))
    _save(store, kb, _flood(1, "2024-05-01"))
    view = read.entity_view(store, read.best_entity(store, "Leite"))
    assert view.name == "Eduardo Leite"
    [governor] = view.roles
    assert (governor.title, governor.first, governor.last) == (
        "Governor",
        "2024-05-01",
        "2024-05-02",
    )
    assert sorted(governor.article_ids) == sorted(a.id for a in view.articles)
    assert [e.sentence for e in governor.evidence] == ["Eduardo Leite"] * 2
    assert [a.published for a in view.articles] == ["2024-05-01", "2024-05-02"]
    assert [q.text for q in view.quotes] == ["We will rebuild every street"] * 2
    assert {e.date for e in view.events} == {"2024-05-05"}
    assert view.events[0].place == "Porto Alegre"
    assert view.events[0].sources[0].startswith("https://news.example/flood-")
    assert [(u.name, u.article_count) for u in view.alias_uses] == [("Eduardo Leite", 2)]
    assert {c.entity.name for c in view.co_occurring} == {"Porto Alegre", "Guaiba"}
    assert [s.article_count for s in view.storylines] == [2]
    assert [(h.kind, h.reason, h.link_count) for h in view.history] == [
        ("linked", "new entity", 1),
        ("linked", "same name", 1),
    ]


def test_find_entities_scores_spellings_and_surnames(store: Store) -> None:
    kb = KnowledgeBase.open(store)
    _save(store, kb, _flood(1, "2024-05-01"))
    _save(store, kb, _strike(1, "2024-06-11"))
    exact = read.find_entities(store, "Eduardo Leite")[0]
    assert (exact.name, exact.score, exact.articles) == ("Eduardo Leite", 1.0, 1)
    assert read.find_entities(store, "leite")[0].name == "Eduardo Leite"
    assert read.find_entities(store, "Eduardo Leyte")[0].name == "Eduardo Leite"
    assert read.find_entities(store, exact.id)[0].id == exact.id
    assert read.find_entities(store, "Zanzibar") == []
    with pytest.raises(NotFoundError):
        read.best_entity(store, "Zanzibar")
    with pytest.raises(NotFoundError):
        read.best_entity(store, "Eduardo Leite", "PLACE")
    with pytest.raises(InputError):
        read.find_entities(store, "  ")


def test_timeline_of_a_storyline_and_of_an_entity(store: Store) -> None:
    kb = KnowledgeBase.open(store)
    flood = _save(store, kb, _flood(1, "2024-05-01"))
    _save(store, kb, _strike(1, "2024-06-11"))
    sid = _groups(store)[flood]
    line = read.timeline(store, sid)
    assert (line.kind, line.id, len(line.events)) == ("storyline", sid, 1)
    person = read.timeline(store, "Eduardo Leite")
    assert person.kind == "entity" and person.events == line.events
    assert read.timeline(store, "Niek Stam").events == []
    views = read.storyline_views(store)
    assert {len(v.events) for v in views} == {0, 1}


def test_entity_view_reads_only_its_most_recent_articles_but_counts_all(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = KnowledgeBase.open(store)
    saved = [_save(store, kb, _flood(n, f"2024-05-0{n}")) for n in (1, 2, 3)]
    monkeypatch.setattr(read_entities, "ENTITY_ARTICLES", 2)
    view = read.entity_view(store, read.best_entity(store, "Eduardo Leite"))
    assert view.article_count == 3
    assert {a.id for a in view.articles} == set(saved[1:])


def test_storyline_view_lists_every_article_but_merges_the_newest_events(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = KnowledgeBase.open(store)
    for n in (1, 2, 3):
        _save(store, kb, _flood(n, f"2024-05-0{n}"))
    monkeypatch.setattr(read_storylines, "STORYLINE_ARTICLES", 2)
    line = read.storyline_view(store, store.storylines()[0].id)
    assert [a.published for a in line.articles] == ["2024-05-01", "2024-05-02", "2024-05-03"]
    reports = {r.article_id for e in line.events for r in e.reports}
    newest = {a.id for a in line.articles[1:]}
    assert reports == newest
