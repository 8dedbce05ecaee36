"""The contract every Store backend meets (run once per backend, see conftest.BACKENDS)."""

from __future__ import annotations

import copy
import hashlib
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from store_briefs import (
    FUEL_TEXT,
    filler_brief,
    fuel_brief,
    lithium_brief,
    rain_brief,
    unspaced_briefs,
)

from newsgraph import read
from newsgraph.errors import InputError, NotFoundError, StoreError
from newsgraph.model import Article, Brief, Entity, brief_from_dict
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.store import ArticleStore, KnowledgeStore, LedgerStore, Store, schema
from newsgraph.store.base import canonical_url


def _sha16(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_implements_protocol(store: Store) -> None:
    assert isinstance(store, Store)
    assert all(isinstance(store, p) for p in (ArticleStore, LedgerStore, KnowledgeStore))


def _methods(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_") and callable(getattr(cls, name))}


def test_every_method_belongs_to_one_concern(store: Store) -> None:
    """No method in two concerns, and none a backend offers outside them (but close)."""
    concerns = [_methods(p) for p in (ArticleStore, LedgerStore, KnowledgeStore)]
    assert sum(map(len, concerns)) == len(set().union(*concerns))
    assert _methods(type(store)) == set().union(*concerns) | {"close"} == _methods(Store)


# ------------------------------------------------------------------ round trip and identity


def test_round_trip_equals_brief(store: Store) -> None:
    brief = fuel_brief()
    result = store.save_brief(brief)
    assert result.created
    stored = store.get_brief(result.article_id)
    assert stored == brief
    assert stored.to_dict() == brief.to_dict()
    assert brief_from_dict(stored.to_dict()) == brief


def test_id_is_hash_of_canonical_url(store: Store) -> None:
    result = store.save_brief(fuel_brief())
    assert result.article_id == _sha16("https://www.example-news.com/business/kenya-fuel-levy")


def test_id_without_url_is_hash_of_normalised_text(store: Store) -> None:
    brief = rain_brief()
    result = store.save_brief(brief)
    normalised = " ".join(brief.document.text.split()).casefold()
    assert result.article_id == _sha16(normalised)


def test_resave_same_url_updates_one_row(store: Store) -> None:
    first = store.save_brief(fuel_brief())
    again = store.save_brief(fuel_brief())
    variant = store.save_brief(
        fuel_brief(url="HTTPS://WWW.Example-News.com/business/kenya-fuel-levy/?utm_medium=rss#top")
    )
    assert (again.created, variant.created) == (False, False)
    assert first.article_id == again.article_id == variant.article_id
    assert store.count_articles() == 1


def test_resave_same_text_without_url_updates_one_row(store: Store) -> None:
    first = store.save_brief(rain_brief())
    respaced = rain_brief()
    respaced.document.text = "  " + respaced.document.text.upper().replace(" ", "\n ")
    again = store.save_brief(respaced)
    assert not again.created
    assert again.article_id == first.article_id
    assert store.count_articles() == 1
    assert store.get_brief(first.article_id).document.text == respaced.document.text


def test_same_text_later_with_url_keeps_its_id(store: Store) -> None:
    first = store.save_brief(rain_brief())
    again = store.save_brief(rain_brief(url="https://coast.example.com/floods"))
    assert (again.article_id, again.created) == (first.article_id, False)
    [summary] = store.list_articles()
    assert summary.url == "https://coast.example.com/floods"


def test_url_of_one_article_with_text_of_another_is_refused(store: Store) -> None:
    store.save_brief(fuel_brief())
    store.save_brief(rain_brief())
    clash = rain_brief(url=fuel_brief().document.url)
    with pytest.raises(StoreError, match="its URL is stored as article"):
        store.save_brief(clash)
    assert store.count_articles() == 2


def test_update_replaces_the_stored_brief(store: Store) -> None:
    old = fuel_brief()
    article_id = store.save_brief(old).article_id
    new = fuel_brief()
    new.document.title = "Kenya halves fuel levy"
    new.document.text = FUEL_TEXT.replace("8 percent", "half") + " Matatu owners cheered."
    new.entities = [Entity(id="x1", name="Matatu Owners Association", type="ORG")]
    new.quotes = []
    result = store.save_brief(new)
    assert (result.article_id, result.created) == (article_id, False)
    assert store.get_brief(article_id) == new
    assert [h.article_id for h in store.search("matatu")] == [article_id]
    assert store.search("percent") == []
    [summary] = store.list_articles()
    assert (summary.title, summary.entity_count, summary.quote_count) == (new.document.title, 1, 0)


def test_caller_mutating_a_saved_brief_changes_nothing(store: Store) -> None:
    brief = fuel_brief()
    article_id = store.save_brief(brief).article_id
    kept = copy.deepcopy(brief)
    brief.entities.clear()
    brief.document.title = "changed"
    assert store.get_brief(article_id) == kept


def test_brief_without_url_or_text_is_refused(store: Store) -> None:
    with pytest.raises(InputError, match="neither a URL nor body text"):
        store.save_brief(Brief(document=Article(text="  ")))


# ------------------------------------------------------------------ lookup by id


def test_unique_prefix_finds_the_article(store: Store) -> None:
    article_id = store.save_brief(fuel_brief()).article_id
    store.save_brief(rain_brief())
    assert store.get_brief(article_id[:6]).document.title == "Kenya to cut fuel levy"
    assert store.get_brief(article_id.upper()).document.title == "Kenya to cut fuel levy"


def test_ambiguous_prefix_is_an_input_error(store: Store) -> None:
    # 17 ids over 16 hex digits: two must share their first character.
    ids = [store.save_brief(filler_brief(n)).article_id for n in range(17)]
    shared = next(i[0] for i in ids if sum(j[0] == i[0] for j in ids) > 1)
    with pytest.raises(InputError, match="ambiguous"):
        store.get_brief(shared)


@pytest.mark.parametrize("bad", ["0000000000000000", "fffff", "not-an-id", "1' OR '1'='1", "%"])
def test_unknown_id_is_not_found(store: Store, bad: str) -> None:
    store.save_brief(fuel_brief())
    with pytest.raises(NotFoundError):
        store.get_brief(bad)


def test_empty_id_is_an_input_error(store: Store) -> None:
    with pytest.raises(InputError):
        store.get_brief(" ")


# ------------------------------------------------------------------ listing


def test_list_articles_newest_first_with_counts(store: Store) -> None:
    fuel = store.save_brief(fuel_brief()).article_id
    rain = store.save_brief(rain_brief()).article_id
    lithium = store.save_brief(lithium_brief()).article_id
    listed = store.list_articles()
    assert [a.id for a in listed] == [rain, fuel, lithium]  # 2024-04-28, 2024-02-13, undated
    by_id = {a.id: a for a in listed}
    assert (by_id[fuel].entity_count, by_id[fuel].quote_count) == (3, 2)
    assert by_id[fuel].published == "2024-02-13"
    assert by_id[lithium].url == canonical_url(lithium_brief().document.url or "")
    assert store.count_articles() == 3


def test_list_articles_pages(store: Store) -> None:
    for n in range(5):
        store.save_brief(filler_brief(n))
    everything = [a.id for a in store.list_articles()]
    assert [a.id for a in store.list_articles(limit=2, offset=1)] == everything[1:3]
    assert store.list_articles(limit=10, offset=5) == []


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (-1, 0), (5, -1)])
def test_bad_paging_is_an_input_error(store: Store, limit: int, offset: int) -> None:
    with pytest.raises(InputError):
        store.list_articles(limit=limit, offset=offset)


# ------------------------------------------------------------------ entities


def _resolved(store: Store, *briefs: Brief) -> list[str]:
    """Save and resolve the briefs, as ingest does: the entity lists read resolved ones."""
    kb = KnowledgeBase.open(store)
    ids = []
    for brief in briefs:
        ids.append(store.save_brief(brief).article_id)
        kb.add(ids[-1], brief)
    return ids


def test_entities_resolved_across_articles(store: Store) -> None:
    fuel, lithium = _resolved(store, fuel_brief(), lithium_brief())
    rows = read.entity_list(store)
    kenya = next(r for r in rows if r.type == "COUNTRY" and r.name.casefold() == "kenya")
    assert kenya.article_count == 2
    assert {k.article_id for k in store.links_of_global(kenya.id)} == {fuel, lithium}
    assert kenya.country == "KEN"
    assert "Kenyan Republic" in kenya.aliases
    assert rows[0] == kenya  # the most widely reported entity comes first
    person = next(r for r in rows if r.name == "Njuguna Ndung'u")
    assert "Ndung'u" in person.aliases and person.article_count == 1


def test_entities_filter_by_type(store: Store) -> None:
    _resolved(store, fuel_brief(), lithium_brief())
    people = read.entity_list(store, "person")
    assert sorted(r.name for r in people) == ["Aurora Williams", "Njuguna Ndung'u"]
    assert {r.type for r in read.entity_list(store, "COUNTRY")} == {"COUNTRY"}
    assert len(read.entity_list(store, limit=2)) == 2


def test_entities_unknown_type_lists_valid_ones(store: Store) -> None:
    with pytest.raises(InputError, match="PERSON, ORG, COUNTRY"):
        read.entity_list(store, "planet")


def test_entities_empty_store(store: Store) -> None:
    assert read.entity_list(store) == []


# ------------------------------------------------------------------ search


def test_search_finds_words(store: Store) -> None:
    fuel = store.save_brief(fuel_brief()).article_id
    rain = store.save_brief(rain_brief()).article_id
    store.save_brief(lithium_brief())
    assert [h.article_id for h in store.search("motorists")] == [fuel]
    assert [h.article_id for h in store.search("FAMILIES moved")] == [rain]
    assert [h.article_id for h in store.search('"higher ground"')] == [rain]
    assert store.search('"ground higher"') == []
    assert store.search("motorists families") == []  # every word must match
    assert {h.article_id for h in store.search("Kenya")} >= {fuel, rain}


def test_search_title_words_and_hit_fields(store: Store) -> None:
    article_id = store.save_brief(rain_brief()).article_id
    [hit] = store.search("floods")
    assert (hit.article_id, hit.title, hit.published) == (
        article_id,
        "Floods hit Mombasa",
        "2024-04-28",
    )
    assert isinstance(hit.rank, float)


def test_search_ranks_the_better_match_first(store: Store) -> None:
    store.save_brief(fuel_brief())
    lithium = store.save_brief(lithium_brief()).article_id
    hits = store.search("lithium")
    assert hits[0].article_id == lithium
    assert hits == sorted(hits, key=lambda h: -h.rank)


def test_snippet_marks_the_match_in_plain_text(store: Store) -> None:
    brief = rain_brief()
    brief.document.text += " Residents said <b>roads</b> & bridges were cut off."
    store.save_brief(brief)
    [hit] = store.search("bridges")
    assert "«bridges»" in hit.snippet
    assert "&amp;" not in hit.snippet and "<mark>" not in hit.snippet
    [hit] = store.search("roads")
    assert "<b>«roads»</b>" in hit.snippet


def test_search_limit(store: Store) -> None:
    for n in range(4):
        store.save_brief(filler_brief(n))
    assert len(store.search("harbour", limit=2)) == 2
    with pytest.raises(InputError):
        store.search("harbour", limit=0)


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_query_is_an_input_error(store: Store, query: str) -> None:
    with pytest.raises(InputError, match="empty"):
        store.search(query)


HOSTILE = [
    '"foo AND (',
    "NEAR/",
    "NEAR(fuel levy)",
    "fuel NEAR/2 levy",
    "*",
    "fuel*",
    "^fuel",
    "title:fuel",
    "-fuel",
    "fuel OR",
    "AND",
    "NOT NOT",
    '"',
    '""',
    "'); DROP TABLE articles; --",
    "%",
    "_",
    "\\",
    "{fuel}",
    "fuel +levy",
    "😀",
    "ﬁnance",
    "\x00",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(store: Store, query: str) -> None:
    store.save_brief(fuel_brief())
    hits = store.search(query)
    assert isinstance(hits, list)
    assert store.count_articles() == 1


def test_operator_words_are_searched_as_words(store: Store) -> None:
    fuel = store.save_brief(fuel_brief()).article_id
    assert [h.article_id for h in store.search("fuel NEAR/2 levy")] == []  # "near" is a word
    assert [h.article_id for h in store.search('"fuel levy" AND (')] == []  # so is "and"
    assert [h.article_id for h in store.search("kenya:fuel -levy*")] == [fuel]


# ------------------------------------------------------------------ search, every script


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("习近平", ["zh", "zh-mention"]),  # three characters inside a longer run of Han
        ("北京", ["zh", "zh-mention"]),  # two characters: shorter than a trigram
        ("马克龙", ["zh"]),
        ("习近平 马克龙", ["zh"]),  # every word must match, as in English
        ("上海", []),
        ("首相", ["ja"]),
        ("記者会見", ["ja"]),
        ("ירושלים", ["he"]),  # written "בירושלים", "in Jerusalem"
        ("הסחר", ["he"]),
        ("القاهرة", ["ar"]),
        ("سلام", ["ar"]),  # written "السلام", "the peace"
        ("بغداد", []),
    ],
)
def test_search_finds_words_of_unspaced_scripts(
    store: Store, query: str, expected: list[str]
) -> None:
    ids = {key: store.save_brief(brief).article_id for key, brief in unspaced_briefs().items()}
    store.save_brief(fuel_brief())
    hits = store.search(query)
    assert sorted(h.article_id for h in hits) == sorted(ids[key] for key in expected)
    for hit in hits:
        assert "«" in hit.snippet and "»" in hit.snippet
        assert isinstance(hit.rank, float)


def test_unspaced_search_ranks_title_matches_first_and_marks_them(store: Store) -> None:
    briefs = unspaced_briefs()
    mention = store.save_brief(briefs["zh-mention"]).article_id
    titled = store.save_brief(briefs["zh"]).article_id
    hits = store.search("习近平")
    assert [h.article_id for h in hits] == [titled, mention]
    assert "«习近平»" in hits[1].snippet
    assert [h.article_id for h in store.search("习近平", limit=1)] == [titled]


def test_english_search_keeps_whole_words(store: Store) -> None:
    """A substring search is for scripts that need it: "cut" finds no "cutting" in ..."""
    store.save_brief(fuel_brief())
    store.save_brief(unspaced_briefs()["zh"])
    assert store.search("inister") == []  # never a match inside an English word
    assert store.search("levy") != []


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(min_size=1, max_size=40))
def test_any_text_query_is_safe(store: Store, query: str) -> None:
    if store.count_articles() == 0:
        store.save_brief(fuel_brief())
    if not query.strip():
        with pytest.raises(InputError):
            store.search(query)
    else:
        assert isinstance(store.search(query), list)


# ------------------------------------------------------------------ transactions


def test_failed_update_keeps_old_data(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    old = fuel_brief()
    article_id = store.save_brief(old).article_id
    new = replace(fuel_brief(), entities=[Entity(id="z", name="Zanzibar Ferries", type="ORG")])
    new.document.text = "Zanzibar ferries stopped sailing."

    def fail_halfway(*_args: object) -> None:
        raise RuntimeError("disk full")

    # The article row (and search index) is already rewritten when the child rows fail.
    monkeypatch.setattr(store, "_insert_children", fail_halfway)
    with pytest.raises(RuntimeError, match="disk full"):
        store.save_brief(new)
    with pytest.raises(RuntimeError):
        store.save_brief(rain_brief())
    monkeypatch.undo()

    assert store.count_articles() == 1
    assert store.get_brief(article_id) == old
    assert [h.article_id for h in store.search("motorists")] == [article_id]
    assert store.search("zanzibar") == []
    with store._read() as conn:  # the failed save's entity rows were rolled back too
        names = conn.execute(select(schema.entities.c.name)).scalars().all()
    assert "Zanzibar Ferries" not in names
    assert store.save_brief(rain_brief()).created  # the store still works


def test_unserialisable_brief_is_an_input_error(store: Store) -> None:
    brief = fuel_brief()
    brief.events[0].attributes = {"bad": object()}
    with pytest.raises(InputError, match="JSON"):
        store.save_brief(brief)
    assert store.count_articles() == 0
