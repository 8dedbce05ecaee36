"""The read-back commands over a small store: storylines, timeline, entity, entities
merge|split (in-process with CliRunner; the articles are ingested once per module)."""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def db(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("articles")
    for name, text in (("flood-1", FLOOD_1), ("flood-2", FLOOD_2), ("strike", STRIKE)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    url = f"sqlite:///{folder / 'kb.db'}"
    for name, day in (("flood-1", "2024-05-05"), ("flood-2", "2024-05-08"),
                      ("strike", "2024-06-10")):
        result = runner.invoke(app, ["ingest", str(folder / f"{name}.txt"), "--db", url,
                                     "--published", day, "-f", "json"])
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
        assert set(line) == {"id", "title", "articles", "events"}
        for article in line["articles"]:
            assert {"id", "url", "title", "published"} <= set(article)
        assert isinstance(line["events"], list)
    sizes = {line["title"]: len(line["articles"]) for line in lines}
    assert sizes == {"Floods force thousands from homes in Porto Alegre": 2,
                     "Rotterdam dock workers strike over pay": 1}
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
    assert run(runner, "timeline", sid, "--db", db).exit_code == 0


def test_timeline_of_an_entity_and_of_nothing(runner: CliRunner, db: str) -> None:
    data = as_json(run(runner, "timeline", "Eduardo Leite", "--db", db, "-f", "json"))
    assert data["kind"] == "entity" and data["title"] == "Eduardo Leite"
    one_line_error(run(runner, "timeline", "Zanzibar Quokka", "--db", db), "no resolved entity")


def test_entity_profile(runner: CliRunner, db: str) -> None:
    view = as_json(run(runner, "entity", "Leite", "--db", db, "-f", "json"))
    assert set(view) == {"id", "name", "type", "country", "aliases", "roles", "articles",
                         "quotes", "events"}
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


def test_entities_merge_then_split(runner: CliRunner, db: str, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(Path(db.removeprefix("sqlite:///")).read_bytes())
    url = f"sqlite:///{copy}"
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
