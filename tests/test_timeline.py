"""The timeline an analyst reads first: named, dated events; history apart as background;
the rest behind ``--all``. Rules on hand-built events, then the CLI over a real ingest of
short articles (made-up people, real-looking sentences)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from newsgraph.api import ingest
from newsgraph.cli import app
from newsgraph.read.events import EventView
from newsgraph.read.timeline import HISTORY_DAYS, build_timeline, is_history, last_day

ARUSHA = (
    "Kenya and Tanzania hold talks in Arusha\n\n"
    "Kenyan Foreign Minister Daniel Otieno met Tanzanian envoy Juma Mwinyi in Arusha on Monday, "
    "the ministry said. Kenya and Tanzania signed a border agreement in 1974. "
    "Police arrested two men near the venue on Tuesday."
)
ARUSHA_AGAIN = (
    "Kenyan and Tanzanian envoys meet in Arusha\n\n"
    "Kenyan Foreign Minister Daniel Otieno met Tanzanian envoy Juma Mwinyi in Arusha on Monday, "
    "officials said. Kenyan and Tanzanian officials last met in 2023."
)
ARTICLES = [
    {"url": "https://ea-post.example/arusha-talks", "published": "2026-01-07", "text": ARUSHA},
    {"url": "https://wire.example/envoys", "published": "2026-01-08", "text": ARUSHA_AGAIN},
]


def event(
    eid: str, date: str | None, actors: list[str], date_source: str | None = "sentence"
) -> EventView:
    return EventView(
        eid,
        date,
        "CONSULT",
        None,
        "s",
        "happened",
        actors,
        [],
        [],
        None,
        actors,
        [],
        [],
        None,
        "a1",
        "e",
        [],
        1,
        [],
        0.5,
        date_source,
        None,
    )


def test_default_timeline_is_named_and_dated_history_apart() -> None:
    events = [
        event("old", "1974", ["Kenya", "Tanzania"]),
        event("vague", "2023", []),
        event("news", "2026-01-05", ["Daniel Otieno"]),
        event("someone", "2026-01-06", []),
        event("undated", None, ["Daniel Otieno"], None),
        event("article", "2026-01-07", ["Juma Mwinyi"], "article"),
    ]
    line = build_timeline("storyline", "S1", "t", events, [], ["2026-01-08", "2026-01-07"])
    assert [e.id for e in line.events] == ["news", "article"]
    assert [e.id for e in line.background] == ["old"]
    assert line.left_out == 3 and line.span == ("2026-01-07", "2026-01-08")
    every = build_timeline("storyline", "S1", "t", events, [], ["2026-01-07"], show_all=True)
    assert [e.id for e in every.events] == ["news", "someone", "undated", "article"]
    assert [e.id for e in every.background] == ["old", "vague"] and every.left_out == 0


def test_history_is_judged_at_the_precision_the_date_gives() -> None:
    first = date(2026, 1, 20)
    assert is_history(event("y", "2025", ["A"]), first)
    assert not is_history(event("y", "2026", ["A"]), first)
    assert not is_history(event("m", "2026-01", ["A"]), first)
    edge = first - timedelta(days=HISTORY_DAYS)
    assert not is_history(event("d", edge.isoformat(), ["A"]), first)
    assert is_history(event("d", (edge - timedelta(days=1)).isoformat(), ["A"]), first)
    assert not is_history(event("d", "1974", ["A"]), None)  # no article date: no history
    assert last_day(date(2024, 2, 1), 2) == date(2024, 2, 29)
    assert last_day(date(2025, 12, 1), 2) == date(2025, 12, 31)


def test_disagreements_follow_the_events_shown() -> None:
    from newsgraph.read.events import DisagreementView

    events = [event("news", "2026-01-05", ["A"]), event("someone", "2026-01-06", [])]
    found = [DisagreementView(e.id, e.label, "date", None, []) for e in events]
    line = build_timeline("storyline", "S1", "t", events, found, ["2026-01-07"])
    assert [d.event_id for d in line.disagreements] == ["news"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("timeline")
    corpus = folder / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    url = f"sqlite:///{folder / 'news.db'}"
    report = ingest([str(corpus)], db=url)
    assert len(report.created) == 2 and not report.failed
    return url


def _json(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_timeline_default_and_all(db: str) -> None:
    lines = _json("storylines", "--db", db, "-f", "json")
    sid = max(lines, key=lambda s: len(s["articles"]))["id"]
    line = _json("timeline", sid, "--db", db, "-f", "json")
    assert line["events"], line
    for e in line["events"]:
        assert e["actors"] and e["date"] and e["date"] >= "2025-12-31"
    meeting = next(e for e in line["events"] if e["type"] == "CONSULT")
    assert meeting["date"] == "2026-01-05" and meeting["source_count"] == 2
    assert {e["date"] for e in line["background"]} >= {"1974"}
    assert line["left_out"] > 0 and not line["show_all"]
    every = _json("timeline", sid, "--db", db, "-f", "json", "--all")
    assert every["show_all"] and every["left_out"] == 0
    assert len(every["events"]) == len(line["events"]) + line["left_out"] - (
        len(every["background"]) - len(line["background"])
    )
    assert any(not e["actors"] for e in every["events"])
    text = CliRunner().invoke(app, ["timeline", sid, "--db", db], env={"COLUMNS": "300"})
    assert "Background (before the first article)" in text.stdout and "--all" in text.stdout
