"""Storylines split by who the story is between: two negotiations under one mediator, in
one city, on the same days, are two storylines, each named for its dyad; the read side
shows and filters by the dyad."""

from __future__ import annotations

import json

import pytest

from newsgraph import read
from newsgraph.model import Article, Brief
from newsgraph.nlp.convert import load_nlp
from newsgraph.pipeline import analyse_many
from newsgraph.read.story_about import matches
from newsgraph.resolve.story_features import features_from_brief, headline
from newsgraph.resolve.story_titles import About, dyad_title, kind_words
from newsgraph.resolve.storylines import StorylineIndex

TALKS = [  # (headline, body): A-B talks, A-B again in other words, A-C talks twice
    (
        "Armenia and Azerbaijan resume border talks in Geneva",
        "Armenian and Azerbaijani officials met in Geneva on Monday to resume negotiations "
        "on a border agreement, the third round of talks between the two countries. The "
        "talks are mediated by the United States, whose special envoy said both delegations "
        "had agreed on an agenda. Officials said the meetings would continue on Tuesday.",
    ),
    (
        "Geneva round brings Yerevan and Baku closer on frontier deal",
        "Azerbaijani and Armenian negotiators met in Geneva on Tuesday for a second day of "
        "US-mediated talks. Azerbaijan's foreign minister spent three hours with his "
        "counterpart, and the American envoy said the sides narrowed their differences over "
        "the demarcation of the frontier.",
    ),
    (
        "Armenia and Turkey open talks on reopening their border",
        "Armenian and Turkish diplomats met in Geneva on Monday to discuss reopening the "
        "border between the two countries, closed for three decades. The talks are mediated "
        "by the United States, whose special envoy hosted the delegations. Officials said "
        "the meetings would continue on Tuesday.",
    ),
    (
        "Ankara and Yerevan discuss rail link as Geneva talks go on",
        "Turkey and Armenia held a second day of US-mediated talks in Geneva on Tuesday. "
        "Turkey's deputy foreign minister met Armenian officials to discuss a rail link "
        "across the frontier, and the American envoy said both sides wanted a deal soon.",
    ),
]


QUAKE = [  # a disaster: a governor meets an aid group in one article; no one's talks
    (
        "Earthquake leaves thousands homeless in Manisa",
        "A magnitude 6.1 earthquake struck Manisa province early on Tuesday, destroying "
        "hundreds of homes. Governor Enver Ünlü evacuated 4,000 residents from the old town "
        "and the Red Crescent sent tents to villages along the Gediz river, officials said.",
    ),
    (
        "Aftershocks rattle Manisa as rescuers search rubble",
        "Rescuers searched collapsed buildings in Manisa on Wednesday as aftershocks shook "
        "the province. Governor Enver Ünlü met Red Crescent teams at the Gediz river camp "
        "and said more tents would arrive from Izmir.",
    ),
]


@pytest.fixture(scope="module")
def briefs() -> list[Brief]:
    articles = [
        Article(text=body, title=title, published=f"2026-03-0{2 + n % 2}")
        for n, (title, body) in enumerate(TALKS)
    ]
    return list(analyse_many(articles, load_nlp()))


def _index(briefs: list[Brief]) -> StorylineIndex:
    index = StorylineIndex()
    for n, b in enumerate(briefs):
        index.add(features_from_brief(b, f"a{n}"))
    index.refine()
    return index


def test_talks_between_other_parties_under_one_mediator_are_another_storyline(
    briefs: list[Brief],
) -> None:
    groups = _index(briefs).groups()
    assert groups["a0"] == groups["a1"]  # one negotiation told in other words
    assert groups["a2"] == groups["a3"]
    assert groups["a0"] != groups["a2"]  # same envoy, city and days; other parties


def test_a_storyline_is_named_for_its_dyad_mediator_and_kind(briefs: list[Brief]) -> None:
    index = _index(briefs)
    titles = {index.storylines[index.home(a)].title for a in ("a0", "a2")}
    assert titles == {"Armenia–Azerbaijan talks, US-mediated", "Armenia–Türkiye talks, US-mediated"}


def test_a_disaster_story_keeps_its_headline() -> None:
    articles = [
        Article(text=body, title=title, published=f"2026-02-0{3 + n}")
        for n, (title, body) in enumerate(QUAKE)
    ]
    index = _index(list(analyse_many(articles, load_nlp())))
    assert index.groups()["a0"] == index.groups()["a1"]
    assert index.storylines[index.home("a0")].title == QUAKE[0][0]


def test_the_mediator_is_not_a_party(briefs: list[Brief]) -> None:
    f = features_from_brief(briefs[0], "a0")
    assert set(f.dyads) == {"ARM|AZE"}
    assert set(f.mediators) == {"USA"}


@pytest.mark.parametrize("kind", sorted(kind_words()))
def test_every_kind_has_a_title_word(kind: str) -> None:
    about = About([("ISR", "LBN")], [], kind, {"ISR": "Israel", "LBN": "Lebanon"})
    assert dyad_title(about) == f"Israel–Lebanon {kind_words()[kind]}"


def test_a_person_mediator_is_named() -> None:
    about = About([("a", "b")], ["c"], "CONSULT", {"a": "North", "b": "South", "c": "Jo Envoy"})
    assert dyad_title(about) == "North–South talks, mediated by Jo Envoy"


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "",
            "Photo: Getty Images\nFloods cut roads across the valley\nMore text.",
            "Floods cut roads across the valley",
        ),
        (
            "",
            "AP Photo/Jane Doe\nVoters queue for hours in the capital",
            "Voters queue for hours in the capital",
        ),
        (
            "World News",
            "Rebels seize a border town overnight\nBody.",
            "Rebels seize a border town overnight",
        ),
        ("Talks stall over water rights", "Body.", "Talks stall over water rights"),
    ],
)
def test_a_headline_is_never_a_credit_or_a_section_label(
    title: str, text: str, expected: str
) -> None:
    assert headline(title, text) == expected


def test_filters_by_actor_and_dyad() -> None:
    about = About(
        [("ARM", "AZE")],
        ["USA"],
        "CONSULT",
        {"ARM": "Armenia", "AZE": "Azerbaijan", "USA": "United States"},
    )
    assert matches(about, "US", None)  # the mediator, by another of its names
    assert matches(about, None, "azerbaijani,Armenia")  # a demonym, either order
    assert not matches(about, None, "Armenia,Turkey")
    assert not matches(about, "Turkey", None)


def test_the_read_model_and_the_api_carry_the_dyad(briefs: list[Brief]) -> None:
    from fastapi.testclient import TestClient

    from newsgraph.api import KnowledgeBase, open_store
    from newsgraph.web import create_app

    with open_store(":memory:") as store:
        kb = KnowledgeBase.open(store)
        for b in briefs:
            kb.add(store.save_brief(b).article_id, b)
        views = read.storyline_views(store, dyad="Armenia,Azerbaijan")
        assert len(views) == 1
        view = views[0]
        assert sorted(view.dyad) == ["Armenia", "Azerbaijan"]
        assert view.mediators == ["United States"]
        assert view.kind == "CONSULT"
        client = TestClient(create_app(store))
        listed = client.get("/api/storylines", params={"dyad": "Armenia,Türkiye"}).json()
        assert [s["title"] for s in listed] == ["Armenia–Türkiye talks, US-mediated"]
        one = client.get(f"/api/storylines/{view.id}").json()
        assert sorted(one["dyad"]) == ["Armenia", "Azerbaijan"]
        page = client.get(f"/storylines/{view.id}").text
        assert "mediated by</strong> United States" in page
        assert json.dumps(one["mediators"]) == '["United States"]'
