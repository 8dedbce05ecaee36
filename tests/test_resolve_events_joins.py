"""The joins that recover one event from its differently worded reports: participants
compared by name where resolution kept two ids apart, reports naming no one joined on the
same deed where no date can tell them apart, and the most precise reports grouped first.
Short made-up articles (real-looking sentences) go through the real entity resolution
(``resolve.entities``) and ``read.events``, as an ingest would send them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from newsgraph.model import (
    Article,
    Brief,
    Entity,
    EntityType,
    Event,
    EventStatus,
    Evidence,
    Mention,
    TimeRef,
)
from newsgraph.read.events import event_mentions, merge_reports
from newsgraph.resolve.entities import EntityResolver
from newsgraph.resolve.events import (
    EventMention,
    actorless_fit,
    group_mentions,
    one_id_per_name,
    predicate_of,
    same_event,
    same_name,
)


@dataclass(frozen=True)
class Told:
    """One event as an article tells it: the sentence, who (names as the tagger typed
    them), the predicate and the type."""

    sentence: str
    type: str
    predicate: str
    actors: tuple[tuple[str, EntityType], ...] = ()
    targets: tuple[tuple[str, EntityType], ...] = ()
    place: tuple[str, EntityType] | None = None
    date: str | None = None
    status: EventStatus = "happened"


def brief_of(told: Told, published: str | None) -> Brief:
    """The brief the pipeline would give for a one-sentence article."""
    text = told.sentence
    named = [*told.actors, *told.targets, *([told.place] if told.place else [])]
    entities = [
        Entity(
            f"e{n}",
            name,
            kind,
            mentions=[Mention(text.index(name), text.index(name) + len(name), name)],
        )
        for n, (name, kind) in enumerate(named, start=1)
    ]
    ids = {e.name: e.id for e in entities}
    who = " and ".join(name for name, _ in told.actors) or "someone"
    summary = f"{who} {told.predicate} ({told.type})"
    if told.targets:
        summary += " -> " + " and ".join(name for name, _ in told.targets)
    event = Event(
        told.type,
        summary,
        Evidence(text, 0, len(text)),
        actors=[ids[n] for n, _ in told.actors],
        targets=[ids[n] for n, _ in told.targets],
        place=ids[told.place[0]] if told.place else None,
        time=TimeRef("then", told.date) if told.date else None,
        status=told.status,
        attributes={"predicate": told.predicate},
    )
    return Brief(
        Article(text, published=published, url=f"https://{len(text)}.example/"), entities, [event]
    )


def reports(*articles: tuple[str, Told], published: str | None = None) -> list[EventMention]:
    """Each article's report, its entities resolved across the articles in order."""
    resolver = EntityResolver()
    out: list[EventMention] = []
    for article_id, told in articles:
        brief = brief_of(told, published)
        linked = {link.entity_id: link.global_id for link in resolver.add(article_id, brief)}
        out += event_mentions(article_id, brief, linked)
    return out


HOST = "Comedian Nora Quill will host the Oscars next year, the Academy announced."
HOST_AGAIN = "Producers said Nora Quill would return to host the annual Oscar ceremony."


def test_a_participant_the_tagger_typed_twice_is_one_participant() -> None:
    """ "Oscars" tagged an organisation and "Oscar" a person are two resolved entities;
    the reports still name one ceremony and are one event, with one target."""
    a = Told(HOST, "CONSULT", "host", (("Nora Quill", "PERSON"),), (("Oscars", "ORG"),))
    b = Told(HOST_AGAIN, "CONSULT", "host", (("Nora Quill", "PERSON"),), (("Oscar", "PERSON"),))
    one, two = reports(("one", a), ("two", b))
    assert one.targets != two.targets  # resolution kept them apart
    (view,), found = merge_reports([one, two])
    assert view.source_count == 2 and len(view.targets) == 1
    assert found == []  # not a "participants" disagreement between the sources


def test_participants_of_another_name_stay_apart() -> None:
    a = Told(HOST, "CONSULT", "host", (("Nora Quill", "PERSON"),), (("Oscars", "ORG"),))
    b = Told(
        "Comedian Nora Quill will host the Emmys next year, the Academy announced.",
        "CONSULT",
        "host",
        (("Nora Quill", "PERSON"),),
        (("Emmys", "ORG"),),
    )
    views, _ = merge_reports(reports(("one", a), ("two", b)))
    assert len(views) == 2


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Oscars", "Oscar", True),  # within resolution's fuzzy threshold
        ("Sam's Club", "Sam’s Club", True),  # one spelling key
        ("Muammar Qadhafi", "Muammar Gaddafi", True),  # transliteration folded
        ("Comedian Nora Quill", "Nora Quill", True),  # names.compare_people: one person
        ("Mark Kelly", "Scott Kelly", False),  # given names clash
        ("Iran", "Iraq", False),
        ("Indian Navy", "Indian Army", False),
        ("", "", False),
    ],
)
def test_same_name(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same and same_name(b, a) is same


def test_one_id_per_name_keeps_the_id_most_reports_use() -> None:
    a = Told(HOST, "CONSULT", "host", (("Nora Quill", "PERSON"),), (("Oscars", "ORG"),))
    b = Told(HOST_AGAIN, "CONSULT", "host", (("Nora Quill", "PERSON"),), (("Oscar", "PERSON"),))
    c = Told(
        "Nora Quill first hosted the Oscars in 2007.",
        "CONSULT",
        "host",
        (("Nora Quill", "PERSON"),),
        (("Oscars", "ORG"),),
        date="2007",
    )
    found = reports(("one", a), ("two", b), ("three", c))
    renamed = {m.key: m for m in one_id_per_name(found)}
    assert renamed["two:1"].targets == found[0].targets == found[2].targets
    assert renamed["two:1"].names[found[0].targets[0]] == "Oscar"  # its own words kept
    assert [m.key for m in one_id_per_name(reversed(found))] == ["three:1", "two:1", "one:1"]


STRUCK = "A woman was struck and killed by a hit-and-run driver outside a store in Bloomington."
STRUCK_AGAIN = "Police said a woman walking out of a Bloomington store was killed by a driver."
QUEENS = "A woman was struck and killed by a hit-and-run driver in Queens."


def test_undated_reports_naming_no_one_join_on_the_same_deed_and_place() -> None:
    """With no date in the sentence and none on the article, the predicate stands in for
    the day: the same place and the same deed are one event; another deed is not."""
    place: tuple[str, EntityType] = ("Bloomington", "PLACE")
    killed = Told(STRUCK, "ASSAULT", "kill", place=place)
    again = Told(STRUCK_AGAIN, "ASSAULT", "kill", place=place)
    struck = Told(STRUCK_AGAIN, "ASSAULT", "strike", place=place)
    queens = Told(QUEENS, "ASSAULT", "kill", place=("Queens", "PLACE"))
    one, two, three, four = reports(
        ("one", killed), ("two", again), ("three", struck), ("four", queens)
    )
    assert predicate_of(one) == predicate_of(two) == "kill" and predicate_of(three) == "strike"
    assert actorless_fit(one, two) and same_event(one, two)
    assert not same_event(one, three) and not same_event(one, four)
    views, _ = merge_reports([one, two, three, four])
    assert sorted(v.source_count for v in views) == [1, 1, 2]


def test_a_dated_report_naming_no_one_still_needs_the_day() -> None:
    """Where a date is known, the old rule stands: the article's day (or the sentence's)
    must be one for both; the same word is not enough."""
    place: tuple[str, EntityType] = ("Bloomington", "PLACE")
    killed = Told(STRUCK, "ASSAULT", "kill", place=place)
    dated = Told(STRUCK_AGAIN, "ASSAULT", "kill", place=place, date="2025-06-11")
    one, two = reports(("one", killed), ("two", dated))
    assert not actorless_fit(one, two) and not same_event(one, two)
    on_day = reports(("one", killed), ("two", dated), published="2025-06-12")
    assert same_event(
        on_day[0], on_day[1]
    )  # the undated one takes its article's day: both to the day


def test_predicate_of_reads_the_summary_after_the_actors() -> None:
    told = Told(
        "Kenya and Uganda walked out of the talks in Arusha.",
        "SANCTION",
        "walk out",
        (("Kenya", "COUNTRY"), ("Uganda", "COUNTRY")),
    )
    (m,) = reports(("one", told))
    assert m.summary == "Kenya and Uganda walk out (SANCTION)"
    assert predicate_of(m) == "walk out"


def test_the_most_precise_reports_seed_the_events() -> None:
    """An undated "will host the Oscars" fits both the 2007 ceremony and this year's; it
    joins the event the dated reports tell most, whatever the article ids."""
    quill: tuple[tuple[str, EntityType], ...] = (("Nora Quill", "PERSON"),)
    oscars: tuple[tuple[str, EntityType], ...] = (("Oscars", "ORG"),)
    host = (quill, oscars)
    told = {
        "a-undated": Told(HOST, "CONSULT", "host", *host),
        "b-history": Told(
            "Nora Quill first hosted the Oscars in 2007.", "CONSULT", "host", *host, date="2007"
        ),
        "c-this-year": Told(
            "Nora Quill to host 2014 Oscars.", "CONSULT", "host", *host, date="2014"
        ),
        "d-this-year": Told(
            "Nora Quill will host the Oscars in 2014.", "CONSULT", "host", *host, date="2014"
        ),
    }
    groups = group_mentions(reports(*told.items()))
    assert {frozenset(m.article_id for m in g) for g in groups} == {
        frozenset({"b-history"}),
        frozenset({"a-undated", "c-this-year", "d-this-year"}),
    }
