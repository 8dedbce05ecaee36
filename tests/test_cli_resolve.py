"""The read-back commands over a small store: storylines, timeline, entity, entities
merge|split (in-process with CliRunner; the articles are ingested once per module)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from newsgraph.cli import app

FLOOD_1 = """Floods force thousands from homes in Porto Alegre

Governor Eduardo Leite said on Sunday that floods had forced 80,000 people from their \
homes in Porto Alegre after the Guaiba river burst its banks.

"We are facing the worst disaster in the history of our state," Leite told reporters.
"""

FLOOD_2 = """Porto Alegre flood waters begin to recede

Flood waters in Porto Alegre began to fall on Wednesday, Governor Eduardo Leite said, \
as rescuers reached families stranded by the Guaiba river.

Leite said the state would need months to rebuild roads and bridges.
"""

STRIKE = """Rotterdam dock workers strike over pay

Dock workers in Rotterdam walked out on Monday over pay, union leader Niek Stam said, \
leaving container ships waiting outside the port.

"The employers have had a year to make an offer," Stam told reporters.
"""

WIDE = {"COLUMNS": "400"}


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def db(
    runner: CliRunner, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> str:
    folder = tmp_path_factory.mktemp("articles")
    url = f"sqlite:///{folder / 'kb.db'}"
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_databases").create()
    return ingest_three(runner, folder, url)


def ingest_three(runner: CliRunner, folder: Path, url: str) -> str:
    for name, text in (("flood-1", FLOOD_1), ("flood-2", FLOOD_2), ("strike", STRIKE)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    for name, day in (
        ("flood-1", "2024-05-05"),
        ("flood-2", "2024-05-08"),
        ("strike", "2024-06-10"),
    ):
        result = runner.invoke(
            app,
            ["ingest", str(folder / f"{name}.txt"), "--db", url, "--published", day, "-f", "json"],
        )
        assert result.exit_code == 0, result.output
    return url


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args), env=WIDE)


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def one_line_error(result: Result, needle: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1 and needle in result.stderr


def _storylines(runner: CliRunner, db: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = as_json(run(runner, "storylines", "--db", db, "-f", "json"))
    return data


def test_storylines_json_shape_and_grouping(runner: CliRunner, db: str) -> None:
    lines = _storylines(runner, db)
    assert len(lines) == 2
    for line in lines:
        assert set(line) >= {"id", "title", "articles", "events", "disagreements", "outlets"}
        for article in line["articles"]:
            assert {"id", "url", "title", "published", "outlet", "sources"} <= set(article)
        assert isinstance(line["events"], list)
    sizes = {line["title"]: len(line["articles"]) for line in lines}
    assert sizes == {
        "Floods force thousands from homes in Porto Alegre": 2,
        "Rotterdam dock workers strike over pay": 1,
    }
    flood = lines[0]
    assert [a["published"] for a in flood["articles"]] == ["2024-05-05", "2024-05-08"]


def test_storylines_text(runner: CliRunner, db: str) -> None:
    result = run(runner, "storylines", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Rotterdam dock workers strike over pay" in result.stdout
    assert "2024-05-08" in result.stdout


def test_timeline_of_a_storyline_is_in_date_order(runner: CliRunner, db: str) -> None:
    sid = _storylines(runner, db)[0]["id"]
    data = as_json(run(runner, "timeline", sid, "--db", db, "-f", "json"))
    assert (data["kind"], data["id"]) == ("storyline", sid)
    dates = [e["date"] or "9999" for e in data["events"]]
    assert dates == sorted(dates)
    for event in data["events"]:
        assert event["sources"] and event["article_id"]
        assert event["source_count"] == len(event["reports"]) >= 1
    assert isinstance(data["disagreements"], list)
    assert run(runner, "timeline", sid, "--db", db).exit_code == 0


def test_timeline_of_an_entity_and_of_nothing(runner: CliRunner, db: str) -> None:
    data = as_json(run(runner, "timeline", "Eduardo Leite", "--db", db, "-f", "json"))
    assert data["kind"] == "entity" and data["title"] == "Eduardo Leite"
    one_line_error(run(runner, "timeline", "Zanzibar Quokka", "--db", db), "no resolved entity")


def test_entity_profile(runner: CliRunner, db: str) -> None:
    view = as_json(run(runner, "entity", "Leite", "--db", db, "-f", "json"))
    assert set(view) >= {
        "id",
        "name",
        "type",
        "country",
        "aliases",
        "roles",
        "article_count",
        "articles",
        "quotes",
        "events",
        "alias_uses",
        "co_occurring",
        "storylines",
        "history",
        "disagreements",
    }
    assert (view["name"], view["type"]) == ("Eduardo Leite", "PERSON")
    assert [a["published"] for a in view["articles"]] == ["2024-05-05", "2024-05-08"]
    governor = [r for r in view["roles"] if "governor" in r["title"].casefold()]
    assert governor and governor[0]["first"] == "2024-05-05"
    assert any("worst disaster" in q["text"] for q in view["quotes"])
    text = run(runner, "entity", "Leite", "--db", db)
    assert text.exit_code == 0 and "Eduardo Leite" in text.stdout


def test_entity_all_lists_candidates_with_scores(runner: CliRunner, db: str) -> None:
    rows = as_json(run(runner, "entity", "Eduardo Leyte", "--all", "--db", db, "-f", "json"))
    assert rows and rows[0]["name"] == "Eduardo Leite" and 0.6 <= rows[0]["score"] < 1.0
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert set(rows[0]) == {"id", "name", "type", "score", "articles"}
    one_line_error(run(runner, "entity", "Zanzibar Quokka", "--db", db), "no resolved entity")


def test_entities_listing_still_works(runner: CliRunner, db: str) -> None:
    rows = as_json(run(runner, "entities", "--type", "PERSON", "--db", db, "-f", "json"))
    assert "Eduardo Leite" in {r["name"] for r in rows}


def test_entities_merge_then_split(
    runner: CliRunner, db: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if db.startswith("sqlite:///"):
        copy = tmp_path / "copy.db"
        copy.write_bytes(Path(db.removeprefix("sqlite:///")).read_bytes())
        url = f"sqlite:///{copy}"
    else:  # a fresh database with the same articles
        url = ingest_three(runner, tmp_path, request.getfixturevalue("pg_databases").create())
    leite = as_json(run(runner, "entity", "Eduardo Leite", "--db", url, "-f", "json"))["id"]
    stam = as_json(run(runner, "entity", "Niek Stam", "--db", url, "-f", "json"))["id"]
    merged = as_json(run(runner, "entities", "merge", leite, stam, "--db", url, "-f", "json"))
    assert merged["id"] == leite and "Niek Stam" in merged["aliases"]
    again = as_json(run(runner, "entity", "Niek Stam", "--db", url, "-f", "json"))
    assert again["id"] == leite
    parts = as_json(run(runner, "entities", "split", leite, "--db", url, "-f", "json"))
    assert sorted(p["name"] for p in parts) == ["Eduardo Leite", "Niek Stam"]
    back = as_json(run(runner, "entity", "Niek Stam", "--db", url, "-f", "json"))
    assert back["id"] != leite and back["name"] == "Niek Stam"
    one_line_error(run(runner, "entities", "merge", leite, leite, "--db", url), "itself")
    one_line_error(run(runner, "entities", "split", "G999", "--db", url), "G999")


CLASH_1 = """Rebels attack army base in Goma

M23 rebels attacked an army base in Goma on Tuesday, killing at least 12 soldiers, the \
army said [bold]today[/bold].
"""

CLASH_2 = """M23 rebels kill 15 soldiers in Goma base attack

M23 rebels attacked an army base in Goma on Monday, killing 15 soldiers, local officials said.
"""


@pytest.fixture(scope="module")
def clash_db(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("clash")
    url = f"sqlite:///{folder / 'kb.db'}"
    for name, text in (("times", CLASH_1), ("herald", CLASH_2)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        result = runner.invoke(
            app,
            [
                "ingest",
                str(folder / f"{name}.txt"),
                "--db",
                url,
                "--published",
                "2026-02-11",
                "-f",
                "json",
            ],
        )
        assert result.exit_code == 0, result.output
    return url


def test_one_event_two_sources_and_their_disagreements(runner: CliRunner, clash_db: str) -> None:
    (line,) = _storylines(runner, clash_db)
    assert max(e["source_count"] for e in line["events"]) == 2
    fields = {d["field"]: d for d in line["disagreements"]}
    assert sorted(v["value"] for v in fields["date"]["values"]) == ["2026-02-09", "2026-02-10"]
    assert sorted(v["value"] for v in fields["number"]["values"]) == [
        "15 soldiers",
        "at least 12 soldiers",
    ]
    listing = run(runner, "storylines", "--db", clash_db).stdout
    assert "Disagreements" in listing and "at least 12 soldiers" in listing
    text = run(runner, "timeline", line["id"], "--db", clash_db, "--all").stdout  # no one named
    assert "Timeline" in text and "urls" in text and "Disagreements" in text
    assert "number: soldier (count)" in text and "2026-02-09" in text
    assert "[bold]today[/bold]" in text  # article text is never read as rich markup


def test_export_rows_carry_the_merged_event_id(
    runner: CliRunner, clash_db: str, tmp_path: Path
) -> None:
    (line,) = _storylines(runner, clash_db)
    out = tmp_path / "all.jsonl"
    result = runner.invoke(app, ["export", "-f", "jsonl", "-o", str(out), "--db", clash_db])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    events = [r for r in rows if r["kind"] == "event"]
    by_merged: dict[str, set[str]] = {}
    for ev in events:
        if not ev["statement"]:
            by_merged.setdefault(ev["merged_event_id"], set()).add(ev["article_id"])
    shown = {e["id"]: {r["article_id"] for r in e["reports"]} for e in line["events"]}
    assert by_merged == shown  # every row joins the event the storyline shows
    # a statement is kept (CAMEO root 01) but never merged across sources: it says so
    statements = [ev for ev in events if ev["statement"]]
    assert statements and all(ev["merged_event_id"] is None for ev in statements)
    table = tmp_path / "all.csv"
    result = runner.invoke(app, ["export", "-f", "csv", "-o", str(table), "--db", clash_db])
    assert result.exit_code == 0, result.output
    with table.open(encoding="utf-8", newline="") as fh:
        csv_rows = list(csv.DictReader(fh))
    assert len(csv_rows) == len(events)
    assert all((r["IsStatement"] == "1") == (r["MergedEventId"] == "") for r in csv_rows)
