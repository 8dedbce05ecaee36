"""Merging one event reported by several articles, and the disagreements between them, on
hand-built reports (global ids "G1"...; made-up but real-looking sentences)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib import resources
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.model import Article, Brief, Entity, Event, Evidence, Mention, Quantity, TimeRef
from newsgraph.read.events import event_mentions, merge_reports
from newsgraph.resolve.disagreements import find_disagreements, number_key
from newsgraph.resolve.events import (
    EventMention,
    dates_fit,
    day_of,
    event_id,
    group_mentions,
    merge_events,
    merge_group,
    merge_rules,
    parse_rules,
    same_event,
    types_fit,
)

RULES: dict[str, Any] = json.loads(
    resources.files("newsgraph.data").joinpath("event_merge.json").read_text("utf-8")
)
NAMES = {
    "G1": "Kenya",
    "G2": "Somalia",
    "G3": "Qatar",
    "G4": "Turkey",
    "G5": "Mogadishu",
    "G6": "al-Shabaab",
    "G7": "Baidoa",
    "G8": "African Union",
}
SENT = "Kenyan forces shelled al-Shabaab positions near Baidoa on Tuesday, officials said."


def report(
    article: str,
    *,
    index: int = 1,
    type_: str = "ASSAULT",
    date: str | None = None,
    actors: tuple[str, ...] = ("G1",),
    targets: tuple[str, ...] = ("G6",),
    mediators: tuple[str, ...] = (),
    place: str | None = None,
    status: str = "happened",
    published: str | None = "2025-06-11",
    sentence: str = SENT,
    numbers: tuple[Quantity, ...] = (),
    places: frozenset[str] = frozenset(),
    confidence: float = 0.5,
    summary: str = "Kenya shell al-Shabaab (ASSAULT)",
) -> EventMention:
    return EventMention(
        article,
        index,
        type_,
        summary,
        Evidence(sentence, 0, len(sentence)),
        status,
        date,
        published,
        f"https://{article}.example/story",
        None,
        actors,
        targets,
        mediators,
        place,
        NAMES,
        places,
        numbers,
        (),
        confidence,
    )


def count(
    text: str,
    value: float,
    unit: str | None,
    sentence: str,
    kind: str = "count",
    at: int | None = None,
) -> Quantity:
    start = sentence.index(text) if at is None else at
    return Quantity(
        text,
        kind,
        value,
        Evidence(sentence, 0, len(sentence)),
        unit=unit,
        start=start,
        end=start + len(text),
    )


def keys(groups: list[list[EventMention]]) -> set[frozenset[str]]:
    return {frozenset(m.key for m in g) for g in groups}


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize("pair", RULES["compatible_types"])
def test_every_compatible_pair_merges(pair: list[str]) -> None:
    a, b = pair
    assert types_fit(a, b) and types_fit(b, a)
    assert same_event(report("one", type_=a), report("two", type_=b))
    assert not types_fit(a, "ASSAULT" if a != "ASSAULT" else "PROTEST")


def test_compatible_pairs_close_into_classes() -> None:
    rules = parse_rules({**RULES, "compatible_types": [["A", "B"], ["C", "B"], ["D", "E"]]})
    assert types_fit("A", "C", rules) and not types_fit("A", "D", rules)


@pytest.mark.parametrize("type_", RULES["symmetric_types"])
def test_symmetric_types_let_actor_and_target_swap(type_: str) -> None:
    met = report("one", type_=type_, actors=("G1",), targets=("G2",))
    swapped = report("two", type_=type_, actors=("G2",), targets=("G1",))
    assert same_event(met, swapped)
    directed = report("one", actors=("G1",), targets=("G2",))
    assert not same_event(directed, report("two", actors=("G2",), targets=("G1",)))


@pytest.mark.parametrize(("status", "window"), sorted(RULES["date_window_days"].items()))
def test_date_window_by_status(status: str, window: int) -> None:
    first = report("one", status=status, date="2025-06-10")
    inside = report("two", status=status, date=f"2025-06-{10 + window:02d}")
    outside = report("two", status=status, date=f"2025-06-{11 + window:02d}")
    assert same_event(first, inside) and not same_event(first, outside)


@pytest.mark.parametrize(("status", "claim"), sorted(RULES["status_claims"].items()))
def test_status_claims(status: str, claim: str) -> None:
    denied = report("one", status="negated", published="2025-06-12")
    said = report("two", status=status, published="2025-06-12")
    found = find_disagreements(merge_events([denied, said]))
    assert [d.field for d in found] == ([] if claim == "negated" else ["status"])
    assert merge_rules().status_claims[status] == claim


@pytest.mark.parametrize("kind", RULES["ignored_quantity_kinds"])
def test_ignored_quantity_kinds_never_disagree(kind: str) -> None:
    sentence = "It was the third raid on the town this month, officials said."
    a = report("one", sentence=sentence, numbers=(count("third", 3, None, sentence, kind),))
    b = report("two", sentence=sentence, numbers=(count("third", 4, None, sentence, kind),))
    assert find_disagreements(merge_events([a, b])) == []


# --------------------------------------------------------------------------- same event?


@pytest.mark.parametrize(
    ("a", "b", "window", "fits"),
    [
        ("2025-06-10", "2025-06-10", 0, True),
        ("2025-06-10", "2025-06-11", 0, False),
        ("2025-06-10", "2025-06-11", 1, True),
        ("2025-06", "2025-06-28", 0, True),
        ("2025", "2025-06-28", 0, False),  # a year alone never takes in a dated event
        ("2025", "2025", 0, True),
        ("2025-06", "2025", 0, False),
        ("2025-05", "2025-06-01", 5, False),
        (None, "2025-06-10", 0, True),
        ("P2D", "2025-06-10", 0, True),
        ("2025-02-30", "2025-06-10", 0, True),
    ],
)
def test_dates_fit(a: str | None, b: str | None, window: int, fits: bool) -> None:
    assert dates_fit(a, b, window) is fits


@given(st.dates(), st.dates(), st.integers(0, 10))
def test_dates_fit_is_symmetric_and_matches_day_gap(a: Any, b: Any, window: int) -> None:
    x, y = a.isoformat(), b.isoformat()
    assert dates_fit(x, y, window) == dates_fit(y, x, window) == (abs((a - b).days) <= window)
    assert day_of(x) == (a, 3) and dates_fit(x[:7], y, 0) == (x[:7] == y[:7])


def bare(article: str, **kw: Any) -> EventMention:
    """A report that names no participant."""
    return report(article, actors=(), targets=(), **kw)


def test_reports_without_participants_need_same_type_and_place() -> None:
    assert same_event(bare("one", place="G7"), bare("two", place="G7"))
    assert not same_event(bare("one", place="G7"), bare("two", place="G5"))
    assert not same_event(bare("one"), bare("two"))
    near = frozenset({"G7"})
    assert same_event(bare("one", places=near), report("two", place="G7"))
    assert not same_event(bare("one", places=near, type_="COERCE"), bare("two", places=near))


def test_no_shared_participant_or_other_actor_is_not_one_event() -> None:
    assert not same_event(report("one"), report("two", actors=("G2",), targets=("G5",)))
    assert not same_event(report("one"), report("two", actors=("G2",)))  # who shelled differs
    assert same_event(report("one"), report("two", actors=()))  # one names no attacker
    assert not same_event(report("one"), report("one", index=2))  # one article: its own call


def test_merge_keeps_every_source_and_the_best_words() -> None:
    early = report(
        "wire",
        published="2025-06-10",
        date="2025-06-10",
        confidence=0.6,
        summary="Kenya shell al-Shabaab near Baidoa (ASSAULT)",
        place="G7",
    )
    late = report("daily", published="2025-06-12", actors=("G1", "G8"), confidence=0.5)
    other = report("daily", index=2, type_="PROTEST", actors=("G5",), targets=())
    merged = merge_events([late, other, early])
    assert [len(e.sources) for e in merged] == [2, 1]
    ev = merged[0]
    assert ev.summary == early.summary and ev.date == "2025-06-10"
    assert [s.article_id for s in ev.sources] == ["wire", "daily"]  # earliest report first
    assert [p.name for p in ev.actors] == ["Kenya", "African Union"]
    assert ev.place is not None and ev.place.name == "Baidoa"
    assert ev.confidence == 0.8 and ev.id == event_id([late, early]) == event_id([early, late])
    data = ev.to_dict()
    assert data["sources"][0] == {
        "article_id": "wire",
        "url": "https://wire.example/story",
        "published": "2025-06-10",
        "sentence": SENT,
        "start": 0,
        "end": len(SENT),
    }
    assert data["actors"][1] == {"id": "G8", "name": "African Union"}


def test_undated_event_takes_the_first_publication_date() -> None:
    ev = merge_group([report("a", published="2025-06-12"), report("b", published="2025-06-11")])
    assert ev.date == "2025-06-11"
    with pytest.raises(ValueError, match="at least one"):
        merge_group([])


def test_complete_linkage_does_not_chain_days() -> None:
    days = [report(n, date=f"2025-06-{d}") for n, d in (("a", 10), ("b", 11), ("c", 12))]
    groups = keys(group_mentions(days))
    assert frozenset({"a:1", "b:1", "c:1"}) not in groups and len(groups) == 2


def test_a_report_fitting_two_events_joins_the_closer_one() -> None:
    a = report("a", date="2025-06-10")
    b = report("b", date="2025-06-14", targets=("G2",))
    undated = report("c")  # fits both; shares the attacker and the target with "a"
    assert keys(group_mentions([undated, b, a])) == {frozenset({"a:1", "c:1"}), frozenset({"b:1"})}


_REPORTS = [
    report("a", date="2025-06-10"),
    report("b", date="2025-06-11", actors=("G1", "G8")),
    report("c", date="2025-06-12"),
    report("d", type_="AGREE", actors=("G2",), targets=("G1",)),
    report("e", type_="SUPPORT", actors=("G1",), targets=("G2",), mediators=("G3",)),
    report("f", type_="CONSULT", actors=("G1",), targets=("G2",), mediators=("G4",)),
    report(
        "a",
        index=2,
        type_="CONSULT",
        actors=("G2",),
        targets=("G1",),
        status="planned",
        date="2025-06-14",
    ),
    report("g", actors=(), targets=(), place="G7"),
    report("h", actors=(), targets=(), places=frozenset({"G7"})),
]


@given(st.permutations(_REPORTS))
def test_grouping_does_not_depend_on_input_order(shuffled: list[EventMention]) -> None:
    assert keys(group_mentions(shuffled)) == keys(group_mentions(_REPORTS))
    assert [e.to_dict() for e in merge_events(shuffled)] == [
        e.to_dict() for e in merge_events(_REPORTS)
    ]


# --------------------------------------------------------------------------- disagreements


def test_date_and_number_disagreements() -> None:
    one = "Gunmen killed at least 12 villagers near Baidoa on Tuesday, police said."
    two = "Gunmen killed 15 villagers near Baidoa on Wednesday, residents said."
    a = report(
        "one",
        sentence=one,
        date="2025-06-10",
        numbers=(count("at least 12 villagers", 12, "villager", one),),
    )
    b = report(
        "two",
        sentence=two,
        date="2025-06-11",
        numbers=(count("15 villagers", 15, "villager", two),),
    )
    (ev,) = merge_events([a, b])
    found = {d.field: d for d in find_disagreements([ev])}
    assert set(found) == {"date", "number"}
    assert [(c.value, c.article_id) for c in found["date"].values] == [
        ("2025-06-10", "one"),
        ("2025-06-11", "two"),
    ]
    assert found["number"].subject == "villager (count)"
    assert [c.value for c in found["number"].values] == ["at least 12 villagers", "15 villagers"]
    assert found["number"].values[1].sentence == two and found["number"].event_id == ev.id


def test_agreeing_sources_and_lone_reports_have_no_disagreement() -> None:
    same = report("two", date="2025-06-10", published="2025-06-12")
    assert find_disagreements(merge_events([report("one", date="2025-06-10"), same])) == []
    assert find_disagreements(merge_events([report("one", date="2025-06-10")])) == []
    assert find_disagreements(merge_events([report("one", date="2025-06"), same])) == []


def test_bare_numbers_are_keyed_by_the_word_before_them() -> None:
    one = "The blast killed 12 and wounded 30, the mayor said."
    two = "The blast killing 15 and wounding 30 shocked the town."
    nums = [
        count(t, float(t), None, s, "cardinal")
        for t, s in (("12", one), ("30", one), ("15", two), ("30", two))
    ]
    assert [number_key(q) for q in nums] == [
        ("cardinal", "after kill"),
        ("cardinal", "after wound"),
    ] * 2
    a = report("one", sentence=one, numbers=tuple(nums[:2]))
    b = report("two", sentence=two, numbers=tuple(nums[2:]))
    (d,) = find_disagreements(merge_events([a, b]))
    assert (d.field, d.subject, [c.value for c in d.values]) == (
        "number",
        "after kill (cardinal)",
        ["12", "15"],
    )


def test_a_number_a_report_gives_twice_is_not_compared() -> None:
    one = "Troops killed 12 fighters and lost 3 fighters of their own."
    two = "Troops killed 14 fighters."
    a = report(
        "one",
        sentence=one,
        numbers=(count("12 fighters", 12, "fighter", one), count("3 fighters", 3, "fighter", one)),
    )
    b = report("two", sentence=two, numbers=(count("14 fighters", 14, "fighter", two),))
    assert find_disagreements(merge_events([a, b])) == []


def test_participants_disagree_only_where_both_sources_name_the_role() -> None:
    a = report("one", type_="CONSULT", actors=("G1",), targets=("G2",), mediators=("G3",))
    b = report("two", type_="CONSULT", actors=("G2",), targets=("G1",), mediators=("G4",))
    silent = report("three", type_="CONSULT", actors=("G1", "G2"), targets=())
    found = find_disagreements(merge_events([a, b, silent]))
    assert [(d.field, d.subject) for d in found] == [("participants", "mediators")]
    assert [c.value for c in found[0].values] == ["Qatar", "Turkey"]
    shelled = report("two", actors=("G1", "G8"))
    (d,) = find_disagreements(merge_events([report("one"), shelled]))
    assert (d.subject, [c.value for c in d.values]) == ("actors", ["Kenya", "African Union, Kenya"])


def test_a_plan_reported_before_it_happened_is_not_a_disagreement() -> None:
    plan = report("one", status="planned", published="2025-06-09", date="2025-06-10")
    done = report("two", status="happened", published="2025-06-11", date="2025-06-10")
    assert find_disagreements(merge_events([plan, done])) == []
    late = report("three", status="planned", published="2025-06-12", date="2025-06-10")
    (d,) = find_disagreements(merge_events([done, late]))
    assert (d.field, [c.value for c in d.values]) == ("status", ["happened", "planned"])


def test_one_sentence_two_events_shows_a_disagreement_once() -> None:
    one, two = "Gunmen attacked Baidoa on Tuesday.", "Gunmen attacked Baidoa on Monday."
    events = [
        report(
            n, index=i, type_=t, date=d, sentence=s, actors=(), targets=(), places=frozenset({"G7"})
        )
        for n, d, s in (("one", "2025-06-10", one), ("two", "2025-06-09", two))
        for i, t in ((1, "ASSAULT"), (2, "COERCE"))
    ]
    merged = merge_events(events)
    assert len(merged) == 2
    assert [d.field for d in find_disagreements(merged)] == ["date"]


# --------------------------------------------------------------------------- from briefs


def test_event_mentions_resolve_ids_and_collect_sentence_facts() -> None:
    text = (
        "Somali troops retook Baidoa on Monday, freeing 40 hostages. "
        "The army said 40 hostages were freed."
    )
    first, second = Evidence(text[:59], 0, 59), Evidence(text[60:], 60, len(text))
    baidoa = Entity("e2", "Baidoa", "PLACE", mentions=[Mention(21, 27, "Baidoa")])
    event = Event(
        "COERCE",
        "Somalia retake Baidoa",
        first,
        actors=["e1"],
        time=TimeRef("Monday", "2025-06-09T10:00"),
        attributes={"more_evidence": [vars(second), "junk"]},
    )
    quantities = [
        count("40 hostages", 40, "hostage", text[:59], at=46),
        Quantity("40 hostages", "count", 40, second, unit="hostage", start=69, end=80),
    ]
    brief = Brief(
        Article(text, published="2025-06-10", url="https://x.example/a"),
        [Entity("e1", "Somalia", "COUNTRY"), baidoa],
        [event, Event("PROTEST", "Residents protest", second)],
        quantities=quantities,
    )
    (m, other) = event_mentions("a1", brief, {"e1": "G2"}, copies=("https://y.example/a",))
    assert (m.key, m.actors, m.date, m.published, m.places) == (
        "a1:1",
        ("G2",),
        "2025-06-09",
        "2025-06-10",
        frozenset({"a1/e2"}),
    )
    assert len(m.quantities) == 2 and m.names["a1/e2"] == "Baidoa"
    assert other.date is None and other.places == frozenset()
    only = event_mentions("a1", brief, {"e1": "G2"}, only={"e1"})
    assert [x.key for x in only] == ["a1:1"]
    (view,), found = merge_reports([m])
    assert view.sources == ["https://x.example/a", "https://y.example/a"]
    assert (view.actors, view.actor_ids, view.source_count) == (["Somalia"], ["G2"], 1)
    assert view.evidence == first.sentence and found == []


def test_export_merged_ids_follow_storylines() -> None:
    from newsgraph.export import merged_ids

    one, two, alone = report("one"), report("two"), report("three")
    ids = merged_ids({"one": [one], "two": [two], "three": [alone]}, [["one", "two"]])
    assert ids == {
        "one:1": event_id([one, two]),
        "two:1": event_id([one, two]),
        "three:1": event_id([alone]),
    }


# --------------------------------------------------------------------------- one event only


def test_a_year_alone_never_absorbs_a_dated_event() -> None:
    """ "Israel and Syria signed an agreement in 1974" is not this January's agreement, nor
    the agreement an article reports without a date as news."""
    history = report("old", type_="AGREE", actors=("G1", "G2"), targets=(), date="1974")
    dated = report("new", type_="AGREE", actors=("G1", "G2"), targets=(), date="2026-01-05")
    undated = report("news", type_="AGREE", actors=("G1", "G2"), targets=(), published="2026-01-06")
    assert not same_event(history, dated) and not same_event(history, undated)
    assert same_event(dated, undated)
    this_year = report("year", type_="AGREE", actors=("G1", "G2"), targets=(), date="2026")
    assert not same_event(this_year, dated) and not same_event(this_year, undated)
    merged = merge_events([history, dated, undated])
    assert [(e.date, len(e.sources)) for e in merged] == [("1974", 1), ("2026-01-05", 2)]


def test_meetings_in_different_places_are_different_events() -> None:
    def meeting(article: str, place: str | None, **kw: Any) -> EventMention:
        return report(article, type_="CONSULT", actors=("G1",), targets=("G2",), place=place, **kw)

    assert not same_event(meeting("one", "G5"), meeting("two", "G7"))
    assert same_event(meeting("one", "G5"), meeting("two", "G5"))
    assert same_event(meeting("one", "G5"), meeting("two", None))  # one does not say where
    # "in Mogadishu, Somalia": the sentence names the other's place too
    assert same_event(meeting("one", "G5"), meeting("two", "G2", places=frozenset({"G5", "G2"})))
    # a place the sentence merely names is not where it happened
    assert same_event(meeting("one", "G5"), meeting("two", None, places=frozenset({"G7"})))
    merged = merge_events([meeting("one", "G5"), meeting("two", "G7"), meeting("three", "G5")])
    assert sorted(len(e.sources) for e in merged) == [1, 2]


def test_another_dyad_is_another_meeting() -> None:
    ab = report("one", type_="CONSULT", actors=("G1",), targets=("G2",))
    ac = report("two", type_="CONSULT", actors=("G1",), targets=("G3",))
    abc = report("three", type_="CONSULT", actors=("G1", "G2"), targets=("G3",))
    a_only = report("four", type_="CONSULT", actors=("G1",), targets=())
    assert not same_event(ab, ac)
    assert same_event(ab, abc) and same_event(ac, abc) and same_event(ab, a_only)


def test_article_dated_reports_fit_only_the_days_before_publication() -> None:
    back = merge_rules().article_days_back
    news = report("news", published="2025-06-11")  # no date in its sentence
    for days, fits in ((0, True), (back, True), (back + 1, False)):
        day = (date(2025, 6, 11) - timedelta(days=days)).isoformat()
        assert same_event(news, report("dated", date=day)) is fits
    assert not same_event(news, report("later", published="2025-06-20"))
    assert same_event(news, report("month", date="2025-06"))


@pytest.mark.parametrize("status", sorted(RULES["status_claims"]))
def test_which_statuses_take_the_article_date(status: str) -> None:
    ev = merge_group([report("a", status=status, published="2025-06-12")])
    if status in RULES["article_dated_statuses"]:
        assert (ev.date, ev.date_source, ev.precision) == ("2025-06-12", "article", "day")
    else:  # a plan or a maybe without a date has none
        assert (ev.date, ev.date_source, ev.precision) == (None, None, None)


def test_a_sentence_date_is_kept_and_marked() -> None:
    ev = merge_group([report("a", date="2025-06", published="2025-06-12")])
    assert (ev.date, ev.date_source, ev.precision) == ("2025-06", "sentence", "month")
    assert ev.to_dict()["date_source"] == "sentence"


def test_reports_naming_no_one_are_never_merge_hubs() -> None:
    """ "someone agreed" with no date to the day joins nothing, so it cannot gather the
    year's agreements into one entry."""
    vague = bare("vague", type_="AGREE", place="G5", published=None)
    day_one = report("one", type_="AGREE", place="G5", date="2025-06-10", published=None)
    day_two = report("two", type_="AGREE", place="G5", date="2025-08-01", published=None)
    assert not same_event(vague, day_one) and not same_event(vague, day_two)
    groups = keys(group_mentions([vague, day_one, day_two]))
    assert groups == {frozenset({"vague:1"}), frozenset({"one:1"}), frozenset({"two:1"})}


def test_disagreements_stay_within_one_event() -> None:
    paris = report("one", type_="CONSULT", targets=("G2",), place="G5", date="2025-06-10")
    baku = report("two", type_="CONSULT", targets=("G2",), place="G7", date="2025-06-11")
    assert len(merge_events([paris, baku])) == 2
    assert find_disagreements(merge_events([paris, baku])) == []
