"""One read model: the CLI (JSON), the web's JSON API and the export say the same thing about
the same resolved entity and storyline, because all of them read ``newsgraph.read``.

The fixture is a small story as the press runs it: two outlets report Sudan-Chad talks,
one spelling the president "Ahmed al-Rashidi" and the other "Ahmad al-Rashidi", and a third
outlet runs the first report word for word (kept as a further source, not an article)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsgraph.api import ingest
from newsgraph.cli import app
from newsgraph.web import create_app

REPORTS = [
    {
        "url": "https://wire.example/2025/05/sudan-talks",
        "published": "2025-05-07",
        "text": "Sudan and Chad hold talks in Nairobi\n\nSudanese President Ahmed al-Rashidi met "
        "Chadian officials in Nairobi on Tuesday, mediated by Kenyan envoy Tom Whitaker, the "
        'foreign ministry said. "We want calm on the border," al-Rashidi told reporters '
        "after the meeting.",
    },
    {
        "url": "https://daily.example/news/rashidi-nairobi",
        "published": "2025-05-08",
        "text": "Rashidi says Nairobi talks were useful\n\nSudan's president Ahmad al-Rashidi "
        "said on Wednesday that the talks with Chad in Nairobi had been useful, and that a "
        "second round would follow in Kampala. Tom Whitaker, the Kenyan envoy, said both sides "
        "agreed to meet again.",
    },
]
COPY = {**REPORTS[0], "url": "https://copydesk.example/world/sudan-chad-nairobi"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("one-model")
    corpus = folder / "reports.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in [*REPORTS, COPY]), "utf-8")
    url = f"sqlite:///{folder / 'kb.db'}"
    report = ingest([str(corpus)], db=url)
    assert len(report.created) == 2 and len(report.duplicates) == 1
    return url


@pytest.fixture(scope="module")
def web(db: str) -> TestClient:
    return TestClient(create_app(db))


def cli(db: str, *args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def api(web: TestClient, path: str) -> Any:
    response = web.get(path)
    assert response.status_code == 200, response.text
    return response.json()


def exported(db: str, tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "export.jsonl"
    result = CliRunner().invoke(app, ["export", "--format", "jsonl", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def test_the_president_is_one_entity_with_both_spellings(db: str) -> None:
    people = cli(db, "entities", "--type", "PERSON")
    rashidi = [p for p in people if "al-Rashidi" in p["name"]]
    assert len(rashidi) == 1 and rashidi[0]["article_count"] == 2
    assert {"Ahmed al-Rashidi", "Ahmad al-Rashidi"} <= set(rashidi[0]["aliases"])


def test_cli_and_web_give_the_same_entity(db: str, web: TestClient) -> None:
    view = cli(db, "entity", "Ahmad al-Rashidi")
    assert api(web, f"/api/entities/{view['id']}") == view
    assert api(web, "/api/entities/PERSON/Ahmed%20al-Rashidi") == view  # the old name URL
    names = {u["name"]: u["article_count"] for u in view["alias_uses"]}
    assert names["Ahmed al-Rashidi"] == names["Ahmad al-Rashidi"] == 1
    assert [s["article_count"] for s in view["storylines"]] == [2]
    listed = {e["id"]: e for e in api(web, "/api/entities?type=PERSON")}
    assert listed[view["id"]] == next(
        e for e in cli(db, "entities", "--type", "PERSON") if e["id"] == view["id"]
    )


def test_cli_and_web_give_the_same_storyline_timeline_and_search(db: str, web: TestClient) -> None:
    [line] = cli(db, "storylines")
    assert api(web, f"/api/storylines/{line['id']}") == line
    timeline = cli(db, "timeline", line["id"], "--all")
    assert (timeline["events"], timeline["disagreements"]) == (
        line["events"],
        line["disagreements"],
    )
    dated = cli(db, "timeline", line["id"])  # by default, the undated events are counted
    assert len(dated["events"]) + dated["left_out"] == len(line["events"])
    assert api(web, "/api/search?q=Rashidi") == cli(db, "search", "Rashidi")


def test_the_storyline_names_every_outlet_that_ran_it(db: str) -> None:
    [line] = cli(db, "storylines")
    assert line["outlets"] == ["copydesk.example", "daily.example", "wire.example"]
    first = next(a for a in line["articles"] if a["outlet"] == "wire.example")
    assert [(s["url"], s["outlet"]) for s in first["sources"]] == [
        (COPY["url"], "copydesk.example")
    ]


def test_the_export_says_what_the_cli_says(db: str, tmp_path: Path) -> None:
    records = exported(db, tmp_path)
    view = cli(db, "entity", "Ahmed al-Rashidi")
    [entity] = [r for r in records if r["kind"] == "entity" and r["id"] == view["id"]]
    assert (entity["name"], entity["type"]) == (view["name"], view["type"])
    assert sorted(entity["aliases"]) == sorted(view["aliases"])
    assert entity["article_ids"] == sorted(a["id"] for a in view["articles"])
    [line] = cli(db, "storylines")
    [story] = [r for r in records if r["kind"] == "storyline"]
    assert story["id"] == line["id"]
    assert story["articles"] == [
        {k: v for k, v in a.items() if k != "path"} for a in line["articles"]
    ]
    events = [r for r in records if r["kind"] == "event"]
    merged = {r["merged_event_id"] for r in events if not r["statement"]}
    assert merged == {e["id"] for e in line["events"]}
    # statements are exported (CAMEO root 01) but not merged across sources
    statements = [r for r in events if r["statement"]]
    assert statements and all(r["merged_event_id"] is None for r in statements)
