"""Storyline pages over a real ingest: three short articles (two about one strike, one
about a trade deal) analysed by ``newsgraph.api.ingest`` into a tmp SQLite store. The page
and its JSON twin agree, events come in date order, hostile text stays inert."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsgraph.read import EventView
from newsgraph.read.refs import outlet_of, safe_href
from newsgraph.read.storylines import (
    ActorEdge,
    StorylineArticle,
    actor_network,
    group_by_outlet,
)
from newsgraph.web.layout import circle_layout, timeline_layout

from .conftest import ingested_client
from .test_app import UNSAFE

HOSTILE = "<img src=x onerror=alert(4)>"
ARTICLES = [
    {
        "url": "https://www.harbourpost.example/ports/strike",
        "published": "2026-03-04",
        "text": "Dockworkers strike shuts Rotterdam port\n\nDockworkers in Rotterdam began a "
        "strike on Tuesday, the union said. The union accused the port authority of "
        "cutting wages. Port director Anna de Vries said the authority would meet union "
        "leaders on Thursday.",
    },
    {
        "url": "https://dailywire.example/europe/rotterdam-strike",
        "published": "2026-03-05",
        "text": "Rotterdam port strike enters second day <script>alert(1)</script>\n\n"
        "The dockworkers union accused the Rotterdam port authority of breaking its "
        f"promises on Wednesday. Port director Anna de Vries met union leaders {HOSTILE} "
        "in Rotterdam on Thursday, the authority said.",
    },
    {
        "published": "2026-01-10",
        "text": "Peru signs copper deal\n\nPeruvian President Jose Jeri signed a copper "
        "agreement with Chile in Lima on Monday, officials said.",
    },
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from ingested_client(tmp_path_factory.mktemp("storylines"), ARTICLES)


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
        r["id"] for r in rows
    ]


def test_page_and_json_twin_agree(client: TestClient) -> None:
    data = _strike(client)
    page = client.get(f"/storylines/{data['id']}").text
    # no dyad: named by the headline the other echoes; every headline escaped on the page
    assert data["title"] == "Dockworkers strike shuts Rotterdam port"
    assert f'<h1 id="storyline-title">{data["title"]}' in page
    assert "strike enters second day &lt;script&gt;" in page and "<script>alert" not in page
    for a in data["articles"]:
        assert f'href="/articles/{a["id"]}"' in page
    assert [g["source"] for g in data["sources"]] == ["dailywire.example", "harbourpost.example"]
    every = client.get(f"/storylines/{data['id']}?all=1").text  # the default names, dates
    listed = every[every.index('id="storyline-events"') :]
    positions = [listed.index(f'href="/articles/{e["article_id"]}"') for e in data["events"]]
    assert len(data["events"]) >= 2 and positions  # every event is on the page
    dates = re.findall(r'<span class="date">([^<]*)</span>', listed)
    assert sorted(dates) == sorted(e["date"] or "undated" for e in data["events"])


def test_events_in_date_order(client: TestClient) -> None:
    for row in _lines(client):
        events = client.get(f"/api{row['path']}").json()["events"]
        dated = [e["date"] for e in events if e["date"]]
        assert dated == sorted(dated)
        assert all(e["date"] for e in events[: len(dated)])  # undated last


def test_network_counts_actor_target_events(client: TestClient) -> None:
    for row in _lines(client):
        data = client.get(f"/api{row['path']}").json()
        pairs = [
            (a, t) for e in data["events"] for a in e["actors"] for t in e["targets"] if a != t
        ]
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


def _event(
    date: str | None, actors: list[str], targets: list[str], type_: str = "ACCUSE"
) -> EventView:
    return EventView(
        "M1",
        date,
        type_,
        None,
        "s",
        "happened",
        actors,
        targets,
        [],
        None,
        actors,
        targets,
        [],
        None,
        "a1",
        "e",
        [],
        1,
        [],
        0.5,
    )


def test_actor_network_weights_by_event_count() -> None:
    events = [
        _event("2026-01-01", ["A"], ["B"]),
        _event("2026-01-02", ["A"], ["B"], "THREATEN"),
        _event(None, ["C"], ["B", "C"]),
        _event("2026-01-03", ["A"], []),
    ]
    assert actor_network(events) == [
        ActorEdge("A", "B", 2, ["ACCUSE", "THREATEN"]),
        ActorEdge("C", "B", 1, ["ACCUSE"]),
    ]
    layout = circle_layout(actor_network(events))
    assert [n.label for n in layout.nodes] == ["A", "B", "C"]
    assert [line.width for line in layout.lines] == [6.0, 3.5]


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://www.example.org/a", "example.org"),
        ("http://news.example:8080/x", "news.example"),
        (None, "unknown"),
        ("not a url", "unknown"),
        ("http://[bad/", "unknown"),
    ],
)
def test_outlet_of(url: str | None, source: str) -> None:
    assert outlet_of(url) == source


def test_group_by_outlet_puts_unknown_last() -> None:
    arts = [
        StorylineArticle(i, i, u, None, 0.0, outlet_of(u), f"/articles/{i}")
        for i, u in [("1", None), ("2", "https://b.example/x"), ("3", "https://a.example/y")]
    ]
    assert [g.source for g in group_by_outlet(arts)] == ["a.example", "b.example", "unknown"]


def test_timeline_layout_places_by_day_and_stacks_lanes() -> None:
    events = [
        _event("2026-01-01", [], []),
        _event("2026-01-01", [], []),
        _event("2026-01-11", [], []),
        _event("2026", [], []),
        _event(None, [], []),
        _event("2026-13-01", [], []),
    ]
    layout = timeline_layout(events, width=200)
    assert [(x, lane) for x, lane, _ in layout.marks] == [(40, 0), (40, 1), (160, 0), (40, 2)]
    assert [t.label for t in layout.ticks] == ["2026-01-01", "2026-01-11"]
    assert timeline_layout([_event(None, [], [])]).marks == []


# --------------------------------------------------------------------------- two sources, one event

CLASH = [
    {
        "url": "https://www.lakeside-times.example/africa/goma-attack",
        "published": "2026-02-11",
        "text": "Rebels attack army base in Goma\n\nM23 rebels attacked an army base in Goma on "
        "Tuesday, killing at least 12 soldiers, the army said. Aid groups said thousands "
        "of people had fled the fighting.",
    },
    {
        "url": "https://greatlakes.example/news/goma-base",
        "published": "2026-02-11",
        "text": "M23 rebels kill 15 soldiers in Goma base attack\n\nM23 rebels attacked an army "
        f"base in Goma on Monday, killing 15 soldiers, local officials said {HOSTILE}. "
        "Residents said the fighting had stopped by nightfall.",
    },
]


@pytest.fixture(scope="module")
def clash(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from ingested_client(tmp_path_factory.mktemp("clash"), CLASH)


def _clash(client: TestClient) -> dict[str, Any]:
    (line,) = _lines(client)
    data: dict[str, Any] = client.get(f"/api{line['path']}").json()
    return data


def test_same_event_from_two_sites_is_one_event_with_both_sources(clash: TestClient) -> None:
    data = _clash(clash)
    assert len(data["articles"]) == 2
    shared = [e for e in data["events"] if e["source_count"] == 2]
    assert shared and all(e["id"].startswith("M") for e in data["events"])
    hosts = {outlet_of(r["url"]) for r in shared[0]["reports"]}
    assert hosts == {"lakeside-times.example", "greatlakes.example"}
    assert {r["article_id"] for r in shared[0]["reports"]} == {a["id"] for a in data["articles"]}
    assert shared[0]["article_id"] == shared[0]["reports"][0]["article_id"]
    assert shared[0]["evidence"] == shared[0]["reports"][0]["sentence"]


def test_disagreements_on_date_and_number_in_the_json_twin(clash: TestClient) -> None:
    found = {d["field"]: d for d in _clash(clash)["disagreements"]}
    assert {"date", "number"} <= set(found)
    assert sorted(v["value"] for v in found["date"]["values"]) == ["2026-02-09", "2026-02-10"]
    assert found["number"]["subject"] == "soldier (count)"
    assert sorted(v["value"] for v in found["number"]["values"]) == [
        "15 soldiers",
        "at least 12 soldiers",
    ]
    for d in found.values():
        assert {v["url"] for v in d["values"]} == {a["url"] for a in CLASH}
        assert all("Goma" in v["sentence"] for v in d["values"])


def test_page_shows_disagreements_and_source_counts_escaped(clash: TestClient) -> None:
    data = _clash(clash)
    page = clash.get(f"/storylines/{data['id']}?all=1").text  # its events name no one
    section = page[page.index('id="storyline-disagreements"') : page.index("Actor network")]
    assert "Disagreements between sources" in page and "2 sources" in page
    for d in data["disagreements"]:
        assert f'href="#event-{d["event_id"]}"' in section and f'id="event-{d["event_id"]}"' in page
        for v in d["values"]:
            assert v["value"] in section and f'href="/articles/{v["article_id"]}"' in section
            assert f'href="{v["url"]}"' in section  # http(s) only: see test_safe_href
    assert "&lt;img src=x onerror=alert(4)&gt;" in section
    assert not UNSAFE.search(page) and "<img" not in page


def test_openapi_documents_the_disagreements(clash: TestClient) -> None:
    schemas = clash.get("/openapi.json").json()["components"]["schemas"]
    assert "disagreements" in schemas["StorylineView"]["properties"]
    assert {"event_id", "field", "subject", "values"} <= set(
        schemas["DisagreementView"]["properties"]
    )
    assert {"source_count", "reports", "actor_ids"} <= set(schemas["EventView"]["properties"])


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://a.example/x", "https://a.example/x"),
        ("http://a.example", "http://a.example"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("a.example/x", None),
        (None, None),
    ],
)
def test_safe_href(url: str | None, href: str | None) -> None:
    assert safe_href(url) == href
