"""Entity mentions, coreference and types on short news sentences."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.model import Caption, Entity
from newsgraph.nlp.coref import same_person_name, surname_key
from newsgraph.nlp.entities import _headline_verb, find_mentions
from newsgraph.nlp.people import add_captions, build_entities

RULES = json.loads(resources.files("newsgraph.data").joinpath("ner_rules.json").read_text())


def _entities(nlp: Language, text: str, published: date | None = None) -> list[Entity]:
    return build_entities(nlp(text), published).entities


def _by_name(ents: list[Entity], name: str) -> Entity:
    found = [e for e in ents if e.name == name]
    assert found, f"{name!r} not in {[e.name for e in ents]}"
    return found[0]


def test_surname_joins_full_name(nlp: Language) -> None:
    ents = _entities(
        nlp,
        "Angela Merkel arrived in Brussels on Monday. Merkel said the summit would be difficult.",
    )
    merkel = _by_name(ents, "Angela Merkel")
    assert merkel.type == "PERSON"
    assert "Merkel" in merkel.aliases
    assert len(merkel.mentions) == 2
    assert sum(1 for e in ents if e.type == "PERSON") == 1


def test_arabic_particle_surname(nlp: Language) -> None:
    ents = _entities(
        nlp, "Supporters of Hafez al-Rashid gathered in Cairo. Rashid later addressed the crowd."
    )
    person = _by_name(ents, "Hafez al-Rashid")
    assert "Rashid" in person.aliases


def test_demonym_and_name_are_one_country(nlp: Language) -> None:
    ents = _entities(
        nlp, "French officials met their German counterparts. France and Germany signed the accord."
    )
    france = _by_name(ents, "France")
    assert france.type == "COUNTRY" and france.country == "FRA"
    assert "French" in france.aliases
    assert _by_name(ents, "Germany").country == "DEU"


def test_capital_as_government_and_as_place(nlp: Language) -> None:
    ents = _entities(nlp, "Moscow rejected the proposal. The delegation later flew to Moscow.")
    russia = _by_name(ents, "Russia")
    assert russia.type == "COUNTRY" and "Moscow" in russia.aliases
    places = [e for e in ents if e.type == "PLACE"]
    assert any(e.name == "Moscow" and e.country == "RUS" for e in places)


def test_direction_plus_country_is_a_place(nlp: Language) -> None:
    ents = _entities(nlp, "Troops remain deployed in northern Iraq, the ministry said.")
    region = _by_name(ents, "northern Iraq")
    assert region.type == "PLACE" and region.country == "IRQ"


def test_acronym_with_org_noun(nlp: Language) -> None:
    ents = _entities(nlp, "NPA forces withdrew from the village overnight.")
    assert _by_name(ents, "NPA").type == "ORG"


def test_known_acronym_expands(nlp: Language) -> None:
    ents = _entities(nlp, "The IAEA said inspectors would return in March.")
    agency = _by_name(ents, "International Atomic Energy Agency")
    assert "IAEA" in agency.aliases


def test_religious_minority_is_a_group(nlp: Language) -> None:
    ents = _entities(nlp, "Leaders of the Yazidi community met the governor.")
    assert _by_name(ents, "Yazidi").type == "GROUP"


def test_hyphenated_place_after_preposition(nlp: Language) -> None:
    ents = _entities(nlp, "The two leaders met at Kfar-a-Nahum on Friday.")
    assert any(e.type == "PLACE" and "Nahum" in e.name for e in ents)


def test_month_is_not_a_place(nlp: Language) -> None:
    ents = _entities(nlp, "The government fell in December 2019.")
    assert not any("December" in e.name for e in ents)


def test_same_person_name_tolerates_misspelt_first_name() -> None:
    assert same_person_name("Yosef Kaplan", "Yoesf Kaplan")
    assert not same_person_name("Yosef Kaplan", "Miriam Kaplan")
    assert surname_key("Omar al-Bashir") == surname_key("Bashir") == "bashir"


def test_caption_variant_spelling_joins_body_entity(nlp: Language) -> None:
    doc = nlp("Mikhail Petrenko, a close adviser of the governor, met reporters on Friday.")
    index = build_entities(doc, None)
    add_captions(index, [Caption("Mikhial Petrenko", "Anna Kovac/Reuters")], nlp)
    ents = index.entities
    person = _by_name(ents, "Mikhail Petrenko")
    assert "Mikhial Petrenko" in person.aliases
    photographer = _by_name(ents, "Anna Kovac")
    assert photographer.mentions == []
    assert any("photo" in r.title for r in photographer.roles)
    agency = _by_name(ents, "Reuters")
    assert agency.type == "ORG"
    assert photographer.roles[0].of == agency.id


def test_org_typed_person_with_person_role_becomes_person(nlp: Language) -> None:
    ents = _entities(nlp, "The panel is chaired by Oskar Lindqvist, a veteran diplomat.")
    person = next(e for e in ents if "Lindqvist" in e.name)
    assert person.type == "PERSON"


def test_title_separates_namesakes(nlp: Language) -> None:
    text = (
        "Hillary Clinton campaigned in Ohio on Monday. Her opponent criticised President "
        "Clinton's record on trade, and Clinton defended her own plans."
    )
    ents = build_entities(nlp(text), None).entities
    hillary = _by_name(ents, "Hillary Clinton")
    bill = _by_name(ents, "Bill Clinton")
    assert len(bill.mentions) == 1 and bill.mentions[0].text == "Clinton"
    assert len(hillary.mentions) == 2


def test_surname_typed_as_a_place_joins_the_person(nlp: Language) -> None:
    text = (
        "Adam Schiff, the top Democrat on the committee, spoke on Monday. The administration "
        "may be reluctant to act, Schiff said."
    )
    ents = build_entities(nlp(text), None).entities
    schiff = _by_name(ents, "Adam Schiff")
    assert len(schiff.mentions) == 2
    assert not any(e.name == "Schiff" for e in ents)


def test_country_name_typed_as_person_is_the_country(nlp: Language) -> None:
    from newsgraph.nlp.entities import _country_not_person

    doc = nlp("Mali Jordan Chad")
    assert _country_not_person(doc[0:1])
    assert not _country_not_person(doc[1:2])  # also a given name: may be a person
    assert not _country_not_person(doc[2:3])


def test_surname_with_a_known_office_gets_the_full_name(nlp: Language) -> None:
    text = "President Obama met the committee on Monday. Obama said the talks were useful."
    ents = build_entities(nlp(text), None).entities
    obama = _by_name(ents, "Barack Obama")
    assert "Obama" in obama.aliases and len(obama.mentions) == 2


def test_surname_alone_stays_a_surname_without_evidence(nlp: Language) -> None:
    ents = build_entities(nlp("Johnson said the plan would cost too much."), None).entities
    assert any(e.name == "Johnson" for e in ents)


def test_office_on_the_date_names_a_surname_only_in_that_country(nlp: Language) -> None:
    from datetime import date

    uk = "Johnson told reporters in Britain that the plan would work."
    golf = "Johnson finished two shots clear at the Masters on Sunday."
    day = date(2020, 6, 1)
    assert any(e.name == "Boris Johnson" for e in build_entities(nlp(uk), day).entities)
    assert any(e.name == "Johnson" for e in build_entities(nlp(golf), day).entities)


def test_known_city_after_locative_word_is_a_place_throughout(nlp: Language) -> None:
    ents = _entities(
        nlp,
        "Floods cut off roads in Valencia on Sunday. Regional president Carlos Mazon asked "
        "the army to evacuate riverside districts of Valencia.",
    )
    places = [e for e in ents if e.name == "Valencia"]
    assert [e.type for e in places] == ["PLACE"]
    assert len(places[0].mentions) == 2


def test_city_named_surname_of_a_named_person_stays_a_person(nlp: Language) -> None:
    ents = _entities(
        nlp,
        "Prosecutor Maria Valencia filed charges on Monday. Valencia said the case was strong.",
    )
    assert _by_name(ents, "Maria Valencia").type == "PERSON"
    assert all(e.type != "PLACE" for e in ents if e.name == "Valencia")


def _typed_mentions(nlp: Language, text: str) -> set[tuple[str, str]]:
    return {(m.text, e.type) for e in _entities(nlp, text) for m in e.mentions}


def test_results_lines_name_clubs(nlp: Language) -> None:
    """Scorelines and standings rows type their names as clubs, whatever the model read."""
    found = _typed_mentions(
        nlp,
        "SOCCER - SCOTTISH LEAGUE CUP RESULTS\n"
        "Results of Scottish league cup matches on Saturday:\n"
        "Hibernian 2 Kilmarnock 1\n"
        "Dundee United 0 Aberdeen 3\n"
        "Standings:\n"
        "Hibernian 5 3 1 1 9 4 10",
    )
    for club in ("Hibernian", "Kilmarnock", "Dundee United", "Aberdeen"):
        assert (club, "ORG") in found, (club, found)


def test_results_line_keeps_national_sides_as_countries(nlp: Language) -> None:
    found = _typed_mentions(
        nlp,
        "SOCCER - WORLD CUP QUALIFYING RESULTS\n"
        "Results of World Cup qualifying matches in the league on Saturday:\n"
        "Norway 3 Hungary 0\n",
    )
    assert ("Norway", "COUNTRY") in found and ("Hungary", "COUNTRY") in found


def test_name_and_bracketed_acronym_are_two_mentions(nlp: Language) -> None:
    found = _typed_mentions(
        nlp, "The National League for Democracy (NLD) called for talks with the junta."
    )
    assert ("National League for Democracy", "ORG") in found
    assert ("NLD", "ORG") in found


def test_description_after_a_name_is_not_part_of_it(nlp: Language) -> None:
    found = _typed_mentions(nlp, "South Korea's Yonhap news agency reported the talks had stalled.")
    assert ("Yonhap", "ORG") in found


def test_known_organisation_typed_as_person_is_an_organisation(nlp: Language) -> None:
    found = _typed_mentions(nlp, "The statement by Jemaah Islamiyah was posted online.")
    assert ("Jemaah Islamiyah", "ORG") in found


def test_results_list_name_with_bracketed_country_is_a_person(nlp: Language) -> None:
    """The small model often types an athlete in a results list as ORG; the bracketed
    nation after the name says it is a person."""
    doc = nlp(
        "ATHLETICS - RESULTS\n1. Gete Wami ( Ethiopia ) 4:05.23\n2. Acme Group ( Kenya ) 4:06"
    )
    wami = next(i for i, t in enumerate(doc) if t.text == "Gete")
    group = next(i for i, t in enumerate(doc) if t.text == "Acme")
    doc.ents = [Span(doc, wami, wami + 2, label="ORG"), Span(doc, group, group + 2, label="ORG")]
    found = {(m.text, m.type) for m in find_mentions(doc)}
    assert ("Gete Wami", "PERSON") in found
    assert ("Acme Group", "ORG") in found  # an organisation word keeps it an organisation


def test_results_lines_under_a_sport_name_clubs(nlp: Language) -> None:
    """A results block with few sports words still names clubs: its lines and the sport."""
    found = _typed_mentions(
        nlp,
        "RUGBY UNION - WELSH RESULTS\n"
        "Results of Welsh matches on Saturday:\n"
        "Neath 21 Pontypridd 18\n"
        "Bridgend 9 Ebbw Vale 30",
    )
    for club in ("Neath", "Pontypridd", "Bridgend", "Ebbw Vale"):
        assert (club, "ORG") in found, (club, found)


def _forced(nlp: Language, text: str, words: str, label: str = "ORG") -> Doc:
    """``text`` parsed, with the model's entities replaced by one span over ``words``
    (the long span the small model sometimes makes)."""
    doc = nlp(text)
    start = text.index(words)
    span = doc.char_span(start, start + len(words), label=label)
    assert span is not None
    doc.ents = [span]
    return doc


def test_upper_case_headline_is_cut_at_its_verb(nlp: Language) -> None:
    doc = _forced(nlp, "BASEBALL - ORIOLES BEAT YANKEES\n", "ORIOLES BEAT YANKEES")
    found = {m.text for m in find_mentions(doc)}
    assert {"ORIOLES", "YANKEES"} <= found and "ORIOLES BEAT YANKEES" not in found


@pytest.mark.parametrize("word", RULES["headline_cuts"])
def test_every_headline_cut_word_cuts(nlp: Language, word: str) -> None:
    doc = nlp(f"ORIOLES {word.upper()} YANKEES")
    assert _headline_verb(doc[1])
    assert not _headline_verb(nlp(f"Orioles {word} Yankees")[1])  # only in upper case


@pytest.mark.parametrize("sep", [",", "or", ";"])
def test_a_list_of_names_is_several_mentions(nlp: Language, sep: str) -> None:
    text = f"Analysts at Mellon Bank {sep} Chase Manhattan agreed."
    doc = _forced(nlp, text, f"Mellon Bank {sep} Chase Manhattan")
    found = {m.text for m in find_mentions(doc)}
    assert {"Mellon Bank", "Chase Manhattan"} <= found


def test_known_organisation_the_model_missed_is_found(nlp: Language) -> None:
    doc = nlp("Gunmen from Boko Haram attacked the town.")
    doc.ents = []  # the model found nothing here
    assert ("Boko Haram", "ORG") in {(m.text, m.type) for m in find_mentions(doc)}


def test_organisation_gazetteer_skips_ordinary_words(nlp: Language) -> None:
    """Lower-case words and sentence-initial common words are never names from the list."""
    doc = nlp("Amnesty was granted to the army. Mercy and justice matter, the council said.")
    doc.ents = []
    assert not [m for m in find_mentions(doc) if m.type == "ORG"]


def test_known_place_typed_as_organisation_is_a_place(nlp: Language) -> None:
    doc = _forced(nlp, "Police said the protest in Aachen was peaceful.", "Aachen")
    assert ("Aachen", "PLACE") in {(m.text, m.type) for m in find_mentions(doc)}
