"""Cross-document clustering of mentions within a storyline, on hand-made mentions."""

from __future__ import annotations

from newsgraph.model import Article, Brief, Entity, EntityMention, Evidence, Mention, Role
from newsgraph.resolve.mentions import StoryArticle, resolve_storyline, role_heads


def _brief(text: str, entities: list[Entity]) -> Brief:
    return Brief(document=Article(text=text), entities=entities)


def _person(eid: str, name: str, start: int, roles: list[Role] | None = None) -> Entity:
    return Entity(
        eid, name, "PERSON", mentions=[Mention(start, start + len(name), name)], roles=roles or []
    )


def _m(start: int, text: str, kind: str, head: str, local: str | None = None) -> EntityMention:
    return EntityMention(start, start + len(text), text, kind, head, local)  # type: ignore[arg-type]


def test_names_nominals_pronouns_and_times_across_articles() -> None:
    a = _brief(
        "Karl Weber, the driver, fled on Monday. He was caught.", [_person("e1", "Karl Weber", 0)]
    )
    b = _brief(
        "The driver Karl Weber was caught. Police said the car was stolen.",
        [_person("e1", "Karl Weber", 11)],
    )
    arts = [
        StoryArticle(
            "a",
            a,
            [
                _m(0, "Karl Weber", "name", "weber", "e1"),
                _m(16, "driver", "nominal", "driver", "e1"),
                _m(30, "on Monday", "time", "monday", "TT:monday"),
                _m(41, "He", "pronoun", "he", "e1"),
            ],
        ),
        StoryArticle(
            "b",
            b,
            [
                _m(11, "Karl Weber", "name", "weber", "e1"),
                _m(4, "driver", "nominal", "driver"),
                _m(53, "car", "nominal", "car"),
                _m(60, "Monday", "time", "monday", "TT:monday"),
            ],
        ),
    ]
    labels = resolve_storyline(arts, prefix="S1")
    weber = labels["a", 0, 10]
    assert labels["b", 11, 21] == weber
    assert labels["a", 41, 43] == weber
    assert labels["b", 4, 10] == weber  # the driver was tied to Weber in article a
    assert labels["a", 30, 39] == labels["b", 60, 66]
    assert labels["b", 53, 56] == "S1:N:car"
    assert all(label.startswith("S1:") for label in labels.values())


def test_unresolved_pronouns_are_left_out() -> None:
    arts = [
        StoryArticle(
            n,
            _brief("They left. The car", []),
            [_m(0, "They", "pronoun", "they"), _m(15, "car", "nominal", "car")],
        )
        for n in ("a", "b")
    ]
    labels = resolve_storyline(arts)
    assert ("a", 0, 4) not in labels and ("b", 0, 4) not in labels
    assert labels["a", 15, 18] == labels["b", 15, 18]


def test_a_noun_tied_to_two_entities_groups_by_lemma() -> None:
    a = _brief("Karl Weber", [_person("e1", "Karl Weber", 0)])
    b = _brief("Anna Kowalski", [_person("e1", "Anna Kowalski", 0)])
    arts = [
        StoryArticle("a", a, [_m(20, "driver", "nominal", "driver", "e1")]),
        StoryArticle("b", b, [_m(20, "driver", "nominal", "driver", "e1")]),
        StoryArticle("c", _brief("", []), [_m(0, "driver", "nominal", "driver")]),
    ]
    labels = resolve_storyline(arts, prefix="S")
    assert labels["c", 0, 6] == "S:N:driver"
    assert labels["a", 20, 26] != labels["b", 20, 26]


def test_nominal_naming_an_organisation_joins_it() -> None:
    org = Entity("e1", "Coastal Navy", "ORG", mentions=[Mention(0, 12, "Coastal Navy")])
    arts = [
        StoryArticle(
            "a", _brief("Coastal Navy", [org]), [_m(0, "Coastal Navy", "name", "navy", "e1")]
        ),
        StoryArticle("b", _brief("the navy", []), [_m(4, "navy", "nominal", "navy")]),
    ]
    labels = resolve_storyline(arts)
    assert labels["b", 4, 8] == labels["a", 0, 12]


def test_role_heads_take_the_last_word_of_short_titles() -> None:
    ev = Evidence("", 0, 0)
    brief = _brief(
        "",
        [
            _person(
                "e1",
                "Karl Weber",
                0,
                [
                    Role("chief executive", None, ev),
                    Role("said on Monday that he would be stepping down", None, ev),
                ],
            )
        ],
    )
    assert role_heads(brief) == {"executive": {"e1"}}
