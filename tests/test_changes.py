"""What changed since a moment (``newsgraph.read.changes``): new events, people, roles and
disagreements by when articles were first stored, each with its evidence; the same view
from the CLI (text and JSON) and ``/api/changes``."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsgraph import read
from newsgraph.cli import app
from newsgraph.errors import InputError
from newsgraph.model import Brief, TimeRef
from newsgraph.read.changes import ChangesView, changes, sentence_around
from newsgraph.resolve.knowledge import KnowledgeBase
from newsgraph.store import Store, open_store
from newsgraph.web import create_app

from .test_roles_as_of import UNION, appointed, resigned, successor
from .web.conftest import friendly_brief


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _add(store: Store, *briefs: Brief) -> None:
    for brief in briefs:
        KnowledgeBase.open(store).add(store.save_brief(brief).article_id, brief)


def later_report(day: str = "2025-12-31") -> Brief:
    """Another outlet's report of the road-deal meeting, giving it another day."""
    brief = friendly_brief()
    brief.document.url = "https://other.example/ruto-road"
    brief.document.text += " Traders welcomed the deal."
    brief.events[0].time = TimeRef("Wednesday", day)
    return brief


@pytest.fixture()
def negotiators(tmp_path: Path) -> Iterator[tuple[Store, str, str]]:
    """(store, database file, the moment between the first article and the next two)."""
    db = str(tmp_path / "changes.db")
    with open_store(db) as store:
        _add(store, appointed())
        since = _now()
        _add(store, resigned(), successor())
        yield store, db, since


def test_new_people_roles_and_events_since(negotiators: tuple[Store, str, str]) -> None:
    store, _, since = negotiators
    view = changes(store, since)
    assert view.since == since and view.scope == "all" and view.article_count == 2
    assert [a.article.url for a in view.articles] == [
        "https://wire.example/resigns",
        "https://wire.example/successor",
    ]
    assert [p.entity.name for p in view.people] == ["Marco Bell"]  # Ana was named before
    person = view.people[0].evidence
    assert person.url == "https://wire.example/successor"
    assert person.sentence.startswith("Marco Bell, the Coastal Union's")
    [role] = view.roles
    assert (role.entity.name, role.title, role.date) == (
        "Marco Bell",
        f"lead negotiator ({UNION})",
        "2026-02-10",
    )
    assert role.evidence.start == 0 and role.evidence.sentence.endswith("in Geneva.")
    assert [e.event.type for e in view.events] == ["RESIGN"]
    [report] = view.events[0].event.reports
    assert report.url == "https://wire.example/resigns" and report.sentence.startswith("Ana")
    assert not view.truncated and view.disagreements == []


def test_nothing_changed_after_the_last_article(negotiators: tuple[Store, str, str]) -> None:
    store, _, _ = negotiators
    view = changes(store, _now())
    assert (view.article_count, view.events, view.people, view.roles) == (0, [], [], [])


def test_everything_is_new_since_before_the_first(negotiators: tuple[Store, str, str]) -> None:
    store, _, _ = negotiators
    view = changes(store, "2000-01-01")
    assert {p.entity.name for p in view.people} == {"Ana Ribeiro", "Marco Bell"}
    assert {(r.entity.name, r.date) for r in view.roles} == {
        ("Ana Ribeiro", "2026-01-05"),
        ("Marco Bell", "2026-02-10"),
    }


def test_a_role_an_older_article_gave_is_not_new() -> None:
    again = appointed(published="2026-03-01")
    again.document.text += " She met the mediators."
    again.document.url = "https://wire.example/again"
    with open_store("sqlite://") as store:
        _add(store, appointed())
        since = _now()
        _add(store, again)
        view = changes(store, since)
        assert view.article_count == 1 and view.roles == [] and view.people == []


def test_an_event_an_older_article_reported_is_not_new_but_the_dispute_is() -> None:
    with open_store("sqlite://") as store:
        _add(store, friendly_brief())
        since = _now()
        _add(store, later_report())
        view = changes(store, since)
        assert view.events == []  # first reported before
        [found] = view.disagreements
        assert found.disagreement.field == "date"
        assert sorted(c.value for c in found.disagreement.values) == ["2025-12-30", "2025-12-31"]
        assert [e.url for e in found.evidence] == [c.url for c in found.disagreement.values]
        assert all(e.end > e.start for e in found.evidence)
        assert found.storyline is not None and "Kenya" in found.storyline.title


def test_a_scope_keeps_to_its_storyline_or_entity(negotiators: tuple[Store, str, str]) -> None:
    store, _, since = negotiators
    _add(store, later_report())
    kenya = next(r.id for r in store.storylines() if "Kenya" in r.title)
    line = changes(store, since, storyline=kenya)
    assert (line.scope, line.scope_id, line.article_count) == ("storyline", kenya, 1)
    assert {p.entity.name for p in line.people} >= {"William Ruto"}
    assert "Marco Bell" not in {p.entity.name for p in line.people}
    marco = read.best_entity(store, "Marco Bell", "PERSON")
    mine = changes(store, since, entity=marco)
    assert (mine.scope, mine.scope_title, mine.article_count) == ("entity", "Marco Bell", 1)
    assert [p.entity.id for p in mine.people] == [marco] and len(mine.roles) == 1
    with pytest.raises(InputError, match="not both"):
        changes(store, since, storyline=kenya, entity=marco)


def test_sentence_around_a_mention() -> None:
    text = "Talks resumed. Marco Bell, the new envoy, arrived.\nHe spoke briefly."
    start = text.index("Marco")
    assert sentence_around(text, start, start + 10) == (
        "Marco Bell, the new envoy, arrived.",
        15,
        50,
    )
    assert sentence_around(text, 0, 5) == ("Talks resumed.", 0, 14)


# --------------------------------------------------------------------------- surfaces


def _as_json(view: ChangesView) -> object:
    return json.loads(json.dumps(dataclasses.asdict(view)))


def test_cli_and_api_carry_the_same_changes(negotiators: tuple[Store, str, str]) -> None:
    store, db, since = negotiators
    runner = CliRunner()
    result = runner.invoke(app, ["changes", "--since", since, "--db", db, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == _as_json(changes(store, since))
    api = TestClient(create_app(store)).get("/api/changes", params={"since": since}).json()
    assert api == data
    text = runner.invoke(app, ["changes", "--since", since, "--db", db])
    out = " ".join(text.stdout.split())
    assert "2 new articles" in out and "New events" in out and "RESIGN" in out
    assert "Marco Bell: lead negotiator (Coastal Union) (2026-02-10)" in out
    assert "https://wire.example/successor [0:" in out


@pytest.mark.parametrize("bad", ["last week", "2026-02-30", "2026-01-05T25:00", "1" * 80])
def test_a_bad_since_is_one_line_exit_1_and_a_400(tmp_path: Path, bad: str) -> None:
    result = CliRunner().invoke(app, ["changes", "--since", bad, "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith("error: --since")
    with open_store("sqlite://") as store:
        response = TestClient(create_app(store)).get("/api/changes", params={"since": bad})
        assert response.status_code in {400, 422} and "error" in response.json()
