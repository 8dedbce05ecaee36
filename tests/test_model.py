"""The data model's conversion to the contract's JSON shape."""

from __future__ import annotations

import dataclasses
from collections import defaultdict, namedtuple
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.model import (
    Article,
    Attribution,
    Brief,
    Entity,
    Event,
    Evidence,
    Mention,
    Quote,
    Role,
    TimeRef,
    as_plain,
)

Pair = namedtuple("Pair", "left right")


def _brief() -> Brief:
    ev = Evidence("The envoy met the minister in Nairobi on Monday.", 0, 49)
    envoy = Entity(
        "e1",
        "Tom Whitaker",
        "PERSON",
        roles=[Role("envoy", "e2", ev)],
        mentions=[Mention(4, 9, "envoy")],
    )
    meeting = Event(
        type="CONSULT",
        summary="Tom Whitaker meets (040)",
        evidence=ev,
        actors=["e1"],
        time=TimeRef("2026-01-05", "Monday"),
        attributes={
            "more_evidence": [dataclasses.asdict(ev)],
            "pair": Pair(1, [2, 3]),
            "span": (3, 9),
            "day": date(2026, 1, 5),
        },
    )
    return Brief(
        document=Article(text=ev.sentence, title="Talks", published="2026-01-05"),
        entities=[envoy],
        events=[meeting],
        quotes=[Quote("we are close", "e1", "direct", ev)],
        attributions=[Attribution("officials", None, True, ev)],
        warnings=["a note"],
    )


def test_a_brief_converts_as_dataclasses_asdict_converts_it() -> None:
    brief = _brief()
    plain = brief.to_dict()
    assert plain == dataclasses.asdict(brief)
    attrs = plain["events"][0]["attributes"]
    assert type(attrs["pair"]) is Pair
    assert attrs["span"] == (3, 9)


def test_a_defaultdict_stays_one_with_its_default() -> None:
    """(``asdict`` itself fails on one before Python 3.12.)"""
    counts = defaultdict(list, {"a": [1]})
    made = as_plain(counts)
    assert type(made) is defaultdict and made == counts and made["b"] == []
    assert made["a"] is not counts["a"]


def test_the_converted_brief_shares_no_container_with_the_brief() -> None:
    """As with ``asdict``, editing the dict never edits the brief."""
    brief = _brief()
    plain = brief.to_dict()
    plain["entities"][0]["roles"].clear()
    plain["events"][0]["attributes"]["more_evidence"].append({})
    plain["events"][0]["attributes"]["day"] = None
    assert brief.entities[0].roles and len(brief.events[0].attributes["more_evidence"]) == 1
    assert brief.events[0].attributes["day"] == date(2026, 1, 5)


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        | st.tuples(inner, inner)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(_VALUES, st.text(max_size=20))
def test_any_attribute_values_convert_as_asdict_converts_them(value: object, text: str) -> None:
    ev = Evidence(text, 0, len(text))
    brief = Brief(
        document=Article(text=text),
        events=[Event(type="CONSULT", summary=text, evidence=ev, attributes={"x": value})],
    )
    assert as_plain(brief) == dataclasses.asdict(brief)
