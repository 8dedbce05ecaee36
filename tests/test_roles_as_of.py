"""Who held which role when (``newsgraph.read.roles``): terms read from dated evidence,
ended by a resignation, a "former" mention or a successor in the same exclusive office,
and the reverse question (who held it on a day) in the view, the CLI and the JSON API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsgraph import read
from newsgraph.cli import app
from newsgraph.errors import InputError
from newsgraph.model import Article, Brief, Entity, Event, Evidence, Mention, Role, TimeValue
from newsgraph.read import roles
from newsgraph.read.dates import MAX_DATE_CHARS, parse_day, parse_moment
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.store import Store, open_store
from newsgraph.web import create_app

UNION = "Coastal Union"


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _evidence(text: str) -> Evidence:
    return Evidence(sentence=text, start=0, end=len(text))


def person(text: str, local: str, name: str, *roles_: Role) -> Entity:
    return Entity(
        local, name, "PERSON", roles=list(roles_), mentions=[Mention(*_span(text, name), name)]
    )


def union(text: str) -> Entity:
    return Entity("u", UNION, "ORG", mentions=[Mention(*_span(text, UNION), UNION)])


def article(text: str, published: str, slug: str, **facts: object) -> Brief:
    doc = Article(
        text=text, title=text[:40], published=published, url=f"https://wire.example/{slug}"
    )
    return Brief(document=doc, **facts)  # type: ignore[arg-type]


def appointed(published: str = "2026-01-05") -> Brief:
    text = f"Ana Ribeiro, the {UNION}'s lead negotiator, arrived in Geneva for talks."
    role = Role("lead negotiator", "u", _evidence(text))
    return article(
        text, published, "arrives", entities=[person(text, "p1", "Ana Ribeiro", role), union(text)]
    )


def resigned(published: str = "2026-02-02", day: str = "2026-02-01") -> Brief:
    text = f"Ana Ribeiro resigned as lead negotiator of the {UNION} on Sunday."
    t_start, t_end = _span(text, "Sunday")
    ev = Event("RESIGN", "Ana Ribeiro resigned", _evidence(text), actors=["p1"])
    return article(
        text,
        published,
        "resigns",
        entities=[person(text, "p1", "Ana Ribeiro"), union(text)],
        events=[ev],
        times=[TimeValue("Sunday", "date", day, _evidence(text), start=t_start, end=t_end)],
    )


def successor(published: str = "2026-02-10", word: str = "new") -> Brief:
    text = f"Marco Bell, the {UNION}'s {word} lead negotiator, met the mediators in Geneva."
    role = Role(f"{word} lead negotiator", "u", _evidence(text))
    return article(
        text, published, "successor", entities=[person(text, "p1", "Marco Bell", role), union(text)]
    )


def former(published: str = "2026-03-01") -> Brief:
    text = f"Former lead negotiator Ana Ribeiro said the {UNION} would not sign."
    role = Role("Former lead negotiator", "u", _evidence(text))
    return article(
        text, published, "former", entities=[person(text, "p1", "Ana Ribeiro", role), union(text)]
    )


def stored(*briefs: Brief) -> Store:
    store = open_store("sqlite://")
    for brief in briefs:
        article_id = store.save_brief(brief).article_id
        KnowledgeBase.open(store).add(article_id, brief)
    return store


def entity_id(store: Store, name: str) -> str:
    return read.best_entity(store, name, "PERSON")


def history(store: Store, name: str, as_of: str | None = None) -> roles.RoleHistory:
    view = read.entity_view(store, entity_id(store, name), as_of)
    [found] = view.role_history
    return found


@pytest.fixture()
def negotiators() -> Iterator[Store]:
    with stored(appointed(), resigned(), successor()) as store:
        yield store


# --------------------------------------------------------------------------- terms


def test_resignation_ends_the_term_and_the_successor_follows(negotiators: Store) -> None:
    h = history(negotiators, "Ana Ribeiro")
    assert h.title == f"lead negotiator ({UNION})" and h.exclusive
    [term] = h.terms
    assert (term.first, term.last) == ("2026-01-05", "2026-01-05")
    assert term.ended is not None and (term.ended.date, term.ended.how) == (
        "2026-02-01",
        "resigned",
    )
    assert term.ended.evidence.dated_by == "sentence"  # Sunday, not the publication date
    assert h.after is not None and h.after.holder.name == "Marco Bell"
    assert h.after.first == "2026-02-10" and h.before is None


@pytest.mark.parametrize(
    ("day", "held", "holder"),
    [
        ("2026-01-04", False, None),
        ("2026-01-05", True, "Ana Ribeiro"),
        ("2026-01-31", True, "Ana Ribeiro"),
        ("2026-02-01", False, None),  # resigned that day
        ("2026-02-10", False, "Marco Bell"),
        ("2027-06-01", False, "Marco Bell"),
    ],
)
def test_who_held_the_role_on_a_day(
    negotiators: Store, day: str, held: bool, holder: str | None
) -> None:
    h = history(negotiators, "Ana Ribeiro", day)
    assert h.as_of == day and h.held is held
    assert (h.holder.holder.name if h.holder else None) == holder


def test_the_successor_sees_the_predecessor_before(negotiators: Store) -> None:
    h = history(negotiators, "Marco Bell", "2026-01-20")
    assert h.before is not None and h.before.holder.name == "Ana Ribeiro"
    assert h.held is False and h.holder is not None and h.holder.holder.name == "Ana Ribeiro"
    assert [t.first for t in h.terms] == ["2026-02-10"] and h.terms[0].ended is None


def test_a_successor_alone_ends_an_exclusive_term() -> None:
    with stored(appointed(), successor()) as store:
        h = history(store, "Ana Ribeiro", "2026-02-09")
        [term] = h.terms
        assert term.ended is not None and term.ended.how == "succeeded"
        assert term.ended.date == "2026-02-10" and term.ended.by is not None
        assert term.ended.by.name == "Marco Bell"
        assert h.held is True  # still hers the day before
        assert history(store, "Ana Ribeiro", "2026-02-10").held is False


def test_a_former_mention_ends_the_term() -> None:
    with stored(appointed(), former()) as store:
        h = history(store, "Ana Ribeiro")
        [term] = h.terms
        assert term.ended is not None and (term.ended.how, term.ended.date) == (
            "former",
            "2026-03-01",
        )
        assert h.title == f"lead negotiator ({UNION})"  # the time word is not the office


def test_a_shared_office_is_not_ended_by_another_holder() -> None:
    text = f"Marco Bell, a {UNION} minister, met the mediators in Geneva."
    other = article(
        text,
        "2026-02-10",
        "minister",
        entities=[
            person(text, "p1", "Marco Bell", Role("minister", "u", _evidence(text))),
            union(text),
        ],
    )
    first = appointed()
    first.entities[0].roles = [Role("minister", "u", _evidence(first.document.text))]
    with stored(first, other) as store:
        h = history(store, "Ana Ribeiro", "2026-03-01")
        assert not h.exclusive and h.terms[0].ended is None and h.held is True
        assert h.after is None


def test_a_sentence_date_after_publication_is_not_used() -> None:
    brief = resigned(published="2026-02-02", day="2026-02-20")  # "Sunday" misread as ahead
    with stored(appointed(), brief) as store:
        [term] = history(store, "Ana Ribeiro").terms
        assert term.ended is not None and term.ended.date == "2026-02-02"
        assert term.ended.evidence.dated_by == "published"


def test_a_planned_resignation_ends_nothing() -> None:
    brief = resigned()
    brief.events[0].status = "planned"
    with stored(appointed(), brief) as store:
        assert history(store, "Ana Ribeiro").terms[0].ended is None


@pytest.mark.parametrize("word", roles.rules()["ended"])
def test_every_ended_word_marks_a_former_holder(word: str) -> None:
    assert roles.split_title(f"{word} lead negotiator") == (word, "lead negotiator")
    assert roles.split_title(f"{word}-president") == (word, "president")


@pytest.mark.parametrize("word", [*roles.rules()["past"], *roles.rules()["current"]])
def test_every_time_word_is_not_part_of_the_office(word: str) -> None:
    assert roles.title_key(f"{word.title()} Lead Negotiator") == "lead negotiator"


@pytest.mark.parametrize("title", roles.rules()["shared_titles"])
def test_every_shared_title_is_not_exclusive(title: str) -> None:
    assert not roles.is_exclusive(title, "G1") and roles.is_exclusive(f"{title}-in-chief", "G1")


@pytest.mark.parametrize("word", roles.rules()["shared_modifiers"])
def test_every_shared_modifier_makes_a_title_shared(word: str) -> None:
    assert not roles.is_exclusive(f"{word} prosecutor", "G1")
    assert roles.is_exclusive("chief prosecutor", "G1") and not roles.is_exclusive(
        "chief prosecutor", None
    )


@pytest.mark.parametrize(("kind", "part"), sorted(roles.rules()["end_events"].items()))
def test_every_end_event_ends_the_office_of_its_party(kind: str, part: str) -> None:
    brief = resigned()
    ev = brief.events[0]
    ev.type, ev.actors = kind, []
    setattr(ev, part, ["p1"])
    with stored(appointed(), brief) as store:
        ended = history(store, "Ana Ribeiro").terms[0].ended
        assert ended is not None and ended.how == roles._HOW[kind]


def test_an_end_naming_another_office_leaves_this_one() -> None:
    brief = resigned()
    brief.entities[0].roles = [Role("party chair", None, _evidence(brief.document.text))]
    text = "Ana Ribeiro resigned as party chair on Sunday."
    brief.events[0].evidence = _evidence(text)
    with stored(appointed(), brief) as store:
        view = read.entity_view(store, entity_id(store, "Ana Ribeiro"))
        ends = {h.title: h.terms[-1].ended for h in view.role_history}
        assert ends[f"lead negotiator ({UNION})"] is None
        assert ends["party chair"] is not None


# --------------------------------------------------------------------------- surfaces


def test_entity_as_of_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    with open_store(str(db)) as store:
        for brief in (appointed(), resigned(), successor()):
            KnowledgeBase.open(store).add(store.save_brief(brief).article_id, brief)
    runner = CliRunner()
    args = ["entity", "Ana Ribeiro", "--as-of", "2026-02-15", "--db", str(db)]
    data = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    [h] = data["role_history"]
    assert data["as_of"] == "2026-02-15" and h["held"] is False
    assert h["holder"]["holder"]["name"] == "Marco Bell"
    text = runner.invoke(app, [*args, "-f", "text"])
    assert text.exit_code == 0, text.output
    out = " ".join(text.stdout.split())
    assert "lead negotiator (Coastal Union)" in out and "resigned 2026-02-01" in out
    assert "on 2026-02-15: held by Marco Bell" in out and "after: Marco Bell" in out


@pytest.mark.parametrize("bad", ["2026-02-30", "yesterday", "2026-1-5", "9" * 100])
def test_a_bad_as_of_is_one_line_and_exit_1(tmp_path: Path, bad: str) -> None:
    result = CliRunner().invoke(
        app, ["entity", "x", "--as-of", bad, "--db", str(tmp_path / "e.db")]
    )
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith("error: ")


def test_entity_page_and_api_as_of(negotiators: Store) -> None:
    client = TestClient(create_app(negotiators))
    gid = entity_id(negotiators, "Ana Ribeiro")
    data = client.get(f"/api/entities/{gid}", params={"as_of": "2026-02-15"}).json()
    assert data["role_history"][0]["holder"]["holder"]["name"] == "Marco Bell"
    assert data == json.loads(json.dumps(asdict(read.entity_view(negotiators, gid, "2026-02-15"))))
    page = client.get(f"/entities/{gid}", params={"as_of": "2026-02-15"}).text
    assert 'id="entity-role-history"' in page and "held by" in page and "Marco Bell" in page
    assert 'value="2026-02-15"' in page
    assert client.get(f"/api/entities/{gid}", params={"as_of": "soon"}).status_code == 400
    assert client.get(f"/entities/{gid}", params={"as_of": "2026-13-01"}).status_code == 400


# --------------------------------------------------------------------------- dates


@given(st.dates())
def test_any_real_day_parses_to_itself(day: object) -> None:
    text = day.isoformat()  # type: ignore[attr-defined]
    assert parse_day(text) == text and parse_moment(text).startswith(text)


@given(st.text(max_size=60))
def test_any_text_is_a_day_or_an_input_error(text: str) -> None:
    for parse in (parse_day, parse_moment):
        try:
            value = parse(text)
        except InputError as exc:
            assert "\n" not in str(exc) and len(str(exc)) < 300
        else:
            assert len(text) <= MAX_DATE_CHARS and datetime.fromisoformat(value)
            if parse is parse_day:
                assert value == text.strip()


@pytest.mark.parametrize(
    ("text", "stamp"),
    [
        ("2026-01-05", "2026-01-05T00:00:00.000000+00:00"),
        ("2026-01-05T10:30", "2026-01-05T10:30:00.000000+00:00"),
        ("2026-01-05T10:30:00Z", "2026-01-05T10:30:00.000000+00:00"),
        ("2026-01-05T12:30:00+02:00", "2026-01-05T10:30:00.000000+00:00"),
    ],
)
def test_moments_are_utc_stamps(text: str, stamp: str) -> None:
    assert parse_moment(text) == stamp


def test_a_span_counts_back_from_now() -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert parse_moment("7d", now=now) == "2026-03-03T12:00:00.000000+00:00"
    assert parse_moment("36h", now=now) == "2026-03-09T00:00:00.000000+00:00"
    with pytest.raises(InputError):
        parse_moment("999999w", now=now)
