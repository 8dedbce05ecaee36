"""Event extraction on short sentences: types, participants, status, attributes, merging."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from newsgraph.config import MAX_MERGE_LOOKBACK
from newsgraph.model import Attribution, Event, Evidence
from newsgraph.nlp.event_lexicon import coded_type, load_lexicon
from newsgraph.nlp.event_merge import Candidate, merge_candidates
from newsgraph.nlp.events import _Doc, extract_events
from newsgraph.nlp.people import build_entities
from newsgraph.nlp.times import extract_times

ANCHOR = date(2025, 3, 10)


def _events(
    nlp: Language, text: str, attributions: list[Attribution] | None = None
) -> tuple[list[Event], dict[str, str]]:
    doc = nlp(text)
    index = build_entities(doc, ANCHOR)
    times = extract_times(doc, ANCHOR)
    events = extract_events(doc, index, times, attributions or [], ANCHOR)
    return events, {e.id: e.name for e in index.entities}


def _one(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert len(found) == 1, [(e.type, e.summary) for e in events]
    return found[0]


def test_meeting_with_demonym_actors_place_time_and_codes(nlp: Language) -> None:
    events, names = _events(nlp, "Senior Kenyan and Ugandan officials met in Geneva on Monday.")
    e = _one(events, "CONSULT")
    assert {names[a] for a in e.actors} == {"Kenya", "Uganda"}
    assert e.place is not None and names[e.place] == "Geneva"
    assert e.time is not None and e.time.value == "2025-03-10"
    assert set(e.actor_codes.values()) == {"KEN GOV", "UGA GOV"}
    assert e.status == "happened"


def test_agreed_to_resume_is_agree_happened_and_talks_planned(nlp: Language) -> None:
    events, names = _events(nlp, "Chancellor Olaf Scholz agreed to resume negotiations.")
    agree = _one(events, "AGREE")
    assert agree.status == "happened" and names[agree.actors[0]] == "Olaf Scholz"
    assert _one(events, "CONSULT").status == "planned"


def test_negated_and_expected_events(nlp: Language) -> None:
    events, _ = _events(nlp, "The Peruvian president did not meet the Chilean president.")
    assert _one(events, "CONSULT").status == "negated"
    events, _ = _events(nlp, "Peru and Chile are expected to meet in Lima.")
    assert _one(events, "CONSULT").status == "planned"
    events, _ = _events(nlp, "Peru will sanction Bolivia if the talks fail.")
    assert _one(events, "SANCTION").status == "planned"


def test_progressive_meeting_is_ongoing(nlp: Language) -> None:
    events, _ = _events(nlp, "Kenyan and Somali officials are meeting today in Nairobi.")
    assert _one(events, "CONSULT").status == "ongoing"


def test_request_from_x_to_y_is_nominal_request(nlp: Language) -> None:
    text = "The vote followed a formal request from Olaf Scholz to Emmanuel Macron."
    events, names = _events(nlp, text)
    e = _one(events, "REQUEST")
    assert [names[a] for a in e.actors] == ["Olaf Scholz"]
    assert [names[t] for t in e.targets] == ["Emmanuel Macron"]


def test_resignation_and_regime_collapse_as_nouns(nlp: Language) -> None:
    text = (
        "The crisis deepened after the resignation of Peru's interior minister, "
        "Carlos Rivera. The collapse of Evo Morales's government in 2019 shocked Bolivia."
    )
    events, names = _events(nlp, text)
    assert names[_one(events, "RESIGN").actors[0]] == "Carlos Rivera"
    collapse = _one(events, "REGIME_CHANGE")
    assert names[collapse.actors[0]] == "Evo Morales"
    assert collapse.time is not None and collapse.time.value == "2019"


def test_mediation_round_duration_and_merge(nlp: Language) -> None:
    text = (
        "Ethiopian and Egyptian officials are meeting today in Doha, marking the third "
        "round of talks between the two countries. The negotiations are being mediated by "
        "Amina Mohammed and are expected to continue over three days. "
        "The talks come after months of tension."
    )
    events, names = _events(nlp, text)
    talks = [e for e in events if e.type == "CONSULT" and e.cameo != "045"]
    assert len(talks) == 1, [e.summary for e in events]
    t = talks[0]
    assert t.attributes["round"] == 3 and t.attributes["duration"] == "P3D"
    assert [names[m] for m in t.mediators] == ["Amina Mohammed"]
    assert len(t.attributes["more_evidence"]) == 2
    mediation = next(e for e in events if e.cameo == "045")
    assert {names[x] for x in mediation.targets} == {"Ethiopia", "Egypt"}


def test_separate_meetings_stay_separate(nlp: Language) -> None:
    text = (
        "Narendra Modi met Fumio Kishida in Tokyo last week. "
        "Olaf Scholz met Emmanuel Macron in Berlin on Monday."
    )
    events, _ = _events(nlp, text)
    assert len([e for e in events if e.type == "CONSULT"]) == 2


def test_talks_that_broke_down_take_their_parties_from_between(nlp: Language) -> None:
    events, names = _events(nlp, "Earlier talks between Chad and Sudan broke down last year.")
    e = _one(events, "REJECT")
    assert {names[a] for a in e.actors} == {"Chad", "Sudan"}


def test_passive_appointment_inherits_the_appointer(nlp: Language) -> None:
    text = (
        "Olaf Scholz appointed a new team headed by Anna Berg. The team includes Jonas "
        "Weber, who has been nominated to lead the central bank."
    )
    events, names = _events(nlp, text)
    appoint = [e for e in events if e.type == "APPOINT"]
    assert len(appoint) == 2
    assert names[appoint[0].targets[0]] == "Anna Berg"
    nominated = appoint[1]
    assert nominated.attributes["mode"] == "nominate" and nominated.attributes["actor_inferred"]
    assert names[nominated.actors[0]] == "Olaf Scholz"


def test_military_operation_needs_armed_forces(nlp: Language) -> None:
    events, _ = _events(nlp, "Turkish troops operated inside Iraqi territory in May.")
    assert _one(events, "MOBILIZE").actor_codes
    events, _ = _events(nlp, "The Turkish bank operated inside Iraq in May.")
    assert not [e for e in events if e.type == "MOBILIZE"]


def test_sources_come_from_the_sentence_attributions(nlp: Language) -> None:
    text = "Kenya and Uganda agreed to reopen the border, according to two officials."
    doc_evidence = Evidence(text, 0, len(text))
    attribution = Attribution(
        "Kenya and Uganda agreed", "an official and another source", True, doc_evidence
    )
    events, _ = _events(nlp, text, [attribution])
    assert _one(events, "AGREE").sources == ["an official", "another source"]


def test_speaker_demand_is_a_request(nlp: Language) -> None:
    events, names = _events(nlp, "Germany said that Russia must withdraw its troops.")
    req = _one(events, "REQUEST")
    assert [names[a] for a in req.actors] == ["Germany"]
    assert [names[t] for t in req.targets] == ["Russia"]


def test_coded_type_follows_cameo_conventions() -> None:
    assert coded_type("AID", "planned", "intent") == "AGREE"
    assert coded_type("SANCTION", "planned", "intent") == "THREATEN"
    assert coded_type("CONSULT", "negated", None) == "REJECT"
    assert coded_type("RESIGN", "happened", None) == "RETREAT"
    assert coded_type("APPOINT", "happened", None) is None
    assert coded_type("CONCEDE", "hypothetical", "demand") == "REQUEST"
    assert coded_type("ASSAULT", "happened", None) == "ASSAULT"


WORDS = [
    "Kenya",
    "met",
    "talks",
    "the",
    "and",
    "resignation",
    "of",
    "Uganda",
    "officials",
    "agreed",
    "to",
    "between",
    "not",
    "will",
    "attack",
    ",",
    ".",
    "their",
    "meeting",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
def test_any_word_soup_gives_well_formed_events(nlp: Language, words: list[str]) -> None:
    text = " ".join(words)
    events, names = _events(nlp, text)
    for e in events:
        assert 0 <= e.evidence.start <= e.evidence.end <= len(text)
        assert set(e.actors + e.targets + e.mediators) <= set(names)
        assert 0.0 < e.confidence <= 1.0


def _meeting(n: int, sent: int, actors: list[str]) -> Candidate:
    evidence = Evidence(f"s{sent}", 10 * sent, 10 * sent + 9)
    event = Event(type="CONSULT", summary="", evidence=evidence, cameo="040", actors=actors)
    return Candidate(event=event, token=n, sent=sent, depth=1, nominal=False, cameos={"040"})


def test_merging_many_distinct_events_is_bounded_and_said() -> None:
    """Every earlier event of the type was compared with each candidate: a list of
    thousands of distinct meetings cost their square. Now the latest MAX_MERGE_LOOKBACK."""
    cands = [_meeting(n, n, [f"a{n}", f"b{n}"]) for n in range(MAX_MERGE_LOOKBACK + 50)]
    notes: list[str] = []
    kept, where = merge_candidates(cands, notes)
    assert len(kept) == len(cands) and where[7] == 7
    assert notes and f"latest {MAX_MERGE_LOOKBACK}" in notes[0]


def test_one_event_told_many_times_keeps_each_sentence_once() -> None:
    cands = [_meeting(n, n // 2, ["a", "b"]) for n in range(2_000)]  # two mentions a sentence
    notes: list[str] = []
    kept, where = merge_candidates(cands, notes)
    assert len(kept) == 1 and set(where.values()) == {0} and not notes
    more = kept[0].event.attributes["more_evidence"]
    assert [m["start"] for m in more] == [10 * s for s in range(1, 1_000)]


def test_times_are_looked_up_by_position(nlp: Language) -> None:
    doc = nlp("Talks were held on Monday. They resume in March, and end in June.")
    times = extract_times(doc, ANCHOR)
    d = _Doc(doc, build_entities(doc, ANCHOR), times, [], load_lexicon())
    assert [t.text for t in d.times_between(0, 26)] == ["Monday"]
    assert [t.text for t in d.times_between(27, len(doc.text))] == ["March", "June"]
    assert d.times_between(100, 200) == []
