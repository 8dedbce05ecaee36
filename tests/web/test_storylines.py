"""Storyline pages over a real ingest: three short articles (two about one strike, one
about a trade deal) analysed by ``newsgraph.api.ingest`` into a tmp SQLite store. The page
and its JSON twin agree, events come in date order, hostile text stays inert."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsgraph.api import ingest
from newsgraph.web import create_app
from newsgraph.web.storylines import (
    ActorEdge,
    StorylineArticle,
    TimelineEvent,
    actor_network,
    circle_layout,
    group_by_source,
    source_of,
    timeline_layout,
)

from .test_app import UNSAFE

HOSTILE = '<img src=x onerror=alert(4)>'
ARTICLES = [
    {"url": "https://www.harbourpost.example/ports/strike", "published": "2026-03-04",
     "text": "Dockworkers strike shuts Rotterdam port\n\nDockworkers in Rotterdam began a "
             "strike on Tuesday, the union said. The union accused the port authority of "
             "cutting wages. Port director Anna de Vries said the authority would meet union "
             "leaders on Thursday."},
    {"url": "https://dailywire.example/europe/rotterdam-strike", "published": "2026-03-05",
     "text": "Rotterdam port strike enters second day <script>alert(1)</script>\n\n"
             "The dockworkers union accused the Rotterdam port authority of breaking its "
             f"promises on Wednesday. Port director Anna de Vries met union leaders {HOSTILE} "
             "in Rotterdam on Thursday, the authority said."},
    {"published": "2026-01-10",
     "text": "Peru signs copper deal\n\nPeruvian President Jose Jeri signed a copper "
             "agreement with Chile in Lima on Monday, officials said."},
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("storylines")
    corpus = folder / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = f"sqlite:///{folder / 'news.db'}"
    report = ingest([str(corpus)], db=db)
    assert len(report.created) == 3 and not report.failed
    with TestClient(create_app(db)) as c:
        yield c


def _lines(client: TestClient) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = client.get("/api/storylines").json()
    return rows


def _strike(client: TestClient) -> dict[str, Any]:
    line = next(r for r in _lines(client) if r["article_count"] == 2)
    data: dict[str, Any] = client.get(f"/api{line['path']}").json()
    return data


def test_two_storylines_listed_on_home_and_api(client: TestClient) -> None:
    rows = _lines(client)
    assert sorted(r["article_count"] for r in rows) == [1, 2]
    home = client.get("/").text
    assert 'id="storylines"' in home
    for r in rows:
        assert f'href="{r["path"]}"' in home
    assert [s["id"] for s in client.get("/api/home").json()["storylines"]] == [
        r["id"] for r in rows]


def test_page_and_json_twin_agree(client: TestClient) -> None:
    data = _strike(client)
    page = client.get(f"/storylines/{data['id']}").text
    assert data["title"] == "Dockworkers strike shuts Rotterdam port"
    assert f'<h1 id="storyline-title">{data["title"]}' in page
    for a in data["articles"]:
        assert f'href="/articles/{a["id"]}"' in page
    assert [g["source"] for g in data["sources"]] == ["dailywire.example", "harbourpost.example"]
    listed = page[page.index('id="storyline-events"'):]
    positions = [listed.index(f'href="/articles/{e["article_id"]}"') for e in data["events"]]
    assert len(data["events"]) >= 2 and positions  # every event is on the page
    dates = re.findall(r'<span class="date">([^<]*)</span>', listed)
    assert dates == [e["date"] or "undated" for e in data["events"]]


def test_events_in_date_order(client: TestClient) -> None:
    for row in _lines(client):
        events = client.get(f"/api{row['path']}").json()["events"]
        dated = [e["date"] for e in events if e["date"]]
        assert dated == sorted(dated)
        assert all(e["date"] for e in events[:len(dated)])  # undated last


def test_network_counts_actor_target_events(client: TestClient) -> None:
    for row in _lines(client):
        data = client.get(f"/api{row['path']}").json()
        pairs = [(a, t) for e in data["events"] for a in e["actors"] for t in e["targets"]
                 if a != t]
        assert sum(edge["count"] for edge in data["network"]) == len(pairs)
        page = client.get(row["path"]).text
        for edge in data["network"]:
            assert f"<td>{edge['actor']}</td><td>{edge['target']}</td>" in page
    deal = next(r for r in _lines(client) if r["article_count"] == 1)
    sources = client.get(f"/api{deal['path']}").json()["sources"]
    assert [g["source"] for g in sources] == ["unknown"]


def test_hostile_text_is_inert(client: TestClient) -> None:
    data = _strike(client)
    page = client.get(f"/storylines/{data['id']}").text
    assert not UNSAFE.search(page) and "<img" not in page
    titles = [a["title"] for a in data["articles"]]
    assert any("<script>" in t for t in titles)  # stored as written, escaped on the page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_unknown_storyline_is_404(client: TestClient) -> None:
    assert client.get("/api/storylines/S999").status_code == 404
    assert set(client.get("/api/storylines/S999").json()) == {"error"}
    page = client.get("/storylines/S999")
    assert page.status_code == 404 and "no storyline" in page.text


def _event(date: str | None, actors: list[str], targets: list[str], type_: str = "ACCUSE"
           ) -> TimelineEvent:
    return TimelineEvent(date, type_, "happened", "s", actors, targets, None, "a1", [], "e")


def test_actor_network_weights_by_event_count() -> None:
    events = [_event("2026-01-01", ["A"], ["B"]), _event("2026-01-02", ["A"], ["B"], "THREATEN"),
              _event(None, ["C"], ["B", "C"]), _event("2026-01-03", ["A"], [])]
    assert actor_network(events) == [
        ActorEdge("A", "B", 2, ["ACCUSE", "THREATEN"]), ActorEdge("C", "B", 1, ["ACCUSE"])]
    layout = circle_layout(actor_network(events))
    assert [n.label for n in layout.nodes] == ["A", "B", "C"]
    assert [line.width for line in layout.lines] == [6.0, 3.5]


@pytest.mark.parametrize(("url", "source"), [
    ("https://www.example.org/a", "example.org"), ("http://news.example:8080/x", "news.example"),
    (None, "unknown"), ("not a url", "unknown"), ("http://[bad/", "unknown"),
])
def test_source_of(url: str | None, source: str) -> None:
    assert source_of(url) == source


def test_group_by_source_puts_unknown_last() -> None:
    arts = [StorylineArticle(i, i, u, None, 0.0) for i, u in
            [("1", None), ("2", "https://b.example/x"), ("3", "https://a.example/y")]]
    assert [g.source for g in group_by_source(arts)] == ["a.example", "b.example", "unknown"]


def test_timeline_layout_places_by_day_and_stacks_lanes() -> None:
    events = [_event("2026-01-01", [], []), _event("2026-01-01", [], []),
              _event("2026-01-11", [], []), _event("2026", [], []), _event(None, [], []),
              _event("2026-13-01", [], [])]
    layout = timeline_layout(events, width=200)
    assert [(x, lane) for x, lane, _ in layout.marks] == [(40, 0), (40, 1), (160, 0), (40, 2)]
    assert [t.label for t in layout.ticks] == ["2026-01-01", "2026-01-11"]
    assert timeline_layout([_event(None, [], [])]).marks == []
