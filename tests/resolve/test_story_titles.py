"""Who a storyline is between and the title that says it: only parties that act
politically are named, a statement makes no dyad, a dyad titles a storyline only when its
kind is an interaction and it is well supported, else the headline the others echo."""

from __future__ import annotations

import pytest

from newsgraph.model import Article, Brief, Entity, Event, Evidence
from newsgraph.resolve.story_parties import LEAD_WEIGHT, parties_of, political_sectors
from newsgraph.resolve.story_titles import (
    About,
    about,
    dyad_title,
    kind_words,
    representative_headline,
    storyline_title,
    well_supported,
)

SENTENCE = "The governor met the group's leaders in the city on Monday."


def _event(actor: str, target: str, code: str = "", *, statement: bool = False) -> Event:
    return Event(
        type="STATEMENT" if statement else "CONSULT",
        summary="met",
        evidence=Evidence(SENTENCE, 0, len(SENTENCE)),
        cameo="010" if statement else "040",
        actors=[actor],
        targets=[target],
        actor_codes={actor: code} if code else {},
        statement=statement,
    )


def _brief(entities: list[Entity], events: list[Event]) -> Brief:
    return Brief(Article(text=SENTENCE), entities=entities, events=events)


@pytest.mark.parametrize("sector", sorted(political_sectors()))
def test_a_person_acting_for_a_state_or_a_force_is_a_named_party(sector: str) -> None:
    ents = [Entity("e1", "Dana Morel", "PERSON"), Entity("e2", "Jonas Halt", "PERSON")]
    parties = parties_of(_brief(ents, [_event("e1", "e2", sector)]))
    assert parties.dyads == {"dana morel|jonas halt": LEAD_WEIGHT}
    assert parties.labels == {"dana morel": "Dana Morel"}  # Halt acts for no one


def test_a_river_taken_for_an_organisation_is_never_named() -> None:
    ents = [Entity("e1", "Ana Ferraz", "PERSON"), Entity("e2", "Guarapa", "ORG")]
    parties = parties_of(_brief(ents, [_event("e1", "e2", "GOV")]))
    assert set(parties.dyads) == {"ana ferraz|guarapa"}  # it still groups
    assert "guarapa" not in parties.labels
    assert about(parties.dyads, {}, parties.kinds, parties.labels, {}).dyads == []


def test_a_known_organisation_and_a_country_are_named() -> None:
    ents = [Entity("e1", "Hamas", "ORG"), Entity("e2", "Egypt", "COUNTRY", country="EGY")]
    parties = parties_of(_brief(ents, [_event("e1", "e2")]))
    assert parties.labels == {"hamas": "Hamas", "EGY": "Egypt"}


def test_a_business_code_does_not_make_a_party_political() -> None:
    ents = [Entity("e1", "Lena Voss", "PERSON"), Entity("e2", "Mark Dole", "PERSON")]
    parties = parties_of(_brief(ents, [_event("e1", "e2", "BUS")]))
    assert parties.labels == {}


def test_a_statement_makes_no_dyad() -> None:
    ents = [Entity("e1", "Kenya", "COUNTRY", country="KEN"), Entity("e2", "Uganda", "COUNTRY")]
    parties = parties_of(_brief(ents, [_event("e1", "e2", "KEN", statement=True)]))
    assert parties.dyads == {} and parties.kinds == {}


def test_an_article_counts_at_most_a_leads_weight() -> None:
    ents = [Entity("e1", "Kenya", "COUNTRY", country="KEN"), Entity("e2", "Uganda", "COUNTRY")]
    parties = parties_of(_brief(ents, [_event("e1", "e2"), _event("e2", "e1")]))
    assert parties.dyads == {"KEN|UGA": LEAD_WEIGHT}


@pytest.mark.parametrize("kind", ["STATEMENT", "APPOINT", "RESIGN", "ELECT", "", "UNKNOWN"])
def test_a_kind_that_is_no_interaction_gives_no_dyad_title(kind: str) -> None:
    assert kind not in kind_words()
    assert dyad_title(About([("ISR", "LBN")], [], kind, {"ISR": "Israel", "LBN": "Lebanon"})) == ""


@pytest.mark.parametrize(
    ("weight", "articles", "supported"),
    [
        (2.0, 1, True),  # the lead of a lone article
        (1.0, 1, False),  # one body sentence
        (2.0, 2, False),  # one article of two: the other says nothing of it
        (3.0, 2, True),  # a lead and a body
        (4.0, 2, True),
        (4.0, 6, False),  # two articles of six
        (6.0, 6, True),
        (2.0, 13, False),
    ],
)
def test_a_dyad_names_a_storyline_only_when_well_supported(
    weight: float, articles: int, supported: bool
) -> None:
    talks = About([("ARM", "AZE")], [], "CONSULT", {"ARM": "Armenia", "AZE": "Azerbaijan"}, weight)
    assert well_supported(talks, articles) is supported
    titles = ["Talks resume in Geneva on the border"] * articles
    expected = "Armenia–Azerbaijan talks" if supported else titles[0]
    assert storyline_title(talks, titles, {}) == expected


def test_about_keeps_its_weight_through_json() -> None:
    talks = About([("ARM", "AZE")], ["USA"], "CONSULT", {"ARM": "Armenia"}, 3.0)
    assert About.from_dict(talks.to_dict()) == talks
    assert About.from_dict({"dyads": [["A", "B"]]}).weight == 0.0  # stored before weights


def test_the_headline_the_others_echo_beats_a_follow_up_repeating_its_own_words() -> None:
    titles = [
        "Floods force thousands from homes in Lajeado",
        "Lajeado flood waters begin to recede",
    ]
    words = {"flood": 0.5, "lajeado": 0.5, "water": 0.4, "begin": 0.2, "recede": 0.2}
    words |= {"force": 0.1, "thousand": 0.1, "home": 0.1}  # the centroid favours the second
    assert representative_headline(titles, words) == titles[0]
    assert representative_headline(titles[::-1], words) == titles[1]  # equals: the first


def test_without_echoes_the_headline_closest_to_the_words_wins() -> None:
    titles = ["Dock workers walk out over pay", "Container ships wait outside the port"]
    assert representative_headline(titles, {"ship": 1.0, "port": 1.0}) == titles[1]
    assert representative_headline(["Photo: Getty Images"], {}) == ""
