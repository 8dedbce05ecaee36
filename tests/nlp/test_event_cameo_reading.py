"""How a CAMEO coder reads a single news sentence: who makes a statement when the sentence
alone cannot place the speaker, criticism in a speaker's own words, 'according to X',
acts said not to or only possibly to happen, and a few acts the lexicon read wrongly
(a job offered, a question asked, attacks carried out, hostages taken, a vow of revenge,
violence by criminals)."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from newsgraph.nlp.event_merge import Candidate
from newsgraph.nlp.events import event_candidates
from newsgraph.nlp.people import build_entities

ANCHOR = date(2025, 3, 10)


def _candidates(nlp: Language, text: str) -> list[Candidate]:
    doc = nlp(text)
    return event_candidates(doc, build_entities(doc, ANCHOR))


def _codes(nlp: Language, text: str) -> set[str]:
    return {c.event.cameo for c in _candidates(nlp, text) if c.event.cameo}


def _roots(nlp: Language, text: str) -> set[str]:
    return {code[:2] for code in _codes(nlp, text)}


# ----------------------------------------------------------------------------- speakers


@pytest.mark.parametrize(
    "text",
    [
        "Mr Okafor said the ministry would publish the figures next week.",
        "Just 13 of Kenya's 349 MPs are women, he added.",
        "She said the government had broken its word to the unions.",
        "Party chief executive Lord Ashby said the new appointment was a significant "
        "strengthening of the team.",
    ],
)
def test_a_speaker_the_sentence_cannot_place_makes_a_statement(nlp: Language, text: str) -> None:
    assert "01" in _roots(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "It was a terrible blow to the family, he said.",
        "Okafor said the team had played well in the second half of the match.",
        "Okafor said the company's quarterly profits rose 12 percent on higher sales.",
        "The company's chief executive said quarterly profits rose 12 percent.",
    ],
)
def test_no_statement_where_the_words_are_private_or_of_a_game_or_a_firm(
    nlp: Language, text: str
) -> None:
    assert _roots(nlp, text) == set()


def test_according_to_a_political_source_is_its_statement(nlp: Language) -> None:
    said = [c for c in _candidates(nlp, "According to Amnesty International, the plan is new.")]
    assert [(c.event.cameo, c.event.attributes["predicate"]) for c in said] == [
        ("010", "according to")
    ]
    assert "Amnesty" in said[0].arg_spans["actors"][0].text


def test_according_to_a_study_is_no_statement(nlp: Language) -> None:
    text = "According to the new study, average temperatures have risen sharply."
    assert _roots(nlp, text) == set()


# ----------------------------------------------------------------------------- criticism


@pytest.mark.parametrize(
    "text",
    [
        "Opposition leader Maria Lopez said the new stadium was a disgraceful waste of "
        "public money.",
        "Senator Ruth Adeyemi said the minister's plan was an irresponsible publicity stunt.",
        "The minister branded the protesters traitors.",
        "Senator Ruth Adeyemi described the conditions in the camp as unacceptable.",
    ],
)
def test_criticism_in_the_speakers_words_is_cameo_111(nlp: Language, text: str) -> None:
    cands = _candidates(nlp, text)
    assert "111" in {c.event.cameo for c in cands}
    critic = next(c for c in cands if c.event.cameo == "111")
    assert critic.event.type == "ACCUSE" and not critic.event.statement


@pytest.mark.parametrize(
    "text",
    [
        "Senator Ruth Adeyemi said the minister was not to blame for the delays.",
        "Senator Ruth Adeyemi said the talks had been constructive.",
    ],
)
def test_a_statement_without_a_judgement_stays_root_01(nlp: Language, text: str) -> None:
    assert _roots(nlp, text) == {"01"}


# ----------------------------------------------------------------------------- unreal acts


@pytest.mark.parametrize(
    "text",
    [
        "Ethiopia did not attack the convoy on Monday.",
        "The army could have stormed the building.",
        "Police can arrest anyone who blocks the road.",
        "Iran would respond to any strike on its soil.",
    ],
)
def test_acts_said_not_to_or_only_possibly_to_happen_are_no_events(
    nlp: Language, text: str
) -> None:
    assert not {"17", "18", "19"} & _roots(nlp, text)
    assert "14" not in _roots(nlp, text)


def test_a_condition_is_no_event_but_the_threat_it_conditions_is(nlp: Language) -> None:
    roots = _roots(nlp, "If Russia invades Ukraine, the EU will impose sanctions.")
    assert "19" not in roots and "13" in roots


@pytest.mark.parametrize(
    "text",
    [
        "The governor would use the money to give teachers a pay rise.",
        "Ethiopia might recall its ambassador from Egypt.",
    ],
)
def test_a_possibility_in_the_writers_words_is_no_event(nlp: Language, text: str) -> None:
    assert [c.event.type for c in _candidates(nlp, text)] == []


def test_an_intention_nobody_holds_is_no_event(nlp: Language) -> None:
    """A coder codes an intention as its holder's (CAMEO 03, 13); a passive plan names none."""
    assert _roots(nlp, "New casinos will be banned from using such tricks.") == set()
    assert "13" in _roots(nlp, "Kenya will ban imports from Somalia.")


@pytest.mark.parametrize(
    "text",
    [
        "Kenya said it would withdraw its ambassador from Somalia.",
        "Egypt may recall its ambassador, the foreign ministry said.",
    ],
)
def test_would_and_may_in_reported_speech_keep_the_intention(nlp: Language, text: str) -> None:
    assert [c for c in _candidates(nlp, text) if not c.event.statement]


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Kenya did not agree to the ceasefire.", "12"),
        ("Yemen has rejected a US request to interrogate the detainees.", "02"),
    ],
)
def test_refused_cooperation_and_a_rejected_request_stay(
    nlp: Language, text: str, root: str
) -> None:
    assert root in _roots(nlp, text)


# ----------------------------------------------------------------------------- senses


@pytest.mark.parametrize(
    "text",
    [
        "Few voters found the speech compelling, especially given that turnout was low.",
        "Rubin was asked by the moderator whether his tax plan would cost billions.",
        "The president has offered the job to a former governor.",
        "It will give the rest of the world the view that the island is like any other.",
        "The messages released on New Year's Eve were hard to search.",
        "The former candidate hosts a popular radio show in Atlanta.",
        "The executive concedes that it is up to the ministers to approve the leave.",
        "The media owner is taking over from him on an interim basis.",
        "Congress, seeking to ensure the agency's independence, changed its funding.",
        "Yvon Dubois was named chief operating officer of the grocery chain's board.",
        "Oscar nominations for the best films of the year will be announced in January.",
        "Turnout will have recovered by the time of the election after next.",
        "A gas cylinder exploded in the kitchen of the restaurant.",
        "The speaker gave the chief of staff a heads up about his decision.",
    ],
)
def test_words_in_another_sense_are_no_event(nlp: Language, text: str) -> None:
    assert [c.event.type for c in _candidates(nlp, text) if not c.event.statement] == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Somali pirates have carried out 100 attacks in the Gulf of Aden.", "180"),
        ("Gunmen took two aid workers hostage in Darfur.", "181"),
        ("The rebels held the engineers hostage for a month.", "181"),
        ("The suspect was taken into custody on Friday.", "173"),
        ("Police took the opposition leader into custody in Harare.", "173"),
        ("The minister pledged a campaign of counter-measures against the rebels.", "130"),
        ("The president vowed to hunt down those responsible for the bombing.", "130"),
        ("Gunmen attacked a bus in northern Kenya.", "180"),
        ("Rebels attacked an army base in northern Mali.", "190"),
        ("Japan pledged to rebuild the port in Tonga.", "030"),
        ("The army told residents to leave the border town.", "100"),
        ("Belarus released two Lithuanian activists on Friday.", "0841"),
        ("The army took over the state broadcaster.", "192"),
        ("Ukraine sought air defence systems from Germany.", "020"),
        ("The rebels gave up their weapons in Goma.", "080"),
        ("A car bomb exploded outside the interior ministry in Kabul.", "1832"),
        ("The suspect is being held in the county jail.", "173"),
        ("Greenpeace sued the Norwegian government over oil licences.", "115"),
    ],
)
def test_acts_coded_at_their_cameo_code(nlp: Language, text: str, code: str) -> None:
    assert code in _codes(nlp, text)


def test_a_vow_of_revenge_is_a_threat_event(nlp: Language) -> None:
    cands = _candidates(nlp, "The minister vowed revenge against the rebels.")
    assert {c.event.type for c in cands} == {"THREATEN"}


def test_generic_plural_attacks_are_no_event(nlp: Language) -> None:
    assert _roots(nlp, "Attacks on civilians are rising across the region.") == set()


def test_telling_someone_something_is_speech_not_an_order(nlp: Language) -> None:
    assert _roots(nlp, "The minister told reporters that the talks were going well.") == {"01"}


def test_a_lawsuit_between_private_parties_is_no_event(nlp: Language) -> None:
    text = "The tenant sued her landlord for the return of the deposit."
    assert "11" not in _roots(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "According to the criminal complaint, the man was taken to hospital.",
        "Stocks fell sharply on the eve of the election.",
    ],
)
def test_an_event_noun_as_a_source_or_a_date_is_no_event(nlp: Language, text: str) -> None:
    assert [c.event.type for c in _candidates(nlp, text) if not c.event.statement] == []
